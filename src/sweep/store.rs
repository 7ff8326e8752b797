//! Where results live. A sweep folder holds:
//!
//! - `sweep.json` — the sweep index: the manifest's name, runner, design, seed, replicates and
//!   every point (index, id, seed, parameters); written by `run` and `slurm`, read by `merge`;
//! - `points/<id>.json` — one result file per finished point, written atomically (temp file in the
//!   same folder, then rename), so a file either is complete or does not exist.
//!
//! Resume: a point whose result file parses, carries its own id and has every replicate is done;
//! any other file under its name is redone. [`Store`] is the only I/O seam of the sweep machinery;
//! [`DirStore`] puts it on disk and [`MemStore`] in memory (tests).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Schema tag of `sweep.json`.
pub const INDEX_SCHEMA: &str = "carehome-sweep-index/1";
/// Schema tag of `points/<id>.json`.
pub const RESULT_SCHEMA: &str = "carehome-sweep-point/1";

/// Files by relative name (`sweep.json`, `points/<id>.json`).
pub trait Store: Sync {
    /// The bytes of `name`, or `None` if it does not exist.
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, String>;
    /// Write `name` atomically, replacing it.
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), String>;
    /// Names of the `.json` files directly in folder `dir`, sorted.
    fn list(&self, dir: &str) -> Result<Vec<String>, String>;
}

/// A sweep folder on disk.
#[derive(Clone, Debug)]
pub struct DirStore {
    pub root: PathBuf,
}

impl DirStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl Store for DirStore {
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let p = self.root.join(name);
        match std::fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", p.display())),
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        crate::io::write_in(&self.root, name, bytes, true).map_err(|e| e.0)
    }

    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        let p = self.root.join(dir);
        let rd = match std::fs::read_dir(&p) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot list {}: {e}", p.display())),
        };
        let mut names = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", p.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.starts_with('.') {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
}

/// An in-memory store (tests, benches).
#[derive(Debug, Default)]
pub struct MemStore {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Store for MemStore {
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self
            .files
            .lock()
            .map_err(|e| e.to_string())?
            .get(name)
            .cloned())
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        self.files
            .lock()
            .map_err(|e| e.to_string())?
            .insert(name.to_string(), bytes.to_vec());
        Ok(())
    }

    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        let prefix = format!("{dir}/");
        Ok(self
            .files
            .lock()
            .map_err(|e| e.to_string())?
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|k| !k.contains('/') && k.ends_with(".json"))
            .map(str::to_string)
            .collect())
    }
}

/// `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepIndex {
    pub schema: String,
    pub name: String,
    pub runner: String,
    pub design: String,
    pub seed: u64,
    pub replicates: u32,
    /// Parameter columns, in order.
    pub columns: Vec<String>,
    /// Outcomes asked for (empty: all).
    pub outputs: Vec<String>,
    pub points: Vec<IndexPoint>,
    /// What the runner's outcomes are (unit, definition, fraction or not): the data dictionary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_info: Vec<super::runner::OutcomeInfo>,
}

/// One point in `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexPoint {
    pub index: usize,
    pub id: String,
    pub seed: u64,
    /// Parameter values by column.
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// `points/<id>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointResult {
    pub schema: String,
    pub id: String,
    pub seed: u64,
    pub params: serde_json::Map<String, serde_json::Value>,
    pub replicates: Vec<ReplicateResult>,
}

/// One replicate's outcomes, or why it failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicateResult {
    pub replicate: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The file name of a point's result.
pub fn result_name(id: &str) -> String {
    format!("points/{id}.json")
}

/// A TOML parameter value as JSON (scalars as themselves; arrays and tables as canonical text).
pub fn param_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.as_str().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        toml::Value::Boolean(b) => (*b).into(),
        other => super::point::canonical_json(other).into(),
    }
}

/// The parameters of a point as a JSON object, in column order.
pub fn params_json(p: &super::Point) -> serde_json::Map<String, serde_json::Value> {
    p.params
        .iter()
        .map(|(k, v)| (k.clone(), param_json(v)))
        .collect()
}

/// Serialise a value as pretty JSON with a final newline.
pub fn to_json_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// Write `sweep.json`. If one exists for a different sweep (other point ids or replicates), it is
/// replaced and `Ok(true)` is returned: results of points still in the sweep stay valid (their
/// ids did not change) and are reused; the others are ignored by `merge`.
pub fn write_index(store: &dyn Store, index: &SweepIndex) -> Result<bool, String> {
    let bytes = to_json_bytes(index);
    match store.read("sweep.json")? {
        Some(old) if old == bytes => Ok(false),
        Some(_) => store.write("sweep.json", &bytes).map(|_| true),
        None => store.write("sweep.json", &bytes).map(|_| false),
    }
}

/// Read `sweep.json`.
pub fn read_index(store: &dyn Store) -> Result<SweepIndex, String> {
    let bytes = store.read("sweep.json")?.ok_or(
        "no sweep.json here: this is not a sweep folder (run `carehome sweep run` or `carehome sweep slurm` first)",
    )?;
    let idx: SweepIndex =
        serde_json::from_slice(&bytes).map_err(|e| format!("sweep.json is not readable: {e}"))?;
    if idx.schema != INDEX_SCHEMA {
        return Err(format!(
            "sweep.json has schema {:?}; this version reads {INDEX_SCHEMA:?}",
            idx.schema
        ));
    }
    Ok(idx)
}

/// State of a point's result file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Complete: skip.
    Done,
    /// No file: run.
    Missing,
    /// A file that does not parse, names another id or lacks replicates: run again.
    Broken,
}

/// Is point `id` finished with `replicates` replicates from seed `seed`? (A result from another
/// seed, e.g. of a run before `common_random_numbers` changed, is redone.)
pub fn status(store: &dyn Store, id: &str, seed: u64, replicates: u32) -> Result<Status, String> {
    let Some(bytes) = store.read(&result_name(id))? else {
        return Ok(Status::Missing);
    };
    Ok(match parse_result(&bytes) {
        Some(r) if r.id == id && r.seed == seed && r.replicates.len() == replicates as usize => {
            Status::Done
        }
        _ => Status::Broken,
    })
}

/// Parse a result file (`None` if it is not one).
pub fn parse_result(bytes: &[u8]) -> Option<PointResult> {
    let r: PointResult = serde_json::from_slice(bytes).ok()?;
    let complete = r.schema == RESULT_SCHEMA
        && r.replicates
            .iter()
            .enumerate()
            .all(|(i, x)| x.replicate as usize == i);
    complete.then_some(r)
}

/// A display path for messages.
pub fn display(root: &Path, name: &str) -> String {
    root.join(name).display().to_string()
}

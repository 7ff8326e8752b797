//! File input and output: the only module of the library that touches the file system.
//!
//! Reading names the file in every error. Writing never replaces a user's file unless asked
//! (`force`), and is atomic: a temporary file in the same folder, then a rename.

use crate::diag::Diagnostic;
use crate::plan::{self, Plan};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A plan read from disk, with its source text (for line numbers in messages).
#[derive(Debug)]
pub struct LoadedPlan {
    pub path: PathBuf,
    pub source: String,
    pub plan: Plan,
    /// Set when the plan was converted from a DXF drawing.
    pub dxf: Option<DxfOrigin>,
    /// For a retrofit option (then `source` is the option file's text): the ids each of its ops
    /// touched, so messages point at the step of that file ([`locate_lines`]).
    pub steps: Option<Vec<Vec<String>>>,
}

/// Fill in the source line of `diags`: for a plan, the line of the element's id; for an option
/// file, the line of the step that created or changed the element (never a line of its base).
pub fn locate_lines(loaded: &LoadedPlan, diags: &mut [Diagnostic]) {
    match &loaded.steps {
        Some(steps) => crate::options::locate_steps(&loaded.source, steps, diags),
        None => plan::locate_lines(&loaded.source, diags),
    }
}

/// What a DXF import leaves for later messages: its warnings, and where each element was drawn.
#[derive(Debug, Default)]
pub struct DxfOrigin {
    pub warnings: Vec<Diagnostic>,
    pub sources: crate::dxf::Sources,
}

/// Why a plan file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (missing, unreadable, not UTF-8): a usage problem.
    Io { path: PathBuf, message: String },
    /// The file was read but is not a well-formed plan.
    Invalid {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Read and parse a plan file. The format is chosen by extension (`.json`, `.dxf`).
pub fn read_plan(path: &Path) -> Result<LoadedPlan, LoadError> {
    read_plan_with(path, &crate::dxf::ImportOptions::default())
}

/// Read the bytes of a file, naming it in the error.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Read a DXF layer mapping (TOML).
pub fn read_layer_mapping(path: &Path) -> Result<crate::dxf::LayerMapping, LoadError> {
    let src = fs::read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::dxf::LayerMapping::from_toml(&src).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: format!("not a valid layer mapping: {e}"),
    })
}

/// Read a plan; DXF drawings are converted in memory with `dxf_opts`.
pub fn read_plan_with(
    path: &Path,
    dxf_opts: &crate::dxf::ImportOptions,
) -> Result<LoadedPlan, LoadError> {
    let is_dxf = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("dxf"));
    if is_dxf {
        let bytes = read_bytes(path)?;
        let imported = crate::dxf::import_bytes(&bytes, dxf_opts);
        return match imported.plan {
            Some(plan) => Ok(LoadedPlan {
                path: path.to_path_buf(),
                source: String::new(),
                plan,
                dxf: Some(DxfOrigin {
                    warnings: imported.diagnostics,
                    sources: imported.sources,
                }),
                steps: None,
            }),
            None => Err(LoadError::Invalid {
                path: path.to_path_buf(),
                diagnostics: imported.diagnostics,
            }),
        };
    }
    let source = fs::read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let is_option = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_option {
        return read_option_source(path, &source, dxf_opts, &mut Vec::new()).map(|o| LoadedPlan {
            path: path.to_path_buf(),
            source: o.source,
            plan: o.applied.plan,
            dxf: o.base.dxf,
            steps: Some(o.applied.steps),
        });
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") | None => {}
        Some(other) => {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                message: format!(
                    "unsupported plan format `.{other}`: carehome reads `.json` plans, `.dxf` drawings and `.toml` retrofit options"
                ),
            });
        }
    }
    match plan::from_json_str(&source) {
        Ok(plan) => Ok(LoadedPlan {
            path: path.to_path_buf(),
            source,
            plan,
            dxf: None,
            steps: None,
        }),
        Err(mut diagnostics) => {
            plan::locate_lines(&source, &mut diagnostics);
            Err(LoadError::Invalid {
                path: path.to_path_buf(),
                diagnostics,
            })
        }
    }
}

/// A retrofit option read from disk: the file, its base plan, and the plan with the ops applied.
#[derive(Debug)]
pub struct LoadedOption {
    pub path: PathBuf,
    /// The option file's text.
    pub source: String,
    pub file: crate::options::OptionFile,
    /// The plan the ops were applied to: the base plan, or for an option built on another
    /// option, that option's plan (with `path` the base option file and `source` empty).
    pub base: LoadedPlan,
    /// The ops of the options this one is built on, from the root of the chain down (empty
    /// when the base is a plan); with `file.ops` they are every op that makes the plan.
    pub inherited_ops: Vec<crate::options::Op>,
    /// The plan with the ops applied; `changed` includes what the base options changed, `steps`
    /// only this file's ops.
    pub applied: crate::options::Applied,
}

impl LoadedOption {
    /// Every op from the root plan to this option, in order.
    pub fn all_ops(&self) -> impl Iterator<Item = &crate::options::Op> {
        self.inherited_ops.iter().chain(&self.file.ops)
    }
}

/// Read an option file (TOML), its base (a plan, or another option file, resolved relative to
/// this one; chains are checked for cycles) and apply the ops. Errors name the file they are in:
/// this option file (TOML, its ops, each with the line of its step), a base option file, or the
/// base plan (its own problems).
pub fn read_option(
    path: &Path,
    dxf_opts: &crate::dxf::ImportOptions,
) -> Result<LoadedOption, LoadError> {
    let source = fs::read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    read_option_source(path, &source, dxf_opts, &mut Vec::new())
}

/// Options may be built on options this deep at most. Assumption: far more than any real chain
/// of retrofit stages; it bounds the work a hostile chain can cause.
pub const MAX_OPTION_CHAIN: usize = 32;

fn read_option_source(
    path: &Path,
    source: &str,
    dxf_opts: &crate::dxf::ImportOptions,
    chain: &mut Vec<PathBuf>,
) -> Result<LoadedOption, LoadError> {
    let invalid = |diagnostics: Vec<Diagnostic>| LoadError::Invalid {
        path: path.to_path_buf(),
        diagnostics,
    };
    let io_err = |message: String| LoadError::Io {
        path: path.to_path_buf(),
        message,
    };
    let file = crate::options::from_toml_str(source).map_err(invalid)?;
    let me = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(k) = chain.iter().position(|p| *p == me) {
        let cycle: Vec<String> = chain[k..]
            .iter()
            .chain(std::iter::once(&me))
            .map(|p| p.display().to_string())
            .collect();
        return Err(io_err(format!(
            "options build on each other in a cycle: {}; one of them must name a plan (.json or .dxf) as its base",
            cycle.join(" -> ")
        )));
    }
    if chain.len() >= MAX_OPTION_CHAIN {
        return Err(io_err(format!(
            "more than {MAX_OPTION_CHAIN} options built on each other; name a plan as the base of one of them"
        )));
    }
    chain.push(me);
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&file.base);
    let (base, inherited_ops, mut changed) = if base_path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        let text = fs::read_to_string(&base_path)
            .map_err(|e| io_err(format!("base option {}: {e}", base_path.display())))?;
        let parent = read_option_source(&base_path, &text, dxf_opts, chain)?;
        let ops: Vec<crate::options::Op> = parent.all_ops().cloned().collect();
        let changed = parent.applied.changed.clone();
        let base = LoadedPlan {
            path: base_path,
            source: String::new(),
            plan: parent.applied.plan,
            dxf: parent.base.dxf,
            steps: None,
        };
        (base, ops, changed)
    } else {
        (
            read_plan_with(&base_path, dxf_opts)?,
            Vec::new(),
            Vec::new(),
        )
    };
    chain.pop();
    let mut applied = crate::options::apply(&base.plan, &file.ops).map_err(|mut d| {
        crate::options::locate_steps(source, &[], &mut d);
        invalid(d)
    })?;
    for id in applied.changed.drain(..) {
        if !changed.contains(&id) {
            changed.push(id);
        }
    }
    applied.changed = changed;
    Ok(LoadedOption {
        path: path.to_path_buf(),
        source: source.to_string(),
        file,
        base,
        inherited_ops,
        applied,
    })
}

/// Why an output could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

/// Write `bytes` to `path` atomically. Refuses to replace an existing file unless `force`.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    if path.exists() && !force {
        return Err(WriteError(format!(
            "{} already exists; carehome never overwrites a file unless you pass --force",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)
        .map_err(|e| WriteError(format!("cannot create folder {}: {e}", dir.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(temp_name(&name, std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        WriteError(format!("cannot write {}: {e}", path.display()))
    })
}

/// The temporary file [`write_new`] writes `name` through: `.<name>.tmp-<pid>`, hidden, in the
/// same folder.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}{TEMP_MARK}{pid}")
}

const TEMP_MARK: &str = ".tmp-";

/// True for a name [`temp_name`] makes.
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(TEMP_MARK)
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Remove the temporary files [`write_new`] leaves when its process is killed mid-write
/// (`.<name>.tmp-<pid>` in `dir`) that were last modified more than `older_than` ago. A write
/// takes milliseconds, so an old one belongs to no live writer: other processes writing into the
/// same folder (a sweep's shards) keep theirs. Returns how many were removed; a missing folder
/// has none.
pub fn remove_stale_temp_files(
    dir: &Path,
    older_than: std::time::Duration,
) -> Result<usize, WriteError> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(WriteError(format!("cannot list {}: {e}", dir.display()))),
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_temp_name(&name) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > older_than);
        if old && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_stale_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let make = |name: &str, old: bool| {
            let f = fs::File::create(dir.path().join(name)).unwrap();
            if old {
                f.set_modified(hour_ago).unwrap();
            }
        };
        make(&temp_name("p1.json", 4242), true); // left by a killed run: removed
        make(".p2.json.tmp-4243", false); // being written right now: kept
        make("p3.json", true); // a result: kept
        make(".notes.tmp-abc", true); // not ours: kept
        let ten_min = std::time::Duration::from_secs(600);
        assert_eq!(remove_stale_temp_files(dir.path(), ten_min).unwrap(), 1);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".notes.tmp-abc", ".p2.json.tmp-4243", "p3.json"]);
        let missing = dir.path().join("none");
        assert_eq!(remove_stale_temp_files(&missing, ten_min).unwrap(), 0);
    }

    #[test]
    fn never_overwrites_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_new(&p, b"first", false).unwrap();
        let e = write_new(&p, b"second", false).unwrap_err();
        assert!(e.0.contains("--force"));
        assert_eq!(fs::read(&p).unwrap(), b"first");
        write_new(&p, b"second", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"second");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

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

/// Read and parse a plan file. The format is chosen by extension (`.json`, `.dxf`, `.ifc`).
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

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Read an IFC model as a plan (converted in memory; the import's warnings ride along).
fn read_ifc(path: &Path) -> Result<LoadedPlan, LoadError> {
    let bytes = read_bytes(path)?;
    let imported = crate::ifc::import_bytes(&bytes, &crate::ifc::IfcOptions::default());
    converted(
        path,
        imported.plan,
        imported.diagnostics,
        Default::default(),
    )
}

/// A plan converted from a drawing or model, or the reasons it could not be.
fn converted(
    path: &Path,
    plan: Option<Plan>,
    diagnostics: Vec<Diagnostic>,
    sources: crate::dxf::Sources,
) -> Result<LoadedPlan, LoadError> {
    match plan {
        Some(plan) => Ok(LoadedPlan {
            path: path.to_path_buf(),
            source: String::new(),
            plan,
            dxf: Some(DxfOrigin {
                warnings: diagnostics,
                sources,
            }),
        }),
        None => Err(LoadError::Invalid {
            path: path.to_path_buf(),
            diagnostics,
        }),
    }
}

/// Read a plan; DXF drawings are converted in memory with `dxf_opts`, IFC models (`.ifc`) with
/// the default IFC options.
pub fn read_plan_with(
    path: &Path,
    dxf_opts: &crate::dxf::ImportOptions,
) -> Result<LoadedPlan, LoadError> {
    let is_dxf = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("dxf"));
    if has_extension(path, "ifc") {
        return read_ifc(path);
    }
    if is_dxf {
        let bytes = read_bytes(path)?;
        let imported = crate::dxf::import_bytes(&bytes, dxf_opts);
        return converted(path, imported.plan, imported.diagnostics, imported.sources);
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
        return read_option_source(path, &source, dxf_opts).map(|o| LoadedPlan {
            path: path.to_path_buf(),
            source: o.base.source,
            plan: o.applied.plan,
            dxf: o.base.dxf,
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
                    "unsupported plan format `.{other}`: carehome reads `.json` plans, `.dxf` drawings, `.ifc` models and `.toml` retrofit options"
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
    pub file: crate::options::OptionFile,
    pub base: LoadedPlan,
    pub applied: crate::options::Applied,
}

/// Read an option file (TOML), its base plan (resolved relative to the option file) and apply
/// the ops. Errors name the option file (ops, TOML) or the base plan (its own problems).
pub fn read_option(
    path: &Path,
    dxf_opts: &crate::dxf::ImportOptions,
) -> Result<LoadedOption, LoadError> {
    let source = fs::read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    read_option_source(path, &source, dxf_opts)
}

fn read_option_source(
    path: &Path,
    source: &str,
    dxf_opts: &crate::dxf::ImportOptions,
) -> Result<LoadedOption, LoadError> {
    let invalid = |diagnostics| LoadError::Invalid {
        path: path.to_path_buf(),
        diagnostics,
    };
    let file = crate::options::from_toml_str(source).map_err(invalid)?;
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&file.base);
    if base_path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            message: format!(
                "base {} is an option file; the base must be a plan (.json or .dxf)",
                file.base
            ),
        });
    }
    let base = read_plan_with(&base_path, dxf_opts)?;
    let applied = crate::options::apply(&base.plan, &file.ops).map_err(invalid)?;
    Ok(LoadedOption {
        path: path.to_path_buf(),
        file,
        base,
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

//! File input and output: the only module of the library that touches the file system.
//!
//! Reading names the file in every error. Writing never replaces a user's file unless asked
//! (`force`), and is atomic: a temporary file in the same folder, then a rename.

use crate::diag::Diagnostic;
use crate::limits;
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

/// Read and parse a plan file. The format is chosen by extension (`.json`, `.dxf`, `.ifc`).
pub fn read_plan(path: &Path) -> Result<LoadedPlan, LoadError> {
    read_plan_with(path, &crate::dxf::ImportOptions::default())
}

/// Read the bytes of a drawing, naming it in the error: an ordinary file of at most
/// [`limits::MAX_DRAWING_BYTES`] (see [`read_capped`]).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_capped(path, limits::input_cap_bytes(limits::MAX_DRAWING_BYTES))
}

/// Read a whole input file of at most `cap` bytes. Only ordinary files are read: a folder, a
/// device (`/dev/zero`), a FIFO or a socket is refused before it is opened, so reading never
/// blocks on a FIFO nor runs forever on an endless device. The size is checked before reading
/// and again while reading (a file that grows meanwhile is cut at `cap + 1` bytes and refused).
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io_err = |message: String| LoadError::Io {
        path: path.to_path_buf(),
        message,
    };
    let meta = fs::metadata(path).map_err(|e| io_err(e.to_string()))?;
    if meta.is_dir() {
        return Err(io_err(
            "is a folder; give a file (a plan .json, drawing .dxf or option .toml)".into(),
        ));
    }
    if !meta.is_file() {
        return Err(io_err(format!(
            "is not an ordinary file but a {}; carehome reads its inputs from ordinary files (copy it to one first)",
            special_kind(&meta)
        )));
    }
    let too_big = |n: u64| {
        io_err(format!(
            "is {} MiB{}, larger than the input limit of {} MiB; if the file really is that large, raise the limit with {}=<MiB> (docs/limits.md)",
            n >> 20,
            if n > cap { "" } else { " or more" },
            cap >> 20,
            limits::MAX_INPUT_MB_ENV
        ))
    };
    if meta.len() > cap {
        return Err(too_big(meta.len()));
    }
    let f = fs::File::open(path).map_err(|e| io_err(e.to_string()))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_err(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of a text input (plan JSON, option, scenario, manifest, profile or mapping TOML):
/// an ordinary file of at most [`limits::MAX_TEXT_INPUT_BYTES`] that is text (no NUL byte).
fn read_text_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let bytes = read_capped(path, limits::input_cap_bytes(limits::MAX_TEXT_INPUT_BYTES))?;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            message: format!(
                "is not a text file (a NUL byte at byte offset {at}); give the plan, option or scenario file itself, not a binary or compressed file"
            ),
        });
    }
    Ok(bytes)
}

/// Read a text input: `read_text_bytes`, decoded as UTF-8 by [`plan::text_of`] (a leading
/// byte-order mark dropped; invalid UTF-8 named by byte offset, line and column).
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_text_bytes(path)?;
    plan::text_of(&bytes)
        .map(str::to_string)
        .map_err(|d| LoadError::Io {
            path: path.to_path_buf(),
            message: d.message,
        })
}

/// [`read_text`] with the error as its message alone (the caller names the file).
pub fn read_text_msg(path: &Path) -> Result<String, String> {
    read_text(path).map_err(|e| match e {
        LoadError::Io { message, .. } => message,
        LoadError::Invalid { .. } => "cannot be read".into(),
    })
}

/// What kind of special file `meta` describes, in words.
fn special_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "FIFO (named pipe)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
    }
    let _ = meta;
    "special file"
}

/// Read a DXF layer mapping (TOML).
pub fn read_layer_mapping(path: &Path) -> Result<crate::dxf::LayerMapping, LoadError> {
    let src = read_text(path)?;
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
            steps: None,
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
        let mut imported = crate::dxf::import_bytes(&bytes, dxf_opts);
        if let Some(partial) = &imported.partial {
            // The drawing's own problems, then the errors of the rooms, doors and windows it
            // did make, in one run.
            let mut errors = salvaged_errors(partial, &Default::default());
            crate::dxf::annotate(&mut errors, &imported.sources);
            imported.diagnostics.extend(errors);
        }
        return converted(path, imported.plan, imported.diagnostics, imported.sources);
    }
    let bytes = read_text_bytes(path)?;
    let source = plan::text_of(&bytes)
        .map_err(|d| LoadError::Invalid {
            path: path.to_path_buf(),
            diagnostics: vec![d],
        })?
        .to_string();
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
            steps: None,
        }),
        Err(_) => {
            let mut diagnostics = staged_diagnostics(&source);
            plan::locate_lines(&source, &mut diagnostics);
            Err(LoadError::Invalid {
                path: path.to_path_buf(),
                diagnostics,
            })
        }
    }
}

/// Every problem of a plan file with field-level problems: those, then the errors the elements
/// that parsed have on their own (geometry, references, numbers), in one run.
pub fn staged_diagnostics(source: &str) -> Vec<Diagnostic> {
    let staged = plan::from_json_staged(source);
    let mut diagnostics = staged.diagnostics;
    if let Some(salvaged) = &staged.salvaged {
        diagnostics.extend(salvaged_errors(salvaged, &staged.dropped));
    }
    diagnostics
}

/// The errors of the elements of a partial plan (warnings are left out: they are judged on the
/// whole plan only).
fn salvaged_errors(plan: &Plan, dropped: &std::collections::HashSet<String>) -> Vec<Diagnostic> {
    let checked = crate::building::resolve_salvaged(plan, dropped);
    (checked.diagnostics.into_iter())
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect()
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
    let source = read_text(path)?;
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
        let text = read_text_msg(&base_path)
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

/// Write `bytes` to the file `path` the user named (`-o FILE`).
///
/// Only an ordinary file is ever replaced, and only with `force`; the write is atomic (a hidden
/// temporary file in the same folder, then a rename). A character device or a FIFO (`/dev/null`,
/// `/dev/stdout`, a pipe from `>(…)`) is written directly, never replaced, so `-o /dev/full`
/// reports the device's error and leaves the device alone. A folder, a socket or a block device
/// is refused with a message. A dangling symbolic link counts as an existing file.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => {
            if !force {
                return Err(WriteError(format!(
                    "{} already exists; carehome never overwrites a file unless you pass --force",
                    path.display()
                )));
            }
        }
        Ok(m) if m.is_dir() => {
            return Err(WriteError(format!(
                "{} is a folder; give a file name to write to",
                path.display()
            )));
        }
        Ok(m) => return write_special(path, &m, bytes),
        Err(_) if fs::symlink_metadata(path).is_ok() && !force => {
            return Err(WriteError(format!(
                "{} already exists (a symbolic link to nothing); carehome never replaces it unless you pass --force",
                path.display()
            )));
        }
        Err(_) => {}
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
        let _ = fs::remove_file(&tmp);
        // `create_new`: never follow a link someone left under the temporary name.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        WriteError(format!("cannot write {}: {e}", path.display()))
    })
}

/// Write to an existing special file: devices and FIFOs directly, anything else refused.
fn write_special(path: &Path, meta: &fs::Metadata, bytes: &[u8]) -> Result<(), WriteError> {
    let kind = special_kind(meta);
    if !matches!(kind, "character device" | "FIFO (named pipe)") {
        return Err(WriteError(format!(
            "{} is a {kind}, not a file; give an ordinary file name to write to",
            path.display()
        )));
    }
    let result = (|| {
        let mut f = fs::OpenOptions::new().write(true).open(path)?;
        f.write_all(bytes)?;
        f.flush()
    })();
    result.map_err(|e| WriteError(format!("cannot write {} ({kind}): {e}", path.display())))
}

/// Write `bytes` to `name` inside the output folder `dir`: the one function every output of a
/// folder (`--out`, `--svg`, a sweep folder) goes through.
///
/// `name` is a relative path made by carehome (`report.html`, `points/<id>.json`); it must
/// consist of ordinary components only (no `..`, no root, no hidden first dot) and, once the
/// folders are created, must resolve inside `dir` (a symbolic link inside the folder that points
/// out of it is refused). Element ids never reach `name` directly: see [`file_stems`].
pub fn write_in(dir: &Path, name: &str, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    use std::path::Component;
    let rel = Path::new(name);
    let outside = || {
        WriteError(format!(
            "refusing to write {name:?}: it would land outside the output folder {}",
            dir.display()
        ))
    };
    let ok = !name.is_empty()
        && !name.contains('\0')
        && rel.components().all(|c| match c {
            Component::Normal(s) => !s.to_string_lossy().starts_with('.'),
            _ => false,
        });
    if !ok {
        return Err(outside());
    }
    let path = dir.join(rel);
    let parent = path.parent().unwrap_or(dir);
    fs::create_dir_all(parent)
        .map_err(|e| WriteError(format!("cannot create folder {}: {e}", parent.display())))?;
    let root = fs::canonicalize(dir)
        .map_err(|e| WriteError(format!("cannot open folder {}: {e}", dir.display())))?;
    let real_parent = fs::canonicalize(parent)
        .map_err(|e| WriteError(format!("cannot open folder {}: {e}", parent.display())))?;
    if !real_parent.starts_with(&root) {
        return Err(outside());
    }
    write_new(&path, bytes, force)
}

/// File-name stems for element ids (floors of one plan, options of one comparison), one per id,
/// all different, each safe as a file name on every common file system.
///
/// The encoding: an id made only of ASCII letters, digits, `-`, `_` and `.`, not starting with `.`,
/// at most 64 characters long and equal to no other id of the list when case is ignored, is its
/// own stem (`G` → `G`, `first-floor` → `first-floor`). Any other id becomes its characters with
/// every unsafe one replaced by `_` and cut to 40, then `~` and its 1-based position in the list
/// (`/../../ESCAPED`, 1st → `_.._.._ESCAPED~1`; `g` beside `G` → `g~2`). Stems of the first kind
/// contain no `~` and those of the second end in distinct positions, so no two stems are equal,
/// even on a case-insensitive file system.
pub fn file_stems<S: AsRef<str>>(ids: &[S]) -> Vec<String> {
    let safe_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut lower: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for id in ids {
        *lower.entry(id.as_ref().to_ascii_lowercase()).or_default() += 1;
    }
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let id = id.as_ref();
            let plain = !id.is_empty()
                && id.len() <= 64
                && !id.starts_with('.')
                && id.chars().all(safe_char)
                && lower.get(&id.to_ascii_lowercase()) == Some(&1);
            if plain {
                return id.to_string();
            }
            let slug: String = id
                .chars()
                .map(|c| if safe_char(c) { c } else { '_' })
                .take(40)
                .collect();
            let slug = slug.trim_start_matches('.');
            format!("{slug}~{}", i + 1)
        })
        .collect()
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

    #[test]
    fn stems_are_safe_and_distinct() {
        let ids = [
            "G",
            "first-floor",
            "/../../ESCAPED",
            "a\nb\u{1b}[31m",
            "a b",
            "a_b",
            "g",
            "..",
            "",
        ];
        let stems = file_stems(&ids);
        // Hand-derived from the documented encoding.
        assert_eq!(
            stems,
            [
                "G~1",
                "first-floor",
                "_.._.._ESCAPED~3",
                "a_b__31m~4",
                "a_b~5",
                "a_b",
                "g~7",
                "~8",
                "~9"
            ]
        );
        let lower: std::collections::HashSet<String> =
            stems.iter().map(|s| s.to_ascii_lowercase()).collect();
        assert_eq!(lower.len(), stems.len(), "case-insensitively distinct");
        for s in &stems {
            assert!(
                !s.contains('/') && !s.starts_with('.') && !s.is_empty(),
                "{s}"
            );
        }
    }

    #[test]
    fn writes_stay_inside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        for bad in ["../x", "/etc/x", "a/../../x", ".hidden", "./x/../../y", ""] {
            let e = write_in(&out, bad, b"x", true).unwrap_err();
            assert!(e.0.contains("outside the output folder"), "{bad}: {e}");
        }
        write_in(&out, "points/p.json", b"ok", false).unwrap();
        assert_eq!(fs::read(out.join("points/p.json")).unwrap(), b"ok");
        // A link inside the folder that leads out of it is not followed.
        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("elsewhere");
            fs::create_dir(&elsewhere).unwrap();
            std::os::unix::fs::symlink(&elsewhere, out.join("link")).unwrap();
            let e = write_in(&out, "link/x.svg", b"x", true).unwrap_err();
            assert!(e.0.contains("outside"), "{e}");
            assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_targets_are_written_directly_or_refused() {
        // /dev/null: written directly, never replaced (with or without --force).
        write_new(Path::new("/dev/null"), b"x", true).unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().is_file());
        // /dev/full: the device's error, the device left alone.
        if Path::new("/dev/full").exists() {
            let e = write_new(Path::new("/dev/full"), b"x", true).unwrap_err();
            assert!(
                e.0.contains("/dev/full") && e.0.contains("character device"),
                "{e}"
            );
            assert!(!fs::metadata("/dev/full").unwrap().is_file());
        }
        let dir = tempfile::tempdir().unwrap();
        let e = write_new(dir.path(), b"x", true).unwrap_err();
        assert!(e.0.contains("is a folder"), "{e}");
        let sock_path = dir.path().join("s.sock");
        let _sock = std::os::unix::net::UnixListener::bind(&sock_path).unwrap();
        let e = write_new(&sock_path, b"x", true).unwrap_err();
        assert!(e.0.contains("socket"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn reads_refuse_special_and_oversized_files() {
        let e = |p: &Path| match read_text(p) {
            Err(LoadError::Io { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(e(Path::new("/dev/zero")).contains("character device"));
        let dir = tempfile::tempdir().unwrap();
        assert!(e(dir.path()).contains("folder"));
        let fifo = dir.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Returns at once: a FIFO is refused before it is opened.
            assert!(e(&fifo).contains("FIFO"));
        }
        let bin = dir.path().join("bin.json");
        fs::write(&bin, b"{\"a\":\0}").unwrap();
        assert!(e(&bin).contains("NUL byte at byte offset 5"));
        let big = dir.path().join("big.json");
        fs::write(&big, vec![b' '; 2048]).unwrap();
        match read_capped(&big, 1024) {
            Err(LoadError::Io { message, .. }) => {
                assert!(message.contains(limits::MAX_INPUT_MB_ENV), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}

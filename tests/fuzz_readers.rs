//! Seeded fuzz harness over every reader (#14): plan JSON, DXF drawing, option TOML, scenario
//! TOML, sweep manifest and scoring profile. Each reader gets mutations of a valid seed file —
//! byte flips, truncations, huge numbers, deep nesting, repeated chunks, control characters — from
//! a fixed seed, and must: never panic, take under 20 s per case, keep the process's peak memory
//! (VmHWM) under 1 GB, and name the file (and, for plans and drawings, the element or line) in
//! every error.
//!
//! `CAREHOME_FUZZ_CASES` sets the number of cases per reader (default 1700: 10 200 in all);
//! `CAREHOME_FUZZ_SEED` changes the seed. Every input that ever failed is kept under
//! `tests/fixtures/fuzz/` (by reader: `*.json`, `*.dxf`, `option-*.toml`, `scenario-*.toml`,
//! `manifest-*.toml`, `profile-*.toml`) and replayed first. A failing case is written to
//! `target/fuzz-failures/` to be copied there.

use carehome::diag::Diagnostic;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CASE_LIMIT: Duration = Duration::from_secs(20);
const MEMORY_LIMIT_KB: u64 = 1 << 20;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> usize {
    std::env::var("CAREHOME_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1700)
}

fn seed() -> u64 {
    std::env::var("CAREHOME_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00C0_FFEE_2026)
}

/// xorshift64* (Vigna 2016): small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HUGE: &[&str] = &[
    "1e308",
    "-1e308",
    "1.5e9",
    "99999999999999999999999",
    "4294967296",
    "-1",
    "0",
    "NaN",
    "inf",
];
const CONTROL: &[&str] = &[
    "\u{1b}[2J",
    "\0",
    "\u{7}",
    "\u{202e}",
    "\n",
    "\r",
    "\u{2066}",
];

/// One mutation of `seed` (a few stacked, sometimes).
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 => {
                // Byte flips.
                for _ in 0..1 + rng.below(8) {
                    if !b.is_empty() {
                        let i = rng.below(b.len());
                        b[i] ^= 1 << rng.below(8);
                    }
                }
            }
            1 => b.truncate(at),
            2 => {
                // Replace the number that starts at or after `at` by a huge one.
                let start = (at..b.len()).find(|&i| b[i].is_ascii_digit());
                if let Some(s) = start {
                    let end = (s..b.len())
                        .find(|&i| !(b[i].is_ascii_digit() || b[i] == b'.'))
                        .unwrap_or(b.len());
                    let h = HUGE[rng.below(HUGE.len())].as_bytes();
                    b.splice(s..end, h.iter().copied());
                }
            }
            3 => {
                // Deep nesting.
                let depth = 1 + rng.below(20_000);
                let (open, close) = if rng.below(2) == 0 {
                    (b'[', b']')
                } else {
                    (b'{', b'}')
                };
                let mut nest = vec![open; depth];
                if rng.below(2) == 0 {
                    nest.extend(std::iter::repeat_n(close, depth));
                }
                b.splice(at..at, nest);
            }
            4 => {
                // Repeat a chunk (repeated elements, duplicate keys).
                if !b.is_empty() {
                    let s = rng.below(b.len());
                    let len = 1 + rng.below((b.len() - s).min(400));
                    let chunk = b[s..s + len].to_vec();
                    let times = 1 + rng.below(50);
                    let at = rng.below(b.len() + 1);
                    b.splice(at..at, chunk.repeat(times));
                }
            }
            5 => {
                let c = CONTROL[rng.below(CONTROL.len())].as_bytes();
                b.splice(at..at, c.iter().copied());
            }
            _ => {
                // Delete a span.
                let len = rng.below(64).min(b.len() - at.min(b.len()));
                b.drain(at..at + len);
            }
        }
    }
    b
}

/// What one reader does with one input; `Err` is a broken promise (not a rejected input).
type Reader = fn(&Path, &[u8]) -> Result<(), String>;

/// Peak resident memory of this process, kB (Linux; 0 elsewhere).
fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Run `reader` over the kept fixtures with `pattern`, then `cases()` mutations of `seed_bytes`.
fn fuzz(name: &str, ext: &str, seed_bytes: &[u8], reader: Reader) {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let kept = root().join("tests/fixtures/fuzz");
    if let Ok(rd) = std::fs::read_dir(&kept) {
        let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let fname = f.file_name().unwrap().to_string_lossy().into_owned();
            let mine = match name {
                "plan" => fname.ends_with(".json"),
                "dxf" => fname.ends_with(".dxf"),
                _ => fname.starts_with(&format!("{name}-")) && fname.ends_with(".toml"),
            };
            if mine {
                inputs.push((fname, std::fs::read(&f).unwrap()));
            }
        }
    }
    let mut rng = Rng(seed()
        ^ name
            .bytes()
            .fold(0u64, |h, c| h.wrapping_mul(31) ^ c as u64));
    for i in 0..cases() {
        inputs.push((format!("case-{i}"), mutate(seed_bytes, &mut rng)));
    }
    let mut failures = Vec::new();
    for (label, bytes) in &inputs {
        let path = dir.path().join(format!("in.{ext}"));
        std::fs::write(&path, bytes).unwrap();
        let t = Instant::now();
        let r = catch_unwind(AssertUnwindSafe(|| reader(&path, bytes)));
        let took = t.elapsed();
        let problem = match r {
            Err(p) => Some(format!(
                "panicked: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
            Ok(Err(e)) => Some(e),
            Ok(Ok(())) if took > CASE_LIMIT => Some(format!("took {took:?}")),
            Ok(Ok(())) => None,
        };
        if let Some(p) = problem {
            let out = root().join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&out);
            let keep = out.join(format!("{name}-{label}.{ext}"));
            let _ = std::fs::write(&keep, bytes);
            failures.push(format!(
                "{name} {label}: {p} (input kept in {})",
                keep.display()
            ));
        }
    }
    let hwm = vm_hwm_kb();
    assert!(
        hwm < MEMORY_LIMIT_KB,
        "{name}: peak memory {hwm} kB over 1 GB"
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed; copy the inputs to tests/fixtures/fuzz/:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
    eprintln!("{name}: {} cases, peak memory {hwm} kB", inputs.len());
}

/// Every diagnostic of a plan or drawing names an element or a line, unless it is about the
/// whole file (these codes).
fn located(diags: &[Diagnostic], whole_file: &[&str]) -> Result<(), String> {
    for d in diags {
        if d.element.is_none() && d.line.is_none() && !whole_file.contains(&d.code) {
            return Err(format!(
                "{} names no element or line: {}",
                d.code, d.message
            ));
        }
        if d.message.trim().is_empty() {
            return Err(format!("{}: empty message", d.code));
        }
    }
    Ok(())
}

/// A load error must carry the path it was given.
fn names_file(e: &carehome::io::LoadError, path: &Path) -> Result<(), String> {
    let (carehome::io::LoadError::Io { path: p, .. }
    | carehome::io::LoadError::Invalid { path: p, .. }) = e;
    if p != path {
        return Err(format!(
            "error names {} instead of {}",
            p.display(),
            path.display()
        ));
    }
    Ok(())
}

/// Codes that concern a whole file rather than one element or line.
const WHOLE_FILE: &[&str] = &[
    "dxf-unreadable",
    "dxf-parse",
    "dxf-not-dxf",
    "dxf-dwg",
    "dxf-empty",
    "dxf-no-rooms",
    "dxf-units",
    "no-floors",
    "no-entrance",
    "json-syntax",
];

/// A plan or a drawing read as `check` reads it (the drawing's source text is empty, so
/// `locate_lines` leaves its diagnostics as the importer located them).
fn plan_reader(path: &Path, _: &[u8]) -> Result<(), String> {
    match carehome::io::read_plan(path) {
        Err(e) => {
            names_file(&e, path)?;
            if let carehome::io::LoadError::Invalid { diagnostics, .. } = &e {
                located(diagnostics, WHOLE_FILE)?;
            }
            Ok(())
        }
        Ok(loaded) => {
            let mut checked = carehome::building::resolve(&loaded.plan);
            carehome::plan::locate_lines(&loaded.source, &mut checked.diagnostics);
            located(&checked.diagnostics, WHOLE_FILE)
        }
    }
}

/// The text of a TOML input, or `None` when it was refused (with the file named, checked).
fn text_of(path: &Path) -> Result<Option<String>, String> {
    match carehome::io::read_text(path) {
        Err(e) => names_file(&e, path).map(|()| None),
        Ok(t) => Ok(Some(t)),
    }
}

fn base_plan() -> &'static carehome::plan::Plan {
    static BASE: std::sync::OnceLock<carehome::plan::Plan> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let src = std::fs::read_to_string(root().join("floorplans/legacy-corridor.json")).unwrap();
        carehome::plan::from_json_str(&src).unwrap()
    })
}

fn option_reader(path: &Path, _: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(path)? else {
        return Ok(());
    };
    match carehome::options::from_toml_str(&text) {
        Err(d) => located(&d, &[]),
        Ok(file) => match carehome::options::apply(base_plan(), &file.ops) {
            Err(d) => located(&d, &[]),
            Ok(applied) => {
                let _ = carehome::building::resolve(&applied.plan);
                Ok(())
            }
        },
    }
}

fn scenario_reader(path: &Path, _: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(path)? else {
        return Ok(());
    };
    match carehome::sim::from_toml_str(&text) {
        Err(e) if e.0.trim().is_empty() => Err("empty scenario error".into()),
        Err(_) => Ok(()),
        Ok(sc) => {
            let _ = carehome::sim::transmission::Params::from_scenario(&sc);
            Ok(())
        }
    }
}

fn manifest_reader(path: &Path, _: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(path)? else {
        return Ok(());
    };
    match carehome::sweep::manifest::from_toml_str(&text) {
        Err(e) if e.is_empty() || e.iter().any(|m| m.trim().is_empty()) => {
            Err("an empty manifest error".into())
        }
        Err(_) => Ok(()),
        Ok(m) => {
            if m.point_count() > carehome::sweep::manifest::MAX_POINTS as u128 {
                return Err(format!("{} points accepted", m.point_count()));
            }
            Ok(())
        }
    }
}

fn profile_reader(path: &Path, _: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(path)? else {
        return Ok(());
    };
    match carehome::score::profile_from_toml_str(&text) {
        Err(d) if d.is_empty() => Err("rejected without a diagnostic".into()),
        Err(d) => located(&d, &[]).or(Ok(())),
        Ok(_) => Ok(()),
    }
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap()
}

#[test]
fn fuzz_plan_json() {
    fuzz(
        "plan",
        "json",
        &read("tests/fixtures/good/minimal.json"),
        plan_reader,
    );
}

#[test]
fn fuzz_dxf() {
    // A small drawing: the minimal plan exported by carehome (imports back to the same plan).
    let src = std::fs::read_to_string(root().join("tests/fixtures/good/minimal.json")).unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    let bytes = carehome::dxf::export_dxf(&plan).unwrap();
    fuzz("dxf", "dxf", &bytes, plan_reader);
}

#[test]
fn fuzz_option_toml() {
    fuzz(
        "option",
        "toml",
        &read("scenarios/options/legacy-singles.toml"),
        option_reader,
    );
}

#[test]
fn fuzz_scenario_toml() {
    fuzz(
        "scenario",
        "toml",
        &read("scenarios/covid-2020.toml"),
        scenario_reader,
    );
}

#[test]
fn fuzz_sweep_manifest() {
    fuzz(
        "manifest",
        "toml",
        &read("scenarios/sweep-example.toml"),
        manifest_reader,
    );
}

#[test]
fn fuzz_scoring_profile() {
    fuzz(
        "profile",
        "toml",
        &read("scenarios/scoring/default.toml"),
        profile_reader,
    );
}

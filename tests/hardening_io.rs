//! Security and terminal hardening of the command line (#14): output names never come from
//! user text, only ordinary files are replaced, special inputs are refused, a closed pipe or a
//! full disk ends the program cleanly, control characters never reach the terminal raw.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_carehome")
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(exe())
        .args(args)
        .output()
        .expect("run carehome");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The minimal plan with its floor renamed.
fn plan_with_floor_id(dir: &Path, id: &str) -> PathBuf {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("tests/fixtures/good/minimal.json")).unwrap(),
    )
    .unwrap();
    v["floors"][0]["id"] = Value::from(id);
    let p = dir.join("plan.json");
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

#[test]
fn a_floor_id_cannot_steer_outputs_out_of_their_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("a/b/c");
    std::fs::create_dir_all(&work).unwrap();
    let plan = plan_with_floor_id(&work, "/../../ESCAPED");
    let plan = plan.to_str().unwrap();
    let svg = work.join("svg");
    let o = run(&["assess", plan, "--svg", svg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sim = work.join("sim");
    let o = run(&[
        "simulate",
        plan,
        "--days",
        "1",
        "--replicates",
        "2",
        "--out",
        sim.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cmp = work.join("cmp");
    let o = run(&["compare", plan, "--no-sim", "--out", cmp.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The id's stem by the documented encoding (io::file_stems): `_.._.._ESCAPED~1`.
    let all = files_under(tmp.path());
    for f in &all {
        assert!(
            f.starts_with("a/b/c/svg/")
                || f.starts_with("a/b/c/sim/")
                || f.starts_with("a/b/c/cmp/")
                || f == "a/b/c/plan.json",
            "{f} written outside its output folder; all: {all:#?}"
        );
    }
    for expected in [
        "a/b/c/svg/plan-_.._.._ESCAPED~1.svg",
        "a/b/c/svg/vga-_.._.._ESCAPED~1.svg",
        "a/b/c/svg/daylight-_.._.._ESCAPED~1.svg",
        "a/b/c/sim/exposure-_.._.._ESCAPED~1.svg",
        "a/b/c/cmp/option-1-daylight-_.._.._ESCAPED~1.png",
    ] {
        assert!(
            all.iter().any(|f| f == expected),
            "{expected} missing: {all:#?}"
        );
    }
}

#[test]
fn a_plain_floor_id_keeps_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = plan_with_floor_id(tmp.path(), "ground");
    let svg = tmp.path().join("svg");
    let o = run(&[
        "assess",
        plan.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(svg.join("plan-ground.svg").is_file());
}

#[cfg(unix)]
#[test]
fn force_never_replaces_a_device_and_a_full_disk_is_exit_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let o = run(&["schema", "plan", "-o", "/dev/full", "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write /dev/full (character device): No space left"),
        "{}",
        stderr(&o)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // Standard output on a full disk.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(exe())
        .args([
            "check",
            fixture("floorplans/green-house.json").to_str().unwrap(),
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write to standard output"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    // A folder is refused, named.
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "schema",
        "plan",
        "-o",
        tmp.path().to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // The reader is gone before carehome writes its first byte (`carehome check … | head -0`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let plans: Vec<String> = ["green-house", "legacy-corridor", "household-newbuild"]
        .iter()
        .map(|p| {
            fixture(&format!("floorplans/{p}.json"))
                .display()
                .to_string()
        })
        .collect();
    let o = Command::new(exe())
        .arg("check")
        .args(&plans)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(141), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "quiet");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_binary_files_are_refused_at_once() {
    let o = run(&["check", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero: is not an ordinary file but a character device"),
        "{}",
        stderr(&o)
    );
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("plan.json");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let t = Instant::now();
        let o = run(&["check", fifo.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("FIFO"), "{}", stderr(&o));
        assert!(t.elapsed() < Duration::from_secs(10));
    }
    let gz = tmp.path().join("plan.toml");
    std::fs::write(&gz, [0x1f, 0x8b, 0x08, 0x00, 0x00]).unwrap();
    let o = run(&[
        "simulate",
        fixture("floorplans/green-house.json").to_str().unwrap(),
        "--scenario",
        gz.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("plan.toml: is not a text file (a NUL byte at byte offset 3)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn user_text_is_escaped_in_error_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let name = tmp.path().join("evil\u{1b}[2J\u{7}\u{202e}.json");
    let o = run(&["check", name.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        !e.chars()
            .any(|c| c != '\n' && carehome::diag::is_unsafe_char(c)),
        "{e:?}"
    );
    assert!(e.contains("evil\\u{1b}[2J\\u{7}\\u{202e}.json"), "{e}");
}

#[test]
fn a_huge_plan_name_is_refused_cheaply() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("tests/fixtures/good/minimal.json")).unwrap(),
    )
    .unwrap();
    v["name"] = Value::from("x".repeat(200_000));
    let p = tmp.path().join("p.json");
    std::fs::write(&p, v.to_string()).unwrap();
    let t = Instant::now();
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("error[name-too-long]") && text.contains("200000 characters"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.len() < 5_000,
        "the message does not repeat the name: {} bytes",
        text.len()
    );
    assert!(t.elapsed() < Duration::from_secs(10));
}

/// Standard error on a full disk: the messages cannot be written, but carehome neither panics
/// (the std macros would: exit 101, "failed printing to stderr") nor changes its exit code.
#[cfg(unix)]
#[test]
fn a_full_standard_error_never_panics() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // An invalid plan: its diagnostics go to stderr, exit 1.
    let o = Command::new(exe())
        .args([
            "check",
            fixture("tests/fixtures/bad/mixed-faults.json")
                .to_str()
                .unwrap(),
        ])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    // A usage error (missing file): exit 2, message lost, no panic.
    let o = Command::new(exe())
        .args(["check", "/nonexistent/plan.json"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    // Both streams full: the stdout error cannot be reported, still exit 2.
    let o = Command::new(exe())
        .args([
            "check",
            fixture("floorplans/green-house.json").to_str().unwrap(),
        ])
        .stdout(full())
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

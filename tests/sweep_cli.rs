//! The sweep CLI end to end: whole run, 3 shards, and a run SIGKILLed at random moments then
//! resumed must give byte-identical merged tables; bad manifests fail before anything runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_carehome")
}

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sweep/synthetic-grid.toml")
}

fn carehome(args: &[&str]) -> Output {
    Command::new(exe()).args(args).output().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run(dir: &Path, extra: &[&str]) -> Output {
    let m = manifest();
    let mut args = vec![
        "sweep",
        "run",
        m.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--threads",
        "2",
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    carehome(&args)
}

fn merged(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    ok(carehome(&["sweep", "merge", dir.to_str().unwrap()]));
    (
        std::fs::read(dir.join("points.csv")).unwrap(),
        std::fs::read(dir.join("replicates.csv")).unwrap(),
    )
}

/// A small deterministic generator for the kill moments (xorshift64*).
struct Moments(u64);
impl Moments {
    fn next_ms(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        lo + self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % (hi - lo)
    }
}

#[test]
fn whole_sharded_and_killed_runs_merge_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    ok(run(&whole, &[]));
    let reference = merged(&whole);
    let text = String::from_utf8(reference.0.clone()).unwrap();
    assert_eq!(text.lines().count(), 1 + 40 * 2, "40 points × 2 outcomes");
    assert!(text.starts_with(
        "point_id,x.a,x.b,x.c,outcome,n,failed,mean,sd,se,min,max,ci95_lo,ci95_hi,ci_method\n"
    ));

    // Three shards, in reverse order, into one folder.
    let sharded = tmp.path().join("sharded");
    for s in ["3/3", "1/3", "2/3"] {
        ok(run(&sharded, &["--shard", s]));
        if s != "2/3" {
            let m = carehome(&["sweep", "merge", sharded.to_str().unwrap()]);
            assert_eq!(
                m.status.code(),
                Some(1),
                "merge of a partial sweep must fail"
            );
            assert!(String::from_utf8_lossy(&m.stderr).contains("points are missing"));
        }
    }
    assert_eq!(
        merged(&sharded),
        reference,
        "3 shards differ from the whole run"
    );

    // Killed (SIGKILL) at seeded random moments, then resumed.
    let killed = tmp.path().join("killed");
    let mut moments = Moments(0x5eed_2026);
    let mut kills = 0;
    for _ in 0..3 {
        let wait = Duration::from_millis(moments.next_ms(150, 900));
        let m = manifest();
        let mut child = Command::new(exe())
            .args(["sweep", "run", m.to_str().unwrap(), "--out"])
            .arg(&killed)
            .args(["--threads", "2", "--no-progress"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while t.elapsed() < wait {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
        // No result file is ever half-written: every points/*.json parses.
        for e in std::fs::read_dir(killed.join("points")).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.starts_with('.') {
                let bytes = std::fs::read(&p).unwrap();
                assert!(
                    carehome::sweep::store::parse_result(&bytes).is_some(),
                    "{name} is not a complete result"
                );
            }
        }
    }
    assert!(
        kills >= 1,
        "the run finished before any kill; raise sleep_ms"
    );
    let out = ok(run(&killed, &[]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("finished"), "{err}");
    assert_eq!(
        merged(&killed),
        reference,
        "killed + resumed differs from the whole run"
    );

    // Resuming a finished sweep runs nothing.
    let out = ok(run(&killed, &[]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ran 0 point(s)"));

    // Analysis ranks x.a > x.b > x.c on y (|3|·σ_a > |−1|·σ_b > |0.2|·σ_c).
    let out = ok(carehome(&["sweep", "analyse", whole.to_str().unwrap()]));
    let effects = std::fs::read_to_string(whole.join("analysis/effects.csv")).unwrap();
    let y: Vec<&str> = effects
        .lines()
        .filter(|l| l.starts_with("y,"))
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(
        y,
        ["x.a", "x.b", "x.c"],
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(whole.join("analysis/main-effects-y.svg").exists());
    let png = std::fs::read(whole.join("analysis/main-effects-y.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn merge_reports_duplicated_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    ok(run(&dir, &["--shard", "1/8"]));
    let pts = dir.join("points");
    let first = std::fs::read_dir(&pts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    std::fs::copy(&first, pts.join("copy-of-a-result.json")).unwrap();
    let out = carehome(&["sweep", "merge", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let id = first.file_stem().unwrap().to_string_lossy();
    assert!(
        err.contains(&format!("point {id} is present 2 times")),
        "{err}"
    );
    assert!(err.contains("35 of 40 points are missing"), "{err}");
}

/// Write a manifest into `dir` and run it; returns (exit code, stderr).
fn bad(dir: &Path, body: &str) -> (Option<i32>, String) {
    let m = dir.join("bad.toml");
    std::fs::write(&m, body).unwrap();
    let out_dir = dir.join("out");
    let out = carehome(&[
        "sweep",
        "run",
        m.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        !out_dir.exists(),
        "something was written for a bad manifest"
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_manifests_fail_before_anything_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let head = "schema = \"carehome-sweep/1\"\nname = \"bad\"\n";
    let cases: Vec<(String, &str)> = vec![
        (
            format!(
                "{head}runner = \"synthetic\"\n[axes]\n\"staff.cohorting\" = [\"none\", \"household\"]\n"
            ),
            "scenario field `staff` is not valid for the synthetic runner: unknown field `staff`",
        ),
        (
            format!("{head}runner = \"synthetic\"\n[axes]\n\"x.a\" = []\n"),
            "axes.\"x.a\" is empty",
        ),
        (
            format!(
                "{head}runner = \"synthetic\"\n[design]\nkind = \"latin-hypercube\"\nsamples = 8\n[ranges]\n\"x.a\" = {{ min = 4, max = 0.5 }}\n"
            ),
            "ranges.\"x.a\": min 4 is greater than max 0.5",
        ),
        (
            format!(
                "{head}runner = \"assess\"\nplans = [\"{}\"]\n",
                fixture("bad/overlap.json")
            ),
            "fails validation",
        ),
        (
            format!(
                "{head}runner = \"assess\"\nplans = [\"{}\"]\n[axes]\n\"assess.vga_spacing\" = [1, 2]\n",
                fixture("good/minimal.json")
            ),
            "scenario field `assess.vga_spacing` is not valid for the assess runner",
        ),
        (
            format!("{head}runner = \"simulation\"\n"),
            "runner \"simulation\" is unknown",
        ),
        (
            format!("{head}runner = \"synthetic\"\nreplicate = 3\n"),
            "unknown field `replicate`",
        ),
    ];
    for (body, want) in cases {
        let (code, err) = bad(d, &body);
        assert_eq!(code, Some(1), "{body}\n{err}");
        assert!(err.contains(want), "wanted {want:?} in:\n{err}");
        assert!(err.contains("nothing was run"), "{err}");
    }
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn slurm_script_and_dry_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let m = manifest();
    let out = ok(carehome(&[
        "sweep",
        "slurm",
        m.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--tasks",
        "4",
        "--partition",
        "debug",
        "--time",
        "00:05:00",
        "--cpus-per-task",
        "2",
    ]));
    let script = std::fs::read_to_string(dir.join("sweep.sbatch")).unwrap();
    assert!(script.contains("#SBATCH --array=1-4"), "{script}");
    assert!(script.contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\""));
    assert!(script.contains("#SBATCH --cpus-per-task=2"));
    assert!(dir.join("sweep.json").exists() && dir.join("slurm-logs").is_dir());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sbatch"));
    let bad = carehome(&[
        "sweep",
        "slurm",
        m.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--time",
        "soon",
    ]);
    assert_eq!(bad.status.code(), Some(2));

    let dry = tmp.path().join("dry");
    let out = ok(run(&dry, &["--dry-run", "--shard", "2/4"]));
    assert!(!dry.exists(), "--dry-run wrote files");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listed.lines().count(), 1 + 10);
    assert!(String::from_utf8_lossy(&out.stderr).contains("estimated cost"));
}

#[test]
fn merge_analyse_and_slurm_refuse_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("w");
    ok(run(&dir, &[]));
    let d = dir.to_str().unwrap();
    let m = manifest();
    for args in [
        vec!["sweep", "merge", d],
        vec!["sweep", "analyse", d],
        vec!["sweep", "slurm", m.to_str().unwrap(), "--out", d],
    ] {
        ok(carehome(&args));
        let before = std::fs::read(dir.join("sweep.json")).unwrap();
        let again = carehome(&args);
        assert_eq!(again.status.code(), Some(2), "{args:?} overwrote");
        let e = String::from_utf8_lossy(&again.stderr);
        assert!(e.contains("already exist") && e.contains("--force"), "{e}");
        assert_eq!(std::fs::read(dir.join("sweep.json")).unwrap(), before);
        let mut forced = args.clone();
        forced.push("--force");
        ok(carehome(&forced));
    }
}

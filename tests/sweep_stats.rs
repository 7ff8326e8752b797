//! Sweep statistics a researcher can publish from: outputs checked against what the runner
//! gives, intervals on every summary, paired designs, noise floors and Saltelli designs.

use carehome::sweep::store::MemStore;
use carehome::sweep::{self, Shard, merge};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run_all(prep: &sweep::Prepared) -> MemStore {
    let store = MemStore::default();
    sweep::store::write_index(&store, &prep.index()).unwrap();
    let all = Shard::ALL.select(&prep.points);
    sweep::execute(prep, &all, &store, &|_| {}).unwrap();
    store
}

const HEAD: &str = "schema = \"carehome-sweep/1\"\nname = \"t\"\nrunner = \"synthetic\"\n";

#[test]
fn unknown_outputs_are_refused_with_the_valid_names() {
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "o.toml",
        &format!("{HEAD}outputs = [\"y\", \"nope.nope\"]\n[axes]\n\"x.a\" = [1, 2]\n"),
    );
    let e = sweep::prepare(&m).err().unwrap().join("\n");
    assert!(e.contains("outputs lists \"nope.nope\""), "{e}");
    assert!(e.contains("it gives: y, z, share"), "{e}");
    assert!(!e.contains("\"y\","), "a valid name is not reported: {e}");
    // The simulate runner lists its outcomes too.
    let root = env!("CARGO_MANIFEST_DIR");
    let m = write(
        tmp.path(),
        "s.toml",
        &format!(
            "schema = \"carehome-sweep/1\"\nname = \"s\"\nrunner = \"simulate\"\nplans = [\"{root}/floorplans/green-house.json\"]\noutputs = [\"epi.attack_rate\"]\n"
        ),
    );
    let e = sweep::prepare(&m).err().unwrap().join("\n");
    assert!(
        e.contains("\"epi.attack_rate\"") && e.contains("epi.resident_attack_rate"),
        "{e}"
    );
}

#[test]
fn manifest_errors_stop_before_files_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "b.toml",
        &format!("{HEAD}replicate = 3\nplans = [\"no-such-plan.json\"]\n[axes]\n\"x.a\" = []\n"),
    );
    let e = sweep::prepare(&m).err().unwrap().join("\n");
    assert!(
        e.contains("`replicate`") && e.contains("axes.\"x.a\" is empty"),
        "{e}"
    );
    assert!(
        !e.contains("no-such-plan"),
        "went on to read the plans: {e}"
    );
}

/// Wilson's score interval (Wilson 1927), written out here apart from the code under test.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    let z = 1.959963984540054_f64;
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z / d * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((c - h).max(0.0), (c + h).min(1.0))
}

#[test]
fn points_csv_has_an_interval_for_every_proportion() {
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "w.toml",
        &format!(
            "{HEAD}seed = 4\n[scenario]\ntrials = 12\nshare_p = 0.2\n[axes]\n\"x.a\" = [1, 2, 3]\n"
        ),
    );
    let prep = sweep::prepare(&m).unwrap();
    let c = merge::collect(&run_all(&prep)).unwrap();
    let t = merge::tables(&c).unwrap();
    let mut rdr = csv::Reader::from_reader(t.points_csv.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let mut seen = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[col("outcome")] != "share" {
            continue;
        }
        let p: f64 = r[col("mean")].parse().unwrap();
        let (lo, hi): (f64, f64) = (
            r[col("ci95_lo")].parse().unwrap(),
            r[col("ci95_hi")].parse().unwrap(),
        );
        assert_eq!(&r[col("ci_method")], "wilson");
        let (wl, wh) = wilson((p * 12.0).round(), 12.0);
        assert!(
            (lo - wl).abs() < 1e-12 && (hi - wh).abs() < 1e-12,
            "{lo} {hi} vs {wl} {wh}"
        );
        assert!((0.0..=p).contains(&lo) && (p..=1.0).contains(&hi));
        seen += 1;
    }
    assert_eq!(seen, 3);
}

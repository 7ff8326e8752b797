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

fn effect<'a>(
    a: &'a sweep::analyse::Analysis,
    outcome: &str,
    p: &str,
) -> &'a sweep::analyse::Effect {
    a.effects
        .iter()
        .find(|e| e.outcome == outcome && e.parameter == p)
        .unwrap_or_else(|| panic!("no effect of {p} on {outcome}: {a:?}"))
}

#[test]
fn an_axis_without_effect_is_reported_as_noise_with_or_without_common_random_numbers() {
    // y = 0.6·a + N(0, 1); b does not enter y. Four replicates: the noise in a point mean has
    // sd 0.5, as large as half the effect of a, so without intervals b would rank with an
    // importance of its own from noise.
    let tmp = tempfile::tempdir().unwrap();
    for crn in [true, false] {
        for seed in 1..=4 {
            let m = write(
                tmp.path(),
                "n.toml",
                &format!(
                    "{HEAD}seed = {seed}\nreplicates = 4\ncommon_random_numbers = {crn}\n[scenario]\nnoise_sd = 1.0\n[scenario.effects]\na = 0.6\n[axes]\n\"x.a\" = [0, 1, 2, 3]\n\"x.b\" = [0, 1, 2, 3]\n"
                ),
            );
            let prep = sweep::prepare(&m).unwrap();
            if crn {
                assert!(prep.points.iter().all(|p| p.seed == prep.points[0].seed));
            }
            let a = sweep::analyse::analyse(&merge::collect(&run_all(&prep)).unwrap());
            let b = effect(&a, "y", "x.b");
            assert_eq!(
                b.verdict(),
                sweep::analyse::NO_EFFECT,
                "crn {crn} seed {seed}: {b:?}"
            );
            let e = effect(&a, "y", "x.a");
            assert_eq!(e.verdict(), "effect", "crn {crn} seed {seed}: {e:?}");
            let (lo, hi) = e.ci95.unwrap();
            assert!(lo <= e.importance && e.importance <= hi, "{e:?}");
            if crn {
                // The noise is shared by every point: b's index is 0 and a's is exact,
                // S_a = 1 (a is the only thing that varies between points).
                assert!(b.importance < 1e-12, "{b:?}");
                assert!((e.importance - 1.0).abs() < 1e-9, "{e:?}");
            }
        }
    }
}

#[test]
fn ventilation_has_no_effect_on_movement_at_any_seed() {
    // Ventilation changes room air, not where people go: on every movement outcome it must be
    // reported as no effect, at seeds 1-4, with common random numbers (exactly: the movement is
    // the same at both levels) and with independent seeds (by the noise floor).
    let tmp = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for crn in [true, false] {
        for seed in 1..=4 {
            let m = write(
                tmp.path(),
                "v.toml",
                &format!(
                    "schema = \"carehome-sweep/1\"\nname = \"v\"\nrunner = \"simulate\"\nseed = {seed}\nreplicates = 4\ncommon_random_numbers = {crn}\nplans = [\"{root}/floorplans/green-house.json\"]\n[scenario.run]\ndays = 1\n[axes]\n\"interventions.ventilation_ach\" = [0.5, 6.0]\n"
                ),
            );
            let prep = sweep::prepare(&m).unwrap();
            let a = sweep::analyse::analyse(&merge::collect(&run_all(&prep)).unwrap());
            let movement: Vec<&sweep::analyse::Effect> = a
                .effects
                .iter()
                .filter(|e| {
                    e.outcome.starts_with("contacts.") || e.outcome.starts_with("time_use.")
                })
                .collect();
            assert!(movement.len() >= 8, "{a:?}");
            for e in movement {
                assert_eq!(e.parameter, "interventions.ventilation_ach");
                assert_eq!(
                    e.verdict(),
                    sweep::analyse::NO_EFFECT,
                    "crn {crn} seed {seed}: {e:?}"
                );
            }
        }
    }
}

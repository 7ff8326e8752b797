//! The sweep library: the effect ranking recovers effects set here, ids and seeds are stable when
//! an axis grows, and the assess runner gives what `assess` gives.

use carehome::sweep::store::MemStore;
use carehome::sweep::{self, Shard, analyse, merge};
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
    let s = sweep::execute(prep, &all, &store, &|_| {}).unwrap();
    assert_eq!(s.points, prep.points.len());
    store
}

#[test]
fn grid_sobol_indices_match_the_analytic_values() {
    // y = 3a − b + 0.2c on a full grid, no noise: S_i = β_i² Var(levels_i) / Σ_j β_j² Var(levels_j),
    // and S_Ti = S_i (no interactions). Var{0..4} = 2, Var{0..3} = 1.25, Var{0,1} = 0.25.
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "g.toml",
        r#"schema = "carehome-sweep/1"
name = "g"
runner = "synthetic"
[scenario.effects]
a = 3.0
b = -1.0
c = 0.2
[axes]
"x.a" = [0, 1, 2, 3, 4]
"x.b" = [0, 1, 2, 3]
"x.c" = [0, 1]
"#,
    );
    let prep = sweep::prepare(&m).unwrap();
    let store = run_all(&prep);
    let c = merge::collect(&store).unwrap();
    assert!(c.problems().is_empty());
    let a = analyse::analyse(&c);
    assert_eq!(a.method, "sobol");
    let parts = [("x.a", 9.0 * 2.0), ("x.b", 1.25), ("x.c", 0.04 * 0.25)];
    let total: f64 = parts.iter().map(|p| p.1).sum();
    let y: Vec<_> = a.effects.iter().filter(|e| e.outcome == "y").collect();
    assert_eq!(
        y.iter().map(|e| e.parameter.as_str()).collect::<Vec<_>>(),
        ["x.a", "x.b", "x.c"]
    );
    for (e, (name, part)) in y.iter().zip(parts) {
        assert_eq!(e.parameter, name);
        let s = part / total;
        assert!((e.sobol_first.unwrap() - s).abs() < 1e-12, "{e:?} vs {s}");
        assert!((e.sobol_total.unwrap() - s).abs() < 1e-9, "{e:?}");
    }
    // z = Σ x² also varies; its ranking is present.
    assert!(a.effects.iter().any(|e| e.outcome == "z"));
}

#[test]
fn lhs_src_recovers_known_effects() {
    // y = 2a + 1b − 0.5c + 0.1d + 0.5·[f = v] + noise(0.05), a..d ~ U[0,1] by Latin hypercube,
    // crossed with categorical axes e (no effect) and f. SRC_i = β_i σ_i / σ_y with σ_i = 1/√12;
    // η²_f = 0.25² / σ_y² (a two-level factor with effect 0.5 has variance 0.25²).
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "l.toml",
        r#"schema = "carehome-sweep/1"
name = "l"
runner = "synthetic"
seed = 3
replicates = 2
[scenario]
noise_sd = 0.05
[scenario.c_effects]
"f=v" = 0.5
[scenario.effects]
a = 2.0
b = 1.0
c = -0.5
d = 0.1
[design]
kind = "latin-hypercube"
samples = 200
[axes]
"c.e" = ["p", "q"]
"c.f" = ["u", "v"]
[ranges]
"x.a" = [0, 1]
"x.b" = [0, 1]
"x.c" = { min = 0, max = 1 }
"x.d" = [0, 1]
"#,
    );
    let prep = sweep::prepare(&m).unwrap();
    assert_eq!(prep.points.len(), 800);
    let store = run_all(&prep);
    let a = analyse::analyse(&merge::collect(&store).unwrap());
    assert_eq!(a.method, "src");
    let y: Vec<_> = a.effects.iter().filter(|e| e.outcome == "y").collect();
    let order: Vec<&str> = y.iter().map(|e| e.parameter.as_str()).collect();
    assert_eq!(order, ["x.a", "x.b", "c.f", "x.c", "x.d", "c.e"], "{y:#?}");
    let beta = [2.0, 1.0, -0.5, 0.1];
    let var_x = 1.0 / 12.0;
    // Noise is averaged over 2 replicates.
    let var_y: f64 =
        beta.iter().map(|b| b * b * var_x).sum::<f64>() + 0.25 * 0.25 + 0.05 * 0.05 / 2.0;
    let numeric: Vec<_> = y.iter().filter(|e| e.kind == "numeric").collect();
    for (e, b) in numeric.iter().zip(beta) {
        let want = b * var_x.sqrt() / var_y.sqrt();
        assert!(
            (e.src.unwrap() - want).abs() < 0.03,
            "{} {:?} vs {want}",
            e.parameter,
            e.src
        );
        assert!(e.r2.unwrap() > 0.99);
    }
    let e = y.iter().find(|e| e.parameter == "c.e").unwrap();
    assert_eq!(e.measure, "eta_squared");
    assert!(e.importance < 0.01, "{e:?}");
    let f = y.iter().find(|e| e.parameter == "c.f").unwrap();
    let want = 0.25 * 0.25 / var_y;
    assert!((f.importance - want).abs() < 0.02, "{f:?} vs {want}");
}

#[test]
fn adding_an_axis_value_keeps_the_other_points() {
    let tmp = tempfile::tempdir().unwrap();
    let body = |values: &str| {
        format!(
            "schema = \"carehome-sweep/1\"\nname = \"s\"\nrunner = \"synthetic\"\nseed = 9\nreplicates = 3\n[scenario]\nnoise_sd = 1.0\n[scenario.effects]\na = 1.0\n[axes]\n\"x.a\" = {values}\n\"x.b\" = [1, 2]\n"
        )
    };
    let small = sweep::prepare(&write(tmp.path(), "a.toml", &body("[1, 2]"))).unwrap();
    let big = sweep::prepare(&write(tmp.path(), "b.toml", &body("[0, 1, 1.5, 2]"))).unwrap();
    let s1 = run_all(&small);
    let s2 = run_all(&big);
    for p in &small.points {
        let q = big
            .points
            .iter()
            .find(|q| q.id == p.id)
            .expect("point kept");
        assert_eq!(p.seed, q.seed);
        let name = sweep::store::result_name(&p.id);
        use sweep::Store;
        assert_eq!(s1.read(&name).unwrap(), s2.read(&name).unwrap());
    }
    // Different seeds give different noise.
    let other = sweep::prepare(&write(
        tmp.path(),
        "c.toml",
        &body("[1, 2]").replace("seed = 9", "seed = 10"),
    ))
    .unwrap();
    assert_eq!(other.points[0].id, small.points[0].id);
    assert_ne!(other.points[0].seed, small.points[0].seed);
}

#[test]
fn assess_runner_gives_the_assessment() {
    let tmp = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let opt = write(
        tmp.path(),
        "shared.toml",
        &format!(
            "schema = \"carehome-options/1\"\nname = \"shared\"\nbase = \"{root}/floorplans/green-house.json\"\n[[ops]]\nop = \"set_beds\"\nroom = \"G-B01\"\nbeds = 2\n"
        ),
    );
    let m = write(
        tmp.path(),
        "a.toml",
        &format!(
            "schema = \"carehome-sweep/1\"\nname = \"a\"\nrunner = \"assess\"\nplans = [\"{root}/floorplans/green-house.json\"]\noptions = [\"{}\"]\noutputs = [\"infection.crowding_index\", \"privacy.single_room_share\"]\n[axes]\n\"assess.vga_spacing_m\" = [2.0]\n\"assess.standard\" = [\"england\", \"ireland\"]\n",
            opt.display()
        ),
    );
    let prep = sweep::prepare(&m).unwrap();
    assert_eq!(prep.points.len(), 4);
    assert_eq!(
        prep.columns(),
        ["plan", "assess.standard", "assess.vga_spacing_m"]
    );
    let store = run_all(&prep);
    let c = merge::collect(&store).unwrap();
    let t = merge::tables(&c).unwrap();
    assert!(
        t.points_csv
            .contains(",green-house,england,2,infection.crowding_index,1,0,1,,,1,1,,,\n"),
        "{}",
        t.points_csv
    );
    // The option (a shared room) raises crowding and lowers the single-room share.
    let crowding = c.point_means("infection.crowding_index");
    assert!(crowding[2].unwrap() > crowding[0].unwrap(), "{crowding:?}");
    let single = c.point_means("privacy.single_room_share");
    assert!(single[2].unwrap() < single[0].unwrap(), "{single:?}");
    assert_eq!(c.outcomes().len(), 2);
}

#[test]
fn failed_replicates_are_kept_with_their_error() {
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "f.toml",
        "schema = \"carehome-sweep/1\"\nname = \"f\"\nrunner = \"synthetic\"\nreplicates = 2\n[scenario]\nfail_replicates = [1]\n[axes]\n\"x.a\" = [1, 2]\n",
    );
    let prep = sweep::prepare(&m).unwrap();
    let store = MemStore::default();
    sweep::store::write_index(&store, &prep.index()).unwrap();
    let all = Shard::ALL.select(&prep.points);
    let s = sweep::execute(&prep, &all, &store, &|_| {}).unwrap();
    assert_eq!(s.failed_replicates, 2);
    let t = merge::tables(&merge::collect(&store).unwrap()).unwrap();
    assert_eq!(t.failed_replicates, 2);
    assert!(
        t.replicates_csv
            .contains(",1,,,replicate 1 failed on purpose\n"),
        "{}",
        t.replicates_csv
    );
    // n = 1 successful replicate, failed = 1.
    assert!(t.points_csv.contains(",y,1,1,"), "{}", t.points_csv);
}

#[test]
fn resume_skips_finished_points_and_redoes_broken_files() {
    use sweep::Store;
    let tmp = tempfile::tempdir().unwrap();
    let m = write(
        tmp.path(),
        "r.toml",
        "schema = \"carehome-sweep/1\"\nname = \"r\"\nrunner = \"synthetic\"\nreplicates = 2\n[axes]\n\"x.a\" = [1, 2, 3]\n",
    );
    let prep = sweep::prepare(&m).unwrap();
    let store = run_all(&prep);
    let all = Shard::ALL.select(&prep.points);
    let p = sweep::exec::pending(&store, &all, 2).unwrap();
    assert_eq!((p.todo.len(), p.done, p.redo), (0, 3, 0));
    // A truncated file (as a crash in a non-atomic writer would leave) and a file with fewer
    // replicates (the manifest now asks for more) are both redone.
    let a = sweep::store::result_name(&prep.points[0].id);
    let bytes = store.read(&a).unwrap().unwrap();
    store.write(&a, &bytes[..bytes.len() / 2]).unwrap();
    let p = sweep::exec::pending(&store, &all, 2).unwrap();
    assert_eq!((p.todo.len(), p.done, p.redo), (1, 2, 1));
    assert_eq!(p.todo[0].id, prep.points[0].id);
    let p = sweep::exec::pending(&store, &all, 3).unwrap();
    assert_eq!((p.todo.len(), p.redo), (3, 3));
}

#[test]
fn simulate_runner_checks_the_scenario_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let body = |axes: &str| {
        format!(
            "schema = \"carehome-sweep/1\"\nname = \"s\"\nrunner = \"simulate\"\nseed = 5\nreplicates = 2\nplans = [\"{root}/floorplans/green-house.json\"]\n[scenario.run]\ndays = 1\n[axes]\n{axes}\n"
        )
    };
    let e = sweep::prepare(&write(
        tmp.path(),
        "bad.toml",
        &body("\"staff.cohort\" = [\"none\"]"),
    ))
    .err()
    .unwrap()
    .join("\n");
    assert!(
        e.contains("`staff.cohort`") && e.contains("simulate runner"),
        "{e}"
    );
    let prep = sweep::prepare(&write(
        tmp.path(),
        "ok.toml",
        &body("\"staff.cohorting\" = [\"none\", \"household\"]"),
    ))
    .unwrap();
    let p = &prep.points[0];
    let a = prep
        .runner
        .run(&p.scenario, prep.plan_of(p), p.seed, 0)
        .unwrap();
    let b = prep
        .runner
        .run(&p.scenario, prep.plan_of(p), p.seed, 0)
        .unwrap();
    assert_eq!(a, b, "same seed and replicate, same outcomes");
    assert_eq!(a["residents"], 12.0);
    assert!(
        a["contacts.resident_episodes_per_resident_day"] > 0.0,
        "{a:?}"
    );
    let shares: f64 = a
        .iter()
        .filter(|(k, _)| k.starts_with("time_use."))
        .map(|(_, v)| v)
        .sum();
    assert!((shares - 1.0).abs() < 1e-9, "{a:?}");
}

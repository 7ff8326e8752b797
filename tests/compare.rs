//! The comparison of the bundled legacy home, its retrofits and the household new build: the
//! evidence (Brown et al. 2021; TrinityHaus 2022) says single rooms and small closable households
//! should lower risk and raise quality of life, and the new build should beat the legacy home on
//! both. With the outbreak simulation on the risk axis, differences are judged by paired
//! (common-random-number) intervals.
//!
//! The simulation settings here are smaller than `compare`'s defaults (fewer days of movement,
//! fewer replicates) to keep this file within about two minutes in release mode.

mod common;
use carehome::building::{Building, resolve};
use carehome::score::sim::{self, ReplicateRisk, SimRisk};
use carehome::score::stats;
use carehome::score::{Candidate, Change, Kind, default_profile};
use carehome::workflow::{CompareSettings, SimOptions, compare_files, simulate_risk};
use common::candidates::Synthetic;
use std::path::Path;

fn root(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn building(p: &str) -> Building {
    let plan = if p.ends_with(".toml") {
        carehome::io::read_option(&root(p), &Default::default())
            .unwrap()
            .applied
            .plan
    } else {
        carehome::plan::from_json_str(&std::fs::read_to_string(root(p)).unwrap()).unwrap()
    };
    resolve(&plan).building.unwrap()
}

/// Smaller than the defaults: `pattern_days` of movement, `days` outbreak days, `replicates`.
fn sim_opts(pattern_days: u32, days: u32, replicates: u32) -> SimOptions {
    let mut o = SimOptions::standard().with_days(days).fixed(replicates);
    o.pattern_days = pattern_days;
    o
}

fn settings(sim: Option<SimOptions>) -> CompareSettings {
    CompareSettings {
        sim,
        ..CompareSettings::default()
    }
}

/// Issue 9: "the same seed and common random numbers make option-minus-base differences have a
/// smaller interval than unpaired runs (measured in a test)".
#[test]
fn paired_differences_are_narrower_than_unpaired() {
    let base = building("floorplans/legacy-corridor.json");
    let singles = building("scenarios/options/legacy-singles.toml");
    let o = sim_opts(7, 30, 40);
    let mut other_seed = o.clone();
    other_seed.seed = o.seed + 1000;
    let b = simulate_risk(&base, &o, &mut |_| {}).unwrap().risk;
    let s_paired = simulate_risk(&singles, &o, &mut |_| {}).unwrap().risk;
    let s_indep = simulate_risk(&singles, &other_seed, &mut |_| {})
        .unwrap()
        .risk;
    let rates = |r: &SimRisk| {
        r.replicates
            .iter()
            .map(ReplicateRisk::attack_rate)
            .collect::<Vec<_>>()
    };
    let paired = stats::paired_difference(&rates(&s_paired), &rates(&b)).unwrap();
    let unpaired = stats::welch_difference(&rates(&s_indep), &rates(&b)).unwrap();
    eprintln!(
        "Singles minus legacy, resident attack rate, 40 replicates x 30 days: paired {:+.3} ({:+.3} to {:+.3}, width {:.3}); unpaired (seed {} vs {}) {:+.3} ({:+.3} to {:+.3}, width {:.3})",
        paired.mean,
        paired.lo95,
        paired.hi95,
        paired.width(),
        other_seed.seed,
        o.seed,
        unpaired.mean,
        unpaired.lo95,
        unpaired.hi95,
        unpaired.width()
    );
    assert!(
        paired.width() < unpaired.width(),
        "paired {paired:?} vs unpaired {unpaired:?}"
    );
    // `score::sim::difference` picks the paired interval only when the seeds agree.
    let d = sim::difference(&s_paired, &b).unwrap();
    assert!(d.paired && d.attack_rate == paired);
    let d = sim::difference(&s_indep, &b).unwrap();
    assert!(!d.paired && d.attack_rate == unpaired);
}

#[test]
fn bundled_comparison_goes_the_way_the_evidence_says() {
    let out = compare_files(&[], &settings(Some(sim_opts(7, 30, 30))), &|_| {}).unwrap();
    let c = &out.comparison;
    let names: Vec<&str> = c.candidates.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    let at = |name: &str| {
        c.candidates
            .iter()
            .position(|x| x.name.starts_with(name))
            .unwrap()
    };
    let (base, singles, households, ventilation, newbuild) = (
        0,
        at("Singles"),
        at("Households"),
        at("Visiting + ventilation"),
        at("Household new build"),
    );
    let q = |i: usize| c.candidates[i].scorecard.qol.unwrap();
    let r = |i: usize| c.candidates[i].scorecard.risk.unwrap();
    let ar = |i: usize| c.candidates[i].sim.as_ref().unwrap().attack_rate;
    for (i, cand) in c.candidates.iter().enumerate() {
        let s = cand.sim.as_ref().unwrap();
        let d = c.vs_base[i].as_ref();
        eprintln!(
            "{:<24} QoL {:5.1}  risk {:5.1} ({:5.1}-{:5.1})  attack rate {:.3} ({:.3}-{:.3})  P(>5) {:.2}  vs base {}",
            cand.name.chars().take(24).collect::<String>(),
            q(i),
            r(i),
            cand.scorecard.risk_lo95.unwrap(),
            cand.scorecard.risk_hi95.unwrap(),
            s.attack_rate.mean,
            s.attack_rate.lo95,
            s.attack_rate.hi95,
            s.p_outbreak_gt5.p,
            d.map_or("-".into(), |d| format!(
                "{:+.3} ({:+.3} to {:+.3})",
                d.attack_rate.mean, d.attack_rate.lo95, d.attack_rate.hi95
            ))
        );
        // The simulated metrics are on the risk axis, with the interval the report shows.
        assert!(
            cand.scorecard
                .components
                .iter()
                .any(|k| k.metric == sim::ATTACK_RATE_KEY && k.value == Some(s.attack_rate.mean))
        );
        assert!(
            cand.scorecard.risk_lo95.unwrap() <= r(i) && r(i) <= cand.scorecard.risk_hi95.unwrap()
        );
    }
    // Singles and households: higher quality of life and a lower risk index (geometry and
    // simulated outbreak together), so the two converge.
    for i in [singles, households] {
        assert!(
            r(i) < r(base) && q(i) > q(base),
            "{}: risk {} vs {}, QoL {} vs {}",
            names[i],
            r(i),
            r(base),
            q(i),
            q(base)
        );
        assert_eq!(c.verdicts[i].qol, Some(Change::Better), "{}", names[i]);
        assert_eq!(c.verdicts[i].risk, Some(Change::Better), "{}", names[i]);
        assert_eq!(c.verdicts[i].words, "better on both");
    }
    // What the simulation says on its own, against the evidence: smaller households lower the
    // attack rate (Brown et al. 2021, JAMA Intern Med 181:229: homes with crowding index ≥ 2 had
    // about twice the incidence), resolved by the paired interval; singles (fewer residents,
    // same shared lounges and dining rooms) do not raise it.
    let d = c.vs_base[households].unwrap();
    assert!(d.paired);
    assert!(
        d.attack_rate.hi95 < 0.0,
        "households vs base: {:?}",
        d.attack_rate
    );
    let d = c.vs_base[singles].unwrap();
    assert!(d.paired);
    assert!(
        d.attack_rate.mean < 0.0 && d.attack_rate.lo95 < 0.0,
        "singles vs base: {:?}",
        d.attack_rate
    );
    // The new build: far lower, beyond noise.
    let d = c.vs_base[newbuild].unwrap();
    assert!(
        d.attack_rate.hi95 < 0.0,
        "new build vs base: {:?}",
        d.attack_rate
    );
    // Same building, same people, more outdoor air and air cleaners: the attack rate falls, and
    // the paired interval resolves it.
    let d = c.vs_base[ventilation].unwrap();
    assert!(
        d.attack_rate.hi95 < 0.0,
        "ventilation vs base: {:?}",
        d.attack_rate
    );
    assert!(ar(ventilation).mean < ar(base).mean);
    // The new build dominates the base on both axes and is on the Pareto front.
    assert!(q(newbuild) > q(base) && r(newbuild) < r(base));
    assert!(c.pareto[newbuild] && !c.pareto[base]);
    // Costs per point are given where the option file costs its ops.
    assert!(c.value[singles].per_qol_point.is_some() && c.value[singles].per_risk_point.is_some());
    // Every output file is there; the page is self-contained (no external references).
    let files: Vec<&str> = out.files.iter().map(|f| f.0.as_str()).collect();
    for f in [
        "report.html",
        "summary.json",
        "scorecard.csv",
        "risk.csv",
        "replicates.csv",
        "pareto.svg",
        "pareto.png",
        "attack-rate.svg",
        "attack-rate.png",
        "outbreak-size.svg",
        "outbreak-size.png",
    ] {
        assert!(files.contains(&f), "{f} missing from {files:?}");
    }
    let file = |name: &str| {
        String::from_utf8(out.files.iter().find(|f| f.0 == name).unwrap().1.clone()).unwrap()
    };
    let html = file("report.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http")
    );
    assert_eq!(
        html.matches("<h2>").count(),
        6 + 4,
        "summary, value for money, one section per option, every metric, method"
    );
    assert!(html.contains("attack rate (95% interval)") && html.contains("vs base (paired, 95%)"));
    assert!(html.contains("within Monte Carlo noise"));
    // Error bars on the Pareto chart: three path elements per option beyond the plain chart.
    let pareto = file("pareto.svg");
    assert!(pareto.matches("<polyline").count() >= 3 * 6, "{pareto}");
    // CSV: one risk row per option, one replicate row per option and replicate.
    assert_eq!(file("risk.csv").lines().count(), 1 + 6);
    assert_eq!(file("replicates.csv").lines().count(), 1 + 6 * 30);
    let json: serde_json::Value = serde_json::from_str(&file("summary.json")).unwrap();
    assert!(json["candidates"][0]["sim"]["attack_rate"]["lo95"].is_number());
    assert!(json["vs_base"][singles]["attack_rate"]["hi95"].is_number());
    // PNGs are real PNGs.
    let png = &out.files.iter().find(|f| f.0 == "pareto.png").unwrap().1;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // Overlays on every option's plan, per floor: room-air dose, daylight factor, visual
    // integration; each a PNG file and inlined in the page.
    let floors: Vec<Vec<String>> = ["legacy-corridor", "household-newbuild"]
        .iter()
        .map(|p| {
            let b = building(&format!("floorplans/{p}.json"));
            b.floors.iter().map(|f| f.id.clone()).collect()
        })
        .collect();
    let mut expected_overlays = 0;
    for (option, fids) in [(1, &floors[0]), (2, &floors[0]), (6, &floors[1])] {
        for fid in fids {
            for kind in ["exposure", "daylight", "vga"] {
                let name = format!("option-{option}-{kind}-{fid}.png");
                let png = &out.files.iter().find(|f| f.0 == name).expect(&name).1;
                assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}");
            }
        }
    }
    for b in &c.candidates {
        let plan = usize::from(b.kind == Kind::NewBuild);
        expected_overlays += 3 * floors[plan].len();
    }
    assert_eq!(
        html.matches("<figure class=\"overlay\"><img alt=").count(),
        expected_overlays
    );
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        expected_overlays
    );
    assert!(html.contains("room-air dose inhaled per outbreak replicate"));
}

#[test]
fn compare_outputs_are_identical_at_one_and_two_threads() {
    let s = settings(Some(sim_opts(1, 8, 6)));
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| compare_files(&[], &s, &|_| {}).unwrap().files)
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.len(), two.len());
    for ((n1, b1), (n2, b2)) in one.iter().zip(&two) {
        assert_eq!(n1, n2);
        assert!(b1 == b2, "{n1} differs between 1 and 2 threads");
    }
}

/// A candidate whose risk axis is one simulated metric (the attack rate) and one geometry metric
/// valued `geometry`, with replicate attack rates `rates` (of 10 residents) from `seed`.
fn synthetic(name: &str, geometry: f64, cases: &[u32], seed: u64) -> Candidate {
    common::candidates::candidate(
        r#"schema = "carehome-scoring/1"
name = "test"
[[item]]
metric = "g"
axis = "qol"
weight = 1
worst = 0.0
best = 1.0
reason = "test"
[[item]]
metric = "g"
axis = "risk"
weight = 1
worst = 0.0
best = 1.0
reason = "test"
[[item]]
metric = "sim.resident_attack_rate"
axis = "risk"
weight = 1
worst = 1.0
best = 0.0
reason = "test"
"#,
        Synthetic {
            name: name.into(),
            geometry,
            cases,
            residents: 10,
            cost: 1000.0,
            seed,
        },
    )
}

#[test]
fn differences_within_monte_carlo_noise_are_inconclusive_never_decided() {
    // Base: geometry 0.5 (QoL 50, geometry risk sub-score 50), attack rates 0.2, 0.6, 0.2, 0.6.
    let base = synthetic("base", 0.5, &[2, 6, 2, 6], 7);
    // A: same geometry; attack rates 0.1, 0.7, 0.1, 0.7 → mean 0.4 = the base's: paired
    // differences −0.1, +0.1, −0.1, +0.1: mean 0, sd 0.1155, se 0.0577, t(3) = 3.182, interval
    // ±0.184; through the index (attack rate weight 1 of 2: 50 points per unit) ±9.2 points,
    // which reaches past the 1-point threshold: inconclusive.
    let a = synthetic("a", 0.5, &[1, 7, 1, 7], 7);
    // B: same geometry; replicate by replicate 0.1 lower than the base: differences all −0.1,
    // standard error 0, interval [−0.1, −0.1] — a real difference. Its risk index is
    // 100 − (50 + 70)/2 = 40 against the base's 100 − (50 + 60)/2 = 45: 5 points safer.
    let b = synthetic("b", 0.5, &[1, 5, 1, 5], 7);
    // C: the same outcomes as B but from another seed: independent runs. Both samples have
    // variance 4·0.2²/3 = 0.05333, so Welch's se = √(2·0.05333/4) = 0.1633 with ν = 6 and the
    // interval is −0.1 ± 2.447·0.1633 = −0.1 ± 0.400: within noise.
    let c = synthetic("c", 0.5, &[1, 5, 1, 5], 8);
    let cmp = carehome::score::compare(vec![base, a, b, c], &Default::default(), None);
    let close = |x: Option<f64>, y: f64| x.is_some_and(|x| (x - y).abs() < 1e-9);
    assert!(close(cmp.candidates[2].scorecard.risk, 40.0));
    assert!(close(cmp.candidates[0].scorecard.risk, 45.0));
    let d = |i: usize| cmp.vs_base[i].unwrap();
    assert!(d(1).paired && d(1).attack_rate_within_noise());
    assert!(d(2).paired && !d(2).attack_rate_within_noise());
    assert!(
        (d(2).attack_rate.lo95 + 0.1).abs() < 1e-12 && (d(2).attack_rate.hi95 + 0.1).abs() < 1e-12
    );
    assert!(!d(3).paired && d(3).attack_rate_within_noise());
    assert!(
        (d(3).attack_rate.hi95 - 0.300).abs() < 1e-3,
        "{:?}",
        d(3).attack_rate
    );
    let r = |i: usize| cmp.risk_vs_base[i].unwrap();
    assert!((r(1).hi95 - 50.0 * 0.1837).abs() < 0.05, "{:?}", r(1));
    assert!(close(Some(r(2).mean), -5.0) && close(Some(r(2).hi95), -5.0));
    // A and C: inconclusive (the noise could decide them); B: safer, QoL unchanged; only B has
    // a cost per risk point: 1000 / 5 points.
    assert_eq!(cmp.verdicts[1].risk, Some(Change::Inconclusive));
    assert_eq!(
        cmp.verdicts[1].words,
        "quality of life unchanged; risk inconclusive: run more replicates"
    );
    assert_eq!(cmp.verdicts[2].words, "safer, quality of life unchanged");
    assert_eq!(cmp.verdicts[3].risk, Some(Change::Inconclusive));
    let per = cmp.value[2].per_risk_point.unwrap();
    assert!((per.mean - 200.0).abs() < 1e-9 && (per.lo95 - 200.0).abs() < 1e-9);
    assert_eq!(cmp.value[3].per_risk_point, None);
    assert_eq!(cmp.value[2].rank_risk, Some(1));
    // B dominates the base beyond noise; nothing dominates B (A and C differ from it within
    // noise only).
    assert!(!cmp.pareto[0] && cmp.pareto[2]);
}

#[test]
fn compare_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.txt"), "keep me").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(["compare", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn compare_names_bad_simulation_input() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_carehome"))
            .arg("compare")
            .args(args)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["--replicates", "1"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--replicates must be at least 2"), "{err}");
    let (code, err) = run(&["--scenario", "no/such/scenario.toml"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no/such/scenario.toml"), "{err}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[interventions]\nventilation_ach = -1\n").unwrap();
    let (code, err) = run(&["--scenario", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("bad.toml") && err.contains("ventilation_ach"),
        "{err}"
    );
    let (code, err) = run(&["--no-sim", "--replicates", "5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--no-sim"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn no_sim_compares_geometry_only() {
    let out = compare_files(&[], &settings(None), &|_| {}).unwrap();
    let c = &out.comparison;
    assert!(c.candidates.iter().all(|x| x.sim.is_none()));
    assert!(c.vs_base.iter().all(Option::is_none));
    // The profile's simulated items are left out of the axis, not scored as 0: the legacy
    // home's risk index is that of its geometry alone (90.4 before the simulation joined it).
    let legacy = &c.candidates[0].scorecard;
    let sim_items: Vec<_> = legacy
        .components
        .iter()
        .filter(|k| k.metric.starts_with("sim."))
        .collect();
    assert_eq!(sim_items.len(), 2);
    assert!(
        sim_items
            .iter()
            .all(|k| k.value.is_none() && k.score.is_none())
    );
    assert!(
        (legacy.risk.unwrap() - 90.4).abs() < 0.05,
        "{:?}",
        legacy.risk
    );
    assert!(legacy.risk_lo95.is_none());
    let files: Vec<&str> = out.files.iter().map(|f| f.0.as_str()).collect();
    assert!(!files.contains(&"risk.csv") && files.contains(&"pareto.png"));
}

#[test]
fn the_bundled_profile_is_valid_and_every_item_has_a_reason() {
    let p = default_profile();
    assert!(
        p.items
            .iter()
            .all(|i| !i.reason.trim().is_empty() && i.weight > 0.0)
    );
    assert!(p.items.iter().any(|i| i.metric == sim::ATTACK_RATE_KEY));
    assert!(p.items.iter().any(|i| i.metric == sim::P_OUTBREAK_GT5_KEY));
    // An unknown metric in a profile is an error naming it.
    let src = carehome::score::DEFAULT_PROFILE_TOML
        .replace("privacy.single_room_share", "privacy.no_such_metric");
    let bad = carehome::score::profile_from_toml_str(&src).unwrap();
    let b = building("floorplans/green-house.json");
    let a = carehome::assess::assess(&b, &Default::default());
    let sim_metrics = sim::metrics(None, None);
    let e = carehome::score::scorecard(a.metrics().chain(sim_metrics.iter()), &bad).unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("privacy.no_such_metric"));
}

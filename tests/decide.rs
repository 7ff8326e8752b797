//! The decision layer (issue 15): verdicts consistent with the figures shown beside them, over
//! generated options and the bundled comparison at four seeds; adaptive replicates; value for
//! money checked by hand; options built on options; peers; thresholds within tolerance.

mod common;
use carehome::assess::{Better, Metric};
use carehome::score::{Candidate, Change, Comparison, Kind};
use carehome::workflow::{CompareSettings, SimOptions, compare_files};
use common::candidates::Synthetic;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// Asserts that no verdict says an axis improved (or worsened) while a figure shown for that
/// axis moved the other way beyond its interval, and that the risk index shown moves with the
/// verdict.
fn assert_consistent(c: &Comparison) {
    let base = &c.candidates[0];
    for (i, cand) in c.candidates.iter().enumerate().skip(1) {
        let v = &c.verdicts[i];
        let (q, qb) = (cand.scorecard.qol.unwrap(), base.scorecard.qol.unwrap());
        let (r, rb) = (cand.scorecard.risk.unwrap(), base.scorecard.risk.unwrap());
        let d = c.risk_vs_base[i].unwrap();
        assert!(
            (d.mean - (r - rb)).abs() < 1e-9,
            "{}: the difference shown is that of the indices shown",
            cand.name
        );
        let sim = c.vs_base[i];
        let sim_worse =
            sim.is_some_and(|s| s.attack_rate.lo95 > 0.0 || s.p_outbreak_gt5.lo95 > 0.0);
        let sim_better =
            sim.is_some_and(|s| s.attack_rate.hi95 < 0.0 || s.p_outbreak_gt5.hi95 < 0.0);
        match v.risk.unwrap() {
            Change::Better => {
                assert!(
                    r < rb && d.hi95 < 0.0,
                    "{}: safer but index {r} vs {rb}",
                    cand.name
                );
                assert!(
                    !sim_worse,
                    "{}: safer but a simulated figure is worse",
                    cand.name
                );
            }
            Change::Worse => {
                assert!(
                    r > rb && d.lo95 > 0.0,
                    "{}: riskier but index {r} vs {rb}",
                    cand.name
                );
                assert!(
                    !sim_better,
                    "{}: riskier but a simulated figure is better",
                    cand.name
                );
            }
            Change::Unchanged => assert!(
                (r - rb).abs() < 1.0 || (d.lo95 >= -1.0 && d.hi95 <= 1.0),
                "{}: unchanged but index {r} vs {rb}",
                cand.name
            ),
            Change::Inconclusive => assert!(d.lo95 <= 0.0 && d.hi95 >= 0.0),
            Change::Mixed => assert!(sim_worse || sim_better),
        }
        match v.qol.unwrap() {
            Change::Better => assert!(q > qb + 0.999, "{}", cand.name),
            Change::Worse => assert!(q < qb - 0.999, "{}", cand.name),
            _ => assert!((q - qb).abs() <= 1.0 + 1e-9, "{}", cand.name),
        }
        // The words say what the judgements say.
        let w = &v.words;
        let says_safer = w.starts_with("safer") || w == "better on both";
        let says_riskier = w.starts_with("riskier") || w == "worse on both";
        assert_eq!(says_safer, v.risk == Some(Change::Better), "{w}");
        assert_eq!(says_riskier, v.risk == Some(Change::Worse), "{w}");
        assert!(
            !w.contains("Converges") && !w.contains("NoGain") && !w.contains('_'),
            "{w}"
        );
        // Costs per risk point exist only where the option is judged safer, and are positive
        // for a positive cost.
        if let Some(p) = c.value[i].per_risk_point {
            assert_eq!(v.risk, Some(Change::Better));
            assert!(p.lo95 <= p.mean && p.mean <= p.hi95);
        }
    }
}

/// A candidate with one geometry metric `g` (both axes) and the simulated attack rate (risk).
fn synthetic(geometry: f64, cases: &[u32], seed: u64) -> Candidate {
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
weight = 2
worst = 1.0
best = 0.0
reason = "test"
[[item]]
metric = "sim.p_outbreak_gt5"
axis = "risk"
weight = 1
worst = 1.0
best = 0.0
reason = "test"
"#,
        Synthetic {
            name: format!("g{geometry:.3}"),
            geometry,
            cases,
            residents: 20,
            cost: 10_000.0,
            seed,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Many generated options against a base: geometry and replicate outcomes drawn at random
    /// (paired through shared seeds, or independent), every verdict consistent with its figures.
    #[test]
    fn generated_verdicts_agree_with_the_figures_shown(
        base_g in 0.0..1.0f64,
        opts in prop::collection::vec((0.0..1.0f64, prop::collection::vec(0u32..=20, 12), any::<bool>()), 1..6),
        base_cases in prop::collection::vec(0u32..=20, 12),
    ) {
        let mut cands = vec![synthetic(base_g, &base_cases, 1)];
        for (g, cases, paired) in &opts {
            cands.push(synthetic(*g, cases, if *paired { 1 } else { 2 }));
        }
        let c = carehome::score::compare(cands, &Default::default(), None);
        assert_consistent(&c);
    }
}

/// The default comparison (adaptive replicates) of the bundled set with seed `seed`.
fn bundled(seed: u64) -> Comparison {
    let mut sim = SimOptions::standard();
    sim.seed = seed;
    let settings = CompareSettings {
        sim: Some(sim),
        ..CompareSettings::default()
    };
    compare_files(&[], &settings, &|_| {}).unwrap().comparison
}

/// Issue 15: "Verdicts of the bundled comparison must be the same at seeds 1–4", and consistent
/// with the figures shown at each.
#[test]
fn bundled_verdicts_are_the_same_at_seeds_1_to_4() {
    let runs: Vec<Comparison> = (1..=4).map(bundled).collect();
    for (k, c) in runs.iter().enumerate() {
        let s = c.sampling.as_ref().unwrap();
        eprintln!(
            "seed {}: {} replicates in {} batches",
            k + 1,
            s.replicates,
            s.batches
        );
        for (cand, v) in c.candidates.iter().zip(&c.verdicts) {
            eprintln!(
                "  {:<28} {}",
                cand.name.chars().take(28).collect::<String>(),
                v.words
            );
        }
        assert_consistent(c);
        assert!(!s.cap_reached, "seed {}: {:?}", k + 1, s.unsettled);
    }
    let words = |c: &Comparison| {
        c.verdicts
            .iter()
            .map(|v| v.words.clone())
            .collect::<Vec<_>>()
    };
    for c in &runs[1..] {
        assert_eq!(words(c), words(&runs[0]));
    }
}

/// Small adaptive settings: batches of 4 up to 12 replicates, one day of movement, 8 days.
fn small_adaptive() -> SimOptions {
    let mut o = SimOptions::standard().with_days(8);
    o.pattern_days = 1;
    o.replicates = 4;
    o.max_replicates = 12;
    o
}

#[test]
fn adaptive_replicates_are_identical_at_one_and_two_threads_and_state_the_cap() {
    let settings = CompareSettings {
        sim: Some(small_adaptive()),
        ..CompareSettings::default()
    };
    let plans = [
        root("floorplans/legacy-corridor.json"),
        root("scenarios/options/legacy-visiting-ventilation.toml"),
        root("scenarios/options/legacy-ensuites.toml"),
    ];
    let run = |t: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .unwrap()
            .install(|| compare_files(&plans, &settings, &|_| {}).unwrap())
    };
    let (one, two) = (run(1), run(2));
    for ((n1, b1), (n2, b2)) in one.files.iter().zip(&two.files) {
        assert_eq!(n1, n2);
        assert!(b1 == b2, "{n1} differs between 1 and 2 threads");
    }
    let s = one.comparison.sampling.as_ref().unwrap();
    // Every option ran the same replicates (so the differences stay paired), a multiple of the
    // batch, at most the cap; when it stopped early every verdict was settled, and when it hit
    // the cap the unsettled ones are named and the report says so.
    assert!(s.replicates % 4 == 0 && s.replicates <= 12 && s.batches == s.replicates / 4);
    for c in &one.comparison.candidates {
        assert_eq!(
            c.sim.as_ref().unwrap().replicates.len() as u32,
            s.replicates
        );
    }
    let unsettled: Vec<String> = one
        .comparison
        .candidates
        .iter()
        .zip(&one.comparison.verdicts)
        .filter(|(_, v)| v.risk == Some(Change::Inconclusive))
        .map(|(c, _)| c.name.clone())
        .collect();
    assert_eq!(s.unsettled, unsettled);
    assert_eq!(s.cap_reached, !unsettled.is_empty());
    if s.cap_reached {
        let html = String::from_utf8(two.files[0].1.clone()).unwrap();
        assert!(html.contains("the cap of 12 was reached"), "cap not stated");
    } else {
        assert!(s.replicates < 12 || s.batches == 3);
    }
}

fn no_sim(profile: Option<&str>, budget: Option<f64>) -> CompareSettings {
    CompareSettings {
        sim: None,
        budget,
        profile: profile.map_or_else(carehome::score::default_profile, |p| {
            carehome::score::profile_from_toml_str(p).unwrap()
        }),
        ..CompareSettings::default()
    }
}

#[test]
fn lost_beds_are_costed_by_hand_and_the_budget_marks_what_fits() {
    // Singles loses 12 beds (49 -> 37), households 14 (-> 35), en-suites 6 (-> 43); ventilation
    // none. Op costs (option files): 75,000; 103,000; 132,500; 194,600.
    let profile = format!(
        "{}\n[money]\ncurrency = \"EUR\"\nincome_per_bed_year = 10000\nhorizon_years = 2\n",
        carehome::score::DEFAULT_PROFILE_TOML
    );
    let out = compare_files(&[], &no_sim(Some(&profile), Some(120_000.0)), &|_| {}).unwrap();
    let c = &out.comparison;
    let at = |n: &str| {
        c.candidates
            .iter()
            .position(|x| x.name.starts_with(n))
            .unwrap()
    };
    let v = |n: &str| &c.value[at(n)];
    assert_eq!(c.money.currency, "EUR");
    assert_eq!(v("Singles").beds_change, -12);
    assert_eq!(v("Singles").beds_cost, 12.0 * 10_000.0 * 2.0);
    assert_eq!(v("Singles").total, Some(75_000.0 + 240_000.0));
    assert_eq!(v("Households").total, Some(103_000.0 + 280_000.0));
    assert_eq!(v("En-suites").total, Some(132_500.0 + 120_000.0));
    assert_eq!(v("Visiting").total, Some(194_600.0));
    // The budget compares capital: 75,000 and 103,000 fit 120,000; the others do not; the new
    // build has no cost.
    assert_eq!(v("Singles").fits_budget, Some(true));
    assert_eq!(v("Households").fits_budget, Some(true));
    assert_eq!(v("En-suites").fits_budget, Some(false));
    assert_eq!(v("Visiting").fits_budget, Some(false));
    assert_eq!(v("Household new build").fits_budget, None);
    // Cost per QoL point: total / QoL gain, ranked ascending.
    let s = at("Singles");
    let gain = c.candidates[s].scorecard.qol.unwrap() - c.candidates[0].scorecard.qol.unwrap();
    let p = c.value[s].per_qol_point.unwrap();
    assert!((p.mean - 315_000.0 / gain).abs() < 1e-6);
    let ranked: Vec<(f64, usize)> = c
        .value
        .iter()
        .filter_map(|v| Some((v.per_qol_point?.mean, v.rank_qol?)))
        .collect();
    for a in &ranked {
        for b in &ranked {
            assert!(
                a.0 >= b.0 || a.1 < b.1,
                "ranks follow cost per point: {ranked:?}"
            );
        }
    }
    // In risk.csv? Not without simulation; summary.json and the report carry the currency.
    let json = String::from_utf8(
        out.files
            .iter()
            .find(|f| f.0 == "summary.json")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(json.contains("\"currency\": \"EUR\"") && json.contains("\"per_risk_point\""));
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(
        html.contains("Value for money")
            && html.contains("Costs in EUR")
            && html.contains("over budget")
    );
}

/// A temporary folder inside target/ (never outside the build tree).
fn tmp(name: &str) -> PathBuf {
    let d = root("target/tmp-decide").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn an_option_builds_on_another_option() {
    let d = tmp("chain");
    let base = root("floorplans/legacy-corridor.json");
    let a = format!(
        "schema = \"carehome-options/1\"\nname = \"A\"\nbase = {:?}\n\n[[ops]]\nop = \"set_beds\"\nroom = \"G-B03\"\nbeds = 1\ncost = 500\n",
        base.display().to_string()
    );
    std::fs::write(d.join("a.toml"), a).unwrap();
    let b = "schema = \"carehome-options/1\"\nname = \"B\"\nbase = \"a.toml\"\n\n[[ops]]\nop = \"add_air_cleaner\"\nrooms = [\"G-LNG\"]\ncadr_m3_h = 400\ncost = 800\n";
    std::fs::write(d.join("b.toml"), b).unwrap();
    let o = carehome::io::read_option(&d.join("b.toml"), &Default::default()).unwrap();
    // B's plan is A's ops then B's, applied to the legacy plan.
    let legacy = carehome::plan::from_json_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    let ops_a =
        carehome::options::from_toml_str(&std::fs::read_to_string(d.join("a.toml")).unwrap())
            .unwrap()
            .ops;
    let ops_b = o.file.ops.clone();
    let by_hand = carehome::options::apply(
        &carehome::options::apply(&legacy, &ops_a).unwrap().plan,
        &ops_b,
    )
    .unwrap();
    assert_eq!(o.applied.plan, by_hand.plan);
    assert_eq!(o.applied.changed, ["G-B03", "G-LNG"]);
    let ops: Vec<_> = o.all_ops().cloned().collect();
    assert_eq!(carehome::options::total_cost(&ops), Some(1_300.0));
    // In a comparison it is a retrofit costing both files' ops.
    let out = compare_files(
        &[base.clone(), d.join("a.toml"), d.join("b.toml")],
        &no_sim(None, None),
        &|_| {},
    )
    .unwrap();
    assert_eq!(out.comparison.candidates[2].cost, Some(1_300.0));
    assert!(!out.comparison.peers);
}

#[test]
fn option_chains_with_a_cycle_are_refused_naming_the_files() {
    let d = tmp("cycle");
    let f = |name: &str, base: &str| {
        format!("schema = \"carehome-options/1\"\nname = \"{name}\"\nbase = \"{base}\"\n")
    };
    std::fs::write(d.join("c.toml"), f("C", "d.toml")).unwrap();
    std::fs::write(d.join("d.toml"), f("D", "c.toml")).unwrap();
    match carehome::io::read_option(&d.join("c.toml"), &Default::default()) {
        Err(carehome::io::LoadError::Io { message, .. }) => {
            assert!(
                message.contains("cycle")
                    && message.contains("c.toml")
                    && message.contains("d.toml"),
                "{message}"
            );
        }
        other => panic!("expected a cycle error, got {other:?}"),
    }
    // Built on itself.
    std::fs::write(d.join("e.toml"), f("E", "e.toml")).unwrap();
    assert!(matches!(
        carehome::io::read_option(&d.join("e.toml"), &Default::default()),
        Err(carehome::io::LoadError::Io { message, .. }) if message.contains("cycle")
    ));
}

#[test]
fn option_errors_name_the_option_file_and_the_line_of_each_step() {
    let d = tmp("lines");
    let base = root("floorplans/legacy-corridor.json");
    let a = format!(
        "schema = \"carehome-options/1\"\nname = \"A\"\nbase = {:?}\n",
        base.display().to_string()
    );
    std::fs::write(d.join("a.toml"), a).unwrap();
    // Steps 1 and 3 fail (lines 5 and 13); step 2 is fine.
    let b = "schema = \"carehome-options/1\"\nname = \"B\"\nbase = \"a.toml\"\n\n[[ops]]\nop = \"set_beds\"\nroom = \"NOPE\"\nbeds = 1\n\n[[ops]]\nop = \"set_beds\"\nroom = \"G-B03\"\nbeds = 1\n[[ops]]\nop = \"remove_door\"\ndoor = \"NOPE-D\"\n";
    std::fs::write(d.join("b.toml"), b).unwrap();
    match carehome::io::read_option(&d.join("b.toml"), &Default::default()) {
        Err(carehome::io::LoadError::Invalid { path, diagnostics }) => {
            assert!(path.ends_with("b.toml"), "{path:?}");
            let lines: Vec<Option<usize>> = diagnostics.iter().map(|x| x.line).collect();
            assert_eq!(lines, [Some(5), Some(14)], "{diagnostics:#?}");
        }
        other => panic!("{other:?}"),
    }
    // A plan problem caused by an op (a door added off every wall) points at that step of the
    // option file, never at a line of the base plan.
    let c = "schema = \"carehome-options/1\"\nname = \"C\"\nbase = \"a.toml\"\n\n[[ops]]\nop = \"add_door\"\nid = \"X-D1\"\nrooms = [\"G-LNG\", \"G-COR\"]\nat = [500.0, 500.0]\nwidth_m = 0.9\n";
    std::fs::write(d.join("c.toml"), c).unwrap();
    let loaded = carehome::io::read_plan(&d.join("c.toml")).unwrap();
    let mut checked = carehome::building::resolve(&loaded.plan);
    assert!(!checked.is_valid());
    carehome::io::locate_lines(&loaded, &mut checked.diagnostics);
    let about_door: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|x| x.element.as_ref().is_some_and(|e| e.id == "X-D1"))
        .collect();
    assert!(!about_door.is_empty(), "{:#?}", checked.diagnostics);
    for x in about_door {
        assert_eq!(x.line, Some(5), "{x:?}");
    }
    for x in &checked.diagnostics {
        assert!(
            x.line.is_none() || x.line == Some(5),
            "a line not of this file's steps: {x:?}"
        );
    }
    // The comparison reports it against the option file, with the step's line.
    match compare_files(&[base, d.join("c.toml")], &no_sim(None, None), &|_| {}) {
        Err(carehome::workflow::CompareError::Invalid { file, diagnostics }) => {
            assert!(file.ends_with("c.toml"));
            assert!(diagnostics.iter().any(|x| x.line == Some(5)));
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("an invalid option compared"),
    }
}

#[test]
fn two_new_layouts_compare_as_peers() {
    let plans = [
        root("floorplans/household-newbuild.json"),
        root("floorplans/legacy-corridor.json"),
    ];
    let out = compare_files(&plans, &no_sim(None, None), &|_| {}).unwrap();
    let c = &out.comparison;
    assert!(c.peers);
    assert_eq!(c.verdicts[0].words, "reference");
    // The legacy home is worse on both than the new build it is compared with.
    assert_eq!(c.verdicts[1].words, "worse on both");
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(
        html.contains("Reference plan")
            && html.contains("peer layouts")
            && !html.contains("Base plan")
    );
    let table = carehome::report::decision::summary_table(c);
    assert!(
        table.contains("vs Household new build") && !table.contains("vs base"),
        "{table}"
    );
}

#[test]
fn every_metric_side_by_side_with_fails_and_improvements() {
    let out = compare_files(&[], &no_sim(None, None), &|_| {}).unwrap();
    let csv = String::from_utf8(
        out.files
            .iter()
            .find(|f| f.0 == "metrics.csv")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let metrics = out.comparison.candidates[0].metrics.len();
    assert!(metrics > 20);
    assert_eq!(rows.len(), metrics * 6, "one row per metric and option");
    // The base's single-room share fails its threshold of 100%; the singles option passes and is
    // marked improved.
    let row = |opt: &str| {
        rows.iter()
            .find(|r| r.starts_with("privacy.single_room_share,") && r.contains(opt))
            .unwrap()
            .to_string()
    };
    // It names the shared rooms: the legacy home's twins and wards, G-B03 among them.
    assert!(
        row("Legacy").contains(",FAIL,") && row("Legacy").contains("G-B03"),
        "{}",
        row("Legacy")
    );
    assert!(
        row("Singles").contains(",improved,pass,"),
        "{}",
        row("Singles")
    );
    // The same names in `assess` and `--explain`.
    let b = carehome::building::resolve(
        &carehome::plan::from_json_str(
            &std::fs::read_to_string(root("floorplans/legacy-corridor.json")).unwrap(),
        )
        .unwrap(),
    )
    .building
    .unwrap();
    let a = carehome::assess::assess(&b, &Default::default());
    let table = carehome::report::assessment::table(&a);
    let line = table
        .lines()
        .find(|l| l.contains("Residents in single rooms"))
        .unwrap();
    assert!(line.contains("FAIL") && line.contains("G-B03"), "{line}");
    let ex = carehome::report::assessment::explain(&a, "privacy.single_room_share").unwrap();
    assert!(ex.contains("FAIL (") && ex.contains("G-B03"), "{ex}");
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(html.contains("Every metric side by side") && html.contains("class=fail"));
}

#[test]
fn thresholds_are_met_within_the_stated_tolerance() {
    let m = |v: f64| Metric {
        key: "space.narrowest_corridor_m",
        label: "",
        value: Some(v),
        unit: "m",
        better: Better::Higher,
        threshold: Some(1.8),
        source: "",
        how: "",
        failing: vec![],
    };
    // 1.80 m from area and perimeter can come out a hair below 1.8.
    assert_eq!(m(1.8 - 1e-12).pass(), Some(true));
    assert_eq!(m(1.7995).pass(), Some(true));
    assert_eq!(m(1.79).pass(), Some(false));
    // A corridor 1.8 m wide, 30 m long: w = (P − √(P² − 16A))/4 in floating point.
    let w = carehome::assess::space::corridor_width_m(1.8 * 30.0, 2.0 * (1.8 + 30.0)).unwrap();
    assert_eq!(m(w).pass(), Some(true), "{w}");
}

/// Issue 15: the search "on small sets equals brute force". Brute force here: each of the 2^4
/// combinations of the bundled retrofits built by hand and evaluated on its own (fixed
/// replicates, so a plan's outcome does not depend on what it is evaluated with), the front
/// found by checking every pair.
#[test]
fn search_equals_brute_force_on_the_bundled_retrofits() {
    let mut sim = SimOptions::standard().with_days(8).fixed(6);
    sim.pattern_days = 1;
    let settings = CompareSettings {
        sim: Some(sim),
        ..CompareSettings::default()
    };
    let found = carehome::workflow::search_files(&[], &settings, &|_| {}).unwrap();
    let (base, opts) = carehome::workflow::bundled_retrofits();
    let n = opts.len();
    let mut brute: Vec<(Vec<usize>, f64, f64, f64)> = Vec::new();
    for mask in 0u32..(1 << n) {
        let combo: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        let ops: Vec<_> = combo.iter().flat_map(|&i| opts[i].1.ops.clone()).collect();
        let Ok(a) = carehome::options::apply(&base, &ops) else {
            continue;
        };
        if !carehome::building::resolve(&a.plan).is_valid() {
            continue;
        }
        let input = |plan, kind| carehome::workflow::Input::plain("", "", kind, plan);
        let ev = carehome::workflow::evaluate(
            vec![
                input(base.clone(), Kind::Base),
                input(a.plan, Kind::Retrofit),
            ],
            &settings,
            &|_| {},
        )
        .unwrap();
        let c = &ev.candidates[1];
        let cost: f64 = ops.iter().filter_map(|o| o.cost()).sum();
        brute.push((
            combo,
            cost,
            c.scorecard.qol.unwrap(),
            c.scorecard.risk.unwrap(),
        ));
    }
    let dominated = |x: &(Vec<usize>, f64, f64, f64)| {
        brute.iter().any(|y| {
            y.1 <= x.1 && y.3 <= x.3 && y.2 >= x.2 && (y.1 < x.1 || y.3 < x.3 || y.2 > x.2)
        })
    };
    let mut front: Vec<Vec<usize>> = brute
        .iter()
        .filter(|x| !dominated(x))
        .map(|x| x.0.clone())
        .collect();
    front.sort();
    let mut got: Vec<Vec<usize>> = found
        .result
        .front
        .iter()
        .map(|p| p.combination.clone())
        .collect();
    got.sort();
    assert_eq!(got, front);
    assert!(found.result.exhaustive);
    // Every combination the brute force could build was evaluated once, with the same figures;
    // the ones it could not build are exactly those the search reports as conflicting.
    assert_eq!(found.result.evaluated.len(), brute.len());
    for p in &found.result.evaluated {
        let b = brute.iter().find(|b| b.0 == p.combination).unwrap();
        assert!(
            (b.2 - p.qol).abs() < 1e-9 && (b.3 - p.risk).abs() < 1e-9,
            "{p:?} vs {b:?}"
        );
    }
    assert!(!found.result.conflicts.is_empty());
    for c in &found.result.conflicts {
        assert!(
            !brute
                .iter()
                .any(|b| b.0.contains(&c.a) && b.0.contains(&c.b))
        );
    }
}

/// The heuristic (forced on a small synthetic set) keeps its stated promise: no front member is
/// dominated by any combination one move away, and each combination is evaluated once.
#[test]
fn heuristic_search_front_is_locally_optimal() {
    use carehome::options::search::{Point, dominates, search};
    // Seven candidates with additive cost and QoL and a risk reduction with diminishing returns;
    // three of them (3, 4, 6) cost money and change nothing, so most combinations are dominated.
    let cost = [10.0, 25.0, 40.0, 50.0, 60.0, 15.0, 70.0];
    let gain = [3.0, 6.0, 9.0, 0.0, 0.0, 4.0, 0.0];
    let qol = [1.0, 0.0, 4.0, 0.0, 0.0, 3.0, 0.0];
    let point = |c: &[usize]| Point {
        combination: c.to_vec(),
        cost: c.iter().map(|&i| cost[i]).sum(),
        qol: 30.0 + c.iter().map(|&i| qol[i]).sum::<f64>(),
        risk: 80.0 * (-c.iter().map(|&i| gain[i]).sum::<f64>() / 40.0).exp(),
        verdict: String::new(),
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut eval = |batch: &[Vec<usize>]| {
        for c in batch {
            assert!(seen.insert(c.clone()), "{c:?} evaluated twice");
        }
        batch.iter().map(|c| Some(point(c))).collect()
    };
    let conflicts = vec![carehome::options::search::Conflict {
        a: 1,
        b: 2,
        reason: "test".into(),
    }];
    let r = search(7, conflicts.clone(), None, 3, &mut eval);
    assert!(
        !r.exhaustive && r.optimality.contains("locally Pareto-optimal"),
        "{}",
        r.optimality
    );
    let exact = search(7, conflicts, None, 10, &mut |b: &[Vec<usize>]| {
        b.iter().map(|c| Some(point(c))).collect()
    });
    for p in &r.front {
        assert!(!(p.combination.contains(&1) && p.combination.contains(&2)));
        assert!(!r.evaluated.iter().any(|q| dominates(q, p)));
    }
    let on_exact = r
        .front
        .iter()
        .filter(|p| exact.front.iter().any(|q| q.combination == p.combination))
        .count();
    eprintln!(
        "heuristic: {} evaluations of {}, front {} of which {} on the exact front of {}",
        r.evaluated.len(),
        exact.evaluated.len(),
        r.front.len(),
        on_exact,
        exact.front.len()
    );
    assert!(r.evaluated.len() < exact.evaluated.len());
    // On this instance the local search finds the whole exact front.
    assert_eq!(on_exact, exact.front.len());
    assert_eq!(r.front.len(), exact.front.len());
}

/// The verdict rule is one text: `compare --help` prints the constant, the report's method notes
/// include it, and docs/options.md quotes it word for word.
#[test]
fn the_verdict_rule_is_documented_word_for_word() {
    let rule = carehome::score::decide::VERDICT_RULE;
    let doc = std::fs::read_to_string(root("docs/options.md")).unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squash(&doc).contains(&squash(rule)),
        "docs/options.md does not quote the rule"
    );
    let out = compare_files(&[], &no_sim(None, None), &|_| {}).unwrap();
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(html.contains(&rule.replace('>', "&gt;")));
}

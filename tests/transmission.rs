//! Transmission on top of daily life (issue 8): the air sweep against the analytic
//! Gammaitoni–Nucci integral, determinism across thread counts, and the direction of the
//! building and ventilation effects.

mod common;
use carehome::building::Building;
use carehome::epi::airborne::RoomAir;
use carehome::sim::transmission::{self, Model, Occupant, Params};
use carehome::sim::{self, Scenario};
use common::{bundled as building, scenario};

fn model(b: &Building, sc: &Scenario, pattern_days: u32) -> Model {
    let rec = sim::Simulation::new(b, sc).run_replicate(
        0,
        pattern_days,
        sim::RunOptions::default(),
        &mut |_| {},
    );
    Model::new(b, Params::from_scenario(sc).unwrap(), &rec)
}

/// One infectious person (E = 10 q/h) in a 50 m³ room at λ = 2/h from 0 to 2 h; a susceptible
/// (B = 0.5 m³/h) from 1 h to 3 h. With C(t) = E/(λV)(1 − e^(−λt)) while the emitter is there and
/// C(2)e^(−λ(t−2)) after (Gammaitoni & Nucci 1997):
/// ∫₁² C = E/(λV)·[1 − (e^(−λ) − e^(−2λ))/λ], ∫₂³ C = C(2)(1 − e^(−λ))/λ.
#[test]
fn two_person_dose_matches_the_analytic_integral() {
    let (e, v, lam, b) = (10.0_f64, 50.0_f64, 2.0_f64, 0.5_f64);
    let mut air = RoomAir::new(v, lam);
    let occ = [
        Occupant {
            person: 0,
            t0_h: 0.0,
            t1_h: 2.0,
            emission_quanta_per_h: e,
            effective_inhalation_m3_per_h: 0.0,
        },
        Occupant {
            person: 1,
            t0_h: 1.0,
            t1_h: 3.0,
            emission_quanta_per_h: 0.0,
            effective_inhalation_m3_per_h: b,
        },
    ];
    let mut dose = [0.0; 2];
    transmission::sweep_room(&mut air, &occ, 24.0, &mut dose);
    let css = e / (lam * v);
    let i12 = css * (1.0 - ((-lam).exp() - (-2.0 * lam).exp()) / lam);
    let c2 = css * (1.0 - (-2.0 * lam).exp());
    let i23 = c2 * (1.0 - (-lam).exp()) / lam;
    let expected = b * (i12 + i23);
    assert_eq!(dose[0], 0.0);
    assert!(
        ((dose[1] - expected) / expected).abs() < 1e-12,
        "{} vs {expected}",
        dose[1]
    );
    // The air keeps what is left at the end of the day.
    let c24 = c2 * (-lam * 22.0).exp();
    assert!((air.c_quanta_per_m3 - c24).abs() <= 1e-12 * c2);
}

fn run_on(
    threads: usize,
    m: &Model,
    seed: u64,
    n: u32,
    days: u32,
) -> Vec<transmission::ReplicateResult> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| transmission::run_replicates(m, seed, n, days))
}

#[test]
fn one_and_two_threads_give_identical_summaries() {
    let b = building("legacy-corridor");
    let sc = scenario("baseline.toml");
    let m = model(&b, &sc, 1);
    let r1 = run_on(1, &m, 7, 24, 20);
    let r2 = run_on(2, &m, 7, 24, 20);
    assert_eq!(r1, r2);
    let j1 = serde_json::to_string(&transmission::summarize(&m, 20, &r1).unwrap()).unwrap();
    let j2 = serde_json::to_string(&transmission::summarize(&m, 20, &r2).unwrap()).unwrap();
    assert_eq!(j1, j2);
    assert!(
        r1.iter().any(|r| r.resident_cases + r.staff_cases > 0),
        "no transmission at all"
    );
}

fn with(sc: &Scenario, extra: &str) -> Scenario {
    let mut s = sc.clone();
    let t: toml::Table = toml::from_str(extra).unwrap();
    for (k, v) in t {
        match k.as_str() {
            "interventions" => s.interventions = Some(v.as_table().unwrap().clone()),
            "staff" => s.staff = v.try_into().unwrap(),
            "pathogen" => s.pathogen = Some(v.as_table().unwrap().clone()),
            _ => panic!("{k}"),
        }
    }
    s
}

/// Whole-home plausibility (issue 8). Reference: Hashan et al. 2021 (EClinicalMedicine
/// 33:100771): pooled resident attack rate 45% (95% CI 32–58%) in single-facility outbreaks of
/// 2020. The comparison runs under 2020 infection control (`scenarios/covid-2020.toml`: staff
/// surgical masks per PHE guidance, isolation, sick leave), one carer or nurse infectious at day 0,
/// 30 days. Brown et al. 2021 (JAMA Intern Med 181:229): homes with crowding index ≥ 2 had 9.7%
/// vs 4.5% incidence (ratio 2.16); the legacy corridor home must exceed the household new build
/// by at least 1.5× (we require the direction with a margin, not Brown's exact ratio, which
/// pools many homes), with non-overlapping 95% intervals of the means.
#[test]
fn legacy_attack_rate_in_the_hashan_band_and_above_the_household_new_build() {
    const N: u32 = 200;
    const DAYS: u32 = 30;
    let sc = scenario("covid-2020.toml");
    let lg = building("legacy-corridor");
    let nb = building("household-newbuild");
    let m_lg = model(&lg, &sc, transmission::MAX_PATTERN_DAYS);
    let m_nb = model(&nb, &sc, transmission::MAX_PATTERN_DAYS);
    let s_lg = transmission::summarize(
        &m_lg,
        DAYS,
        &transmission::run_replicates(&m_lg, 1, N, DAYS),
    )
    .unwrap();
    let s_nb = transmission::summarize(
        &m_nb,
        DAYS,
        &transmission::run_replicates(&m_nb, 1, N, DAYS),
    )
    .unwrap();
    let (a, b) = (
        &s_lg.resident_attack_rate_mean,
        &s_nb.resident_attack_rate_mean,
    );
    eprintln!(
        "legacy {:.3} ({:.3}-{:.3}), new build {:.3} ({:.3}-{:.3}), ratio {:.2}; staff {:.3} / {:.3}; P(>5) {:.2} / {:.2}",
        a.mean,
        a.lo,
        a.hi,
        b.mean,
        b.lo,
        b.hi,
        a.mean / b.mean,
        s_lg.staff_attack_rate.mean,
        s_nb.staff_attack_rate.mean,
        s_lg.residents.p_outbreak_gt5,
        s_nb.residents.p_outbreak_gt5
    );
    assert!((0.32..=0.58).contains(&a.mean), "legacy {a:?}");
    assert!(a.mean >= 1.5 * b.mean, "legacy {a:?} vs new build {b:?}");
    assert!(a.lo > b.hi, "legacy {a:?} vs new build {b:?}");
}

/// Each intervention lowers the expected resident attack rate, significantly: the paired 95%
/// interval of (intervention − reference) lies below 0. Legacy corridor home (cohorting: the
/// household new build), 2020 practice as the reference, 30 days, 200 replicates with common random numbers.
#[test]
fn ventilation_masks_cohorting_and_isolation_lower_the_attack_rate() {
    const N: u32 = 200;
    const DAYS: u32 = 30;
    let lg = building("legacy-corridor");
    let base = scenario("covid-2020.toml");
    let p = transmission::MAX_PATTERN_DAYS;
    let run = |sc: &Scenario| {
        let m = model(&lg, sc, p);
        transmission::run_replicates(&m, 3, N, DAYS)
    };
    let reference = run(&base);
    let cases = [
        (
            "ventilation 6 ach",
            with(
                &base,
                "[interventions]\nmasks = { staff = \"surgical\" }\nventilation_ach = 6.0",
            ),
        ),
        (
            "FFP2 for staff",
            with(&base, "[interventions]\nmasks = { staff = \"ffp2\" }"),
        ),
        (
            "weekly testing of everyone (sensitivity 0.8)",
            with(
                &base,
                "[interventions]\nmasks = { staff = \"surgical\" }\n\
                 testing = { every_days = 7, sensitivity = 0.8, who = \"all\" }",
            ),
        ),
    ];
    for (name, sc) in &cases {
        assert_lowers(name, &reference, &run(sc));
    }
    // Cohorting staff to households: in the household new build, where households have their own
    // dining room and lounge (in the legacy home everybody shares one lounge and dining room, so
    // cohorting staff barely separates anyone: -0.06, not significant at 200 replicates).
    let nb = building("household-newbuild");
    let run_nb = |sc: &Scenario| {
        let m = model(&nb, sc, p);
        transmission::run_replicates(&m, 3, N, DAYS)
    };
    let cohorted = with(
        &base,
        "[interventions]\nmasks = { staff = \"surgical\" }\n[staff]\ncohorting = \"household\"",
    );
    assert_lowers(
        "cohorting by household (new build)",
        &run_nb(&base),
        &run_nb(&cohorted),
    );
    // Masks and isolation, against a reference without them.
    let none = with(
        &base,
        "[interventions]\nisolate_symptomatic_residents = true",
    );
    let no_masks = run(&none);
    assert_lowers("surgical masks for staff", &no_masks, &reference);
    let no_isolation = with(
        &base,
        "[interventions]\nmasks = { staff = \"surgical\" }\nisolate_symptomatic_residents = false",
    );
    assert_lowers(
        "isolation of symptomatic residents",
        &run(&no_isolation),
        &reference,
    );
}

/// Asserts that `changed` lowers the mean resident attack rate against `without` (paired
/// replicates): the 95% interval of the mean per-replicate difference lies below 0. Prints it.
fn assert_lowers(
    what: &str,
    without: &[transmission::ReplicateResult],
    changed: &[transmission::ReplicateResult],
) {
    let d = transmission::paired_difference(without, changed).unwrap();
    eprintln!("{what}: {:+.3} ({:+.3} to {:+.3})", d.mean, d.lo, d.hi);
    assert!(d.hi < 0.0, "{what}: {d:?}");
}

/// The legacy corridor home under 2020 practice (`covid-2020.toml`) and a week of its daily life
/// (movement replicate 0), for the outbreak tests that vary one setting on top.
fn legacy_2020_week() -> (Building, Scenario, sim::RunRecord) {
    let lg = building("legacy-corridor");
    let base = scenario("covid-2020.toml");
    let rec = sim::Simulation::new(&lg, &base).run_replicate(
        0,
        transmission::MAX_PATTERN_DAYS,
        sim::RunOptions::default(),
        &mut |_| {},
    );
    (lg, base, rec)
}

/// Common random numbers: 0.5 vs 6 ach on one plan. With the same seed (paired) the 95% interval
/// of the mean per-replicate difference is narrower than with different seeds (unpaired),
/// measured on the same replicates count.
#[test]
fn common_random_numbers_narrow_the_paired_interval() {
    const N: u32 = 100;
    const DAYS: u32 = 30;
    let (lg, base, rec) = legacy_2020_week();
    let at = |ach: f64| {
        let sc = with(
            &base,
            &format!(
                "[interventions]\nmasks = {{ staff = \"surgical\" }}\nventilation_ach = {ach:?}"
            ),
        );
        Model::new(&lg, Params::from_scenario(&sc).unwrap(), &rec)
    };
    let (low, high) = (at(0.5), at(6.0));
    let a = transmission::run_replicates(&low, 5, N, DAYS);
    let paired =
        transmission::paired_difference(&a, &transmission::run_replicates(&high, 5, N, DAYS))
            .unwrap();
    // Unpaired: another seed, relabelled so the replicate indices line up.
    let unpaired =
        transmission::paired_difference(&a, &transmission::run_replicates(&high, 6, N, DAYS))
            .unwrap();
    eprintln!(
        "6 − 0.5 ach: paired {:+.3} ± {:.3}, unpaired {:+.3} ± {:.3}",
        paired.mean,
        paired.half_width(),
        unpaired.mean,
        unpaired.half_width()
    );
    assert!(
        paired.half_width() < unpaired.half_width(),
        "{paired:?} vs {unpaired:?}"
    );
    assert!(paired.hi < 0.0, "{paired:?}");
    assert!(transmission::paired_difference(&a, &a[1..]).is_err());
}

/// The pattern's implied risk per carer–resident pair-day (room air and close range, one fully
/// infectious unmasked carer) against Lasser et al. 2021's calibrated network: every employee–
/// resident pair is a "far" contact, 0.25 × 0.0737 = 0.0184 per day. Our physics is independent of
/// that calibration; we require agreement within a factor 2.
#[test]
fn carer_to_resident_risk_agrees_with_lasser_within_a_factor_2() {
    let lg = building("legacy-corridor");
    let m = model(&lg, &scenario("baseline.toml"), 2);
    let x = m.lasser_cross_check();
    eprintln!("{x:?}");
    let lasser = 0.25 * 0.0737;
    let c = x.carer_to_resident.unwrap();
    assert!(c > 0.5 * lasser && c < 2.0 * lasser, "{c} vs {lasser}");
}

#[test]
fn scenario_tables_parse_and_reject_unknown_keys() {
    use carehome::epi::airborne::Mask;
    use carehome::sim::Role;
    let sc = sim::from_toml_str(
        "[pathogen]\npreset = \"influenza-a\"\nrelative_infectiousness_asymptomatic = 0.5\n\
         [interventions]\nventilation_ach = 3\nstaff_sick_leave = false\n\
         masks = { staff = \"surgical\", carer = \"ffp2\" }\n\
         [seeding]\nindex_case = \"none\"\ncommunity_infection_per_day = 0.001\n",
    )
    .unwrap();
    let p = Params::from_scenario(&sc).unwrap();
    assert_eq!(p.pathogen.name, "influenza-a");
    assert_eq!(p.pathogen.relative_infectiousness_asymptomatic, 0.5);
    assert_eq!(p.ventilation_ach, Some(3.0));
    assert!(!p.staff_sick_leave && p.isolate_symptomatic_residents);
    assert_eq!(p.masks[Role::Carer.index()], Mask::Ffp2);
    assert_eq!(p.masks[Role::Nurse.index()], Mask::Surgical);
    assert_eq!(p.masks[Role::Resident.index()], Mask::None);
    assert!(!p.index_case);
    assert_eq!(p.community_infection_per_day, 0.001);
    assert_eq!(p.testing, None);
    let t = Params::from_scenario(
        &sim::from_toml_str("[interventions]\ntesting = { every_days = 3, who = \"staff\" }\n")
            .unwrap(),
    )
    .unwrap()
    .testing
    .unwrap();
    assert_eq!(t.every_days, 3);
    assert_eq!(t.sensitivity, transmission::DEFAULT_TEST_SENSITIVITY);
    assert_eq!(t.who, transmission::TestingScope::Staff);
    for bad in [
        "[interventions]\ntesting = { every_days = 0 }\n",
        "[interventions]\ntesting = { sensitivity = 1.2 }\n",
        "[interventions]\ntesting = { who = \"visitors\" }\n",
        "[interventions]\ntesting = true\n",
        "[interventions]\nwindows = true\n",
        "[interventions]\nmasks = { carer = \"scarf\" }\n",
        "[pathogen]\npreset = \"plague\"\n",
        "[seeding]\ncommunity_infection_per_day = 1.5\n",
        "[seeding]\nindex_case = \"visitor\"\n",
    ] {
        // Rejected either by the scenario's range check or by the outbreak tables.
        let rejected = match sim::from_toml_str(bad) {
            Err(_) => true,
            Ok(scenario) => Params::from_scenario(&scenario).is_err(),
        };
        assert!(rejected, "{bad}");
    }
}

/// `carehome simulate … --threads 1` and `--threads 2` write byte-identical summary.json and
/// replicates.csv.
#[test]
fn cli_outputs_are_identical_at_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for t in ["1", "2"] {
        let out = dir.path().join(format!("t{t}"));
        let st = std::process::Command::new(env!("CARGO_BIN_EXE_carehome"))
            .args([
                "simulate",
                "floorplans/household-newbuild.json",
                "--scenario",
                "scenarios/baseline.toml",
                "--days",
                "12",
                "--replicates",
                "16",
                "--threads",
                t,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        let files = [
            "summary.json",
            "replicates.csv",
            "timeseries.csv",
            "epidemic.svg",
            "exposure.csv",
            "exposure-G.svg",
            "exposure-1.svg",
        ];
        outs.push(
            files
                .iter()
                .map(|f| std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(outs[0], outs[1]);
    let json: serde_json::Value = serde_json::from_slice(&outs[0][0]).unwrap();
    assert_eq!(json["residents"]["replicates"], 16);
    // The time series adds up to the replicates: the last cumulative mean of new resident cases
    // is the mean of resident_cases in replicates.csv (both computed here from the files).
    let reps = String::from_utf8(outs[0][1].clone()).unwrap();
    let mut lines = reps.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = head.iter().position(|h| *h == "resident_cases").unwrap();
    let cases: Vec<f64> = lines
        .map(|l| l.split(',').nth(col).unwrap().parse().unwrap())
        .collect();
    let mean_cases = cases.iter().sum::<f64>() / cases.len() as f64;
    let ts = String::from_utf8(outs[0][2].clone()).unwrap();
    assert_eq!(ts.lines().count(), 1 + 12, "one row per day");
    let last: f64 = ts
        .lines()
        .last()
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((last - mean_cases).abs() < 1e-9, "{last} vs {mean_cases}");
}

/// Per-replicate series are consistent with the totals: new resident cases per day add up to the
/// resident cases, the largest daily count of infectious residents is the peak, one entry per
/// day; the room-air dose by room is positive wherever someone was infected by room air.
#[test]
fn daily_series_and_room_exposure_add_up() {
    let b = building("legacy-corridor");
    let sc = scenario("covid-2020.toml");
    let m = model(&b, &sc, 2);
    let results = transmission::run_replicates(&m, 5, 24, 20);
    for r in &results {
        assert_eq!(r.daily_new_resident_cases.len(), 20);
        assert_eq!(r.daily_infectious_residents.len(), 20);
        assert_eq!(
            r.daily_new_resident_cases.iter().sum::<u32>(),
            r.resident_cases
        );
        assert_eq!(
            r.daily_infectious_residents.iter().copied().max().unwrap(),
            r.peak_infectious_residents
        );
        assert_eq!(r.room_air_dose_quanta.len(), b.rooms.len());
        assert!(r.room_air_dose_quanta.iter().all(|&q| q >= 0.0));
        if r.infections_room_air > 0 {
            assert!(r.room_air_dose_quanta.iter().sum::<f64>() > 0.0);
        }
    }
    let curve = transmission::epidemic_curve(&results).unwrap();
    let mean_cases = results
        .iter()
        .map(|r| f64::from(r.resident_cases))
        .sum::<f64>()
        / results.len() as f64;
    let total: f64 = curve.new_resident_cases_mean.iter().sum();
    assert!((total - mean_cases).abs() < 1e-9);
    for d in &curve.infectious_residents {
        assert!(d.p2_5 <= d.mean && d.mean <= d.p97_5);
    }
}

/// `[pathogen] emission_spread_log10 = 0` is the model without the field, bit for bit: same
/// replicate results (every count and every room dose) on the same seed.
#[test]
fn zero_emission_spread_is_bit_identical_to_no_field() {
    let b = building("legacy-corridor");
    let base = scenario("covid-2020.toml");
    let zero = with(
        &base,
        "[pathogen]\npreset = \"sars-cov-2\"\nemission_spread_log10 = 0.0",
    );
    assert_eq!(
        Params::from_scenario(&zero).unwrap(),
        Params::from_scenario(&base).unwrap()
    );
    let rec = sim::Simulation::new(&b, &base).run_replicate(
        0,
        2,
        sim::RunOptions::default(),
        &mut |_| {},
    );
    let run = |sc: &Scenario| {
        let m = Model::new(&b, Params::from_scenario(sc).unwrap(), &rec);
        transmission::run_replicates(&m, 9, 24, 20)
    };
    let (a, z) = (run(&base), run(&zero));
    assert!(a.iter().any(|r| r.resident_cases > 0), "no transmission");
    assert_eq!(a, z);
    // The field is validated with its name in the message.
    for bad in ["-0.5", "3.01", "\"wide\""] {
        let e = Params::from_scenario(&with(
            &base,
            &format!("[pathogen]\nemission_spread_log10 = {bad}"),
        ))
        .unwrap_err();
        assert!(e.contains("emission_spread_log10"), "{bad}: {e}");
    }
}

/// Jensen: infection probability 1 − e^(−dose) is concave in the dose, so spreading emission
/// across people at the same mean (`emission_spread_log10` > 0, mean-preserving) lowers the
/// expected number of infections. Legacy corridor home, 2020 practice, 30 days, 100 paired
/// replicates (common random numbers: only the emission multipliers differ): the 95% interval of
/// (spread − none) in the resident attack rate lies below 0, for the CAiMIRA-based σ = 1.74 and
/// for a moderate σ = 0.5. With spread, the run is the same at 1 and 2 threads.
#[test]
fn emission_spread_lowers_the_expected_attack_rate() {
    use carehome::epi::pathogen::CAIMIRA_VIRAL_LOAD_SD_LOG10;
    const N: u32 = 100;
    const DAYS: u32 = 30;
    let (lg, base, rec) = legacy_2020_week();
    let at = |sigma: f64| {
        let sc = with(
            &base,
            &format!("[pathogen]\npreset = \"sars-cov-2\"\nemission_spread_log10 = {sigma:?}"),
        );
        Model::new(&lg, Params::from_scenario(&sc).unwrap(), &rec)
    };
    let none = transmission::run_replicates(&at(0.0), 1, N, DAYS);
    for sigma in [0.5, CAIMIRA_VIRAL_LOAD_SD_LOG10] {
        let m = at(sigma);
        let spread = run_on(2, &m, 1, N, DAYS);
        assert_lowers(&format!("emission spread σ = {sigma}"), &none, &spread);
        if sigma == 0.5 {
            assert_eq!(run_on(1, &m, 1, 24, 12), run_on(2, &m, 1, 24, 12));
        }
    }
}

//! Transmission on top of daily life (issue 8): the air sweep against the analytic
//! Gammaitoni–Nucci integral, determinism across thread counts, and the direction of the
//! building and ventilation effects.

use carehome::building::Building;
use carehome::epi::airborne::RoomAir;
use carehome::sim::transmission::{self, Model, Occupant, Params};
use carehome::sim::{self, Scenario};
use std::time::Instant;

fn building(name: &str) -> Building {
    let src = std::fs::read_to_string(format!("floorplans/{name}.json")).unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    carehome::building::resolve(&plan).building.unwrap()
}

fn scenario(file: &str) -> Scenario {
    sim::from_toml_str(&std::fs::read_to_string(format!("scenarios/{file}")).unwrap()).unwrap()
}

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

fn mean_attack(m: &Model, n: u32, days: u32) -> (f64, f64) {
    let t = Instant::now();
    let r = transmission::run_replicates(m, 11, n, days);
    let rd: u32 = r.iter().map(|x| x.days_active).sum();
    let ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(rd.max(1));
    let s = transmission::summarize(m, days, &r).unwrap();
    eprintln!(
        "  attack {:.4} median {:.4} staff {:.4} air share {:.3} peak {:.2} cr scale {:.4}",
        s.residents.attack_rate.mean,
        s.residents.attack_rate.median,
        s.staff_attack_rate.mean,
        s.room_air_share,
        s.peak_infectious_residents.mean,
        m.close_range_scale
    );
    (s.residents.attack_rate.mean, ms)
}

/// More outdoor air lowers the resident attack rate; the legacy corridor home (one dining room and
/// lounge shared by all households) has a higher attack rate than the household new build, as in
/// Brown et al. 2021 (JAMA Intern Med 181:1381: crowded homes had larger outbreaks).
#[test]
fn ventilation_and_layout_move_the_attack_rate_the_right_way() {
    const N: u32 = 150;
    const DAYS: u32 = 10;
    let sc = scenario("baseline.toml");
    let lg = building("legacy-corridor");
    let nb = building("household-newbuild");
    let m_lg = model(&lg, &sc, 2);
    let m_nb = model(&nb, &sc, 2);
    let (a_lg, ms) = mean_attack(&m_lg, N, DAYS);
    let (a_nb, _) = mean_attack(&m_nb, N, DAYS);
    let mut low = sc.clone();
    let mut high = sc.clone();
    low.interventions = Some(toml::from_str("ventilation_ach = 0.5").unwrap());
    high.interventions = Some(toml::from_str("ventilation_ach = 6.0").unwrap());
    let lg_rec =
        sim::Simulation::new(&lg, &sc).run_replicate(0, 2, sim::RunOptions::default(), &mut |_| {});
    let m_low = Model::new(&lg, Params::from_scenario(&low).unwrap(), &lg_rec);
    let m_high = Model::new(&lg, Params::from_scenario(&high).unwrap(), &lg_rec);
    let (a_low, _) = mean_attack(&m_low, N, DAYS);
    let (a_high, _) = mean_attack(&m_high, N, DAYS);
    eprintln!(
        "mean resident attack rate: legacy {a_lg:.4}, newbuild {a_nb:.4} (ratio {:.2}); legacy at 0.5 ach {a_low:.4}, at 6 ach {a_high:.4} (ratio {:.2}); {ms:.3} ms per replicate-day",
        a_lg / a_nb.max(1e-9),
        a_low / a_high.max(1e-9)
    );
    assert!(a_low > a_high, "0.5 ach {a_low} vs 6 ach {a_high}");
    assert!(a_lg > a_nb, "legacy {a_lg} vs newbuild {a_nb}");
}

#[test]
fn scenario_tables_parse_and_reject_unknown_keys() {
    use carehome::epi::airborne::Mask;
    use carehome::sim::Role;
    let sc = sim::from_toml_str(
        "[pathogen]\npreset = \"influenza-a\"\nrelative_infectiousness_asymptomatic = 0.5\n\
         [interventions]\nventilation_ach = 3\nstaff_sick_leave = false\n\
         masks = { staff = \"surgical\", carer = \"ffp2\" }\n",
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
    for bad in [
        "[interventions]\nwindows = true\n",
        "[interventions]\nmasks = { carer = \"scarf\" }\n",
        "[pathogen]\npreset = \"plague\"\n",
    ] {
        assert!(
            Params::from_scenario(&sim::from_toml_str(bad).unwrap()).is_err(),
            "{bad}"
        );
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
        outs.push((
            std::fs::read(out.join("summary.json")).unwrap(),
            std::fs::read(out.join("replicates.csv")).unwrap(),
        ));
    }
    assert_eq!(outs[0], outs[1]);
    let json: serde_json::Value = serde_json::from_slice(&outs[0].0).unwrap();
    assert_eq!(json["residents"]["replicates"], 16);
}

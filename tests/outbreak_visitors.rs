//! Visitors in the epidemic (issue 16, point 1): susceptible, and infectious at the community
//! prevalence on the day of their visit; visiting policy and screening act on risk. Legacy
//! corridor home under 2020 practice (`scenarios/covid-2020.toml`), one carer or nurse infectious
//! at day 0, 30 days; every direction is checked at seeds 1–4 with paired replicates.

mod common;
use carehome::sim::transmission::{self, Model, Params, ReplicateResult};
use carehome::sim::{self, Scenario};
use common::bundled as building;

const DAYS: u32 = 30;
const N: u32 = 120;
/// A high community prevalence: about 1 in 50, the ONS COVID-19 Infection Survey's estimate for
/// England in early January 2021.
const HIGH_PREVALENCE: f64 = 0.02;

/// `covid-2020.toml` with `visits` per resident and week, `community_prevalence` and, if given,
/// visitor screening of that sensitivity.
fn scenario(visits: f64, prevalence: f64, screening: Option<f64>) -> Scenario {
    let path = format!("{}/scenarios/covid-2020.toml", env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(path).unwrap();
    assert!(base.contains("visits_per_resident_week = 2.0"));
    let mut text = base.replace(
        "visits_per_resident_week = 2.0",
        &format!("visits_per_resident_week = {visits:?}"),
    );
    if let Some(s) = screening {
        text = text.replace(
            "[interventions]",
            &format!("[interventions]\nvisitor_screening = {{ sensitivity = {s:?} }}"),
        );
    }
    text.push_str(&format!(
        "\n[seeding]\ncommunity_prevalence = {prevalence:?}\n"
    ));
    sim::from_toml_str(&text).unwrap()
}

/// A week of daily life of the legacy home under visiting policy `visits` (movement replicate 0).
fn week(visits: f64) -> (carehome::building::Building, sim::RunRecord) {
    let b = building("legacy-corridor");
    let rec = sim::Simulation::new(&b, &scenario(visits, 0.0, None)).run_replicate(
        0,
        transmission::MAX_PATTERN_DAYS,
        sim::RunOptions::default(),
        &mut |_| {},
    );
    (b, rec)
}

fn run(
    w: &(carehome::building::Building, sim::RunRecord),
    sc: &Scenario,
    seed: u64,
) -> Vec<ReplicateResult> {
    let m = Model::new(&w.0, Params::from_scenario(sc).unwrap(), &w.1);
    transmission::run_replicates(&m, seed, N, DAYS)
}

/// Restricting visits (2 a week per resident → none) lowers the resident attack rate when the
/// community prevalence is high, significantly at each seed; with no infection in the community
/// visitors only inhale and cannot start anything, so closing the home to them changes the
/// attack rate only through the movement pattern, and the paired interval includes 0.
#[test]
fn restricting_visits_lowers_the_attack_rate_only_when_prevalence_is_high() {
    let open = week(2.0);
    let closed = week(0.0);
    for seed in 1..=4 {
        let high_open = run(&open, &scenario(2.0, HIGH_PREVALENCE, None), seed);
        let high_closed = run(&closed, &scenario(0.0, HIGH_PREVALENCE, None), seed);
        let d_high = transmission::paired_difference(&high_open, &high_closed).unwrap();
        let zero_open = run(&open, &scenario(2.0, 0.0, None), seed);
        let zero_closed = run(&closed, &scenario(0.0, 0.0, None), seed);
        let d_zero = transmission::paired_difference(&zero_open, &zero_closed).unwrap();
        let visits: u32 = high_open.iter().map(|r| r.infectious_visits).sum();
        eprintln!(
            "seed {seed}: closed − open at prevalence {HIGH_PREVALENCE}: {:+.3} ({:+.3} to {:+.3}); at 0: {:+.3} ({:+.3} to {:+.3}); infectious visits {:.2}/replicate",
            d_high.mean,
            d_high.lo,
            d_high.hi,
            d_zero.mean,
            d_zero.lo,
            d_zero.hi,
            f64::from(visits) / f64::from(N)
        );
        assert!(d_high.hi < 0.0, "seed {seed}: {d_high:?}");
        assert!(
            d_zero.lo <= 0.0 && d_zero.hi >= 0.0,
            "seed {seed}: {d_zero:?}"
        );
        assert!(zero_open.iter().all(|r| r.infectious_visits == 0));
    }
}

/// Screening visitors at the door (sensitivity 0.55, lateral-flow tests without symptoms) lowers
/// the attack rate at high prevalence on the same movement pattern (paired, seeds 1–4), and turns
/// away the share of infectious visitors its sensitivity says (binomial 99.9% interval); at zero
/// prevalence there is nobody to catch, and every replicate is identical to the unscreened run.
#[test]
fn visitor_screening_acts_on_risk_only() {
    let open = week(2.0);
    for seed in 1..=4 {
        let without = run(&open, &scenario(2.0, HIGH_PREVALENCE, None), seed);
        let with = run(&open, &scenario(2.0, HIGH_PREVALENCE, Some(0.55)), seed);
        let d = transmission::paired_difference(&without, &with).unwrap();
        let caught: u32 = with.iter().map(|r| r.visitors_turned_away).sum();
        let came: u32 = with.iter().map(|r| r.infectious_visits).sum();
        let k = f64::from(caught + came);
        let share = f64::from(caught) / k;
        let se = (0.55 * 0.45 / k).sqrt();
        eprintln!(
            "seed {seed}: screening − none {:+.3} ({:+.3} to {:+.3}); turned away {caught} of {} infectious visitors ({share:.3})",
            d.mean,
            d.lo,
            d.hi,
            caught + came
        );
        assert!(d.hi < 0.0, "seed {seed}: {d:?}");
        assert!((share - 0.55).abs() < 3.3 * se, "seed {seed}: {share}");
        // Screened visitors are the same people: without screening they all came.
        let all: u32 = without.iter().map(|r| r.infectious_visits).sum();
        assert_eq!(all, caught + came, "seed {seed}");
        let z0 = run(&open, &scenario(2.0, 0.0, None), seed);
        let z1 = run(&open, &scenario(2.0, 0.0, Some(0.55)), seed);
        assert_eq!(z0, z1, "seed {seed}");
    }
}

/// The number of infectious visits is the prevalence times the visitor-days of the pattern (a
/// hand count from the movement record: each visitor present on a pattern day is one visit, the
/// pattern replayed over 30 days), within a Poisson 99.9% interval; visitors also catch the
/// infection (they inhale the air and talk with the residents) once the home has cases.
#[test]
fn infectious_visits_match_prevalence_times_visits_and_visitors_are_infected() {
    let open = week(2.0);
    let rec = &open.1;
    let visitors: Vec<bool> = rec
        .people
        .iter()
        .map(|p| p.role == sim::Role::Visitor)
        .collect();
    let mut visit_days = 0u32;
    for d in 0..DAYS {
        let pd = f64::from(d % transmission::MAX_PATTERN_DAYS);
        let mut seen = vec![false; visitors.len()];
        for p in &rec.presence {
            let day = (p.t0_s / 86_400.0).floor();
            if day == pd && visitors[p.person as usize] && !seen[p.person as usize] {
                seen[p.person as usize] = true;
                visit_days += 1;
            }
        }
    }
    assert!(visit_days > 100, "{visit_days} visits in {DAYS} days");
    let expected = HIGH_PREVALENCE * f64::from(visit_days) * f64::from(N);
    for seed in 1..=4 {
        let r = run(&open, &scenario(2.0, HIGH_PREVALENCE, None), seed);
        let got: u32 = r.iter().map(|x| x.infectious_visits).sum();
        let visitor_cases: u32 = r.iter().map(|x| x.visitor_cases).sum();
        eprintln!(
            "seed {seed}: {got} infectious visits, expected {expected:.1} ({visit_days} visits × {HIGH_PREVALENCE} × {N}); visitor cases {visitor_cases}"
        );
        assert!(
            (f64::from(got) - expected).abs() < 3.3 * expected.sqrt(),
            "seed {seed}: {got} vs {expected}"
        );
        assert!(visitor_cases > 0, "seed {seed}");
    }
}

#[test]
fn visitor_keys_parse_and_reject_bad_values() {
    let p = Params::from_scenario(&scenario(2.0, 0.01, Some(0.7))).unwrap();
    assert_eq!(p.community_prevalence, 0.01);
    assert_eq!(p.visitor_screening, Some(0.7));
    let d = Params::from_scenario(&common::scenario("covid-2020.toml")).unwrap();
    assert_eq!(
        d.community_prevalence,
        transmission::DEFAULT_COMMUNITY_PREVALENCE
    );
    assert_eq!(d.visitor_screening, None);
    let mut sc = scenario(2.0, 0.0, None);
    sc.seeding = Some(toml::from_str("community_prevalence = 1.5").unwrap());
    let e = Params::from_scenario(&sc).unwrap_err();
    assert!(
        e.contains("seeding.community_prevalence") && e.contains("[0, 1]"),
        "{e}"
    );
    sc.seeding = None;
    sc.interventions = Some(toml::from_str("visitor_screening = { sensitivity = -1 }").unwrap());
    let e = Params::from_scenario(&sc).unwrap_err();
    assert!(e.contains("interventions.visitor_screening"), "{e}");
    sc.interventions = Some(toml::from_str("visitor_screening = { sensitiv = 0.5 }").unwrap());
    let e = Params::from_scenario(&sc).unwrap_err();
    assert!(e.contains("sensitiv") && e.contains("sensitivity"), "{e}");
}

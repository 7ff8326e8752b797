//! Synthetic comparison candidates: one geometry metric `g` and replicate outcomes given by hand,
//! scored by a test profile, so verdict and value tests control every figure.

use carehome::assess::{Better, Metric};
use carehome::score::sim::{ReplicateRisk, SimRisk, SimSetup};
use carehome::score::{Candidate, Kind};

/// What a synthetic candidate is made of besides its profile.
pub struct Synthetic<'a> {
    pub name: String,
    /// Value of the geometry metric `g` (0–1).
    pub geometry: f64,
    /// Resident cases in each replicate, of `residents`.
    pub cases: &'a [u32],
    pub residents: u32,
    /// Capital cost, in the profile's currency.
    pub cost: f64,
    /// The seed recorded with the replicates (equal seeds: paired replicates).
    pub seed: u64,
}

/// A retrofit candidate scored by `profile_toml`, whose items may name `g`,
/// `sim.resident_attack_rate` and `sim.p_outbreak_gt5`.
pub fn candidate(profile_toml: &str, s: Synthetic) -> Candidate {
    let profile = carehome::score::profile_from_toml_str(profile_toml).unwrap();
    let reps: Vec<ReplicateRisk> = s
        .cases
        .iter()
        .map(|&c| ReplicateRisk {
            resident_cases: c,
            residents_at_risk: s.residents,
        })
        .collect();
    let setup = SimSetup {
        scenario: "test".into(),
        pathogen: "test".into(),
        seed: s.seed,
        days: 1,
        pattern_days: 1,
        replicates: reps.len() as u32,
    };
    let risk = SimRisk::new(setup, reps, 0.0, 0.0).unwrap();
    let g = Metric {
        key: "g",
        label: "g",
        value: Some(s.geometry),
        unit: "",
        better: Better::Higher,
        threshold: None,
        source: "",
        how: "",
        failing: vec![],
    };
    let [ar, p5] = risk.metrics();
    let scorecard = carehome::score::scorecard([g, ar, p5].iter(), &profile).unwrap();
    Candidate {
        name: s.name,
        file: String::new(),
        kind: Kind::Retrofit,
        residents: s.residents,
        cost: Some(s.cost),
        downtime: None,
        changed: vec![],
        metrics: vec![],
        scorecard,
        sim: Some(risk),
    }
}

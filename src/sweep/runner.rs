//! What runs a point. The sweep machinery only knows [`PointRunner`]: validate a resolved
//! scenario, run one replicate, return named outcomes.
//!
//! Runners today:
//! - `assess` ([`AssessRunner`]): the geometry assessment (`carehome assess`) of each plan or
//!   option; scenario fields live under `[assess]` (`standard`, `vga_spacing_m`); outcomes are
//!   the scorecard metrics by key (e.g. `infection.crowding_index`). Deterministic, so one
//!   replicate is enough.
//! - `simulate` ([`SimulateRunner`]): one replicate of the daily-life simulation ([`crate::sim`])
//!   per sweep replicate; the scenario is a `carehome-scenario/1` scenario (every field an axis);
//!   outcomes are attack rates and outbreak figures, contact and time-use summaries.
//! - `synthetic` ([`SyntheticRunner`], undocumented for users): `y = Σ effects.k · x.k + noise`,
//!   with known effects, for the tests of ranking, resume and sharding.
//!
//! To add a runner (the simulation), implement [`PointRunner`] and add one arm to
//! [`runner_for`].

use crate::plan::Plan;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Named outcomes of one replicate, e.g. `{"infection.crowding_index": 2.39}`.
pub type Outcomes = BTreeMap<String, f64>;

/// Runs one point of a sweep. Implementations must be deterministic for a given
/// `(scenario, plan, seed, replicate)`, and must not do I/O (beyond sleeping in tests).
pub trait PointRunner: Sync {
    /// The name used in manifests (`runner = "..."`).
    fn name(&self) -> &'static str;
    /// Does this runner need a plan per point?
    fn needs_plan(&self) -> bool;
    /// Check a resolved scenario before anything runs: deserialise it into the runner's typed
    /// scenario (`deny_unknown_fields`, so a misspelt axis path is reported) and check ranges.
    fn validate(&self, scenario: &toml::Value, plan: Option<&Plan>) -> Result<(), String>;
    /// Run replicate `replicate` of a point whose seed is `seed`.
    fn run(
        &self,
        scenario: &toml::Value,
        plan: Option<&Plan>,
        seed: u64,
        replicate: u32,
    ) -> Result<Outcomes, String>;
}

/// The runner a manifest names, or `None` with the list of known names in [`RUNNERS`].
pub fn runner_for(name: &str) -> Option<Box<dyn PointRunner>> {
    match name {
        "assess" => Some(Box::new(AssessRunner)),
        "synthetic" => Some(Box::new(SyntheticRunner)),
        "simulate" => Some(Box::new(SimulateRunner)),
        _ => None,
    }
}

/// Runner names documented for users.
pub const RUNNERS: &[&str] = &["assess", "simulate"];

/// Deserialise a scenario into `T`, naming the offending field path in the error.
pub fn typed<T: DeserializeOwned>(scenario: &toml::Value, runner: &str) -> Result<T, String> {
    serde_path_to_error::deserialize::<_, T>(scenario.clone()).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let inner = inner.lines().next().unwrap_or("").trim_end();
        if path == "." || path.is_empty() {
            format!("scenario is not valid for the {runner} runner: {inner}")
        } else {
            format!("scenario field `{path}` is not valid for the {runner} runner: {inner}")
        }
    })
}

// ---------------------------------------------------------------------------------------------
// assess

/// The geometry assessment as a sweep runner (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct AssessRunner;

/// The scenario the `assess` runner reads.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessScenario {
    #[serde(default)]
    pub assess: AssessSettings,
}

/// `[assess]`: the settings of `carehome assess`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessSettings {
    /// `england` or `ireland`.
    #[serde(default)]
    pub standard: crate::assess::Standard,
    /// VGA grid spacing, metres (0.1–5).
    #[serde(default = "default_spacing")]
    pub vga_spacing_m: f64,
}

fn default_spacing() -> f64 {
    crate::assess::vga::DEFAULT_SPACING_M
}

impl Default for AssessSettings {
    fn default() -> Self {
        Self {
            standard: crate::assess::Standard::England,
            vga_spacing_m: default_spacing(),
        }
    }
}

impl AssessRunner {
    fn options(scenario: &toml::Value) -> Result<crate::assess::Options, String> {
        let s: AssessScenario = typed(scenario, "assess")?;
        let spacing = s.assess.vga_spacing_m;
        if !(spacing.is_finite() && (0.1..=5.0).contains(&spacing)) {
            return Err(format!(
                "scenario field `assess.vga_spacing_m` is {spacing}: use 0.1 to 5 metres"
            ));
        }
        Ok(crate::assess::Options {
            standard: s.assess.standard,
            vga_spacing_m: spacing,
        })
    }
}

impl PointRunner for AssessRunner {
    fn name(&self) -> &'static str {
        "assess"
    }

    fn needs_plan(&self) -> bool {
        true
    }

    fn validate(&self, scenario: &toml::Value, _plan: Option<&Plan>) -> Result<(), String> {
        Self::options(scenario).map(|_| ())
    }

    fn run(
        &self,
        scenario: &toml::Value,
        plan: Option<&Plan>,
        _seed: u64,
        _replicate: u32,
    ) -> Result<Outcomes, String> {
        let opts = Self::options(scenario)?;
        let plan = plan.ok_or("the assess runner needs a plan")?;
        let checked = crate::building::resolve(plan);
        let b = checked
            .building
            .ok_or("the plan has errors; run `carehome check` on it")?;
        let a = crate::assess::assess(&b, &opts);
        Ok(a.metrics()
            .filter_map(|m| m.value.map(|v| (m.key.to_string(), v)))
            .collect())
    }
}

// ---------------------------------------------------------------------------------------------
// simulate

/// The daily-life simulation as a sweep runner. The scenario is a `carehome-scenario/1` scenario;
/// the sweep owns randomness and repetition: `run.seed` is replaced by the point's seed and each
/// sweep replicate `r` is the simulation's replicate `r` (its stream derives from `(seed, r)`), so
/// `run.replicates` is ignored. Each replicate runs the movement (at most
/// [`crate::sim::transmission::MAX_PATTERN_DAYS`] days, replayed) and then the transmission pass
/// over `run.days` days, as `carehome simulate` does; outcomes are attack rates and outbreak
/// figures (`epi.*`), and contact and time-use summaries per resident-day.
#[derive(Clone, Copy, Debug, Default)]
pub struct SimulateRunner;

impl SimulateRunner {
    fn scenario(scenario: &toml::Value) -> Result<crate::sim::Scenario, String> {
        let sc: crate::sim::Scenario = typed(scenario, "simulate")?;
        sc.validate().map_err(|e| format!("scenario: {e}"))?;
        Ok(sc)
    }
}

impl PointRunner for SimulateRunner {
    fn name(&self) -> &'static str {
        "simulate"
    }

    fn needs_plan(&self) -> bool {
        true
    }

    fn validate(&self, scenario: &toml::Value, _plan: Option<&Plan>) -> Result<(), String> {
        let sc = Self::scenario(scenario)?;
        crate::sim::transmission::Params::from_scenario(&sc)
            .map(|_| ())
            .map_err(|e| format!("scenario: {e}"))
    }

    fn run(
        &self,
        scenario: &toml::Value,
        plan: Option<&Plan>,
        seed: u64,
        replicate: u32,
    ) -> Result<Outcomes, String> {
        use crate::sim::record::{CLOSE_M, CONTACT_M};
        let mut sc = Self::scenario(scenario)?;
        sc.run.seed = seed;
        let plan = plan.ok_or("the simulate runner needs a plan")?;
        let b = crate::building::resolve(plan)
            .building
            .ok_or("the plan has errors; run `carehome check` on it")?;
        let params = crate::sim::transmission::Params::from_scenario(&sc)
            .map_err(|e| format!("scenario: {e}"))?;
        // As `carehome simulate`: movement for at most MAX_PATTERN_DAYS days, replayed by the
        // transmission pass over all `run.days` days.
        let epi_days = sc.run.days.max(1);
        let days = epi_days.min(crate::sim::transmission::MAX_PATTERN_DAYS);
        sc.run.days = days;
        let sim = crate::sim::Simulation::new(&b, &sc);
        let rec = sim.run_replicate(
            replicate,
            days,
            crate::sim::RunOptions::default(),
            &mut |_| {},
        );
        let model = crate::sim::transmission::Model::new(&b, params, &rec);
        let epi = model.run_replicate(seed, replicate, epi_days);
        let role = |i: u32| rec.people[i as usize].role;
        let residents = rec
            .people
            .iter()
            .filter(|p| p.role == crate::sim::Role::Resident)
            .count();
        let rd = (residents.max(1) * days as usize) as f64;
        let (mut episodes, mut close_min, mut staff_min, mut res_min) = (0.0, 0.0, 0.0, 0.0);
        for c in &rec.contacts {
            let (ra, rb) = (role(c.a), role(c.b));
            let res_a = ra == crate::sim::Role::Resident;
            let res_b = rb == crate::sim::Role::Resident;
            if !(res_a || res_b) || c.dist_m > CONTACT_M {
                continue;
            }
            episodes += 1.0;
            let min = c.dur_s / 60.0;
            if c.dist_m <= CLOSE_M {
                close_min += min;
            }
            if res_a && res_b {
                res_min += min;
            } else if ra.is_staff() || rb.is_staff() {
                staff_min += min;
            }
        }
        let mut o = Outcomes::new();
        o.insert("residents".into(), residents as f64);
        o.insert(
            "contacts.resident_episodes_per_resident_day".into(),
            episodes / rd,
        );
        o.insert(
            "contacts.resident_close_minutes_per_resident_day".into(),
            close_min / rd,
        );
        o.insert(
            "contacts.resident_staff_minutes_per_resident_day".into(),
            staff_min / rd,
        );
        o.insert(
            "contacts.resident_resident_minutes_per_resident_day".into(),
            res_min / rd,
        );
        for (place, share) in rec.resident_time_use(&b) {
            o.insert(
                format!("time_use.{}", format!("{place:?}").to_lowercase()),
                share,
            );
        }
        o.insert(
            "epi.resident_attack_rate".into(),
            epi.resident_attack_rate(),
        );
        o.insert("epi.staff_attack_rate".into(), epi.staff_attack_rate());
        o.insert(
            "epi.peak_infectious_residents".into(),
            epi.peak_infectious_residents as f64,
        );
        o.insert(
            "epi.infections_room_air".into(),
            epi.infections_room_air as f64,
        );
        o.insert(
            "epi.infections_close_range".into(),
            epi.infections_close_range as f64,
        );
        o.insert("epi.days_active".into(), epi.days_active as f64);
        o.insert("walks_per_day".into(), rec.stats.walks as f64 / days as f64);
        o.insert("stuck_walks".into(), rec.stats.stuck as f64);
        Ok(o)
    }
}

// ---------------------------------------------------------------------------------------------
// synthetic

/// A runner with known effects, for tests:
/// `y = Σ_k effects.k · x.k + Σ_k c_effects."k=c.k" + noise_sd · N(0,1)` and
/// `z = Σ_k x.k²`; sleeps `sleep_ms` per replicate to stand in for a slow simulation.
#[derive(Clone, Copy, Debug, Default)]
pub struct SyntheticRunner;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SyntheticScenario {
    #[serde(default)]
    x: BTreeMap<String, f64>,
    #[serde(default)]
    effects: BTreeMap<String, f64>,
    /// Categorical inputs, e.g. `c.cohorting = "household"`.
    #[serde(default)]
    c: BTreeMap<String, String>,
    /// Effects of categorical levels, keyed `"name=level"`.
    #[serde(default)]
    c_effects: BTreeMap<String, f64>,
    #[serde(default)]
    noise_sd: f64,
    #[serde(default)]
    sleep_ms: u64,
    /// Replicates whose index is listed fail (to test error reporting).
    #[serde(default)]
    fail_replicates: Vec<u32>,
}

impl PointRunner for SyntheticRunner {
    fn name(&self) -> &'static str {
        "synthetic"
    }

    fn needs_plan(&self) -> bool {
        false
    }

    fn validate(&self, scenario: &toml::Value, _plan: Option<&Plan>) -> Result<(), String> {
        let s: SyntheticScenario = typed(scenario, "synthetic")?;
        if !(s.noise_sd.is_finite() && s.noise_sd >= 0.0) {
            return Err("scenario field `noise_sd` must be ≥ 0".into());
        }
        Ok(())
    }

    fn run(
        &self,
        scenario: &toml::Value,
        _plan: Option<&Plan>,
        seed: u64,
        replicate: u32,
    ) -> Result<Outcomes, String> {
        let s: SyntheticScenario = typed(scenario, "synthetic")?;
        if s.sleep_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(s.sleep_ms));
        }
        if s.fail_replicates.contains(&replicate) {
            return Err(format!("replicate {replicate} failed on purpose"));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(super::point::replicate_seed(seed, replicate));
        let noise: f64 = StandardNormal.sample(&mut rng);
        let y =
            s.x.iter()
                .map(|(k, x)| s.effects.get(k).copied().unwrap_or(0.0) * x)
                .fold(0.0, |a, b| a + b)
                + s.c
                    .iter()
                    .map(|(k, v)| s.c_effects.get(&format!("{k}={v}")).copied().unwrap_or(0.0))
                    .fold(0.0, |a, b| a + b)
                + s.noise_sd * noise;
        let z = s.x.values().map(|x| x * x).fold(0.0, |a, b| a + b);
        Ok(Outcomes::from([("y".to_string(), y), ("z".to_string(), z)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_path_is_named() {
        let v: toml::Value = toml::from_str("[staff]\ncohorting = \"none\"\n").unwrap();
        let e = AssessRunner.validate(&v, None).unwrap_err();
        assert!(e.contains("staff"), "{e}");
        let v: toml::Value = toml::from_str("[assess]\nvga_spacing = 1\n").unwrap();
        let e = AssessRunner.validate(&v, None).unwrap_err();
        assert!(e.contains("assess") && e.contains("vga_spacing"), "{e}");
    }

    #[test]
    fn integers_are_numbers() {
        let v: toml::Value = toml::from_str("[assess]\nvga_spacing_m = 1\n").unwrap();
        AssessRunner.validate(&v, None).unwrap();
        let v: toml::Value = toml::from_str("[x]\na = 2\n[effects]\na = 3\n").unwrap();
        let o = SyntheticRunner.run(&v, None, 1, 0).unwrap();
        assert_eq!(o["y"], 6.0);
    }
}

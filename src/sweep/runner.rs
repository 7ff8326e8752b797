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

/// What an outcome is: its unit and definition (the data dictionary of a sweep), and whether it
/// is a share in [0, 1] (summarised with an interval that stays inside [0, 1]).
#[derive(Clone, Debug, PartialEq, serde::Serialize, Deserialize)]
pub struct OutcomeInfo {
    pub name: String,
    /// Unit as written in the data dictionary, e.g. `fraction`, `minutes/resident-day`, `count`.
    pub unit: String,
    /// One or two sentences: what is counted, over what, divided by what.
    pub definition: String,
    /// A share in [0, 1] (a fraction, never a percentage).
    #[serde(default)]
    pub fraction: bool,
    /// For a fraction of people: the outcome counting the people at risk per replicate
    /// (e.g. `epi.residents_at_risk`), which bounds the interval's effective sample size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trials: Option<String>,
}

impl OutcomeInfo {
    fn new(name: impl Into<String>, unit: &str, definition: impl Into<String>) -> Self {
        OutcomeInfo {
            name: name.into(),
            fraction: unit == "fraction",
            unit: unit.into(),
            definition: definition.into(),
            trials: None,
        }
    }

    fn of(mut self, trials: &str) -> Self {
        self.trials = Some(trials.into());
        self
    }
}

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
    /// Every outcome this runner can give (for a plan like `plan`), with unit and definition:
    /// manifests' `outputs` are checked against it and the data dictionary is written from it.
    /// Empty means "not listed" (then `outputs` is not checked).
    fn outcomes(&self, _plan: Option<&Plan>) -> Vec<OutcomeInfo> {
        Vec::new()
    }
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

    /// The scorecard's metrics (keys, units and how each is computed), from an assessment of
    /// `plan` on a coarse grid (the metric list does not depend on the grid spacing).
    fn outcomes(&self, plan: Option<&Plan>) -> Vec<OutcomeInfo> {
        let Some(b) = plan.and_then(|p| crate::building::resolve(p).building) else {
            return Vec::new();
        };
        let opts = crate::assess::Options {
            standard: crate::assess::Standard::England,
            vga_spacing_m: 5.0,
        };
        crate::assess::assess(&b, &opts)
            .metrics()
            .map(|m| OutcomeInfo::new(m.key, m.unit, format!("{}: {}", m.label, m.how)))
            .collect()
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
        o.insert("epi.resident_cases".into(), epi.resident_cases as f64);
        o.insert("epi.residents_at_risk".into(), epi.residents_at_risk as f64);
        o.insert("epi.staff_cases".into(), epi.staff_cases as f64);
        o.insert("epi.staff_at_risk".into(), epi.staff_at_risk as f64);
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

    fn outcomes(&self, _plan: Option<&Plan>) -> Vec<OutcomeInfo> {
        simulate_outcomes()
    }
}

/// The outcomes of the `simulate` runner (also in docs/sweeps.md, "Outcomes").
pub fn simulate_outcomes() -> Vec<OutcomeInfo> {
    use crate::sim::record::{CLOSE_M, CONTACT_M};
    let episode = format!(
        "a contact episode is a pair of people within {CONTACT_M} m of each other with a line of sight, continuously, at least one of them a resident"
    );
    let per_rd = "divided by resident-days (residents × simulated movement days)";
    let mut v = vec![
        OutcomeInfo::new(
            "epi.resident_attack_rate",
            "fraction",
            "residents infected in the home / residents at risk (0-1, not %), over the outbreak",
        )
        .of("epi.residents_at_risk"),
        OutcomeInfo::new(
            "epi.staff_attack_rate",
            "fraction",
            "permanent staff infected in the home (index case and community infections excluded) / permanent staff other than the index case (0-1, not %)",
        )
        .of("epi.staff_at_risk"),
        OutcomeInfo::new("epi.resident_cases", "count", "residents infected in the home"),
        OutcomeInfo::new("epi.residents_at_risk", "count", "residents who could be infected (all residents)"),
        OutcomeInfo::new("epi.staff_cases", "count", "permanent staff infected in the home (index case and community infections excluded)"),
        OutcomeInfo::new("epi.staff_at_risk", "count", "permanent staff other than the index case"),
        OutcomeInfo::new("epi.peak_infectious_residents", "count", "largest number of residents infectious on one day (at noon)"),
        OutcomeInfo::new("epi.infections_room_air", "count", "infections by shared room air (well-mixed room, Wells-Riley)"),
        OutcomeInfo::new("epi.infections_close_range", "count", "infections by close-range exposure (face-to-face conversation)"),
        OutcomeInfo::new("epi.days_active", "days", "days until no one in the home was infected any more (or all days)"),
        OutcomeInfo::new("residents", "count", "residents simulated"),
        OutcomeInfo::new(
            "contacts.resident_episodes_per_resident_day",
            "episodes/resident-day",
            format!("number of contact episodes ({episode}), {per_rd}"),
        ),
        OutcomeInfo::new(
            "contacts.resident_close_minutes_per_resident_day",
            "pair-minutes/resident-day",
            format!(
                "sum of the durations of the contact episodes ({episode}) whose closest distance is at most {CLOSE_M} m, in minutes, {per_rd}; each pair counts its own minutes, so a resident sitting among several others accrues several pair-minutes per minute and the figure can exceed 1440"
            ),
        ),
        OutcomeInfo::new(
            "contacts.resident_staff_minutes_per_resident_day",
            "pair-minutes/resident-day",
            format!("sum of the durations of the resident-staff contact episodes ({episode}), in minutes, {per_rd}"),
        ),
        OutcomeInfo::new(
            "contacts.resident_resident_minutes_per_resident_day",
            "pair-minutes/resident-day",
            format!("sum of the durations of the resident-resident contact episodes ({episode}), in minutes, {per_rd}"),
        ),
    ];
    for (place, what) in [
        ("bedroom", "their bedrooms (and en-suites)"),
        ("dining", "dining rooms"),
        ("lounge", "lounges, activity and garden rooms"),
        ("garden", "outdoors (the garden)"),
        ("toilet", "bathrooms and WCs"),
        ("other", "any other room (corridors, offices, …)"),
    ] {
        v.push(OutcomeInfo::new(
            format!("time_use.{place}"),
            "fraction",
            format!("share of residents' simulated time spent in {what} (0-1, not %)"),
        ));
    }
    v.push(OutcomeInfo::new(
        "walks_per_day",
        "walks/day",
        "walks started per simulated day (all people; a check on the run)",
    ));
    v.push(OutcomeInfo::new(
        "stuck_walks",
        "count",
        "walks that could not reach their goal (a check on the run; should be 0)",
    ));
    v
}

// ---------------------------------------------------------------------------------------------
// synthetic

/// A runner with known effects, for tests:
/// `y = Σ_k effects.k · x.k + Σ_k c_effects."k=c.k" + noise_sd · N(0,1)` and
/// `z = Σ_k x.k²`; sleeps `sleep_ms` per replicate to stand in for a slow simulation.
/// With `trials = n > 0` it also gives `share` = k/n for k ~ Binomial(n, `share_p`) and
/// `share_trials` = n (a proportion with a known denominator); with `ishigami = true`, the
/// Ishigami function (Ishigami & Homma 1990) `sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1` of
/// `x.x1`, `x.x2`, `x.x3` as `ishigami`.
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
    /// Binomial trials of `share` (0: no `share` outcome).
    #[serde(default)]
    trials: u32,
    /// Success probability of each trial of `share`.
    #[serde(default)]
    share_p: f64,
    /// Give the Ishigami function as outcome `ishigami`.
    #[serde(default)]
    ishigami: bool,
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
        if !(0.0..=1.0).contains(&s.share_p) || s.trials > 1_000_000 {
            return Err("scenario fields `share_p` must be in [0, 1] and `trials` ≤ 10⁶".into());
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
        let mut o = Outcomes::from([("y".to_string(), y), ("z".to_string(), z)]);
        if s.trials > 0 {
            let k = (0..s.trials)
                .filter(|_| rand::RngExt::random::<f64>(&mut rng) < s.share_p)
                .count();
            o.insert("share".into(), k as f64 / s.trials as f64);
            o.insert("share_trials".into(), s.trials as f64);
        }
        if s.ishigami {
            let x = |k: &str| s.x.get(k).copied().unwrap_or(0.0);
            let (x1, x2, x3) = (x("x1"), x("x2"), x("x3"));
            let f = x1.sin() + 7.0 * x2.sin().powi(2) + 0.1 * x3.powi(4) * x1.sin();
            o.insert("ishigami".into(), f);
        }
        Ok(o)
    }

    fn outcomes(&self, _plan: Option<&Plan>) -> Vec<OutcomeInfo> {
        vec![
            OutcomeInfo::new("y", "1", "Σ effects·x + categorical effects + noise"),
            OutcomeInfo::new("z", "1", "Σ x²"),
            OutcomeInfo::new("share", "fraction", "successes / trials of a binomial draw")
                .of("share_trials"),
            OutcomeInfo::new("share_trials", "count", "binomial trials of `share`"),
            OutcomeInfo::new("ishigami", "1", "the Ishigami function of x.x1, x.x2, x.x3"),
        ]
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

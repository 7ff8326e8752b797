//! Whole jobs that read files, run the core and produce outputs: the layer between the CLI and
//! the pure core (it uses [`crate::io`] for every file it touches, and returns outputs in memory
//! for the caller to write).

pub mod load;
pub mod simulate;

use crate::assess;
use crate::building::{Building, resolve};
use crate::diag::Diagnostic;
use crate::io::{self, LoadError};
use crate::options;
use crate::plan::{self, Plan};
use crate::report;
use crate::score::sim::{ReplicateRisk, SimSetup};
use crate::score::{self, Candidate, Comparison, Kind, Profile, SimRisk};
use crate::sim::transmission::{self, ReplicateResult};
use crate::sim::{RunOptions, Scenario, Simulation};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The standard challenge scenario of `compare` (population, routine, pathogen, interventions):
/// `scenarios/covid-2020.toml`, embedded — the baseline week with staff in surgical masks, the
/// condition under which the transmission model is checked against published care-home outbreaks
/// (Hashan et al. 2021; `tests/transmission.rs`). Without masks the bundled plans' attack rates
/// all approach 90–98% and the options' differences are compressed against that ceiling.
pub const BASELINE_SCENARIO: (&str, &str) = (
    "scenarios/covid-2020.toml",
    include_str!("../scenarios/covid-2020.toml"),
);
/// Outbreak days of the standard challenge: 30. Assumption: about six serial intervals of
/// SARS-CoV-2 (≈ 5 days, the incubation of the bundled preset), enough for the second and third
/// generations of cases inside the home to count; the same horizon for every option.
pub const DEFAULT_OUTBREAK_DAYS: u32 = 30;
/// Replicates of the first batch, and of each further batch, of the adaptive replicates: 30.
/// With common random numbers the bundled options' risk-index differences from the base are
/// resolved after one batch (measured: README performance table), which keeps the default
/// comparison near 10 s on two cores.
pub const DEFAULT_REPLICATES: u32 = 30;
/// The cap of the adaptive replicates: 300 per option. Assumption: at 300 the paired interval
/// of the attack rate is about ±4 points for the bundled retrofits; a difference still
/// inconclusive there is reported as such (never decided by noise).
pub const DEFAULT_MAX_REPLICATES: u32 = 300;

/// How `compare` simulates each option's risk: one movement replicate of `pattern_days` days of
/// daily life, replayed over `days` outbreak days, and transmission replicates in batches of
/// `replicates` up to `max_replicates` (adaptive: see [`compare_files`]; `max_replicates ==
/// replicates` runs exactly that many), every option from the same `seed` and replicate indices
/// (common random numbers).
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Where the scenario came from (a file, or the bundled baseline), for messages and reports.
    pub scenario_file: String,
    pub scenario: Scenario,
    pub params: transmission::Params,
    pub days: u32,
    pub pattern_days: u32,
    pub replicates: u32,
    pub max_replicates: u32,
    pub seed: u64,
}

impl SimOptions {
    /// From a scenario's text (`file` names it in errors): its population, routine, pathogen and
    /// interventions and its seed; days [`DEFAULT_OUTBREAK_DAYS`], replicates
    /// [`DEFAULT_REPLICATES`] and a movement pattern of up to
    /// [`transmission::MAX_PATTERN_DAYS`] days (the scenario's `run.days` and `run.replicates`
    /// are not used, so every comparison faces the same challenge unless told otherwise).
    pub fn from_toml(file: &str, text: &str) -> Result<SimOptions, CompareError> {
        let err = |message: String| CompareError::Scenario {
            file: file.to_string(),
            message,
        };
        let scenario = crate::sim::from_toml_str(text).map_err(|e| err(e.to_string()))?;
        let params = transmission::Params::from_scenario(&scenario).map_err(err)?;
        Ok(SimOptions {
            scenario_file: file.to_string(),
            seed: scenario.run.seed,
            scenario,
            params,
            days: DEFAULT_OUTBREAK_DAYS,
            pattern_days: DEFAULT_OUTBREAK_DAYS.min(transmission::MAX_PATTERN_DAYS),
            replicates: DEFAULT_REPLICATES,
            max_replicates: DEFAULT_MAX_REPLICATES,
        })
    }

    /// The standard challenge: the bundled covid-2020 scenario with the defaults above.
    pub fn standard() -> SimOptions {
        SimOptions::from_toml(BASELINE_SCENARIO.0, BASELINE_SCENARIO.1)
            .expect("the bundled baseline scenario is valid (tested)")
    }

    /// Reads a scenario file (errors name it).
    pub fn from_file(path: &Path) -> Result<SimOptions, CompareError> {
        let text = crate::io::read_text(path).map_err(CompareError::Load)?;
        SimOptions::from_toml(&path.display().to_string(), &text)
    }

    /// Sets the outbreak days and the movement pattern (at most
    /// [`transmission::MAX_PATTERN_DAYS`] days, as `carehome simulate`).
    pub fn with_days(mut self, days: u32) -> SimOptions {
        self.days = days;
        self.pattern_days = days.clamp(1, transmission::MAX_PATTERN_DAYS);
        self
    }

    /// Exactly `n` replicates (no adaptive batches).
    pub fn fixed(mut self, n: u32) -> SimOptions {
        self.replicates = n;
        self.max_replicates = n;
        self
    }

    /// Problems with the numbers, as a message naming the option.
    pub fn check(&self) -> Result<(), String> {
        if self.days == 0 {
            return Err("--days must be at least 1".into());
        }
        if self.pattern_days == 0 || self.pattern_days > self.days {
            return Err(format!(
                "movement pattern of {} days must be between 1 and the {} outbreak days",
                self.pattern_days, self.days
            ));
        }
        if self.replicates < 2 {
            return Err(format!(
                "--replicates must be at least 2 for an interval (got {})",
                self.replicates
            ));
        }
        if self.max_replicates < self.replicates {
            return Err(format!(
                "--max-replicates {} is below the batch of {} replicates",
                self.max_replicates, self.replicates
            ));
        }
        if self.max_replicates > MAX_REPLICATES_LIMIT {
            return Err(format!(
                "--max-replicates {} is above the limit of {MAX_REPLICATES_LIMIT} (memory: every replicate of every option is kept for the paired differences)",
                self.max_replicates
            ));
        }
        Ok(())
    }
}

/// What one option's simulation produced.
pub struct SimRun {
    pub results: Vec<ReplicateResult>,
    pub summary: transmission::Summary,
    pub risk: SimRisk,
}

/// The most replicates per option `compare` accepts: 100,000. Assumption: each replicate keeps
/// its outcome (a few kilobytes with its daily series) until the report is written.
pub const MAX_REPLICATES_LIMIT: u32 = 100_000;

/// Simulates one building's daily life under `o` (`o.pattern_days` days, movement replicate 0
/// from `o.seed`) and prepares its outbreak model; `progress` gets the fraction done.
pub fn prepare_model(
    b: &Building,
    o: &SimOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<transmission::Model, String> {
    o.check()?;
    let mut sc = o.scenario.clone();
    sc.run.seed = o.seed;
    sc.run.days = o.pattern_days;
    let sim = Simulation::new(b, &sc);
    let rec = sim.run_replicate(0, o.pattern_days, RunOptions::default(), progress);
    Ok(transmission::Model::new(b, o.params.clone(), &rec))
}

/// Outbreak replicates `range` of `models[k]` for every listed `k`, all in parallel on the
/// current rayon pool, each result in its own slot (identical at any thread count).
fn run_batch(
    models: &[&transmission::Model],
    o: &SimOptions,
    range: std::ops::Range<u32>,
) -> Vec<Vec<ReplicateResult>> {
    let jobs: Vec<(usize, u32)> = (0..models.len())
        .flat_map(|k| range.clone().map(move |r| (k, r)))
        .collect();
    let flat: Vec<ReplicateResult> = jobs
        .par_iter()
        .map(|&(k, r)| models[k].run_replicate(o.seed, r, o.days))
        .collect();
    let per = range.len();
    let mut out: Vec<Vec<ReplicateResult>> = (0..models.len()).map(|_| Vec::new()).collect();
    for (i, r) in flat.into_iter().enumerate() {
        out[i / per.max(1)].push(r);
    }
    out
}

/// The simulated risk of an option from its replicates (in replicate order).
pub fn risk_of(
    model: &transmission::Model,
    o: &SimOptions,
    results: Vec<ReplicateResult>,
) -> Result<SimRun, String> {
    let summary =
        transmission::summarize(model, o.days, &results).ok_or("no outbreak replicates")?;
    let setup = SimSetup {
        scenario: o
            .scenario
            .name
            .clone()
            .unwrap_or_else(|| o.scenario_file.clone()),
        pathogen: summary.pathogen.clone(),
        seed: o.seed,
        days: o.days,
        pattern_days: model.pattern_days,
        replicates: results.len() as u32,
    };
    let reps = results
        .iter()
        .map(|r| ReplicateRisk {
            resident_cases: r.resident_cases,
            residents_at_risk: r.residents_at_risk,
        })
        .collect();
    let mut risk = SimRisk::new(
        setup,
        reps,
        summary.staff_attack_rate.mean,
        summary.room_air_share,
    )
    .ok_or("fewer than 2 outbreak replicates")?;
    if let Some(curve) = transmission::epidemic_curve(&results) {
        risk.infectious_residents_mean =
            curve.infectious_residents.iter().map(|d| d.mean).collect();
    }
    Ok(SimRun {
        results,
        summary,
        risk,
    })
}

/// Simulates one building under `o`: daily life, then exactly `o.replicates` outbreak replicates
/// from `o.seed` over `o.days` days on the current rayon pool (no adaptive batches). `progress`
/// gets the fraction done (movement is the first 40%).
pub fn simulate_risk(
    b: &Building,
    o: &SimOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<SimRun, String> {
    let model = prepare_model(b, o, &mut |f| progress(MOVEMENT_SHARE * f))?;
    let results = transmission::run_replicates(&model, o.seed, o.replicates, o.days);
    let run = risk_of(&model, o, results)?;
    progress(1.0);
    Ok(run)
}

/// Share of an option's progress bar given to the movement simulation.
const MOVEMENT_SHARE: f64 = 0.4;

/// Progress of a comparison: option `option` of `options` is `fraction` done.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub option: usize,
    pub options: usize,
    pub fraction: f64,
    /// What option `option` is doing: `"assessed"` (geometry done, fraction 0), then
    /// `"simulating"` (daily life, then the outbreak replicates).
    pub stage: &'static str,
}

/// Everything a comparison is run with besides the plans.
#[derive(Clone, Debug)]
pub struct CompareSettings {
    pub profile: Profile,
    pub assess: assess::Options,
    pub dxf: crate::dxf::ImportOptions,
    /// Simulated risk; `None` for geometry only (`--no-sim`).
    pub sim: Option<SimOptions>,
    /// `--budget`: capital spend that fits (in the profile's currency).
    pub budget: Option<f64>,
}

impl Default for CompareSettings {
    /// The bundled profile, default assessment, the standard challenge.
    fn default() -> Self {
        CompareSettings {
            profile: score::default_profile(),
            assess: assess::Options::default(),
            dxf: Default::default(),
            sim: Some(SimOptions::standard()),
            budget: None,
        }
    }
}

/// The bundled default comparison, embedded so `carehome compare` works from any folder:
/// (file name, text). The first is the base; option files name it as their base.
const BUNDLED_BASE: (&str, &str) = (
    "floorplans/legacy-corridor.json",
    include_str!("../floorplans/legacy-corridor.json"),
);
const BUNDLED_OPTIONS: [(&str, &str); 4] = [
    (
        "scenarios/options/legacy-singles.toml",
        include_str!("../scenarios/options/legacy-singles.toml"),
    ),
    (
        "scenarios/options/legacy-households.toml",
        include_str!("../scenarios/options/legacy-households.toml"),
    ),
    (
        "scenarios/options/legacy-ensuites.toml",
        include_str!("../scenarios/options/legacy-ensuites.toml"),
    ),
    (
        "scenarios/options/legacy-visiting-ventilation.toml",
        include_str!("../scenarios/options/legacy-visiting-ventilation.toml"),
    ),
];
const BUNDLED_NEWBUILD: (&str, &str) = (
    "floorplans/household-newbuild.json",
    include_str!("../floorplans/household-newbuild.json"),
);

/// A plan ready to compare.
pub struct Input {
    pub file: String,
    pub name: String,
    pub kind: Kind,
    pub plan: Plan,
    pub cost: Option<f64>,
    pub currency: Option<String>,
    pub downtime: Option<score::value::Downtime>,
    pub changed: Vec<String>,
}

impl Input {
    /// A plan as it is: no cost, no currency, no downtime, nothing changed.
    pub fn plain(file: &str, name: &str, kind: Kind, plan: Plan) -> Input {
        Input {
            file: file.to_string(),
            name: name.to_string(),
            kind,
            plan,
            cost: None,
            currency: None,
            downtime: None,
            changed: vec![],
        }
    }
}

/// Why a comparison could not run.
#[derive(Debug)]
pub enum CompareError {
    Load(LoadError),
    /// A plan loaded but is not valid.
    Invalid {
        file: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// The scenario (or the simulation settings) cannot be used.
    Scenario {
        file: String,
        message: String,
    },
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::Load(LoadError::Io { path, message }) => {
                write!(f, "{}: {message}", path.display())
            }
            CompareError::Load(LoadError::Invalid { path, diagnostics }) => write!(
                f,
                "{}",
                report::diagnostics::render(&path.display().to_string(), diagnostics)
            ),
            CompareError::Invalid { file, diagnostics } => {
                write!(f, "{}", report::diagnostics::render(file, diagnostics))
            }
            CompareError::Scenario { file, message } => write!(f, "{file}: {message}"),
        }
    }
}

/// The bundled base plan and its retrofit options, parsed and applied (for `compare` without
/// files, and for the retrofit search).
pub fn bundled_retrofits() -> (Plan, Vec<(String, options::OptionFile)>) {
    let base = plan::from_json_str(BUNDLED_BASE.1).expect("bundled plan parses (tested)");
    let opts = BUNDLED_OPTIONS
        .iter()
        .map(|(file, text)| {
            (
                file.to_string(),
                options::from_toml_str(text).expect("bundled option parses (tested)"),
            )
        })
        .collect();
    (base, opts)
}

fn embedded_inputs() -> Vec<Input> {
    let (base, opts) = bundled_retrofits();
    let mut v = vec![Input::plain(
        BUNDLED_BASE.0,
        &base.name,
        Kind::Base,
        base.clone(),
    )];
    for (file, o) in opts {
        let applied = options::apply(&base, &o.ops).expect("bundled option applies (tested)");
        v.push(Input {
            file,
            name: o.name.clone(),
            kind: Kind::Retrofit,
            plan: applied.plan,
            cost: options::total_cost(&o.ops),
            currency: o.currency.clone(),
            downtime: o.downtime,
            changed: applied.changed,
        });
    }
    let nb = plan::from_json_str(BUNDLED_NEWBUILD.1).expect("bundled plan parses (tested)");
    v.push(Input::plain(
        BUNDLED_NEWBUILD.0,
        &nb.name.clone(),
        Kind::NewBuild,
        nb,
    ));
    v
}

fn file_inputs(
    paths: &[PathBuf],
    dxf: &crate::dxf::ImportOptions,
) -> Result<Vec<Input>, CompareError> {
    let mut v = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let file = p.display().to_string();
        if p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            let o = io::read_option(p, dxf).map_err(CompareError::Load)?;
            let ops: Vec<options::Op> = o.all_ops().cloned().collect();
            // A retrofit's plan problems point at the steps of its own file.
            let checked = resolve(&o.applied.plan);
            if !checked.is_valid() {
                let mut diagnostics = checked.diagnostics;
                options::locate_steps(&o.source, &o.applied.steps, &mut diagnostics);
                return Err(CompareError::Invalid { file, diagnostics });
            }
            v.push(Input {
                file,
                name: o.file.name.clone(),
                kind: if i == 0 { Kind::Base } else { Kind::Retrofit },
                cost: options::total_cost(&ops),
                currency: o.file.currency.clone(),
                downtime: o.file.downtime,
                changed: o.applied.changed,
                plan: o.applied.plan,
            });
        } else {
            let l = io::read_plan_with(p, dxf).map_err(CompareError::Load)?;
            let name = if l.plan.name.is_empty() {
                stem(p)
            } else {
                l.plan.name.clone()
            };
            let kind = if i == 0 { Kind::Base } else { Kind::NewBuild };
            v.push(Input::plain(&file, &name, kind, l.plan));
        }
    }
    Ok(v)
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Outputs of a comparison, in memory: (file name, bytes), plus the comparison itself.
pub struct CompareOutput {
    pub comparison: Comparison,
    pub files: Vec<(String, Vec<u8>)>,
}

/// The plans of a comparison evaluated on both axes: what [`compare_files`] and the retrofit
/// search share.
pub struct Evaluated {
    pub buildings: Vec<Building>,
    pub assessments: Vec<assess::Assessment>,
    pub runs: Vec<Option<SimRun>>,
    pub candidates: Vec<Candidate>,
    pub sampling: Option<score::sim::Sampling>,
}

/// Evaluates `inputs` (the first is the base) on both axes. With `settings.sim`, each plan's daily
/// life is simulated once and its outbreak replicates run **adaptively**: in batches of
/// `replicates` on common random numbers (every plan runs the same replicate indices from the
/// same seed) until every option's verdict against the base is settled — its risk-index
/// difference resolved beyond 0 or shown within the practical threshold (`score::decide`) — or
/// `max_replicates` is reached, which the result states. Every plan runs every batch, so all
/// differences stay paired replicate by replicate. Work is spread over the current rayon pool
/// and reduced in a fixed order, so the result is identical at any thread count.
pub fn evaluate(
    inputs: Vec<Input>,
    settings: &CompareSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Evaluated, CompareError> {
    if let Some(o) = &settings.sim {
        o.check().map_err(|message| CompareError::Scenario {
            file: o.scenario_file.clone(),
            message,
        })?;
    }
    let currency = &settings.profile.money.currency;
    for inp in &inputs {
        if let Some(c) = &inp.currency
            && c != currency
        {
            return Err(CompareError::Scenario {
                file: inp.file.clone(),
                message: format!(
                    "costs are in {c} but the scoring profile counts in {currency}; costs are never converted: give every option and the profile's [money] currency the same currency"
                ),
            });
        }
    }
    let mut buildings: Vec<Building> = Vec::new();
    for inp in &inputs {
        let c = resolve(&inp.plan);
        match c.building {
            Some(b) => buildings.push(b),
            None => {
                return Err(CompareError::Invalid {
                    file: inp.file.clone(),
                    diagnostics: c.diagnostics,
                });
            }
        }
    }
    let n = buildings.len();
    // Assess and simulate daily life in parallel: each plan's result lands in its own slot.
    let prepared: Vec<(
        assess::Assessment,
        Option<Result<transmission::Model, String>>,
    )> = buildings
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let a = assess::assess(b, &settings.assess);
            progress(Progress {
                option: i,
                options: n,
                fraction: 0.0,
                stage: "assessed",
            });
            let m = settings.sim.as_ref().map(|o| {
                prepare_model(b, o, &mut |f| {
                    progress(Progress {
                        option: i,
                        options: n,
                        fraction: MOVEMENT_SHARE * f,
                        stage: "simulating",
                    })
                })
            });
            (a, m)
        })
        .collect();
    let mut assessments = Vec::new();
    let mut models = Vec::new();
    for ((a, m), inp) in prepared.into_iter().zip(&inputs) {
        assessments.push(a);
        match m {
            None => {}
            Some(Ok(m)) => models.push(m),
            Some(Err(message)) => {
                return Err(CompareError::Scenario {
                    file: inp.file.clone(),
                    message,
                });
            }
        }
    }
    let candidate =
        |i: usize, inp: &Input, run: Option<&SimRun>| -> Result<Candidate, CompareError> {
            let sim_metrics = match run {
                Some(r) => r.risk.metrics(),
                None => score::sim::metrics(None, None),
            };
            let mut scorecard = score::scorecard(
                assessments[i].metrics().chain(sim_metrics.iter()),
                &settings.profile,
            )
            .map_err(|diagnostics| CompareError::Invalid {
                file: "scoring profile".into(),
                diagnostics,
            })?;
            if let Some(r) = run {
                scorecard.set_intervals(&r.risk.intervals());
            }
            Ok(Candidate {
                name: inp.name.clone(),
                file: inp.file.clone(),
                kind: inp.kind,
                residents: buildings[i].residents(),
                cost: inp.cost,
                downtime: inp.downtime,
                changed: inp.changed.clone(),
                metrics: assessments[i].metrics().cloned().collect(),
                scorecard,
                sim: run.map(|r| r.risk.clone()),
            })
        };
    let Some(o) = &settings.sim else {
        let candidates = (0..n)
            .map(|i| candidate(i, &inputs[i], None))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Evaluated {
            buildings,
            assessments,
            runs: (0..n).map(|_| None).collect(),
            candidates,
            sampling: None,
        });
    };
    let refs: Vec<&transmission::Model> = models.iter().collect();
    let mut results: Vec<Vec<ReplicateResult>> = (0..n).map(|_| Vec::new()).collect();
    let mut done = 0u32;
    let mut batches = 0u32;
    loop {
        let next = (done + o.replicates).min(o.max_replicates);
        for (k, batch) in run_batch(&refs, o, done..next).into_iter().enumerate() {
            results[k].extend(batch);
        }
        done = next;
        batches += 1;
        for i in 0..n {
            progress(Progress {
                option: i,
                options: n,
                fraction: MOVEMENT_SHARE
                    + (1.0 - MOVEMENT_SHARE) * f64::from(done) / f64::from(o.max_replicates),
                stage: "simulating",
            });
        }
        let runs = (0..n)
            .map(|k| risk_of(&models[k], o, results[k].clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| CompareError::Scenario {
                file: o.scenario_file.clone(),
                message,
            })?;
        let candidates = (0..n)
            .map(|i| candidate(i, &inputs[i], Some(&runs[i])))
            .collect::<Result<Vec<_>, _>>()?;
        let unsettled: Vec<String> = (1..n)
            .filter(|&i| !score::verdict_against(&candidates[i], &candidates[0]).settled())
            .map(|i| candidates[i].name.clone())
            .collect();
        if unsettled.is_empty() || done >= o.max_replicates {
            for i in 0..n {
                progress(Progress {
                    option: i,
                    options: n,
                    fraction: 1.0,
                    stage: "simulating",
                });
            }
            return Ok(Evaluated {
                buildings,
                assessments,
                runs: runs.into_iter().map(Some).collect(),
                candidates,
                sampling: Some(score::sim::Sampling {
                    batch: o.replicates,
                    cap: o.max_replicates,
                    replicates: done,
                    batches,
                    cap_reached: !unsettled.is_empty(),
                    unsettled,
                }),
            });
        }
    }
}

/// Compare `paths` (the first is the base; `.toml` files are retrofit options of a base plan or
/// of another option; other plans are new-build alternatives — when none is a retrofit they
/// compare as peers of the first), or the bundled legacy home, its four retrofits and the
/// household new build when `paths` is empty. Plans are evaluated by [`evaluate`] (adaptive
/// replicates with `settings.sim`), then compared, ranked by value for money and rendered.
pub fn compare_files(
    paths: &[PathBuf],
    settings: &CompareSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<CompareOutput, CompareError> {
    let inputs = if paths.is_empty() {
        embedded_inputs()
    } else {
        file_inputs(paths, &settings.dxf)?
    };
    let Evaluated {
        buildings,
        assessments,
        runs,
        candidates,
        sampling,
    } = evaluate(inputs, settings, progress)?;
    let n = buildings.len();
    let mut overlay_svgs: Vec<(usize, String, String, String)> = Vec::new();
    for (i, (b, (a, run))) in buildings
        .iter()
        .zip(assessments.iter().zip(&runs))
        .enumerate()
    {
        let exposure = run
            .as_ref()
            .map(|r| transmission::room_exposure_quanta(&r.results));
        for (caption, file, svg) in plan_overlays(b, a, exposure.as_deref()) {
            overlay_svgs.push((i, caption, format!("option-{}-{file}", i + 1), svg));
        }
    }
    let mut comparison = score::compare(candidates, &settings.profile.money, settings.budget);
    comparison.sampling = sampling;
    let pareto = report::chart::pareto_svg(&comparison);
    let mut figures = vec![("pareto", pareto.clone())];
    if comparison.candidates.iter().any(|c| c.sim.is_some()) {
        figures.push(("attack-rate", report::chart::attack_rate_svg(&comparison)));
        figures.push((
            "outbreak-size",
            report::chart::outbreak_size_svg(&comparison),
        ));
        figures.push((
            "epidemic-curves",
            report::chart::epidemic_curves_svg(&comparison),
        ));
    }
    let note = match (&settings.sim, &comparison.sampling) {
        (Some(o), Some(s)) => format!(
            "Risk axis: the infection-control geometry of each plan (crowding, single en-suite rooms, closable households, ventilation, visiting, entrances) and the simulated outbreak under a standard challenge — one infectious carer or nurse introduced into the home, scenario {} ({}), {} days of daily life replayed over {} outbreak days, from seed {}, the same replicate draws for every option (common random numbers). {}",
            o.scenario.name.as_deref().unwrap_or("unnamed"),
            o.scenario_file,
            o.pattern_days,
            o.days,
            o.seed,
            report::decision::sampling_sentence(s)
        ),
        _ => "Risk axis from the infection-control geometry of each plan only (crowding, single en-suite rooms, closable households, ventilation, visiting, entrances): the outbreak simulation was not run (--no-sim).".to_string(),
    };
    let overlay_pngs: Vec<Option<Vec<u8>>> = overlay_svgs
        .par_iter()
        .map(|(_, _, _, svg)| report::png::svg_to_png(svg, 1.0).ok())
        .collect();
    let mut overlays: Vec<Vec<report::html::PlanOverlay>> = (0..n).map(|_| Vec::new()).collect();
    for ((i, caption, file, _), png) in overlay_svgs.into_iter().zip(overlay_pngs) {
        if let Some(png) = png {
            overlays[i].push(report::html::PlanOverlay {
                caption,
                file: format!("{file}.png"),
                png,
            });
        }
    }
    let html = report::html::compare_html(&comparison, &buildings, &overlays, &figures, &note);
    let mut files = vec![
        ("report.html".to_string(), html.into_bytes()),
        (
            "summary.json".to_string(),
            (serde_json::to_string_pretty(&comparison).unwrap_or_default() + "\n").into_bytes(),
        ),
        (
            "scorecard.csv".to_string(),
            scorecard_csv(&comparison).into_bytes(),
        ),
        (
            "metrics.csv".to_string(),
            report::decision::metrics_csv(&comparison).into_bytes(),
        ),
    ];
    if settings.sim.is_some() {
        files.push(("risk.csv".to_string(), risk_csv(&comparison).into_bytes()));
        files.push((
            "replicates.csv".to_string(),
            replicates_csv(&comparison, &runs).into_bytes(),
        ));
    }
    for (name, svg) in &figures {
        files.push((format!("{name}.svg"), svg.clone().into_bytes()));
        if let Ok(png) = report::png::svg_to_png(svg, 2.0) {
            files.push((format!("{name}.png"), png));
        }
    }
    for (i, b) in buildings.iter().enumerate() {
        let svg = report::svg::floor_svg(b, 0, None, &comparison.candidates[i].changed);
        if let Ok(png) = report::png::svg_to_png(&svg, 1.5) {
            files.push((format!("plan-{}.png", i + 1), png));
        }
    }
    // The overlays' PNGs, inlined in the page above, also as files for slides.
    files.extend(overlays.into_iter().flatten().map(|o| (o.file, o.png)));
    Ok(CompareOutput { comparison, files })
}

/// What the retrofit search found, with the candidates' names and its output files.
pub struct SearchOutput {
    /// Candidate names, by index.
    pub names: Vec<String>,
    pub result: options::search::SearchResult,
    pub money: score::Money,
    /// `search.json`, `search.csv`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The best combination of retrofits of `paths` (a base plan, then option files of it; none: the
/// bundled legacy home and its four retrofits): conflicting candidates are reported, compatible
/// combinations are evaluated exactly as `compare` evaluates options (same assessment, same
/// adaptive replicates on common random numbers, every batch of combinations with the base),
/// and the Pareto front of capital cost × risk × quality of life is returned with the best plan
/// per budget level (`settings.budget`). Memoised per combination ([`options::search`]).
pub fn search_files(
    paths: &[PathBuf],
    settings: &CompareSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<SearchOutput, CompareError> {
    let (base_file, base, cands): (String, Plan, Vec<(String, Vec<options::Op>)>) =
        if paths.is_empty() {
            let (base, opts) = bundled_retrofits();
            (
                BUNDLED_BASE.0.to_string(),
                base,
                opts.into_iter().map(|(_, o)| (o.name, o.ops)).collect(),
            )
        } else {
            let l = io::read_plan_with(&paths[0], &settings.dxf).map_err(CompareError::Load)?;
            let mut v = Vec::new();
            for p in &paths[1..] {
                let o = io::read_option(p, &settings.dxf).map_err(CompareError::Load)?;
                v.push((o.file.name.clone(), o.all_ops().cloned().collect()));
            }
            (paths[0].display().to_string(), l.plan, v)
        };
    let ops: Vec<Vec<options::Op>> = cands.iter().map(|c| c.1.clone()).collect();
    let names: Vec<String> = cands.iter().map(|c| c.0.clone()).collect();
    let conflicts = options::search::conflicts(&base, &ops);
    let mut failure: Option<CompareError> = None;
    let mut evaluate = |batch: &[Vec<usize>]| -> Vec<Option<options::search::Point>> {
        let mut inputs = vec![Input::plain(
            &base_file,
            &base.name,
            Kind::Base,
            base.clone(),
        )];
        // Slot of each combination among the inputs (None: it cannot be built).
        let mut slot = Vec::new();
        for combo in batch {
            let all: Vec<options::Op> = combo.iter().flat_map(|&i| ops[i].clone()).collect();
            match options::apply(&base, &all) {
                Ok(_) if combo.is_empty() => slot.push(Some((0, 0.0))),
                Ok(a) if resolve(&a.plan).is_valid() => {
                    slot.push(Some((
                        inputs.len(),
                        options::total_cost(&all).unwrap_or(0.0),
                    )));
                    inputs.push(Input {
                        file: base_file.clone(),
                        name: combo
                            .iter()
                            .map(|&i| names[i].as_str())
                            .collect::<Vec<_>>()
                            .join(" + "),
                        kind: Kind::Retrofit,
                        plan: a.plan,
                        cost: options::total_cost(&all),
                        currency: None,
                        downtime: None,
                        changed: a.changed,
                    });
                }
                _ => slot.push(None),
            }
        }
        match evaluate(inputs, settings, progress) {
            Err(e) => {
                failure.get_or_insert(e);
                batch.iter().map(|_| None).collect()
            }
            Ok(ev) => batch
                .iter()
                .zip(slot)
                .map(|(combo, s)| {
                    let (k, cost) = s?;
                    let c = &ev.candidates[k];
                    Some(options::search::Point {
                        combination: combo.clone(),
                        cost,
                        qol: c.scorecard.qol?,
                        risk: c.scorecard.risk?,
                        verdict: if k == 0 {
                            "base".into()
                        } else {
                            score::verdict_against(c, &ev.candidates[0]).words
                        },
                    })
                })
                .collect(),
        }
    };
    let result = options::search::search(
        ops.len(),
        conflicts,
        settings.budget,
        options::search::EXHAUSTIVE_MAX,
        &mut evaluate,
    );
    if let Some(e) = failure {
        return Err(e);
    }
    let money = settings.profile.money.clone();
    let json = serde_json::json!({ "candidates": names, "currency": money.currency, "budget": settings.budget, "result": result });
    let files = vec![
        (
            "search.json".to_string(),
            (serde_json::to_string_pretty(&json).unwrap_or_default() + "\n").into_bytes(),
        ),
        (
            "search.csv".to_string(),
            report::decision::search_csv(&result, &names).into_bytes(),
        ),
    ];
    Ok(SearchOutput {
        names,
        result,
        money,
        files,
    })
}

/// The overlays of one option's plan for the report, per floor: where the simulated outbreak's
/// room-air dose was inhaled (with `exposure_quanta`, per room), the daylight factor and the
/// visual integration of the visibility graph analysis. Each is (caption, file stem, SVG).
fn plan_overlays(
    b: &Building,
    a: &assess::Assessment,
    exposure_quanta: Option<&[f64]>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let ids: Vec<&str> = b.floors.iter().map(|f| f.id.as_str()).collect();
    let stems = crate::io::file_stems(&ids);
    for (f, floor) in b.floors.iter().enumerate() {
        let fid = &floor.id;
        let stem = &stems[f];
        if let Some(q) = exposure_quanta {
            out.push((
                format!(
                    "Floor {fid}: room-air dose inhaled per outbreak replicate, by room (quanta; the colour scale runs to the home's most exposed room) — where airborne exposure happened"
                ),
                format!("exposure-{stem}"),
                report::sim_out::exposure_svg(b, f, q),
            ));
        }
        out.push((
            format!("Floor {fid}: daylight factor on the working plane (%, CIE overcast sky)"),
            format!("daylight-{stem}"),
            report::daylight_svg::daylight_svg(b, &a.daylight, f, 14.0),
        ));
        if let Some(v) = a.vga.iter().find(|v| v.floor == f) {
            out.push((
                format!(
                    "Floor {fid}: visual integration [HH] of the visibility graph (higher: more visible from everywhere, easier to find)"
                ),
                format!("vga-{stem}"),
                report::svg::vga_svg(b, v),
            ));
        }
    }
    out
}

fn scorecard_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "option",
        "axis",
        "metric",
        "value",
        "value_lo95",
        "value_hi95",
        "unit",
        "score",
        "weight",
        "worst",
        "best",
        "source",
    ]);
    for cand in &c.candidates {
        let intervals = cand.sim.as_ref().map(|s| s.intervals());
        for comp in &cand.scorecard.components {
            let iv = intervals
                .iter()
                .flatten()
                .find(|i| i.0 == comp.metric)
                .filter(|_| comp.value.is_some());
            let _ = w.write_record([
                cand.name.as_str(),
                if comp.axis == score::Axis::Qol {
                    "qol"
                } else {
                    "risk"
                },
                &comp.metric,
                &opt(comp.value),
                &opt(iv.map(|i| i.1)),
                &opt(iv.map(|i| i.2)),
                &comp.unit,
                &opt(comp.score),
                &comp.weight.to_string(),
                &comp.worst.to_string(),
                &comp.best.to_string(),
                &comp.source,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// `risk.csv`: one row per option: both axes, the simulated risk with its intervals, the
/// differences from the base (paired when the replicates share their random numbers), the
/// verdict in words, and the value for money.
fn risk_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "option",
        "kind",
        "residents",
        "qol",
        "risk_index",
        "risk_index_lo95",
        "risk_index_hi95",
        "replicates",
        "attack_rate_mean",
        "attack_rate_lo95",
        "attack_rate_hi95",
        "p_outbreak_gt5",
        "p_outbreak_gt5_lo95",
        "p_outbreak_gt5_hi95",
        "p_outbreak_gt10pct",
        "p_outbreak_gt10pct_lo95",
        "p_outbreak_gt10pct_hi95",
        "vs_base_paired",
        "vs_base_qol",
        "vs_base_risk_index_mean",
        "vs_base_risk_index_lo95",
        "vs_base_risk_index_hi95",
        "vs_base_attack_rate_mean",
        "vs_base_attack_rate_lo95",
        "vs_base_attack_rate_hi95",
        "vs_base_p_outbreak_gt5_mean",
        "vs_base_p_outbreak_gt5_lo95",
        "vs_base_p_outbreak_gt5_hi95",
        "vs_base_attack_rate_within_noise",
        "qol_judged",
        "risk_judged",
        "verdict",
        "currency",
        "capital_cost",
        "beds_change",
        "beds_cost",
        "downtime_cost",
        "total_cost",
        "cost_per_risk_point",
        "cost_per_risk_point_lo95",
        "cost_per_risk_point_hi95",
        "rank_cost_per_risk_point",
        "cost_per_qol_point",
        "rank_cost_per_qol_point",
        "fits_budget",
    ]);
    for (i, cand) in c.candidates.iter().enumerate() {
        let s = cand.sim.as_ref();
        let d = c.vs_base[i].as_ref();
        let r = c.risk_vs_base[i].as_ref();
        let v = &c.value[i];
        let v_ = &c.verdicts[i];
        let rank = |r: Option<usize>| r.map_or(String::new(), |r| r.to_string());
        let _ = w.write_record([
            cand.name.clone(),
            cand.kind.words().to_string(),
            cand.residents.to_string(),
            opt(cand.scorecard.qol),
            opt(cand.scorecard.risk),
            opt(cand.scorecard.risk_lo95),
            opt(cand.scorecard.risk_hi95),
            s.map_or(String::new(), |s| s.replicates.len().to_string()),
            opt(s.map(|s| s.attack_rate.mean)),
            opt(s.map(|s| s.attack_rate.lo95)),
            opt(s.map(|s| s.attack_rate.hi95)),
            opt(s.map(|s| s.p_outbreak_gt5.p)),
            opt(s.map(|s| s.p_outbreak_gt5.lo95)),
            opt(s.map(|s| s.p_outbreak_gt5.hi95)),
            opt(s.map(|s| s.p_outbreak_gt10pct.p)),
            opt(s.map(|s| s.p_outbreak_gt10pct.lo95)),
            opt(s.map(|s| s.p_outbreak_gt10pct.hi95)),
            d.map_or(String::new(), |d| d.paired.to_string()),
            opt(c.qol_vs_base[i]),
            opt(r.map(|r| r.mean)),
            opt(r.map(|r| r.lo95)),
            opt(r.map(|r| r.hi95)),
            opt(d.map(|d| d.attack_rate.mean)),
            opt(d.map(|d| d.attack_rate.lo95)),
            opt(d.map(|d| d.attack_rate.hi95)),
            opt(d.map(|d| d.p_outbreak_gt5.mean)),
            opt(d.map(|d| d.p_outbreak_gt5.lo95)),
            opt(d.map(|d| d.p_outbreak_gt5.hi95)),
            d.map_or(String::new(), |d| d.attack_rate_within_noise().to_string()),
            v_.qol.map_or("", |x| x.words()).to_string(),
            v_.risk.map_or("", |x| x.words()).to_string(),
            v_.words.clone(),
            c.money.currency.clone(),
            opt(v.capital),
            v.beds_change.to_string(),
            v.beds_cost.to_string(),
            v.downtime_cost.to_string(),
            opt(v.total),
            opt(v.per_risk_point.map(|p| p.mean)),
            opt(v.per_risk_point.map(|p| p.lo95)),
            opt(v.per_risk_point.map(|p| p.hi95)),
            rank(v.rank_risk),
            opt(v.per_qol_point.map(|p| p.mean)),
            rank(v.rank_qol),
            v.fits_budget.map_or(String::new(), |b| b.to_string()),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `replicates.csv`: one row per option and outbreak replicate (tidy).
fn replicates_csv(c: &Comparison, runs: &[Option<SimRun>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "option",
        "replicate",
        "index_person",
        "resident_cases",
        "residents_at_risk",
        "resident_attack_rate",
        "staff_cases",
        "staff_at_risk",
        "infections_room_air",
        "infections_close_range",
        "peak_infectious_residents",
        "days_active",
    ]);
    for (cand, run) in c.candidates.iter().zip(runs) {
        for r in run.iter().flat_map(|r| &r.results) {
            let _ = w.write_record([
                cand.name.clone(),
                r.replicate.to_string(),
                r.index_person.to_string(),
                r.resident_cases.to_string(),
                r.residents_at_risk.to_string(),
                r.resident_attack_rate().to_string(),
                r.staff_cases.to_string(),
                r.staff_at_risk.to_string(),
                r.infections_room_air.to_string(),
                r.infections_close_range.to_string(),
                r.peak_infectious_residents.to_string(),
                r.days_active.to_string(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

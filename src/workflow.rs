//! Whole jobs that read files, run the core and produce outputs: the layer between the CLI and
//! the pure core (it uses [`crate::io`] for every file it touches, and returns outputs in memory
//! for the caller to write).

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
/// Replicates per option by default: 60 — with common random numbers the paired difference of
/// the attack rate is resolved to a few percentage points within the 60 s budget of issue 9 on two
/// cores (measured, README performance table).
pub const DEFAULT_REPLICATES: u32 = 60;

/// How `compare` simulates each option's risk: one movement replicate of `pattern_days` days of
/// daily life, replayed over `days` outbreak days, and `replicates` transmission replicates,
/// every option from the same `seed` and replicate indices (common random numbers).
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Where the scenario came from (a file, or the bundled baseline), for messages and reports.
    pub scenario_file: String,
    pub scenario: Scenario,
    pub params: transmission::Params,
    pub days: u32,
    pub pattern_days: u32,
    pub replicates: u32,
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
        Ok(())
    }
}

/// What one option's simulation produced.
pub struct SimRun {
    pub results: Vec<ReplicateResult>,
    pub summary: transmission::Summary,
    pub risk: SimRisk,
}

/// Simulates one building under `o`: daily life for `o.pattern_days` days (movement replicate 0
/// from `o.seed`), then `o.replicates` outbreak replicates from `o.seed` over `o.days` days on the
/// current rayon pool. `progress` gets the fraction done (movement is the first 40%).
pub fn simulate_risk(
    b: &Building,
    o: &SimOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<SimRun, String> {
    o.check()?;
    let mut sc = o.scenario.clone();
    sc.run.seed = o.seed;
    sc.run.days = o.pattern_days;
    let sim = Simulation::new(b, &sc);
    let rec = sim.run_replicate(0, o.pattern_days, RunOptions::default(), &mut |f| {
        progress(MOVEMENT_SHARE * f)
    });
    let model = transmission::Model::new(b, o.params.clone(), &rec);
    drop(rec);
    let results = transmission::run_replicates(&model, o.seed, o.replicates, o.days);
    let summary =
        transmission::summarize(&model, o.days, &results).ok_or("no outbreak replicates")?;
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
        replicates: o.replicates,
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
    progress(1.0);
    Ok(SimRun {
        results,
        summary,
        risk,
    })
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
}

impl Default for CompareSettings {
    /// The bundled profile, default assessment, the standard challenge.
    fn default() -> Self {
        CompareSettings {
            profile: score::default_profile(),
            assess: assess::Options::default(),
            dxf: Default::default(),
            sim: Some(SimOptions::standard()),
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
struct Input {
    file: String,
    name: String,
    kind: Kind,
    plan: Plan,
    cost: Option<f64>,
    changed: Vec<String>,
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

fn embedded_inputs() -> Vec<Input> {
    let base = plan::from_json_str(BUNDLED_BASE.1).expect("bundled plan parses (tested)");
    let mut v = vec![Input {
        file: BUNDLED_BASE.0.into(),
        name: base.name.clone(),
        kind: Kind::Base,
        plan: base.clone(),
        cost: None,
        changed: vec![],
    }];
    for (file, text) in BUNDLED_OPTIONS {
        let o = options::from_toml_str(text).expect("bundled option parses (tested)");
        let applied = options::apply(&base, &o.ops).expect("bundled option applies (tested)");
        v.push(Input {
            file: file.into(),
            name: o.name.clone(),
            kind: Kind::Retrofit,
            plan: applied.plan,
            cost: options::total_cost(&o.ops),
            changed: applied.changed,
        });
    }
    let nb = plan::from_json_str(BUNDLED_NEWBUILD.1).expect("bundled plan parses (tested)");
    v.push(Input {
        file: BUNDLED_NEWBUILD.0.into(),
        name: nb.name.clone(),
        kind: Kind::NewBuild,
        plan: nb,
        cost: None,
        changed: vec![],
    });
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
            v.push(Input {
                file,
                name: o.file.name.clone(),
                kind: if i == 0 { Kind::Base } else { Kind::Retrofit },
                cost: options::total_cost(&o.file.ops),
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
            v.push(Input {
                file,
                name,
                kind: if i == 0 { Kind::Base } else { Kind::NewBuild },
                plan: l.plan,
                cost: None,
                changed: vec![],
            });
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

/// Compare `paths` (the first is the base; `.toml` files are retrofit options of a base plan;
/// other plans are new-build alternatives), or the bundled legacy home, its four retrofits and
/// the household new build when `paths` is empty. With `settings.sim`, every option's outbreak
/// risk is simulated (options in parallel on the current rayon pool; results land in their own
/// slots, so outputs are identical at any thread count) and joins the risk axis.
pub fn compare_files(
    paths: &[PathBuf],
    settings: &CompareSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<CompareOutput, CompareError> {
    if let Some(o) = &settings.sim {
        o.check().map_err(|message| CompareError::Scenario {
            file: o.scenario_file.clone(),
            message,
        })?;
    }
    let inputs = if paths.is_empty() {
        embedded_inputs()
    } else {
        file_inputs(paths, &settings.dxf)?
    };
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
    // Assess (and simulate) in parallel: each candidate's result lands in its own slot, so the
    // order (and every number) is the same at any thread count.
    let assessed: Vec<(assess::Assessment, Option<Result<SimRun, String>>)> = buildings
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
            let s = settings.sim.as_ref().map(|o| {
                simulate_risk(b, o, &mut |f| {
                    progress(Progress {
                        option: i,
                        options: n,
                        fraction: f,
                        stage: "simulating",
                    })
                })
            });
            (a, s)
        })
        .collect();
    let mut candidates = Vec::new();
    let mut runs = Vec::new();
    // (option, caption, file name, SVG) of every plan overlay, rasterised below.
    let mut overlay_svgs: Vec<(usize, String, String, String)> = Vec::new();
    for (i, ((inp, (a, s)), b)) in inputs.into_iter().zip(assessed).zip(&buildings).enumerate() {
        let run = match s {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(message)) => {
                return Err(CompareError::Scenario {
                    file: inp.file,
                    message,
                });
            }
        };
        let sim_metrics = match &run {
            Some(r) => r.risk.metrics(),
            None => score::sim::metrics(None, None),
        };
        let mut scorecard =
            score::scorecard(a.metrics().chain(sim_metrics.iter()), &settings.profile).map_err(
                |diagnostics| CompareError::Invalid {
                    file: "scoring profile".into(),
                    diagnostics,
                },
            )?;
        if let Some(r) = &run {
            scorecard.set_intervals(&r.risk.intervals());
        }
        let exposure = run
            .as_ref()
            .map(|r| transmission::room_exposure_quanta(&r.results));
        for (caption, file, svg) in plan_overlays(b, &a, exposure.as_deref()) {
            overlay_svgs.push((i, caption, format!("option-{}-{file}", i + 1), svg));
        }
        candidates.push(Candidate {
            name: inp.name,
            file: inp.file,
            kind: inp.kind,
            residents: b.residents(),
            cost: inp.cost,
            changed: inp.changed,
            scorecard,
            sim: run.as_ref().map(|r| r.risk.clone()),
        });
        runs.push(run);
    }
    let comparison = score::compare(candidates, TIE_POINTS);
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
    let note = match &settings.sim {
        Some(o) => format!(
            "Risk axis: the infection-control geometry of each plan (crowding, single en-suite rooms, closable households, ventilation, visiting, entrances) and the simulated outbreak under a standard challenge — one infectious carer or nurse introduced into the home, scenario {} ({}), {} days of daily life replayed over {} outbreak days, {} Monte Carlo replicates per option from seed {}, the same replicate draws for every option (common random numbers).",
            o.scenario.name.as_deref().unwrap_or("unnamed"),
            o.scenario_file,
            o.pattern_days,
            o.days,
            o.replicates,
            o.seed
        ),
        None => "Risk axis from the infection-control geometry of each plan only (crowding, single en-suite rooms, closable households, ventilation, visiting, entrances): the outbreak simulation was not run (--no-sim).".to_string(),
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

/// Differences smaller than this many points (on 0–100 axes) count as none.
pub const TIE_POINTS: f64 = 1.0;

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

/// `risk.csv`: one row per option: both axes, the simulated risk with its intervals, and the
/// difference from the base (paired when the replicates share their random numbers).
fn risk_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "option",
        "qol",
        "risk_index",
        "risk_index_lo95",
        "risk_index_hi95",
        "risk_index_beyond_noise",
        "attack_rate_mean",
        "attack_rate_lo95",
        "attack_rate_hi95",
        "p_outbreak_gt5",
        "p_outbreak_gt5_lo95",
        "p_outbreak_gt5_hi95",
        "vs_base_paired",
        "vs_base_attack_rate_mean",
        "vs_base_attack_rate_lo95",
        "vs_base_attack_rate_hi95",
        "vs_base_p_outbreak_gt5_mean",
        "vs_base_p_outbreak_gt5_lo95",
        "vs_base_p_outbreak_gt5_hi95",
        "vs_base_within_noise",
        "verdict",
    ]);
    for (i, cand) in c.candidates.iter().enumerate() {
        let s = cand.sim.as_ref();
        let d = c.vs_base[i].as_ref();
        let _ = w.write_record([
            cand.name.clone(),
            opt(cand.scorecard.qol),
            opt(cand.scorecard.risk),
            opt(cand.scorecard.risk_lo95),
            opt(cand.scorecard.risk_hi95),
            opt(c.risk_beyond_noise[i]),
            opt(s.map(|s| s.attack_rate.mean)),
            opt(s.map(|s| s.attack_rate.lo95)),
            opt(s.map(|s| s.attack_rate.hi95)),
            opt(s.map(|s| s.p_outbreak_gt5.p)),
            opt(s.map(|s| s.p_outbreak_gt5.lo95)),
            opt(s.map(|s| s.p_outbreak_gt5.hi95)),
            d.map_or(String::new(), |d| d.paired.to_string()),
            opt(d.map(|d| d.attack_rate.mean)),
            opt(d.map(|d| d.attack_rate.lo95)),
            opt(d.map(|d| d.attack_rate.hi95)),
            opt(d.map(|d| d.p_outbreak_gt5.mean)),
            opt(d.map(|d| d.p_outbreak_gt5.lo95)),
            opt(d.map(|d| d.p_outbreak_gt5.hi95)),
            d.map_or(String::new(), |d| d.attack_rate_within_noise().to_string()),
            format!("{:?}", c.verdicts[i]),
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

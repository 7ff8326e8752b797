//! `simulate` as a job: a week (or `days`) of daily life in one building, its files (contacts,
//! rooms, contact matrix, occupancy, contacts as a graph, trajectories when asked) and, unless
//! movement only, an outbreak over Monte Carlo replicates replayed on that movement (summary,
//! replicates, time series, exposure per room). The CLI (`carehome simulate`) and the Python
//! package (`carehome.simulate`) both run it; outputs come back in memory for the caller to
//! write through [`crate::io`].

use crate::building::Building;
use crate::io;
use crate::report;
use crate::sim::transmission::{self, ReplicateResult, Summary};
use crate::sim::{RunOptions, RunRecord, Scenario, Simulation};
use std::path::Path;

/// What to run, over a scenario (every field overrides the scenario's when set).
#[derive(Clone, Debug, Default)]
pub struct SimulateSettings {
    /// Days of daily life (`run.days`; at least 1).
    pub days: Option<u32>,
    /// Seed (`run.seed`).
    pub seed: Option<u64>,
    /// Run the outbreak after the movement.
    pub epi: bool,
    /// Outbreak replicates (`run.replicates`; at least 1).
    pub replicates: Option<u32>,
    /// Worker threads of the replicates (default: rayon's, all cores or `RAYON_NUM_THREADS`);
    /// results do not depend on it.
    pub threads: Option<usize>,
    /// Record walkers' positions and render the JuPedSim trajectory databases.
    pub trajectories: bool,
}

/// Why a simulation could not run.
#[derive(Debug)]
pub enum SimulateError {
    /// The scenario file could not be read (a usage problem).
    ScenarioFile { path: String, message: String },
    /// The scenario is not valid (file and what to fix).
    Scenario { path: String, message: String },
    /// A bad setting (threads), a usage problem.
    Setting(String),
    /// A renderer failed (the trajectory database).
    Output(String),
}

impl std::fmt::Display for SimulateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimulateError::ScenarioFile { path, message }
            | SimulateError::Scenario { path, message } => write!(f, "{path}: {message}"),
            SimulateError::Setting(m) | SimulateError::Output(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SimulateError {}

impl SimulateError {
    /// A usage problem (exit code 2) rather than invalid input (1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SimulateError::ScenarioFile { .. } | SimulateError::Setting(_)
        )
    }
}

/// Read a scenario file (TOML, `carehome-scenario/1`); `None`: every field at its default.
pub fn read_scenario(path: Option<&Path>) -> Result<Scenario, SimulateError> {
    let Some(p) = path else {
        return Ok(Scenario::default());
    };
    let text = io::read_text_msg(p).map_err(|message| SimulateError::ScenarioFile {
        path: p.display().to_string(),
        message,
    })?;
    crate::sim::from_toml_str(&text).map_err(|e| SimulateError::Scenario {
        path: p.display().to_string(),
        message: e.to_string(),
    })
}

/// Where a run is, for progress bars.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    /// Fraction of the daily life simulated.
    Movement { days: u32, fraction: f64 },
    /// The outbreak replicates start.
    Outbreak { replicates: u32, days: u32 },
}

/// The outbreak part of a run.
#[derive(Clone, Debug)]
pub struct Outbreak {
    pub replicates: u32,
    pub days: u32,
    pub summary: Summary,
    pub results: Vec<ReplicateResult>,
    /// Wall time of the replicates, seconds (for the message; not in any file).
    pub secs: f64,
}

/// What a run produced.
#[derive(Debug)]
pub struct SimulateOutput {
    /// The scenario as run (days, seed and replicates applied).
    pub scenario: Scenario,
    pub record: RunRecord,
    /// Output files by name, in the order the CLI writes them.
    pub files: Vec<(String, Vec<u8>)>,
    /// JuPedSim trajectory databases, one per floor with walkers (floor index, bytes); empty
    /// unless [`SimulateSettings::trajectories`].
    pub trajectories: Vec<(usize, Vec<u8>)>,
    pub outbreak: Option<Outbreak>,
}

/// Simulate daily life in `b` under `scenario` and, if `settings.epi`, the outbreak.
pub fn simulate(
    b: &Building,
    mut sc: Scenario,
    settings: &SimulateSettings,
    progress: &mut dyn FnMut(Stage),
) -> Result<SimulateOutput, SimulateError> {
    if let Some(d) = settings.days {
        sc.run.days = d.max(1);
    }
    if let Some(s) = settings.seed {
        sc.run.seed = s;
    }
    if let Some(n) = settings.replicates {
        sc.run.replicates = n.max(1);
    }
    if settings.threads == Some(0) {
        return Err(SimulateError::Setting(
            "--threads must be at least 1".into(),
        ));
    }
    let epi_days = sc.run.days;
    let params = if settings.epi {
        Some(
            transmission::Params::from_scenario(&sc).map_err(|e| SimulateError::Scenario {
                path: "scenario".into(),
                message: e.to_string(),
            })?,
        )
    } else {
        None
    };
    let mut movement = sc.clone();
    if params.is_some() {
        // Movement is replayed: epidemic day d uses pattern day d mod P (sim::transmission).
        movement.run.days = movement.run.days.min(transmission::MAX_PATTERN_DAYS);
    }
    let days = movement.run.days;
    let sim = Simulation::new(b, &movement);
    let opts = RunOptions {
        trajectories: settings.trajectories,
        ..RunOptions::default()
    };
    let rec = sim.run_replicate(0, days, opts, &mut |f| {
        progress(Stage::Movement { days, fraction: f })
    });
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "contacts.csv".into(),
            report::sim_out::contacts_csv(b, &rec).into_bytes(),
        ),
        (
            "contacts.graphml".into(),
            report::network::graphml(&b.name, &rec).into_bytes(),
        ),
        (
            "rooms.csv".into(),
            report::sim_out::rooms_csv(b, &rec).into_bytes(),
        ),
        (
            "contact-matrix.csv".into(),
            report::sim_out::matrix_csv(&rec).into_bytes(),
        ),
        (
            "occupancy.svg".into(),
            report::sim_out::occupancy_svg(b, &rec).into_bytes(),
        ),
    ];
    let mut trajectories = Vec::new();
    if settings.trajectories {
        let fps = 1.0 / movement.run.contact_sample_s;
        for f in report::jupedsim::floors_with_samples(b, &rec) {
            let db = report::jupedsim::sqlite(b, &rec, f, fps).map_err(SimulateError::Output)?;
            trajectories.push((f, db));
        }
    }
    let outbreak = match params {
        None => None,
        Some(params) => {
            let n = sc.run.replicates.max(1);
            let model = transmission::Model::new(b, params, &rec);
            let mut pool = rayon::ThreadPoolBuilder::new();
            if let Some(t) = settings.threads {
                pool = pool.num_threads(t);
            }
            let pool = pool
                .build()
                .map_err(|e| SimulateError::Setting(format!("threads: {e}")))?;
            progress(Stage::Outbreak {
                replicates: n,
                days: epi_days,
            });
            let t0 = std::time::Instant::now();
            let results =
                pool.install(|| transmission::run_replicates(&model, sc.run.seed, n, epi_days));
            let secs = t0.elapsed().as_secs_f64();
            let summary = transmission::summarize(&model, epi_days, &results)
                .ok_or_else(|| SimulateError::Setting("no replicates".into()))?;
            let json = serde_json::to_string_pretty(&summary)
                .map_err(|e| SimulateError::Output(e.to_string()))?
                + "\n";
            files.push(("summary.json".into(), json.into_bytes()));
            files.push((
                "replicates.csv".into(),
                transmission::replicates_csv(&results).into_bytes(),
            ));
            if let Some(curve) = transmission::epidemic_curve(&results) {
                files.push((
                    "timeseries.csv".into(),
                    transmission::timeseries_csv(&curve).into_bytes(),
                ));
                let residents = results.first().map_or(0, |r| r.residents_at_risk);
                files.push((
                    "epidemic.svg".into(),
                    report::sim_out::epidemic_svg(&curve, residents).into_bytes(),
                ));
            }
            let exposure = transmission::room_exposure_quanta(&results);
            files.push((
                "exposure.csv".into(),
                report::sim_out::exposure_csv(b, &exposure).into_bytes(),
            ));
            let ids: Vec<&str> = b.floors.iter().map(|f| f.id.as_str()).collect();
            for (f, stem) in io::file_stems(&ids).iter().enumerate() {
                files.push((
                    format!("exposure-{stem}.svg"),
                    report::sim_out::exposure_svg(b, f, &exposure).into_bytes(),
                ));
            }
            Some(Outbreak {
                replicates: n,
                days: epi_days,
                summary,
                results,
                secs,
            })
        }
    };
    Ok(SimulateOutput {
        scenario: sc,
        record: rec,
        files,
        trajectories,
        outbreak,
    })
}

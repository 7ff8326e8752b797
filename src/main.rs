//! The `carehome` command: a thin layer over the library. Parse arguments, call, print.

use carehome::{assess, building, diag, dxf, io, plan, report};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Print to standard output through [`write_stdout`] (never panics on a closed pipe or full disk).
macro_rules! outln {
    ($($t:tt)*) => { $crate::write_stdout(&format!("{}\n", format_args!($($t)*))) };
}

/// `outln!` without the line break.
macro_rules! out {
    ($($t:tt)*) => { $crate::write_stdout(&format!($($t)*)) };
}

/// `error: …` on standard error, with user text escaped ([`diag::terminal_safe_lines`]).
macro_rules! error {
    ($($t:tt)*) => { eprintln!("error: {}", carehome::diag::terminal_safe_lines(&format!($($t)*))) };
}

/// `warning: …` on standard error, escaped like `error!`.
macro_rules! warning {
    ($($t:tt)*) => { eprintln!("warning: {}", carehome::diag::terminal_safe_lines(&format!($($t)*))) };
}

/// `note: …` on standard error, escaped like `error!`.
macro_rules! note {
    ($($t:tt)*) => { eprintln!("note: {}", carehome::diag::terminal_safe_lines(&format!($($t)*))) };
}

// The std printing macros panic when a stream is full or closed; these shadow them (textual
// scope wins over the prelude) so every print of the binary, `sweep_cli` included, goes through
// [`write_stdout`] / [`write_stderr`] (issue #14).
macro_rules! print {
    ($($t:tt)*) => { $crate::write_stdout(&format!($($t)*)) };
}
macro_rules! eprintln {
    () => { $crate::write_stderr("\n") };
    ($($t:tt)*) => { $crate::write_stderr(&format!("{}\n", format_args!($($t)*))) };
}
macro_rules! eprint {
    ($($t:tt)*) => { $crate::write_stderr(&format!($($t)*)) };
}

mod sweep_cli;

/// Write to standard error, never panicking: when it is full or closed (`2>/dev/full`) there is
/// nowhere left to report that, so the text is dropped and the exit code still tells.
fn write_stderr(text: &str) {
    use std::io::Write;
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes()).and_then(|()| e.flush());
}

/// Exit code when standard output was closed by its reader (`carehome check … | head -1`):
/// 128 + SIGPIPE, what a shell reports for a program stopped by a closed pipe.
const CLOSED_PIPE: i32 = 141;

/// Write to standard output. A closed pipe ends the program quietly ([`CLOSED_PIPE`]): the reader
/// wanted no more. Any other write error (a full disk, `> /dev/full`) ends it with a message and
/// exit code 2.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(text.as_bytes()).and_then(|()| o.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(CLOSED_PIPE);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(USAGE.into());
    }
}

#[derive(Parser)]
#[command(
    name = "carehome",
    version,
    about = "Assess and simulate care-home buildings: infection-control risk against quality of life",
    long_about = "carehome reads care-home floor plans (carehome-plan/1 JSON, metres), checks them, \
and measures what the layout means for residents: privacy, crowding, communal space and more.\n\n\
Start with:\n  carehome check floorplans/*.json\n  carehome assess floorplans/legacy-corridor.json",
    after_help = "Exit codes: 0 success, 1 invalid input, 2 usage or file error.\nFormat reference: docs/plan-format.md"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate plans and list every problem, with the element and how to fix it.
    #[command(
        after_help = "Examples:\n  carehome check floorplans/legacy-corridor.json\n  carehome check floorplans/*.json --format json\n\n\
Exit code 0 if every plan is valid (warnings allowed), 1 if any has errors, 2 if a file cannot be read."
    )]
    Check {
        /// Plan files (.json) or drawings (.dxf).
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        #[command(flatten)]
        dxf: DxfArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Treat warnings as errors (exit 1 if any).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Measure a plan: space, privacy, household scale, wayfinding (VGA), outdoor access and
    /// infection-control geometry, each figure with its threshold and source.
    #[command(
        after_help = "Examples:\n  carehome assess floorplans/legacy-corridor.json\n  carehome assess floorplans/household-newbuild.json --format csv -o out/newbuild.csv\n  carehome assess floorplans/green-house.json --explain wayfinding.mean_integration_hh\n  carehome assess floorplans/legacy-corridor.json --svg out/legacy-svg\n\n\
The crowding index is residents / (bedrooms/2 + bathrooms/2) (Brown et al. 2021, JAMA Intern Med)."
    )]
    Assess {
        /// Plan file (.json), drawing (.dxf) or IFC model (.ifc).
        plan: PathBuf,
        #[command(flatten)]
        dxf: DxfArgs,
        /// Output format: table (schedule and scorecard), json (everything) or csv (one row per metric).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Bedroom-area standard to judge against.
        #[arg(long, value_enum, default_value_t = StandardArg::England)]
        standard: StandardArg,
        /// Grid spacing of the visibility graph analysis, metres.
        #[arg(long, default_value_t = carehome::assess::vga::DEFAULT_SPACING_M, value_name = "M")]
        vga_spacing_m: f64,
        /// Explain one metric (how it is computed, its threshold and source) instead of the report.
        #[arg(long, value_name = "KEY")]
        explain: Option<String>,
        /// Also write SVG drawings per floor into this folder: plan by room use, VGA integration,
        /// daylight factor.
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Write to this file instead of standard output (refuses to overwrite without --force).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace output files if they exist.
        #[arg(long)]
        force: bool,
    },
    /// Simulate daily life in a plan (movement, contacts, room occupancy) and, unless --no-epi,
    /// an outbreak started by one infectious staff member, over many replicates.
    #[command(
        after_help = "Examples:\n  carehome simulate floorplans/legacy-corridor.json --scenario scenarios/baseline.toml --days 7 --no-epi --out out/legacy\n\n\
  carehome simulate floorplans/legacy-corridor.json --scenario scenarios/baseline.toml --days 30 --replicates 200 --threads 2 --out out/legacy\n\n\
Writes contacts.csv (edge list: a, b, start_s, duration_s, room, distance_class, ...), contacts.graphml (the contact network for NetworkX), rooms.csv, contact-matrix.csv and occupancy.svg into --out, and with the pathogen summary.json, replicates.csv, timeseries.csv, epidemic.svg, exposure.csv and exposure-<floor>.svg. Scenario format: docs/scenario-format.md"
    )]
    Simulate {
        /// Plan file (.json), drawing (.dxf) or IFC model (.ifc).
        plan: PathBuf,
        #[command(flatten)]
        dxf: DxfArgs,
        /// Scenario file (TOML, carehome-scenario/1). Default: every field at its default.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Days to simulate (overrides run.days).
        #[arg(long)]
        days: Option<u32>,
        /// Seed (overrides run.seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Movement and contacts only, no pathogen.
        #[arg(long)]
        no_epi: bool,
        /// Outbreak replicates (overrides run.replicates).
        #[arg(long)]
        replicates: Option<u32>,
        /// Worker threads for the replicates (default: all cores); results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Also write walkers' trajectories in the JuPedSim SQLite format (version 2), which PedPy
        /// reads: one file per floor (FILE-<floor>.sqlite) when the plan has several floors.
        #[arg(long, value_name = "FILE.sqlite")]
        trajectories: Option<PathBuf>,
        /// Output folder.
        #[arg(long, value_name = "DIR", default_value = "out/simulate")]
        out: PathBuf,
        /// Replace output files if they exist.
        #[arg(long)]
        force: bool,
    },
    /// Convert DXF drawings (one per floor, or one with a layer prefix per floor) to a JSON plan.
    #[command(
        after_help = "Examples:\n  carehome import floorplans/minimal.dxf -o plan.json\n  carehome import ground.dxf first.dxf --floor G --elevation-m 0 --floor 1 --elevation-m 3.2 -o plan.json\n  carehome import office.dxf --layers floorplans/dxf-layers.example.toml --units mm -o plan.json\n\n\
Layer convention (AIA / US National CAD Standard): closed polylines on A-AREA-BNDY are rooms, text \
`B12 bedroom 1` on A-AREA-IDEN names them, blocks on A-DOOR and A-GLAZ are doors and windows. See docs/dxf.md.\n\
Exit code 0 if the plan was written (warnings allowed), 1 if the drawing has errors, 2 on a file error."
    )]
    Import {
        /// DXF drawings; several are stacked as floors (give --floor for each). Or one IFC model
        /// (.ifc): its storeys are the floors, and the guess report is written beside the plan as
        /// <output>.import.json (docs/ifc.md).
        #[arg(required = true)]
        drawings: Vec<PathBuf>,
        /// The JSON plan to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Floor id of each drawing's unprefixed layers, in order (default G).
        #[arg(long)]
        floor: Vec<String>,
        /// Elevation of each --floor, metres, in order.
        #[arg(long, allow_negative_numbers = true)]
        elevation_m: Vec<f64>,
        /// Plan name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        dxf: DxfArgs,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a plan as a layered DXF drawing (millimetres, AIA/NCS layers) to open in CAD.
    #[command(
        after_help = "Example:\n  carehome export floorplans/green-house.json -o green-house.dxf\n\n\
`carehome import` reads the drawing back to the same rooms, doors and windows. See docs/dxf.md."
    )]
    Export {
        /// Plan file (.json, .dxf or .ifc).
        plan: PathBuf,
        /// The DXF file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Scenario sweeps: run a manifest locally or as Slurm shards, merge, rank the parameters.
    #[command(subcommand)]
    Sweep(sweep_cli::SweepCmd),
    /// Compare a base plan with its retrofit options and new-build alternatives: quality of life
    /// against infection-control risk, in one self-contained HTML report.
    #[command(
        after_help = "Examples:\n  carehome compare                      # the bundled legacy home, 4 retrofits, the household new build\n  carehome compare floorplans/legacy-corridor.json scenarios/options/legacy-singles.toml floorplans/household-newbuild.json --out out/mine\n  carehome compare --replicates 200 --days 30 --threads 2 --out out/precise\n  carehome compare --no-sim --out out/quick   # geometry only, seconds\n\n\
The first file is the base; .toml files are retrofit options (see docs/options.md), other plans are new-build alternatives.\n\
The risk axis combines infection-control geometry with a simulated outbreak (one infectious staff member introduced) \
under the scenario (default scenarios/covid-2020.toml): every option runs the same replicates from the same seed, so \
differences from the base are paired. Replicates run in batches (--batch) until every option's verdict is settled or \
--max-replicates is reached (said in the output); --replicates N runs exactly N. Each verdict names both axes in words \
(e.g. \"better on both\", \"safer but worse to live in\", \"better to live in; risk inconclusive: run more replicates\"); \
--help prints the rule. Options are ranked by cost per risk point removed and per QoL point gained (lost beds costed, \
docs/options.md); --budget marks what fits. An option file may name another option file as its base.\n\
Writes report.html, summary.json, scorecard.csv, risk.csv, metrics.csv (every metric side by side), replicates.csv, figures (SVG and PNG), plan PNGs and the overlays of every option's floors (room-air dose by room, daylight factor, visual integration: option-N-KIND-FLOOR.png, also inside the report) into --out (default out/compare).\n\
Results are identical at any --threads.",
        after_long_help = carehome::score::decide::VERDICT_RULE
    )]
    Compare {
        /// Base plan, then options (.toml) and alternative plans (.json/.dxf). None: the bundled set.
        plans: Vec<PathBuf>,
        /// Scenario of the simulated outbreak (TOML, carehome-scenario/1): population, routine,
        /// pathogen, interventions and seed. Default: the bundled scenarios/covid-2020.toml (the baseline week with staff in surgical masks).
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Run exactly N outbreak replicates per option (at least 2) instead of adaptive batches.
        #[arg(long, value_name = "N", conflicts_with_all = ["batch", "max_replicates"])]
        replicates: Option<u32>,
        /// Adaptive replicates: batch size (the first batch too).
        #[arg(long, value_name = "N", default_value_t = carehome::workflow::DEFAULT_REPLICATES)]
        batch: u32,
        /// Adaptive replicates: stop at this many per option even if a verdict is still
        /// inconclusive (the output says so).
        #[arg(long, value_name = "N", default_value_t = carehome::workflow::DEFAULT_MAX_REPLICATES)]
        max_replicates: u32,
        /// Capital budget (in the scoring profile's currency): marks the options whose capital
        /// cost fits.
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<f64>,
        /// Outbreak days; daily life is simulated for min(days, 7) days and replayed.
        #[arg(long, default_value_t = carehome::workflow::DEFAULT_OUTBREAK_DAYS)]
        days: u32,
        /// Seed of movement and outbreak replicates, the same for every option (overrides run.seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores); results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Geometry only: skip the outbreak simulation (the profile's simulated metrics are left
        /// out of the risk axis).
        #[arg(long, conflicts_with_all = ["scenario", "replicates", "batch", "max_replicates", "days", "seed"])]
        no_sim: bool,
        /// Output folder (refused if it has files in it, unless --force).
        #[arg(long, default_value = "out/compare")]
        out: PathBuf,
        /// Scoring profile (TOML); default: the bundled one (scenarios/scoring/default.toml).
        #[arg(long)]
        profile: Option<PathBuf>,
        /// Replace files in the output folder.
        #[arg(long)]
        force: bool,
    },
    /// The best combination of retrofits: conflicts, the Pareto front of cost x risk x quality of
    /// life, and the best plan per budget level.
    #[command(
        after_help = "Examples:\n  carehome search                       # the bundled legacy home and its 4 retrofits\n  carehome search BASE.json A.toml B.toml C.toml --budget 150000 --out out/search\n\n\
Each option file is a candidate; combinations apply their ops in the order given. Candidates whose ops touch the same element and cannot both apply \
(or give an invalid plan together) are reported as conflicts and never combined. Every compatible combination is evaluated as `compare` evaluates \
an option (the same replicates, common random numbers) when there are at most 10 candidates; beyond that a neighbourhood search with a local \
optimality check (stated in the output). Writes search.json and search.csv into --out."
    )]
    Search {
        /// Base plan, then option files of it. None: the bundled legacy home and its retrofits.
        plans: Vec<PathBuf>,
        /// Capital budget: the front is limited to combinations that fit.
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<f64>,
        /// Geometry only (no outbreak simulation).
        #[arg(long)]
        no_sim: bool,
        /// Seed of the simulation (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores); results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Output folder (refused if it has files in it, unless --force).
        #[arg(long, default_value = "out/search")]
        out: PathBuf,
        /// Replace files in the output folder.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of a file format.
    #[command(after_help = "Example:\n  carehome schema plan > plan.schema.json")]
    Schema {
        /// Which format.
        #[arg(value_enum)]
        which: SchemaKind,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// How to read DXF drawings (ignored for JSON plans).
#[derive(Args, Clone, Default)]
struct DxfArgs {
    /// DXF layer mapping (TOML) for an office's own layer names; see floorplans/dxf-layers.example.toml.
    #[arg(long, value_name = "MAPPING.toml")]
    layers: Option<PathBuf>,
    /// Drawing units when $INSUNITS is missing or wrong: mm, cm, dm, m, in, ft, yd.
    #[arg(long)]
    units: Option<String>,
    /// Largest gap between an arc and its chords, metres.
    #[arg(long, default_value_t = dxf::CHORD_TOLERANCE_M)]
    chord_tolerance_m: f64,
}

impl DxfArgs {
    fn options(&self) -> Result<dxf::ImportOptions, u8> {
        let mut o = dxf::ImportOptions {
            chord_tolerance_m: self.chord_tolerance_m,
            ..Default::default()
        };
        if let Some(u) = &self.units {
            o.units = Some(dxf::Units::parse(u).ok_or_else(|| {
                error!("--units {u}: use mm, cm, dm, m, in, ft or yd");
                USAGE
            })?);
        }
        if !self.chord_tolerance_m.is_finite() || self.chord_tolerance_m <= 0.0 {
            error!("--chord-tolerance-m must be positive");
            return Err(USAGE);
        }
        if let Some(p) = &self.layers {
            o.mapping = io::read_layer_mapping(p).map_err(|e| {
                if let io::LoadError::Io { path, message } = e {
                    error!("{}: {message}", path.display());
                }
                USAGE
            })?;
        }
        Ok(o)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum StandardArg {
    /// England, Care Standards Act 2000 National Minimum Standards.
    England,
    /// Ireland, S.I. No. 293 of 2016.
    Ireland,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Plan,
}

/// Exit codes.
const INVALID: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            plans,
            dxf,
            format,
            deny_warnings,
        } => match dxf.options() {
            Ok(o) => check(&plans, format, deny_warnings, &o),
            Err(code) => ExitCode::from(code),
        },
        Command::Assess {
            plan,
            dxf,
            format,
            standard,
            vga_spacing_m,
            explain,
            svg,
            output,
            force,
        } => {
            let opts = carehome::assess::Options {
                standard: match standard {
                    StandardArg::England => carehome::assess::Standard::England,
                    StandardArg::Ireland => carehome::assess::Standard::Ireland,
                },
                vga_spacing_m,
            };
            match dxf.options() {
                Ok(o) => assess_cmd(
                    &plan,
                    &opts,
                    &o,
                    format,
                    explain.as_deref(),
                    svg.as_deref(),
                    Out {
                        output: output.as_deref(),
                        force,
                    },
                ),
                Err(code) => ExitCode::from(code),
            }
        }
        Command::Simulate {
            plan,
            dxf,
            scenario,
            days,
            seed,
            no_epi,
            replicates,
            threads,
            trajectories,
            out,
            force,
        } => match dxf.options() {
            Ok(o) => simulate_cmd(
                &plan,
                &o,
                scenario.as_deref(),
                carehome::workflow::simulate::SimulateSettings {
                    days,
                    seed,
                    epi: !no_epi,
                    replicates,
                    threads,
                    trajectories: trajectories.is_some(),
                },
                trajectories.as_deref(),
                &out,
                force,
            ),
            Err(code) => ExitCode::from(code),
        },
        Command::Import {
            drawings,
            output,
            floor,
            elevation_m,
            name,
            dxf,
            force,
        } => match dxf.options() {
            Ok(mut o) => {
                o.name = name;
                import_cmd(&drawings, &output, &floor, &elevation_m, &o, force)
            }
            Err(code) => ExitCode::from(code),
        },
        Command::Compare {
            plans,
            scenario,
            replicates,
            batch,
            max_replicates,
            budget,
            days,
            seed,
            threads,
            no_sim,
            out,
            profile,
            force,
        } => compare_cmd(
            &plans,
            &out,
            profile.as_deref(),
            force,
            CompareSim {
                scenario: scenario.as_deref(),
                replicates,
                batch,
                max_replicates,
                budget,
                days,
                seed,
                threads,
                no_sim,
            },
        ),
        Command::Export {
            plan,
            output,
            force,
        } => export_cmd(&plan, &output, force),
        Command::Search {
            plans,
            budget,
            no_sim,
            seed,
            threads,
            out,
            force,
        } => search_cmd(&plans, budget, no_sim, seed, threads, &out, force),
        Command::Sweep(cmd) => sweep_cli::run(cmd),
        Command::Schema {
            which: SchemaKind::Plan,
            output,
            force,
        } => {
            let text =
                serde_json::to_string_pretty(&plan::json_schema()).unwrap_or_default() + "\n";
            emit(&text, output.as_deref(), force)
        }
    }
}

/// Load and resolve one plan; `Err` carries the exit code after printing the problems.
fn load(
    path: &Path,
    dxf_opts: &dxf::ImportOptions,
) -> Result<(io::LoadedPlan, building::Checked), u8> {
    match carehome::workflow::load::load_checked(path, dxf_opts) {
        Err(io::LoadError::Io { path, message }) => {
            error!("{}: {message}", path.display());
            Err(USAGE)
        }
        Err(io::LoadError::Invalid { path, diagnostics }) => {
            eprint!(
                "{}",
                report::diagnostics::render(&path.display().to_string(), &diagnostics)
            );
            Err(INVALID)
        }
        Ok(x) => Ok(x),
    }
}

fn check(
    paths: &[PathBuf],
    format: CheckFormat,
    deny_warnings: bool,
    dxf_opts: &dxf::ImportOptions,
) -> ExitCode {
    let mut worst = 0u8;
    let mut json = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let (diags, code) = match load(path, dxf_opts) {
            Err(USAGE) => {
                worst = worst.max(USAGE);
                continue;
            }
            Err(_) => match io::read_plan_with(path, dxf_opts) {
                Err(io::LoadError::Invalid { diagnostics, .. }) => (diagnostics, INVALID),
                _ => (Vec::new(), INVALID),
            },
            Ok((_, checked)) => {
                let bad = !checked.is_valid() || (deny_warnings && !checked.diagnostics.is_empty());
                let code = if bad { INVALID } else { 0 };
                if let CheckFormat::Text = format {
                    out!(
                        "{}",
                        report::diagnostics::render(&name, &checked.diagnostics)
                    );
                }
                (checked.diagnostics, code)
            }
        };
        worst = worst.max(code);
        if let CheckFormat::Json = format {
            json.push(serde_json::json!({
                "file": name,
                "valid": !diag::has_errors(&diags),
                "diagnostics": diags,
            }));
        }
    }
    if let CheckFormat::Json = format {
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    ExitCode::from(worst)
}

/// The simulation options of `compare`.
struct CompareSim<'a> {
    scenario: Option<&'a Path>,
    replicates: Option<u32>,
    batch: u32,
    max_replicates: u32,
    budget: Option<f64>,
    days: u32,
    seed: Option<u64>,
    threads: Option<usize>,
    no_sim: bool,
}

fn compare_cmd(
    plans: &[PathBuf],
    out: &Path,
    profile: Option<&Path>,
    force: bool,
    sim: CompareSim,
) -> ExitCode {
    use carehome::workflow::{CompareError, CompareSettings, SimOptions};
    if !force && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "error: {} already has files in it; carehome never overwrites a folder unless you pass --force (or choose another --out)",
            out.display()
        );
        return ExitCode::from(USAGE);
    }
    let profile = match profile {
        None => carehome::score::default_profile(),
        Some(p) => match io::read_text_msg(p).map(|t| carehome::score::profile_from_toml_str(&t)) {
            Err(e) => {
                error!("{}: {e}", p.display());
                return ExitCode::from(USAGE);
            }
            Ok(Err(d)) => {
                eprint!(
                    "{}",
                    report::diagnostics::render(&p.display().to_string(), &d)
                );
                return ExitCode::from(INVALID);
            }
            Ok(Ok(pr)) => pr,
        },
    };
    let sim_opts = if sim.no_sim {
        None
    } else {
        let o = match sim.scenario {
            None => Ok(SimOptions::standard()),
            Some(p) => SimOptions::from_file(p),
        };
        let mut o = match o {
            Ok(o) => o.with_days(sim.days),
            Err(CompareError::Load(io::LoadError::Io { path, message })) => {
                error!("{}: {message}", path.display());
                return ExitCode::from(USAGE);
            }
            Err(e) => {
                error!("{e}");
                return ExitCode::from(INVALID);
            }
        };
        o = match sim.replicates {
            Some(n) => o.fixed(n),
            None => {
                o.replicates = sim.batch;
                o.max_replicates = sim.max_replicates;
                o
            }
        };
        if let Some(s) = sim.seed {
            o.seed = s;
        }
        if let Err(e) = o.check() {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
        Some(o)
    };
    if let Some(b) = sim.budget
        && !(b.is_finite() && b >= 0.0)
    {
        eprintln!("error: --budget {b} must be an amount ≥ 0 (in the scoring profile's currency)");
        return ExitCode::from(USAGE);
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = sim.threads {
        if t == 0 {
            error!("--threads must be at least 1");
            return ExitCode::from(USAGE);
        }
        pool = pool.num_threads(t);
    }
    let pool = match pool.build() {
        Ok(p) => p,
        Err(e) => {
            error!("threads: {e}");
            return ExitCode::from(USAGE);
        }
    };
    eprintln!(
        "comparing {} … (validating, assessing{} each plan in parallel)",
        if plans.is_empty() {
            "the bundled legacy home, its 4 retrofits and the household new build".to_string()
        } else {
            format!("{} plans", plans.len())
        },
        match &sim_opts {
            Some(o) if o.replicates == o.max_replicates => format!(
                ", simulating {} days of daily life and {} outbreak replicates x {} days of",
                o.pattern_days, o.replicates, o.days
            ),
            Some(o) => format!(
                ", simulating {} days of daily life and outbreak replicates x {} days in batches of {} (at most {}) of",
                o.pattern_days, o.days, o.replicates, o.max_replicates
            ),
            None => String::new(),
        }
    );
    let settings = CompareSettings {
        profile,
        assess: carehome::assess::Options::default(),
        dxf: dxf::ImportOptions::default(),
        sim: sim_opts,
        budget: sim.budget,
    };
    let t0 = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("simulating");
    // A bar on a terminal; plain lines (each option assessed, every 10% of the simulation) in
    // logs, where the bar is hidden.
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stderr());
    let done = std::sync::Mutex::new((Vec::<f64>::new(), 0u64));
    let progress = |p: carehome::workflow::Progress| {
        if let Ok(mut guard) = done.lock() {
            let (d, decile) = &mut *guard;
            d.resize(p.options, 0.0);
            d[p.option] = p.fraction;
            let total: f64 = d.iter().sum::<f64>() / p.options.max(1) as f64;
            bar.set_position((1000.0 * total) as u64);
            if plain && p.stage == "assessed" {
                eprintln!("option {} of {}: assessed", p.option + 1, p.options);
            }
            let now = (10.0 * total) as u64;
            if plain && now > *decile {
                *decile = now;
                eprintln!(
                    "simulating: {}% ({:.0} s)",
                    10 * now,
                    t0.elapsed().as_secs_f64()
                );
            }
        }
    };
    if settings.sim.is_none() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let result = pool.install(|| carehome::workflow::compare_files(plans, &settings, &progress));
    bar.finish_and_clear();
    let output = match result {
        Ok(o) => o,
        Err(CompareError::Load(io::LoadError::Io { path, message })) => {
            error!("{}: {message}", path.display());
            return ExitCode::from(USAGE);
        }
        Err(e @ CompareError::Scenario { .. }) => {
            error!("{e}");
            return ExitCode::from(INVALID);
        }
        Err(e) => {
            eprint!("{}", carehome::diag::terminal_safe_lines(&e.to_string()));
            return ExitCode::from(INVALID);
        }
    };
    for (name, bytes) in &output.files {
        if let Err(e) = io::write_in(out, name, bytes, force) {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    }
    out!("{}", report::decision::summary_table(&output.comparison));
    eprintln!("took {:.1} s", t0.elapsed().as_secs_f64());
    outln!("\nreport: {}", out.join("report.html").display());
    ExitCode::SUCCESS
}

fn search_cmd(
    plans: &[PathBuf],
    budget: Option<f64>,
    no_sim: bool,
    seed: Option<u64>,
    threads: Option<usize>,
    out: &Path,
    force: bool,
) -> ExitCode {
    if !force && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "error: {} already has files in it; pass --force or choose another --out",
            out.display()
        );
        return ExitCode::from(USAGE);
    }
    if budget.is_some_and(|b| !(b.is_finite() && b >= 0.0)) {
        eprintln!("error: --budget must be an amount ≥ 0");
        return ExitCode::from(USAGE);
    }
    let mut sim = carehome::workflow::SimOptions::standard();
    if let Some(s) = seed {
        sim.seed = s;
    }
    let settings = carehome::workflow::CompareSettings {
        sim: (!no_sim).then_some(sim),
        budget,
        ..Default::default()
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads.filter(|&t| t > 0) {
        pool = pool.num_threads(t);
    }
    let Ok(pool) = pool.build() else {
        eprintln!("error: could not start the worker threads");
        return ExitCode::from(USAGE);
    };
    eprintln!("searching combinations …");
    let t0 = std::time::Instant::now();
    match pool.install(|| carehome::workflow::search_files(plans, &settings, &|_| {})) {
        Err(e) => {
            eprint!("error: {e}");
            eprintln!();
            ExitCode::from(INVALID)
        }
        Ok(o) => {
            for (name, bytes) in &o.files {
                if let Err(e) = io::write_new(&out.join(name), bytes, force) {
                    eprintln!("error: {e}");
                    return ExitCode::from(USAGE);
                }
            }
            print!(
                "{}",
                report::decision::search_table(&o.result, &o.names, &o.money.currency)
            );
            eprintln!(
                "took {:.1} s; wrote {}",
                t0.elapsed().as_secs_f64(),
                out.display()
            );
            ExitCode::SUCCESS
        }
    }
}

/// Where a command's main output goes.
#[derive(Clone, Copy)]
struct Out<'a> {
    output: Option<&'a Path>,
    force: bool,
}

fn assess_cmd(
    path: &Path,
    opts: &carehome::assess::Options,
    dxf_opts: &dxf::ImportOptions,
    format: Format,
    explain: Option<&str>,
    svg: Option<&Path>,
    out: Out,
) -> ExitCode {
    let Out { output, force } = out;
    if !(opts.vga_spacing_m.is_finite() && (0.1..=5.0).contains(&opts.vga_spacing_m)) {
        error!("--vga-spacing-m must be between 0.1 and 5 metres");
        return ExitCode::from(USAGE);
    }
    let (loaded, checked) = match load(path, dxf_opts) {
        Ok(x) => x,
        Err(code) => return ExitCode::from(code),
    };
    let Some(b) = checked.building else {
        eprint!(
            "{}",
            report::diagnostics::render(&loaded.path.display().to_string(), &checked.diagnostics)
        );
        return ExitCode::from(INVALID);
    };
    let warnings = checked.diagnostics.len();
    if warnings > 0 {
        eprintln!(
            "{}: {warnings} warning(s); run `carehome check` to see them",
            loaded.path.display()
        );
    }
    let a = assess::assess(&b, opts);
    if let Some(key) = explain {
        return match report::assessment::explain(&a, key) {
            Some(text) => emit(&text, output, force),
            None => {
                error!("no metric {key:?}; the keys are:");
                for m in a.metrics() {
                    eprintln!("  {:<45} {}", m.key, m.label);
                }
                ExitCode::from(USAGE)
            }
        };
    }
    if let Some(dir) = svg {
        let ids: Vec<&str> = b.floors.iter().map(|f| f.id.as_str()).collect();
        for (f, fid) in io::file_stems(&ids).iter().enumerate() {
            for (name, text) in [
                (
                    format!("plan-{fid}.svg"),
                    report::svg::floor_svg(&b, f, None, &[]),
                ),
                (
                    format!("vga-{fid}.svg"),
                    report::svg::vga_svg(&b, &a.vga[f]),
                ),
                (
                    format!("daylight-{fid}.svg"),
                    report::daylight_svg::daylight_svg(&b, &a.daylight, f, 14.0),
                ),
            ] {
                let p = dir.join(&name);
                if let Err(e) = io::write_in(dir, &name, text.as_bytes(), force) {
                    error!("{e}");
                    return ExitCode::from(USAGE);
                }
                eprintln!("wrote {}", p.display());
            }
        }
    }
    let text = match format {
        Format::Table => {
            report::schedule::table(&a.schedule) + "\n" + &report::assessment::table(&a)
        }
        Format::Json => report::assessment::json(&a),
        Format::Csv => report::assessment::csv(&a),
    };
    emit(&text, output, force)
}

fn import_cmd(
    drawings: &[PathBuf],
    output: &Path,
    floors: &[String],
    elevations: &[f64],
    opts: &dxf::ImportOptions,
    force: bool,
) -> ExitCode {
    if let [one] = drawings
        && one
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ifc"))
    {
        return import_ifc_cmd(one, output, opts.name.clone(), force);
    }
    if floors.len() > drawings.len() || elevations.len() > floors.len().max(1) {
        error!("give at most one --floor per drawing and one --elevation-m per --floor");
        return ExitCode::from(USAGE);
    }
    if drawings.len() > 1 && floors.len() != drawings.len() {
        error!("with several drawings, give one --floor per drawing (in the same order)");
        return ExitCode::from(USAGE);
    }
    let mut bytes = Vec::new();
    for d in drawings {
        match io::read_bytes(d) {
            Ok(b) => bytes.push(b),
            Err(io::LoadError::Io { path, message }) => {
                error!("{}: {message}", path.display());
                return ExitCode::from(USAGE);
            }
            Err(_) => return ExitCode::from(USAGE),
        }
    }
    let inputs: Vec<dxf::Input> = drawings
        .iter()
        .zip(&bytes)
        .enumerate()
        .map(|(i, (p, b))| dxf::Input {
            label: p.display().to_string(),
            bytes: b,
            floor: floors.get(i).cloned(),
            elevation_m: elevations.get(i).copied(),
        })
        .collect();
    let name = drawings
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let imported = dxf::import_many(&inputs, opts);
    let Some(mut plan) = imported.plan else {
        eprint!(
            "{}",
            report::diagnostics::render(&name, &imported.diagnostics)
        );
        return ExitCode::from(INVALID);
    };
    if plan.name.is_empty() {
        plan.name = drawings
            .iter()
            .filter_map(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" + ");
    }
    let mut checked = building::resolve(&plan);
    dxf::annotate(&mut checked.diagnostics, &imported.sources);
    let mut all = imported.diagnostics;
    all.append(&mut checked.diagnostics);
    eprint!("{}", report::diagnostics::render(&name, &all));
    if diag::has_errors(&all) {
        eprintln!(
            "{}: not written: fix the drawing and import again",
            output.display()
        );
        return ExitCode::from(INVALID);
    }
    let rooms: usize = plan.floors.iter().map(|f| f.rooms.len()).sum();
    let doors: usize = plan.floors.iter().map(|f| f.doors.len()).sum();
    let windows: usize = plan.floors.iter().map(|f| f.windows.len()).sum();
    eprintln!(
        "imported {} floor(s): {rooms} rooms, {doors} doors, {windows} windows, {} outdoor areas",
        plan.floors.len(),
        plan.outdoor.len()
    );
    let text = serde_json::to_string_pretty(&plan).unwrap_or_default() + "\n";
    emit(&text, Some(output), force)
}

/// `import model.ifc -o plan.json`: the plan, and beside it `plan.import.json`, the guess report.
fn import_ifc_cmd(path: &Path, output: &Path, name: Option<String>, force: bool) -> ExitCode {
    let bytes = match io::read_bytes(path) {
        Ok(b) => b,
        Err(io::LoadError::Io { path, message }) => {
            eprintln!("error: {}: {message}", path.display());
            return ExitCode::from(USAGE);
        }
        Err(_) => return ExitCode::from(USAGE),
    };
    let label = path.display().to_string();
    let imported = carehome::ifc::import_bytes(
        &bytes,
        &carehome::ifc::IfcOptions {
            name,
            ..Default::default()
        },
    );
    eprint!("{}", imported.report.summary());
    let Some(plan) = imported.plan else {
        eprint!(
            "{}",
            report::diagnostics::render(&label, &imported.diagnostics)
        );
        return ExitCode::from(INVALID);
    };
    let mut all = imported.diagnostics;
    all.extend(building::resolve(&plan).diagnostics);
    eprint!("{}", report::diagnostics::render(&label, &all));
    let guess = output.with_extension("import.json");
    let text = serde_json::to_string_pretty(&imported.report).unwrap_or_default() + "\n";
    if let Err(e) = io::write_new(&guess, text.as_bytes(), force) {
        eprintln!("error: {e}");
        return ExitCode::from(USAGE);
    }
    eprintln!("wrote the import report {}", guess.display());
    if diag::has_errors(&all) {
        eprintln!("note: the plan has errors (above); it is written so they can be fixed in it");
    }
    let text = serde_json::to_string_pretty(&plan).unwrap_or_default() + "\n";
    emit(&text, Some(output), force)
}

fn export_cmd(path: &Path, output: &Path, force: bool) -> ExitCode {
    let (loaded, checked) = match load(path, &dxf::ImportOptions::default()) {
        Ok(x) => x,
        Err(code) => return ExitCode::from(code),
    };
    if !checked.is_valid() {
        eprint!(
            "{}",
            report::diagnostics::render(&loaded.path.display().to_string(), &checked.diagnostics)
        );
        note!("exporting a plan with errors; the drawing shows them as they are");
    }
    match dxf::export_dxf(&loaded.plan) {
        Ok(bytes) => match io::write_new(output, &bytes, force) {
            Ok(()) => {
                eprintln!("wrote {}", output.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                error!("{e}");
                ExitCode::from(USAGE)
            }
        },
        Err(e) => {
            error!("{e}");
            ExitCode::from(USAGE)
        }
    }
}

fn emit(text: &str, output: Option<&Path>, force: bool) -> ExitCode {
    match output {
        None => {
            out!("{text}");
            ExitCode::SUCCESS
        }
        Some(p) => match io::write_new(p, text.as_bytes(), force) {
            Ok(()) => {
                eprintln!("wrote {}", p.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                error!("{e}");
                ExitCode::from(USAGE)
            }
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn simulate_cmd(
    path: &Path,
    dxf_opts: &dxf::ImportOptions,
    scenario: Option<&Path>,
    settings: carehome::workflow::simulate::SimulateSettings,
    trajectories: Option<&Path>,
    out: &Path,
    force: bool,
) -> ExitCode {
    use carehome::workflow::simulate::{self as wsim, Stage};
    let (_, checked) = match load(path, dxf_opts) {
        Ok(x) => x,
        Err(code) => return ExitCode::from(code),
    };
    let Some(b) = checked.building else {
        eprint!(
            "{}",
            report::diagnostics::render(&path.display().to_string(), &checked.diagnostics)
        );
        return ExitCode::from(INVALID);
    };
    let fail = |e: wsim::SimulateError| {
        error!("{e}");
        ExitCode::from(if e.is_usage() { USAGE } else { INVALID })
    };
    let sc = match wsim::read_scenario(scenario) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The bar is hidden when stderr is not a terminal: plain lines every 10% instead.
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut decile = 0;
    let t_sim = std::time::Instant::now();
    let result = wsim::simulate(&b, sc, &settings, &mut |stage| match stage {
        Stage::Movement { days, fraction } => {
            bar.set_message(format!("simulating {days} day(s)"));
            bar.set_position((fraction * 1000.0) as u64);
            let now = (10.0 * fraction) as u32;
            if plain && now > decile {
                decile = now;
                eprintln!(
                    "simulating {days} day(s): {}% ({:.0} s)",
                    10 * now,
                    t_sim.elapsed().as_secs_f64()
                );
            }
        }
        Stage::Outbreak { replicates, days } => {
            bar.finish_and_clear();
            eprintln!("running {replicates} outbreak replicate(s) x {days} day(s) …");
        }
    });
    bar.finish_and_clear();
    let run = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    for (name, bytes) in &run.files {
        if let Err(e) = io::write_in(out, name, bytes, force) {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    }
    if let Some(t) = trajectories {
        let names = report::jupedsim::file_names(&b, &run.record, t);
        if names.is_empty() {
            warning!("nobody walked: no trajectories written to {}", t.display());
        }
        for ((_, file), (_, bytes)) in names.iter().zip(&run.trajectories) {
            if let Err(e) = io::write_new(file, bytes, force) {
                error!("{e}");
                return ExitCode::from(USAGE);
            }
            eprintln!("wrote {}", file.display());
        }
    }
    let rec = &run.record;
    outln!(
        "{} day(s), {} people, {} walks, {} contact episodes; wrote {}",
        rec.days,
        rec.people.len(),
        rec.stats.walks,
        rec.contacts.len(),
        out.display()
    );
    for (place, share) in rec.resident_time_use(&b) {
        outln!("  residents' time in {place:?}: {:.1}%", 100.0 * share);
    }
    let Some(ob) = &run.outbreak else {
        return ExitCode::SUCCESS;
    };
    let (n, epi_days, summary, secs) = (ob.replicates, ob.days, &ob.summary, ob.secs);
    let a = &summary.residents.attack_rate;
    // Shares of replicates: Wilson score intervals, inside [0, 1] even at 0/2 (Wilson 1927).
    let wilson = |p: f64| carehome::epi::summary::wilson_bounds(p, f64::from(n));
    let (gt5, gt10) = (
        wilson(summary.residents.p_outbreak_gt5),
        wilson(summary.residents.p_outbreak_gt10),
    );
    outln!(
        "{n} replicate(s) x {epi_days} day(s) of {}: resident attack rate mean {:.3} (95% CI of the mean {:.3}-{:.3}), median {:.3}, 95% of replicates {:.3}-{:.3}; P(>5 cases) {:.2} (95% Wilson CI {:.2}-{:.2}), P(>10) {:.2} ({:.2}-{:.2}); staff attack rate mean {:.3}; {:.0}% by room air; {:.1} s",
        summary.pathogen,
        a.mean,
        summary.resident_attack_rate_mean.lo,
        summary.resident_attack_rate_mean.hi,
        a.median,
        a.p2_5,
        a.p97_5,
        summary.residents.p_outbreak_gt5,
        gt5.0,
        gt5.1,
        summary.residents.p_outbreak_gt10,
        gt10.0,
        gt10.1,
        summary.staff_attack_rate.mean,
        100.0 * summary.room_air_share,
        secs
    );
    ExitCode::SUCCESS
}

//! The `carehome` command: a thin layer over the library. Parse arguments, call, print.

use carehome::{assess, building, diag, io, plan, report};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        /// Plan files (.json).
        #[arg(required = true)]
        plans: Vec<PathBuf>,
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
        /// Plan file (.json).
        plan: PathBuf,
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
        /// Also write SVG drawings (plan by room use, VGA integration per floor) into this folder.
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Write to this file instead of standard output (refuses to overwrite without --force).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace output files if they exist.
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
            format,
            deny_warnings,
        } => check(&plans, format, deny_warnings),
        Command::Assess {
            plan,
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
            assess_cmd(
                &plan,
                &opts,
                format,
                explain.as_deref(),
                svg.as_deref(),
                output.as_deref(),
                force,
            )
        }
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
fn load(path: &Path) -> Result<(io::LoadedPlan, building::Checked), u8> {
    match io::read_plan(path) {
        Err(io::LoadError::Io { path, message }) => {
            eprintln!("error: {}: {message}", path.display());
            Err(USAGE)
        }
        Err(io::LoadError::Invalid { path, diagnostics }) => {
            eprint!(
                "{}",
                report::diagnostics::render(&path.display().to_string(), &diagnostics)
            );
            Err(INVALID)
        }
        Ok(loaded) => {
            let mut checked = building::resolve(&loaded.plan);
            plan::locate_lines(&loaded.source, &mut checked.diagnostics);
            Ok((loaded, checked))
        }
    }
}

fn check(paths: &[PathBuf], format: CheckFormat, deny_warnings: bool) -> ExitCode {
    let mut worst = 0u8;
    let mut json = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let (diags, code) = match load(path) {
            Err(USAGE) => {
                worst = worst.max(USAGE);
                continue;
            }
            Err(_) => match io::read_plan(path) {
                Err(io::LoadError::Invalid { diagnostics, .. }) => (diagnostics, INVALID),
                _ => (Vec::new(), INVALID),
            },
            Ok((_, checked)) => {
                let bad = !checked.is_valid() || (deny_warnings && !checked.diagnostics.is_empty());
                let code = if bad { INVALID } else { 0 };
                if let CheckFormat::Text = format {
                    print!(
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
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    ExitCode::from(worst)
}

fn assess_cmd(
    path: &Path,
    opts: &carehome::assess::Options,
    format: Format,
    explain: Option<&str>,
    svg: Option<&Path>,
    output: Option<&Path>,
    force: bool,
) -> ExitCode {
    if !(opts.vga_spacing_m.is_finite() && (0.1..=5.0).contains(&opts.vga_spacing_m)) {
        eprintln!("error: --vga-spacing-m must be between 0.1 and 5 metres");
        return ExitCode::from(USAGE);
    }
    let (loaded, checked) = match load(path) {
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
                eprintln!("error: no metric {key:?}; the keys are:");
                for m in a.metrics() {
                    eprintln!("  {:<45} {}", m.key, m.label);
                }
                ExitCode::from(USAGE)
            }
        };
    }
    if let Some(dir) = svg {
        for f in 0..b.floors.len() {
            let fid = &b.floors[f].id;
            let v = &a.vga[f];
            let range = v
                .integration_hh
                .iter()
                .flatten()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |r, &x| {
                    (r.0.min(x), r.1.max(x))
                });
            let overlay = report::svg::Overlay {
                title: "visual integration [HH]",
                points: &v.cells,
                values: &v.integration_hh,
                cell_m: v.spacing_m,
                range,
            };
            for (name, text) in [
                (
                    format!("plan-{fid}.svg"),
                    report::svg::floor_svg(&b, f, None),
                ),
                (
                    format!("vga-{fid}.svg"),
                    report::svg::floor_svg(&b, f, Some(&overlay)),
                ),
            ] {
                let p = dir.join(name);
                if let Err(e) = io::write_new(&p, text.as_bytes(), force) {
                    eprintln!("error: {e}");
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

fn emit(text: &str, output: Option<&Path>, force: bool) -> ExitCode {
    match output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(p) => match io::write_new(p, text.as_bytes(), force) {
            Ok(()) => {
                eprintln!("wrote {}", p.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(USAGE)
            }
        },
    }
}

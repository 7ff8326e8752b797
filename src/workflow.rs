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
use crate::score::{self, Candidate, Comparison, Kind, Profile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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
/// the household new build when `paths` is empty.
pub fn compare_files(
    paths: &[PathBuf],
    profile: &Profile,
    opts: &assess::Options,
    dxf: &crate::dxf::ImportOptions,
) -> Result<CompareOutput, CompareError> {
    let inputs = if paths.is_empty() {
        embedded_inputs()
    } else {
        file_inputs(paths, dxf)?
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
    // Assess in parallel: each candidate's result lands in its own slot, so the order (and every
    // number) is the same at any thread count.
    let assessed: Vec<assess::Assessment> = buildings
        .par_iter()
        .map(|b| assess::assess(b, opts))
        .collect();
    let mut candidates = Vec::new();
    for ((inp, a), b) in inputs.into_iter().zip(&assessed).zip(&buildings) {
        let scorecard = score::scorecard(a.metrics(), profile).map_err(|diagnostics| {
            CompareError::Invalid {
                file: "scoring profile".into(),
                diagnostics,
            }
        })?;
        candidates.push(Candidate {
            name: inp.name,
            file: inp.file,
            kind: inp.kind,
            residents: b.residents(),
            cost: inp.cost,
            changed: inp.changed,
            scorecard,
        });
    }
    let comparison = score::compare(candidates, TIE_POINTS);
    let pareto = report::chart::pareto_svg(&comparison);
    let note = "Risk index from the infection-control geometry of each plan (crowding, single en-suite rooms, closable households, ventilation, visiting, entrances); simulated attack rates join it when the transmission simulation is run.";
    let html = report::html::compare_html(&comparison, &buildings, &pareto, note);
    let mut files = vec![
        ("report.html".to_string(), html.into_bytes()),
        ("pareto.svg".to_string(), pareto.clone().into_bytes()),
        (
            "summary.json".to_string(),
            (serde_json::to_string_pretty(&comparison).unwrap_or_default() + "\n").into_bytes(),
        ),
        (
            "scorecard.csv".to_string(),
            scorecard_csv(&comparison).into_bytes(),
        ),
    ];
    if let Ok(png) = report::png::svg_to_png(&pareto, 2.0) {
        files.push(("pareto.png".to_string(), png));
    }
    for (i, b) in buildings.iter().enumerate() {
        let svg = report::svg::floor_svg(b, 0, None, &comparison.candidates[i].changed);
        if let Ok(png) = report::png::svg_to_png(&svg, 1.5) {
            files.push((format!("plan-{}.png", i + 1), png));
        }
    }
    Ok(CompareOutput { comparison, files })
}

/// Differences smaller than this many points (on 0–100 axes) count as none.
pub const TIE_POINTS: f64 = 1.0;

fn scorecard_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "option", "axis", "metric", "value", "unit", "score", "weight", "worst", "best", "source",
    ]);
    for cand in &c.candidates {
        for comp in &cand.scorecard.components {
            let _ = w.write_record([
                cand.name.as_str(),
                if comp.axis == score::Axis::Qol {
                    "qol"
                } else {
                    "risk"
                },
                &comp.metric,
                &comp.value.map_or(String::new(), |v| v.to_string()),
                &comp.unit,
                &comp.score.map_or(String::new(), |v| v.to_string()),
                &comp.weight.to_string(),
                &comp.worst.to_string(),
                &comp.best.to_string(),
                &comp.source,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

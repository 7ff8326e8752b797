//! Reading a manifest and everything it names (base scenario, plans, option files), then checking
//! every point with its runner — all before anything runs.

use super::manifest::{self, Manifest, ScenarioSource};
use super::point::{self, PlanKey, Point};
use super::runner::{self, PointRunner};
use super::store::{INDEX_SCHEMA, IndexPoint, SweepIndex, params_json};
use crate::plan::Plan;
use std::path::{Path, PathBuf};

/// A manifest with its files read, its points expanded and checked.
pub struct Prepared {
    pub manifest: Manifest,
    pub manifest_path: PathBuf,
    pub runner: Box<dyn PointRunner>,
    /// Plans after their options are applied, with their keys (label, digest).
    pub plans: Vec<(PlanKey, Plan)>,
    pub points: Vec<Point>,
    /// The outcomes the runner gives (as kept by `outputs`), with units and definitions.
    pub outcome_info: Vec<runner::OutcomeInfo>,
}

impl Prepared {
    /// The plan of a point.
    pub fn plan_of(&self, p: &Point) -> Option<&Plan> {
        p.plan.map(|i| &self.plans[i].1)
    }

    /// Parameter columns, in order.
    pub fn columns(&self) -> Vec<String> {
        let mut c = Vec::new();
        if !self.plans.is_empty() {
            c.push("plan".to_string());
        }
        c.extend(self.manifest.axes.iter().map(|a| a.path.clone()));
        c.extend(self.manifest.ranges.iter().map(|r| r.path.clone()));
        c
    }

    /// The `sweep.json` of this sweep.
    pub fn index(&self) -> SweepIndex {
        SweepIndex {
            schema: INDEX_SCHEMA.into(),
            name: self.manifest.name.clone(),
            runner: self.manifest.runner.clone(),
            design: self.manifest.design.name().into(),
            seed: self.manifest.seed,
            replicates: self.manifest.replicates,
            columns: self.columns(),
            outputs: self.manifest.outputs.clone(),
            points: self
                .points
                .iter()
                .map(|p| IndexPoint {
                    index: p.index,
                    id: p.id.clone(),
                    seed: p.seed,
                    params: params_json(p),
                })
                .collect(),
            outcome_info: self.outcome_info.clone(),
        }
    }
}

/// Read and check a manifest file; every problem found is returned, each a full sentence.
pub fn prepare(path: &Path) -> Result<Prepared, Vec<String>> {
    let src = crate::io::read_text_msg(path)
        .map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
    let m = manifest::from_toml_str(&src)?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut errors = Vec::new();
    let runner = runner::runner_for(&m.runner);
    if runner.is_none() {
        errors.push(format!(
            "runner {:?} is unknown; use one of: {}",
            m.runner,
            runner::RUNNERS.join(", ")
        ));
    }
    let base = match &m.scenario {
        ScenarioSource::None => Some(toml::Value::Table(toml::Table::new())),
        ScenarioSource::Inline(t) => Some(toml::Value::Table(t.clone())),
        ScenarioSource::File(f) => {
            let p = dir.join(f);
            match crate::io::read_text_msg(&p) {
                Err(e) => {
                    errors.push(format!("scenario {}: {e}", p.display()));
                    None
                }
                Ok(text) => match toml::from_str::<toml::Table>(&text) {
                    Ok(t) => Some(toml::Value::Table(t)),
                    Err(e) => {
                        errors.push(format!(
                            "scenario {}: {}",
                            p.display(),
                            e.message().trim_end()
                        ));
                        None
                    }
                },
            }
        }
    };
    let mut plans = Vec::new();
    for f in &m.plans {
        match load_plan(&dir.join(f)) {
            Ok((plan, bytes)) => plans.push((
                PlanKey {
                    label: stem(f),
                    digest: point::digest_hex(&bytes),
                },
                plan,
            )),
            Err(e) => errors.push(e),
        }
    }
    for f in &m.options {
        match load_option(&dir.join(f)) {
            Ok((plan, label, digest)) => plans.push((PlanKey { label, digest }, plan)),
            Err(e) => errors.push(e),
        }
    }
    for (i, (k, _)) in plans.iter().enumerate() {
        if plans[..i].iter().any(|(o, _)| o.label == k.label) {
            errors.push(format!(
                "two plans or options are labelled {:?}; rename one file",
                k.label
            ));
        }
    }
    if let Some(r) = &runner {
        if r.needs_plan() && m.plans.is_empty() && m.options.is_empty() {
            errors.push(format!(
                "the {} runner needs plans: list plan files in `plans` or option files in `options`",
                r.name()
            ));
        }
        let has_plans = !(m.plans.is_empty() && m.options.is_empty());
        if !r.needs_plan() && has_plans {
            errors.push(format!("the {} runner takes no plans", r.name()));
        }
    }
    let mut outcome_info = Vec::new();
    if let Some(r) = &runner {
        outcome_info = r.outcomes(plans.first().map(|(_, p)| p));
        if !outcome_info.is_empty() {
            let names: Vec<&str> = outcome_info.iter().map(|o| o.name.as_str()).collect();
            for o in &m.outputs {
                if !names.contains(&o.as_str()) {
                    errors.push(format!(
                        "outputs lists {o:?}, which the {} runner does not give; it gives: {}",
                        r.name(),
                        names.join(", ")
                    ));
                }
            }
            if !m.outputs.is_empty() {
                outcome_info.retain(|o| m.outputs.contains(&o.name));
            }
        }
    }
    let (Some(runner), Some(base), true) = (runner, base, errors.is_empty()) else {
        return Err(errors);
    };
    let keys: Vec<PlanKey> = plans.iter().map(|(k, _)| k.clone()).collect();
    let points = point::points(&m, &base, &keys)?;
    // Check every point; the same message from many points is reported once, with a count.
    let mut seen: Vec<(String, usize, String)> = Vec::new();
    for p in &points {
        if let Err(e) = runner.validate(&p.scenario, p.plan.map(|i| &plans[i].1)) {
            match seen.iter_mut().find(|(m, _, _)| *m == e) {
                Some(x) => x.1 += 1,
                None => seen.push((e, 1, p.id.clone())),
            }
        }
    }
    if !seen.is_empty() {
        return Err(seen
            .into_iter()
            .map(|(e, n, id)| {
                if n == 1 {
                    format!("point {id}: {e}")
                } else {
                    format!("point {id} and {} more: {e}", n - 1)
                }
            })
            .collect());
    }
    Ok(Prepared {
        manifest: m,
        manifest_path: path.to_path_buf(),
        runner,
        plans,
        points,
        outcome_info,
    })
}

fn stem(f: &str) -> String {
    Path::new(f)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.to_string())
}

/// Load a plan and check it resolves without errors; returns it with its file's bytes.
fn load_plan(p: &Path) -> Result<(Plan, Vec<u8>), String> {
    let bytes = crate::io::read_bytes(p).map_err(|e| match e {
        crate::io::LoadError::Io { message, .. } => format!("plan {}: {message}", p.display()),
        crate::io::LoadError::Invalid { .. } => format!("plan {}: cannot be read", p.display()),
    })?;
    let loaded = crate::io::read_plan(p).map_err(|e| match e {
        crate::io::LoadError::Io { path, message } => {
            format!("plan {}: {message}", path.display())
        }
        crate::io::LoadError::Invalid { path, diagnostics } => invalid(&path, &diagnostics),
    })?;
    check_valid(p, &loaded.plan)?;
    Ok((loaded.plan, bytes))
}

fn invalid(path: &Path, diagnostics: &[crate::diag::Diagnostic]) -> String {
    let text = crate::report::diagnostics::render(&path.display().to_string(), diagnostics);
    format!(
        "plan {} fails validation:\n{}",
        path.display(),
        text.trim_end()
    )
}

fn check_valid(p: &Path, plan: &Plan) -> Result<(), String> {
    let checked = crate::building::resolve(plan);
    if checked.is_valid() {
        Ok(())
    } else {
        let errors: Vec<_> = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .collect();
        Err(invalid(p, &errors))
    }
}

/// Load an option file and apply it to its base plan; returns the plan, its label
/// (`<base>+<option>`) and a digest of both files.
fn load_option(p: &Path) -> Result<(Plan, String, String), String> {
    let text = crate::io::read_text_msg(p).map_err(|e| format!("option {}: {e}", p.display()))?;
    let file = crate::options::from_toml_str(&text).map_err(|d| {
        format!(
            "option {}: {}",
            p.display(),
            d.iter()
                .map(|d| match d.line {
                    Some(l) => format!("line {l}: {}", d.message),
                    None => d.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let base_path = p.parent().unwrap_or(Path::new("")).join(&file.base);
    let (base, base_bytes) = load_plan(&base_path)?;
    let applied = crate::options::apply(&base, &file.ops).map_err(|d| {
        format!(
            "option {}: {}",
            p.display(),
            d.iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    check_valid(p, &applied.plan)?;
    let mut both = base_bytes;
    both.extend_from_slice(text.as_bytes());
    let label = format!("{}+{}", stem(&file.base), stem(&p.to_string_lossy()));
    Ok((applied.plan, label, point::digest_hex(&both)))
}

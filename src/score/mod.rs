//! Scoring: a documented profile turns assessment metrics into 0–100 sub-scores on two axes that
//! are never collapsed into one number — quality of life (higher is better) and an
//! infection-control risk index (lower is better) — and [`compare`] sets options side by side.
//!
//! The risk index here is built from the infection-control geometry of the assessment; once the
//! transmission simulation runs, its expected attack rate joins the risk axis as a metric like any
//! other (the profile names it).

mod compare;

pub use compare::Kind;

pub use compare::{Candidate, Comparison, Verdict, compare};

use crate::assess::Metric;
use crate::diag::{Diagnostic, ElementKind};
use serde::{Deserialize, Serialize};

/// Schema tag of scoring profiles.
pub const PROFILE_SCHEMA: &str = "carehome-scoring/1";
/// The bundled default profile (`scenarios/scoring/default.toml`).
pub const DEFAULT_PROFILE_TOML: &str = include_str!("../../scenarios/scoring/default.toml");

/// Which axis a sub-score counts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    Qol,
    Risk,
}

/// One weighted metric of a profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Metric key, e.g. `privacy.single_room_share` (`carehome assess --format csv` lists them).
    pub metric: String,
    pub axis: Axis,
    pub weight: f64,
    /// Value that scores 0.
    pub worst: f64,
    /// Value that scores 100.
    pub best: f64,
    /// Why this threshold and weight.
    pub reason: String,
}

/// A scoring profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub schema: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// Parse a profile; errors carry the line and say what to fix.
pub fn profile_from_toml_str(src: &str) -> Result<Profile, Vec<Diagnostic>> {
    let p: Profile = toml::from_str(src).map_err(|e| {
        let mut d = Diagnostic::error("toml", e.message().to_string())
            .at(ElementKind::Plan, "profile")
            .help("see scenarios/scoring/default.toml for the fields");
        d.line = e
            .span()
            .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
        vec![d]
    })?;
    let mut errs = Vec::new();
    if p.schema != PROFILE_SCHEMA {
        errs.push(
            Diagnostic::error(
                "schema-version",
                format!(
                    "schema is {:?}; this version reads {PROFILE_SCHEMA:?}",
                    p.schema
                ),
            )
            .at(ElementKind::Plan, "profile"),
        );
    }
    for it in &p.items {
        if !(it.weight.is_finite()
            && it.weight >= 0.0
            && it.worst.is_finite()
            && it.best.is_finite()
            && it.worst != it.best)
        {
            errs.push(
                Diagnostic::error(
                    "profile-item",
                    format!(
                        "item {}: weight must be ≥ 0 and worst ≠ best, all finite",
                        it.metric
                    ),
                )
                .at(ElementKind::Plan, it.metric.clone())
                .help("give finite numbers; worst and best must differ"),
            );
        }
    }
    if errs.is_empty() { Ok(p) } else { Err(errs) }
}

/// The bundled default profile.
pub fn default_profile() -> Profile {
    profile_from_toml_str(DEFAULT_PROFILE_TOML).expect("the bundled profile is valid (tested)")
}

/// One sub-score with everything needed to trace it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Component {
    pub metric: String,
    pub label: String,
    pub axis: Axis,
    pub value: Option<f64>,
    pub unit: String,
    /// 0–100, higher is better; `None` where the metric is undefined for this plan (then it is
    /// left out of the axis, and the report says so).
    pub score: Option<f64>,
    pub weight: f64,
    pub worst: f64,
    pub best: f64,
    pub reason: String,
    pub source: String,
}

/// Scores of one plan on the two axes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scorecard {
    /// Quality of life, 0–100, higher is better.
    pub qol: Option<f64>,
    /// Infection-control risk index, 0–100, lower is better.
    pub risk: Option<f64>,
    pub components: Vec<Component>,
}

/// Score `metrics` with `profile`. Unknown metric keys are an error naming them.
pub fn scorecard<'a>(
    metrics: impl Iterator<Item = &'a Metric> + Clone,
    profile: &Profile,
) -> Result<Scorecard, Vec<Diagnostic>> {
    let mut comps = Vec::new();
    let mut errs = Vec::new();
    for it in &profile.items {
        let Some(m) = metrics.clone().find(|m| m.key == it.metric) else {
            let known: Vec<&str> = metrics.clone().map(|m| m.key).collect();
            errs.push(
                Diagnostic::error(
                    "profile-unknown-metric",
                    format!(
                        "profile names metric {:?}, which the assessment does not produce",
                        it.metric
                    ),
                )
                .at(ElementKind::Plan, it.metric.clone())
                .help(format!("known metrics: {}", known.join(", "))),
            );
            continue;
        };
        let score = m
            .value
            .map(|v| (100.0 * (v - it.worst) / (it.best - it.worst)).clamp(0.0, 100.0));
        comps.push(Component {
            metric: it.metric.clone(),
            label: m.label.to_string(),
            axis: it.axis,
            value: m.value,
            unit: m.unit.to_string(),
            score,
            weight: it.weight,
            worst: it.worst,
            best: it.best,
            reason: it.reason.clone(),
            source: m.source.to_string(),
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let axis_mean = |a: Axis| {
        let (mut s, mut w) = (0.0, 0.0);
        for c in comps.iter().filter(|c| c.axis == a) {
            if let Some(x) = c.score {
                s += c.weight * x;
                w += c.weight;
            }
        }
        (w > 0.0).then(|| s / w)
    };
    Ok(Scorecard {
        qol: axis_mean(Axis::Qol),
        risk: axis_mean(Axis::Risk).map(|g| 100.0 - g),
        components: comps,
    })
}

//! Scoring: a documented profile turns assessment metrics into 0–100 sub-scores on two axes that
//! are never collapsed into one number — quality of life (higher is better) and an
//! infection-control risk index (lower is better) — and [`compare`] sets options side by side.
//!
//! The risk index combines the infection-control geometry of the assessment with the outcome of
//! the transmission simulation ([`sim`]: expected resident attack rate and probability of a large
//! outbreak under a standard challenge), each a metric the profile names and weighs. Simulated
//! metrics carry 95% intervals; [`compare`] counts a difference between options only where the
//! paired (common-random-number) interval excludes zero ([`stats`]).

mod compare;
pub mod decide;
pub mod sim;
pub mod stats;
pub mod value;

pub use compare::Kind;

pub use compare::{Candidate, Comparison, compare, risk_index_difference, verdict_against};
pub use decide::{Change, Verdict};
pub use sim::{RiskDifference, SimRisk};
pub use value::Money;

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
    /// How costs are counted: currency, net income per bed-year, horizon (all defaulted).
    #[serde(default)]
    pub money: Money,
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
    for m in p.money.problems() {
        errs.push(
            Diagnostic::error("profile-money", m)
                .at(ElementKind::Plan, "money")
                .help("see scenarios/scoring/default.toml, table [money]"),
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
    /// 95% interval of the risk index from the Monte Carlo intervals of its simulated components
    /// (the geometry components are exact); `None` without simulated components. See
    /// [`Scorecard::set_intervals`].
    pub risk_lo95: Option<f64>,
    pub risk_hi95: Option<f64>,
    pub components: Vec<Component>,
}

/// Score of `value` on an item running linearly from `worst` (0) to `best` (100), clamped.
pub fn sub_score(value: f64, worst: f64, best: f64) -> f64 {
    (100.0 * (value - worst) / (best - worst)).clamp(0.0, 100.0)
}

/// Weighted mean of the scores of the components on `axis`, each score given by `score_of`
/// (components scoring `None` are left out); `None` when no weight remains.
pub fn axis_value(
    components: &[Component],
    axis: Axis,
    score_of: impl Fn(&Component) -> Option<f64>,
) -> Option<f64> {
    let (mut s, mut w) = (0.0, 0.0);
    for c in components.iter().filter(|c| c.axis == axis) {
        if let Some(x) = score_of(c) {
            s += c.weight * x;
            w += c.weight;
        }
    }
    (w > 0.0).then(|| s / w)
}

impl Scorecard {
    /// Sets the risk index's interval from the 95% intervals of some metrics' values
    /// (`(key, lower, upper)`): the index is recomputed with every listed metric at its lower
    /// ends, then at its upper ends, the other components held at their values, and the interval
    /// spans the two. Joint extremes make it conservative (wider than the interval of any single
    /// component's effect). Without listed metrics on the risk axis the interval stays `None`.
    pub fn set_intervals(&mut self, intervals: &[(&str, f64, f64)]) {
        let on_risk = self
            .components
            .iter()
            .any(|c| c.axis == Axis::Risk && intervals.iter().any(|i| i.0 == c.metric));
        if !on_risk || self.risk.is_none() {
            return;
        }
        let at = |end: usize| {
            axis_value(&self.components, Axis::Risk, |c| {
                match intervals.iter().find(|i| i.0 == c.metric) {
                    Some(&(_, lo, hi)) if c.score.is_some() => {
                        Some(sub_score(if end == 0 { lo } else { hi }, c.worst, c.best))
                    }
                    _ => c.score,
                }
            })
            .map(|g| 100.0 - g)
        };
        if let (Some(a), Some(b)) = (at(0), at(1)) {
            self.risk_lo95 = Some(a.min(b));
            self.risk_hi95 = Some(a.max(b));
        }
    }
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
        let score = m.value.map(|v| sub_score(v, it.worst, it.best));
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
    Ok(Scorecard {
        qol: axis_value(&comps, Axis::Qol, |c| c.score),
        risk: axis_value(&comps, Axis::Risk, |c| c.score).map(|g| 100.0 - g),
        risk_lo95: None,
        risk_hi95: None,
        components: comps,
    })
}

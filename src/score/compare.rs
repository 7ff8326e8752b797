//! Options side by side: each option's differences from the base with their intervals, the
//! verdict ([`super::decide`], the only place verdicts are written), the Pareto front, and value
//! for money ([`super::value`]).
//!
//! The risk-index difference from the base carries the paired (common-random-number) intervals
//! of the simulated metrics through the index ([`risk_index_difference`]), so no verdict, Pareto
//! dominance or cost per point rests on a difference the replicates cannot tell from noise.

use super::decide::{self, Change, Difference, Evidence, Verdict};
use super::sim::{ATTACK_RATE_KEY, P_OUTBREAK_GT5_KEY, RiskDifference, SimRisk, difference};
use super::value::{self, Money, Value};
use super::{Axis, Scorecard, axis_value, sub_score};
use serde::Serialize;

/// What an option is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Base,
    Retrofit,
    NewBuild,
}

impl Kind {
    /// Plain words for reports.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Base => "base",
            Kind::Retrofit => "retrofit",
            Kind::NewBuild => "new build",
        }
    }
}

/// One plan in a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub name: String,
    pub file: String,
    pub kind: Kind,
    pub residents: u32,
    /// Capital cost: the sum of the option's op costs (`None` if no op gives one).
    pub cost: Option<f64>,
    /// Days the option's works keep beds out of use, and how many beds (from the option file).
    pub downtime: Option<value::Downtime>,
    /// Ids of the elements the option changed (for highlighting).
    pub changed: Vec<String>,
    /// Every metric of the option's assessment (for the side-by-side table).
    pub metrics: Vec<crate::assess::Metric>,
    pub scorecard: Scorecard,
    /// Simulated risk (`None` when the comparison ran without simulation).
    pub sim: Option<SimRisk>,
}

/// The comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub candidates: Vec<Candidate>,
    /// No option is a retrofit of another: the first plan is a reference, not a base, and the
    /// others are compared with it as peers.
    pub peers: bool,
    /// Not dominated by any other candidate (higher QoL and lower risk beyond the ties).
    pub pareto: Vec<bool>,
    /// The verdict of each option against the base (the rule of [`super::decide`]).
    pub verdicts: Vec<Verdict>,
    /// Quality of life, option minus base (exact); `None` for the base.
    pub qol_vs_base: Vec<Option<f64>>,
    /// Risk index, option minus base, with its 95% interval; `None` for the base.
    pub risk_vs_base: Vec<Option<Difference>>,
    /// Simulated risk of each option minus the base's (paired by replicate when both ran the same
    /// seed and replicates); `None` for the base and without simulation.
    pub vs_base: Vec<Option<RiskDifference>>,
    /// Costs (capital, beds, downtime) and cost per point, with ranks and the budget mark.
    pub value: Vec<Value>,
    pub money: Money,
    /// The budget of `--budget`, in [`Money::currency`].
    pub budget: Option<f64>,
    /// The adaptive replicates (set by the workflow that ran them; `None` without simulation).
    pub sampling: Option<super::sim::Sampling>,
}

/// The risk index of `c` minus the base's, with a 95% interval: each simulated component of `c`
/// is re-scored at the base's value plus the lower, then the upper end of the paired difference's
/// interval (Welch's for independent runs), the geometry components held (they are exact). The
/// sub-scores are monotone in their values and the index in its sub-scores, so the two ends
/// bracket the point estimate; moving every simulated metric to its end together makes the
/// interval conservative. Exact (zero width) without simulation.
pub fn risk_index_difference(c: &Candidate, base: &Candidate) -> Option<Difference> {
    let (rc, rb) = (c.scorecard.risk?, base.scorecard.risk?);
    let d = match (&c.sim, &base.sim) {
        (Some(a), Some(b)) => difference(a, b),
        _ => None,
    };
    let Some(d) = d else {
        return Some(Difference::exact(rc - rb));
    };
    let base_value = |key: &str| {
        base.scorecard
            .components
            .iter()
            .find(|k| k.metric == key)
            .and_then(|k| k.value)
    };
    let at = |upper: bool| {
        axis_value(&c.scorecard.components, Axis::Risk, |comp| {
            let diff = match comp.metric.as_str() {
                ATTACK_RATE_KEY => d.attack_rate,
                P_OUTBREAK_GT5_KEY => d.p_outbreak_gt5,
                _ => return comp.score,
            };
            let end = if upper { diff.hi95 } else { diff.lo95 };
            match (comp.score, base_value(&comp.metric)) {
                (Some(_), Some(b)) => Some(sub_score(b + end, comp.worst, comp.best)),
                _ => comp.score,
            }
        })
        .map(|g| 100.0 - g - rb)
    };
    let (a, b) = (at(false)?, at(true)?);
    Some(Difference {
        mean: rc - rb,
        lo95: a.min(b).min(rc - rb),
        hi95: a.max(b).max(rc - rb),
    })
}

/// The evidence the verdict rule weighs for `c` against `base`.
fn evidence(c: &Candidate, base: &Candidate, vs: Option<&RiskDifference>) -> Option<Evidence> {
    Some(Evidence {
        qol: c.scorecard.qol? - base.scorecard.qol?,
        risk: risk_index_difference(c, base)?,
        simulated: match vs {
            Some(d) => [
                Some(Difference::of(&d.attack_rate)),
                Some(Difference::of(&d.p_outbreak_gt5)),
            ],
            None => [None, None],
        },
    })
}

/// The verdict of `c` against `base` (what [`compare`] gives it).
pub fn verdict_against(c: &Candidate, base: &Candidate) -> Verdict {
    let vs = match (&c.sim, &base.sim) {
        (Some(a), Some(b)) => difference(a, b),
        _ => None,
    };
    match evidence(c, base, vs.as_ref()) {
        Some(e) => decide::verdict(&e),
        None => Verdict {
            qol: None,
            risk: None,
            words: "not comparable: an axis has no score".into(),
        },
    }
}

/// Whether `j` dominates `i`: at least as good on both axes as the verdict rule judges them, and
/// better on one.
fn dominates(j: &Candidate, i: &Candidate) -> bool {
    let v = verdict_against(j, i);
    let ok = |c: Option<Change>| matches!(c, Some(Change::Better | Change::Unchanged));
    ok(v.qol) && ok(v.risk) && (v.qol == Some(Change::Better) || v.risk == Some(Change::Better))
}

/// Compare candidates; the first is the base (the reference, when none is a retrofit).
pub fn compare(candidates: Vec<Candidate>, money: &Money, budget: Option<f64>) -> Comparison {
    let n = candidates.len();
    let peers = !candidates.iter().any(|c| c.kind == Kind::Retrofit);
    let pareto = (0..n)
        .map(|i| !(0..n).any(|j| j != i && dominates(&candidates[j], &candidates[i])))
        .collect();
    let base = &candidates[0];
    let vs_base: Vec<Option<RiskDifference>> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| match (&c.sim, &base.sim) {
            (Some(a), Some(b)) if i > 0 => difference(a, b),
            _ => None,
        })
        .collect();
    let verdicts: Vec<Verdict> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                Verdict::reference(peers)
            } else {
                verdict_against(c, base)
            }
        })
        .collect();
    let qol_vs_base = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (i > 0)
                .then(|| Some(c.scorecard.qol? - base.scorecard.qol?))
                .flatten()
        })
        .collect();
    let risk_vs_base: Vec<Option<Difference>> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (i > 0).then(|| risk_index_difference(c, base)).flatten())
        .collect();
    let value = value::value_for_money(&candidates, &verdicts, &risk_vs_base, money, budget);
    Comparison {
        candidates,
        peers,
        pareto,
        verdicts,
        qol_vs_base,
        risk_vs_base,
        vs_base,
        value,
        money: money.clone(),
        budget,
        sampling: None,
    }
}

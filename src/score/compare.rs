//! Options side by side: Pareto front, convergence and trade-offs, cost per point.
//!
//! Where options carry simulated risk ([`SimRisk`]), a simulated component counts as different
//! between two options only when the 95% interval of their paired difference excludes zero;
//! within Monte Carlo noise the option is scored with the other's sub-score for that metric, so
//! no verdict, Pareto dominance or cost per point rests on a difference the replicates cannot
//! tell from noise.

use super::sim::{RiskDifference, SimRisk, difference};
use super::{Axis, Scorecard, axis_value};
use serde::Serialize;

/// What an option is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Base,
    Retrofit,
    NewBuild,
}

/// One plan in a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub name: String,
    pub file: String,
    pub kind: Kind,
    pub residents: u32,
    pub cost: Option<f64>,
    /// Ids of the elements the option changed (for highlighting).
    pub changed: Vec<String>,
    pub scorecard: Scorecard,
    /// Simulated risk (`None` when the comparison ran without simulation).
    pub sim: Option<SimRisk>,
}

/// How an option relates to the base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Base,
    /// Better on at least one axis and worse on neither: quality of life and infection control
    /// converge.
    Converges,
    /// Better on one axis, worse on the other.
    TradesQolForRisk,
    TradesRiskForQol,
    /// No better on either axis.
    NoGain,
}

/// The comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub candidates: Vec<Candidate>,
    /// Not dominated by any other candidate (higher QoL and lower risk).
    pub pareto: Vec<bool>,
    pub verdicts: Vec<Verdict>,
    /// Cost per QoL point gained over the base, where both are known and the gain is positive.
    pub cost_per_qol_point: Vec<Option<f64>>,
    /// Cost per risk point removed relative to the base.
    pub cost_per_risk_point: Vec<Option<f64>>,
    /// Simulated risk of each option minus the base's (paired by replicate when both ran the same
    /// seed and replicates); `None` for the base and without simulation.
    pub vs_base: Vec<Option<RiskDifference>>,
    /// Each option's risk index counting only simulated differences from the base that are
    /// beyond Monte Carlo noise (the base's sub-scores stand in for those within it): the figure
    /// the verdicts and costs per risk point use.
    pub risk_beyond_noise: Vec<Option<f64>>,
}

/// The risk index of `c`, its simulated sub-scores replaced by `other`'s wherever the difference
/// between the two is within Monte Carlo noise.
fn risk_relative(c: &Candidate, other: &Candidate) -> Option<f64> {
    let d = match (&c.sim, &other.sim) {
        (Some(a), Some(b)) => difference(a, b),
        _ => None,
    };
    let Some(d) = d else {
        return c.scorecard.risk;
    };
    axis_value(&c.scorecard.components, Axis::Risk, |comp| {
        if d.within_noise(&comp.metric) == Some(true) {
            other
                .scorecard
                .components
                .iter()
                .find(|o| o.metric == comp.metric)
                .map_or(comp.score, |o| o.score)
        } else {
            comp.score
        }
    })
    .map(|g| 100.0 - g)
}

/// Compare candidates; the first is the base. Differences under `tie` points count as none.
pub fn compare(candidates: Vec<Candidate>, tie: f64) -> Comparison {
    let q = |c: &Candidate| c.scorecard.qol.unwrap_or(f64::NAN);
    let r = |c: &Candidate| c.scorecard.risk.unwrap_or(f64::NAN);
    let n = candidates.len();
    // j's risk as seen from i: simulated differences within noise count as none.
    let rel =
        |j: usize, i: usize| risk_relative(&candidates[j], &candidates[i]).unwrap_or(f64::NAN);
    let pareto = (0..n)
        .map(|i| {
            !(0..n).any(|j| {
                j != i
                    && q(&candidates[j]) >= q(&candidates[i])
                    && rel(j, i) <= r(&candidates[i])
                    && (q(&candidates[j]) > q(&candidates[i]) + tie
                        || rel(j, i) < r(&candidates[i]) - tie)
            })
        })
        .collect();
    let risk_beyond_noise: Vec<Option<f64>> = (0..n)
        .map(|i| risk_relative(&candidates[i], &candidates[0]))
        .collect();
    let rb = |i: usize| risk_beyond_noise[i].unwrap_or(f64::NAN);
    let base = &candidates[0];
    let verdicts = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                return Verdict::Base;
            }
            let dq = q(c) - q(base);
            let dr = r(base) - rb(i);
            match (dq > tie, dr > tie, dq < -tie, dr < -tie) {
                (true, true, _, _) => Verdict::Converges,
                (true, false, _, true) => Verdict::TradesRiskForQol,
                (false, true, true, _) => Verdict::TradesQolForRisk,
                (true, false, _, false) | (false, true, false, _) => Verdict::Converges,
                _ => Verdict::NoGain,
            }
        })
        .collect();
    let per = |gain: f64, cost: Option<f64>| cost.filter(|_| gain > tie).map(|c| c / gain);
    let cost_per_qol_point = candidates
        .iter()
        .map(|c| per(q(c) - q(base), c.cost))
        .collect();
    let cost_per_risk_point = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| per(r(base) - rb(i), c.cost))
        .collect();
    let vs_base = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| match (&c.sim, &base.sim) {
            (Some(a), Some(b)) if i > 0 => difference(a, b),
            _ => None,
        })
        .collect();
    Comparison {
        candidates,
        pareto,
        verdicts,
        cost_per_qol_point,
        cost_per_risk_point,
        vs_base,
        risk_beyond_noise,
    }
}

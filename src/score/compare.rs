//! Options side by side: Pareto front, convergence and trade-offs, cost per point.

use super::Scorecard;
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
}

/// Compare candidates; the first is the base. Differences under `tie` points count as none.
pub fn compare(candidates: Vec<Candidate>, tie: f64) -> Comparison {
    let q = |c: &Candidate| c.scorecard.qol.unwrap_or(f64::NAN);
    let r = |c: &Candidate| c.scorecard.risk.unwrap_or(f64::NAN);
    let n = candidates.len();
    let pareto = (0..n)
        .map(|i| {
            !(0..n).any(|j| {
                j != i
                    && q(&candidates[j]) >= q(&candidates[i])
                    && r(&candidates[j]) <= r(&candidates[i])
                    && (q(&candidates[j]) > q(&candidates[i]) + tie
                        || r(&candidates[j]) < r(&candidates[i]) - tie)
            })
        })
        .collect();
    let base = &candidates[0];
    let verdicts = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                return Verdict::Base;
            }
            let dq = q(c) - q(base);
            let dr = r(base) - r(c);
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
        .map(|c| per(r(base) - r(c), c.cost))
        .collect();
    Comparison {
        candidates,
        pareto,
        verdicts,
        cost_per_qol_point,
        cost_per_risk_point,
    }
}

//! Value for money: what each option costs (capital, beds lost or gained, downtime) and what it
//! costs per point of risk removed and per point of quality of life gained, with intervals,
//! ranked, and marked against a budget.
//!
//! Costs are only added up and divided, never converted: every cost of a comparison is in one
//! currency ([`Money::currency`], set in the scoring profile's `[money]` table; an option file
//! may state its currency, which must then be the same).

use super::compare::{Candidate, Kind};
use super::decide::{Change, Difference, Verdict};
use serde::{Deserialize, Serialize};

/// Default currency of costs.
pub const DEFAULT_CURRENCY: &str = "GBP";
/// Default net income per bed and year: 15,000 (GBP). **Assumption**: a UK care-home fee of about
/// £1,100 a week (≈ £57,000 a year; LaingBuisson, *Care Homes for Older People UK Market Report*,
/// 2023/24, order of magnitude) at an operating margin before rent (EBITDARM) of about 26%: a
/// bed lost for good loses the fee but also the cost of that resident's care, so the margin, not
/// the fee, is what it costs. Override it in the profile's `[money]` table.
pub const DEFAULT_INCOME_PER_BED_YEAR: f64 = 15_000.0;
/// Default horizon over which lost or gained beds are costed: 5 years. **Assumption**: a common
/// payback horizon for care-home refurbishment; override it in the profile.
pub const DEFAULT_HORIZON_YEARS: f64 = 5.0;
/// Costs within this of a budget still fit it (rounding of hand-written costs).
pub const BUDGET_TOLERANCE: f64 = 0.5;

/// How costs are counted (the scoring profile's `[money]` table; every field defaulted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Money {
    /// Currency code or symbol shown beside every cost, e.g. "GBP", "EUR".
    pub currency: String,
    /// Net income of one bed for one year: what a bed lost for good (or out of use during works)
    /// costs per year, and what a bed gained earns.
    pub income_per_bed_year: f64,
    /// Years over which lost or gained beds are costed.
    pub horizon_years: f64,
}

impl Default for Money {
    fn default() -> Self {
        Money {
            currency: DEFAULT_CURRENCY.into(),
            income_per_bed_year: DEFAULT_INCOME_PER_BED_YEAR,
            horizon_years: DEFAULT_HORIZON_YEARS,
        }
    }
}

impl Money {
    /// Problems with the numbers, as messages.
    pub fn problems(&self) -> Vec<String> {
        let mut v = Vec::new();
        if !(self.income_per_bed_year.is_finite() && self.income_per_bed_year >= 0.0) {
            v.push(format!(
                "money.income_per_bed_year {} must be a number ≥ 0",
                self.income_per_bed_year
            ));
        }
        if !(self.horizon_years.is_finite() && self.horizon_years >= 0.0) {
            v.push(format!(
                "money.horizon_years {} must be a number ≥ 0",
                self.horizon_years
            ));
        }
        if self.currency.trim().is_empty() {
            v.push("money.currency must not be empty".into());
        }
        v
    }
}

/// Beds out of use while an option's works are done (stated in its option file).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Downtime {
    /// Days the works take.
    pub days: f64,
    /// Beds out of use meanwhile.
    pub beds: u32,
}

/// A cost per point with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PerPoint {
    pub mean: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// The money side of one option.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    /// Sum of the option's op costs (`None`: not given).
    pub capital: Option<f64>,
    /// Beds of the option minus the base's (retrofits only; 0 otherwise).
    pub beds_change: i64,
    /// Net income lost (positive) or gained (negative) by the change in beds over the horizon.
    pub beds_cost: f64,
    /// Net income lost while beds are out of use for the works.
    pub downtime_cost: f64,
    /// Capital + beds + downtime (`None` when the capital cost is not given).
    pub total: Option<f64>,
    /// Total cost per risk-index point removed, where the verdict rule judges the option safer.
    pub per_risk_point: Option<PerPoint>,
    /// Total cost per quality-of-life point gained, where it is judged better to live in.
    pub per_qol_point: Option<PerPoint>,
    /// 1 = least cost per risk point removed (among options that have one).
    pub rank_risk: Option<usize>,
    /// 1 = least cost per quality-of-life point gained.
    pub rank_qol: Option<usize>,
    /// Whether the capital cost fits `--budget` (`None` without a budget or a cost).
    pub fits_budget: Option<bool>,
}

/// `total / gain` with the interval of the gain (`gain` > 0 throughout).
fn per_point(total: f64, gain: Difference) -> PerPoint {
    let (a, b) = (total / gain.lo95, total / gain.hi95);
    PerPoint {
        mean: total / gain.mean,
        lo95: a.min(b),
        hi95: a.max(b),
    }
}

fn ranks(per: &[Option<PerPoint>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..per.len()).filter(|&i| per[i].is_some()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (
            per[a].map_or(0.0, |p| p.mean),
            per[b].map_or(0.0, |p| p.mean),
        );
        x.total_cmp(&y).then(a.cmp(&b))
    });
    let mut r = vec![None; per.len()];
    for (k, i) in order.into_iter().enumerate() {
        r[i] = Some(k + 1);
    }
    r
}

/// The value for money of every candidate (the first is the base).
pub fn value_for_money(
    candidates: &[Candidate],
    verdicts: &[Verdict],
    risk_vs_base: &[Option<Difference>],
    money: &Money,
    budget: Option<f64>,
) -> Vec<Value> {
    let base_beds = candidates.first().map_or(0, |c| c.residents);
    let mut out: Vec<Value> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let beds_change = if i > 0 && c.kind == Kind::Retrofit {
                i64::from(c.residents) - i64::from(base_beds)
            } else {
                0
            };
            let beds_cost = -(beds_change as f64) * money.income_per_bed_year * money.horizon_years;
            let downtime_cost = c.downtime.map_or(0.0, |d| {
                d.days.max(0.0) / 365.25 * f64::from(d.beds) * money.income_per_bed_year
            });
            let total = c.cost.map(|k| k + beds_cost + downtime_cost);
            let v = &verdicts[i];
            let per_risk_point = match (total, risk_vs_base[i]) {
                (Some(t), Some(d)) if v.risk == Some(Change::Better) => Some(per_point(
                    t,
                    Difference {
                        mean: -d.mean,
                        lo95: -d.hi95,
                        hi95: -d.lo95,
                    },
                )),
                _ => None,
            };
            let per_qol_point = match (total, c.scorecard.qol, candidates[0].scorecard.qol) {
                (Some(t), Some(q), Some(qb)) if i > 0 && v.qol == Some(Change::Better) => {
                    Some(per_point(t, Difference::exact(q - qb)))
                }
                _ => None,
            };
            Value {
                capital: c.cost,
                beds_change,
                beds_cost,
                downtime_cost,
                total,
                per_risk_point,
                per_qol_point,
                rank_risk: None,
                rank_qol: None,
                fits_budget: budget.zip(c.cost).map(|(b, k)| k <= b + BUDGET_TOLERANCE),
            }
        })
        .collect();
    let rr = ranks(&out.iter().map(|v| v.per_risk_point).collect::<Vec<_>>());
    let rq = ranks(&out.iter().map(|v| v.per_qol_point).collect::<Vec<_>>());
    for (v, (a, b)) in out.iter_mut().zip(rr.into_iter().zip(rq)) {
        v.rank_risk = a;
        v.rank_qol = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_per_point_by_hand() {
        // 10,000 for a gain of 4 points with interval 2..8: 2,500 per point (1,250..5,000).
        let p = per_point(
            10_000.0,
            Difference {
                mean: 4.0,
                lo95: 2.0,
                hi95: 8.0,
            },
        );
        assert_eq!((p.mean, p.lo95, p.hi95), (2_500.0, 1_250.0, 5_000.0));
        let r = ranks(&[None, Some(p), Some(PerPoint { mean: 10.0, ..p }), None]);
        assert_eq!(r, vec![None, Some(2), Some(1), None]);
    }

    #[test]
    fn defaults_are_valid() {
        assert!(Money::default().problems().is_empty());
        let bad = Money {
            horizon_years: -1.0,
            currency: " ".into(),
            ..Money::default()
        };
        assert_eq!(bad.problems().len(), 2);
    }
}

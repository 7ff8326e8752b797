//! Monte Carlo summaries of replicate outcomes, reduced serially in replicate order so the result
//! is bit-identical whatever the number of threads that produced the replicates (floating-point
//! sums depend on order; we fix it).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What one replicate reports to the summary.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplicateOutcome {
    /// Residents infected during the replicate (index cases excluded, by the caller's convention).
    pub resident_cases: u32,
    /// Residents at risk (the attack-rate denominator).
    pub residents_at_risk: u32,
}

impl ReplicateOutcome {
    /// Resident attack rate = cases / at risk (0 with nobody at risk).
    pub fn attack_rate(&self) -> f64 {
        if self.residents_at_risk == 0 {
            0.0
        } else {
            f64::from(self.resident_cases) / f64::from(self.residents_at_risk)
        }
    }
}

/// Distribution summary of one quantity over replicates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Distribution {
    pub n: usize,
    pub mean: f64,
    pub median: f64,
    /// 2.5th percentile (lower end of the 95% percentile interval).
    pub p2_5: f64,
    /// 97.5th percentile.
    pub p97_5: f64,
}

/// Summary of a set of replicates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MonteCarloSummary {
    pub replicates: usize,
    /// Resident attack rate over replicates.
    pub attack_rate: Distribution,
    /// Resident case count over replicates.
    pub resident_cases: Distribution,
    /// Share of replicates with more than 5 resident cases.
    pub p_outbreak_gt5: f64,
    /// Share of replicates with more than 10 resident cases.
    pub p_outbreak_gt10: f64,
}

/// Percentile `p` ∈ [0, 1] of ascending-sorted data by linear interpolation between order
/// statistics (Hyndman & Fan 1996, Am Stat 50:361, definition 7 — R's and NumPy's default).
pub fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "percentile of no data");
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Mean, median and 95% percentile interval of `values`, taken in index order. `None` when empty.
pub fn distribution(values: &[f64]) -> Option<Distribution> {
    if values.is_empty() {
        return None;
    }
    let mut sum = 0.0;
    for v in values {
        sum += v; // serial, index order
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(Distribution {
        n: values.len(),
        mean: sum / values.len() as f64,
        median: percentile_sorted(&sorted, 0.5),
        p2_5: percentile_sorted(&sorted, 0.025),
        p97_5: percentile_sorted(&sorted, 0.975),
    })
}

/// Summarises replicates given in replicate-index order. `None` when empty.
pub fn summarize(outcomes: &[ReplicateOutcome]) -> Option<MonteCarloSummary> {
    let rates: Vec<f64> = outcomes.iter().map(ReplicateOutcome::attack_rate).collect();
    let cases: Vec<f64> = outcomes
        .iter()
        .map(|o| f64::from(o.resident_cases))
        .collect();
    let n = outcomes.len();
    let share = |k: u32| outcomes.iter().filter(|o| o.resident_cases > k).count() as f64 / n as f64;
    Some(MonteCarloSummary {
        replicates: n,
        attack_rate: distribution(&rates)?,
        resident_cases: distribution(&cases)?,
        p_outbreak_gt5: share(5),
        p_outbreak_gt10: share(10),
    })
}

/// A mean with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Interval {
    pub n: usize,
    pub mean: f64,
    /// Lower end of the 95% confidence interval of the mean.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

impl Interval {
    /// Half the width of the interval.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.hi - self.lo)
    }
}

/// Quantile of Student's t distribution with `dof` degrees of freedom at probability 0.975, by
/// the Cornish–Fisher expansion about the normal quantile z = 1.959964 (Abramowitz & Stegun 1964,
/// 26.7.5; error < 1e-3 for dof ≥ 4, exact table values below).
pub fn t_975(dof: usize) -> f64 {
    // Abramowitz & Stegun Table 26.10, P = 0.975 (two-sided 95%).
    const TABLE: [f64; 4] = [12.706, 4.303, 3.182, 2.776];
    if dof == 0 {
        return f64::INFINITY;
    }
    if dof <= TABLE.len() {
        return TABLE[dof - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = dof as f64;
    let g1 = (z.powi(3) + z) / 4.0;
    let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
    let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
    let g4 = (79.0 * z.powi(9) + 776.0 * z.powi(7) + 1482.0 * z.powi(5)
        - 1920.0 * z.powi(3)
        - 945.0 * z)
        / 92160.0;
    z + g1 / v + g2 / v.powi(2) + g3 / v.powi(3) + g4 / v.powi(4)
}

/// Mean of `values` (in index order) with the 95% t confidence interval
/// mean ± t₀.₉₇₅(n − 1)·s/√n (s the sample standard deviation). With one value the interval is
/// unbounded. `None` when empty.
pub fn mean_interval(values: &[f64]) -> Option<Interval> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let mut sum = 0.0;
    for v in values {
        sum += v;
    }
    let mean = sum / n as f64;
    let mut ss = 0.0;
    for v in values {
        ss += (v - mean) * (v - mean);
    }
    let half = if n < 2 {
        f64::INFINITY
    } else {
        t_975(n - 1) * (ss / (n - 1) as f64).sqrt() / (n as f64).sqrt()
    };
    Some(Interval {
        n,
        mean,
        lo: mean - half,
        hi: mean + half,
    })
}

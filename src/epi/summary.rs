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

/// Wilson's 95% score interval (Wilson 1927, JASA 22:209) for a proportion `p` observed in `n`
/// trials; `n` may be an effective, non-integer sample size. Stays inside [0, 1]; with `n` ≤ 0
/// (no information) it is the whole of [0, 1].
pub fn wilson_bounds(p: f64, n: f64) -> (f64, f64) {
    if n.is_nan() || n <= 0.0 {
        return (0.0, 1.0);
    }
    let p = p.clamp(0.0, 1.0);
    let z: f64 = 1.959_963_984_540_054;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At p = 0 (p = 1) the lower (upper) bound is exactly 0 (1); say so rather than round.
    let lo = if p == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if p == 1.0 {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

/// 95% interval of a mean of per-replicate proportions (an attack rate averaged over
/// replicates) that stays inside [0, 1]: Wilson's interval at the effective sample size, with
/// Korn and Graubard's degrees-of-freedom correction (Korn & Graubard 1998, *Survey Methodology*
/// 24:193; evaluated for clustered proportions by Dean & Pagano 2015, *J Surv Stat Methodol*
/// 3:484). Replicates are the clusters: people in one replicate share one outbreak, so they are
/// not independent trials.
///
/// With mean p, its standard error `se` over `replicates` replicates and `trials` people at risk
/// in all: n_eff = p(1 − p)/se², capped at `trials` (a design effect below 1 is not credited);
/// when p is 0 or 1 or se is 0 the design effect cannot be estimated and n_eff = `trials`. Then
/// n* = n_eff · (z₀.₉₇₅ / t₀.₉₇₅(replicates − 1))² and the bounds are Wilson's at n*. For many
/// replicates this tends to mean ± t·se, the Student interval; for few it widens, and it never
/// leaves [0, 1] (Student's interval of 2 replicates of 0 % and 10 % is −58 % to 68 %).
pub fn proportion_mean_bounds(mean: f64, se: f64, replicates: usize, trials: u64) -> (f64, f64) {
    if replicates < 2 {
        return (0.0, 1.0);
    }
    let p = mean.clamp(0.0, 1.0);
    let trials = trials as f64;
    let n_eff = if se > 0.0 && p > 0.0 && p < 1.0 {
        (p * (1.0 - p) / (se * se)).min(trials)
    } else {
        trials
    };
    let z: f64 = 1.959_963_984_540_054;
    let ratio = z / t_975(replicates - 1);
    wilson_bounds(p, n_eff * ratio * ratio)
}

/// Mean of per-replicate proportions `rates` (in index order) with the interval of
/// [`proportion_mean_bounds`]; `trials` is the number at risk summed over replicates. `None`
/// when empty.
pub fn proportion_mean_interval(rates: &[f64], trials: u64) -> Option<Interval> {
    let t = mean_interval(rates)?;
    // Student's half-width is t·se: the standard error back from it (0 with one replicate,
    // whose interval is all of [0, 1] anyway).
    let se = if t.n > 1 && t.hi > t.mean {
        (t.hi - t.mean) / t_975(t.n - 1)
    } else {
        0.0
    };
    let (lo, hi) = proportion_mean_bounds(t.mean, se, t.n, trials);
    Some(Interval { lo, hi, ..t })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportion_mean_interval_by_hand() {
        // Two replicates of 40 residents, attack rates 0 and 0.1: mean 0.05, s = 0.0707107,
        // se = 0.05. Student: 0.05 ± 12.706 · 0.05 = [−0.585, 0.685], below zero.
        let t = mean_interval(&[0.0, 0.1]).unwrap();
        assert!(t.lo < -0.58);
        // Korn–Graubard Wilson: n_eff = 0.05 · 0.95 / 0.05² = 19 (≤ 80 at risk);
        // n* = 19 · (1.959964 / 12.706)² = 0.452097; Wilson at n* (computed apart, in Python):
        // centre 0.452616, half-width 0.452326 → [0.000291, 0.904942].
        let i = proportion_mean_interval(&[0.0, 0.1], 80).unwrap();
        assert_eq!(i.mean, 0.05);
        assert!(
            (i.lo - 0.000_291).abs() < 2e-6 && (i.hi - 0.904_942).abs() < 2e-6,
            "{i:?}"
        );
        // No cases in 2 x 40: the design effect cannot be estimated, n_eff = 80, n* = 1.903568;
        // Wilson(0, n*) upper = z² / (n* + z²) = 0.668658.
        let z = proportion_mean_interval(&[0.0, 0.0], 80).unwrap();
        assert_eq!(z.lo, 0.0);
        assert!((z.hi - 0.668_658).abs() < 2e-6, "{z:?}");
        // Many replicates whose design effect is above 1: close to Student's interval
        // (1000 replicates alternating 0.1 and 0.4 of 40: se = 0.15/√1000·√(1000/999)).
        let many: Vec<f64> = (0..1000)
            .map(|k| if k % 2 == 0 { 0.1 } else { 0.4 })
            .collect();
        let (w, s) = (
            proportion_mean_interval(&many, 40_000).unwrap(),
            mean_interval(&many).unwrap(),
        );
        assert!(
            (w.lo - s.lo).abs() < 5e-4 && (w.hi - s.hi).abs() < 5e-4,
            "{w:?} {s:?}"
        );
        // One replicate: nothing is known about the Monte Carlo error.
        let one = proportion_mean_interval(&[0.3], 40).unwrap();
        assert_eq!((one.lo, one.hi), (0.0, 1.0));
    }
}

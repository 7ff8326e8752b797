//! Small statistics for Monte Carlo comparisons: the mean of replicate outcomes with its 95%
//! confidence interval, the mean of paired (common-random-number) differences, Welch's interval
//! for independent runs, and Wilson's interval for a proportion.
//!
//! Every reduction runs serially in the order the values are given (replicate order), so results
//! are bit-identical whatever produced the values.
//!
//! # Methods
//!
//! * **Mean of replicates / of paired differences**: Student's t interval,
//!   mean ± t(0.975, n − 1) · s/√n (Student 1908, Biometrika 6:1). With common random numbers
//!   replicate `r` of two options shares its random draws, so the per-replicate differences
//!   d_r = a_r − b_r are independent across `r` and the interval of their mean is the paired
//!   interval; its width shrinks by the positive correlation the shared draws induce
//!   (Law 2015, *Simulation Modeling and Analysis*, 5th ed., §11.2, "common random numbers").
//! * **Independent runs**: Welch's interval, mean(a) − mean(b) ± t(0.975, ν) · √(s²ₐ/nₐ + s²ᵦ/nᵦ)
//!   with the Welch–Satterthwaite degrees of freedom ν (Welch 1947, Biometrika 34:28).
//! * **Mean of per-replicate proportions** (the attack rate over replicates): Wilson's interval
//!   at the effective sample size with Korn and Graubard's correction (Korn & Graubard 1998,
//!   Survey Methodology 24:193), so it stays inside [0, 1] with few replicates, where Student's
//!   interval does not ([`proportion_mean_interval`]).
//! * **Proportion** (e.g. P(outbreak > 5 residents)): Wilson's score interval (Wilson 1927,
//!   JASA 22:209), which stays inside [0, 1] and behaves at 0 and n successes, where the normal
//!   (Wald) interval collapses (Brown, Cai & DasGupta 2001, Stat Sci 16:101).

use serde::Serialize;

/// The 0.975 quantile of the standard normal distribution (two-sided 95%).
pub const Z_975: f64 = 1.959_963_984_540_054;

/// Two-sided 95% critical values t(0.975, df) for df = 1…30 (NIST/SEMATECH e-Handbook of
/// Statistical Methods, §1.3.6.7.2, "Critical values of the Student's t distribution").
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];
/// t(0.975, df) beyond the table, same source: df 30, 40, 60, 120 (and ∞ = [`Z_975`]).
const T_975_TAIL: [(f64, f64); 4] = [(30.0, 2.042), (40.0, 2.021), (60.0, 2.000), (120.0, 1.980)];

/// t(0.975, df): from the table for integer df ≤ 30 (df rounded down, so the interval errs wide);
/// above, interpolated linearly in 1/df between 30, 40, 60, 120 and ∞ — the interpolation the
/// table's users are told to make (harmonic interpolation, Abramowitz & Stegun 1964, §26.7).
/// `df` below 1 gives the value at 1.
pub fn t_975(df: f64) -> f64 {
    if df.is_nan() || df < 1.0 {
        return T_975[0];
    }
    if df <= 30.0 {
        return T_975[(df.floor() as usize).clamp(1, 30) - 1];
    }
    let inv = 1.0 / df;
    for w in T_975_TAIL.windows(2) {
        let ((d0, t0), (d1, t1)) = (w[0], w[1]);
        if df <= d1 {
            let f = (1.0 / d0 - inv) / (1.0 / d0 - 1.0 / d1);
            return t0 + f * (t1 - t0);
        }
    }
    let (d0, t0) = T_975_TAIL[T_975_TAIL.len() - 1];
    let f = (1.0 / d0 - inv) / (1.0 / d0);
    t0 + f * (Z_975 - t0)
}

/// A mean (or a difference of means) with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeanInterval {
    /// Replicates (pairs, for a paired difference; the smaller sample for Welch).
    pub n: usize,
    pub mean: f64,
    /// Standard error of the mean.
    pub se: f64,
    /// Degrees of freedom of the t critical value.
    pub df: f64,
    pub lo95: f64,
    pub hi95: f64,
}

impl MeanInterval {
    /// Does the interval include 0 (no difference distinguishable from Monte Carlo noise)?
    pub fn includes_zero(&self) -> bool {
        self.lo95 <= 0.0 && self.hi95 >= 0.0
    }

    /// Width of the interval.
    pub fn width(&self) -> f64 {
        self.hi95 - self.lo95
    }

    fn from_parts(n: usize, mean: f64, se: f64, df: f64) -> MeanInterval {
        let half = if se > 0.0 { t_975(df) * se } else { 0.0 };
        MeanInterval {
            n,
            mean,
            se,
            df,
            lo95: mean - half,
            hi95: mean + half,
        }
    }
}

/// Mean and sample variance (n − 1), serial in the given order.
fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mut s = 0.0;
    for v in x {
        s += v;
    }
    let mean = s / n;
    let mut ss = 0.0;
    for v in x {
        ss += (v - mean) * (v - mean);
    }
    (mean, if x.len() > 1 { ss / (n - 1.0) } else { 0.0 })
}

/// Mean of `x` with Student's 95% interval; `None` with fewer than 2 values or a non-finite one.
pub fn mean_interval(x: &[f64]) -> Option<MeanInterval> {
    if x.len() < 2 || x.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let (mean, var) = mean_var(x);
    let n = x.len();
    Some(MeanInterval::from_parts(
        n,
        mean,
        (var / n as f64).sqrt(),
        (n - 1) as f64,
    ))
}

/// Mean of the paired differences `a[r] − b[r]` with its 95% interval; `None` unless both have
/// the same length ≥ 2.
pub fn paired_difference(a: &[f64], b: &[f64]) -> Option<MeanInterval> {
    if a.len() != b.len() {
        return None;
    }
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    mean_interval(&d)
}

/// mean(a) − mean(b) for independent samples, with Welch's 95% interval; `None` unless both have
/// at least 2 values.
pub fn welch_difference(a: &[f64], b: &[f64]) -> Option<MeanInterval> {
    if a.len() < 2 || b.len() < 2 || a.iter().chain(b).any(|v| !v.is_finite()) {
        return None;
    }
    let (ma, va) = mean_var(a);
    let (mb, vb) = mean_var(b);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (qa, qb) = (va / na, vb / nb);
    let se2 = qa + qb;
    let df = if se2 > 0.0 {
        se2 * se2 / (qa * qa / (na - 1.0) + qb * qb / (nb - 1.0))
    } else {
        na.min(nb) - 1.0
    };
    Some(MeanInterval::from_parts(
        a.len().min(b.len()),
        ma - mb,
        se2.sqrt(),
        df,
    ))
}

/// A proportion k/n with Wilson's 95% score interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Proportion {
    pub k: usize,
    pub n: usize,
    pub p: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// k successes in n trials with Wilson's interval; `None` when n = 0 or k > n.
pub fn wilson(k: usize, n: usize) -> Option<Proportion> {
    if n == 0 || k > n {
        return None;
    }
    let p = k as f64 / n as f64;
    let (lo95, hi95) = crate::epi::summary::wilson_bounds(p, n as f64);
    Some(Proportion {
        k,
        n,
        p,
        lo95,
        hi95,
    })
}

/// Mean of per-replicate proportions `rates` (attack rates) with a 95% interval inside [0, 1]:
/// Wilson's at the effective sample size with Korn and Graubard's correction
/// ([`crate::epi::summary::proportion_mean_bounds`], which cites the method); `trials` is the
/// number at risk summed over replicates. `mean`, `se` and `df` are those of
/// [`mean_interval`]; only the bounds differ. `None` as for [`mean_interval`].
pub fn proportion_mean_interval(rates: &[f64], trials: u64) -> Option<MeanInterval> {
    let m = mean_interval(rates)?;
    let (lo95, hi95) = crate::epi::summary::proportion_mean_bounds(m.mean, m.se, m.n, trials);
    Some(MeanInterval { lo95, hi95, ..m })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_interval_by_hand() {
        // 1..5: mean 3, s² = 10/4 = 2.5, se = √(2.5/5) = √0.5, t(0.975, 4) = 2.776:
        // 3 ± 1.962929.
        let m = mean_interval(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(m.mean, 3.0);
        assert!((m.se * m.se - 0.5).abs() < 1e-12);
        assert!((m.lo95 - 1.037_071).abs() < 1e-5, "{m:?}");
        assert!((m.hi95 - 4.962_929).abs() < 1e-5, "{m:?}");
        assert!(!m.includes_zero());
        assert!(mean_interval(&[1.0]).is_none());
    }

    #[test]
    fn paired_and_welch_by_hand() {
        // a − b = [1, 1, 1, 1] exactly: paired se 0, interval [1, 1].
        let a = [3.0, 5.0, 7.0, 9.0];
        let b = [2.0, 4.0, 6.0, 8.0];
        let p = paired_difference(&a, &b).unwrap();
        assert_eq!((p.mean, p.lo95, p.hi95), (1.0, 1.0, 1.0));
        // Welch: both variances 20/3, se = √(2·(20/3)/4) = 1.825742; ν = 6 exactly
        // (equal sizes and variances: ν = 2(n − 1)); t(0.975, 6) = 2.447.
        let w = welch_difference(&a, &b).unwrap();
        assert!((w.se - 1.825_742).abs() < 1e-6, "{w:?}");
        assert!((w.df - 6.0).abs() < 1e-12, "{w:?}");
        assert!((w.hi95 - (1.0 + 2.447 * 1.825_742)).abs() < 1e-5);
        assert!(w.includes_zero());
        assert!(paired_difference(&a, &b[..3]).is_none());
    }

    #[test]
    fn t_quantiles_from_the_table_and_between() {
        assert_eq!(t_975(1.0), 12.706);
        assert_eq!(t_975(29.0), 2.045);
        assert_eq!(t_975(40.0), 2.021);
        // df 99: 1/99 lies between 1/60 and 1/120 at (1/60 − 1/99)/(1/60 − 1/120) = 0.78788.
        assert!((t_975(99.0) - (2.000 - 0.787_879 * 0.020)).abs() < 1e-6);
        assert!((t_975(1e12) - Z_975).abs() < 1e-9);
    }

    #[test]
    fn wilson_by_hand() {
        // 5/10: centre 0.5, half = 1.96/1.38415 · √(0.025 + 0.0096040) = 0.263413.
        let w = wilson(5, 10).unwrap();
        assert!((w.lo95 - 0.236_587).abs() < 1e-5, "{w:?}");
        assert!((w.hi95 - 0.763_413).abs() < 1e-5, "{w:?}");
        // 0/20: lower end 0, upper z²/(n + z²) = 3.84146/23.84146 = 0.161124.
        let z = wilson(0, 20).unwrap();
        assert_eq!(z.lo95, 0.0);
        assert!((z.hi95 - 0.161_124).abs() < 1e-5, "{z:?}");
        assert!(wilson(1, 0).is_none());
    }
}

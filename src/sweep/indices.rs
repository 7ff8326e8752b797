//! Sensitivity indices of one outcome over the points of a grid or a Latin hypercube, with their
//! uncertainty from replicate (Monte Carlo) noise:
//!
//! - **estimate**: the index of the point means (see [`super::analyse`] for the indices);
//! - **95% interval**: percentile bootstrap over replicates (Efron & Tibshirani 1993, *An
//!   Introduction to the Bootstrap*, ch. 13): each of [`BOOTSTRAP`] draws picks `R` replicate
//!   indices with replacement, the *same* indices at every point (so the pairing of common random
//!   numbers is kept), recomputes the point means and the index, relative to the variance of
//!   the observed point means (held fixed, so that with one parameter, whose index is 1 by
//!   construction, the interval still shows how much its variance could be noise); the
//!   interval is the 2.5th and 97.5th percentiles of the draws. It covers Monte Carlo noise only, not the choice of design
//!   points (an assumption: the points are the population of interest; for a Latin hypercube, more
//!   samples narrow the design's own error);
//! - **noise floor**: the 95th percentile of the index computed on noise alone. The noise of the
//!   point means is imitated by the replicate deviations `d_pr = y_pr − ȳ_p` with random signs
//!   `s_r = ±1` shared by every point (a Rademacher wild bootstrap; Liu 1988, Ann Stat 16:1696),
//!   `e_p = √(R/(R−1)) · Σ_r s_r d_pr / R`, which has the covariance of the noise in a mean of `R`
//!   replicates across points (and so keeps the correlation common random numbers induce). The
//!   index of `e`, relative to the variance of the real point means, is what noise alone would
//!   show. An effect whose interval reaches down to the noise floor is reported as "no effect
//!   distinguishable from noise".
//!
//! Every draw comes from a ChaCha8 stream seeded by the sweep seed and the outcome's name, and
//! sums run in a fixed order: the same results give the same figures.

use nalgebra::{DMatrix, DVector};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Bootstrap draws for the intervals and the noise floor.
pub const BOOTSTRAP: usize = 400;

/// One parameter column as the indices see it, over the rows analysed.
pub struct Col {
    /// Group (level) of each row, 0-based.
    pub group: Vec<usize>,
    pub groups: usize,
    /// Standardised values for a numeric column of a Latin hypercube (regression); `None`:
    /// categorical (η²) or grid.
    pub numeric: Option<Vec<f64>>,
}

/// Indices of one parameter for one outcome vector.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Idx {
    /// The ranking value (S_i, SRC² or η²).
    pub importance: f64,
    pub total: Option<f64>,
    pub src: Option<f64>,
}

/// Pseudo-inverse of the regression matrix, the matrix row of each numeric column, the matrix.
type Regression = (DMatrix<f64>, Vec<Option<usize>>, DMatrix<f64>);

/// The design of one outcome's analysis: columns, and the regression's pseudo-inverse.
pub struct Design {
    pub cols: Vec<Col>,
    pub grid: bool,
    /// Rows' groups of "every column but i" (grid total indices).
    others: Vec<Vec<usize>>,
    others_n: Vec<usize>,
    /// Pseudo-inverse of the regression matrix and which of its rows belongs to which numeric
    /// column (Latin hypercube).
    pinv: Option<Regression>,
}

impl Design {
    /// Set up; `Err` with a reason when the regression cannot be done.
    pub fn new(cols: Vec<Col>, grid: bool, rows: usize) -> Result<Design, String> {
        let mut others = Vec::new();
        let mut others_n = Vec::new();
        if grid {
            for i in 0..cols.len() {
                let mut ids: Vec<Vec<usize>> = Vec::new();
                let mut g = Vec::with_capacity(rows);
                for r in 0..rows {
                    let key: Vec<usize> = cols
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, c)| c.group[r])
                        .collect();
                    let id = match ids.iter().position(|k| *k == key) {
                        Some(id) => id,
                        None => {
                            ids.push(key);
                            ids.len() - 1
                        }
                    };
                    g.push(id);
                }
                others.push(g);
                others_n.push(ids.len());
            }
        }
        let pinv = if grid {
            None
        } else {
            // Standardised numeric columns; centred dummies for categorical ones.
            let mut xcols: Vec<(usize, Vec<f64>)> = Vec::new();
            for (ci, c) in cols.iter().enumerate() {
                match &c.numeric {
                    Some(v) => xcols.push((ci, v.clone())),
                    None => {
                        for l in 1..c.groups {
                            let d: Vec<f64> = c
                                .group
                                .iter()
                                .map(|&g| if g == l { 1.0 } else { 0.0 })
                                .collect();
                            let m = d.iter().sum::<f64>() / rows as f64;
                            xcols.push((usize::MAX, d.iter().map(|v| v - m).collect()));
                        }
                    }
                }
            }
            let p = xcols.len();
            if rows <= p + 1 {
                return Err(format!(
                    "{rows} points for {p} regression terms; add samples"
                ));
            }
            let x = DMatrix::from_fn(rows, p, |r, j| xcols[j].1[r]);
            let pinv = x
                .clone()
                .svd(true, true)
                .pseudo_inverse(1e-12)
                .map_err(|e| format!("regression failed: {e}"))?;
            let which = cols
                .iter()
                .enumerate()
                .map(|(ci, _)| xcols.iter().position(|(c, _)| *c == ci))
                .collect();
            Some((pinv, which, x))
        };
        Ok(Design {
            cols,
            grid,
            others,
            others_n,
            pinv,
        })
    }

    /// The indices of every column for outcome values `y` (one per row), relative to variance
    /// `v` (the variance of the real point means; `None`: that of `y`).
    pub fn indices(&self, y: &[f64], v: Option<f64>) -> Vec<Idx> {
        let n = y.len() as f64;
        let ym = y.iter().fold(0.0, |a, b| a + b) / n;
        let own = y.iter().fold(0.0, |a, b| a + (b - ym) * (b - ym)) / n;
        let v = v.unwrap_or(own);
        if v <= 0.0 {
            return vec![Idx::default(); self.cols.len()];
        }
        let beta = self.pinv.as_ref().map(|(pinv, _, _)| {
            let yz = DVector::from_iterator(y.len(), y.iter().map(|b| (b - ym) / v.sqrt()));
            pinv * yz
        });
        self.cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if self.grid {
                    let s1 = between(&c.group, c.groups, y, ym) / v;
                    let st = (own - between(&self.others[i], self.others_n[i], y, ym)) / v;
                    Idx {
                        importance: s1,
                        total: Some(st.max(0.0)),
                        src: None,
                    }
                } else {
                    match (&beta, self.pinv.as_ref().and_then(|p| p.1[i])) {
                        (Some(b), Some(j)) if c.numeric.is_some() => Idx {
                            importance: b[j] * b[j],
                            total: None,
                            src: Some(b[j]),
                        },
                        _ => Idx {
                            importance: between(&c.group, c.groups, y, ym) / v,
                            total: None,
                            src: None,
                        },
                    }
                }
            })
            .collect()
    }

    /// R² of the regression of `y` (Latin hypercube only).
    pub fn r2(&self, y: &[f64]) -> Option<f64> {
        let (pinv, _, x) = self.pinv.as_ref()?;
        let n = y.len() as f64;
        let ym = y.iter().fold(0.0, |a, b| a + b) / n;
        let yc = DVector::from_iterator(y.len(), y.iter().map(|b| b - ym));
        let beta = pinv * &yc;
        let res = &yc - x * beta;
        let tot = yc.dot(&yc);
        (tot > 0.0).then(|| 1.0 - res.dot(&res) / tot)
    }
}

/// `Σ_g n_g (ȳ_g − ȳ)² / N` over groups `group` (ids below `groups`).
fn between(group: &[usize], groups: usize, y: &[f64], ym: f64) -> f64 {
    let mut s = vec![0.0; groups];
    let mut c = vec![0usize; groups];
    for (&g, v) in group.iter().zip(y) {
        s[g] += v;
        c[g] += 1;
    }
    s.iter()
        .zip(&c)
        .filter(|(_, c)| **c > 0)
        .map(|(s, &c)| {
            let m = s / c as f64;
            c as f64 * (m - ym) * (m - ym)
        })
        .fold(0.0, |a, b| a + b)
        / y.len() as f64
}

/// Interval and noise floor of every column's index.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Uncertainty {
    pub lo: f64,
    pub hi: f64,
    pub noise_floor: f64,
}

/// Bootstrap intervals and noise floors of the indices, from the replicate values
/// `reps[row][r]` (`None`: the replicate has no value). `None` with fewer than two replicates.
pub fn uncertainty(d: &Design, reps: &[Vec<Option<f64>>], seed: u64) -> Option<Vec<Uncertainty>> {
    let r_n = reps.iter().map(Vec::len).max()?;
    if r_n < 2 {
        return None;
    }
    let means: Vec<f64> = reps.iter().map(|r| mean_of(r, 0..r.len())).collect();
    let n = means.len() as f64;
    let ym = means.iter().sum::<f64>() / n;
    let v = means.iter().map(|m| (m - ym) * (m - ym)).sum::<f64>() / n;
    let k = d.cols.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut boot: Vec<Vec<f64>> = vec![Vec::with_capacity(BOOTSTRAP); k];
    let mut noise: Vec<Vec<f64>> = vec![Vec::with_capacity(BOOTSTRAP); k];
    let scale = (r_n as f64 / (r_n as f64 - 1.0)).sqrt() / r_n as f64;
    let mut y = vec![0.0; reps.len()];
    for _ in 0..BOOTSTRAP {
        let pick: Vec<usize> = (0..r_n).map(|_| rng.random_range(0..r_n)).collect();
        for (yi, r) in y.iter_mut().zip(reps) {
            *yi = mean_of(r, pick.iter().copied());
        }
        for (j, x) in d.indices(&y, Some(v)).into_iter().enumerate() {
            boot[j].push(x.importance);
        }
        let signs: Vec<f64> = (0..r_n)
            .map(|_| if rng.random::<bool>() { 1.0 } else { -1.0 })
            .collect();
        for ((yi, r), m) in y.iter_mut().zip(reps).zip(&means) {
            *yi = scale
                * r.iter()
                    .zip(&signs)
                    .map(|(x, s)| x.map_or(0.0, |x| s * (x - m)))
                    .fold(0.0, |a, b| a + b);
        }
        for (j, x) in d.indices(&y, Some(v)).into_iter().enumerate() {
            noise[j].push(x.importance);
        }
    }
    Some(
        (0..k)
            .map(|j| {
                boot[j].sort_by(f64::total_cmp);
                noise[j].sort_by(f64::total_cmp);
                Uncertainty {
                    lo: quantile(&boot[j], 0.025),
                    hi: quantile(&boot[j], 0.975),
                    noise_floor: quantile(&noise[j], 0.95),
                }
            })
            .collect(),
    )
}

fn mean_of(r: &[Option<f64>], pick: impl Iterator<Item = usize>) -> f64 {
    let (mut s, mut c) = (0.0, 0usize);
    for i in pick {
        if let Some(x) = r[i] {
            s += x;
            c += 1;
        }
    }
    if c == 0 {
        // No value among the picked replicates: fall back to the mean of all.
        let v: Vec<f64> = r.iter().flatten().copied().collect();
        return v.iter().sum::<f64>() / v.len().max(1) as f64;
    }
    s / c as f64
}

/// Quantile `q` of sorted values (linear interpolation between order statistics, Hyndman &
/// Fan 1996 type 7, as R's default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (i, f) = (h.floor() as usize, h - h.floor());
    if i + 1 < sorted.len() {
        sorted[i] + f * (sorted[i + 1] - sorted[i])
    } else {
        sorted[i]
    }
}

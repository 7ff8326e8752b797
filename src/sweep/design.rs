//! Experimental designs: the full-factorial grid and the Latin hypercube.
//!
//! A **grid** takes every combination of the listed axis values (and of the plans), the last axis
//! varying fastest. A **Latin hypercube** (McKay, Beckman & Conover 1979, Technometrics 21:239)
//! of `n` samples over `k` ranges cuts each range into `n` equal strata and takes each stratum
//! exactly once per dimension: row `i` of dimension `j` is `(π_j(i) + u_ij) / n` for a random
//! permutation `π_j` and `u_ij ~ U[0,1)`, drawn from a ChaCha8 stream seeded from the manifest
//! seed. The hypercube rows are crossed with the grid of listed values, and the same rows serve
//! every grid cell, so adding a value to a listed axis leaves the other points unchanged.

use super::manifest::{Design, Manifest, Range};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One design row: which plan (index into the plan list) and a value per column
/// (the listed axes in path order, then the ranges in path order).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub plan: Option<usize>,
    pub values: Vec<toml::Value>,
}

/// The rows of `m` over `n_plans` plans (0: no plan axis), in a fixed order.
pub fn rows(m: &Manifest, n_plans: usize) -> Vec<Row> {
    let plan_levels: Vec<Option<usize>> = if n_plans == 0 {
        vec![None]
    } else {
        (0..n_plans).map(Some).collect()
    };
    // Grid of listed values: odometer, last axis fastest.
    let mut grid: Vec<Row> = plan_levels
        .into_iter()
        .map(|plan| Row {
            plan,
            values: Vec::new(),
        })
        .collect();
    for axis in &m.axes {
        let mut next = Vec::with_capacity(grid.len() * axis.values.len());
        for r in &grid {
            for v in &axis.values {
                let mut values = r.values.clone();
                values.push(v.clone());
                next.push(Row {
                    plan: r.plan,
                    values,
                });
            }
        }
        grid = next;
    }
    match m.design {
        Design::Grid => grid,
        Design::LatinHypercube { samples } => {
            let unit = latin_hypercube(
                samples as usize,
                m.ranges.len(),
                lhs_seed(m.seed, &m.ranges),
            );
            let mut out = Vec::with_capacity(grid.len() * unit.len());
            for r in &grid {
                for u in &unit {
                    let mut values = r.values.clone();
                    values.extend(
                        m.ranges
                            .iter()
                            .zip(u)
                            .map(|(range, &x)| toml::Value::Float(scale(range, x))),
                    );
                    out.push(Row {
                        plan: r.plan,
                        values,
                    });
                }
            }
            out
        }
    }
}

/// Seed of the hypercube: the manifest seed and the ranges sampled (so the same ranges give the
/// same rows whatever the listed axes are).
fn lhs_seed(seed: u64, ranges: &[Range]) -> u64 {
    let mut text = format!("carehome-lhs:{seed}");
    for r in ranges {
        text.push_str(&format!(";{}:{:?}:{:?}:{}", r.path, r.min, r.max, r.log));
    }
    super::point::hash_u64(text.as_bytes())
}

/// Map `u ∈ [0,1)` onto the range (log-uniformly for a log range).
pub fn scale(r: &Range, u: f64) -> f64 {
    if r.log {
        (r.min.ln() + u * (r.max.ln() - r.min.ln())).exp()
    } else {
        r.min + u * (r.max - r.min)
    }
}

/// `n` points of a Latin hypercube in `[0,1)^k` (McKay et al. 1979), rows in sample order.
pub fn latin_hypercube(n: usize, k: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = vec![vec![0.0; k]; n];
    for j in 0..k {
        // Fisher–Yates permutation of the strata.
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let s = rng.random_range(0..=i);
            perm.swap(i, s);
        }
        for (i, row) in out.iter_mut().enumerate() {
            let u: f64 = rng.random();
            row[j] = (perm[i] as f64 + u) / n as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stratum_once_per_dimension() {
        let n = 17;
        let x = latin_hypercube(n, 4, 99);
        for j in 0..4 {
            let mut strata: Vec<usize> = x.iter().map(|r| (r[j] * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(x, latin_hypercube(n, 4, 99));
        assert_ne!(x, latin_hypercube(n, 4, 100));
    }
}

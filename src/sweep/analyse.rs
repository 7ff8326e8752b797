//! Which parameters matter: a ranking of parameters by their effect on each outcome, and the
//! main effects to plot.
//!
//! **Grid → first-order and total Sobol indices, computed exactly.** On a full-factorial grid,
//! treating each axis as uniform over its listed levels, the variance decomposition of Sobol'
//! (1993) can be computed exactly from the point means (it is the ANOVA of a balanced factorial;
//! Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, §1.2.8 and ch. 4):
//! `S_i = Var(E[Y|X_i]) / Var(Y)` (first order: the share of the variance that fixing `X_i` would
//! remove on average) and `S_Ti = 1 − Var(E[Y|X_~i]) / Var(Y)` (total: including its
//! interactions). Parameters are ranked by `S_i`, the "factor prioritisation" setting.
//!
//! **Latin hypercube → standardised regression coefficients (SRC).** Sobol estimators need their
//! own sampling scheme (Saltelli's A, B and A_B^i matrices, N(k+2) runs); a Latin hypercube does
//! not provide it. From the same runs the linear regression of the standardised outcome on the
//! standardised inputs gives `SRC_i = β_i σ_i / σ_Y`; for independent inputs and a model close to
//! linear, `SRC_i²` is the share of the variance due to `X_i` (Saltelli et al. 2008, §1.2.5).
//! R² says how linear the model is: below about 0.7 the ranking should not be trusted (and is
//! flagged). Listed (categorical) axes crossed with the hypercube enter the regression as dummy
//! variables and are ranked by their correlation ratio η² = Var(E[Y|X_i]) / Var(Y), which is the
//! first-order index on the balanced crossing.
//!
//! Outcomes are the means over replicates of each point. Least squares by SVD (nalgebra).

use super::merge::{Collected, num};

/// The effect of one parameter on one outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    pub outcome: String,
    pub parameter: String,
    /// `numeric` or `categorical`.
    pub kind: &'static str,
    /// What `importance` is: `sobol_first_order`, `src_squared` or `eta_squared`.
    pub measure: &'static str,
    /// The ranking value (a share of the outcome's variance, 0–1).
    pub importance: f64,
    /// 1 = largest effect on this outcome.
    pub rank: usize,
    pub sobol_first: Option<f64>,
    pub sobol_total: Option<f64>,
    pub src: Option<f64>,
    /// R² of the regression (SRC only).
    pub r2: Option<f64>,
    /// 95% bootstrap interval of `importance` over replicates ([`super::indices`]); `None` with
    /// one replicate per point.
    pub ci95: Option<(f64, f64)>,
    /// What replicate noise alone would give `importance` (95th percentile; [`super::indices`]).
    pub noise_floor: Option<f64>,
}

/// Verdict on an effect whose interval reaches down to its noise floor.
pub const NO_EFFECT: &str = "no effect distinguishable from noise";

impl Effect {
    /// `Some(true)` if the effect stands out from replicate noise (the interval's lower end is
    /// above the noise floor), `Some(false)` if not, `None` without replicates to tell.
    pub fn distinguishable(&self) -> Option<bool> {
        // 1e-9: indices are shares of variance; below this a difference is rounding.
        Some(self.ci95?.0 > self.noise_floor? + 1e-9)
    }

    /// `effect`, [`NO_EFFECT`] or empty (one replicate).
    pub fn verdict(&self) -> &'static str {
        match self.distinguishable() {
            Some(true) => "effect",
            Some(false) => NO_EFFECT,
            None => "",
        }
    }
}

/// One level of a main effect: (label, x for numeric parameters, mean outcome, points).
pub type Level = (String, Option<f64>, f64, usize);

/// Mean outcome per level (or per bin of a sampled range) of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct MainEffect {
    pub outcome: String,
    pub parameter: String,
    /// (label, x for numeric parameters, mean outcome, points)
    pub levels: Vec<(String, Option<f64>, f64, usize)>,
    /// 95% interval of each level's mean (Student's t over replicates of the level mean, which
    /// keeps the correlation between points that common random numbers induce); `None` with one
    /// replicate.
    pub ci95: Vec<Option<(f64, f64)>>,
}

/// The analysis of a sweep.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// `sobol` (grid), `src` (Latin hypercube) or `saltelli`.
    pub method: &'static str,
    pub effects: Vec<Effect>,
    pub main_effects: Vec<MainEffect>,
    /// Outcomes left out, and why.
    pub notes: Vec<String>,
}

struct Column {
    name: String,
    numeric: Option<Vec<f64>>,
    keys: Vec<String>,
}

/// Replicate values of `outcome`, per point with a result: `(point index, values by replicate)`.
fn replicate_values(c: &Collected, outcome: &str) -> Vec<(usize, Vec<Option<f64>>)> {
    c.results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let r = r.as_ref()?;
            let v: Vec<Option<f64>> = r
                .replicates
                .iter()
                .map(|x| x.outcomes.get(outcome).copied())
                .collect();
            v.iter().any(Option::is_some).then_some((i, v))
        })
        .collect()
}

/// Analyse collected results (points without a result, or without the outcome, are left out).
pub fn analyse(c: &Collected) -> Analysis {
    let grid = c.index.design == "grid";
    let mut out = Analysis {
        method: if grid { "sobol" } else { "src" },
        ..Default::default()
    };
    let all_cols: Vec<Column> = c
        .index
        .columns
        .iter()
        .map(|name| {
            let vals: Vec<Option<&serde_json::Value>> =
                c.index.points.iter().map(|p| p.params.get(name)).collect();
            let numeric = vals
                .iter()
                .map(|v| v.and_then(|v| v.as_f64()))
                .collect::<Option<Vec<f64>>>();
            Column {
                name: name.clone(),
                numeric,
                keys: vals.iter().map(|v| super::merge::cell(*v)).collect(),
            }
        })
        .collect();
    for outcome in c.outcomes() {
        let reps = replicate_values(c, &outcome);
        let rows: Vec<usize> = reps.iter().map(|r| r.0).collect();
        let reps: Vec<Vec<Option<f64>>> = reps.into_iter().map(|r| r.1).collect();
        let y: Vec<f64> = reps
            .iter()
            .map(|r| super::merge::mean(&r.iter().flatten().copied().collect::<Vec<_>>()))
            .collect();
        // Only parameters that vary among these rows.
        let cols: Vec<&Column> = all_cols
            .iter()
            .filter(|col| {
                let first = &col.keys[rows.first().copied().unwrap_or(0)];
                rows.iter().any(|&i| &col.keys[i] != first)
            })
            .collect();
        if rows.len() < 2 || cols.is_empty() {
            out.notes
                .push(format!("{outcome}: nothing varies; no ranking"));
            continue;
        }
        let n = y.len() as f64;
        let ym = super::merge::mean(&y);
        let var = y.iter().fold(0.0, |a, v| a + (v - ym) * (v - ym)) / n;
        if var <= 1e-24 * (1.0 + ym * ym) {
            // The same at every point (as an outcome the parameters cannot reach is under common
            // random numbers): every parameter has no effect, and says so.
            out.notes.push(format!(
                "{outcome}: the same at every point: {NO_EFFECT} for every parameter"
            ));
            let reps_n = reps.iter().map(Vec::len).max().unwrap_or(0);
            for (i, col) in cols.iter().enumerate() {
                out.effects.push(Effect {
                    outcome: outcome.clone(),
                    parameter: col.name.clone(),
                    kind: if col.numeric.is_some() {
                        "numeric"
                    } else {
                        "categorical"
                    },
                    measure: if grid {
                        "sobol_first_order"
                    } else {
                        "eta_squared"
                    },
                    importance: 0.0,
                    rank: i + 1,
                    sobol_first: grid.then_some(0.0),
                    sobol_total: grid.then_some(0.0),
                    src: None,
                    r2: None,
                    ci95: (reps_n >= 2).then_some((0.0, 0.0)),
                    noise_floor: (reps_n >= 2).then_some(0.0),
                });
            }
            continue;
        }
        let icols: Vec<super::indices::Col> = cols
            .iter()
            .map(|col| {
                let mut levels: Vec<&String> = Vec::new();
                let group = rows
                    .iter()
                    .map(|&i| match levels.iter().position(|l| **l == col.keys[i]) {
                        Some(g) => g,
                        None => {
                            levels.push(&col.keys[i]);
                            levels.len() - 1
                        }
                    })
                    .collect();
                let numeric = match (&col.numeric, grid) {
                    (Some(v), false) => {
                        let x: Vec<f64> = rows.iter().map(|&i| v[i]).collect();
                        let m = super::merge::mean(&x);
                        let s = (x.iter().fold(0.0, |a, v| a + (v - m) * (v - m)) / n).sqrt();
                        Some(x.iter().map(|v| (v - m) / s).collect())
                    }
                    _ => None,
                };
                super::indices::Col {
                    group,
                    groups: levels.len(),
                    numeric,
                }
            })
            .collect();
        let design = match super::indices::Design::new(icols, grid, rows.len()) {
            Ok(d) => d,
            Err(e) => {
                out.notes.push(format!("{outcome}: {e}"));
                continue;
            }
        };
        let est = design.indices(&y, None);
        let r2 = design.r2(&y);
        let seed = super::point::hash_u64(
            format!("carehome-analyse:{}:{outcome}", c.index.seed).as_bytes(),
        );
        let unc = super::indices::uncertainty(&design, &reps, seed);
        if unc.is_none() {
            out.notes.push(format!(
                "{outcome}: one replicate per point, so no interval or noise floor: set replicates ≥ 2 to tell effects from Monte Carlo noise (deterministic runners need none)"
            ));
        }
        let mut effects: Vec<Effect> = cols
            .iter()
            .enumerate()
            .map(|(ci, col)| {
                let x = est[ci];
                let u = unc.as_ref().map(|u| u[ci]);
                let numeric = col.numeric.is_some();
                Effect {
                    outcome: outcome.clone(),
                    parameter: col.name.clone(),
                    kind: if numeric { "numeric" } else { "categorical" },
                    measure: match (grid, x.src.is_some()) {
                        (true, _) => "sobol_first_order",
                        (false, true) => "src_squared",
                        (false, false) => "eta_squared",
                    },
                    importance: x.importance,
                    rank: 0,
                    sobol_first: grid.then_some(x.importance),
                    sobol_total: x.total,
                    src: x.src,
                    r2,
                    ci95: u.map(|u| (u.lo, u.hi)),
                    noise_floor: u.map(|u| u.noise_floor),
                }
            })
            .collect();
        if let Some(r2) = r2
            && r2 < 0.7
        {
            // How much of the variance of the point means is replicate noise?
            let noise = noise_share(&reps, &y, var);
            out.notes.push(match noise {
                Some(s) if s > 0.3 => format!(
                    "{outcome}: R² = {r2:.2} < 0.7, and replicate noise makes up about {:.0}% of the variance of the point means: add replicates before reading the SRC ranking",
                    100.0 * s.min(1.0)
                ),
                _ => format!(
                    "{outcome}: R² = {r2:.2} < 0.7; the model is far from linear in these parameters, treat the SRC ranking with caution"
                ),
            });
        }
        effects.sort_by(|a, b| {
            b.importance
                .total_cmp(&a.importance)
                .then_with(|| a.parameter.cmp(&b.parameter))
        });
        for (i, e) in effects.iter_mut().enumerate() {
            e.rank = i + 1;
        }
        for e in &effects {
            let col = cols.iter().find(|c| c.name == e.parameter).copied();
            if let Some(col) = col {
                out.main_effects
                    .push(main_effect(&outcome, col, &rows, &y, &reps, grid));
            }
        }
        out.effects.extend(effects);
    }
    out
}

/// Share of the variance `var` of the point means `y` that is replicate noise: the mean over
/// points of s²_p / R_p, over `var`.
fn noise_share(reps: &[Vec<Option<f64>>], y: &[f64], var: f64) -> Option<f64> {
    let mut s = 0.0;
    for (r, m) in reps.iter().zip(y) {
        let v: Vec<f64> = r.iter().flatten().copied().collect();
        let sd = super::merge::sd(&v, *m)?;
        s += sd * sd / v.len() as f64;
    }
    Some(s / y.len() as f64 / var)
}

/// Number of bins for a sampled (Latin hypercube) parameter in its main-effect plot.
pub const BINS: usize = 5;

/// 95% interval of the mean over the rows `part` (positions in `reps`): Student's t over the
/// replicate-wise level means.
fn level_ci(reps: &[Vec<Option<f64>>], part: &[usize]) -> Option<(f64, f64)> {
    let r_n = reps.iter().map(Vec::len).max().unwrap_or(0);
    let per_rep: Vec<f64> = (0..r_n)
        .filter_map(|r| {
            let v: Vec<f64> = part
                .iter()
                .filter_map(|&i| reps[i].get(r).copied().flatten())
                .collect();
            (!v.is_empty()).then(|| super::merge::mean(&v))
        })
        .collect();
    let i = crate::score::stats::mean_interval(&per_rep)?;
    Some((i.lo95, i.hi95))
}

fn main_effect(
    outcome: &str,
    col: &Column,
    rows: &[usize],
    y: &[f64],
    reps: &[Vec<Option<f64>>],
    grid: bool,
) -> MainEffect {
    let mut levels = Vec::new();
    let mut ci = Vec::new();
    match (&col.numeric, grid) {
        (Some(v), false) => {
            // Equal-count bins along x.
            let mut idx: Vec<usize> = (0..rows.len()).collect();
            idx.sort_by(|&a, &b| v[rows[a]].total_cmp(&v[rows[b]]));
            let bins = BINS.min(idx.len());
            for b in 0..bins {
                let part = &idx[b * idx.len() / bins..(b + 1) * idx.len() / bins];
                let xs: Vec<f64> = part.iter().map(|&r| v[rows[r]]).collect();
                let ys: Vec<f64> = part.iter().map(|&r| y[r]).collect();
                let xm = super::merge::mean(&xs);
                levels.push((
                    num(round_sig(xm)),
                    Some(xm),
                    super::merge::mean(&ys),
                    part.len(),
                ));
                ci.push(level_ci(reps, part));
            }
        }
        _ => {
            let mut order: Vec<String> = Vec::new();
            for &r in rows {
                if !order.contains(&col.keys[r]) {
                    order.push(col.keys[r].clone());
                }
            }
            let xs: Option<Vec<f64>> = col.numeric.as_ref().map(|v| {
                order
                    .iter()
                    .map(|k| {
                        let r = rows
                            .iter()
                            .find(|&&r| &col.keys[r] == k)
                            .copied()
                            .unwrap_or(0);
                        v[r]
                    })
                    .collect()
            });
            let mut lv: Vec<(Level, Option<(f64, f64)>)> = order
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let part: Vec<usize> = (0..rows.len())
                        .filter(|&j| &col.keys[rows[j]] == k)
                        .collect();
                    let ys: Vec<f64> = part.iter().map(|&j| y[j]).collect();
                    (
                        (
                            k.clone(),
                            xs.as_ref().map(|x| x[i]),
                            super::merge::mean(&ys),
                            ys.len(),
                        ),
                        level_ci(reps, &part),
                    )
                })
                .collect();
            if xs.is_some() {
                lv.sort_by(|a, b| a.0.1.unwrap_or(0.0).total_cmp(&b.0.1.unwrap_or(0.0)));
            }
            (levels, ci) = lv.into_iter().unzip();
        }
    }
    MainEffect {
        outcome: outcome.to_string(),
        parameter: col.name.clone(),
        levels,
        ci95: ci,
    }
}

fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let d = 3 - x.abs().log10().ceil() as i32;
    let f = 10f64.powi(d);
    (x * f).round() / f
}

/// `effects.csv`: one row per outcome × parameter, ranked.
pub fn effects_csv(a: &Analysis) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |x: Option<f64>| x.map(num).unwrap_or_default();
    let _ = w.write_record([
        "outcome",
        "rank",
        "parameter",
        "kind",
        "measure",
        "importance",
        "sobol_first_order",
        "sobol_total",
        "src",
        "r2",
        "ci95_lo",
        "ci95_hi",
        "noise_floor",
        "verdict",
    ]);
    for e in &a.effects {
        let _ = w.write_record([
            e.outcome.clone(),
            e.rank.to_string(),
            e.parameter.clone(),
            e.kind.to_string(),
            e.measure.to_string(),
            num(e.importance),
            opt(e.sobol_first),
            opt(e.sobol_total),
            opt(e.src),
            opt(e.r2),
            opt(e.ci95.map(|c| c.0)),
            opt(e.ci95.map(|c| c.1)),
            opt(e.noise_floor),
            e.verdict().to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A text summary: per outcome, the parameters in rank order.
pub fn summary(a: &Analysis) -> String {
    let mut s = String::new();
    s.push_str(match a.method {
        "sobol" => "method: Sobol indices, exact on the full-factorial grid (ANOVA); ranked by first-order S_i\n",
        "saltelli" => "method: Sobol indices estimated from a Saltelli design (Saltelli et al. 2010); ranked by first-order S_i\n",
        _ => "method: standardised regression coefficients (Latin hypercube); ranked by SRC² (η² for listed axes)\n",
    });
    let mut last = "";
    for e in &a.effects {
        if e.outcome != last {
            s.push_str(&format!("\n{}", e.outcome));
            if let Some(r2) = e.r2 {
                s.push_str(&format!("  (R² = {r2:.3})"));
            }
            s.push('\n');
            last = &e.outcome;
        }
        let extra = match (e.sobol_total, e.src) {
            (Some(t), _) => format!("S_T = {t:.3}"),
            (_, Some(src)) => format!("SRC = {src:+.3}"),
            _ => String::new(),
        };
        let ci = match (e.ci95, e.noise_floor) {
            (Some((lo, hi)), Some(f)) => format!("  95% CI [{lo:.3}, {hi:.3}], noise floor {f:.3}"),
            _ => String::new(),
        };
        let verdict = if e.distinguishable() == Some(false) {
            format!("  → {NO_EFFECT}")
        } else {
            String::new()
        };
        s.push_str(&format!(
            "  {:>2}. {:<40} {} = {:.3}  {extra}{ci}{verdict}\n",
            e.rank, e.parameter, e.measure, e.importance
        ));
    }
    for n in &a.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    s
}

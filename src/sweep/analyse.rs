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
use nalgebra::{DMatrix, DVector};
use std::collections::BTreeMap;

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
}

/// Mean outcome per level (or per bin of a sampled range) of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct MainEffect {
    pub outcome: String,
    pub parameter: String,
    /// (label, x for numeric parameters, mean outcome, points)
    pub levels: Vec<(String, Option<f64>, f64, usize)>,
}

/// The analysis of a sweep.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// `sobol` (grid) or `src` (Latin hypercube).
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
        let means = c.point_means(&outcome);
        let rows: Vec<usize> = (0..means.len()).filter(|&i| means[i].is_some()).collect();
        let y: Vec<f64> = rows.iter().map(|&i| means[i].unwrap_or(0.0)).collect();
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
        if var <= 1e-300 * (1.0 + ym * ym) {
            out.notes
                .push(format!("{outcome}: constant across the sweep; no ranking"));
            continue;
        }
        let keys_of =
            |col: &Column| -> Vec<String> { rows.iter().map(|&i| col.keys[i].clone()).collect() };
        let mut effects: Vec<Effect> = Vec::new();
        if grid {
            for (ci, col) in cols.iter().enumerate() {
                let s1 = between(&keys_of(col), &y, ym) / var;
                let others: Vec<String> = (0..rows.len())
                    .map(|r| {
                        cols.iter()
                            .enumerate()
                            .filter(|(j, _)| *j != ci)
                            .map(|(_, c)| c.keys[rows[r]].as_str())
                            .collect::<Vec<_>>()
                            .join("\u{1f}")
                    })
                    .collect();
                let st = 1.0 - between(&others, &y, ym) / var;
                effects.push(Effect {
                    outcome: outcome.clone(),
                    parameter: col.name.clone(),
                    kind: if col.numeric.is_some() {
                        "numeric"
                    } else {
                        "categorical"
                    },
                    measure: "sobol_first_order",
                    importance: s1,
                    rank: 0,
                    sobol_first: Some(s1),
                    sobol_total: Some(st.max(0.0)),
                    src: None,
                    r2: None,
                });
            }
        } else {
            // Design matrix: standardised numeric columns, centred dummies for categorical ones.
            let sy = var.sqrt();
            let mut xcols: Vec<(usize, Vec<f64>)> = Vec::new(); // (column, values)
            for (ci, col) in cols.iter().enumerate() {
                match &col.numeric {
                    Some(v) => {
                        let x: Vec<f64> = rows.iter().map(|&i| v[i]).collect();
                        let m = super::merge::mean(&x);
                        let s = (x.iter().fold(0.0, |a, v| a + (v - m) * (v - m)) / n).sqrt();
                        xcols.push((ci, x.iter().map(|v| (v - m) / s).collect()));
                    }
                    None => {
                        let keys = keys_of(col);
                        let mut levels: Vec<&String> = Vec::new();
                        for k in &keys {
                            if !levels.contains(&k) {
                                levels.push(k);
                            }
                        }
                        for l in levels.iter().skip(1) {
                            let d: Vec<f64> = keys
                                .iter()
                                .map(|k| if k == *l { 1.0 } else { 0.0 })
                                .collect();
                            let m = super::merge::mean(&d);
                            xcols.push((ci, d.iter().map(|v| v - m).collect()));
                        }
                    }
                }
            }
            let p = xcols.len();
            if rows.len() <= p + 1 {
                out.notes.push(format!(
                    "{outcome}: {} points for {p} regression terms; add samples",
                    rows.len()
                ));
                continue;
            }
            let x = DMatrix::from_fn(rows.len(), p, |r, j| xcols[j].1[r]);
            let yz = DVector::from_iterator(rows.len(), y.iter().map(|v| (v - ym) / sy));
            let Ok(beta) = x.clone().svd(true, true).solve(&yz, 1e-12) else {
                out.notes.push(format!("{outcome}: regression failed"));
                continue;
            };
            let res = &yz - &x * &beta;
            let r2 = 1.0 - res.dot(&res) / yz.dot(&yz);
            for (ci, col) in cols.iter().enumerate() {
                let (measure, importance, src) = if col.numeric.is_some() {
                    let j = xcols.iter().position(|(c, _)| *c == ci).unwrap_or(0);
                    ("src_squared", beta[j] * beta[j], Some(beta[j]))
                } else {
                    ("eta_squared", between(&keys_of(col), &y, ym) / var, None)
                };
                effects.push(Effect {
                    outcome: outcome.clone(),
                    parameter: col.name.clone(),
                    kind: if col.numeric.is_some() {
                        "numeric"
                    } else {
                        "categorical"
                    },
                    measure,
                    importance,
                    rank: 0,
                    sobol_first: None,
                    sobol_total: None,
                    src,
                    r2: Some(r2),
                });
            }
            if r2 < 0.7 {
                out.notes.push(format!(
                    "{outcome}: R² = {r2:.2} < 0.7; the model is far from linear in these parameters, treat the SRC ranking with caution"
                ));
            }
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
                    .push(main_effect(&outcome, col, &rows, &y, grid));
            }
        }
        out.effects.extend(effects);
    }
    out
}

/// `Σ_g n_g (ȳ_g − ȳ)² / N` over the groups of `keys`.
fn between(keys: &[String], y: &[f64], ym: f64) -> f64 {
    let mut groups: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (k, v) in keys.iter().zip(y) {
        let g = groups.entry(k.as_str()).or_insert((0.0, 0));
        g.0 += v;
        g.1 += 1;
    }
    groups
        .values()
        .map(|(s, c)| {
            let m = s / *c as f64;
            *c as f64 * (m - ym) * (m - ym)
        })
        .fold(0.0, |a, b| a + b)
        / y.len() as f64
}

/// Number of bins for a sampled (Latin hypercube) parameter in its main-effect plot.
pub const BINS: usize = 5;

fn main_effect(outcome: &str, col: &Column, rows: &[usize], y: &[f64], grid: bool) -> MainEffect {
    let mut levels = Vec::new();
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
            let mut lv: Vec<(String, Option<f64>, f64, usize)> = order
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let ys: Vec<f64> = rows
                        .iter()
                        .zip(y)
                        .filter(|(r, _)| &col.keys[**r] == k)
                        .map(|(_, v)| *v)
                        .collect();
                    (
                        k.clone(),
                        xs.as_ref().map(|x| x[i]),
                        super::merge::mean(&ys),
                        ys.len(),
                    )
                })
                .collect();
            if xs.is_some() {
                lv.sort_by(|a, b| a.1.unwrap_or(0.0).total_cmp(&b.1.unwrap_or(0.0)));
            }
            levels = lv;
        }
    }
    MainEffect {
        outcome: outcome.to_string(),
        parameter: col.name.clone(),
        levels,
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
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A text summary: per outcome, the parameters in rank order.
pub fn summary(a: &Analysis) -> String {
    let mut s = String::new();
    s.push_str(match a.method {
        "sobol" => "method: Sobol indices, exact on the full-factorial grid (ANOVA); ranked by first-order S_i\n",
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
        s.push_str(&format!(
            "  {:>2}. {:<40} {} = {:.3}  {extra}\n",
            e.rank, e.parameter, e.measure, e.importance
        ));
    }
    for n in &a.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    s
}

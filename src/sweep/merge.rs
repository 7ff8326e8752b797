//! Merging a sweep folder into tidy tables (one observation per row, parameters as columns):
//!
//! - `points.csv`: one row per point × outcome: `point_id`, the parameters, `outcome`, `n`
//!   (replicates with a value), `failed`, `mean`, `sd` (sample), `se`, `min`, `max`, and the 95%
//!   interval of the mean, `ci95_lo`, `ci95_hi`, with its method `ci_method` ([`interval`]);
//! - `replicates.csv`: one row per point × replicate × outcome: `point_id`, the parameters,
//!   `replicate`, `outcome`, `value`, `error` (a failed replicate is one row with its error).
//!
//! Rows come in design order and numbers in Rust's shortest round-trip form, so the same results
//! give the same bytes however they were run (whole, sharded, resumed, on Slurm).

use super::store::{self, PointResult, Store, SweepIndex};
use std::collections::{BTreeMap, BTreeSet};

/// A sweep folder's index and results, in design order.
pub struct Collected {
    pub index: SweepIndex,
    /// `results[i]` belongs to `index.points[i]`; `None` if it is missing.
    pub results: Vec<Option<PointResult>>,
    /// Ids with no complete result.
    pub missing: Vec<String>,
    /// Ids present in more than one file, with the files.
    pub duplicated: Vec<(String, Vec<String>)>,
    /// Things worth saying that do not stop a merge.
    pub warnings: Vec<String>,
}

/// Read a sweep folder.
pub fn collect(store: &dyn Store) -> Result<Collected, String> {
    let index = store::read_index(store)?;
    let mut by_id: BTreeMap<String, Vec<(String, PointResult)>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for name in store.list("points")? {
        let path = format!("points/{name}");
        let Some(bytes) = store.read(&path)? else {
            continue;
        };
        match store::parse_result(&bytes) {
            Some(r) => by_id.entry(r.id.clone()).or_default().push((path, r)),
            None => warnings.push(format!(
                "{path} is not a complete result file; `carehome sweep run` redoes its point"
            )),
        }
    }
    let wanted: BTreeSet<&str> = index.points.iter().map(|p| p.id.as_str()).collect();
    let extra = by_id
        .keys()
        .filter(|id| !wanted.contains(id.as_str()))
        .count();
    if extra > 0 {
        warnings.push(format!(
            "{extra} result file(s) belong to points no longer in sweep.json (an earlier version of the manifest); ignored"
        ));
    }
    let mut duplicated = Vec::new();
    let mut missing = Vec::new();
    let mut results = Vec::with_capacity(index.points.len());
    for p in &index.points {
        match by_id.remove(&p.id) {
            None => {
                missing.push(p.id.clone());
                results.push(None);
            }
            Some(mut files) if files.len() == 1 => {
                let (_, r) = files.remove(0);
                if r.replicates.len() == index.replicates as usize {
                    results.push(Some(r));
                } else {
                    missing.push(p.id.clone());
                    results.push(None);
                }
            }
            Some(files) => {
                duplicated.push((p.id.clone(), files.into_iter().map(|f| f.0).collect()));
                results.push(None);
            }
        }
    }
    Ok(Collected {
        index,
        results,
        missing,
        duplicated,
        warnings,
    })
}

impl Collected {
    /// Errors that stop a merge: missing or duplicated points.
    pub fn problems(&self) -> Vec<String> {
        let mut e = Vec::new();
        if !self.missing.is_empty() {
            let shown: Vec<&str> = self.missing.iter().take(20).map(String::as_str).collect();
            e.push(format!(
                "{} of {} points are missing: {}{}",
                self.missing.len(),
                self.index.points.len(),
                shown.join(", "),
                if self.missing.len() > 20 { ", …" } else { "" }
            ));
        }
        for (id, files) in &self.duplicated {
            e.push(format!(
                "point {id} is present {} times: {}",
                files.len(),
                files.join(", ")
            ));
        }
        e
    }

    /// Every outcome name, sorted.
    pub fn outcomes(&self) -> Vec<String> {
        let mut set = BTreeSet::new();
        for r in self.results.iter().flatten() {
            for rep in &r.replicates {
                set.extend(rep.outcomes.keys().cloned());
            }
        }
        set.into_iter().collect()
    }

    /// Mean over successful replicates of `outcome` for each point (`None` where none has it).
    pub fn point_means(&self, outcome: &str) -> Vec<Option<f64>> {
        self.results
            .iter()
            .map(|r| {
                let v: Vec<f64> = r
                    .iter()
                    .flat_map(|r| &r.replicates)
                    .filter_map(|x| x.outcomes.get(outcome).copied())
                    .collect();
                (!v.is_empty()).then(|| mean(&v))
            })
            .collect()
    }
}

/// The two tables.
pub struct Tables {
    pub points_csv: String,
    pub replicates_csv: String,
    pub failed_replicates: usize,
}

/// Make the tables of a complete sweep (call [`Collected::problems`] first).
pub fn tables(c: &Collected) -> Result<Tables, String> {
    let outcomes = c.outcomes();
    let cols = &c.index.columns;
    let mut pw = csv::Writer::from_writer(Vec::new());
    let mut rw = csv::Writer::from_writer(Vec::new());
    let e = |e: csv::Error| e.to_string();
    let mut head: Vec<&str> = vec!["point_id"];
    head.extend(cols.iter().map(String::as_str));
    let mut ph = head.clone();
    ph.extend([
        "outcome",
        "n",
        "failed",
        "mean",
        "sd",
        "se",
        "min",
        "max",
        "ci95_lo",
        "ci95_hi",
        "ci_method",
    ]);
    pw.write_record(&ph).map_err(e)?;
    let mut rh = head;
    rh.extend(["replicate", "outcome", "value", "error"]);
    rw.write_record(&rh).map_err(e)?;
    let mut failed_total = 0;
    for (p, r) in c.index.points.iter().zip(&c.results) {
        let Some(r) = r else { continue };
        let mut row: Vec<String> = vec![p.id.clone()];
        row.extend(cols.iter().map(|k| cell(p.params.get(k))));
        let failed = r.replicates.iter().filter(|x| x.error.is_some()).count();
        failed_total += failed;
        for o in &outcomes {
            let v: Vec<f64> = r
                .replicates
                .iter()
                .filter_map(|x| x.outcomes.get(o).copied())
                .collect();
            let mut rec = row.clone();
            rec.push(o.clone());
            rec.push(v.len().to_string());
            rec.push(failed.to_string());
            if v.is_empty() {
                rec.extend(std::iter::repeat_n(String::new(), 8));
            } else {
                let m = mean(&v);
                let sd = sd(&v, m);
                rec.push(num(m));
                rec.push(sd.map(num).unwrap_or_default());
                rec.push(
                    sd.map(|s| num(s / (v.len() as f64).sqrt()))
                        .unwrap_or_default(),
                );
                rec.push(num(v.iter().copied().fold(f64::INFINITY, f64::min)));
                rec.push(num(v.iter().copied().fold(f64::NEG_INFINITY, f64::max)));
                let info = c.index.outcome_info.iter().find(|i| i.name == *o);
                let trials = info.and_then(|i| i.trials.as_ref()).and_then(|t| {
                    let n: Vec<f64> = r
                        .replicates
                        .iter()
                        .filter(|x| x.outcomes.contains_key(o))
                        .filter_map(|x| x.outcomes.get(t).copied())
                        .collect();
                    (n.len() == v.len()).then(|| n.iter().sum::<f64>())
                });
                match interval(&v, info.is_some_and(|i| i.fraction), trials) {
                    Some((lo, hi, how)) => rec.extend([num(lo), num(hi), how.to_string()]),
                    None => rec.extend(std::iter::repeat_n(String::new(), 3)),
                }
            }
            pw.write_record(&rec).map_err(e)?;
        }
        for rep in &r.replicates {
            if let Some(err) = &rep.error {
                let mut rec = row.clone();
                rec.extend([
                    rep.replicate.to_string(),
                    String::new(),
                    String::new(),
                    err.clone(),
                ]);
                rw.write_record(&rec).map_err(e)?;
            }
            for (o, v) in &rep.outcomes {
                let mut rec = row.clone();
                rec.extend([rep.replicate.to_string(), o.clone(), num(*v), String::new()]);
                rw.write_record(&rec).map_err(e)?;
            }
        }
    }
    let text = |w: csv::Writer<Vec<u8>>| -> Result<String, String> {
        String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
    };
    Ok(Tables {
        points_csv: text(pw)?,
        replicates_csv: text(rw)?,
        failed_replicates: failed_total,
    })
}

/// The 95% interval of the mean of one point's replicate values `v`, with its method's name:
///
/// - a **fraction** (a share in [0, 1], e.g. an attack rate) over two or more replicates:
///   Wilson's score interval (Wilson 1927, JASA 22:209) at the effective sample size with Korn
///   and Graubard's correction (Korn & Graubard 1998, Survey Methodology 24:193), as `simulate`
///   reports it ([`crate::epi::summary::proportion_mean_bounds`]): replicates are clusters (people
///   in one replicate share one outbreak), the effective size is capped by `trials` (people at
///   risk, summed over the replicates) when known. Stays inside [0, 1]. `wilson-kg`.
/// - a fraction in **one** replicate with `trials` known: Wilson's interval of
///   `value × trials` successes in `trials` (assumption: the trials are independent). `wilson`.
/// - anything else over two or more replicates: Student's t interval, mean ± t(0.975, n − 1)·se
///   (Student 1908). `student-t`.
///
/// `None` (blank cells) when there is nothing to go on (one replicate of a non-fraction).
pub fn interval(
    v: &[f64],
    fraction: bool,
    trials: Option<f64>,
) -> Option<(f64, f64, &'static str)> {
    let m = mean(v);
    let se = sd(v, m).map(|s| s / (v.len() as f64).sqrt());
    match (fraction, se) {
        (true, Some(se)) => {
            let trials = trials.map_or(u64::MAX, |t| t.round().max(0.0) as u64);
            let (lo, hi) = crate::epi::summary::proportion_mean_bounds(m, se, v.len(), trials);
            Some((lo, hi, "wilson-kg"))
        }
        (true, None) => {
            let n = trials?;
            let (lo, hi) = crate::epi::summary::wilson_bounds(m, n);
            Some((lo, hi, "wilson"))
        }
        (false, Some(_)) => {
            let i = crate::score::stats::mean_interval(v)?;
            Some((i.lo95, i.hi95, "student-t"))
        }
        (false, None) => None,
    }
}

/// A parameter value as a CSV cell.
pub fn cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => num(f),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

/// A number in Rust's shortest round-trip form.
pub fn num(x: f64) -> String {
    format!("{x}")
}

/// Mean, summed in order (deterministic).
pub fn mean(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |a, x| a + x) / v.len() as f64
}

/// Sample standard deviation (`None` for fewer than two values).
pub fn sd(v: &[f64], m: f64) -> Option<f64> {
    (v.len() > 1)
        .then(|| (v.iter().fold(0.0, |a, x| a + (x - m) * (x - m)) / (v.len() - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_of_a_fraction_by_hand() {
        // 3 successes in 10 trials: Wilson 95% = [0.1078, 0.6032] (Brown, Cai & DasGupta 2001,
        // Stat Sci 16:101, and by hand: centre (0.3 + 1.92/10)/(1 + 3.84/10) = 0.3555,
        // half 1.96/1.384 · √(0.021 + 0.0096) = 0.2477).
        let (lo, hi, how) = interval(&[0.3], true, Some(10.0)).unwrap();
        assert_eq!(how, "wilson");
        assert!(
            (lo - 0.1078).abs() < 5e-4 && (hi - 0.6032).abs() < 5e-4,
            "{lo} {hi}"
        );
        // 0 of 10: the lower end is exactly 0 and the upper z²/(n + z²) = 3.8415/13.8415 = 0.2775.
        let (lo, hi, _) = interval(&[0.0], true, Some(10.0)).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 5e-4, "{hi}");
        // Two replicates of 0 % and 10 % (20 at risk each): Student's interval would be
        // 0.05 ± 12.706 · 0.05 = [-0.585, 0.685]; the Korn-Graubard Wilson one stays in [0, 1]:
        // n_eff = 0.05·0.95/0.05² = 19, n* = 19 · (1.96/12.706)² = 0.45210, Wilson at n*:
        // centre (0.05 + z²/(2n*))/(1 + z²/n*) = 0.45262 → [0.00029, 0.90494] (Wilson's formula
        // evaluated apart, in Python).
        let (lo, hi, how) = interval(&[0.0, 0.1], true, Some(40.0)).unwrap();
        assert_eq!(how, "wilson-kg");
        assert!(lo >= 0.0 && hi <= 1.0);
        assert!(
            (lo - 0.00029).abs() < 1e-4 && (hi - 0.90494).abs() < 1e-4,
            "{lo} {hi}"
        );
        // Not a fraction: Student's t, 0.05 ± 12.706 · 0.05.
        let (lo, hi, how) = interval(&[0.0, 0.1], false, None).unwrap();
        assert_eq!(how, "student-t");
        assert!(
            (lo + 0.5853).abs() < 1e-3 && (hi - 0.6853).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(interval(&[1.0], false, None), None);
    }
}

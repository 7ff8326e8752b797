//! Merging a sweep folder into tidy tables (one observation per row, parameters as columns):
//!
//! - `points.csv`: one row per point × outcome: `point_id`, the parameters, `outcome`, `n`
//!   (replicates with a value), `failed`, `mean`, `sd` (sample), `se`, `min`, `max`;
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
    ph.extend(["outcome", "n", "failed", "mean", "sd", "se", "min", "max"]);
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
                rec.extend(std::iter::repeat_n(String::new(), 5));
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

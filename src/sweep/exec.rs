//! Running points × replicates with rayon. Each point's replicates run (in parallel), are
//! collected in replicate order and written as one result file; nothing is reduced across
//! threads, so a result does not depend on the thread count or on which points ran before.

use super::load::Prepared;
use super::point::Point;
use super::store::{self, PointResult, RESULT_SCHEMA, ReplicateResult, Status, Store};
use rayon::prelude::*;
use std::time::Instant;

/// Reported after each point is written.
#[derive(Clone, Debug)]
pub struct PointDone {
    pub id: String,
    pub failed_replicates: usize,
    /// Seconds inside the runner (all replicates of the point, summed).
    pub run_s: f64,
    /// Seconds outside the runner: collecting, serialising and writing the result file.
    pub overhead_s: f64,
}

/// Totals of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    pub points: usize,
    pub failed_replicates: usize,
    /// Seconds inside the runner, summed over replicates.
    pub run_s: f64,
    /// Seconds per point outside the runner (serialising, writing), summed.
    pub overhead_s: f64,
}

/// Split a shard's points into those to run and those already finished.
pub fn pending<'a>(
    store: &dyn Store,
    points: &[&'a Point],
    replicates: u32,
) -> Result<Pending<'a>, String> {
    let mut p = Pending::default();
    for &pt in points {
        match store::status(store, &pt.id, pt.seed, replicates)? {
            Status::Done => p.done += 1,
            Status::Missing => p.todo.push(pt),
            Status::Broken => {
                p.redo += 1;
                p.todo.push(pt)
            }
        }
    }
    Ok(p)
}

/// The work left in a shard.
#[derive(Debug, Default)]
pub struct Pending<'a> {
    /// Points to run, in design order.
    pub todo: Vec<&'a Point>,
    /// Finished points skipped.
    pub done: usize,
    /// Points whose result file was incomplete or unreadable (included in `todo`).
    pub redo: usize,
}

/// Run one point: every replicate, in replicate order.
pub fn run_point(prep: &Prepared, p: &Point) -> (PointResult, f64) {
    let plan = prep.plan_of(p);
    let reps: Vec<(ReplicateResult, f64)> = (0..prep.manifest.replicates)
        .into_par_iter()
        .map(|r| {
            let t = Instant::now();
            let out = prep.runner.run(&p.scenario, plan, p.seed, r);
            let s = t.elapsed().as_secs_f64();
            let rep = match out {
                Ok(mut o) => {
                    o.retain(|k, v| {
                        v.is_finite()
                            && (prep.manifest.outputs.is_empty()
                                || prep.manifest.outputs.contains(k))
                    });
                    ReplicateResult {
                        replicate: r,
                        outcomes: o,
                        error: None,
                    }
                }
                Err(e) => ReplicateResult {
                    replicate: r,
                    outcomes: Default::default(),
                    error: Some(e),
                },
            };
            (rep, s)
        })
        .collect();
    let run_s = reps.iter().map(|r| r.1).sum();
    (
        PointResult {
            schema: RESULT_SCHEMA.into(),
            id: p.id.clone(),
            seed: p.seed,
            params: store::params_json(p),
            replicates: reps.into_iter().map(|r| r.0).collect(),
        },
        run_s,
    )
}

/// Run `todo` in parallel on the current rayon pool, writing each point's result as soon as it
/// is finished, and calling `on_done` after each write. Stops at the first write error.
pub fn execute(
    prep: &Prepared,
    todo: &[&Point],
    store: &dyn Store,
    on_done: &(dyn Fn(&PointDone) + Sync),
) -> Result<RunStats, String> {
    let done: Vec<PointDone> = todo
        .par_iter()
        .map(|p| {
            let t = Instant::now();
            let (result, run_s) = run_point(prep, p);
            let runner_wall_s = t.elapsed().as_secs_f64();
            store.write(&store::result_name(&p.id), &store::to_json_bytes(&result))?;
            let d = PointDone {
                id: p.id.clone(),
                failed_replicates: result
                    .replicates
                    .iter()
                    .filter(|r| r.error.is_some())
                    .count(),
                run_s,
                overhead_s: t.elapsed().as_secs_f64() - runner_wall_s.min(run_s),
            };
            on_done(&d);
            Ok(d)
        })
        .collect::<Result<_, String>>()?;
    let mut s = RunStats::default();
    for d in &done {
        s.points += 1;
        s.failed_replicates += d.failed_replicates;
        s.run_s += d.run_s;
        s.overhead_s += d.overhead_s.max(0.0);
    }
    Ok(s)
}

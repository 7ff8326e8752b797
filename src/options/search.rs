//! The best combination of retrofits: which candidate options (each a list of ops on one base
//! plan) conflict, and which compatible combinations are on the Pareto front of cost × risk ×
//! quality of life, with the best plan at each budget level.
//!
//! Pure: the caller evaluates combinations (`workflow::search_combinations` runs the same
//! evaluation as `compare`, with common random numbers, for a whole batch of combinations at
//! once); this module decides which to evaluate and memoises every evaluation per combination.
//!
//! **Search.** With at most [`EXHAUSTIVE_MAX`] candidates every compatible combination is
//! evaluated (exact). Beyond that, a documented heuristic: start from the empty combination and
//! from each single candidate; repeatedly evaluate every combination one move away (add, remove
//! or swap one candidate) from the current front, keep the non-dominated ones, and stop when a
//! round adds nothing to the front or [`HEURISTIC_MAX_ROUNDS`] is reached. **Optimality check:**
//! when it stops, every front member's one-move neighbourhood has been evaluated and none
//! dominates it (the front is locally Pareto-optimal), which the result states; global optimality
//! is only guaranteed by the exhaustive search.

use super::{Op, apply};
use crate::plan::Plan;
use serde::Serialize;
use std::collections::BTreeMap;

/// Exhaustive search up to this many candidates (2^10 = 1024 combinations). Assumption: about
/// what `compare`'s evaluation runs in minutes on two cores.
pub const EXHAUSTIVE_MAX: usize = 10;
/// Rounds of the heuristic at most. Assumption: each round moves the front by one candidate;
/// 32 rounds reach combinations of up to 32 candidates.
pub const HEURISTIC_MAX_ROUNDS: usize = 32;

/// Two candidates that cannot both apply, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub a: usize,
    pub b: usize,
    pub reason: String,
}

/// The ids each candidate's ops touch on the base (`None`: it does not apply on its own).
fn touched(base: &Plan, ops: &[Op]) -> Result<Vec<String>, String> {
    apply(base, ops)
        .map(|a| a.changed)
        .map_err(|d| d.first().map_or_else(String::new, |d| d.to_string()))
}

/// Conflicts between candidates: pairs whose ops touch the same element and cannot be applied
/// together (in either order), or whose combined plan fails validation. Candidates touching
/// disjoint elements are compatible without a check.
pub fn conflicts(base: &Plan, candidates: &[Vec<Op>]) -> Vec<Conflict> {
    let touched: Vec<Result<Vec<String>, String>> =
        candidates.iter().map(|ops| touched(base, ops)).collect();
    let mut out = Vec::new();
    for a in 0..candidates.len() {
        for b in a + 1..candidates.len() {
            let (Ok(ta), Ok(tb)) = (&touched[a], &touched[b]) else {
                continue;
            };
            let shared: Vec<&String> = ta.iter().filter(|id| tb.contains(id)).collect();
            if shared.is_empty() {
                continue;
            }
            let ops: Vec<Op> = candidates[a]
                .iter()
                .chain(&candidates[b])
                .cloned()
                .collect();
            let reason = match apply(base, &ops) {
                Err(d) => Some(format!(
                    "both change {}; together: {}",
                    shared.first().map_or("", |s| s.as_str()),
                    d.first().map_or_else(String::new, |d| d.to_string())
                )),
                Ok(p) if !crate::building::resolve(&p.plan).is_valid() => Some(format!(
                    "both change {}; together the plan is not valid",
                    shared.first().map_or("", |s| s.as_str())
                )),
                Ok(_) => None,
            };
            if let Some(reason) = reason {
                out.push(Conflict { a, b, reason });
            }
        }
    }
    out
}

/// One evaluated combination.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// Candidate indices, ascending.
    pub combination: Vec<usize>,
    /// Capital cost (sum of the ops' costs; 0 where none is given).
    pub cost: f64,
    /// Quality of life (higher is better).
    pub qol: f64,
    /// Risk index (lower is better).
    pub risk: f64,
    /// The verdict against the base in words (`score::decide`).
    pub verdict: String,
}

/// `a` dominates `b`: no more costly, no riskier, no worse to live in, and better on one.
pub fn dominates(a: &Point, b: &Point) -> bool {
    a.cost <= b.cost
        && a.risk <= b.risk
        && a.qol >= b.qol
        && (a.cost < b.cost || a.risk < b.risk || a.qol > b.qol)
}

/// The non-dominated points, in ascending cost (then risk).
pub fn pareto_front(points: &[Point]) -> Vec<Point> {
    let mut f: Vec<Point> = points
        .iter()
        .filter(|p| !points.iter().any(|q| dominates(q, p)))
        .cloned()
        .collect();
    f.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.risk.total_cmp(&b.risk))
            .then(a.combination.cmp(&b.combination))
    });
    f.dedup_by(|a, b| a.combination == b.combination);
    f
}

/// The best plan within each budget level: the lowest risk index among front points costing at
/// most the level (ties: higher quality of life, then lower cost); one level per distinct cost of
/// the front (and `budget`, if given).
pub fn best_per_budget(front: &[Point], budget: Option<f64>) -> Vec<(f64, Point)> {
    let mut levels: Vec<f64> = front.iter().map(|p| p.cost).collect();
    if let Some(b) = budget {
        levels.retain(|&c| c <= b);
        levels.push(b);
    }
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    let mut out: Vec<(f64, Point)> = Vec::new();
    for l in levels {
        let best = front.iter().filter(|p| p.cost <= l).min_by(|a, b| {
            a.risk
                .total_cmp(&b.risk)
                .then(b.qol.total_cmp(&a.qol))
                .then(a.cost.total_cmp(&b.cost))
        });
        if let Some(p) = best
            && out
                .last()
                .is_none_or(|(_, q)| q.combination != p.combination)
        {
            out.push((l, p.clone()));
        }
    }
    out
}

/// Evaluates a batch of combinations (see [`search`]).
pub type Evaluate<'a> = dyn FnMut(&[Vec<usize>]) -> Vec<Option<Point>> + 'a;

/// What the search found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResult {
    pub conflicts: Vec<Conflict>,
    /// Every evaluated combination (memoised: each once), in the order evaluated.
    pub evaluated: Vec<Point>,
    /// The Pareto front of cost × risk × QoL (within the budget, if given).
    pub front: Vec<Point>,
    pub best_per_budget: Vec<(f64, Point)>,
    /// `true`: every compatible combination was evaluated.
    pub exhaustive: bool,
    /// The optimality check, in words.
    pub optimality: String,
}

/// All combinations of `n` candidates (as ascending index lists, the empty one first) with no
/// conflicting pair.
pub fn compatible_combinations(n: usize, conflicts: &[Conflict]) -> Vec<Vec<usize>> {
    let clash = |c: &[usize]| {
        conflicts
            .iter()
            .any(|x| c.contains(&x.a) && c.contains(&x.b))
    };
    (0u64..(1u64 << n))
        .map(|mask| (0..n).filter(|&i| mask & (1 << i) != 0).collect::<Vec<_>>())
        .filter(|c| !clash(c))
        .collect()
}

fn neighbours(c: &[usize], n: usize, conflicts: &[Conflict]) -> Vec<Vec<usize>> {
    let ok = |c: &[usize]| {
        !conflicts
            .iter()
            .any(|x| c.contains(&x.a) && c.contains(&x.b))
    };
    let mut out = Vec::new();
    for i in 0..n {
        let mut v: Vec<usize> = if c.contains(&i) {
            c.iter().copied().filter(|&j| j != i).collect()
        } else {
            let mut v = c.to_vec();
            v.push(i);
            v
        };
        v.sort_unstable();
        if ok(&v) {
            out.push(v);
        }
        // Swap: replace one member by i.
        if !c.contains(&i) {
            for &j in c {
                let mut w: Vec<usize> = c.iter().copied().filter(|&k| k != j).collect();
                w.push(i);
                w.sort_unstable();
                if ok(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// Searches the combinations of `n` candidates, exhaustively when `n ≤ exhaustive_max`
/// (callers pass [`EXHAUSTIVE_MAX`]; a smaller value forces the heuristic, for tests). `evaluate` gets a batch of combinations not
/// evaluated before (ascending index lists) and returns their points in the same order (`None`
/// for one that cannot be built); every combination is evaluated at most once.
pub fn search(
    n: usize,
    conflicts: Vec<Conflict>,
    budget: Option<f64>,
    exhaustive_max: usize,
    evaluate: &mut Evaluate<'_>,
) -> SearchResult {
    let mut memo: BTreeMap<Vec<usize>, Option<Point>> = BTreeMap::new();
    let mut order: Vec<Vec<usize>> = Vec::new();
    let mut run = |batch: Vec<Vec<usize>>,
                   memo: &mut BTreeMap<Vec<usize>, Option<Point>>,
                   order: &mut Vec<Vec<usize>>| {
        let mut fresh: Vec<Vec<usize>> = batch
            .into_iter()
            .filter(|c| !memo.contains_key(c))
            .collect();
        fresh.sort();
        fresh.dedup();
        if fresh.is_empty() {
            return;
        }
        for (c, p) in fresh.iter().zip(evaluate(&fresh)) {
            memo.insert(c.clone(), p);
            order.push(c.clone());
        }
    };
    let within =
        |p: &Point| budget.is_none_or(|b| p.cost <= b + crate::score::value::BUDGET_TOLERANCE);
    let front_of = |memo: &BTreeMap<Vec<usize>, Option<Point>>| {
        let pts: Vec<Point> = memo
            .values()
            .flatten()
            .filter(|p| within(p))
            .cloned()
            .collect();
        pareto_front(&pts)
    };
    let exhaustive = n <= exhaustive_max;
    let optimality;
    if exhaustive {
        run(
            compatible_combinations(n, &conflicts),
            &mut memo,
            &mut order,
        );
        optimality = "exhaustive: every compatible combination was evaluated, so the front is exact (for these replicates)".to_string();
    } else {
        let mut start = vec![Vec::new()];
        start.extend((0..n).map(|i| vec![i]));
        run(start, &mut memo, &mut order);
        let mut rounds = 0;
        loop {
            let front = front_of(&memo);
            let batch: Vec<Vec<usize>> = front
                .iter()
                .flat_map(|p| neighbours(&p.combination, n, &conflicts))
                .collect();
            run(batch, &mut memo, &mut order);
            rounds += 1;
            let changed = front_of(&memo) != front;
            if !changed || rounds >= HEURISTIC_MAX_ROUNDS {
                optimality = if changed {
                    format!(
                        "heuristic (greedy neighbourhood search over add/remove/swap moves) stopped after {rounds} rounds at its limit; the front may not be locally optimal"
                    )
                } else {
                    format!(
                        "heuristic (neighbourhood search over add/remove/swap moves, {rounds} rounds): every front member's one-move neighbours were evaluated and none dominates it (locally Pareto-optimal; global optimality is not guaranteed)"
                    )
                };
                break;
            }
        }
    }
    let front = front_of(&memo);
    SearchResult {
        conflicts,
        evaluated: order
            .iter()
            .filter_map(|c| memo.get(c).cloned().flatten())
            .collect(),
        best_per_budget: best_per_budget(&front, budget),
        front,
        exhaustive,
        optimality,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(c: &[usize], cost: f64, qol: f64, risk: f64) -> Point {
        Point {
            combination: c.to_vec(),
            cost,
            qol,
            risk,
            verdict: String::new(),
        }
    }

    #[test]
    fn front_and_budget_levels_by_hand() {
        let pts = [
            p(&[], 0.0, 30.0, 80.0),
            p(&[0], 100.0, 40.0, 70.0),
            p(&[1], 100.0, 35.0, 75.0), // dominated by [0]
            p(&[0, 1], 250.0, 45.0, 60.0),
            p(&[2], 300.0, 40.0, 70.0), // dominated by [0]
        ];
        let f = pareto_front(&pts);
        let combos: Vec<&[usize]> = f.iter().map(|x| x.combination.as_slice()).collect();
        assert_eq!(combos, [&[][..], &[0], &[0, 1]]);
        let b = best_per_budget(&f, Some(200.0));
        let levels: Vec<(f64, &[usize])> = b
            .iter()
            .map(|(l, x)| (*l, x.combination.as_slice()))
            .collect();
        assert_eq!(levels, [(0.0, &[][..]), (100.0, &[0][..])]);
    }

    #[test]
    fn combinations_skip_conflicting_pairs() {
        let c = vec![Conflict {
            a: 0,
            b: 2,
            reason: String::new(),
        }];
        let all = compatible_combinations(3, &c);
        assert_eq!(all.len(), 8 - 2);
        assert!(!all.iter().any(|x| x.contains(&0) && x.contains(&2)));
    }
}

//! Hard bodies: a limit on each agent's step, applied after the operational model, that keeps
//! bodies from overlapping one another by more than [`BODY_TOLERANCE_M`] and from entering walls
//! by more than [`WALL_TOLERANCE_M`], whatever the model (or squeezing past) proposes.
//!
//! First-order models move an agent up to v₀·dt per step while their wall repulsion acts within
//! centimetres (the CFSM's D_w = 0.02 m), so at the care-home step of 0.1 s a body can sink
//! 0.1–0.2 m into a door jamb, and an agent squeezing past its neighbours would walk through
//! them. The limit is geometric and needs no parameter fit:
//!
//! - **Two agents** i and j move in the same step, each computed from the same snapshot. If each
//!   moves at most half of the gap g = dᵢⱼ − (rᵢ + rⱼ − tol) towards the other (the component of
//!   its step along the unit vector uᵢⱼ from it to the other), the new distance is at least its
//!   projection on uᵢⱼ, dᵢⱼ − Δᵢ·uᵢⱼ − Δⱼ·uⱼᵢ ≥ dᵢⱼ − g = rᵢ + rⱼ − tol. Each agent enforces its
//!   half alone, so the rule keeps the step order-free and parallel.
//! - **A wall**: the body must stay outside the capsule of radius r − tol round the segment, a
//!   convex set; the half plane beyond the tangent line at the closest point q (normal n from q to
//!   the agent) lies outside it, so Δ·(−n) ≤ d − (r − tol) is sufficient.
//!
//! Every constraint has the form Δ·u ≤ c with c ≥ 0 (an overlap already there may not grow, and
//! may shrink). The step first slides along each violated constraint in turn (its excess removed,
//! as a body slides along a wall or round a shoulder), then is scaled by the largest factor in
//! [0, 1] that satisfies all of them (0 always does).

use super::Neighbour;
use super::models::closest;
use crate::geom::{P2, Segment, V2};

/// Largest overlap of two bodies the limit allows, metres. Assumption: clothing and a turned
/// shoulder give a few centimetres; the acceptance is "a few cm".
pub const BODY_TOLERANCE_M: f64 = 0.02;

/// Largest overlap of a body and a wall the limit allows, metres (below the 2 cm that RiMEA-style
/// corner checks and JuPedSim's 0.013 m at dt 0.01 s set as the bar).
pub const WALL_TOLERANCE_M: f64 = 0.015;

/// Call `f(u, c)` for every constraint Δ·u ≤ c that a step of length `reach_m` could violate.
#[inline]
fn constraints(
    pos: P2,
    radius_m: f64,
    reach_m: f64,
    neighbours: &[Neighbour],
    walls: &[Segment],
    mut f: impl FnMut(V2, f64),
) {
    for n in neighbours {
        if n.dist_m <= 1e-12 {
            continue;
        }
        let c = (n.dist_m - (radius_m + n.radius_m - BODY_TOLERANCE_M)).max(0.0) * 0.5;
        if c < reach_m {
            f(n.d / n.dist_m, c);
        }
    }
    for w in walls {
        if !super::models::within_box(w, pos, radius_m + reach_m) {
            continue;
        }
        let (q, dist) = closest(w, pos);
        if dist <= 1e-12 {
            continue;
        }
        let c = (dist - (radius_m - WALL_TOLERANCE_M)).max(0.0);
        if c < reach_m {
            f((q - pos) / dist, c);
        }
    }
}

/// The largest part of `step` (from `pos`, for a body of `radius_m`) that keeps the body clear of
/// `neighbours` (as the pair search gives them: the vector to each, its radius) and `walls`, in
/// the sense of the module docs.
pub(super) fn limit_step(
    pos: P2,
    radius_m: f64,
    step: V2,
    neighbours: &[Neighbour],
    walls: &[Segment],
) -> V2 {
    let reach_m = step.norm();
    if reach_m <= 1e-12 {
        return step;
    }
    let mut s = step;
    constraints(pos, radius_m, reach_m, neighbours, walls, |u, c| {
        let a = s.dot(&u);
        if a > c {
            s -= u * (a - c);
        }
    });
    let mut scale: f64 = 1.0;
    constraints(pos, radius_m, reach_m, neighbours, walls, |u, c| {
        let a = s.dot(&u);
        if a > c {
            scale = scale.min(c / a);
        }
    });
    s * scale.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neighbour(d: V2, radius_m: f64) -> Neighbour {
        Neighbour {
            d,
            dist_m: d.norm(),
            radius_m,
            vel: V2::zeros(),
            weight: 0.0,
        }
    }

    /// Two bodies 0.5 m apart (radii 0.2 + 0.2) walking straight at each other at 1 m per step
    /// each end up 0.4 − 0.02 m apart, by hand: each may take (0.5 − 0.38)/2 = 0.06 m.
    #[test]
    fn head_on_stops_at_the_tolerance() {
        let (a, b) = (P2::new(0.0, 0.0), P2::new(0.5, 0.0));
        let sa = limit_step(a, 0.2, V2::new(1.0, 0.0), &[neighbour(b - a, 0.2)], &[]);
        let sb = limit_step(b, 0.2, V2::new(-1.0, 0.0), &[neighbour(a - b, 0.2)], &[]);
        assert!((sa.x - 0.06).abs() < 1e-12 && sa.y.abs() < 1e-12, "{sa:?}");
        let gap = ((b + sb) - (a + sa)).norm();
        assert!((gap - 0.38).abs() < 1e-12, "{gap}");
    }

    /// A step into a wall slides along it: the normal part stops at r − tol from the wall, the
    /// tangential part is kept.
    #[test]
    fn wall_step_slides() {
        let wall = Segment::new(P2::new(-5.0, 0.0), P2::new(5.0, 0.0));
        let pos = P2::new(0.0, 0.3);
        let s = limit_step(pos, 0.25, V2::new(0.1, -0.2), &[], &[wall]);
        // Allowed normal travel: 0.3 − (0.25 − 0.015) = 0.065 m.
        assert!((s.y + 0.065).abs() < 1e-12, "{s:?}");
        assert!((s.x - 0.1).abs() < 1e-12, "{s:?}");
    }

    /// Already overlapping: no step may deepen the overlap, a step away is free.
    #[test]
    fn overlap_never_grows() {
        let pos = P2::new(0.0, 0.0);
        let n = [neighbour(V2::new(0.3, 0.0), 0.2)]; // 0.1 m overlap
        let into = limit_step(pos, 0.2, V2::new(0.1, 0.0), &n, &[]);
        assert_eq!(into, V2::zeros());
        let away = limit_step(pos, 0.2, V2::new(-0.1, 0.05), &n, &[]);
        assert_eq!(away, V2::new(-0.1, 0.05));
    }
}

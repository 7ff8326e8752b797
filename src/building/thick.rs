//! Walls with thickness (issue #17): rooms drawn at the inner faces of their walls.
//!
//! BIM models and office drawings outline each room at the inner face of its walls, so two
//! neighbours are a wall's thickness apart instead of sharing an edge. An edge of a room *faces*
//! another room's edge when the two are parallel, run opposite ways, overlap in projection and
//! lie no further apart than the plan's largest wall thickness ([`Plan::max_wall_thickness_m`],
//! default [`DEFAULT_MAX_WALL_THICKNESS_M`]); the wall between them gets that gap as its
//! thickness. Where several rooms face the same stretch of edge, the nearest wins (a thin shaft
//! between two rooms is their neighbour, not the wall). Touching rooms (0 m) share an edge as
//! before, and an edge that faces nothing within the thickness is external (or, where an outdoor
//! area faces it, a wall onto that area). Centreline plans have no gaps, so they resolve exactly
//! as they did before thickness existed.
//!
//! Thickness is derived, not stored: the plan format keeps only the room outlines (and the
//! largest gap to read as a wall), so a drawn gap and a stated thickness can never disagree, and
//! readers of IFC and DXF need only copy the outlines they find.

use crate::diag::{Diagnostic, ElementKind};
use crate::geom::{EPS_M, Segment, facing_overlap, merge_intervals, subtract_intervals};
use crate::plan::Plan;

/// Default largest gap between two rooms' outlines still read as the wall between them, metres.
/// Assumption, from the walls met in practice: the public models of issue #17 have 0.12–0.55 m
/// between neighbouring spaces; UK solid masonry walls of older houses are 0.23–0.34 m (one to one
/// and a half bricks) and rubble-stone walls of converted country houses up to about 0.6 m.
pub const DEFAULT_MAX_WALL_THICKNESS_M: f64 = 0.6;

/// Largest `max_wall_thickness_m` a plan may set, metres: beyond this a corridor or a light well
/// would be taken for a wall.
pub const MAX_WALL_THICKNESS_LIMIT_M: f64 = 1.5;

/// The plan's largest wall thickness, checked: a bad value is an error (and the default is used
/// so the rest of the plan is still checked).
pub(super) fn max_wall_thickness_m(plan: &Plan, diags: &mut Vec<Diagnostic>) -> f64 {
    let Some(t) = plan.max_wall_thickness_m else {
        return DEFAULT_MAX_WALL_THICKNESS_M;
    };
    if t.is_finite() && (0.0..=MAX_WALL_THICKNESS_LIMIT_M).contains(&t) {
        return t;
    }
    diags.push(
        Diagnostic::error(
            "plan-max-wall-thickness",
            format!(
                "max_wall_thickness_m is {t}, outside 0 to {MAX_WALL_THICKNESS_LIMIT_M} m"
            ),
        )
        .at(ElementKind::Plan, "plan")
        .help(format!(
            "give the thickest wall between two rooms in metres (default {DEFAULT_MAX_WALL_THICKNESS_M}), or 0 for a plan drawn to wall centrelines only"
        )),
    );
    DEFAULT_MAX_WALL_THICKNESS_M
}

/// The parts of edge `e` (not already in `covered`, sorted and merged) that face an edge of one
/// of `targets` across a gap of at most `max_m`: `(target, lo, hi, gap_m)` with `lo`/`hi` in
/// metres along `e`, sorted by target then position. Nearest first: a stretch of `e` belongs to
/// the closest polygon facing it.
pub(super) fn across_gap<'p>(
    e: &Segment,
    targets: impl Iterator<Item = (usize, &'p [crate::geom::P2])>,
    covered: &[(f64, f64)],
    max_m: f64,
) -> Vec<(usize, f64, f64, f64)> {
    if max_m <= EPS_M {
        return Vec::new();
    }
    let mut cands: Vec<(f64, usize, f64, f64)> = Vec::new();
    for (j, poly) in targets {
        for k in 0..poly.len() {
            let f = Segment::new(poly[k], poly[(k + 1) % poly.len()]);
            if let Some((lo, hi, gap)) = facing_overlap(e, &f, max_m, EPS_M) {
                cands.push((gap, j, lo, hi));
            }
        }
    }
    if cands.is_empty() {
        return Vec::new();
    }
    cands.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    let mut taken = covered.to_vec();
    let mut won: Vec<(usize, f64, f64, f64)> = Vec::new();
    for (gap, j, lo, hi) in cands {
        let free = subtract_intervals(lo, hi, &taken, EPS_M);
        for &(a, b) in &free {
            won.push((j, a, b, gap));
        }
        if !free.is_empty() {
            taken.extend(free);
            taken = merge_intervals(taken, 0.0);
        }
    }
    // One piece per target and stretch: a target's collinear edges (split by a vertex on the
    // wall) join, with the length-weighted mean gap.
    won.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(usize, f64, f64, f64)> = Vec::new();
    for (j, lo, hi, gap) in won {
        match out.last_mut() {
            Some(last) if last.0 == j && lo <= last.2 + EPS_M => {
                let (l0, l1) = (last.2 - last.1, hi - lo);
                last.3 = (last.3 * l0 + gap * l1) / (l0 + l1);
                last.2 = last.2.max(hi);
            }
            _ => out.push((j, lo, hi, gap)),
        }
    }
    out
}

/// Whether `at` lies in the wall of thickness `thickness_m` whose inner face is `face` (outward to
/// the right of it): its distance in metres from that band (0 inside it) and its position along
/// the face in metres. With no thickness this is the distance to the face itself.
pub(super) fn distance_to_wall(
    face: &Segment,
    thickness_m: f64,
    at: crate::geom::P2,
) -> (f64, f64) {
    if thickness_m <= 0.0 {
        return face.distance_to(at);
    }
    let len = face.length_m();
    if len <= 0.0 {
        return face.distance_to(at);
    }
    let dir = face.vector() / len;
    let n = outward(face);
    let s = (at - face.a).dot(&n).clamp(0.0, thickness_m);
    let (d, _) = shifted(face, n, s).distance_to(at);
    (d, (at - face.a).dot(&dir).clamp(0.0, len))
}

/// Unit normal pointing out of a counter-clockwise room across `face` (to its right).
pub(super) fn outward(face: &Segment) -> crate::geom::V2 {
    let v = face.vector().normalize();
    crate::geom::V2::new(v.y, -v.x)
}

/// Move `seg` by `d_m` along `n`.
pub(super) fn shifted(seg: &Segment, n: crate::geom::V2, d_m: f64) -> Segment {
    Segment::new(seg.a + n * d_m, seg.b + n * d_m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::P2;

    fn sq(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<P2> {
        vec![
            P2::new(x0, y0),
            P2::new(x1, y0),
            P2::new(x1, y1),
            P2::new(x0, y1),
        ]
    }

    #[test]
    fn nearest_room_takes_the_stretch() {
        // Room 0 is 0..4 × 0..3; its top edge runs (4,3)->(0,3). Room 1 sits across a 0.2 m wall
        // over x 0..4; room 2, a 0.1 m shaft, sits across a 0.05 m gap over x 1..2 only (in front
        // of room 1, which would then be 0.2 m from room 0 only beside the shaft).
        let r1 = sq(0.0, 3.2, 4.0, 6.0);
        let r2 = sq(1.0, 3.05, 2.0, 3.15);
        let top = Segment::new(P2::new(4.0, 3.0), P2::new(0.0, 3.0));
        let got = across_gap(
            &top,
            [(1usize, r1.as_slice()), (2, r2.as_slice())].into_iter(),
            &[],
            0.6,
        );
        // Along the edge (from x=4): room 1 over 0..2 and 3..4, the shaft over 2..3.
        assert_eq!(got.len(), 3, "{got:?}");
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(
            got[0].0 == 1 && close(got[0].1, 0.0) && close(got[0].2, 2.0) && close(got[0].3, 0.2)
        );
        assert!(got[1].0 == 1 && close(got[1].1, 3.0) && close(got[1].2, 4.0));
        assert!(
            got[2].0 == 2 && close(got[2].1, 2.0) && close(got[2].2, 3.0) && close(got[2].3, 0.05)
        );
    }

    #[test]
    fn a_point_in_the_wall_band() {
        let face = Segment::new(P2::new(4.0, 0.0), P2::new(0.0, 0.0)); // outward is +y
        assert!((distance_to_wall(&face, 0.3, P2::new(1.0, 0.15)).0).abs() < 1e-12);
        assert!((distance_to_wall(&face, 0.3, P2::new(1.0, 0.5)).0 - 0.2).abs() < 1e-12);
        assert!((distance_to_wall(&face, 0.3, P2::new(1.0, -0.1)).0 - 0.1).abs() < 1e-12);
        // Along the face from its start (4,0): x=1 is 3 m along.
        assert!((distance_to_wall(&face, 0.3, P2::new(1.0, 0.15)).1 - 3.0).abs() < 1e-12);
    }
}

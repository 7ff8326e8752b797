//! Line segments: distance, projection, crossing and collinear overlap.

use super::{P2, V2};

/// A straight segment from `a` to `b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub a: P2,
    pub b: P2,
}

impl Segment {
    pub fn new(a: P2, b: P2) -> Self {
        Self { a, b }
    }

    pub fn vector(&self) -> V2 {
        self.b - self.a
    }

    pub fn length_m(&self) -> f64 {
        self.vector().norm()
    }

    /// The point at parameter `t` in metres from `a` along the segment.
    pub fn at_distance(&self, t_m: f64) -> P2 {
        let len = self.length_m();
        if len == 0.0 {
            return self.a;
        }
        self.a + self.vector() * (t_m / len)
    }

    /// Distance from `p` to the segment and the position of the nearest point, in metres from `a`.
    pub fn distance_to(&self, p: P2) -> (f64, f64) {
        let d = self.vector();
        let len2 = d.norm_squared();
        if len2 == 0.0 {
            return ((p - self.a).norm(), 0.0);
        }
        let t = ((p - self.a).dot(&d) / len2).clamp(0.0, 1.0);
        let q = self.a + d * t;
        ((p - q).norm(), t * len2.sqrt())
    }

    pub fn midpoint(&self) -> P2 {
        nalgebra::center(&self.a, &self.b)
    }
}

/// The 2D cross product u × v: positive when `v` turns left of `u`. The orientation test of
/// [`segments_cross`]; callers that must agree with it bit for bit use this one.
#[inline]
pub(crate) fn cross(u: V2, v: V2) -> f64 {
    u.x * v.y - u.y * v.x
}

/// Do segments `s` and `t` intersect (touching counts)? Orientation tests, no tolerance. The
/// answer does not depend on the direction of either segment or their order (ends are put in a
/// canonical order first), so sight lines are symmetric even where they graze a corner.
pub fn segments_cross(s: &Segment, t: &Segment) -> bool {
    let canon = |g: &Segment| {
        if (g.a.x, g.a.y) <= (g.b.x, g.b.y) {
            *g
        } else {
            Segment::new(g.b, g.a)
        }
    };
    let (s, t) = (canon(s), canon(t));
    let (s, t) = if (s.a.x, s.a.y, s.b.x, s.b.y) <= (t.a.x, t.a.y, t.b.x, t.b.y) {
        (s, t)
    } else {
        (t, s)
    };
    let (s, t) = (&s, &t);
    let o1 = cross(s.b - s.a, t.a - s.a);
    let o2 = cross(s.b - s.a, t.b - s.a);
    let o3 = cross(t.b - t.a, s.a - t.a);
    let o4 = cross(t.b - t.a, s.b - t.a);
    if ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))
        && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0))
    {
        return true;
    }
    let on = |p: P2, seg: &Segment, o: f64| {
        o == 0.0
            && p.x >= seg.a.x.min(seg.b.x)
            && p.x <= seg.a.x.max(seg.b.x)
            && p.y >= seg.a.y.min(seg.b.y)
            && p.y <= seg.a.y.max(seg.b.y)
    };
    on(t.a, s, o1) || on(t.b, s, o2) || on(s.a, t, o3) || on(s.b, t, o4)
}

/// If `t` lies along `s` (both its ends within `tol_m` of the line through `s`), the part of `s` it
/// covers, as distances in metres from `s.a`, when that part is longer than `tol_m`.
pub fn collinear_overlap(s: &Segment, t: &Segment, tol_m: f64) -> Option<(f64, f64)> {
    let len = s.length_m();
    if len <= tol_m {
        return None;
    }
    let dir = s.vector() / len;
    let off = |p: P2| cross(dir, p - s.a).abs();
    if off(t.a) > tol_m || off(t.b) > tol_m {
        return None;
    }
    let ta = (t.a - s.a).dot(&dir);
    let tb = (t.b - s.a).dot(&dir);
    let lo = ta.min(tb).max(0.0);
    let hi = ta.max(tb).min(len);
    (hi - lo > tol_m).then_some((lo, hi))
}

/// If `t` faces `s` across a gap — parallel to it (within [`PARALLEL_SIN`]), running the other
/// way, on the right of `s` (outside a counter-clockwise room) at a perpendicular distance
/// above `tol_m` and at most `max_gap_m` — the part of `s` it covers in projection, as distances
/// in metres from `s.a`, and the gap in metres (mean distance of `t`'s ends from the line of `s`).
/// Two rooms drawn at the inner faces of the wall between them meet this way (issue #17).
pub fn facing_overlap(
    s: &Segment,
    t: &Segment,
    max_gap_m: f64,
    tol_m: f64,
) -> Option<(f64, f64, f64)> {
    let len = s.length_m();
    let tlen = t.length_m();
    if len <= tol_m || tlen <= tol_m {
        return None;
    }
    let dir = s.vector() / len;
    let tdir = t.vector() / tlen;
    if dir.dot(&tdir) >= 0.0 || cross(dir, tdir).abs() > PARALLEL_SIN {
        return None;
    }
    // Outward distance: positive to the right of `s`.
    let out = |p: P2| -cross(dir, p - s.a);
    let (ga, gb) = (out(t.a), out(t.b));
    if ga.min(gb) <= tol_m || ga.max(gb) > max_gap_m + tol_m {
        return None;
    }
    let ta = (t.a - s.a).dot(&dir);
    let tb = (t.b - s.a).dot(&dir);
    let lo = ta.min(tb).max(0.0);
    let hi = ta.max(tb).min(len);
    (hi - lo > tol_m).then_some((lo, hi, 0.5 * (ga + gb)))
}

/// Largest sine of the angle between two wall faces still taken as parallel (about 0.6°), an
/// assumption: CAD and BIM faces of one straight wall are parallel to drawing precision, while
/// two different walls meeting at a corner differ by far more.
pub const PARALLEL_SIN: f64 = 0.01;

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(ax: f64, ay: f64, bx: f64, by: f64) -> Segment {
        Segment::new(P2::new(ax, ay), P2::new(bx, by))
    }

    #[test]
    fn distance_and_projection_by_hand() {
        // Point (2, 3) above the x-axis segment from (0,0) to (4,0): 3 m away, foot at 2 m.
        let (d, t) = seg(0.0, 0.0, 4.0, 0.0).distance_to(P2::new(2.0, 3.0));
        assert!((d - 3.0).abs() < 1e-12 && (t - 2.0).abs() < 1e-12);
        // Beyond the end: distance to the end point (5,0)->(4,0) is 1 m... (3-4-5 triangle from (4,0)).
        let (d, t) = seg(0.0, 0.0, 4.0, 0.0).distance_to(P2::new(7.0, 4.0));
        assert!((d - 5.0).abs() < 1e-12 && (t - 4.0).abs() < 1e-12);
    }

    #[test]
    fn crossing() {
        assert!(segments_cross(
            &seg(0.0, 0.0, 2.0, 2.0),
            &seg(0.0, 2.0, 2.0, 0.0)
        ));
        assert!(!segments_cross(
            &seg(0.0, 0.0, 1.0, 0.0),
            &seg(0.0, 1.0, 1.0, 1.0)
        ));
        // Touching at an end point counts.
        assert!(segments_cross(
            &seg(0.0, 0.0, 1.0, 0.0),
            &seg(1.0, 0.0, 1.0, 1.0)
        ));
    }

    #[test]
    fn overlap_of_collinear_segments() {
        // A 12 m corridor edge and a 4 m bedroom edge from x=4 to x=8, drawn the other way.
        let o = collinear_overlap(&seg(0.0, 4.0, 12.0, 4.0), &seg(8.0, 4.0, 4.0, 4.0), 0.01);
        assert_eq!(o, Some((4.0, 8.0)));
        // Parallel but 5 cm apart: not shared.
        assert!(
            collinear_overlap(&seg(0.0, 4.0, 12.0, 4.0), &seg(4.0, 4.05, 8.0, 4.05), 0.01)
                .is_none()
        );
        // Touching end to end only: no overlap.
        assert!(
            collinear_overlap(&seg(0.0, 0.0, 4.0, 0.0), &seg(4.0, 0.0, 8.0, 0.0), 0.01).is_none()
        );
    }
    #[test]
    fn facing_edges_across_a_wall() {
        // Room below y=0 (its top edge runs right to left, counter-clockwise), room above y=0.2
        // (its bottom edge runs left to right): a 0.2 m wall, overlapping from x=1 to x=3.
        let below = seg(4.0, 0.0, 0.0, 0.0);
        let above = seg(1.0, 0.2, 3.0, 0.2);
        let (lo, hi, gap) = facing_overlap(&below, &above, 0.6, 0.01).unwrap();
        assert!((lo - 1.0).abs() < 1e-12 && (hi - 3.0).abs() < 1e-12);
        assert!((gap - 0.2).abs() < 1e-12);
        // Wider than the largest wall: not facing.
        assert!(facing_overlap(&below, &above, 0.15, 0.01).is_none());
        // Same direction (the other room would overlap this one): not facing.
        assert!(facing_overlap(&below, &seg(3.0, 0.2, 1.0, 0.2), 0.6, 0.01).is_none());
        // On the inside of the room (left of a counter-clockwise edge): not facing.
        assert!(facing_overlap(&below, &seg(1.0, -0.2, 3.0, -0.2), 0.6, 0.01).is_none());
        // Touching (0 m) is the shared-edge case, left to `collinear_overlap`.
        assert!(facing_overlap(&below, &seg(1.0, 0.0, 3.0, 0.0), 0.6, 0.01).is_none());
        // Turned 5°: a different wall.
        let turned = seg(
            1.0,
            0.2,
            1.0 + 2.0 * 5f64.to_radians().cos(),
            0.2 + 2.0 * 5f64.to_radians().sin(),
        );
        assert!(facing_overlap(&below, &turned, 0.6, 0.01).is_none());
        // Beside it, no overlap in projection (a room diagonally across a corner).
        assert!(facing_overlap(&below, &seg(4.2, 0.2, 6.0, 0.2), 0.6, 0.01).is_none());
    }
}

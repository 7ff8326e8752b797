//! Simple polygons given as vertex lists (no repeated closing vertex).

use super::{P2, Segment, segments_cross};

/// Signed area by the shoelace formula, m²: positive for counter-clockwise vertices.
pub fn signed_area_m2(poly: &[P2]) -> f64 {
    let n = poly.len();
    if n < 3 {
        return 0.0;
    }
    // Shift to the first vertex so large coordinates do not cancel badly.
    let o = poly[0];
    let mut s = 0.0;
    for i in 1..n - 1 {
        let (a, b) = (poly[i] - o, poly[i + 1] - o);
        s += a.x * b.y - a.y * b.x;
    }
    0.5 * s
}

/// Unsigned area, m².
pub fn area_m2(poly: &[P2]) -> f64 {
    signed_area_m2(poly).abs()
}

pub fn is_ccw(poly: &[P2]) -> bool {
    signed_area_m2(poly) > 0.0
}

/// The polygon with counter-clockwise vertex order.
pub fn ensure_ccw(mut poly: Vec<P2>) -> Vec<P2> {
    if signed_area_m2(&poly) < 0.0 {
        poly.reverse();
    }
    poly
}

/// Area centroid; falls back to the vertex mean for degenerate polygons.
pub fn centroid(poly: &[P2]) -> P2 {
    let n = poly.len();
    let a = signed_area_m2(poly);
    if n == 0 {
        return P2::origin();
    }
    let o = poly[0];
    if a.abs() < 1e-12 {
        let s = poly
            .iter()
            .fold(nalgebra::Vector2::zeros(), |s, p| s + (p - o));
        return o + s / n as f64;
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let p = poly[i] - o;
        let q = poly[(i + 1) % n] - o;
        let c = p.x * q.y - q.x * p.y;
        cx += (p.x + q.x) * c;
        cy += (p.y + q.y) * c;
    }
    P2::new(o.x + cx / (6.0 * a), o.y + cy / (6.0 * a))
}

/// Is `p` strictly inside the polygon (even–odd rule)? Points exactly on an edge may go either way.
pub fn contains(poly: &[P2], p: P2) -> bool {
    let n = poly.len();
    let mut inside = false;
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// The first pair of edges `(i, j)` (`i < j`, smallest `i`, then smallest `j`) that intersect
/// other than at their shared vertex, if any. Edge `i` runs from vertex `i` to vertex `i + 1`.
///
/// The edges go into an R-tree (`rstar`, bulk-loaded in O(n log n)) and each edge is tested only
/// against the edges whose bounding boxes touch its own, so an outline of n vertices costs
/// O(n log n) rather than the n²/2 pair tests of the direct method (issue #14: a 64k-vertex room
/// took 52 s that way). Bounding boxes are closed and [`segments_cross`] has no tolerance, so no
/// crossing pair is skipped: the answer is the same as testing every pair.
pub fn self_intersection(poly: &[P2]) -> Option<(usize, usize)> {
    use rstar::primitives::{GeomWithData, Rectangle};
    let n = poly.len();
    if n < 3 {
        return None;
    }
    let edge = |i: usize| Segment::new(poly[i], poly[(i + 1) % n]);
    let rect = |i: usize| {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        Rectangle::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)])
    };
    let tree = rstar::RTree::bulk_load((0..n).map(|i| GeomWithData::new(rect(i), i)).collect());
    for i in 0..n {
        let s = edge(i);
        let first = tree
            .locate_in_envelope_intersecting(&rstar::RTreeObject::envelope(&rect(i)))
            .map(|c| c.data)
            .filter(|&j| j > i && edges_meet_badly(&s, &edge(j), i, j, n))
            .min();
        if let Some(j) = first {
            return Some((i, j));
        }
    }
    None
}

/// Do edges `i < j` of an `n`-gon (`s` and `t`) meet anywhere but at a vertex they share?
fn edges_meet_badly(s: &Segment, t: &Segment, i: usize, j: usize, n: usize) -> bool {
    if j == i + 1 || (i == 0 && j == n - 1) {
        // Adjacent edges share a vertex; they intersect badly only if they fold back on each
        // other (collinear and pointing opposite ways).
        let (u, v) = if j == i + 1 {
            (s.vector(), t.vector())
        } else {
            (t.vector(), s.vector())
        };
        let c = u.x * v.y - u.y * v.x;
        c.abs() <= 1e-12 * u.norm() * v.norm() && u.dot(&v) < 0.0
    } else {
        segments_cross(s, t)
    }
}

/// Two consecutive outline vertices closer than this are one vertex, metres (1 µm).
/// Assumption: no drawn corner is meant at micrometre scale; such a pair is a repeated point
/// (a CAD export repeating a vertex, or closing the ring with its first point).
pub const DUPLICATE_TOL_M: f64 = 1e-6;
/// A vertex within this distance of the straight line through its kept neighbours, and lying
/// between them, is not a corner, metres (1 µm). Assumption, as for [`DUPLICATE_TOL_M`]: a
/// micrometre is far below any building tolerance and far above floating-point rounding of a
/// point computed on a line (about 1e-14 m at 100 m from the origin).
pub const COLLINEAR_TOL_M: f64 = 1e-6;

/// The indices of the vertices of a closed outline that are corners: repeated vertices (within
/// [`DUPLICATE_TOL_M`], including a closing copy of the first) and vertices lying on the straight
/// line between their neighbours (within [`COLLINEAR_TOL_M`]) are dropped. A vertex where the
/// outline folds back on itself (a spike) is kept, so the self-intersection check still sees it.
/// One pass with a stack, O(n). Returns every index when fewer than three corners would remain
/// or a coordinate is not finite (validation then reports the polygon as it was drawn).
pub fn corner_indices(poly: &[P2]) -> Vec<usize> {
    let n = poly.len();
    let all = || (0..n).collect();
    if n < 3 || poly.iter().any(|p| !(p.x.is_finite() && p.y.is_finite())) {
        return all();
    }
    // `b` lies on the segment from `a` to `c` (not beyond either end), within the tolerance.
    let between = |a: P2, b: P2, c: P2| {
        let ac = c - a;
        let len = ac.norm();
        if len <= DUPLICATE_TOL_M {
            return false;
        }
        let along = (b - a).dot(&ac) / len;
        let off = super::cross(ac, b - a).abs() / len;
        off <= COLLINEAR_TOL_M && along > 0.0 && along < len
    };
    let mut out: Vec<usize> = Vec::with_capacity(n);
    let push = |out: &mut Vec<usize>, i: usize| {
        if out
            .last()
            .is_some_and(|&k| (poly[i] - poly[k]).norm() <= DUPLICATE_TOL_M)
        {
            return;
        }
        while out.len() >= 2 && between(poly[out[out.len() - 2]], poly[out[out.len() - 1]], poly[i])
        {
            out.pop();
        }
        out.push(i);
    };
    for i in 0..n {
        push(&mut out, i);
    }
    // Close the ring: the last vertices against the first, then the first against the last.
    loop {
        let m = out.len();
        if m < 3 {
            return all();
        }
        let (first, last) = (poly[out[0]], poly[out[m - 1]]);
        if (first - last).norm() <= DUPLICATE_TOL_M || between(poly[out[m - 2]], last, first) {
            out.pop();
        } else if between(last, first, poly[out[1]]) {
            out.remove(0);
        } else {
            break;
        }
    }
    out
}

fn to_geo(poly: &[P2]) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(poly.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        vec![],
    )
}

/// Area of the intersection of two simple polygons, m² (via `geo`'s boolean operations).
pub fn overlap_area_m2(p: &[P2], q: &[P2]) -> f64 {
    use geo::{Area, BooleanOps};
    to_geo(p).intersection(&to_geo(q)).unsigned_area()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poly(pts: &[(f64, f64)]) -> Vec<P2> {
        pts.iter().map(|&(x, y)| P2::new(x, y)).collect()
    }

    #[test]
    fn l_shaped_bedroom_area_and_centroid_by_hand() {
        // The L-shaped bedroom of the minimal example: a 4 x 4 square minus the 1.8 x 1.8 en-suite
        // corner: 16 - 3.24 = 12.76 m².
        let b01 = poly(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (1.8, 4.0),
            (1.8, 2.2),
            (0.0, 2.2),
        ]);
        assert!((area_m2(&b01) - 12.76).abs() < 1e-12);
        assert!(is_ccw(&b01));
        // Centroid: (16*(2,2) - 3.24*(0.9,3.1)) / 12.76.
        let c = centroid(&b01);
        assert!((c.x - (32.0 - 3.24 * 0.9) / 12.76).abs() < 1e-12);
        assert!((c.y - (32.0 - 3.24 * 3.1) / 12.76).abs() < 1e-12);
        assert!(contains(&b01, P2::new(3.0, 3.0)));
        assert!(
            !contains(&b01, P2::new(1.0, 3.0)),
            "the en-suite corner is not in the bedroom"
        );
    }

    #[test]
    fn bow_tie_self_intersects() {
        let bow = poly(&[(0.0, 0.0), (2.0, 2.0), (2.0, 0.0), (0.0, 2.0)]);
        assert_eq!(self_intersection(&bow), Some((0, 2)));
        let sq = poly(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]);
        assert_eq!(self_intersection(&sq), None);
        // A spike folding back on itself.
        let spike = poly(&[(0.0, 0.0), (4.0, 0.0), (2.0, 0.0), (2.0, 2.0)]);
        assert!(self_intersection(&spike).is_some());
    }

    #[test]
    fn overlap_by_hand() {
        let a = poly(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]);
        let b = poly(&[(3.0, 1.0), (6.0, 1.0), (6.0, 3.0), (3.0, 3.0)]);
        // 1 m x 2 m overlap strip.
        assert!((overlap_area_m2(&a, &b) - 2.0).abs() < 1e-9);
        let c = poly(&[(4.0, 0.0), (8.0, 0.0), (8.0, 4.0), (4.0, 4.0)]);
        assert!(
            overlap_area_m2(&a, &c) < 1e-9,
            "rooms sharing a wall do not overlap"
        );
    }
}

/// Split a simple polygon along the chord from `a` to `b`, both on its boundary (within `tol_m`).
/// Returns the two parts, or `None` if either point is off the boundary, the points coincide, or
/// the chord leaves the polygon.
pub fn split_polygon(poly: &[P2], a: P2, b: P2, tol_m: f64) -> Option<(Vec<P2>, Vec<P2>)> {
    let n = poly.len();
    if n < 3 || (a - b).norm() <= tol_m {
        return None;
    }
    let on_edge = |p: P2| -> Option<usize> {
        (0..n).find(|&i| Segment::new(poly[i], poly[(i + 1) % n]).distance_to(p).0 <= tol_m)
    };
    let (ea, eb) = (on_edge(a)?, on_edge(b)?);
    // Walk from a (on edge ea) forward to b (on edge eb), collecting vertices in between.
    let walk = |from: P2, e_from: usize, to: P2, e_to: usize| -> Vec<P2> {
        let mut out = vec![from];
        let mut i = e_from;
        if e_from == e_to {
            // Both on one edge: the part from `from` to `to` is just the chord unless `to` lies
            // behind `from` along the edge, in which case we go all the way round.
            let s = Segment::new(poly[i], poly[(i + 1) % n]);
            if s.distance_to(to).1 >= s.distance_to(from).1 {
                out.push(to);
                return out;
            }
        }
        loop {
            i = (i + 1) % n;
            out.push(poly[i]);
            if i == e_to {
                break;
            }
        }
        out.push(to);
        out
    };
    let dedup = |v: Vec<P2>| -> Vec<P2> {
        let mut out: Vec<P2> = Vec::with_capacity(v.len());
        for p in v {
            if out.last().is_none_or(|q: &P2| (p - q).norm() > 1e-9) {
                out.push(p);
            }
        }
        if out.len() > 1 && (out[0] - out[out.len() - 1]).norm() <= 1e-9 {
            out.pop();
        }
        out
    };
    let p1 = dedup(walk(a, ea, b, eb));
    let p2 = dedup(walk(b, eb, a, ea));
    if p1.len() < 3 || p2.len() < 3 {
        return None;
    }
    // The chord must run inside: the two parts' areas add up to the whole.
    let (x, y, whole) = (area_m2(&p1), area_m2(&p2), area_m2(poly));
    ((x + y - whole).abs() <= 1e-6 * whole.max(1.0) && x > 0.0 && y > 0.0).then_some((p1, p2))
}

/// The union of two polygons that touch along an edge, as one simple polygon (via `geo`); `None`
/// if the union is not a single polygon without holes.
pub fn union_polygons(p: &[P2], q: &[P2]) -> Option<Vec<P2>> {
    use geo::BooleanOps;
    let u = to_geo(p).union(&to_geo(q));
    let mut polys = u.0.into_iter();
    let one = polys.next()?;
    if polys.next().is_some() || !one.interiors().is_empty() {
        return None;
    }
    let mut pts: Vec<P2> = one
        .exterior()
        .points()
        .map(|c| P2::new(c.x(), c.y()))
        .collect();
    if pts.len() > 1 && pts[0] == pts[pts.len() - 1] {
        pts.pop();
    }
    // Drop collinear vertices left where the shared edge was.
    let n = pts.len();
    let keep: Vec<P2> = (0..n)
        .filter(|&i| {
            let (a, b, c) = (pts[(i + n - 1) % n], pts[i], pts[(i + 1) % n]);
            let (u, v) = (b - a, c - b);
            (u.x * v.y - u.y * v.x).abs() > 1e-9 * u.norm() * v.norm()
        })
        .map(|i| pts[i])
        .collect();
    (keep.len() >= 3).then_some(ensure_ccw(keep))
}

#[cfg(test)]
mod split_tests {
    use super::*;

    fn poly(pts: &[(f64, f64)]) -> Vec<P2> {
        pts.iter().map(|&(x, y)| P2::new(x, y)).collect()
    }

    #[test]
    fn split_a_ward_into_two_rooms_and_merge_back() {
        // A 7 x 4 m ward split at x = 3.5 into two 3.5 x 4 m rooms of 14 m² each.
        let ward = poly(&[(0.0, 0.0), (7.0, 0.0), (7.0, 4.0), (0.0, 4.0)]);
        let (a, b) = split_polygon(&ward, P2::new(3.5, 0.0), P2::new(3.5, 4.0), 0.01).unwrap();
        assert!((area_m2(&a) - 14.0).abs() < 1e-12 && (area_m2(&b) - 14.0).abs() < 1e-12);
        let u = union_polygons(&a, &b).unwrap();
        assert_eq!(u.len(), 4, "{u:?}");
        assert!((area_m2(&u) - 28.0).abs() < 1e-9);
        // A chord off the boundary is refused.
        assert!(split_polygon(&ward, P2::new(3.5, 0.5), P2::new(3.5, 4.0), 0.01).is_none());
        // Carving a 1.6 x 2 m corner: the chord from (5.4, 4) down to (5.4, 2) is not enough on its
        // own (it ends inside), so an L-cut needs two splits; a straight cut across works.
        let (c, d) = split_polygon(&ward, P2::new(0.0, 2.0), P2::new(7.0, 2.0), 0.01).unwrap();
        assert!((area_m2(&c) - 14.0).abs() < 1e-12 && (area_m2(&d) - 14.0).abs() < 1e-12);
    }

    #[test]
    fn split_across_a_non_convex_room_is_refused_when_the_chord_leaves_it() {
        // L-shape; the chord from (0, 3) to (3, 0.5) passes outside through the notch.
        let l = poly(&[
            (0.0, 0.0),
            (3.0, 0.0),
            (3.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (0.0, 3.0),
        ]);
        assert!(split_polygon(&l, P2::new(0.5, 3.0), P2::new(3.0, 0.5), 0.01).is_none());
        let (a, b) = split_polygon(&l, P2::new(0.0, 1.0), P2::new(1.0, 1.0), 0.01).unwrap();
        assert!((area_m2(&a) + area_m2(&b) - 5.0).abs() < 1e-12);
    }
}

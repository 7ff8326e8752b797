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

/// The first pair of edges `(i, j)` that intersect other than at their shared vertex, if any.
/// Edge `i` runs from vertex `i` to vertex `i + 1`. O(n²), fine for room outlines.
pub fn self_intersection(poly: &[P2]) -> Option<(usize, usize)> {
    let n = poly.len();
    if n < 3 {
        return None;
    }
    let edge = |i: usize| Segment::new(poly[i], poly[(i + 1) % n]);
    for i in 0..n {
        for j in i + 1..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            let (s, t) = (edge(i), edge(j));
            if adjacent {
                // Adjacent edges share a vertex; they intersect badly only if they fold back on
                // each other (collinear and pointing opposite ways).
                let (u, v) = if j == i + 1 {
                    (s.vector(), t.vector())
                } else {
                    (t.vector(), s.vector())
                };
                let c = u.x * v.y - u.y * v.x;
                if c.abs() <= 1e-12 * u.norm() * v.norm() && u.dot(&v) < 0.0 {
                    return Some((i, j));
                }
            } else if segments_cross(&s, &t) {
                return Some((i, j));
            }
        }
    }
    None
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

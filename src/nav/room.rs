//! Shortest paths inside one walkable polygon (a room or an outdoor area) that keep a clearance
//! from its walls: a visibility graph over the reflex corners, each pushed into the room by the
//! clearance.
//!
//! Why a visibility graph and not a navmesh: rooms are simple polygons without holes (plan format
//! v1) with a handful of reflex corners (an L-shaped bedroom has one, a corridor with a bend two).
//! In a simple polygon the Euclidean shortest path bends only at reflex vertices (Lee & Preparata
//! 1984), so the visibility graph of reflex corners gives the exact shortest path with no
//! triangulation, and with corners offset by the clearance it is the shortest path for a disc of
//! that radius round convex-enough corners. A constrained Delaunay navmesh with a funnel pays off
//! for large open spaces with many holes (furniture, columns), which the plan format does not have;
//! it would be the choice once rooms carry obstacles.

use crate::geom::{self, P2, Segment, segments_cross};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A walkable polygon with its visibility graph.
#[derive(Clone, Debug)]
pub struct Walkable {
    pub polygon: Vec<P2>,
    /// Reflex vertices of the outline (the corners that stick into the room).
    reflex: Vec<P2>,
    /// Reflex corners moved into the room by the clearance: the visibility-graph nodes.
    corners: Vec<P2>,
    /// `vis[i][j]`: corner `i` sees corner `j` (with clearance).
    vis: Vec<Vec<bool>>,
    clearance_m: f64,
}

/// Inward unit normal of the edge `a → b` of a counter-clockwise polygon.
fn inward_normal(a: P2, b: P2) -> nalgebra::Vector2<f64> {
    let d = (b - a).normalize();
    nalgebra::Vector2::new(-d.y, d.x)
}

impl Walkable {
    /// `polygon` must be counter-clockwise (as [`crate::building::RoomGeom::polygon`] is).
    pub fn new(polygon: Vec<P2>, clearance_m: f64) -> Self {
        let n = polygon.len();
        let mut reflex = Vec::new();
        let mut corners = Vec::new();
        for i in 0..n {
            let (p, v, q) = (polygon[(i + n - 1) % n], polygon[i], polygon[(i + 1) % n]);
            let (u, w) = (v - p, q - v);
            let turn = u.x * w.y - u.y * w.x;
            if turn < -1e-12 * u.norm() * w.norm() {
                reflex.push(v);
                // The point at `clearance_m` from both edge lines, on the room side.
                let (n1, n2) = (inward_normal(p, v), inward_normal(v, q));
                let denom = (1.0 + n1.dot(&n2)).max(0.2);
                let c = v + (n1 + n2) * (clearance_m / denom);
                if geom::contains(&polygon, c) {
                    corners.push(c);
                }
            }
        }
        let mut w = Walkable {
            polygon,
            reflex,
            corners: corners.clone(),
            vis: Vec::new(),
            clearance_m,
        };
        let k = corners.len();
        let mut vis = vec![vec![false; k]; k];
        for i in 0..k {
            for j in i + 1..k {
                let s = w.sees(corners[i], corners[j]);
                vis[i][j] = s;
                vis[j][i] = s;
            }
        }
        w.vis = vis;
        w
    }

    /// Does the straight segment `a`–`b` stay inside the polygon and keep the clearance from its
    /// reflex corners? Both points are assumed inside.
    pub fn sees(&self, a: P2, b: P2) -> bool {
        let s = Segment::new(a, b);
        let n = self.polygon.len();
        for i in 0..n {
            let e = Segment::new(self.polygon[i], self.polygon[(i + 1) % n]);
            if segments_cross(&s, &e) {
                return false;
            }
        }
        let min_d = 0.99 * self.clearance_m;
        self.reflex.iter().all(|&v| s.distance_to(v).0 >= min_d)
    }

    /// Shortest path from `a` to `b` inside the polygon: the points, `a` and `b` included, and its
    /// length in metres; `None` when no path keeps the clearance.
    pub fn path(&self, a: P2, b: P2) -> Option<(Vec<P2>, f64)> {
        if self.sees(a, b) {
            return Some((vec![a, b], (b - a).norm()));
        }
        let k = self.corners.len();
        if k == 0 {
            return None;
        }
        // Dijkstra over corners; node k = a, node k + 1 = b.
        let from_a: Vec<bool> = self.corners.iter().map(|&c| self.sees(a, c)).collect();
        let to_b: Vec<bool> = self.corners.iter().map(|&c| self.sees(c, b)).collect();
        let mut dist = vec![f64::INFINITY; k + 2];
        let mut prev = vec![usize::MAX; k + 2];
        let mut heap = BinaryHeap::new();
        dist[k] = 0.0;
        heap.push(Item(0.0, k));
        let pos = |i: usize| {
            if i < k {
                self.corners[i]
            } else if i == k {
                a
            } else {
                b
            }
        };
        while let Some(Item(d, i)) = heap.pop() {
            if d > dist[i] {
                continue;
            }
            if i == k + 1 {
                break;
            }
            let p = pos(i);
            for j in 0..k + 2 {
                let ok = match (i, j) {
                    _ if j == i || j == k => false,
                    (i, j) if i < k && j < k => self.vis[i][j],
                    (i, j) if i == k && j < k => from_a[j],
                    (i, j) if i < k && j == k + 1 => to_b[i],
                    _ => false,
                };
                if !ok {
                    continue;
                }
                let nd = d + (pos(j) - p).norm();
                if nd < dist[j] {
                    dist[j] = nd;
                    prev[j] = i;
                    heap.push(Item(nd, j));
                }
            }
        }
        if !dist[k + 1].is_finite() {
            return None;
        }
        let mut pts = vec![b];
        let mut i = prev[k + 1];
        while i != k {
            pts.push(self.corners[i]);
            i = prev[i];
        }
        pts.push(a);
        pts.reverse();
        Some((pts, dist[k + 1]))
    }
}

/// A min-heap entry (distance, node) with a total order and deterministic ties.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Item(pub f64, pub usize);

impl Eq for Item {}
impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poly(pts: &[(f64, f64)]) -> Vec<P2> {
        pts.iter().map(|&(x, y)| P2::new(x, y)).collect()
    }

    #[test]
    fn l_shaped_room_path_bends_at_the_inflated_corner() {
        // L: 0..4 x 0..1 plus 3..4 x 0..4 (reflex corner at (3, 1)).
        let l = poly(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (3.0, 4.0),
            (3.0, 1.0),
            (0.0, 1.0),
        ]);
        let w = Walkable::new(l, 0.3);
        let (pts, len) = w.path(P2::new(0.5, 0.5), P2::new(3.5, 3.5)).unwrap();
        assert_eq!(pts.len(), 3);
        // The corner (3,1) moved by 0.3 m along both inward normals: (3.3, 0.7).
        assert!((pts[1] - P2::new(3.3, 0.7)).norm() < 1e-9, "{:?}", pts[1]);
        let by_hand = (P2::new(3.3, 0.7) - P2::new(0.5, 0.5)).norm()
            + (P2::new(3.5, 3.5) - P2::new(3.3, 0.7)).norm();
        assert!((len - by_hand).abs() < 1e-9);
        // In a convex room the path is straight.
        let sq = Walkable::new(poly(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]), 0.3);
        let (pts, len) = sq.path(P2::new(1.0, 1.0), P2::new(3.0, 3.0)).unwrap();
        assert_eq!(pts.len(), 2);
        assert!((len - 8f64.sqrt()).abs() < 1e-12);
    }
}

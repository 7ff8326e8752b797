//! Visibility graph analysis (VGA) on a grid, with the measures as depthmapX defines them
//! (Turner A, Doxa M, O'Sullivan D, Penn A 2001, "From isovists to visibility graphs",
//! *Environment and Planning B* 28:103–121; Hillier B, Hanson J 1984, *The Social Logic of Space*).
//!
//! Nodes are the centres of grid cells that lie inside a room of one floor; two nodes are joined
//! when the straight segment between them crosses no solid wall (door openings are clear).
//!
//! **Visibility** is found by portal traversal rather than all-pairs line tests: from a cell, all
//! cells of its own room are visible when the room is convex; cells of a neighbouring room are
//! visible when their direction lies in the angular window of the door between, and so on through
//! further doors with the window narrowed at each. Chains through convex rooms need no further
//! test; where a room on the chain is not convex the segment is checked against the walls (R-tree).
//! The cost is proportional to the cells actually visible, not to the square of the floor.
//!
//! **Depth** is breadth-first over the visibility graph with adjacency bitsets, one source per
//! task in parallel (rayon); each source's result is written to its own slot, so outputs do not
//! depend on the thread count.

use crate::building::{Building, Side};
use crate::geom::{self, P2, Segment, V2, segments_cross};
use rayon::prelude::*;

/// Default grid spacing, metres (the and depthmapX's common choice for buildings).
pub const DEFAULT_SPACING_M: f64 = 0.5;

/// VGA of one floor.
#[derive(Clone, Debug)]
pub struct Vga {
    pub floor: usize,
    pub spacing_m: f64,
    /// Cell centres.
    pub cells: Vec<P2>,
    /// Room of each cell.
    pub room: Vec<usize>,
    /// Number of other cells visible from each cell.
    pub connectivity: Vec<u32>,
    /// Visual mean depth: mean number of visual steps to every other reachable cell.
    pub mean_depth: Vec<f64>,
    /// Visual integration \[HH\] = D_k / RA (depthmapX); `None` where undefined (k ≤ 2, or every
    /// reachable cell is directly visible, RA = 0).
    pub integration_hh: Vec<Option<f64>>,
    /// Isovist area approximated on the grid: (connectivity + 1) × spacing², m².
    pub isovist_area_m2: Vec<f64>,
}

impl Vga {
    /// Mean of a measure over the cells of one room.
    pub fn room_mean(&self, room: usize, values: impl Fn(usize) -> Option<f64>) -> Option<f64> {
        let (mut s, mut n) = (0.0, 0usize);
        for (i, &r) in self.room.iter().enumerate() {
            if r == room
                && let Some(v) = values(i)
            {
                s += v;
                n += 1;
            }
        }
        (n > 0).then(|| s / n as f64)
    }
}

/// Cells whose centre is closer than this to a wall are left out: a centre on a wall line belongs
/// to neither room, metres.
pub const WALL_CLEARANCE_M: f64 = 1e-3;

/// Cell centres inside rooms of `floor`, on a grid of `spacing_m` aligned to the floor's
/// bounding box, with the room of each. Centres on a wall line (within [`WALL_CLEARANCE_M`]) are
/// left out.
pub fn grid(b: &Building, floor: usize, spacing_m: f64) -> (Vec<P2>, Vec<usize>) {
    let pts: Vec<P2> = b.floors[floor]
        .rooms
        .iter()
        .flat_map(|&r| b.rooms[r].polygon.iter().copied())
        .collect();
    let (lo, hi) = geom::bbox(&pts);
    let nx = ((hi[0] - lo[0]) / spacing_m).ceil().max(0.0) as usize;
    let ny = ((hi[1] - lo[1]) / spacing_m).ceil().max(0.0) as usize;
    let mut cells = Vec::new();
    let mut rooms = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let p = P2::new(
                lo[0] + (i as f64 + 0.5) * spacing_m,
                lo[1] + (j as f64 + 0.5) * spacing_m,
            );
            if let Some(r) = b.room_at(floor, p)
                && boundary_distance(&b.rooms[r].polygon, p) > WALL_CLEARANCE_M
            {
                cells.push(p);
                rooms.push(r);
            }
        }
    }
    (cells, rooms)
}

fn boundary_distance(poly: &[P2], p: P2) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| Segment::new(poly[i], poly[(i + 1) % n]).distance_to(p).0)
        .fold(f64::INFINITY, f64::min)
}

fn cross(a: V2, b: V2) -> f64 {
    a.x * b.y - a.y * b.x
}

/// An angular window from `right` counter-clockwise to `left` (less than π wide).
#[derive(Clone, Copy)]
struct Window {
    right: V2,
    left: V2,
}

impl Window {
    /// The directions from `p` through segment `s`, if `p` is not on its line.
    fn through(p: P2, s: &Segment) -> Option<Window> {
        let (a, b) = (s.a - p, s.b - p);
        let c = cross(a, b);
        if c.abs() < 1e-12 {
            return None;
        }
        Some(if c > 0.0 {
            Window { right: a, left: b }
        } else {
            Window { right: b, left: a }
        })
    }

    /// Strictly inside: a sight line grazing a door jamb counts as blocked, as it does for the
    /// segment–wall test (touching is crossing).
    fn contains(&self, v: V2) -> bool {
        cross(self.right, v) > 0.0 && cross(v, self.left) > 0.0
    }

    fn intersect(&self, o: &Window) -> Option<Window> {
        let right = if cross(self.right, o.right) >= 0.0 {
            o.right
        } else {
            self.right
        };
        let left = if cross(self.left, o.left) <= 0.0 {
            o.left
        } else {
            self.left
        };
        (cross(right, left) > 0.0).then_some(Window { right, left })
    }
}

struct FloorModel<'b> {
    b: &'b Building,
    floor: usize,
    cells: Vec<P2>,
    /// Cells of each room (indexed by building room index; empty for other floors).
    room_cells: Vec<Vec<u32>>,
    convex: Vec<bool>,
    /// Doors between two rooms of this floor: (door span, room a, room b).
    portals: Vec<Vec<(Segment, usize)>>,
}

fn is_convex(poly: &[P2]) -> bool {
    let n = poly.len();
    (0..n).all(|i| {
        cross(
            poly[(i + 1) % n] - poly[i],
            poly[(i + 2) % n] - poly[(i + 1) % n],
        ) >= -1e-9
    })
}

/// Does `s` cross an edge of `poly` (proper crossings and touching count)?
fn crosses_boundary(poly: &[P2], s: &Segment) -> bool {
    let n = poly.len();
    (0..n).any(|i| segments_cross(s, &Segment::new(poly[i], poly[(i + 1) % n])))
}

impl FloorModel<'_> {
    /// Visible cells from cell `c` (excluding itself), appended to `out`.
    fn visible_from(&self, c: usize, out: &mut Vec<u32>) {
        let p = self.cells[c];
        let home = self.b.room_at(self.floor, p).expect("cell inside a room");
        for &q in &self.room_cells[home] {
            if q as usize == c {
                continue;
            }
            if self.convex[home]
                || !crosses_boundary(
                    &self.b.rooms[home].polygon,
                    &Segment::new(p, self.cells[q as usize]),
                )
            {
                out.push(q);
            }
        }
        // Depth-first through portals: (room, window, came_from, chain all convex, chain).
        let mut stack: Vec<(usize, Window, usize, bool, Vec<usize>)> = Vec::new();
        for (span, next) in &self.portals[home] {
            if let Some(w) = Window::through(p, span) {
                stack.push((
                    *next,
                    w,
                    home,
                    self.convex[home] && self.convex[*next],
                    vec![home, *next],
                ));
            }
        }
        while let Some((room, w, _from, all_convex, chain)) = stack.pop() {
            for &q in &self.room_cells[room] {
                let v = self.cells[q as usize] - p;
                if w.contains(v)
                    && (all_convex || self.b.line_of_sight(self.floor, p, self.cells[q as usize]))
                {
                    out.push(q);
                }
            }
            if chain.len() >= 12 {
                continue;
            }
            for (span, next) in &self.portals[room] {
                if chain.contains(next) {
                    continue;
                }
                // The portal must lie beyond the room we are in, as seen through the window.
                if let Some(w2) = Window::through(p, span).and_then(|w2| w.intersect(&w2)) {
                    let mut ch = chain.clone();
                    ch.push(*next);
                    stack.push((*next, w2, room, all_convex && self.convex[*next], ch));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Visibility lists of every cell of `floor` (sorted, without the cell itself).
pub fn visibility(b: &Building, floor: usize, cells: &[P2], rooms: &[usize]) -> Vec<Vec<u32>> {
    let mut room_cells = vec![Vec::new(); b.rooms.len()];
    for (i, &r) in rooms.iter().enumerate() {
        room_cells[r].push(i as u32);
    }
    let mut portals = vec![Vec::new(); b.rooms.len()];
    for d in b.doors.iter().filter(|d| d.floor == floor) {
        if let [Side::Room(a), Side::Room(c)] = d.sides {
            portals[a].push((d.span, c));
            portals[c].push((d.span, a));
        }
    }
    let model = FloorModel {
        b,
        floor,
        cells: cells.to_vec(),
        room_cells,
        convex: b.rooms.iter().map(|r| is_convex(&r.polygon)).collect(),
        portals,
    };
    let one_way: Vec<Vec<u32>> = (0..cells.len())
        .into_par_iter()
        .map(|c| {
            let mut v = Vec::new();
            model.visible_from(c, &mut v);
            v
        })
        .collect();
    // Visibility is symmetric; a sight line that grazes a jamb exactly may test differently from
    // its two ends in floating point, so keep a pair only when both ends agree.
    one_way
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.iter()
                .copied()
                .filter(|&j| one_way[j as usize].binary_search(&(i as u32)).is_ok())
                .collect()
        })
        .collect()
}

/// D_k of Hillier & Hanson (1984): the relative asymmetry of the root of a diamond-shaped graph
/// of k nodes, used by depthmapX to normalise RA into integration \[HH\].
pub fn diamond_d(k: usize) -> f64 {
    let k = k as f64;
    2.0 * (k * (((k + 2.0) / 3.0).log2() - 1.0) + 1.0) / ((k - 1.0) * (k - 2.0))
}

/// (total depth, nodes reached including the source) by breadth-first search on bitsets.
fn depths(adj: &[Vec<u64>], words: usize, src: usize) -> (u64, usize) {
    let mut seen = vec![0u64; words];
    seen[src / 64] |= 1 << (src % 64);
    let mut frontier = vec![src];
    let mut next_bits = vec![0u64; words];
    let (mut total, mut reached, mut depth) = (0u64, 1usize, 0u64);
    while !frontier.is_empty() {
        depth += 1;
        next_bits.iter_mut().for_each(|w| *w = 0);
        for &f in &frontier {
            for (n, a) in next_bits.iter_mut().zip(&adj[f]) {
                *n |= a;
            }
        }
        frontier.clear();
        for (w, (n, s)) in next_bits.iter().zip(seen.iter_mut()).enumerate() {
            let mut fresh = n & !*s;
            *s |= fresh;
            while fresh != 0 {
                let bit = fresh.trailing_zeros() as usize;
                frontier.push(w * 64 + bit);
                fresh &= fresh - 1;
            }
        }
        total += depth * frontier.len() as u64;
        reached += frontier.len();
    }
    (total, reached)
}

/// Visibility graph analysis of one floor at `spacing_m`.
pub fn vga(b: &Building, floor: usize, spacing_m: f64) -> Vga {
    let (cells, room) = grid(b, floor, spacing_m);
    let vis = visibility(b, floor, &cells, &room);
    measures(floor, spacing_m, cells, room, &vis)
}

/// The VGA measures from visibility lists (public so tests can feed an independent visibility).
pub fn measures(
    floor: usize,
    spacing_m: f64,
    cells: Vec<P2>,
    room: Vec<usize>,
    vis: &[Vec<u32>],
) -> Vga {
    let n = cells.len();
    let words = n.div_ceil(64);
    let adj: Vec<Vec<u64>> = vis
        .iter()
        .map(|v| {
            let mut bits = vec![0u64; words];
            for &q in v {
                bits[q as usize / 64] |= 1 << (q % 64);
            }
            bits
        })
        .collect();
    let per_node: Vec<(f64, Option<f64>)> = (0..n)
        .into_par_iter()
        .map(|s| {
            let (total, k) = depths(&adj, words, s);
            if k < 2 {
                return (0.0, None);
            }
            let md = total as f64 / (k - 1) as f64;
            let integration = if k > 2 {
                let ra = 2.0 * (md - 1.0) / (k as f64 - 2.0);
                (ra > 0.0).then(|| diamond_d(k) / ra)
            } else {
                None
            };
            (md, integration)
        })
        .collect();
    Vga {
        floor,
        spacing_m,
        connectivity: vis.iter().map(|v| v.len() as u32).collect(),
        isovist_area_m2: vis
            .iter()
            .map(|v| (v.len() + 1) as f64 * spacing_m * spacing_m)
            .collect(),
        mean_depth: per_node.iter().map(|x| x.0).collect(),
        integration_hh: per_node.iter().map(|x| x.1).collect(),
        cells,
        room,
    }
}

//! Who is near whom: the neighbour grid, Verlet lists of candidates and walls kept over
//! several steps, and the step's interacting pairs, each found once and shared by its two
//! agents.
//!
//! Each step the world asks [`NeighbourSearch::find`] for the pairs of agents within the model's
//! cutoff that no wall hides from each other. Finding candidates on the uniform grid and the
//! walls near each agent costs more than checking them, so both are kept in a Verlet list
//! (Verlet 1967, Phys. Rev. 159:98; Allen & Tildesley, *Computer Simulation of Liquids*, §5.3):
//! candidates within cutoff + skin and walls within cutoff + skin/2, valid until some agent has
//! moved more than skin/2 from where the lists were built (or the set of walking agents
//! changed). Until then every pair within the cutoff is among the candidates and every wall that
//! could hide a neighbour is in the agent's list, so the pairs found are the same as a fresh
//! search's; only their order (hence the last bits of sums) depends on when the lists were
//! built, and that depends only on the agents' states, never on the number of threads.

use super::models::within_box;
use super::world::WallGrid;
use super::{AgentState, Neighbour, OperationalModel};
use crate::geom::{P2, Segment, V2, cross, segments_cross};
use rayon::prelude::*;

/// Above this many grid cells per agent the neighbour grid is rebuilt by sorting the agents
/// (O(n log n)) instead of a counting sort over every cell (O(cells)); measured on
/// `examples/peer.rs open 100 2000` (1,156 cells, 100 agents): counting sort 9.2 M agent-steps/s
/// against 5.8 M with sorting, while a care home's handful of walkers on hundreds of cells favours
/// sorting.
const SPARSE_CELLS_PER_AGENT: usize = 32;

/// One entry of the neighbour grid (sorted by cell).
#[derive(Clone, Copy, Debug)]
struct GridItem {
    x: f64,
    y: f64,
    slot: u32,
}

/// Uniform neighbour grid, rebuilt with the Verlet lists. Items are ordered by cell, then by
/// slot. With many agents per cell a counting sort fills `start` (CSR); with few agents in a
/// large building (a care home: a handful of walkers on floors of hundreds of cells) the items
/// are sorted and runs are found by binary search in `item_cell`, so a rebuild costs
/// O(n log n), not O(cells).
/// Both give the same items in the same order.
#[derive(Clone, Debug)]
struct NeighbourGrid {
    lo: [f64; 2],
    cell_w: f64,
    cell_h: f64,
    nx: usize,
    ny: usize,
    n_floors: usize,
    periodic: Option<(f64, f64)>,
    start: Vec<u32>,
    items: Vec<GridItem>,
    cell_of: Vec<u32>,
    /// Sparse mode: the cell of each item (sorted); `start` is unused.
    sparse: bool,
    item_cell: Vec<u32>,
    order: Vec<u64>,
}

impl NeighbourGrid {
    fn new(
        lo: [f64; 2],
        hi: [f64; 2],
        cell_m: f64,
        n_floors: usize,
        periodic: Option<(f64, f64)>,
    ) -> Self {
        let (lo, nx, cell_w) = match periodic {
            Some((x0, x1)) => {
                let nx = ((x1 - x0) / cell_m).floor().max(1.0) as usize;
                ([x0, lo[1]], nx, (x1 - x0) / nx as f64)
            }
            None => {
                let nx = (((hi[0] - lo[0]) / cell_m).ceil() as usize).max(1);
                (lo, nx, cell_m)
            }
        };
        let ny = (((hi[1] - lo[1]) / cell_m).ceil() as usize).max(1);
        NeighbourGrid {
            lo,
            cell_w,
            cell_h: cell_m,
            nx,
            ny,
            n_floors: n_floors.max(1),
            periodic,
            start: Vec::new(),
            items: Vec::new(),
            cell_of: Vec::new(),
            sparse: false,
            item_cell: Vec::new(),
            order: Vec::new(),
        }
    }

    /// The items of cells `c0..=c1` (consecutive cells of one row, no wrapping).
    #[inline]
    fn run(&self, c0: usize, c1: usize) -> (u32, u32) {
        if self.sparse {
            let a = self.item_cell.partition_point(|&c| (c as usize) < c0);
            let b = a + self.item_cell[a..].partition_point(|&c| (c as usize) <= c1);
            (a as u32, b as u32)
        } else {
            (self.start[c0], self.start[c1 + 1])
        }
    }

    /// The runs of items in the 3 × 3 cells around `p` on `floor`, in the order of the cells
    /// (row by row, west to east): without wrapping, the cells of a row are adjacent, so their
    /// items are one run.
    fn runs_around(&self, p: P2, floor: usize) -> impl Iterator<Item = (u32, u32)> {
        let (cx, cy) = self.cell_xy(p);
        let base = floor.min(self.n_floors - 1) * self.nx * self.ny;
        let mut runs = [(0u32, 0u32); 9];
        let mut n_runs = 0;
        for dy in -1i64..=1 {
            let y = cy as i64 + dy;
            if y < 0 || y >= self.ny as i64 {
                continue;
            }
            let row = base + y as usize * self.nx;
            if self.periodic.is_some() {
                for dx in -1i64..=1 {
                    let x = (cx as i64 + dx).rem_euclid(self.nx as i64);
                    if self.nx < 3 && dx != 0 && (x as usize == cx) {
                        continue;
                    }
                    let c = row + x as usize;
                    runs[n_runs] = self.run(c, c);
                    n_runs += 1;
                }
            } else {
                let x0 = cx.saturating_sub(1);
                let x1 = (cx + 1).min(self.nx - 1);
                runs[n_runs] = self.run(row + x0, row + x1);
                n_runs += 1;
            }
        }
        runs.into_iter().take(n_runs)
    }

    #[inline]
    fn cell_xy(&self, p: P2) -> (usize, usize) {
        // Truncation equals floor once negatives are clamped to 0, without a libm call.
        let fx = (p.x - self.lo[0]) / self.cell_w;
        let ix = if self.periodic.is_some() {
            (fx.floor() as i64).rem_euclid(self.nx as i64) as usize
        } else {
            (fx.max(0.0) as usize).min(self.nx - 1)
        };
        let iy = (((p.y - self.lo[1]) / self.cell_h).max(0.0) as usize).min(self.ny - 1);
        (ix, iy)
    }

    fn rebuild(&mut self, states: &[AgentState], floors: &[u32]) {
        let per_floor = self.nx * self.ny;
        let n_cells = per_floor * self.n_floors;
        self.sparse = self.periodic.is_none() && n_cells > SPARSE_CELLS_PER_AGENT * states.len();
        if self.sparse {
            self.order.clear();
            for (s, st) in states.iter().enumerate() {
                let (ix, iy) = self.cell_xy(st.pos);
                let f = (floors[s] as usize).min(self.n_floors - 1);
                let c = f * per_floor + iy * self.nx + ix;
                self.order.push(((c as u64) << 32) | s as u64);
            }
            self.order.sort_unstable();
            self.items.clear();
            self.item_cell.clear();
            for &key in &self.order {
                let s = (key & 0xFFFF_FFFF) as usize;
                let st = &states[s];
                self.item_cell.push((key >> 32) as u32);
                self.items.push(GridItem {
                    x: st.pos.x,
                    y: st.pos.y,
                    slot: s as u32,
                });
            }
            return;
        }
        self.start.clear();
        self.start.resize(n_cells + 1, 0);
        self.cell_of.clear();
        for (s, st) in states.iter().enumerate() {
            let (ix, iy) = self.cell_xy(st.pos);
            let f = (floors[s] as usize).min(self.n_floors - 1);
            let c = f * per_floor + iy * self.nx + ix;
            self.cell_of.push(c as u32);
            self.start[c + 1] += 1;
        }
        for c in 0..n_cells {
            self.start[c + 1] += self.start[c];
        }
        let mut fill: Vec<u32> = self.start[..n_cells].to_vec();
        self.items.clear();
        self.items.resize(
            states.len(),
            GridItem {
                x: 0.0,
                y: 0.0,
                slot: 0,
            },
        );
        for (s, st) in states.iter().enumerate() {
            let c = self.cell_of[s] as usize;
            let k = fill[c] as usize;
            fill[c] += 1;
            self.items[k] = GridItem {
                x: st.pos.x,
                y: st.pos.y,
                slot: s as u32,
            };
        }
    }
}

/// Beyond this many walls in an agent's list, sight lines are tested against all of them
/// without the quick rejection.
const MAX_OCCLUDERS: usize = 16;

/// Agents per parallel task of the pair search.
const PAIR_CHUNK: usize = 32;

/// Below this many walking agents a step runs on one thread whatever the world's `threads`
/// says: a step of fewer agents takes microseconds, less than handing work to the pool.
const PARALLEL_MIN_AGENTS: usize = 64;

/// Whether a step of `n` walking agents with `threads` worker threads runs in parallel (pair
/// search and updates alike; the result is the same either way).
pub(super) fn runs_parallel(threads: usize, n: usize) -> bool {
    threads > 1 && n >= PARALLEL_MIN_AGENTS
}

/// How far from a point the walls a [`NeighbourSearch`] is given must reach, metres: the cutoff
/// plus half the skin, as far as an agent may be from where its Verlet list was built.
pub(super) fn sight_wall_reach_m(cutoff_m: f64, skin_m: f64) -> f64 {
    cutoff_m + 0.5 * skin_m
}

/// A wall near an agent that may hide its neighbours, kept in the agent's Verlet list.
#[derive(Clone, Copy, Debug)]
struct NearWall {
    seg: Segment,
    /// The wall's first end in the canonical order [`segments_cross`] puts them in, and the
    /// vector `u` from it to the other end.
    a: P2,
    u: V2,
    /// A lower bound of the squared distance from the agent to the wall while the list is
    /// valid, m²: a neighbour closer than this cannot have the wall between them.
    prune2_m2: f64,
}

impl NearWall {
    fn new(seg: Segment, dist_m: f64, half_skin_m: f64) -> Self {
        let (a, b) = if (seg.a.x, seg.a.y) <= (seg.b.x, seg.b.y) {
            (seg.a, seg.b)
        } else {
            (seg.b, seg.a)
        };
        let near_m = (dist_m - half_skin_m).max(0.0);
        NearWall {
            seg,
            a,
            u: b - a,
            prune2_m2: near_m * near_m,
        }
    }

    /// The side of the wall's line `p` is on, as `segments_cross` computes it (0 on the line).
    #[inline]
    fn side(&self, p: P2) -> f64 {
        let o = cross(self.u, p - self.a);
        if o > 0.0 {
            1.0
        } else if o < 0.0 {
            -1.0
        } else {
            0.0
        }
    }

    /// True when the sight line from an agent on side `side` to `to` cannot cross the wall: both
    /// ends lie strictly on the same side of the wall's line, by the same orientation test
    /// `segments_cross` makes (same operations, so the same strict signs). It then finds no
    /// proper crossing and no sight end on the wall; a wall end on the sight line would need the
    /// line, strictly on one side of the wall's line, to touch that line, which only rounding in
    /// the other orientation test could report, and such a grazing touch is not a wall between
    /// the two.
    #[inline]
    fn cannot_cross(&self, side: f64, to: P2) -> bool {
        // False when the signs differ, either is 0, or NaN: then `segments_cross` decides.
        cross(self.u, to - self.a) * side > 0.0
    }
}

/// Two agents within the cutoff that no wall hides from each other, found once per step from
/// the side of the lower slot `s`; `j > s`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pair {
    s: u32,
    j: u32,
    /// From `s` to `j`, metres.
    d: V2,
    dist_m: f64,
    /// [`OperationalModel::pair_weight`] of the two.
    weight: f64,
}

/// The Verlet lists: per agent (slot), its candidate partners of higher slots and the walls
/// that may hide them, as built from the positions in `at`.
#[derive(Clone, Debug, Default)]
struct VerletLists {
    /// The walking agents (indices into the world's agents) and their floors when built; any
    /// change means new lists.
    slots: Vec<usize>,
    floors: Vec<u32>,
    at: Vec<P2>,
    /// Candidates of slot `s`: `cand[cand_start[s]..cand_start[s + 1]]`, all `> s`, in grid order.
    cand_start: Vec<u32>,
    cand: Vec<u32>,
    /// Walls of slot `s`: `walls[wall_start[s]..wall_start[s + 1]]`.
    wall_start: Vec<u32>,
    walls: Vec<NearWall>,
    built: bool,
}

impl VerletLists {
    /// True while the lists hold for this snapshot: same agents on the same floors, none moved
    /// more than `half_skin_m` since they were built.
    fn valid(
        &self,
        slots: &[usize],
        snap: &[AgentState],
        floors: &[u32],
        half_skin_m: f64,
    ) -> bool {
        let max2 = half_skin_m * half_skin_m;
        self.built
            && self.slots == slots
            && self.floors == floors
            && self
                .at
                .iter()
                .zip(snap)
                .all(|(a, st)| (st.pos - a).norm_squared() <= max2)
    }
}

/// Per-thread buffers of the pair search, reused from agent to agent.
#[derive(Default)]
struct Scratch {
    sides: Vec<f64>,
}

/// The step's neighbour search: grid, Verlet lists, the pairs found and where each agent's are.
pub(super) struct NeighbourSearch {
    grid: NeighbourGrid,
    lists: VerletLists,
    skin_m: f64,
    pairs: Vec<Pair>,
    index: PairIndex,
    /// The serial search's buffers.
    scratch: Scratch,
    /// Lists rebuilt so far (for tests and tuning).
    rebuilds: u64,
}

/// What one step's search reads.
pub(super) struct Snapshot<'a> {
    pub slots: &'a [usize],
    pub states: &'a [AgentState],
    pub floors: &'a [u32],
}

impl NeighbourSearch {
    /// A search over the box `lo`..`hi` with `n_floors` floors for a model of cutoff `cutoff_m`,
    /// keeping lists for a skin of `skin_m`.
    pub fn new(
        lo: [f64; 2],
        hi: [f64; 2],
        cutoff_m: f64,
        skin_m: f64,
        n_floors: usize,
        periodic: Option<(f64, f64)>,
    ) -> Self {
        let grid = NeighbourGrid::new(lo, hi, cutoff_m + skin_m, n_floors, periodic);
        Self::with_grid(grid, skin_m)
    }

    /// A search with the same grid and skin and no lists.
    pub fn empty_copy(&self) -> Self {
        Self::with_grid(self.grid.clone(), self.skin_m)
    }

    fn with_grid(grid: NeighbourGrid, skin_m: f64) -> Self {
        NeighbourSearch {
            grid,
            lists: VerletLists::default(),
            skin_m,
            pairs: Vec::new(),
            index: PairIndex::default(),
            scratch: Scratch::default(),
            rebuilds: 0,
        }
    }

    /// How many times the Verlet lists were built.
    pub fn rebuilds(&self) -> u64 {
        self.rebuilds
    }

    /// Find this step's pairs (and index them per agent). `walls` must hold, for every point,
    /// the walls within [`sight_wall_reach_m`] of it.
    pub fn find<M: OperationalModel>(
        &mut self,
        model: &M,
        walls: &WallGrid,
        snap: &Snapshot,
        threads: usize,
    ) {
        let n = snap.states.len();
        let cutoff_m = model.cutoff_m();
        let half_skin_m = 0.5 * self.skin_m;
        if !self
            .lists
            .valid(snap.slots, snap.states, snap.floors, half_skin_m)
        {
            self.build_lists(walls, snap, cutoff_m);
        }
        let ctx = PairCtx {
            model,
            lists: &self.lists,
            snap,
            cutoff2: cutoff_m * cutoff_m,
            period: self.grid.periodic.map(|(x0, x1)| x1 - x0),
        };
        self.pairs.clear();
        if runs_parallel(threads, n) {
            let chunks: Vec<Vec<Pair>> = (0..n.div_ceil(PAIR_CHUNK))
                .into_par_iter()
                .map_init(Scratch::default, |scratch, c| {
                    let mut out = Vec::new();
                    for s in c * PAIR_CHUNK..n.min((c + 1) * PAIR_CHUNK) {
                        ctx.pairs_of(s, scratch, &mut out);
                    }
                    out
                })
                .collect();
            for c in chunks {
                self.pairs.extend_from_slice(&c);
            }
        } else {
            for s in 0..n {
                ctx.pairs_of(s, &mut self.scratch, &mut self.pairs);
            }
        }
        self.index.rebuild(&self.pairs, n);
    }

    /// Append the neighbours of slot `i` as it sees them (see [`PairIndex::neighbours_of`]).
    #[inline]
    pub fn neighbours_of(&self, i: usize, states: &[AgentState], out: &mut Vec<Neighbour>) {
        self.index.neighbours_of(i, &self.pairs, states, out);
    }

    fn build_lists(&mut self, walls: &WallGrid, snap: &Snapshot, cutoff_m: f64) {
        self.rebuilds += 1;
        let half_skin_m = 0.5 * self.skin_m;
        let reach_m = cutoff_m + self.skin_m;
        let reach2 = reach_m * reach_m;
        let wall_reach_m = sight_wall_reach_m(cutoff_m, self.skin_m);
        self.grid.rebuild(snap.states, snap.floors);
        let g = &self.grid;
        let l = &mut self.lists;
        l.slots.clear();
        l.slots.extend_from_slice(snap.slots);
        l.floors.clear();
        l.floors.extend_from_slice(snap.floors);
        l.at.clear();
        l.at.extend(snap.states.iter().map(|st| st.pos));
        l.cand_start.clear();
        l.cand.clear();
        l.wall_start.clear();
        l.walls.clear();
        let period = g.periodic.map(|(x0, x1)| x1 - x0);
        for (s, me) in snap.states.iter().enumerate() {
            l.cand_start.push(l.cand.len() as u32);
            l.wall_start.push(l.walls.len() as u32);
            let floor = snap.floors[s] as usize;
            for w in walls.near(floor, me.pos) {
                if !within_box(w, me.pos, wall_reach_m) {
                    continue; // certainly farther
                }
                let d = w.distance_to(me.pos).0;
                if d <= wall_reach_m {
                    l.walls.push(NearWall::new(*w, d, half_skin_m));
                }
            }
            for (r0, r1) in g.runs_around(me.pos, floor) {
                for it in &g.items[r0 as usize..r1 as usize] {
                    let j = it.slot as usize;
                    if j <= s {
                        continue; // each pair once, from its lower slot
                    }
                    let d = wrap(V2::new(it.x - me.pos.x, it.y - me.pos.y), period);
                    if d.norm_squared() <= reach2 {
                        l.cand.push(j as u32);
                    }
                }
            }
        }
        l.cand_start.push(l.cand.len() as u32);
        l.wall_start.push(l.walls.len() as u32);
        l.built = true;
    }
}

/// The shortest image of `d` in a domain periodic in x with period `period`.
#[inline]
fn wrap(mut d: V2, period: Option<f64>) -> V2 {
    if let Some(l) = period {
        if d.x > 0.5 * l {
            d.x -= l;
        } else if d.x < -0.5 * l {
            d.x += l;
        }
    }
    d
}

/// Read-only view of one step for the pair search.
struct PairCtx<'a, M> {
    model: &'a M,
    lists: &'a VerletLists,
    snap: &'a Snapshot<'a>,
    cutoff2: f64,
    period: Option<f64>,
}

impl<M: OperationalModel> PairCtx<'_, M> {
    /// Append the pairs (s, j > s) of agents within the cutoff that see each other.
    #[inline]
    fn pairs_of(&self, s: usize, scratch: &mut Scratch, out: &mut Vec<Pair>) {
        let first = out.len();
        let states = self.snap.states;
        let me = &states[s];
        let l = self.lists;
        let walls = &l.walls[l.wall_start[s] as usize..l.wall_start[s + 1] as usize];
        let many = walls.len() > MAX_OCCLUDERS;
        let sides = &mut scratch.sides;
        sides.clear();
        if !many {
            sides.extend(walls.iter().map(|w| w.side(me.pos)));
        }
        for &j in &l.cand[l.cand_start[s] as usize..l.cand_start[s + 1] as usize] {
            let j = j as usize;
            let d = wrap(states[j].pos - me.pos, self.period);
            let d2 = d.norm_squared();
            if d2 > self.cutoff2 {
                continue;
            }
            let to = me.pos + d;
            let hidden = if many {
                let sight = Segment::new(me.pos, to);
                walls.iter().any(|w| segments_cross(&sight, &w.seg))
            } else {
                // A wall farther than the neighbour cannot stand between the two.
                walls.iter().zip(sides.iter()).any(|(w, &side)| {
                    w.prune2_m2 <= d2
                        && !w.cannot_cross(side, to)
                        && segments_cross(&Segment::new(me.pos, to), &w.seg)
                })
            };
            if hidden {
                continue;
            }
            out.push(Pair {
                s: s as u32,
                j: j as u32,
                d,
                dist_m: d2,                               // squared until the loop below
                weight: me.radius_m + states[j].radius_m, // the sum of radii until the loop below
            });
        }
        // Distances and weights in a loop of their own: independent iterations the processor
        // overlaps (a square root, an exponential, a division), unlike the branchy search above.
        for p in &mut out[first..] {
            p.dist_m = p.dist_m.sqrt();
            p.weight = self.model.pair_weight(p.dist_m, p.weight);
        }
    }
}

/// Where each agent's pairs are in the step's pair list: those it found itself (it is `s`) are
/// one run, since the pairs are found agent by agent; those others found with it (it is `j`)
/// are listed by index, CSR.
#[derive(Clone, Debug, Default)]
struct PairIndex {
    /// The pairs of slot `s` as `s`: `pairs[own[s]..own[s + 1]]`.
    own: Vec<u32>,
    /// The pairs of slot `j` as `j`: `pairs[k]` for `k` in `with[with_start[j]..with_start[j + 1]]`.
    with_start: Vec<u32>,
    with: Vec<u32>,
}

impl PairIndex {
    fn rebuild(&mut self, pairs: &[Pair], n: usize) {
        self.own.clear();
        self.own.resize(n + 1, 0);
        self.with_start.clear();
        self.with_start.resize(n + 1, 0);
        for p in pairs {
            self.own[p.s as usize + 1] += 1;
            self.with_start[p.j as usize + 1] += 1;
        }
        for s in 0..n {
            self.own[s + 1] += self.own[s];
            self.with_start[s + 1] += self.with_start[s];
        }
        self.with.clear();
        self.with.resize(pairs.len(), 0);
        let mut fill: Vec<u32> = self.with_start[..n].to_vec();
        for (k, p) in pairs.iter().enumerate() {
            let j = p.j as usize;
            self.with[fill[j] as usize] = k as u32;
            fill[j] += 1;
        }
    }

    /// Append the neighbours of slot `i`, as it sees them: first those of lower slots (in the
    /// order of their slots), then its own finds (in grid order). The order depends only on
    /// the snapshot, never on the number of threads.
    #[inline]
    fn neighbours_of(
        &self,
        i: usize,
        pairs: &[Pair],
        snap: &[AgentState],
        out: &mut Vec<Neighbour>,
    ) {
        let with = &self.with[self.with_start[i] as usize..self.with_start[i + 1] as usize];
        out.extend(with.iter().map(|&k| {
            let p = &pairs[k as usize];
            let other = &snap[p.s as usize];
            Neighbour {
                d: -p.d,
                dist_m: p.dist_m,
                radius_m: other.radius_m,
                vel: other.vel,
                weight: p.weight,
            }
        }));
        let own = &pairs[self.own[i] as usize..self.own[i + 1] as usize];
        out.extend(own.iter().map(|p| {
            let other = &snap[p.j as usize];
            Neighbour {
                d: p.d,
                dist_m: p.dist_m,
                radius_m: other.radius_m,
                vel: other.vel,
                weight: p.weight,
            }
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ped::Cfsm;
    use crate::ped::world::Geometry;

    /// SplitMix64, uniform in [0, 1).
    struct Uniform(u64);
    impl Uniform {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn state(pos: P2) -> AgentState {
        AgentState {
            pos,
            vel: V2::zeros(),
            orient: V2::new(1.0, 0.0),
            radius_m: 0.2,
            v0_m_s: 1.2,
            time_gap_s: 1.0,
        }
    }

    /// A 20 m × 10 m room split by a partition with a 2 m gap, and a free-standing 1 m wall.
    fn geometry() -> Geometry {
        let s = |a: (f64, f64), b: (f64, f64)| Segment::new(P2::new(a.0, a.1), P2::new(b.0, b.1));
        Geometry {
            floors: vec![vec![
                s((0.0, 0.0), (20.0, 0.0)),
                s((20.0, 0.0), (20.0, 10.0)),
                s((20.0, 10.0), (0.0, 10.0)),
                s((0.0, 10.0), (0.0, 0.0)),
                s((10.0, 0.0), (10.0, 8.0)),
                s((4.0, 5.0), (5.0, 5.0)),
            ]],
        }
    }

    /// Every pair by brute force: same floor, within the cutoff, no wall of the floor crossing
    /// the straight line between them.
    fn brute_force(states: &[AgentState], geometry: &Geometry, cutoff_m: f64) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for s in 0..states.len() {
            for j in s + 1..states.len() {
                let (a, b) = (states[s].pos, states[j].pos);
                if (b - a).norm() > cutoff_m {
                    continue;
                }
                let sight = Segment::new(a, b);
                if geometry.floors[0].iter().any(|w| segments_cross(&sight, w)) {
                    continue;
                }
                out.push((s as u32, j as u32));
            }
        }
        out
    }

    /// Over 300 steps of a jostling crowd (some agents jumping now and then, which forces new
    /// lists), the Verlet lists find exactly the pairs a brute-force search finds, with the
    /// same separation vectors, at 1 and 2 threads alike, and are rebuilt far less often than
    /// every step.
    #[test]
    fn verlet_pairs_equal_brute_force() {
        let geometry = geometry();
        let model = Cfsm::default();
        let cutoff_m = model.cutoff_m;
        let skin_m = 0.3;
        let (lo, hi) = ([-1.0, -1.0], [21.0, 11.0]);
        let walls = WallGrid::new(&geometry, lo, hi, 1.0, sight_wall_reach_m(cutoff_m, skin_m));
        let mut one = NeighbourSearch::new(lo, hi, cutoff_m, skin_m, 1, None);
        let mut two = one.empty_copy();
        let mut u = Uniform(7);
        let n = 150;
        let mut states: Vec<AgentState> = (0..n)
            .map(|_| state(P2::new(0.5 + 19.0 * u.next(), 0.5 + 9.0 * u.next())))
            .collect();
        let slots: Vec<usize> = (0..n).collect();
        let floors = vec![0u32; n];
        let mut total_pairs = 0;
        for step in 0..300 {
            for st in &mut states {
                let jump = u.next() < 0.002;
                let r = if jump { 1.0 } else { 0.01 };
                st.pos.x = (st.pos.x + r * (2.0 * u.next() - 1.0)).clamp(0.3, 19.7);
                st.pos.y = (st.pos.y + r * (2.0 * u.next() - 1.0)).clamp(0.3, 9.7);
            }
            let snap = Snapshot {
                slots: &slots,
                states: &states,
                floors: &floors,
            };
            one.find(&model, &walls, &snap, 1);
            two.find(&model, &walls, &snap, 2);
            let mut found: Vec<(u32, u32)> = one.pairs.iter().map(|p| (p.s, p.j)).collect();
            found.sort_unstable();
            let expected = brute_force(&states, &geometry, cutoff_m);
            assert_eq!(found, expected, "step {step}");
            total_pairs += found.len();
            for p in &one.pairs {
                let d = states[p.j as usize].pos - states[p.s as usize].pos;
                assert_eq!(p.d, d);
                assert_eq!(p.dist_m, d.norm_squared().sqrt());
            }
            let same_order = one.pairs.iter().zip(&two.pairs).all(|(a, b)| {
                (a.s, a.j, a.d, a.dist_m, a.weight) == (b.s, b.j, b.d, b.dist_m, b.weight)
            });
            assert!(
                same_order && one.pairs.len() == two.pairs.len(),
                "step {step}"
            );
        }
        assert!(
            total_pairs > 300 * 50,
            "a crowd with neighbours: {total_pairs} pairs"
        );
        // (64 here: the jumps, 0.3 a step over the crowd, force most of them.)
        assert!(
            one.rebuilds() < 100,
            "{} rebuilds in 300 steps",
            one.rebuilds()
        );
        assert!(one.rebuilds() > 1, "jumps must force new lists");
    }

    /// Each agent's neighbours are its pairs seen from its side: the vector to the other agent,
    /// the other's radius, in order of lower slots first.
    #[test]
    fn neighbours_are_pairs_seen_from_each_side() {
        let geometry = geometry();
        let model = Cfsm::default();
        let (lo, hi) = ([-1.0, -1.0], [21.0, 11.0]);
        let walls = WallGrid::new(&geometry, lo, hi, 1.0, sight_wall_reach_m(3.0, 0.3));
        let mut search = NeighbourSearch::new(lo, hi, 3.0, 0.3, 1, None);
        let mut states = vec![
            state(P2::new(8.0, 2.0)),
            state(P2::new(9.0, 2.0)),
            state(P2::new(8.0, 4.0)),
            state(P2::new(11.0, 2.0)), // within 3 m of 0 and 1, behind the partition at x = 10
        ];
        states[2].radius_m = 0.3;
        search.find(
            &model,
            &walls,
            &Snapshot {
                slots: &[0, 1, 2, 3],
                states: &states,
                floors: &[0, 0, 0, 0],
            },
            1,
        );
        let mut of1 = Vec::new();
        search.neighbours_of(1, &states, &mut of1);
        assert_eq!(of1.len(), 2);
        assert_eq!(of1[0].d, V2::new(-1.0, 0.0)); // agent 0, a lower slot, first
        assert_eq!(of1[1].d, V2::new(-1.0, 2.0));
        assert_eq!(of1[1].radius_m, 0.3);
        assert!((of1[1].dist_m - 5f64.sqrt()).abs() < 1e-15);
        // a·exp((rᵢ + rⱼ − d)/D)/d by hand for agents 1 and 2.
        let w = 8.0 * ((0.5 - 5f64.sqrt()) / 0.1).exp() / 5f64.sqrt();
        assert!((of1[1].weight - w).abs() <= 1e-15 * w);
        let mut of3 = Vec::new();
        search.neighbours_of(3, &states, &mut of3);
        assert!(of3.is_empty(), "the partition hides agent 3");
    }
}

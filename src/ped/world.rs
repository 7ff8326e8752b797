//! The stepper: agents, their waypoints, the neighbour and wall grids, and one step of the
//! operational model for everyone.

use super::give_way::{self, GiveWay};
use super::models::within_box;
use super::neighbours::{NeighbourSearch, Snapshot, runs_parallel, sight_wall_reach_m};
use super::{AgentState, Mobility, Neighbour, OperationalModel, Update, doors, guard};
use crate::building::Building;
use crate::geom::{P2, Segment, V2, segments_cross};
use crate::nav::Route;
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Line};
use rstar::{AABB, RTree};
use std::sync::Arc;

/// Wall segments per floor.
#[derive(Clone, Debug, Default)]
pub struct Geometry {
    pub floors: Vec<Vec<Segment>>,
}

impl Geometry {
    /// The solid walls of a building (door openings are gaps), per floor.
    pub fn from_building(b: &Building) -> Self {
        let mut floors = vec![Vec::new(); b.floors.len()];
        for w in &b.walls {
            floors[w.floor].push(w.segment);
        }
        Geometry { floors }
    }

    /// One floor bounded by the outline of a polygon (each edge a wall).
    pub fn from_polygon(poly: &[P2]) -> Self {
        let n = poly.len();
        Geometry {
            floors: vec![
                (0..n)
                    .map(|i| Segment::new(poly[i], poly[(i + 1) % n]))
                    .collect(),
            ],
        }
    }
}

/// A point to walk to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waypoint {
    pub floor: usize,
    pub p: P2,
    /// For a door: its opening, jamb to jamb. The agent aims at the nearest point of the opening
    /// kept clear of the jambs, and has passed when it crosses the door line.
    pub portal: Option<Segment>,
    /// Time spent on a stair or in a lift after reaching this point, seconds; the agent then
    /// appears at the next waypoint (on another floor).
    pub ride_s: f64,
}

impl Waypoint {
    pub fn at(floor: usize, p: P2) -> Self {
        Self {
            floor,
            p,
            portal: None,
            ride_s: 0.0,
        }
    }
}

/// Where an agent is in its trip.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    Walking,
    /// On a stair or in a lift until this time.
    Riding {
        until_s: f64,
    },
    /// Reached its last waypoint and left the simulation.
    Done,
}

/// A person (with their aid) walking a list of waypoints.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub id: u32,
    pub state: AgentState,
    pub floor: usize,
    pub mobility: Mobility,
    /// Free speed, m/s (the model's v₀ away from doors).
    pub free_speed_m_s: f64,
    pub path: Vec<Waypoint>,
    /// Index in `path` of the waypoint the agent is heading for.
    pub next: usize,
    /// Where the current leg started (the previous waypoint, or the start point).
    pub leg_start: P2,
    pub status: Status,
    /// Stay at the last waypoint after arriving (keep being simulated), instead of leaving.
    pub stay: bool,
    /// When the agent first came within `arrive_m` of its last waypoint, seconds.
    pub arrived_s: Option<f64>,
    /// Time since the agent last came `PROGRESS_M` (0.1 m) closer to its current waypoint, seconds.
    pub stalled_s: f64,
    /// Distance to the current waypoint when the agent last made progress, metres.
    progress_ref_m: f64,
    /// The waypoint `progress_ref_m` refers to.
    pub(super) progress_wp: usize,
    /// Until this time the agent squeezes past the people around it (see
    /// [`WorldParams::squeeze_after_s`]), seconds.
    pub squeeze_until_s: f64,
    /// Squeezes in a row that brought no progress (see `ped::give_way`).
    pub(super) futile_squeezes: u32,
    /// Set while the agent gives way to someone it cannot pass (see `ped::give_way`).
    pub(super) give_way: Option<GiveWay>,
    /// A wall hides the agent's next waypoint: its owner should re-plan its route from where it
    /// is ([`World::lost`], [`World::set_path`]; `ped::replan` does both with a navigation graph).
    pub lost: bool,
}

/// An agent makes progress when it comes this much closer to its current waypoint, metres.
pub const PROGRESS_M: f64 = 0.1;

impl Agent {
    /// An agent of mobility class `mobility` at `pos`, with the class's radius and the CFSM
    /// time gap of JuPedSim's default (1 s).
    pub fn new(id: u32, floor: usize, pos: P2, free_speed_m_s: f64, mobility: Mobility) -> Self {
        Agent {
            id,
            state: AgentState {
                pos,
                vel: V2::zeros(),
                orient: V2::new(1.0, 0.0),
                radius_m: mobility.radius_m(),
                v0_m_s: free_speed_m_s,
                time_gap_s: super::models::JUPEDSIM_TIME_GAP_S,
            },
            floor,
            mobility,
            free_speed_m_s,
            path: Vec::new(),
            next: 0,
            leg_start: pos,
            status: Status::Walking,
            stay: false,
            arrived_s: None,
            stalled_s: 0.0,
            progress_ref_m: f64::INFINITY,
            progress_wp: usize::MAX,
            squeeze_until_s: f64::NEG_INFINITY,
            futile_squeezes: 0,
            give_way: None,
            lost: false,
        }
    }

    pub fn with_radius(mut self, radius_m: f64) -> Self {
        self.state.radius_m = radius_m;
        self
    }

    pub fn with_time_gap(mut self, time_gap_s: f64) -> Self {
        self.state.time_gap_s = time_gap_s;
        self
    }

    pub fn with_waypoints(mut self, path: Vec<Waypoint>) -> Self {
        self.path = path;
        self.next = 0;
        self
    }

    /// Follow a route from [`crate::nav`] ([`doors::waypoints`]: doors become door legs, stairs
    /// and lifts rides).
    pub fn with_route(mut self, route: &Route, b: &Building) -> Self {
        self.path = doors::waypoints(route, b, None);
        self.next = 0;
        self
    }
}

/// Default skin of the Verlet lists, metres: measured on `examples/peer.rs carehome 10`
/// (agents walking, then seated for minutes): see the README's performance section.
pub const VERLET_SKIN_M: f64 = 0.3;

/// Parameters of the stepper.
#[derive(Clone, Debug)]
pub struct WorldParams {
    /// Time step, s. JuPedSim's default is 0.01 s.
    pub dt_s: f64,
    /// A waypoint counts as reached within this distance, metres.
    pub reach_m: f64,
    /// The last waypoint counts as reached within this distance, metres.
    pub arrive_m: f64,
    /// Worker threads for the update phase (1: serial). The result does not depend on it.
    pub threads: usize,
    /// A periodic domain in x, `(x_min, x_max)` (for fundamental-diagram runs).
    pub periodic_x: Option<(f64, f64)>,
    /// Side of a wall-grid cell, metres.
    pub wall_cell_m: f64,
    /// Distance from a door centre within which walking-aid users slow down, metres.
    pub door_zone_m: f64,
    /// Squeezing past: an agent that has stood still this long while walking (blocked by
    /// others, as in a face-to-face meeting in a doorway or a crowd of staff leaving one spot)
    /// ignores its neighbours for [`WorldParams::squeeze_for_s`], as people in a care home step
    /// aside, turn sideways or let someone through a door. `None` (the default, and JuPedSim's
    /// behaviour) keeps the plain operational model, whose first-order models can stop for good
    /// (Tordeux et al. 2016 note the CFSM's deadlocks in counter-flow; Chraibi et al. 2011 the
    /// same for force-based models).
    pub squeeze_after_s: Option<f64>,
    /// How long an agent squeezes past once it started, seconds.
    pub squeeze_for_s: f64,
    /// Refuse a step that would carry an agent across a wall (it stays where it was, at rest).
    /// A first-order model moves up to v₀·dt per step while its wall repulsion acts within
    /// centimetres (JuPedSim's D_w = 0.02 m), so at the care-home time step of 0.1 s a pushed
    /// agent could otherwise jump a wall. Off by default (JuPedSim has no such check).
    pub block_wall_crossing: bool,
    /// Skin of the Verlet lists of neighbour candidates and walls, metres (see
    /// `ped::neighbours`): the lists are rebuilt once an agent has moved half of it. Read
    /// when the world is made. 0 rebuilds them whenever anyone moved.
    pub verlet_skin_m: f64,
    /// Hard bodies (`ped::guard`): no step lets two bodies overlap by more than 2 cm or a body
    /// enter a wall by more than 1.5 cm; with squeezing on, an agent that squeezes in vain gives
    /// way (`ped::give_way`). Off by default (JuPedSim has neither).
    pub hard_bodies: bool,
}

impl WorldParams {
    /// The configuration the daily-life simulation runs (`sim::engine`), at time step `dt_s`:
    /// squeezing past after [`SQUEEZE_AFTER_S`] blocked, no steps across walls, hard bodies
    /// with giving way. The tests of `tests/ped_rimea.rs` check this configuration.
    pub fn care_home(dt_s: f64) -> Self {
        Self {
            dt_s,
            squeeze_after_s: Some(SQUEEZE_AFTER_S),
            block_wall_crossing: true,
            hard_bodies: true,
            ..Self::default()
        }
    }
}

/// A walker blocked this long squeezes past the people in its way, seconds (see
/// [`WorldParams::squeeze_after_s`]). Care staff step aside or hold a door within a few seconds;
/// 3 s is a modelling choice, not a measured value.
pub const SQUEEZE_AFTER_S: f64 = 3.0;

impl Default for WorldParams {
    fn default() -> Self {
        Self {
            dt_s: 0.01,
            reach_m: 0.3,
            arrive_m: 0.3,
            threads: 1,
            periodic_x: None,
            wall_cell_m: 1.0,
            door_zone_m: 1.0,
            squeeze_after_s: None,
            squeeze_for_s: 2.0,
            block_wall_crossing: false,
            verlet_skin_m: VERLET_SKIN_M,
            hard_bodies: false,
        }
    }
}

/// Grid cells holding, per cell, copies of the wall segments near it (CSR layout).
#[derive(Clone, Debug)]
pub(super) struct WallGrid {
    lo: [f64; 2],
    /// 1 / cell size, 1/m (a multiplication per lookup instead of a division).
    inv_cell_m: f64,
    nx: usize,
    ny: usize,
    /// Per floor, per cell: `start[f][c]..start[f][c + 1]` indexes `segs[f]`.
    start: Vec<Vec<u32>>,
    segs: Vec<Vec<Segment>>,
}

impl WallGrid {
    pub(super) fn new(
        geometry: &Geometry,
        lo: [f64; 2],
        hi: [f64; 2],
        cell_m: f64,
        reach_m: f64,
    ) -> Self {
        let nx = (((hi[0] - lo[0]) / cell_m).ceil() as usize).max(1);
        let ny = (((hi[1] - lo[1]) / cell_m).ceil() as usize).max(1);
        let mut start = Vec::new();
        let mut segs = Vec::new();
        let half_diag = cell_m * std::f64::consts::FRAC_1_SQRT_2;
        for walls in &geometry.floors {
            let tree = wall_tree(walls);
            let mut st = Vec::with_capacity(nx * ny + 1);
            let mut out = Vec::new();
            for iy in 0..ny {
                for ix in 0..nx {
                    st.push(out.len() as u32);
                    let c = P2::new(
                        lo[0] + (ix as f64 + 0.5) * cell_m,
                        lo[1] + (iy as f64 + 0.5) * cell_m,
                    );
                    // (1e-9 m of slack: a point that rounding puts in this cell from just
                    // outside it still finds every wall within its reach.)
                    let r = reach_m + half_diag + 1e-9;
                    let env = AABB::from_corners([c.x - r, c.y - r], [c.x + r, c.y + r]);
                    let mut found: Vec<usize> = tree
                        .locate_in_envelope_intersecting(&env)
                        .map(|g| g.data)
                        .filter(|&i| walls[i].distance_to(c).0 <= r)
                        .collect();
                    found.sort_unstable();
                    out.extend(found.into_iter().map(|i| walls[i]));
                }
            }
            st.push(out.len() as u32);
            start.push(st);
            segs.push(out);
        }
        WallGrid {
            lo,
            inv_cell_m: 1.0 / cell_m,
            nx,
            ny,
            start,
            segs,
        }
    }

    #[inline]
    pub(super) fn near(&self, floor: usize, p: P2) -> &[Segment] {
        let Some(st) = self.start.get(floor) else {
            return &[];
        };
        // Truncation equals floor once negatives are clamped to 0, without a libm call.
        let ix = (((p.x - self.lo[0]) * self.inv_cell_m).max(0.0) as usize).min(self.nx - 1);
        let iy = (((p.y - self.lo[1]) * self.inv_cell_m).max(0.0) as usize).min(self.ny - 1);
        let c = iy * self.nx + ix;
        &self.segs[floor][st[c] as usize..st[c + 1] as usize]
    }
}

/// The geometry a world walks in, prepared once: shared (not rebuilt) by
/// [`World::empty_copy`] between replicates.
#[derive(Clone)]
struct Prepared {
    /// Walls within the neighbour cutoff plus half the Verlet skin (sight lines between
    /// neighbours).
    walls: Arc<WallGrid>,
    /// Walls within the model's wall range of agents up to `repulse_radius_m` (the model's
    /// wall terms): a shorter list per cell.
    repulse: Arc<WallGrid>,
    repulse_radius_m: f64,
    geometry: Arc<Geometry>,
    /// Per floor, the walls in an R-tree (whole sight lines to waypoints).
    sight: Arc<Vec<WallTree>>,
    bounds: ([f64; 2], [f64; 2]),
}

/// Wall segments in an R-tree, each with its index.
type WallTree = RTree<GeomWithData<Line<[f64; 2]>, usize>>;

fn wall_tree(walls: &[Segment]) -> WallTree {
    RTree::bulk_load(
        walls
            .iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new(Line::new([s.a.x, s.a.y], [s.b.x, s.b.y]), i))
            .collect(),
    )
}

impl Prepared {
    /// True when a wall of `floor` crosses the segment `a`–`b`.
    fn hidden(&self, floor: usize, a: P2, b: P2) -> bool {
        let (Some(tree), Some(walls)) = (self.sight.get(floor), self.geometry.floors.get(floor))
        else {
            return false;
        };
        let sight = Segment::new(a, b);
        let env = AABB::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)]);
        tree.locate_in_envelope_intersecting(&env)
            .any(|g| segments_cross(&sight, &walls[g.data]))
    }
}

/// One step's snapshot and results, reused from step to step.
#[derive(Default)]
struct StepBuffers {
    slots: Vec<usize>,
    snap: Vec<AgentState>,
    snap_floor: Vec<u32>,
    snap_target: Vec<P2>,
    snap_squeeze: Vec<bool>,
    updates: Vec<Update>,
    /// The serial update's neighbour buffer, reused from agent to agent.
    neighbours: Vec<Neighbour>,
}

/// The pedestrian world: agents, geometry, model, and the time.
pub struct World<M: OperationalModel> {
    pub model: M,
    pub params: WorldParams,
    agents: Vec<Agent>,
    prepared: Prepared,
    search: NeighbourSearch,
    t_s: f64,
    steps: u64,
    agent_steps: u64,
    buf: StepBuffers,
}

impl<M: OperationalModel> World<M> {
    pub fn new(model: M, geometry: Geometry, params: WorldParams) -> Self {
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        for s in geometry.floors.iter().flatten() {
            for p in [s.a, s.b] {
                lo = [lo[0].min(p.x), lo[1].min(p.y)];
                hi = [hi[0].max(p.x), hi[1].max(p.y)];
            }
        }
        if !lo[0].is_finite() {
            lo = [0.0, 0.0];
            hi = [1.0, 1.0];
        }
        let margin = 1.0;
        let (lo, hi) = (
            [lo[0] - margin, lo[1] - margin],
            [hi[0] + margin, hi[1] + margin],
        );
        let cutoff = model.cutoff_m();
        // Walls for the sight lines: within the cutoff of wherever an agent may be while its
        // Verlet list holds.
        let walls = Arc::new(WallGrid::new(
            &geometry,
            lo,
            hi,
            params.wall_cell_m,
            sight_wall_reach_m(cutoff, params.verlet_skin_m),
        ));
        let repulse_radius_m = 0.5;
        let repulse = Arc::new(WallGrid::new(
            &geometry,
            lo,
            hi,
            params.wall_cell_m,
            model.wall_range_m() + repulse_radius_m,
        ));
        // (Rebuilt by `add` for a wider agent.)
        let search = NeighbourSearch::new(
            lo,
            hi,
            cutoff,
            params.verlet_skin_m,
            geometry.floors.len(),
            params.periodic_x,
        );
        let prepared = Prepared {
            walls,
            repulse,
            repulse_radius_m,
            sight: Arc::new(geometry.floors.iter().map(|w| wall_tree(w)).collect()),
            geometry: Arc::new(geometry),
            bounds: (lo, hi),
        };
        Self::from_parts(model, params, prepared, search)
    }

    /// A world with no agents at time 0 around prepared (shared) geometry.
    fn from_parts(
        model: M,
        params: WorldParams,
        prepared: Prepared,
        search: NeighbourSearch,
    ) -> Self {
        World {
            model,
            params,
            agents: Vec::new(),
            prepared,
            search,
            t_s: 0.0,
            steps: 0,
            agent_steps: 0,
            buf: StepBuffers::default(),
        }
    }

    /// A world with the same model, parameters and geometry (its wall grids shared, not rebuilt),
    /// no agents, at time 0: what each replicate of a simulation starts from.
    pub fn empty_copy(&self) -> Self
    where
        M: Clone,
    {
        Self::from_parts(
            self.model.clone(),
            self.params.clone(),
            self.prepared.clone(),
            self.search.empty_copy(),
        )
    }

    /// Add an agent; returns its index.
    pub fn add(&mut self, mut agent: Agent) -> usize {
        if agent.state.radius_m > self.prepared.repulse_radius_m {
            let reach_m = self.model.wall_range_m() + agent.state.radius_m;
            let (lo, hi) = self.prepared.bounds;
            self.prepared.repulse_radius_m = agent.state.radius_m;
            self.prepared.repulse = Arc::new(WallGrid::new(
                &self.prepared.geometry,
                lo,
                hi,
                self.params.wall_cell_m,
                reach_m,
            ));
        }
        agent.leg_start = agent.state.pos;
        if agent.path.is_empty() {
            agent.path.push(Waypoint::at(agent.floor, agent.state.pos));
        }
        self.agents.push(agent);
        self.agents.len() - 1
    }

    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }

    /// Keep only the agents for which `keep` is true (a simulation removes people who arrived).
    pub fn retain(&mut self, keep: impl FnMut(&Agent) -> bool) {
        self.agents.retain(keep);
    }

    pub fn t_s(&self) -> f64 {
        self.t_s
    }

    /// Set the clock (a simulation that steps the world only while someone in it walks keeps it
    /// in step with its own clock).
    pub fn set_t_s(&mut self, t_s: f64) {
        self.t_s = t_s;
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// How many times the Verlet lists of neighbours and walls were built so far.
    pub fn verlet_rebuilds(&self) -> u64 {
        self.search.rebuilds()
    }

    /// Agent updates computed so far (the unit of the benchmarks).
    pub fn agent_steps(&self) -> u64 {
        self.agent_steps
    }

    /// True when every agent has reached its last waypoint.
    pub fn all_arrived(&self) -> bool {
        self.agents.iter().all(|a| a.arrived_s.is_some())
    }

    /// Agents currently simulated (walking, or staying at their goal).
    pub fn active(&self) -> usize {
        self.agents
            .iter()
            .filter(|a| a.status == Status::Walking)
            .count()
    }

    /// Agents whose next waypoint a wall hides (indices into [`World::agents`]).
    pub fn lost(&self) -> Vec<usize> {
        (0..self.agents.len())
            .filter(|&i| self.agents[i].lost)
            .collect()
    }

    /// Give agent `i` a new path from where it is (a re-planned route; see `ped::replan`).
    pub fn set_path(&mut self, i: usize, path: Vec<Waypoint>) {
        let a = &mut self.agents[i];
        if !path.is_empty() {
            a.path = path;
            a.next = 0;
        }
        a.leg_start = a.state.pos;
        a.lost = false;
        a.progress_wp = usize::MAX;
        a.stalled_s = 0.0;
    }

    /// Where agent `a` aims this step.
    fn target_of(&self, a: &Agent) -> P2 {
        if let Some(g) = &a.give_way {
            return g.target;
        }
        target_of(a)
    }

    /// Advance the simulation by one step.
    pub fn step(&mut self) {
        let dt = self.params.dt_s;
        // Rides that end now.
        for a in &mut self.agents {
            if let Status::Riding { until_s } = a.status
                && self.t_s >= until_s
            {
                if a.next < a.path.len() {
                    let wp = a.path[a.next];
                    a.floor = wp.floor;
                    a.state.pos = wp.p;
                    a.state.vel = V2::zeros();
                    a.leg_start = wp.p;
                    a.next = (a.next + 1).min(a.path.len() - 1);
                }
                a.status = Status::Walking;
            }
        }
        // Snapshot.
        self.buf.slots.clear();
        self.buf.snap.clear();
        self.buf.snap_floor.clear();
        self.buf.snap_target.clear();
        self.buf.snap_squeeze.clear();
        for (i, a) in self.agents.iter().enumerate() {
            if a.status != Status::Walking {
                continue;
            }
            let mut st = a.state;
            let wp = &a.path[a.next.min(a.path.len() - 1)];
            if wp.portal.is_some() && (wp.p - st.pos).norm() < self.params.door_zone_m {
                st.v0_m_s = a.free_speed_m_s * a.mobility.door_speed_factor();
            } else {
                st.v0_m_s = a.free_speed_m_s;
            }
            if a.give_way.as_ref().is_some_and(|g| g.holding(st.pos)) {
                st.v0_m_s = 0.0;
            }
            self.buf.slots.push(i);
            self.buf.snap.push(st);
            self.buf.snap_floor.push(a.floor as u32);
            self.buf.snap_target.push(self.target_of(a));
            self.buf.snap_squeeze.push(self.t_s < a.squeeze_until_s);
        }
        // Updates from the snapshot: first every interacting pair once, then each agent's update
        // from its share of them.
        let n = self.buf.snap.len();
        let parallel = runs_parallel(self.params.threads, n);
        self.search.find(
            &self.model,
            &self.prepared.walls,
            &Snapshot {
                slots: &self.buf.slots,
                states: &self.buf.snap,
                floors: &self.buf.snap_floor,
            },
            self.params.threads,
        );
        let (model, repulse, search, dt_s) =
            (&self.model, &self.prepared.repulse, &self.search, dt);
        let (snap, floors, targets) = (&self.buf.snap, &self.buf.snap_floor, &self.buf.snap_target);
        let squeeze = &self.buf.snap_squeeze;
        let hard = self.params.hard_bodies;
        let update = |neighbours: &mut Vec<Neighbour>, s: usize| {
            let me = &snap[s];
            neighbours.clear();
            if !squeeze[s] || hard {
                search.neighbours_of(s, snap, neighbours);
            }
            let walls = repulse.near(floors[s] as usize, me.pos);
            // Squeezing past: the model sees nobody (the hard bodies still do).
            let seen: &[Neighbour] = if squeeze[s] { &[] } else { neighbours };
            let mut u = model.update(me, targets[s], seen, walls, dt_s);
            if hard {
                let step =
                    guard::limit_step(me.pos, me.radius_m, u.pos - me.pos, neighbours, walls);
                u.pos = me.pos + step;
                u.vel = step / dt_s;
            }
            u
        };
        self.buf.updates.clear();
        if parallel {
            (0..n)
                .into_par_iter()
                .map_init(Vec::new, update)
                .collect_into_vec(&mut self.buf.updates);
        } else {
            let buf = &mut self.buf.neighbours;
            self.buf.updates.extend((0..n).map(|s| update(buf, s)));
        }
        self.agent_steps += n as u64;
        // Apply.
        let t_next = self.t_s + dt;
        for (s, &i) in self.buf.slots.iter().enumerate() {
            let u = self.buf.updates[s];
            let a = &mut self.agents[i];
            let mut pos = u.pos;
            if let Some((x0, x1)) = self.params.periodic_x {
                pos.x = x0 + (pos.x - x0).rem_euclid(x1 - x0);
            }
            let mut vel = u.vel;
            if self.params.block_wall_crossing && crosses_wall(&self.prepared.walls, a, pos) {
                pos = a.state.pos;
                vel = V2::zeros();
            }
            a.state.pos = pos;
            a.state.vel = vel;
            a.state.orient = u.orient;
            advance(a, &self.params, t_next);
            if let Some(after_s) = self.params.squeeze_after_s {
                note_progress(a, after_s, self.params.squeeze_for_s, dt, t_next);
            }
            // Every 10th step (staggered by agent): an agent whose next waypoint a wall hides
            // (pushed back round a corner, or into another room) is lost until its owner
            // re-plans its route from where it is.
            if (self.steps + a.id as u64).is_multiple_of(10)
                && a.status == Status::Walking
                && a.give_way.is_none()
            {
                let wp = a.path[a.next];
                a.lost = wp.floor == a.floor && self.prepared.hidden(a.floor, a.state.pos, wp.p);
            }
        }
        if self.params.hard_bodies && self.params.squeeze_after_s.is_some() {
            give_way::negotiate(&mut self.agents, &self.buf.slots, &self.buf.snap, t_next);
        }
        self.t_s = t_next;
        self.steps += 1;
    }

    /// Step until `t_end_s`, or until every agent has arrived when `stop_when_arrived`.
    pub fn run_until(&mut self, t_end_s: f64, stop_when_arrived: bool) {
        while self.t_s < t_end_s - 1e-9 {
            if stop_when_arrived && self.all_arrived() {
                break;
            }
            self.step();
        }
    }
}

/// Move an agent along its waypoints after it moved.
fn advance(a: &mut Agent, params: &WorldParams, t_s: f64) {
    if a.give_way.is_some() {
        return; // going back, not along its route
    }
    loop {
        let last = a.path.len() - 1;
        let wp = a.path[a.next];
        if wp.floor != a.floor {
            return;
        }
        let to = a.state.pos - wp.p;
        if a.next == last {
            if to.norm() <= params.arrive_m {
                if a.arrived_s.is_none() {
                    a.arrived_s = Some(t_s);
                }
                if !a.stay {
                    a.status = Status::Done;
                }
            }
            return;
        }
        let passed = match wp.portal {
            Some(span) => {
                doors::passed(&span, a.state.radius_m, a.state.pos, a.leg_start, beyond(a))
            }
            None => to.norm() <= params.reach_m || to.dot(&(wp.p - a.leg_start)) > 0.0,
        };
        if !passed {
            return;
        }
        a.leg_start = wp.p;
        a.next += 1;
        if wp.ride_s > 0.0 {
            a.status = Status::Riding {
                until_s: t_s + wp.ride_s,
            };
            return;
        }
    }
}

/// True when moving agent `a` to `to` would cross one of the walls near it.
fn crosses_wall(walls: &WallGrid, a: &Agent, to: P2) -> bool {
    let step = Segment::new(a.state.pos, to);
    let reach = (to - a.state.pos).norm();
    walls
        .near(a.floor, a.state.pos)
        .iter()
        .any(|w| within_box(w, a.state.pos, reach) && segments_cross(&step, w))
}

/// Track whether a walking agent gets closer to its waypoint; one that has not for `after_s`
/// (blocked, or jostling in a doorway without getting through) squeezes past its neighbours for
/// `for_s`. `futile_squeezes` counts the squeezes started since the agent last made progress.
fn note_progress(a: &mut Agent, after_s: f64, for_s: f64, dt: f64, t_s: f64) {
    if a.status != Status::Walking || a.arrived_s.is_some() || a.give_way.is_some() {
        a.stalled_s = 0.0;
        return;
    }
    let d = (a.path[a.next].p - a.state.pos).norm();
    if a.next != a.progress_wp || d < a.progress_ref_m - PROGRESS_M {
        a.progress_wp = a.next;
        a.progress_ref_m = d;
        a.stalled_s = 0.0;
        a.futile_squeezes = 0;
        return;
    }
    if t_s < a.squeeze_until_s {
        return;
    }
    a.stalled_s += dt;
    if a.stalled_s >= after_s {
        a.squeeze_until_s = t_s + for_s;
        a.stalled_s = 0.0;
        a.futile_squeezes += 1;
    }
}

/// The waypoint after the agent's current one, when on the same floor.
fn beyond(a: &Agent) -> Option<P2> {
    let wp = a.path[a.next];
    a.path
        .get(a.next + 1)
        .filter(|n| n.floor == wp.floor)
        .map(|n| n.p)
}

/// Where agent `a` aims on its route this step: its waypoint, or on a door leg a point of the
/// door's opening ([`doors::door_target`]).
fn target_of(a: &Agent) -> P2 {
    let wp = &a.path[a.next.min(a.path.len() - 1)];
    match wp.portal {
        Some(span) => {
            doors::door_target(&span, a.state.radius_m, a.state.pos, a.leg_start, beyond(a))
        }
        None => wp.p,
    }
}

/// One row of a trajectory: where an agent was at a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrajectoryRow {
    pub agent: u32,
    pub t_s: f64,
    pub x_m: f64,
    pub y_m: f64,
    pub floor: usize,
}

impl<M: OperationalModel> World<M> {
    /// Append the position of every walking agent now.
    pub fn record(&self, out: &mut Vec<TrajectoryRow>) {
        for a in &self.agents {
            if a.status == Status::Walking {
                out.push(TrajectoryRow {
                    agent: a.id,
                    t_s: self.t_s,
                    x_m: a.state.pos.x,
                    y_m: a.state.pos.y,
                    floor: a.floor,
                });
            }
        }
    }
}

//! The engine: the one place that composes schedule, routing, movement and recording.
//!
//! Per replicate, a [`ChaCha12Rng`] stream derived from `(seed, replicate)` drives the population
//! and every day's plan. The schedule clock jumps from one slot boundary to the next; between
//! them, if anyone walks, the pedestrian world ([`crate::ped::World`], CFSM with the care-home
//! parameters) is stepped at `run.dt_s` and walkers' contacts are sampled every
//! `run.contact_sample_s`. People who sit or stand are not stepped; their contacts open and close
//! at the events (see [`super::contacts`]). Replicates run in parallel with rayon and come back in
//! index order, so results do not depend on the number of threads.

use super::contacts::{CONTACT_M, Tracker};
use super::population::Population;
use super::record::{PersonInfo, Presence, RunRecord, Stats, Timing, TrackSample};
use super::route::Router;
use super::scenario::Scenario;
use super::schedule::{Carry, plan_day};
use super::spots::Spots;
use super::{Act, Loc, Role, Slot, Zone, zone_at, zone_at_near, zone_count};
use crate::building::Building;
use crate::geom::P2;
use crate::nav::{self, NavGraph, Traveller};
use crate::ped::{Agent, CARE_HOME_TIME_GAP_S, Cfsm, Geometry, Status, World, WorldParams, replan};
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::time::Instant;

/// Options that do not change results.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Measure where the time goes (schedule, routing, stepping, contacts).
    pub timing: bool,
    /// Record every walker's position at each contact sample ([`RunRecord::trajectories`]).
    /// Reading positions changes nothing in the run.
    pub trajectories: bool,
}

/// A building with what every replicate shares: navigation graph, spots, walls.
pub struct Simulation<'a> {
    pub building: &'a Building,
    pub scenario: &'a Scenario,
    pub nav: NavGraph,
    pub spots: Spots,
    /// The pedestrian world every replicate starts from (wall grids built once).
    world: World<Cfsm>,
    convex: Vec<bool>,
}

fn is_convex(poly: &[P2]) -> bool {
    let n = poly.len();
    (0..n).all(|i| {
        let (a, b, c) = (poly[i], poly[(i + 1) % n], poly[(i + 2) % n]);
        (b - a).perp(&(c - b)) >= -1e-9
    })
}

/// Seed of replicate `r`'s stream: SplitMix64 of the master seed and the index.
pub fn replicate_seed(seed: u64, r: u32) -> u64 {
    let mut z = seed
        ^ (r as u64)
            .wrapping_add(1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone, Copy, Debug)]
enum State {
    Off,
    Still {
        loc: Loc,
        act: Act,
        since: f64,
    },
    Walking {
        to: Option<Loc>,
        act: Act,
        started: f64,
        limit_s: f64,
    },
}

impl<'a> Simulation<'a> {
    pub fn new(building: &'a Building, scenario: &'a Scenario) -> Self {
        let nav = NavGraph::new(building);
        let spots = Spots::new(building);
        let params = WorldParams::care_home(scenario.run.dt_s);
        let world = World::new(Cfsm::care_home(), Geometry::from_building(building), params);
        let mut convex: Vec<bool> = building
            .rooms
            .iter()
            .map(|r| is_convex(&r.polygon))
            .collect();
        convex.extend(
            building
                .outdoor
                .iter()
                .map(|o| is_convex(&crate::geom::ensure_ccw(o.polygon.clone()))),
        );
        Simulation {
            building,
            scenario,
            nav,
            spots,
            world,
            convex,
        }
    }

    /// Run replicate `r` over `days` days; `progress` is called with the simulated fraction done.
    pub fn run_replicate(
        &self,
        r: u32,
        days: u32,
        opts: RunOptions,
        progress: &mut dyn FnMut(f64),
    ) -> RunRecord {
        Replicate::new(self, r, opts).run(days, progress)
    }
}

/// Run `replicates` replicates in parallel (rayon), collected in index order.
pub fn run(sim: &Simulation, replicates: u32, days: u32, opts: RunOptions) -> Vec<RunRecord> {
    (0..replicates)
        .into_par_iter()
        .map(|r| sim.run_replicate(r, days, opts, &mut |_| {}))
        .collect()
}

/// Run replicate `r` (convenience).
pub fn run_replicate(sim: &Simulation, r: u32, days: u32) -> RunRecord {
    sim.run_replicate(r, days, RunOptions::default(), &mut |_| {})
}

/// All per-replicate state.
struct Replicate<'s, 'a> {
    sim: &'s Simulation<'a>,
    rng: ChaCha12Rng,
    pop: Population,
    state: Vec<State>,
    world: World<Cfsm>,
    /// Walkers alone (no other walker within the model's cutoff): moved along their route at free
    /// speed, without the pedestrian model (see [`kinematic_step`]).
    kin: Vec<Agent>,
    /// Agent updates of kinematic walkers.
    kin_steps: u64,
    router: Router,
    tracker: Tracker,
    /// Still people per zone.
    members: Vec<Vec<u32>>,
    /// Still people per floor and 2 m cell.
    cells: FxHashMap<(usize, i32, i32), Vec<u32>>,
    /// Walkers' current zone and since when.
    walk_zone: Vec<Option<(Zone, f64)>>,
    presence: Vec<Presence>,
    stats: Stats,
    timing: Timing,
    opts: RunOptions,
    /// Walks started so far.
    walks_started: u32,
    /// Number of each person's current walk.
    walk_no: Vec<u32>,
    /// Each person's last trajectory sample: (frame, floor, walk, track).
    last_sample: Vec<Option<(u64, usize, u32, u32)>>,
    /// Tracks started so far.
    tracks: u32,
    traj: Vec<TrackSample>,
    t: f64,
    /// Time of the next contact sample (a multiple of `run.contact_sample_s`).
    next_sample_t: f64,
}

const CELL_M: f64 = 2.0;

fn cell(p: P2) -> (i32, i32) {
    ((p.x / CELL_M).floor() as i32, (p.y / CELL_M).floor() as i32)
}

impl<'s, 'a> Replicate<'s, 'a> {
    fn new(sim: &'s Simulation<'a>, r: u32, opts: RunOptions) -> Self {
        let sc = sim.scenario;
        let mut rng = ChaCha12Rng::seed_from_u64(replicate_seed(sc.run.seed, r));
        let pop = Population::new(sim.building, &sim.spots, sc, &mut rng);
        let world = sim.world.empty_copy();
        Replicate {
            sim,
            rng,
            state: vec![State::Off; pop.people.len()],
            pop,
            world,
            kin: Vec::new(),
            kin_steps: 0,
            router: Router::default(),
            tracker: Tracker::new(sc.run.contact_sample_s),
            members: vec![Vec::new(); zone_count(sim.building)],
            cells: FxHashMap::default(),
            walk_zone: Vec::new(),
            presence: Vec::new(),
            stats: Stats::default(),
            timing: Timing::default(),
            opts,
            walks_started: 0,
            walk_no: Vec::new(),
            last_sample: Vec::new(),
            tracks: 0,
            traj: Vec::new(),
            t: 0.0,
            next_sample_t: sc.run.contact_sample_s,
        }
    }

    fn clock(&self) -> Option<Instant> {
        self.opts.timing.then(Instant::now)
    }

    fn lap(&self, start: Option<Instant>) -> f64 {
        start.map(|s| s.elapsed().as_secs_f64()).unwrap_or(0.0)
    }

    fn traveller(&self, i: u32) -> Traveller {
        traveller_of(&self.pop, i)
    }

    fn los(&self, zone: Zone, floor: usize, a: P2, b: P2) -> bool {
        (zone < self.sim.convex.len() && self.sim.convex[zone])
            || self.sim.building.line_of_sight(floor, a, b)
    }

    /// Person `i` settles at `loc` at time `t`.
    fn arrive(&mut self, i: u32, loc: Loc, act: Act, t: f64) {
        let c0 = self.clock();
        for &j in &self.members[loc.zone] {
            if let State::Still { loc: lj, .. } = self.state[j as usize] {
                let d = (lj.p - loc.p).norm();
                if d <= CONTACT_M && self.los(loc.zone, loc.floor, loc.p, lj.p) {
                    self.tracker.open_still(i, j, t, d, loc.zone);
                }
            }
        }
        self.members[loc.zone].push(i);
        let (cx, cy) = cell(loc.p);
        self.cells.entry((loc.floor, cx, cy)).or_default().push(i);
        self.timing.contacts_s += self.lap(c0);
        self.state[i as usize] = State::Still { loc, act, since: t };
    }

    /// Person `i` leaves its spot at time `t`.
    fn leave(&mut self, i: u32, t: f64) {
        if let State::Still { loc, act, since } = self.state[i as usize] {
            let c0 = self.clock();
            self.members[loc.zone].retain(|&j| j != i);
            for k in 0..self.members[loc.zone].len() {
                let j = self.members[loc.zone][k];
                self.tracker.close_still(i, j, t);
            }
            let (cx, cy) = cell(loc.p);
            if let Some(v) = self.cells.get_mut(&(loc.floor, cx, cy)) {
                v.retain(|&j| j != i);
            }
            self.timing.contacts_s += self.lap(c0);
            if t > since {
                self.presence.push(Presence {
                    person: i,
                    zone: loc.zone,
                    t0_s: since,
                    t1_s: t,
                    act,
                });
            }
            self.state[i as usize] = State::Off;
        }
    }

    /// Where person `i` enters and leaves the site: the staff entrance for staff, the main one
    /// for everyone else, at a standing point of its own (so people arriving together do not
    /// start on one point).
    fn entrance(&self, i: u32) -> Loc {
        let places = &self.pop.places;
        let z = if self.pop.people[i as usize].role.is_staff() {
            places.staff_entrance
        } else {
            places.entrance
        };
        self.sim
            .spots
            .loc(z, self.sim.spots.standing(z, i as usize))
    }

    /// Start a walk from `from` to `to` (`None`: leave the site through the entrance).
    fn walk(&mut self, i: u32, from: Loc, to: Option<Loc>, act: Act, t: f64) {
        let goal = to.unwrap_or_else(|| self.entrance(i));
        let c0 = self.clock();
        let who = self.traveller(i);
        let path = self.router.path(
            self.sim.building,
            &self.sim.nav,
            &self.sim.spots,
            from,
            goal,
            who,
        );
        self.timing.routing_s += self.lap(c0);
        let p = &self.pop.people[i as usize];
        let Some(path) = path else {
            self.stats.no_route += 1;
            self.finish_walk(i, to, act, t);
            return;
        };
        let mut len = 0.0;
        let mut prev = from.p;
        for w in &path {
            if w.floor == from.floor || len > 0.0 {
                len += (w.p - prev).norm();
            }
            prev = w.p;
        }
        let ride: f64 = path.iter().map(|w| w.ride_s).sum();
        let limit_s = 60.0 + 2.0 * (len / p.speed_m_s + ride);
        let agent = Agent::new(i, from.floor, from.p, p.speed_m_s, p.mobility.mobility())
            .with_time_gap(CARE_HOME_TIME_GAP_S)
            .with_waypoints(path);
        self.kin.push(agent);
        self.stats.walks += 1;
        if self.walk_no.len() <= i as usize {
            self.walk_no.resize(i as usize + 1, 0);
        }
        self.walk_no[i as usize] = self.walks_started;
        self.walks_started += 1;
        if self.walk_zone.len() <= i as usize {
            self.walk_zone.resize(i as usize + 1, None);
        }
        self.walk_zone[i as usize] = Some((from.zone, t));
        self.state[i as usize] = State::Walking {
            to,
            act,
            started: t,
            limit_s,
        };
    }

    fn end_walk_presence(&mut self, i: u32, t: f64) {
        if let Some((z, since)) = self.walk_zone.get_mut(i as usize).and_then(Option::take)
            && t > since
        {
            self.presence.push(Presence {
                person: i,
                zone: z,
                t0_s: since,
                t1_s: t,
                act: Act::Walk,
            });
        }
    }

    fn finish_walk(&mut self, i: u32, to: Option<Loc>, act: Act, t: f64) {
        self.end_walk_presence(i, t);
        match to {
            Some(loc) => self.arrive(i, loc, act, t),
            None => self.state[i as usize] = State::Off,
        }
    }

    /// Apply slot `s` of person `i` at time `t`.
    fn event(&mut self, i: u32, s: Slot, t: f64) {
        match (self.state[i as usize], s.loc) {
            (State::Off, None) => {}
            (State::Off, Some(loc)) => {
                let e = self.entrance(i);
                self.walk(i, e, Some(loc), s.act, t);
            }
            (State::Still { loc: cur, act, .. }, to) => {
                if let Some(l) = to
                    && l.zone == cur.zone
                    && (l.p - cur.p).norm() < 0.05
                {
                    if act != s.act {
                        self.leave(i, t);
                        self.arrive(i, l, s.act, t);
                    }
                    return;
                }
                self.leave(i, t);
                self.walk(i, cur, to, s.act, t);
            }
            (State::Walking { .. }, to) => {
                // Re-target from where the walker is.
                let (floor, pos) = match self.walkers().find(|a| a.id == i) {
                    Some(a) => (a.floor, a.state.pos),
                    None => return,
                };
                self.world.retain(|a| a.id != i);
                self.kin.retain(|a| a.id != i);
                // In a door opening: start from a point just beside it, in a room.
                let b = self.sim.building;
                let here = std::iter::once(pos)
                    .chain(
                        [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)]
                            .map(|(x, y)| pos + nalgebra::Vector2::new(x, y) * replan::NUDGE_M),
                    )
                    .find_map(|p| zone_at(b, floor, p).map(|z| (z, p)))
                    .filter(|&(_, p)| p == pos || b.line_of_sight(floor, pos, p));
                match here {
                    Some((z, p)) => {
                        self.end_walk_presence(i, t);
                        let here = Loc { zone: z, floor, p };
                        self.walk(i, here, to, s.act, t);
                    }
                    None => {
                        // In a door opening: finish the walk where it was going.
                        self.stats.stuck += 1;
                        self.finish_walk(i, to, s.act, t);
                    }
                }
            }
        }
    }

    /// Record every walker's position at the contact sample at `t` ([`TrackSample`]). A track
    /// is one unbroken stretch of one walk on one floor: it ends when the walk ends, when the
    /// walker rides a stair or lift (no samples while riding) or changes floor, so a track has
    /// a sample at every frame from its first to its last, as PedPy's speed methods assume.
    fn record_positions(&mut self, t: f64) {
        let frame = (t / self.sim.scenario.run.contact_sample_s).round() as u64;
        let walkers = self.world.agents().iter().chain(self.kin.iter());
        for a in walkers.filter(|a| a.status == Status::Walking) {
            let i = a.id as usize;
            let walk = self.walk_no.get(i).copied().unwrap_or(0);
            if self.last_sample.len() <= i {
                self.last_sample.resize(i + 1, None);
            }
            let track = match self.last_sample[i] {
                Some((f, floor, w, tr)) if f + 1 == frame && floor == a.floor && w == walk => tr,
                _ => {
                    self.tracks += 1;
                    self.tracks - 1
                }
            };
            self.last_sample[i] = Some((frame, a.floor, walk, track));
            self.traj.push(TrackSample {
                frame,
                track,
                person: a.id,
                floor: a.floor,
                x_m: a.state.pos.x,
                y_m: a.state.pos.y,
                ori: [a.state.orient.x, a.state.orient.y],
            });
        }
    }

    /// Step walkers until `t_end`, sampling contacts on the global grid of
    /// `run.contact_sample_s`.
    ///
    /// Walkers alone move along their routes in one step up to the next contact sample, as long
    /// as none of them can come within the model's cutoff of another walker before then (see
    /// [`Replicate::alone_for_s`]); meanwhile the pedestrian world takes its time steps. The step
    /// is a whole number of time steps, so the clock stays on the same grid.
    fn advance(&mut self, t_end: f64) {
        let dt = self.sim.scenario.run.dt_s;
        let sample = self.sim.scenario.run.contact_sample_s;
        while self.t < t_end - 1e-9 {
            if self.world.agents().is_empty() && self.kin.is_empty() {
                self.t = t_end;
                // The next sample is the first grid point after the idle time.
                while self.next_sample_t <= t_end + 1e-9 {
                    self.next_sample_t += sample;
                }
                return;
            }
            let c0 = self.clock();
            self.regroup();
            let n = if self.kin.is_empty() {
                1
            } else {
                let until = self.next_sample_t.min(t_end) - self.t;
                (self.alone_for_s().min(until) / dt).floor().max(1.0) as u32
            };
            let h = n as f64 * dt;
            if !self.world.agents().is_empty() {
                for k in 0..n {
                    self.world.set_t_s(self.t + k as f64 * dt);
                    self.world.step();
                }
                let pop = &self.pop;
                let r =
                    replan::replan_lost(&mut self.world, &self.sim.nav, self.sim.building, |a| {
                        traveller_of(pop, a.id)
                    });
                self.stats.replans += r.replanned;
                self.stats.replan_failures += r.failed;
            }
            let t_next = self.t + h;
            for a in &mut self.kin {
                kinematic_step(a, h, t_next);
            }
            self.kin_steps += self.kin.len() as u64;
            self.timing.stepping_s += self.lap(c0);
            self.t = t_next;
            // Arrivals and stuck walkers.
            let mut done: Vec<u32> = Vec::new();
            let mut stuck_n = 0;
            for a in self.world.agents().iter().chain(self.kin.iter()) {
                let stuck = matches!(self.state[a.id as usize], State::Walking { started, limit_s, .. } if self.t - started > limit_s);
                if a.status == Status::Done || stuck {
                    done.push(a.id);
                    if stuck && a.status != Status::Done {
                        stuck_n += 1;
                    }
                }
            }
            self.stats.stuck += stuck_n;
            if !done.is_empty() {
                self.world.retain(|a| !done.contains(&a.id));
                self.kin.retain(|a| !done.contains(&a.id));
                for i in done {
                    if let State::Walking { to, act, .. } = self.state[i as usize] {
                        self.finish_walk(i, to, act, self.t);
                    }
                }
            }
            if self.t >= self.next_sample_t - 1e-9 {
                self.sample();
                while self.next_sample_t <= self.t + 1e-9 {
                    self.next_sample_t += sample;
                }
            }
        }
    }

    /// How long every walker alone can keep walking before it could come within the model's
    /// cutoff of another walker (same floor), each at most at its free speed, seconds (infinite
    /// when there is nobody to meet).
    fn alone_for_s(&self) -> f64 {
        let cutoff = self.world.model.cutoff_m;
        let mut best = f64::INFINITY;
        for (k, a) in self.kin.iter().enumerate() {
            for b in self.kin[k + 1..].iter().chain(self.world.agents()) {
                if a.floor != b.floor {
                    continue;
                }
                let gap = (a.state.pos - b.state.pos).norm() - cutoff;
                best = best.min(gap / (a.free_speed_m_s + b.free_speed_m_s).max(1e-9));
            }
        }
        best.max(0.0)
    }

    /// Everyone walking: in the pedestrian world, then the kinematic walkers.
    fn walkers(&self) -> impl Iterator<Item = &Agent> {
        self.world.agents().iter().chain(self.kin.iter())
    }

    /// Put walkers that have another walker within the model's cutoff (same floor) into the
    /// pedestrian world, and the others on the kinematic list. Riding agents stay where they are.
    fn regroup(&mut self) {
        let r2 = self.world.model.cutoff_m.powi(2);
        let all: Vec<(u32, usize, P2, bool, bool)> = self
            .walkers()
            .map(|a| {
                (
                    a.id,
                    a.floor,
                    a.state.pos,
                    a.status == Status::Walking,
                    false,
                )
            })
            .collect();
        let near = |k: usize| {
            let (id, f, p, _, _) = all[k];
            all.iter()
                .any(|&(j, g, q, _, _)| j != id && g == f && (p - q).norm_squared() <= r2)
        };
        let n_world = self.world.agents().len();
        let mut to_kin: Vec<u32> = Vec::new();
        let mut to_world: Vec<u32> = Vec::new();
        for (k, w) in all.iter().enumerate() {
            if !w.3 {
                continue;
            }
            let crowded = near(k);
            if k < n_world && !crowded {
                to_kin.push(w.0);
            } else if k >= n_world && crowded {
                to_world.push(w.0);
            }
        }
        if !to_kin.is_empty() {
            let moving: Vec<Agent> = self
                .world
                .agents()
                .iter()
                .filter(|a| to_kin.contains(&a.id))
                .cloned()
                .collect();
            self.world.retain(|a| !to_kin.contains(&a.id));
            self.kin.extend(moving);
        }
        if !to_world.is_empty() {
            let mut keep = Vec::with_capacity(self.kin.len());
            for a in self.kin.drain(..) {
                if to_world.contains(&a.id) {
                    self.world.add(a);
                } else {
                    keep.push(a);
                }
            }
            self.kin = keep;
        }
    }

    fn sample(&mut self) {
        let c0 = self.clock();
        let b = self.sim.building;
        let t = self.t;
        if self.opts.trajectories {
            self.record_positions(t);
        }
        let walkers: Vec<(u32, usize, P2, Option<Zone>)> = self
            .walkers()
            .filter(|a| a.status == Status::Walking)
            .map(|a| {
                let guess = self.walk_zone.get(a.id as usize).copied().flatten();
                let z = zone_at_near(b, a.floor, a.state.pos, guess.map(|g| g.0));
                (a.id, a.floor, a.state.pos, z)
            })
            .collect();
        for &(i, floor, p, z) in &walkers {
            self.stats.walker_samples += 1;
            match z {
                Some(z) => {
                    if let Some(Some(cur)) = self.walk_zone.get_mut(i as usize)
                        && cur.0 != z
                    {
                        let (z0, since) = *cur;
                        *cur = (z, t);
                        if t > since {
                            self.presence.push(Presence {
                                person: i,
                                zone: z0,
                                t0_s: since,
                                t1_s: t,
                                act: Act::Walk,
                            });
                        }
                    }
                }
                None => {
                    let in_door = b
                        .doors
                        .iter()
                        .any(|d| d.floor == floor && d.span.distance_to(p).0 < 0.3);
                    if !in_door {
                        self.stats.off_walkable_samples += 1;
                    }
                }
            }
        }
        for (n, &(i, floor, p, z)) in walkers.iter().enumerate() {
            let zone = z.unwrap_or(0);
            for &(j, fj, q, _) in &walkers[n + 1..] {
                let d = (p - q).norm();
                if fj == floor && d <= CONTACT_M && b.line_of_sight(floor, p, q) {
                    self.tracker.seen(i, j, t, d, zone);
                }
            }
            let (cx, cy) = cell(p);
            for dx in -1..=1 {
                for dy in -1..=1 {
                    if let Some(v) = self.cells.get(&(floor, cx + dx, cy + dy)) {
                        for &j in v {
                            if let State::Still { loc, .. } = self.state[j as usize] {
                                let d = (loc.p - p).norm();
                                if d <= CONTACT_M
                                    && (if Some(loc.zone) == z {
                                        self.los(loc.zone, floor, p, loc.p)
                                    } else {
                                        b.line_of_sight(floor, p, loc.p)
                                    })
                                {
                                    self.tracker.seen(i, j, t, d, loc.zone);
                                }
                            }
                        }
                    }
                }
            }
        }
        self.tracker.expire(t);
        self.timing.contacts_s += self.lap(c0);
    }

    fn run(mut self, days: u32, progress: &mut dyn FnMut(f64)) -> RunRecord {
        let mut carry = Carry::default();
        for day in 0..days {
            let c0 = self.clock();
            let plan = plan_day(
                self.sim.building,
                &self.sim.spots,
                &mut self.pop,
                self.sim.scenario,
                day,
                &mut carry,
                &mut self.rng,
            );
            self.timing.schedule_s += self.lap(c0);
            self.state.resize(self.pop.people.len(), State::Off);
            let base = day as f64 * 86_400.0;
            let mut events: Vec<(f64, u32, Slot)> = Vec::new();
            for (i, slots) in plan.iter().enumerate() {
                for s in slots {
                    events.push((base + s.t_s, i as u32, *s));
                }
            }
            events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            if day == 0 {
                // Everyone on site at midnight starts at their first place.
                for &(t, i, s) in &events {
                    if t == 0.0
                        && let Some(loc) = s.loc
                    {
                        self.arrive(i, loc, s.act, 0.0);
                    }
                }
            }
            for (t, i, s) in events {
                if day == 0 && t == 0.0 {
                    continue;
                }
                self.advance(t);
                self.event(i, s, t);
            }
            self.advance(base + 86_400.0);
            progress((day + 1) as f64 / days as f64);
        }
        let t_end = days as f64 * 86_400.0;
        // Close everything.
        let walking: Vec<u32> = self.walkers().map(|a| a.id).collect();
        for i in walking {
            self.end_walk_presence(i, t_end);
        }
        for i in 0..self.state.len() as u32 {
            self.leave(i, t_end);
        }
        self.stats.agent_steps = self.world.agent_steps();
        self.stats.kinematic_steps = self.kin_steps;
        self.stats.routes_computed = self.router.computed;
        self.stats.route_requests = self.router.requests;
        let people = self
            .pop
            .people
            .iter()
            .map(|p| PersonInfo {
                role: p.role,
                agency: p.agency,
                group: p.group,
                bedroom: p
                    .bedroom
                    .or_else(|| p.visiting.and_then(|r| self.pop.people[r as usize].bedroom)),
                toilet: p.toilet,
            })
            .collect();
        let mut presence = self.presence;
        presence.sort_by(|a, b| a.t0_s.total_cmp(&b.t0_s).then(a.person.cmp(&b.person)));
        RunRecord {
            replicate: 0,
            days,
            people,
            presence,
            contacts: self.tracker.finish(t_end),
            trajectories: self.traj,
            stats: self.stats,
            timing: self.timing,
        }
    }
}

/// Who person `i` is, as routing rules care.
fn traveller_of(pop: &Population, i: u32) -> Traveller {
    let p = &pop.people[i as usize];
    match p.role {
        Role::Resident => Traveller {
            role: nav::Role::Resident,
            step_free: p.mobility.mobility().step_free(),
        },
        Role::Visitor => Traveller::new(nav::Role::Visitor),
        _ => Traveller::new(nav::Role::Staff),
    }
}

/// Move a walker alone along its waypoints at its free speed (slowed near doors as the pedestrian
/// model does), exactly on the route. Rides on stairs and lifts take their time.
fn kinematic_step(a: &mut Agent, dt: f64, t_next: f64) {
    if let Status::Riding { until_s } = a.status {
        if t_next < until_s {
            return;
        }
        if a.next < a.path.len() {
            let wp = a.path[a.next];
            a.floor = wp.floor;
            a.state.pos = wp.p;
            a.leg_start = wp.p;
            a.next = (a.next + 1).min(a.path.len() - 1);
        }
        a.status = Status::Walking;
    }
    if a.status != Status::Walking {
        return;
    }
    let mut budget = a.free_speed_m_s * dt;
    while budget > 1e-12 {
        let wp = a.path[a.next];
        if wp.floor != a.floor {
            a.status = Status::Done;
            return;
        }
        let to = wp.p - a.state.pos;
        let d = to.norm();
        let factor = if wp.portal.is_some() && d < 1.0 {
            a.mobility.door_speed_factor()
        } else {
            1.0
        };
        let step = budget * factor;
        if d > step {
            a.state.pos += to * (step / d);
            a.state.vel = to * (a.free_speed_m_s * factor / d);
            a.state.orient = to / d;
            return;
        }
        a.state.pos = wp.p;
        budget -= d / factor;
        a.leg_start = wp.p;
        if a.next + 1 >= a.path.len() {
            a.arrived_s = Some(t_next);
            a.status = Status::Done;
            return;
        }
        a.next += 1;
        if wp.ride_s > 0.0 {
            a.status = Status::Riding {
                until_s: t_next + wp.ride_s,
            };
            return;
        }
    }
}

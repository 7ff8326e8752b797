//! Navigation: where people walk between two points of a [`Building`].
//!
//! The routing graph has one node on each side of every door (a *portal point*, `portal_depth_m`
//! in front of the door centre, on the door's normal) and one node in each room a stair or lift
//! joins. Inside a room (or outdoor area) nodes are joined by the shortest path that keeps
//! `clearance_m` from the walls ([`room::Walkable`], a visibility graph of reflex corners); these
//! door-to-door paths are computed once when the graph is built (the route cache between doors).
//! A query runs Dijkstra from the start point to the end point over that graph, applying the rules:
//!
//! - private rooms (bedrooms, en-suites) are never through-routes: a route may only cross the
//!   private rooms of its start's and end's own suite (a bedroom and its en-suite);
//! - `locked` doors are closed to everyone, `staff_only` doors to everyone but staff;
//! - stairs cost their climb at `stair_speed_factor` of level walking speed and are closed to
//!   step-free travellers (wheelchairs, walking frames); lifts cost a wait plus the ride.
//!
//! Costs are metres of level walking at `reference_speed_m_s` (time on stairs and in lifts is
//! converted at that speed).

pub mod room;

use crate::building::{Building, Side};
use crate::geom::{self, P2, V2};
use crate::plan::{DoorKind, VerticalKind};
use room::{Item, Walkable};
use std::collections::{BinaryHeap, HashMap};

/// Who is walking, as far as routing rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Resident,
    Staff,
    Visitor,
}

/// A traveller: role and whether the route must be step-free (no stairs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Traveller {
    pub role: Role,
    pub step_free: bool,
}

impl Traveller {
    pub fn new(role: Role) -> Self {
        Self {
            role,
            step_free: false,
        }
    }
}

/// Parameters of the navigation graph.
#[derive(Clone, Debug)]
pub struct NavParams {
    /// Distance kept from reflex wall corners, metres. 0.3 m: a shoulder half-width of 0.25 m
    /// (Weidmann 1993 body ellipse 0.5 m × 0.3 m) plus a small margin.
    pub clearance_m: f64,
    /// Distance of a portal point in front of its door centre, metres.
    pub portal_depth_m: f64,
    /// Level walking speed used to turn stair and lift time into metres of cost, m/s.
    pub reference_speed_m_s: f64,
    /// Speed on stairs (along the slope) as a fraction of level speed. Fruin (1971) and
    /// Fujiyama & Tyler (2010) measure ≈0.5–0.7 for adults; we take 0.5 for older people.
    pub stair_speed_factor: f64,
    /// Length along the slope of a stair per metre of rise: 1/sin(32°) ≈ 1.9 for a 175/280 mm
    /// step (Approved Document K, private stair maximum pitch 42°, common stairs ≈32°).
    pub stair_length_per_rise: f64,
    /// Mean wait for a lift car, seconds (assumption; a care-home lift serves few floors).
    pub lift_wait_s: f64,
    /// Lift car speed, m/s (typical low-rise hydraulic or traction lift 0.6–1.0 m/s).
    pub lift_speed_m_s: f64,
    /// Door open/close time added to a lift ride, seconds.
    pub lift_doors_s: f64,
    /// Default lift capacity when the plan gives none, persons (EN 81-20 8-person 630 kg car).
    pub lift_capacity_persons: u32,
    /// A route changes direction where its heading turns by more than this, degrees.
    pub turn_threshold_deg: f64,
}

impl Default for NavParams {
    fn default() -> Self {
        Self {
            clearance_m: 0.3,
            portal_depth_m: 0.4,
            reference_speed_m_s: 1.0,
            stair_speed_factor: 0.5,
            stair_length_per_rise: 1.9,
            lift_wait_s: 30.0,
            lift_speed_m_s: 0.6,
            lift_doors_s: 10.0,
            lift_capacity_persons: 8,
            turn_threshold_deg: 20.0,
        }
    }
}

/// A place: a point on a floor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub floor: usize,
    pub p: P2,
}

/// The part of a route on one floor.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub floor: usize,
    pub points: Vec<P2>,
    /// For each point, the door whose centre it is (portals the walker must pass through).
    pub doors: Vec<Option<usize>>,
}

/// A ride on a stair or lift between two legs.
#[derive(Clone, Debug, PartialEq)]
pub struct VerticalStep {
    pub link: usize,
    pub kind: VerticalKind,
    pub from_floor: usize,
    pub to_floor: usize,
    /// Time on the stair or in the lift (lift: wait + ride), seconds, at reference speed.
    pub time_s: f64,
    pub capacity_persons: Option<u32>,
}

/// A route between two places.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// One leg per floor visited, in order; `vertical[i]` joins `legs[i]` and `legs[i + 1]`.
    pub legs: Vec<Leg>,
    pub vertical: Vec<VerticalStep>,
    /// Walking length (level), metres.
    pub length_m: f64,
    /// The routing cost: walking length plus stair and lift time at reference speed, metres.
    pub cost_m: f64,
    /// Number of turns larger than `turn_threshold_deg`.
    pub direction_changes: u32,
    /// Doors passed, in order.
    pub doors: Vec<usize>,
    /// Rooms and outdoor areas passed, in order, start and end included.
    pub spaces: Vec<Side>,
}

impl Route {
    /// All points of the route with their floors.
    pub fn points(&self) -> impl Iterator<Item = (usize, P2)> + '_ {
        self.legs
            .iter()
            .flat_map(|l| l.points.iter().map(move |&p| (l.floor, p)))
    }
}

/// Why there is no route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NavError {
    /// The point is in no room or outdoor area of that floor.
    NotWalkable { floor: usize },
    /// No route obeys the rules for this traveller.
    NoRoute,
}

impl std::fmt::Display for NavError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NavError::NotWalkable { floor } => {
                write!(
                    f,
                    "the point is in no room or outdoor area on floor {floor}"
                )
            }
            NavError::NoRoute => write!(f, "no route obeys the rules for this traveller"),
        }
    }
}

impl std::error::Error for NavError {}

/// What a routing node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    /// The side `side` (0 or 1) of door `door`.
    Portal { door: usize, side: usize },
    /// The end of vertical link `link` in its room `side` (0 or 1).
    Lift { link: usize, side: usize },
}

#[derive(Clone, Debug)]
struct Node {
    kind: NodeKind,
    space: usize,
    p: P2,
    /// The node across the door or link, and the cost of getting there, metres.
    across: Option<(usize, f64)>,
}

#[derive(Clone, Debug)]
struct Space {
    side: Side,
    floor: usize,
    private: bool,
    ensuite: bool,
    walk: Walkable,
    /// Routing nodes in this space.
    nodes: Vec<usize>,
    /// Cached paths between its nodes: `paths[i * nodes.len() + j]`.
    paths: Vec<Option<(Vec<P2>, f64)>>,
}

/// The navigation graph of a building.
#[derive(Clone, Debug)]
pub struct NavGraph {
    pub params: NavParams,
    spaces: Vec<Space>,
    nodes: Vec<Node>,
    /// Local index of each node in its space's `nodes`.
    local: Vec<usize>,
    /// Door kinds, by door index.
    door_kind: Vec<DoorKind>,
    /// Per link: (kind, time_s, capacity).
    links: Vec<(VerticalKind, f64, Option<u32>)>,
    n_rooms: usize,
}

impl NavGraph {
    pub fn new(b: &Building) -> Self {
        Self::with_params(b, NavParams::default())
    }

    pub fn with_params(b: &Building, params: NavParams) -> Self {
        let n_rooms = b.rooms.len();
        let mut spaces: Vec<Space> = b
            .rooms
            .iter()
            .enumerate()
            .map(|(i, r)| Space {
                side: Side::Room(i),
                floor: r.floor,
                private: r.room_use.is_private(),
                ensuite: r.room_use == crate::plan::RoomUse::Ensuite,
                walk: Walkable::new(r.polygon.clone(), params.clearance_m),
                nodes: Vec::new(),
                paths: Vec::new(),
            })
            .collect();
        for (k, o) in b.outdoor.iter().enumerate() {
            spaces.push(Space {
                side: Side::Outdoor(k),
                floor: o.floor,
                private: false,
                ensuite: false,
                walk: Walkable::new(o.polygon.clone(), params.clearance_m),
                nodes: Vec::new(),
                paths: Vec::new(),
            });
        }
        let space_of = |s: Side| match s {
            Side::Room(i) => Some(i),
            Side::Outdoor(k) => Some(n_rooms + k),
            Side::Outside => None,
        };
        let mut nodes: Vec<Node> = Vec::new();
        for (d, door) in b.doors.iter().enumerate() {
            let t = door.span.vector();
            let len = t.norm();
            if len <= 0.0 {
                continue;
            }
            let normal = V2::new(-t.y, t.x) / len;
            let mut ids = [usize::MAX; 2];
            for (side, s) in door.sides.iter().enumerate() {
                let Some(sp) = space_of(*s) else { continue };
                let poly = &spaces[sp].walk.polygon;
                // In a wall with thickness the centre is mid-wall: look past the half depth.
                let half = door.depth_m / 2.0;
                let sign = if geom::contains(poly, door.centre + normal * (half + 0.02)) {
                    1.0
                } else {
                    -1.0
                };
                let mut depth = params.portal_depth_m;
                let mut p = door.centre + normal * (sign * (half + depth));
                while !geom::contains(poly, p) && depth > 0.02 {
                    depth *= 0.5;
                    p = door.centre + normal * (sign * (half + depth));
                }
                if !geom::contains(poly, p) {
                    continue;
                }
                ids[side] = nodes.len();
                nodes.push(Node {
                    kind: NodeKind::Portal { door: d, side },
                    space: sp,
                    p,
                    across: None,
                });
            }
            if ids[0] != usize::MAX && ids[1] != usize::MAX {
                let c =
                    (nodes[ids[0]].p - door.centre).norm() + (nodes[ids[1]].p - door.centre).norm();
                nodes[ids[0]].across = Some((ids[1], c));
                nodes[ids[1]].across = Some((ids[0], c));
            }
        }
        let mut links = Vec::new();
        for (v, link) in b.vertical.iter().enumerate() {
            let [ra, rb] = link.rooms;
            let rise_m = (b.floors[b.rooms[ra].floor].elevation_m
                - b.floors[b.rooms[rb].floor].elevation_m)
                .abs();
            let time_s = link.travel_time_s.unwrap_or(match link.kind {
                VerticalKind::Stair => {
                    rise_m * params.stair_length_per_rise
                        / (params.stair_speed_factor * params.reference_speed_m_s)
                }
                VerticalKind::Lift => rise_m / params.lift_speed_m_s + params.lift_doors_s,
            }) + match link.kind {
                VerticalKind::Lift => params.lift_wait_s,
                VerticalKind::Stair => 0.0,
            };
            let capacity = match link.kind {
                VerticalKind::Lift => Some(
                    link.capacity_persons
                        .unwrap_or(params.lift_capacity_persons),
                ),
                VerticalKind::Stair => None,
            };
            links.push((link.kind, time_s, capacity));
            let mut ids = [usize::MAX; 2];
            for (side, &r) in [ra, rb].iter().enumerate() {
                let room = &b.rooms[r];
                let p = if geom::contains(&room.polygon, room.centroid) {
                    room.centroid
                } else {
                    match nodes.iter().find(|n| n.space == r) {
                        Some(n) => n.p,
                        None => continue,
                    }
                };
                ids[side] = nodes.len();
                nodes.push(Node {
                    kind: NodeKind::Lift { link: v, side },
                    space: r,
                    p,
                    across: None,
                });
            }
            if ids[0] != usize::MAX && ids[1] != usize::MAX {
                let c = time_s * params.reference_speed_m_s;
                nodes[ids[0]].across = Some((ids[1], c));
                nodes[ids[1]].across = Some((ids[0], c));
            }
        }
        let mut local = vec![0; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            local[i] = spaces[n.space].nodes.len();
            spaces[n.space].nodes.push(i);
        }
        for sp in &mut spaces {
            let m = sp.nodes.len();
            let mut paths = vec![None; m * m];
            for i in 0..m {
                for j in i + 1..m {
                    let (a, bp) = (nodes[sp.nodes[i]].p, nodes[sp.nodes[j]].p);
                    if let Some((pts, len)) = sp.walk.path(a, bp) {
                        let mut rev = pts.clone();
                        rev.reverse();
                        paths[i * m + j] = Some((pts, len));
                        paths[j * m + i] = Some((rev, len));
                    }
                }
            }
            sp.paths = paths;
        }
        NavGraph {
            params,
            spaces,
            nodes,
            local,
            door_kind: b.doors.iter().map(|d| d.kind).collect(),
            links,
            n_rooms,
        }
    }

    /// The space (room or outdoor area) containing a place.
    fn space_at(&self, b: &Building, at: Place) -> Option<usize> {
        if let Some(r) = b.room_at(at.floor, at.p) {
            return Some(r);
        }
        (self.n_rooms..self.spaces.len()).find(|&s| {
            self.spaces[s].floor == at.floor && geom::contains(&self.spaces[s].walk.polygon, at.p)
        })
    }

    /// The private rooms a route from or to `space` may cross: the space itself and, when it is
    /// private, its suite: a bedroom's en-suites, or an en-suite's bedroom (never a neighbour's
    /// bedroom behind a connecting door).
    fn suite(&self, space: usize, out: &mut Vec<usize>) {
        out.push(space);
        if !self.spaces[space].private {
            return;
        }
        for &n in &self.spaces[space].nodes {
            if let Some((o, _)) = self.nodes[n].across {
                let s = self.nodes[o].space;
                let (a, b) = (&self.spaces[space], &self.spaces[s]);
                if b.private && (a.ensuite || b.ensuite) {
                    out.push(s);
                }
            }
        }
    }

    fn may_cross(&self, node: usize, who: Traveller) -> bool {
        match self.nodes[node].kind {
            NodeKind::Portal { door, .. } => match self.door_kind[door] {
                DoorKind::Locked => false,
                DoorKind::StaffOnly => who.role == Role::Staff,
                _ => true,
            },
            NodeKind::Lift { link, .. } => {
                !(who.step_free && self.links[link].0 == VerticalKind::Stair)
            }
        }
    }

    /// The shortest route from `from` to `to` for `who`, obeying the rules in the module docs.
    pub fn route(
        &self,
        b: &Building,
        from: Place,
        to: Place,
        who: Traveller,
    ) -> Result<Route, NavError> {
        let s0 = self
            .space_at(b, from)
            .ok_or(NavError::NotWalkable { floor: from.floor })?;
        let t0 = self
            .space_at(b, to)
            .ok_or(NavError::NotWalkable { floor: to.floor })?;
        if s0 == t0
            && let Some((pts, len)) = self.spaces[s0].walk.path(from.p, to.p)
        {
            return Ok(self.assemble(b, from, vec![(pts, None)], len, len));
        }
        let mut allowed = Vec::new();
        self.suite(s0, &mut allowed);
        self.suite(t0, &mut allowed);
        // States: 2 * node + 0 = standing at the node having entered its space (may walk across
        // the space); 2 * node + 1 = at the node ready to leave through its door or link.
        // State 2 * n = the end point.
        let n = self.nodes.len();
        let end = 2 * n;
        let mut dist = vec![f64::INFINITY; 2 * n + 1];
        let mut prev = vec![usize::MAX; 2 * n + 1];
        let mut heap = BinaryHeap::new();
        let start = usize::MAX - 1;
        let sp = &self.spaces[s0];
        for &u in &sp.nodes {
            if let Some((_, len)) = sp.walk.path(from.p, self.nodes[u].p) {
                let st = 2 * u + 1;
                if len < dist[st] {
                    dist[st] = len;
                    prev[st] = start;
                    heap.push(Item(len, st));
                }
            }
        }
        while let Some(Item(d, st)) = heap.pop() {
            if d > dist[st] {
                continue;
            }
            if st == end {
                break;
            }
            let u = st / 2;
            let node = &self.nodes[u];
            let mut relax = |to: usize, c: f64, heap: &mut BinaryHeap<Item>| {
                let nd = d + c;
                if nd < dist[to] {
                    dist[to] = nd;
                    prev[to] = st;
                    heap.push(Item(nd, to));
                }
            };
            if st % 2 == 1 {
                if let Some((o, c)) = node.across
                    && self.may_cross(u, who)
                {
                    relax(2 * o, c, &mut heap);
                }
            } else {
                let space = &self.spaces[node.space];
                if node.space == t0
                    && let Some((_, len)) = space.walk.path(node.p, to.p)
                {
                    relax(end, len, &mut heap);
                }
                if space.private && !allowed.contains(&node.space) {
                    continue;
                }
                let m = space.nodes.len();
                let i = self.local[u];
                for j in 0..m {
                    if j == i {
                        continue;
                    }
                    if let Some((_, len)) = &space.paths[i * m + j] {
                        relax(2 * space.nodes[j] + 1, *len, &mut heap);
                    }
                }
            }
        }
        if !dist[end].is_finite() {
            return Err(NavError::NoRoute);
        }
        // Walk back through the states.
        let mut states = vec![end];
        let mut st = prev[end];
        while st != start {
            states.push(st);
            st = prev[st];
        }
        states.reverse();
        // Pieces: polylines with the link taken after them.
        let mut pieces: Vec<(Vec<P2>, Option<usize>)> = Vec::new();
        let first = states[0] / 2;
        let (p0, _) = self.spaces[s0]
            .walk
            .path(from.p, self.nodes[first].p)
            .expect("path found during search");
        let mut cur: Vec<P2> = p0;
        let mut length = 0.0;
        for w in states.windows(2) {
            let (a, bst) = (w[0], w[1]);
            let u = a / 2;
            if bst == end {
                let (pts, _) = self.spaces[t0]
                    .walk
                    .path(self.nodes[u].p, to.p)
                    .expect("path found during search");
                cur.extend_from_slice(&pts[1..]);
                continue;
            }
            let v = bst / 2;
            if a % 2 == 1 {
                // Across a door or a link.
                match self.nodes[u].kind {
                    NodeKind::Portal { door, .. } => {
                        cur.push(b.doors[door].centre);
                        cur.push(self.nodes[v].p);
                    }
                    NodeKind::Lift { link, .. } => {
                        pieces.push((std::mem::take(&mut cur), Some(link)));
                        cur.push(self.nodes[v].p);
                    }
                }
            } else {
                let space = &self.spaces[self.nodes[u].space];
                let m = space.nodes.len();
                let (pts, _) = space.paths[self.local[u] * m + self.local[v]]
                    .as_ref()
                    .expect("path found during search");
                cur.extend_from_slice(&pts[1..]);
            }
        }
        pieces.push((cur, None));
        for (pts, _) in &pieces {
            length += pts.windows(2).map(|w| (w[1] - w[0]).norm()).sum::<f64>();
        }
        Ok(self.assemble(b, from, pieces, length, dist[end]))
    }

    /// Build a [`Route`] from polylines separated by vertical links.
    fn assemble(
        &self,
        b: &Building,
        from: Place,
        pieces: Vec<(Vec<P2>, Option<usize>)>,
        length_m: f64,
        cost_m: f64,
    ) -> Route {
        let mut legs = Vec::new();
        let mut vertical = Vec::new();
        let mut doors = Vec::new();
        let mut spaces: Vec<Side> = Vec::new();
        let mut floor = from.floor;
        let mut turns = 0;
        let cos_t = self.params.turn_threshold_deg.to_radians().cos();
        for (pts, link) in pieces {
            let mut pts_dedup: Vec<P2> = Vec::with_capacity(pts.len());
            for p in pts {
                if pts_dedup.last().is_none_or(|q: &P2| (p - q).norm() > 1e-9) {
                    pts_dedup.push(p);
                }
            }
            let mut leg_doors = Vec::with_capacity(pts_dedup.len());
            for &p in &pts_dedup {
                let d = b
                    .doors
                    .iter()
                    .position(|d| d.floor == floor && (d.centre - p).norm() < 1e-9);
                if let Some(d) = d {
                    doors.push(d);
                }
                leg_doors.push(d);
                if d.is_none() {
                    let s = self
                        .space_at(b, Place { floor, p })
                        .map(|s| self.spaces[s].side);
                    if let Some(s) = s
                        && spaces.last() != Some(&s)
                    {
                        spaces.push(s);
                    }
                }
            }
            for w in pts_dedup.windows(3) {
                let (u, v) = (w[1] - w[0], w[2] - w[1]);
                if u.dot(&v) < cos_t * u.norm() * v.norm() {
                    turns += 1;
                }
            }
            legs.push(Leg {
                floor,
                points: pts_dedup,
                doors: leg_doors,
            });
            if let Some(l) = link {
                let (kind, time_s, capacity) = self.links[l];
                let [ra, rb] = b.vertical[l].rooms;
                let (fa, fb) = (b.rooms[ra].floor, b.rooms[rb].floor);
                let to_floor = if fa == floor { fb } else { fa };
                vertical.push(VerticalStep {
                    link: l,
                    kind,
                    from_floor: floor,
                    to_floor,
                    time_s,
                    capacity_persons: capacity,
                });
                floor = to_floor;
            }
        }
        Route {
            legs,
            vertical,
            length_m,
            cost_m,
            direction_changes: turns,
            doors,
            spaces,
        }
    }

    /// A route between two rooms, from the centroid of one to the centroid of the other (or the
    /// nearest portal point when a centroid falls outside its room).
    pub fn route_rooms(
        &self,
        b: &Building,
        from_room: usize,
        to_room: usize,
        who: Traveller,
    ) -> Result<Route, NavError> {
        let place = |r: usize| {
            let room = &b.rooms[r];
            let p = if geom::contains(&room.polygon, room.centroid) {
                room.centroid
            } else {
                self.spaces[r]
                    .nodes
                    .first()
                    .map(|&n| self.nodes[n].p)
                    .unwrap_or(room.centroid)
            };
            Place {
                floor: room.floor,
                p,
            }
        };
        self.route(b, place(from_room), place(to_room), who)
    }
}

/// Memoised room-to-room routes, owned by the caller (a simulation asks for the same few hundred
/// routes many thousands of times a day).
#[derive(Debug, Default)]
pub struct RouteCache {
    map: HashMap<(usize, usize, Traveller), Result<Route, NavError>>,
}

impl RouteCache {
    pub fn get(
        &mut self,
        nav: &NavGraph,
        b: &Building,
        from_room: usize,
        to_room: usize,
        who: Traveller,
    ) -> Result<&Route, &NavError> {
        self.map
            .entry((from_room, to_room, who))
            .or_insert_with(|| nav.route_rooms(b, from_room, to_room, who))
            .as_ref()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

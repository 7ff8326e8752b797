//! Routing on the bundled plans and care-home meetings: routes arrive, never cross a wall, never
//! pass through someone else's bedroom; a wheelchair and a walker pass in a 1.2 m corridor;
//! same seed, same trajectories.

mod common;

use carehome::building::Building;
use carehome::geom::{P2, Segment, segments_cross};
use carehome::nav::{NavGraph, Role, Traveller};
use carehome::ped::{Agent, CARE_HOME_TIME_GAP_S, Cfsm, Geometry, Mobility, World, WorldParams};
use carehome::plan::RoomUse;
use common::{bundled, p, plan, rect};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

const PLANS: [&str; 4] = [
    "legacy-corridor",
    "household-newbuild",
    "green-house",
    "victorian-conversion",
];

/// Brute force over every wall of the floor: does the segment touch a solid wall?
fn crosses_wall(b: &Building, floor: usize, s: &Segment) -> bool {
    b.walls
        .iter()
        .any(|w| w.floor == floor && segments_cross(s, &w.segment))
}

/// The bedrooms a route may enter: its start and end rooms and, for an en-suite, its bedroom.
fn own_bedrooms(b: &Building, room: usize) -> Vec<usize> {
    let mut v = vec![room];
    if b.rooms[room].room_use == RoomUse::Ensuite {
        v.extend(b.adjacent_rooms(room).map(|(_, j)| j));
    }
    v
}

#[test]
fn random_routes_on_bundled_plans() {
    for name in PLANS {
        let b = bundled(name);
        let nav = NavGraph::new(&b);
        let mut rng = ChaCha8Rng::seed_from_u64(2024);
        // Rooms anyone may go to: not staff-only.
        let rooms: Vec<usize> = (0..b.rooms.len())
            .filter(|&r| !b.is_staff_only(r))
            .collect();
        let (mut walked, mut total_len) = (0, 0.0);
        for k in 0..200 {
            let a = rooms[(rng.next_u64() % rooms.len() as u64) as usize];
            let z = rooms[(rng.next_u64() % rooms.len() as u64) as usize];
            let who = Traveller::new(Role::Staff);
            let route = nav
                .route_rooms(&b, a, z, who)
                .unwrap_or_else(|e| panic!("{name}: {} -> {}: {e}", b.rooms[a].id, b.rooms[z].id));
            total_len += route.length_m;
            let allowed: Vec<usize> = own_bedrooms(&b, a)
                .into_iter()
                .chain(own_bedrooms(&b, z))
                .collect();
            for leg in &route.legs {
                for w in leg.points.windows(2) {
                    let s = Segment::new(w[0], w[1]);
                    assert!(
                        !crosses_wall(&b, leg.floor, &s),
                        "{name}: route {} -> {} crosses a wall at {:?}",
                        b.rooms[a].id,
                        b.rooms[z].id,
                        s
                    );
                    // Sample the segment every 0.1 m: no foreign bedroom.
                    let n = (s.length_m() / 0.1).ceil().max(1.0) as usize;
                    for i in 0..=n {
                        let q = s.a + s.vector() * (i as f64 / n as f64);
                        if let Some(r) = b.room_at(leg.floor, q) {
                            assert!(
                                b.rooms[r].room_use != RoomUse::Bedroom || allowed.contains(&r),
                                "{name}: route {} -> {} passes through bedroom {}",
                                b.rooms[a].id,
                                b.rooms[z].id,
                                b.rooms[r].id
                            );
                        }
                    }
                }
            }
            // Walk every 10th route with the operational model: it arrives.
            if k % 10 == 0 && route.vertical.is_empty() {
                let start = route.legs[0].points[0];
                let agent = Agent::new(0, route.legs[0].floor, start, 1.0, Mobility::Independent)
                    .with_time_gap(CARE_HOME_TIME_GAP_S)
                    .with_route(&route, &b);
                // In the configuration the daily-life simulation runs, re-planning as it does.
                let mut w = World::new(
                    Cfsm::care_home(),
                    Geometry::from_building(&b),
                    WorldParams::care_home(0.1),
                );
                w.add(agent);
                let t_max = 3.0 * route.length_m + 20.0;
                let mut last = start;
                while w.t_s() < t_max && !w.all_arrived() {
                    w.step();
                    carehome::ped::replan::replan_lost(&mut w, &nav, &b, |_| who);
                    let a = &w.agents()[0];
                    let s = Segment::new(last, a.state.pos);
                    assert!(
                        b.walls_crossing(a.floor, s.a, s.b).next().is_none(),
                        "{name}: agent crossed a wall at {:?}",
                        s
                    );
                    last = a.state.pos;
                }
                assert!(
                    w.all_arrived(),
                    "{name}: agent on {} -> {} did not arrive",
                    b.rooms[a].id,
                    b.rooms[z].id
                );
                walked += 1;
            }
        }
        println!(
            "{name}: 200 routes, mean length {:.1} m, {walked} walked",
            total_len / 200.0
        );
    }
}

/// Locked doors close a route; staff-only doors close it to residents but not to staff; a
/// resident never walks through another bedroom even when it is the short way.
#[test]
fn door_rules_and_private_rooms() {
    // Two bedrooms side by side, both opening onto a corridor; a door between them (a connecting
    // door) would be the short way from B1 to the lounge L beyond B2, but B2 is private.
    let b = plan(
        &[
            ("B1", "bedroom", rect(0.0, 0.0, 4.0, 4.0)),
            ("B2", "bedroom", rect(4.0, 0.0, 8.0, 4.0)),
            ("L", "lounge", rect(8.0, 0.0, 12.0, 4.0)),
            ("C", "entrance", rect(0.0, 4.0, 12.0, 6.0)),
        ],
        &[
            ("D1", ["B1", "C"], [2.0, 4.0], 0.9),
            ("D2", ["B2", "C"], [6.0, 4.0], 0.9),
            ("D12", ["B1", "B2"], [4.0, 2.0], 0.9),
            ("D2L", ["B2", "L"], [8.0, 2.0], 0.9),
            ("DL", ["L", "C"], [10.0, 4.0], 0.9),
            ("X", ["C", "outside"], [0.0, 5.0], 1.2),
        ],
    );
    let nav = NavGraph::new(&b);
    let (b1, b2, l) = (
        b.room_index("B1").unwrap(),
        b.room_index("B2").unwrap(),
        b.room_index("L").unwrap(),
    );
    let r = nav
        .route_rooms(&b, b1, l, Traveller::new(Role::Resident))
        .unwrap();
    assert!(
        !r.spaces.contains(&carehome::building::Side::Room(b2)),
        "{:?}",
        r.spaces
    );
    // Going to B2 itself may use the connecting door: B1 centroid (2,2) -> D12 -> B2 centroid (6,2).
    let r = nav
        .route_rooms(&b, b1, b2, Traveller::new(Role::Resident))
        .unwrap();
    assert!((r.length_m - 4.0).abs() < 1e-9, "{}", r.length_m);
    assert_eq!(r.direction_changes, 0);
}

#[test]
fn staff_only_and_locked_doors() {
    let mk = |kind: &str| {
        let v = serde_json::json!({
            "schema": "carehome-plan/1", "name": "t",
            "floors": [{ "id": "G",
                "rooms": [
                    { "id": "E", "use": "entrance", "polygon": rect(0.0, 0.0, 4.0, 4.0) },
                    { "id": "S", "use": "store", "polygon": rect(4.0, 0.0, 8.0, 4.0) }
                ],
                "doors": [
                    { "id": "D", "rooms": ["E", "S"], "at": [4.0, 2.0], "width_m": 0.9, "kind": kind },
                    { "id": "X", "rooms": ["E", "outside"], "at": [0.0, 2.0], "width_m": 1.2 }
                ]}]
        });
        let plan = carehome::plan::from_json_str(&v.to_string()).unwrap();
        carehome::building::resolve(&plan).building.unwrap()
    };
    let b = mk("staff_only");
    let nav = NavGraph::new(&b);
    assert!(
        nav.route_rooms(&b, 0, 1, Traveller::new(Role::Staff))
            .is_ok()
    );
    assert!(
        nav.route_rooms(&b, 0, 1, Traveller::new(Role::Resident))
            .is_err()
    );
    let b = mk("locked");
    let nav = NavGraph::new(&b);
    assert!(
        nav.route_rooms(&b, 0, 1, Traveller::new(Role::Staff))
            .is_err()
    );
}

/// A 1.2 m corridor, 20 m long: a wheelchair user going east meets a walking-frame user going
/// west; both must reach the far end (no deadlock) and stay inside the corridor.
#[test]
fn wheelchair_and_walker_pass_in_1_2_m_corridor() {
    let poly = [p(0.0, 0.0), p(20.0, 0.0), p(20.0, 1.2), p(0.0, 1.2)];
    let mut w = World::new(
        Cfsm::care_home(),
        Geometry::from_polygon(&poly),
        WorldParams::default(),
    );
    let wp = |x: f64| vec![carehome::ped::Waypoint::at(0, p(x, 0.6))];
    w.add(
        Agent::new(0, 0, p(1.0, 0.6), 0.7, Mobility::Wheelchair)
            .with_time_gap(CARE_HOME_TIME_GAP_S)
            .with_waypoints(wp(19.0)),
    );
    w.add(
        Agent::new(1, 0, p(19.0, 0.6), 0.6, Mobility::WalkingAid)
            .with_time_gap(CARE_HOME_TIME_GAP_S)
            .with_waypoints(wp(1.0)),
    );
    // Free-walking times: 18/0.7 = 25.7 s and 18/0.6 = 30 s; allow twice that.
    while w.t_s() < 60.0 && !w.all_arrived() {
        w.step();
        for a in w.agents() {
            let q: P2 = a.state.pos;
            assert!(
                q.y > 0.0 && q.y < 1.2 && q.x > 0.0 && q.x < 20.0,
                "left the corridor: {q:?}"
            );
        }
    }
    let t: Vec<_> = w.agents().iter().map(|a| a.arrived_s).collect();
    println!("passing in 1.2 m corridor: arrival times {t:?}");
    assert!(w.all_arrived(), "deadlock: {t:?}");
}

/// Same seed, same trajectories, bit for bit, with 1 or 2 threads.
#[test]
fn determinism() {
    let b = bundled("legacy-corridor");
    let nav = NavGraph::new(&b);
    let run = |threads: usize| {
        let mut rng = ChaCha8Rng::seed_from_u64(99);
        let rooms: Vec<usize> = (0..b.rooms.len())
            .filter(|&r| !b.is_staff_only(r))
            .collect();
        let mut w = World::new(
            Cfsm::care_home(),
            Geometry::from_building(&b),
            WorldParams {
                threads,
                ..WorldParams::default()
            },
        );
        let mut k = 0;
        while k < 80 {
            let a = rooms[(rng.next_u64() % rooms.len() as u64) as usize];
            let z = rooms[(rng.next_u64() % rooms.len() as u64) as usize];
            if let Ok(r) = nav.route_rooms(&b, a, z, Traveller::new(Role::Staff))
                && r.vertical.is_empty()
            {
                let jitter =
                    P2::new(0.0, 0.0) + carehome::geom::V2::new(0.01 * k as f64 % 0.1, 0.0);
                let s = r.legs[0].points[0] + (jitter - P2::origin());
                w.add(
                    Agent::new(k, r.legs[0].floor, s, 1.0, Mobility::Independent)
                        .with_route(&r, &b),
                );
                k += 1;
            }
        }
        let mut rows = Vec::new();
        for _ in 0..1500 {
            w.step();
            w.record(&mut rows);
        }
        rows
    };
    let a = run(1);
    let b2 = run(1);
    let c = run(2);
    assert!(!a.is_empty());
    assert!(
        a.iter()
            .zip(&b2)
            .all(|(x, y)| x.x_m.to_bits() == y.x_m.to_bits() && x.y_m.to_bits() == y.y_m.to_bits())
            && a.len() == b2.len()
    );
    assert!(
        a.iter()
            .zip(&c)
            .all(|(x, y)| x.x_m.to_bits() == y.x_m.to_bits() && x.y_m.to_bits() == y.y_m.to_bits())
            && a.len() == c.len()
    );
}

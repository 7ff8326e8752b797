//! carehome side of the peer benchmark against JuPedSim (run by benches/peer/jupedsim.sh).
//!
//! `cargo run --release --example peer -- open N STEPS` and `... -- carehome MINUTES`; the
//! scenarios match benches/peer/jupedsim_peer.py (same starts, targets, dt 0.01 s, CFSM with
//! JuPedSim's default parameters, one thread). Prints the same one-line summary.

use carehome::geom::P2;
use carehome::nav::{NavGraph, Place, Role, Traveller};
use carehome::ped::{Agent, Cfsm, Geometry, Mobility, Waypoint, World, WorldParams};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("open") => open_room(args[2].parse().unwrap(), args[3].parse().unwrap()),
        Some("carehome") => carehome(args[2].parse().unwrap()),
        _ => eprintln!("usage: peer open N STEPS | peer carehome MINUTES"),
    }
}

/// With `PEER_DIGEST` set: a digest of every agent's final position, velocity and heading bits,
/// printed to stderr, to check that an optimisation leaves trajectories bit-identical.
fn digest<M: carehome::ped::OperationalModel>(w: &World<M>) {
    if std::env::var("PEER_DIGEST").is_err() {
        return;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for a in w.agents() {
        let s = &a.state;
        for v in [s.pos.x, s.pos.y, s.vel.x, s.vel.y, s.orient.x, s.orient.y] {
            h = (h ^ v.to_bits()).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    eprintln!("digest {h:016x}");
}

/// JuPedSim's default agent: radius 0.2 m, desired speed 1.2 m/s, time gap 1 s.
fn jps_agent(id: u32, pos: P2) -> Agent {
    Agent::new(id, 0, pos, 1.2, Mobility::Independent)
        .with_radius(0.2)
        .with_time_gap(1.0)
}

fn open_room(n: usize, steps: usize) {
    let sq = [
        P2::new(0.0, 0.0),
        P2::new(100.0, 0.0),
        P2::new(100.0, 100.0),
        P2::new(0.0, 100.0),
    ];
    let mut w = World::new(
        Cfsm::default(),
        Geometry::from_polygon(&sq),
        WorldParams::default(),
    );
    let side = ((n as f64).sqrt() + 0.999) as usize;
    let pitch = 96.0 / side as f64;
    let mut state = 1u64;
    let mut jitter = || {
        // SplitMix64: a small deterministic jitter of ±0.1 m.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64 * 0.2 - 0.1
    };
    let mut k = 0;
    'fill: for i in 0..side {
        for j in 0..side {
            if k == n {
                break 'fill;
            }
            let pos = P2::new(
                2.0 + (i as f64 + 0.5) * pitch + jitter(),
                2.0 + (j as f64 + 0.5) * pitch + jitter(),
            );
            let mut a =
                jps_agent(k as u32, pos).with_waypoints(vec![Waypoint::at(0, P2::new(50.0, 50.0))]);
            a.stay = true;
            w.add(a);
            k += 1;
        }
    }
    let t0 = Instant::now();
    for _ in 0..steps {
        w.step();
    }
    let wall = t0.elapsed().as_secs_f64();
    digest(&w);
    println!(
        "carehome open{n} agents={n} steps={steps} agent_steps={} wall_s={wall:.3} rate={:.0} arrived=na",
        w.agent_steps(),
        w.agent_steps() as f64 / wall
    );
}

/// The plan of the care-home scenario: corridor 0..60 × 0..2, bedrooms 4 m × 4 m along both
/// sides of its first 40 m with 0.9 m doors, lounge 60..70 × −3..5 joined by a 2 m opening.
fn carehome_plan() -> carehome::building::Building {
    use serde_json::json;
    let mut rooms = vec![
        json!({"id": "C", "use": "entrance", "polygon": [[0,0],[60,0],[60,2],[0,2]]}),
        json!({"id": "L", "use": "lounge", "polygon": [[60,-3],[70,-3],[70,5],[60,5]]}),
    ];
    let mut doors = vec![
        json!({"id": "DL", "rooms": ["C", "L"], "at": [60.0, 1.0], "width_m": 2.0}),
        json!({"id": "X", "rooms": ["C", "outside"], "at": [0.0, 1.0], "width_m": 1.2}),
    ];
    for i in 0..10 {
        let x0 = 4.0 * i as f64;
        rooms.push(json!({"id": format!("S{i}"), "use": "bedroom", "beds": 1,
            "polygon": [[x0,-4.0],[x0+4.0,-4.0],[x0+4.0,0.0],[x0,0.0]]}));
        rooms.push(json!({"id": format!("N{i}"), "use": "bedroom", "beds": 1,
            "polygon": [[x0,2.0],[x0+4.0,2.0],[x0+4.0,6.0],[x0,6.0]]}));
        doors.push(
            json!({"id": format!("DS{i}"), "rooms": [format!("S{i}"), "C"],
            "at": [x0+2.0, 0.0], "width_m": 0.9}),
        );
        doors.push(
            json!({"id": format!("DN{i}"), "rooms": [format!("N{i}"), "C"],
            "at": [x0+2.0, 2.0], "width_m": 0.9}),
        );
    }
    let v = json!({"schema": "carehome-plan/1", "name": "peer corridor home",
        "floors": [{"id": "G", "rooms": rooms, "doors": doors}]});
    let plan = carehome::plan::from_json_str(&v.to_string()).expect("plan");
    carehome::building::resolve(&plan)
        .building
        .expect("valid plan")
}

/// Seats on a 10 × 6 grid in the lounge; the first to arrive (residents of the nearest
/// bedrooms, largest x) take the seats farthest from the lounge door, so later arrivals do not
/// have to squeeze between seated people. Same rule as the Python side.
fn assign_seats(mut starts: Vec<P2>) -> (Vec<P2>, Vec<P2>) {
    let door = P2::new(60.0, 1.0);
    let mut seats: Vec<P2> = (0..60)
        .map(|k| P2::new(61.0 + 0.85 * (k % 10) as f64, -2.2 + 1.2 * (k / 10) as f64))
        .collect();
    seats.sort_by(|a, b| (b - door).norm().total_cmp(&(a - door).norm()));
    starts.sort_by(|a, b| b.x.total_cmp(&a.x));
    (starts, seats)
}

fn carehome(minutes: f64) {
    let t0 = Instant::now();
    let b = carehome_plan();
    let nav = NavGraph::new(&b);
    let mut starts = Vec::new();
    for i in 0..10 {
        let x0 = 4.0 * i as f64;
        for (dx, dy) in [(1.0, -2.0), (2.0, -3.0), (3.0, -2.0)] {
            starts.push(P2::new(x0 + dx, dy));
        }
        for (dx, dy) in [(1.0, 4.0), (2.0, 5.0), (3.0, 4.0)] {
            starts.push(P2::new(x0 + dx, dy));
        }
    }
    let (starts, seats) = assign_seats(starts);
    let mut w = World::new(
        Cfsm::default(),
        Geometry::from_building(&b),
        WorldParams::default(),
    );
    for (k, (&s, &seat)) in starts.iter().zip(&seats).enumerate() {
        let route = nav
            .route(
                &b,
                Place { floor: 0, p: s },
                Place { floor: 0, p: seat },
                Traveller::new(Role::Resident),
            )
            .expect("route");
        let mut a = jps_agent(k as u32, s).with_route(&route, &b);
        a.stay = true;
        w.add(a);
    }
    let setup = t0.elapsed().as_secs_f64();
    let steps = (minutes * 60.0 / 0.01).round() as usize;
    for _ in 0..steps {
        w.step();
    }
    let wall = t0.elapsed().as_secs_f64();
    digest(&w);
    if std::env::var("PEER_DEBUG").is_ok() {
        for a in w.agents().iter().filter(|a| a.arrived_s.is_none()) {
            eprintln!(
                "not arrived: agent {} at ({:.2}, {:.2}) heading for waypoint {}/{} {:?}",
                a.id,
                a.state.pos.x,
                a.state.pos.y,
                a.next,
                a.path.len(),
                a.path[a.next].p
            );
        }
    }
    let arrived = w.agents().iter().filter(|a| a.arrived_s.is_some()).count();
    let last = w
        .agents()
        .iter()
        .filter_map(|a| a.arrived_s)
        .fold(0.0, f64::max);
    println!(
        "carehome carehome agents={} steps={steps} agent_steps={} wall_s={wall:.3} rate={:.0} arrived={arrived} (setup+routing {:.1} ms, last arrival {last:.1} s)",
        starts.len(),
        w.agent_steps(),
        w.agent_steps() as f64 / wall,
        setup * 1e3
    );
}

//! The pedestrian model in the configuration the daily-life simulation ships
//! (`WorldParams::care_home(0.1)`: dt 0.1 s, time gap 0.5 s, squeezing past after 3 s blocked,
//! no steps across walls, hard bodies with giving way; `Cfsm::care_home()`), on the scenarios of
//! the peer script (`benches/peer/jupedsim.sh`) and the care-home meetings. Every
//! reference value is written here from the literature or by hand, not taken from the code.

mod common;

use carehome::building::Building;
use carehome::geom::P2;
use carehome::nav::{NavGraph, Place, Role, Traveller};
use carehome::ped::{
    Agent, CARE_HOME_TIME_GAP_S, Cfsm, Geometry, Group, Mobility, Status, Waypoint, World,
    WorldParams, replan,
};
use common::ped::{bottleneck_plan, uniform, weidmann_m_s};
use common::{p, plan, rect};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

const DT_S: f64 = 0.1;

fn world(g: Geometry) -> World<Cfsm> {
    World::new(Cfsm::care_home(), g, WorldParams::care_home(DT_S))
}

/// The largest overlap between two walking bodies, and between a body and a wall, now (metres;
/// negative: none).
fn overlaps(w: &World<Cfsm>, walls: &[carehome::geom::Segment]) -> (f64, f64) {
    let walking: Vec<&Agent> = w
        .agents()
        .iter()
        .filter(|a| a.status == Status::Walking)
        .collect();
    let mut body: f64 = -1.0;
    let mut wall: f64 = -1.0;
    for (k, a) in walking.iter().enumerate() {
        for b in &walking[k + 1..] {
            let d = (a.state.pos - b.state.pos).norm();
            body = body.max(a.state.radius_m + b.state.radius_m - d);
        }
        for s in walls {
            wall = wall.max(a.state.radius_m - s.distance_to(a.state.pos).0);
        }
    }
    (body, wall)
}

/// What a run measured.
#[derive(Debug, Default)]
struct Run {
    max_body_overlap_m: f64,
    max_wall_overlap_m: f64,
    arrived: usize,
    replans: u64,
    replan_failures: u64,
    t_s: f64,
}

/// Step a shipped-configuration world over building `b` until everyone arrived or `t_max_s`,
/// re-planning lost walkers from where they stand (as the engine does); `each` sees every step.
fn run(b: &Building, agents: Vec<Agent>, t_max_s: f64, mut each: impl FnMut(&World<Cfsm>)) -> Run {
    let nav = NavGraph::new(b);
    let g = Geometry::from_building(b);
    let walls = g.floors[0].clone();
    let mut w = world(g);
    for a in agents {
        w.add(a);
    }
    let mut out = Run {
        max_body_overlap_m: -1.0,
        max_wall_overlap_m: -1.0,
        ..Run::default()
    };
    while w.t_s() < t_max_s && !w.all_arrived() {
        w.step();
        let r = replan::replan_lost(&mut w, &nav, b, |_| Traveller::new(Role::Staff));
        out.replans += r.replanned;
        out.replan_failures += r.failed;
        let (body, wall) = overlaps(&w, &walls);
        out.max_body_overlap_m = out.max_body_overlap_m.max(body);
        out.max_wall_overlap_m = out.max_wall_overlap_m.max(wall);
        each(&w);
    }
    out.arrived = w.agents().iter().filter(|a| a.arrived_s.is_some()).count();
    out.t_s = w.t_s();
    out
}

fn routed(b: &Building, nav: &NavGraph, id: u32, from: P2, to: P2, v0: f64, m: Mobility) -> Agent {
    let route = nav
        .route(
            b,
            Place { floor: 0, p: from },
            Place { floor: 0, p: to },
            Traveller::new(Role::Staff),
        )
        .expect("route");
    Agent::new(id, 0, from, v0, m)
        .with_time_gap(CARE_HOME_TIME_GAP_S)
        .with_route(&route, b)
}

/// Bodies may overlap by "a few centimetres" (the hard-body tolerance is 2 cm) and never enter a
/// wall by more than 2 cm.
fn assert_no_interpenetration(what: &str, r: &Run) {
    assert!(
        r.max_body_overlap_m <= 0.02 + 1e-9,
        "{what}: bodies overlap by {:.3} m",
        r.max_body_overlap_m
    );
    assert!(
        r.max_wall_overlap_m <= 0.02 + 1e-9,
        "{what}: a body enters a wall by {:.3} m",
        r.max_wall_overlap_m
    );
}

/// Specific flow through the door (persons/(m·s), between the 5th and the 45th of 50 crossings of
/// the door line) and the run.
fn bottleneck(width_m: f64) -> (f64, Run) {
    let b = bottleneck_plan(width_m);
    let nav = NavGraph::new(&b);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut agents = Vec::new();
    for k in 0..50u32 {
        let (c, r) = (k / 7, k % 7);
        let start = p(
            1.0 + 1.1 * c as f64 + 0.2 * uniform(&mut rng),
            1.5 + 1.15 * r as f64 + 0.2 * uniform(&mut rng),
        );
        let v0 = Group::Adult.draw_speed_m_s(&mut rng);
        agents.push(routed(
            &b,
            &nav,
            k,
            start,
            p(19.0, 5.0),
            v0,
            Mobility::Independent,
        ));
    }
    let mut crossed = vec![None; 50];
    let r = run(&b, agents, 300.0, |w| {
        for a in w.agents() {
            let k = a.id as usize;
            if crossed[k].is_none() && a.state.pos.x > 10.0 {
                crossed[k] = Some(w.t_s());
            }
        }
    });
    let mut t: Vec<f64> = crossed
        .iter()
        .map(|c| c.expect("every agent passes the door"))
        .collect();
    t.sort_by(f64::total_cmp);
    ((44 - 4) as f64 / (t[44] - t[4]) / width_m, r)
}

/// Bottleneck: specific flows of 1.3–1.9 persons/(m·s) through doors of 0.8–1.6 m (Seyfried et
/// al. 2009, Transp. Sci. 43:395; Kretz et al. 2006; Rupprecht, Klingsch & Seyfried 2011), with
/// no interpenetration.
#[test]
fn shipped_bottleneck_flow() {
    for width in [0.8, 1.0, 1.2, 1.6] {
        let (flow, r) = bottleneck(width);
        println!(
            "shipped bottleneck {width:.1} m: {flow:.2} /(m s), max body overlap {:.3} m, \
             max wall overlap {:.3} m, {} replans, last out at {:.1} s",
            r.max_body_overlap_m, r.max_wall_overlap_m, r.replans, r.t_s
        );
        assert_no_interpenetration(&format!("bottleneck {width} m"), &r);
        assert!((1.3..=1.9).contains(&flow), "{width} m door: {flow}");
        assert_eq!(r.replan_failures, 0);
    }
}

/// RiMEA test 6 (corner) in the shipped configuration: 20 people round a left-hand corner; no
/// body enters a wall by more than 2 cm, and everyone arrives.
#[test]
fn shipped_corner() {
    let l = vec![
        [0.0, 0.0],
        [12.0, 0.0],
        [12.0, 12.0],
        [10.0, 12.0],
        [10.0, 2.0],
        [0.0, 2.0],
    ];
    let b = plan(
        &[("C", "entrance", l)],
        &[("D", ["C", "outside"], [11.0, 12.0], 1.0)],
    );
    let nav = NavGraph::new(&b);
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let agents: Vec<Agent> = (0..20)
        .map(|k| {
            let (c, r) = (k / 3, k % 3);
            let start = p(
                0.5 + 0.8 * c as f64 + 0.1 * uniform(&mut rng),
                0.45 + 0.55 * r as f64,
            );
            let v0 = Group::Adult.draw_speed_m_s(&mut rng);
            routed(&b, &nav, k, start, p(11.0, 11.0), v0, Mobility::Independent)
        })
        .collect();
    let r = run(&b, agents, 120.0, |_| {});
    println!(
        "shipped corner: {} of 20 arrived by {:.1} s, max wall overlap {:.3} m, max body overlap {:.3} m",
        r.arrived, r.t_s, r.max_wall_overlap_m, r.max_body_overlap_m
    );
    assert_no_interpenetration("corner", &r);
    assert_eq!(r.arrived, 20);
}

/// Mean speed in the periodic corridor of tests/ped_rimea.rs at density `rho`, shipped
/// configuration (20 s to settle, mean over the next 20 s).
fn fd_speed(rho: f64) -> f64 {
    common::ped::fd_speed(
        Cfsm::care_home(),
        WorldParams::care_home(DT_S),
        rho,
        Mobility::Independent.radius_m(),
        CARE_HOME_TIME_GAP_S,
        20.0,
        20.0,
    )
}

/// RiMEA test 4 in the shipped configuration on a fine grid of densities, 0.2–3 /m² in steps of
/// 0.1 /m²: within ±0.1 m/s of Weidmann's curve (about the spread of the empirical diagrams it
/// summarises).
///
/// NOT met yet (issue #24, point 4), so ignored: with the 0.5 s time gap the agents keep the four
/// lanes they start in and walk at free speed up to 1.4 /m² (1.34 m/s against Weidmann's
/// 0.85–1.30, worst 0.45 m/s off at 1.3–1.4 /m²); at 1.5–3 /m² they are within 0.1 m/s at most
/// densities. Time gaps of 0.6 / 0.7 / 0.8 / 1.0 s give worst errors of 0.36 / 0.31 / 0.26 /
/// 0.20 m/s, and from 0.8 s on the 0.8–1.6 m bottleneck flows drop below 1.3. Run it with
/// `cargo test --release --test ped_shipped -- --ignored --nocapture`.
#[test]
#[ignore = "issue #24: the shipped time gap (0.5 s) misses Weidmann by up to 0.45 m/s at 0.5-1.4 /m2"]
fn shipped_fundamental_diagram() {
    let mut worst: f64 = 0.0;
    let mut bad = Vec::new();
    for k in 2..=30 {
        let rho = k as f64 / 10.0;
        let v = fd_speed(rho);
        let vw = weidmann_m_s(rho);
        println!("shipped FD: rho {rho:.1} /m2: v = {v:.3} m/s, Weidmann {vw:.3} m/s");
        worst = worst.max((v - vw).abs());
        if (v - vw).abs() > 0.1 {
            bad.push(rho);
        }
    }
    println!("shipped FD: worst |v - Weidmann| = {worst:.3} m/s");
    assert!(bad.is_empty(), "off Weidmann by > 0.1 m/s at {bad:?}");
}

/// Counterflow in a 1.8 m corridor at care-home densities: 8 people from each end of a 20 m
/// corridor (0.44 /m²) pass each other; nobody is gridlocked (all arrive within twice the free
/// walking time plus 20 s) and bodies do not interpenetrate.
#[test]
fn shipped_counterflow() {
    let b = plan(
        &[
            ("W", "entrance", rect(-4.0, -1.0, 0.0, 2.8)),
            ("C", "corridor", rect(0.0, 0.0, 20.0, 1.8)),
            ("E", "dining", rect(20.0, -1.0, 24.0, 2.8)),
        ],
        &[
            ("X", ["W", "outside"], [-4.0, 0.9], 1.2),
            ("DW", ["W", "C"], [0.0, 0.9], 1.8),
            ("DE", ["C", "E"], [20.0, 0.9], 1.8),
        ],
    );
    let nav = NavGraph::new(&b);
    let mut rng = ChaCha8Rng::seed_from_u64(24);
    let mut agents = Vec::new();
    for k in 0..16u32 {
        let east = k % 2 == 0;
        let j = (k / 2) as f64;
        let y = 0.4 + 0.5 * (j % 3.0);
        let (from, to) = if east {
            (p(1.0 + 1.1 * j, y), p(22.5, 0.9))
        } else {
            (p(19.0 - 1.1 * j, y), p(-2.5, 0.9))
        };
        let v0 = Group::ResidentIndependent.draw_speed_m_s(&mut rng);
        agents.push(routed(&b, &nav, k, from, to, v0, Mobility::Independent));
    }
    let r = run(&b, agents, 24.0 / 0.6 * 2.0 + 20.0, |_| {});
    println!(
        "shipped counterflow 1.8 m: {} of 16 arrived by {:.1} s, max body overlap {:.3} m, max wall overlap {:.3} m",
        r.arrived, r.t_s, r.max_body_overlap_m, r.max_wall_overlap_m
    );
    assert_no_interpenetration("counterflow", &r);
    assert_eq!(r.arrived, 16, "gridlock");
}

/// A bed (0.9 m wide) and a resident with a walking frame (0.5 m) meet in a 1.2 m corridor with
/// a bedroom door half way: they cannot pass (0.9 + 0.5 > 1.2), so one gives way; both arrive and
/// the bodies never interpenetrate.
#[test]
fn shipped_bed_meets_walker() {
    let b = plan(
        &[
            ("W", "entrance", rect(-4.0, -2.0, 0.0, 3.2)),
            ("C", "corridor", rect(0.0, 0.0, 12.0, 1.2)),
            ("E", "dining", rect(12.0, -2.0, 16.0, 3.2)),
            ("B", "bedroom", rect(4.0, 1.2, 8.0, 5.2)),
        ],
        &[
            ("X", ["W", "outside"], [-4.0, 0.6], 1.2),
            ("DW", ["W", "C"], [0.0, 0.6], 1.2),
            ("DE", ["C", "E"], [12.0, 0.6], 1.2),
            ("DB", ["B", "C"], [6.0, 1.2], 1.0),
        ],
    );
    let nav = NavGraph::new(&b);
    for (walker_x, bed_x) in [(2.0, 10.0), (5.0, 11.0), (1.0, 7.0)] {
        let walker = routed(
            &b,
            &nav,
            0,
            p(walker_x, 0.6),
            p(14.0, 0.6),
            0.6,
            Mobility::WalkingAid,
        );
        let bed = routed(
            &b,
            &nav,
            1,
            p(bed_x, 0.6),
            p(-2.0, 0.6),
            0.7,
            Mobility::BedBound,
        );
        let r = run(&b, vec![walker, bed], 120.0, |_| {});
        println!(
            "shipped bed meets walker (walker at x={walker_x}, bed at x={bed_x}): {} of 2 arrived by {:.1} s, \
             max body overlap {:.3} m, max wall overlap {:.3} m",
            r.arrived, r.t_s, r.max_body_overlap_m, r.max_wall_overlap_m
        );
        assert_no_interpenetration("bed meets walker", &r);
        assert_eq!(r.arrived, 2, "the two must sort it out");
    }
}

/// Doors as lines: through a 2 m entrance a crowd uses the width, with a specific flow like a
/// narrow door's (within the bottleneck band), not the one-point queue's 0.45 /(m·s).
#[test]
fn shipped_wide_door_flow() {
    let (flow, r) = bottleneck(2.0);
    println!("shipped bottleneck 2.0 m: {flow:.2} /(m s)");
    assert_no_interpenetration("2 m door", &r);
    assert!(flow >= 1.0, "2 m door: {flow}");
}

/// A walker pushed into a neighbour's bedroom (its next waypoint, a corridor point, behind a
/// wall) re-plans from where it stands and arrives.
#[test]
fn pushed_walker_replans() {
    let b = plan(
        &[
            ("C", "entrance", rect(0.0, 0.0, 12.0, 2.0)),
            ("B", "bedroom", rect(4.0, 2.0, 8.0, 6.0)),
            ("L", "lounge", rect(12.0, -2.0, 16.0, 4.0)),
        ],
        &[
            ("X", ["C", "outside"], [0.0, 1.0], 1.2),
            ("DB", ["B", "C"], [6.0, 2.0], 0.9),
            ("DL", ["C", "L"], [12.0, 1.0], 1.5),
        ],
    );
    // Its route says: straight along the corridor from (1, 1) to the lounge; it stands in the
    // bedroom's far corner.
    let path = vec![Waypoint::at(0, p(10.0, 1.0)), Waypoint::at(0, p(14.0, 1.0))];
    let a = Agent::new(0, 0, p(4.5, 5.5), 1.0, Mobility::Independent)
        .with_time_gap(CARE_HOME_TIME_GAP_S)
        .with_waypoints(path);
    let r = run(&b, vec![a], 60.0, |_| {});
    println!(
        "pushed walker: {} replans, arrived {} by {:.1} s, max wall overlap {:.3} m",
        r.replans, r.arrived, r.t_s, r.max_wall_overlap_m
    );
    assert!(r.replans >= 1);
    assert_eq!(r.arrived, 1);
    assert_no_interpenetration("pushed walker", &r);
}

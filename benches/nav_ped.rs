//! criterion benches: routing queries on a bundled plan and pedestrian model steps.

use carehome::geom::P2;
use carehome::nav::{NavGraph, Role, Traveller};
use carehome::ped::{Agent, Cfsm, Geometry, Mobility, SocialForce, Waypoint, World, WorldParams};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn building() -> carehome::building::Building {
    let src = std::fs::read_to_string("floorplans/legacy-corridor.json").unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    carehome::building::resolve(&plan).building.unwrap()
}

fn routing(c: &mut Criterion) {
    let b = building();
    c.bench_function("nav/build legacy-corridor", |bench| {
        bench.iter(|| NavGraph::new(black_box(&b)))
    });
    let nav = NavGraph::new(&b);
    let n = b.rooms.len();
    let who = Traveller::new(Role::Staff);
    c.bench_function("nav/route room to room (legacy-corridor)", |bench| {
        let mut k = 0usize;
        bench.iter(|| {
            k = (k + 7) % (n * n);
            let _ = black_box(nav.route_rooms(&b, k / n, k % n, who));
        })
    });
}

fn open_world<M: carehome::ped::OperationalModel>(m: M, n: usize) -> World<M> {
    let sq = [
        P2::new(0.0, 0.0),
        P2::new(100.0, 0.0),
        P2::new(100.0, 100.0),
        P2::new(0.0, 100.0),
    ];
    let mut w = World::new(m, Geometry::from_polygon(&sq), WorldParams::default());
    let side = ((n as f64).sqrt().ceil()) as usize;
    let pitch = 96.0 / side as f64;
    for k in 0..n {
        let (i, j) = (k / side, k % side);
        let p = P2::new(
            2.0 + (i as f64 + 0.5) * pitch,
            2.0 + (j as f64 + 0.5) * pitch,
        );
        let mut a = Agent::new(k as u32, 0, p, 1.2, Mobility::Independent)
            .with_waypoints(vec![Waypoint::at(0, P2::new(50.0, 50.0))]);
        a.stay = true;
        w.add(a);
    }
    w
}

fn steps(c: &mut Criterion) {
    for n in [100, 1000] {
        let mut w = open_world(Cfsm::default(), n);
        c.bench_function(&format!("ped/cfsm step, open room, {n} agents"), |bench| {
            bench.iter(|| w.step())
        });
        let mut w = open_world(SocialForce::default(), n);
        c.bench_function(
            &format!("ped/social-force step, open room, {n} agents"),
            |bench| bench.iter(|| w.step()),
        );
    }
}

criterion_group!(benches, routing, steps);
criterion_main!(benches);

//! Benchmarks of plan validation on rooms with many vertices (issue #14): the polygon checks
//! (self-intersection, edge pieces shared with neighbours) must grow as O(n log n), not O(n²).
//! Before the R-tree of edges, `carehome check` of one such room took 1.7 s at 16k vertices, 52 s
//! at 64k and did not finish at 200k.
//! Run: `cargo bench --bench validate`.

use carehome::plan::{Door, Floor, Plan, Room, RoomUse};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// An entrance hall 20 m × 10 m whose top edge is a saw-tooth of 5 cm teeth, `n` vertices in all
/// (a CAD outline with a finely chorded edge), with a door to the outside on the bottom edge, and
/// a corridor sharing the right-hand wall so the shared-edge search runs too.
fn sawtooth_plan(n: usize) -> Plan {
    let (l, h) = (20.0, 10.0);
    let teeth = (n - 4) / 2;
    let mut pts = vec![[0.0, 0.0], [l, 0.0], [l, h]];
    for k in 0..teeth {
        let x0 = l - l * k as f64 / teeth as f64;
        pts.push([x0 - 0.5 * l / teeth as f64, h + 0.05]);
        pts.push([x0 - l / teeth as f64, h]);
    }
    *pts.last_mut().unwrap() = [0.0, h];
    let room = |id: &str, room_use, polygon| Room {
        id: id.into(),
        room_use,
        polygon,
        beds: None,
        household: None,
        ceiling_height_m: None,
        ventilation: None,
        reflectance: None,
        name: None,
    };
    let door = |id: &str, a: &str, b: &str, at| Door {
        id: id.into(),
        rooms: [a.into(), b.into()],
        at,
        width_m: 1.0,
        kind: Default::default(),
    };
    Plan {
        schema: carehome::plan::PLAN_SCHEMA.into(),
        name: format!("saw-tooth hall, {} vertices", pts.len()),
        description: None,
        construction: Default::default(),
        north_deg: 0.0,
        max_wall_thickness_m: None,
        site: None,
        households: vec![],
        outdoor: vec![],
        floors: vec![Floor {
            id: "G".into(),
            name: None,
            elevation_m: 0.0,
            height_m: 2.7,
            rooms: vec![
                room("HALL", RoomUse::Entrance, pts),
                room(
                    "COR",
                    RoomUse::Corridor,
                    vec![[l, 0.0], [l + 2.0, 0.0], [l + 2.0, h], [l, h]],
                ),
            ],
            doors: vec![
                door("D0", "HALL", "outside", [10.0, 0.0]),
                door("D1", "HALL", "COR", [l, 5.0]),
            ],
            windows: vec![],
        }],
        vertical: vec![],
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate one room");
    g.sample_size(10);
    for n in [16_000, 64_000, 200_000] {
        let plan = sawtooth_plan(n);
        assert!(carehome::building::resolve(&plan).is_valid());
        g.bench_with_input(BenchmarkId::from_parameter(n), &plan, |b, plan| {
            b.iter(|| carehome::building::resolve(black_box(plan)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Walls with thickness (issue #17): rooms drawn at the inner faces of their walls, checked by
//! hand on small plans, and the bundled centreline plans resolving exactly as without thickness.

use carehome::building::{Building, Checked, Side, resolve};
use carehome::diag::Severity;
use carehome::geom::P2;
use carehome::nav::{NavGraph, Place, Role, Traveller};
use carehome::plan::{self, Plan};
use serde_json::json;

/// An entrance A (0..4 × 0..3, door to the outside on its bottom edge) and a bedroom B
/// (0..4 × 3+t..6+t) across a wall of thickness `t`, joined by a 0.9 m door at `door_at`.
fn two_rooms(t: f64, door_at: [f64; 2], max: Option<f64>) -> Plan {
    let mut v = json!({
        "schema": "carehome-plan/1",
        "name": "two rooms across a wall",
        "floors": [{
            "id": "G",
            "rooms": [
                {"id": "A", "use": "entrance", "polygon": [[0, 0], [4, 0], [4, 3], [0, 3]]},
                {"id": "B", "use": "bedroom", "beds": 1,
                 "polygon": [[0, 3.0 + t], [4, 3.0 + t], [4, 6.0 + t], [0, 6.0 + t]]}
            ],
            "doors": [
                {"id": "D-OUT", "rooms": ["A", "outside"], "at": [2, 0], "width_m": 1.0},
                {"id": "D-AB", "rooms": ["A", "B"], "at": door_at, "width_m": 0.9}
            ]
        }]
    });
    if let Some(m) = max {
        v["max_wall_thickness_m"] = json!(m);
    }
    plan::from_json_str(&v.to_string()).unwrap()
}

fn valid(c: Checked) -> Building {
    c.building
        .unwrap_or_else(|| panic!("not valid: {:#?}", c.diagnostics))
}

/// The codes of the errors (warnings left out).
fn codes(c: &Checked) -> Vec<&'static str> {
    c.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_door_joins_rooms_across_walls_of_every_common_thickness() {
    for t in [0.1, 0.2, 0.3, 0.5] {
        // The door's `at` may be on either face or anywhere in between.
        for y in [3.0, 3.0 + t / 2.0, 3.0 + t] {
            let b = valid(resolve(&two_rooms(t, [2.0, y], None)));
            let (a, bed) = (b.room_index("A").unwrap(), b.room_index("B").unwrap());
            let d = b.doors.iter().find(|d| d.id == "D-AB").unwrap();
            assert_eq!(d.sides, [Side::Room(a), Side::Room(bed)], "t={t}");
            assert!(close(d.depth_m, t), "depth {} for t={t}", d.depth_m);
            // Centred mid-wall, 0.9 m from jamb to jamb.
            assert!(close(d.centre.x, 2.0) && close(d.centre.y, 3.0 + t / 2.0));
            assert!(close(d.span.length_m(), 0.9));
            assert_eq!(
                b.adjacent_rooms(a).map(|x| x.1).collect::<Vec<_>>(),
                vec![bed]
            );

            // Walls, by hand: A's top face and B's bottom face each lose the 0.9 m opening
            // (two pieces of 1.55 m, thickness t), two jambs of length t; the other three edges
            // of each room are external (no thickness), A's bottom one cut by the 1 m door.
            let faces: Vec<_> = b
                .walls
                .iter()
                .filter(|w| !w.is_external() && w.segment.length_m() > t + 1e-9)
                .collect();
            assert_eq!(faces.len(), 4, "t={t}: {:#?}", b.walls);
            for w in &faces {
                assert!(close(w.segment.length_m(), 1.55) && close(w.thickness_m, t));
            }
            let jambs: Vec<_> = b
                .walls
                .iter()
                .filter(|w| !w.is_external() && close(w.segment.length_m(), t))
                .collect();
            assert_eq!(jambs.len(), 2, "t={t}");
            let external_m: f64 = b
                .walls
                .iter()
                .filter(|w| w.is_external())
                .map(|w| w.segment.length_m())
                .sum();
            assert!(
                close(external_m, 2.0 * (4.0 + 3.0 + 3.0) - 1.0),
                "{external_m}"
            );
            assert!(
                b.walls
                    .iter()
                    .filter(|w| w.is_external())
                    .all(|w| w.thickness_m == 0.0)
            );

            // Walking straight from A's middle through the door to B's middle: 1.5 m to A's
            // face, t through the wall, 1.5 m on to B's middle.
            let nav = NavGraph::new(&b);
            let r = nav
                .route(
                    &b,
                    Place {
                        floor: 0,
                        p: P2::new(2.0, 1.5),
                    },
                    Place {
                        floor: 0,
                        p: P2::new(2.0, 4.5 + t),
                    },
                    Traveller::new(Role::Staff),
                )
                .unwrap();
            assert!(
                (r.length_m - (3.0 + t)).abs() < 1e-9,
                "t={t}: {}",
                r.length_m
            );
            assert_eq!(r.spaces, vec![Side::Room(a), Side::Room(bed)]);

            // Sight: through the door, yes; through the wall beside it, no; sideways into the
            // wall from the opening, no (the jambs close it).
            assert!(b.line_of_sight(0, P2::new(2.0, 1.5), P2::new(2.0, 4.5 + t)));
            assert!(!b.line_of_sight(0, P2::new(0.5, 1.5), P2::new(0.5, 4.5 + t)));
            assert!(
                b.walls_crossing(0, d.centre, P2::new(3.5, 3.0 + t / 2.0))
                    .next()
                    .is_some()
            );
        }
    }
}

#[test]
fn door_outside_the_wall_or_rooms_too_far_apart() {
    // 0.2 m wall, door 0.25 m into B (0.05 m past its face is still snapped, 0.25 is not).
    let c = resolve(&two_rooms(0.2, [2.0, 3.2 + 0.05], None));
    assert!(c.is_valid(), "{:#?}", c.diagnostics);
    let c = resolve(&two_rooms(0.2, [2.0, 3.2 + 0.25], None));
    assert_eq!(codes(&c), vec!["door-off-wall", "unreachable-room"]);
    let c = resolve(&two_rooms(0.2, [2.0, 3.0 - 0.25], None));
    assert_eq!(codes(&c), vec!["door-off-wall", "unreachable-room"]);
    // 0.7 m apart: beyond the default 0.6 m, not neighbours; B is then unreachable.
    let c = resolve(&two_rooms(0.7, [2.0, 3.35], None));
    assert_eq!(
        codes(&c),
        vec!["door-rooms-not-adjacent", "unreachable-room"]
    );
    // A plan may allow thicker walls ...
    let c = resolve(&two_rooms(0.7, [2.0, 3.35], Some(0.8)));
    assert!(c.is_valid(), "{:#?}", c.diagnostics);
    // ... or none at all (drawn to centrelines).
    let c = resolve(&two_rooms(0.2, [2.0, 3.1], Some(0.0)));
    assert_eq!(
        codes(&c),
        vec!["door-rooms-not-adjacent", "unreachable-room"]
    );
    // A bad limit is named, and the rest of the plan is still checked with the default.
    for bad in [-0.1, 2.0, f64::NAN] {
        let mut p = two_rooms(0.2, [2.0, 3.1], None);
        p.max_wall_thickness_m = Some(bad);
        let c = resolve(&p);
        assert_eq!(codes(&c), vec!["plan-max-wall-thickness"], "{bad}");
    }
}

#[test]
fn the_nearest_room_across_the_wall_is_the_neighbour() {
    // A 0.4 m wall between A and B holds a 0.3 m shaft S (x 0.5..2.5, y 3.05..3.35, drawn as a
    // room): over x 0.5..2.5 A's neighbour is the shaft (0.05 m away), elsewhere B.
    let v = json!({
        "schema": "carehome-plan/1",
        "floors": [{
            "id": "G",
            "rooms": [
                {"id": "A", "use": "entrance", "polygon": [[0, 0], [4, 0], [4, 3], [0, 3]]},
                {"id": "S", "use": "plant", "polygon": [[0.5, 3.05], [2.5, 3.05], [2.5, 3.35], [0.5, 3.35]]},
                {"id": "B", "use": "store", "polygon": [[0, 3.4], [4, 3.4], [4, 6], [0, 6]]}
            ],
            "doors": [
                {"id": "D-OUT", "rooms": ["A", "outside"], "at": [2, 0], "width_m": 1.0},
                {"id": "D-AB", "rooms": ["A", "B"], "at": [3.2, 3.2], "width_m": 0.9},
                {"id": "D-AS", "rooms": ["A", "S"], "at": [1.5, 3.0], "width_m": 0.6}
            ]
        }]
    });
    let b = valid(resolve(&plan::from_json_str(&v.to_string()).unwrap()));
    let s = b.room_index("S").unwrap();
    let d_as = b.doors.iter().find(|d| d.id == "D-AS").unwrap();
    assert!(close(d_as.depth_m, 0.05) && d_as.sides.contains(&Side::Room(s)));
    let d_ab = b.doors.iter().find(|d| d.id == "D-AB").unwrap();
    assert!(close(d_ab.depth_m, 0.4));
    // A door from A to B over the shaft is not in a wall A shares with B.
    let mut p = plan::from_json_str(&v.to_string()).unwrap();
    p.floors[0].doors[1].at = [1.5, 3.2];
    p.floors[0].doors.remove(2);
    let c = resolve(&p);
    assert_eq!(codes(&c), vec!["door-off-wall", "unreachable-room"]);
}

#[test]
fn bundled_centreline_plans_resolve_as_without_thickness() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("floorplans");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let plan = carehome::io::read_plan(&path).unwrap().plan;
        assert_eq!(plan.max_wall_thickness_m, None);
        let with = valid(resolve(&plan));
        let mut centreline = plan.clone();
        centreline.max_wall_thickness_m = Some(0.0);
        let without = valid(resolve(&centreline));
        assert!(with.walls.iter().all(|w| w.thickness_m == 0.0), "{path:?}");
        assert!(with.doors.iter().all(|d| d.depth_m == 0.0), "{path:?}");
        assert_eq!(format!("{:?}", with.walls), format!("{:?}", without.walls));
        assert_eq!(format!("{:?}", with.doors), format!("{:?}", without.doors));
        assert_eq!(
            format!("{:?}", with.windows),
            format!("{:?}", without.windows)
        );
        let opts = carehome::assess::Options::default();
        assert_eq!(
            carehome::report::assessment::json(&carehome::assess::assess(&with, &opts)),
            carehome::report::assessment::json(&carehome::assess::assess(&without, &opts)),
            "{path:?}"
        );
        n += 1;
    }
    assert!(n >= 4, "bundled plans found: {n}");
}

//! Property tests of the loader and validator.
//!
//! 1. Randomly generated valid layouts (a double-loaded corridor of rooms of random sizes, with an
//!    entrance, doors at random positions on shared walls and windows on external walls) always
//!    validate without errors, and the schedule counts exactly the beds generated.
//! 2. Random mutations of every bundled plan never panic; those that break a rule by construction
//!    (non-finite or huge numbers, polygons cut below three points, doors pushed off their wall,
//!    duplicated ids, references to missing rooms) always give an error naming the element.
//!    Mutations that may legitimately leave a valid plan (deleting one corner of a polygon,
//!    swapping two rooms' ids) must still never panic, and when they give errors, name elements.
//!
//! Seeds are fixed so CI is reproducible; 2,500 cases in all.

use carehome::building::resolve;
use carehome::diag::Severity;
use carehome::plan::{self, Door, DoorKind, Floor, Plan, Room, RoomUse, Window};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0xCA5E_40E5),
        failure_persistence: None,
        ..Config::default()
    }
}

/// One room of a generated layout: width along the corridor, depth, beds (0 = a lounge),
/// door position as a fraction of the free wall, door width, and whether it has a window.
#[derive(Clone, Debug)]
struct Cell {
    width_m: f64,
    depth_m: f64,
    beds: u32,
    door_frac: f64,
    door_w_m: f64,
    window: bool,
}

fn cell() -> impl Strategy<Value = Cell> {
    (
        2.5f64..6.0,
        3.0f64..6.5,
        0u32..3,
        0.0f64..1.0,
        0.8f64..1.2,
        any::<bool>(),
    )
        .prop_map(
            |(width_m, depth_m, beds, door_frac, door_w_m, window)| Cell {
                width_m,
                depth_m,
                beds,
                door_frac,
                door_w_m,
                window,
            },
        )
}

fn layout() -> impl Strategy<Value = (Vec<Cell>, Vec<Cell>, f64)> {
    (
        prop::collection::vec(cell(), 1..8),
        prop::collection::vec(cell(), 0..8),
        1.2f64..3.0,
    )
}

/// Build a plan: rooms south of the corridor (y < 0), rooms north of it (y > w), an entrance
/// at the west end of the corridor.
fn build(south: &[Cell], north: &[Cell], corridor_w_m: f64) -> (Plan, u32) {
    let mut rooms = vec![];
    let mut doors = vec![];
    let mut windows = vec![];
    let mut beds_total = 0;
    let mut place = |cells: &[Cell], side: f64, tag: &str| -> f64 {
        let mut x = 0.0;
        for (i, c) in cells.iter().enumerate() {
            let id = format!("{tag}{i}");
            let (y0, y1) = if side < 0.0 {
                (-c.depth_m, 0.0)
            } else {
                (corridor_w_m, corridor_w_m + c.depth_m)
            };
            let (use_, beds) = if c.beds > 0 {
                (RoomUse::Bedroom, Some(c.beds))
            } else {
                (RoomUse::Lounge, None)
            };
            beds_total += c.beds;
            rooms.push(Room {
                id: id.clone(),
                room_use: use_,
                polygon: vec![[x, y0], [x + c.width_m, y0], [x + c.width_m, y1], [x, y1]],
                beds,
                household: None,
                ceiling_height_m: None,
                ventilation: None,
                reflectance: None,
                name: None,
            });
            // Door centre anywhere leaving 0.1 m to each corner.
            let free = c.width_m - c.door_w_m - 0.2;
            let at_x = x + 0.1 + c.door_w_m / 2.0 + free * c.door_frac;
            let wall_y = if side < 0.0 { 0.0 } else { corridor_w_m };
            doors.push(Door {
                id: format!("D-{id}"),
                rooms: [id.clone(), "C".into()],
                at: [at_x, wall_y],
                width_m: c.door_w_m,
                kind: DoorKind::Normal,
            });
            if c.window {
                let outer_y = if side < 0.0 { y0 } else { y1 };
                windows.push(Window {
                    id: format!("W-{id}"),
                    room: id.clone(),
                    at: [x + c.width_m / 2.0, outer_y],
                    width_m: (c.width_m - 0.4).min(1.5),
                    height_m: 1.2,
                    sill_m: 0.9,
                    transmittance: 0.7,
                    obstruction_deg: 0.0,
                    outlook: plan::Outlook::Street,
                });
            }
            x += c.width_m;
        }
        x
    };
    let len_s = place(south, -1.0, "S");
    let len_n = place(north, 1.0, "N");
    let len = len_s.max(len_n).max(1.0);
    rooms.push(Room {
        id: "C".into(),
        room_use: RoomUse::Corridor,
        polygon: vec![
            [0.0, 0.0],
            [len, 0.0],
            [len, corridor_w_m],
            [0.0, corridor_w_m],
        ],
        beds: None,
        household: None,
        ceiling_height_m: None,
        ventilation: None,
        reflectance: None,
        name: None,
    });
    rooms.push(Room {
        id: "E".into(),
        room_use: RoomUse::Entrance,
        polygon: vec![
            [-3.0, 0.0],
            [0.0, 0.0],
            [0.0, corridor_w_m],
            [-3.0, corridor_w_m],
        ],
        beds: None,
        household: None,
        ceiling_height_m: None,
        ventilation: None,
        reflectance: None,
        name: None,
    });
    let dw = (corridor_w_m - 0.2).min(1.0);
    doors.push(Door {
        id: "D-E".into(),
        rooms: ["E".into(), "C".into()],
        at: [0.0, corridor_w_m / 2.0],
        width_m: dw,
        kind: DoorKind::Normal,
    });
    doors.push(Door {
        id: "D-OUT".into(),
        rooms: ["E".into(), "outside".into()],
        at: [-3.0, corridor_w_m / 2.0],
        width_m: dw,
        kind: DoorKind::Automatic,
    });
    let plan = Plan {
        schema: plan::PLAN_SCHEMA.into(),
        name: "generated".into(),
        description: None,
        construction: plan::Construction::NewBuild,
        north_deg: 0.0,
        site: None,
        households: vec![],
        outdoor: vec![],
        floors: vec![Floor {
            id: "G".into(),
            name: None,
            elevation_m: 0.0,
            height_m: 2.7,
            rooms,
            doors,
            windows,
        }],
        vertical: vec![],
        max_wall_thickness_m: None,
    };
    (plan, beds_total)
}

proptest! {
    #![proptest_config(config(500))]
    #[test]
    fn generated_layouts_validate_clean((south, north, w) in layout()) {
        let (plan, beds) = build(&south, &north, w);
        let checked = resolve(&plan);
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}");
        let b = checked.building.unwrap();
        prop_assert_eq!(carehome::assess::schedule(&b).residents, beds);
        // A JSON round trip gives the same plan.
        let text = serde_json::to_string(&plan).unwrap();
        prop_assert_eq!(plan::from_json_str(&text).unwrap(), plan);
    }
}

fn bundled() -> Vec<(String, Plan)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/floorplans");
    let mut out = vec![];
    for e in std::fs::read_dir(dir).expect("floorplans/ exists") {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let src = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), plan::from_json_str(&src).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 4,
        "expected the four bundled plans, found {}",
        out.len()
    );
    out
}

#[derive(Clone, Debug)]
enum Mutation {
    /// Set polygon point `pt` of room `room` to a non-finite or absurd value.
    BadCoordinate { room: usize, pt: usize, value: f64 },
    /// Set a door width to a bad value.
    BadDoorWidth { door: usize, value: f64 },
    /// Cut a room polygon down to `keep` < 3 points.
    FewPoints { room: usize, keep: usize },
    /// Push a door perpendicular to its wall by `offset_m` (0.1–2 m, either way).
    DoorOffWall { door: usize, offset_m: f64 },
    /// Give a door the id of a room.
    DuplicateId { door: usize, room: usize },
    /// Point one side of a door at a room that does not exist.
    MissingRoom { door: usize },
    /// Delete one polygon point (may or may not leave a valid plan).
    DeletePoint { room: usize, pt: usize },
    /// Swap the ids of two rooms (may or may not leave a valid plan).
    SwapIds { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let bad = prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-f64::INFINITY),
        Just(1e9),
        Just(-2e5)
    ];
    let bad_w = prop_oneof![Just(f64::NAN), Just(0.0), Just(-0.9), Just(1e6)];
    let idx = || any::<prop::sample::Index>();
    let m = prop_oneof![
        (idx(), idx(), bad)
            .prop_map(|(r, p, v)| (r, p, v))
            .prop_map(|(r, p, value)| Mutation::BadCoordinate {
                room: r.index(1 << 20),
                pt: p.index(1 << 20),
                value
            }),
        (idx(), bad_w).prop_map(|(d, value)| Mutation::BadDoorWidth {
            door: d.index(1 << 20),
            value
        }),
        (idx(), 0usize..3).prop_map(|(r, keep)| Mutation::FewPoints {
            room: r.index(1 << 20),
            keep
        }),
        (idx(), prop_oneof![0.1f64..2.0, -2.0f64..-0.1]).prop_map(|(d, offset_m)| {
            Mutation::DoorOffWall {
                door: d.index(1 << 20),
                offset_m,
            }
        }),
        (idx(), idx()).prop_map(|(d, r)| Mutation::DuplicateId {
            door: d.index(1 << 20),
            room: r.index(1 << 20)
        }),
        idx().prop_map(|d| Mutation::MissingRoom {
            door: d.index(1 << 20)
        }),
        (idx(), idx()).prop_map(|(r, p)| Mutation::DeletePoint {
            room: r.index(1 << 20),
            pt: p.index(1 << 20)
        }),
        (idx(), idx()).prop_map(|(a, b)| Mutation::SwapIds {
            a: a.index(1 << 20),
            b: b.index(1 << 20)
        }),
    ];
    (0usize..64, m)
}

fn rooms_mut(p: &mut Plan) -> Vec<&mut Room> {
    p.floors
        .iter_mut()
        .flat_map(|f| f.rooms.iter_mut())
        .collect()
}

fn doors_mut(p: &mut Plan) -> Vec<&mut Door> {
    p.floors
        .iter_mut()
        .flat_map(|f| f.doors.iter_mut())
        .collect()
}

/// Apply the mutation; returns the id that must be named when the mutation must be detected.
fn apply(p: &mut Plan, m: &Mutation) -> Option<String> {
    let n_rooms = rooms_mut(p).len();
    let n_doors = doors_mut(p).len();
    match *m {
        Mutation::BadCoordinate { room, pt, value } => {
            let mut rooms = rooms_mut(p);
            let r = &mut rooms[room % n_rooms];
            let k = pt % r.polygon.len();
            r.polygon[k][pt % 2] = value;
            Some(r.id.clone())
        }
        Mutation::BadDoorWidth { door, value } => {
            let mut doors = doors_mut(p);
            let d = &mut doors[door % n_doors];
            d.width_m = value;
            Some(d.id.clone())
        }
        Mutation::FewPoints { room, keep } => {
            let mut rooms = rooms_mut(p);
            let r = &mut rooms[room % n_rooms];
            r.polygon.truncate(keep);
            Some(r.id.clone())
        }
        Mutation::DoorOffWall { door, offset_m } => {
            let checked = resolve(p);
            let b = checked.building.as_ref()?;
            let mut doors = doors_mut(p);
            let d = &mut doors[door % n_doors];
            let g = b.doors.iter().find(|g| g.id == d.id)?;
            let v = g.span.vector().normalize();
            d.at = [g.centre.x - v.y * offset_m, g.centre.y + v.x * offset_m];
            Some(d.id.clone())
        }
        Mutation::DuplicateId { door, room } => {
            let rid = rooms_mut(p)[room % n_rooms].id.clone();
            doors_mut(p)[door % n_doors].id = rid.clone();
            Some(rid)
        }
        Mutation::MissingRoom { door } => {
            let mut doors = doors_mut(p);
            let d = &mut doors[door % n_doors];
            d.rooms[0] = "NO-SUCH-ROOM".into();
            Some(d.id.clone())
        }
        Mutation::DeletePoint { room, pt } => {
            let mut rooms = rooms_mut(p);
            let r = &mut rooms[room % n_rooms];
            let k = pt % r.polygon.len();
            r.polygon.remove(k);
            None
        }
        Mutation::SwapIds { a, b } => {
            let mut rooms = rooms_mut(p);
            let (ia, ib) = (a % n_rooms, b % n_rooms);
            let ida = rooms[ia].id.clone();
            rooms[ia].id = rooms[ib].id.clone();
            rooms[ib].id = ida;
            None
        }
    }
}

proptest! {
    #![proptest_config(config(2000))]
    #[test]
    fn mutated_bundled_plans_never_panic_and_are_caught((which, m) in mutation()) {
        let plans = bundled();
        let (name, original) = &plans[which % plans.len()];
        let mut p = original.clone();
        let must_name = apply(&mut p, &m);
        let checked = std::panic::catch_unwind(|| resolve(&p));
        prop_assert!(checked.is_ok(), "{name}: {m:?} panicked");
        let checked = checked.unwrap();
        // Serialising and re-reading the mutated plan must not panic either (NaN becomes null).
        let _ = std::panic::catch_unwind(|| serde_json::to_string(&p).map(|t| plan::from_json_str(&t)));
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            prop_assert!(d.element.is_some(), "{name}: {m:?}: error without an element: {d}");
        }
        if let Some(id) = must_name {
            let named = checked.diagnostics.iter().any(|d| d.is_error() && d.element.as_ref().is_some_and(|e| e.id.contains(&id)));
            prop_assert!(named, "{name}: {m:?} not caught for {id}: {:#?}", checked.diagnostics);
        }
    }
}

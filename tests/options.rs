//! Retrofit operations on the shared minimal example, checked by hand, and the bundled options.

use carehome::building::{Building, resolve};
use carehome::options::{Op, apply, from_toml_str};
use carehome::plan::{DoorKind, Outlook, Plan, RoomUse};

fn minimal() -> Plan {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/minimal.json"
    ))
    .unwrap();
    carehome::plan::from_json_str(&src).unwrap()
}

fn build(plan: &Plan) -> Building {
    let c = resolve(plan);
    c.building.unwrap_or_else(|| panic!("{:#?}", c.diagnostics))
}

fn room<'a>(b: &'a Building, id: &str) -> &'a carehome::building::RoomGeom {
    &b.rooms[b.room_index(id).unwrap_or_else(|| panic!("no room {id}"))]
}

#[test]
fn set_beds_and_change_use() {
    let ops = vec![
        Op::SetBeds {
            room: "B02".into(),
            beds: 1,
            cost: Some(500.0),
        },
        Op::ChangeUse {
            room: "E01".into(),
            room_use: RoomUse::Entrance,
            beds: None,
            cost: None,
        },
        Op::ChangeUse {
            room: "L01".into(),
            room_use: RoomUse::Dining,
            beds: None,
            cost: None,
        },
    ];
    let a = apply(&minimal(), &ops).unwrap();
    let b = build(&a.plan);
    // 1 + 1 residents now (B02 had 2 beds).
    assert_eq!(b.residents(), 2);
    assert_eq!(room(&b, "L01").room_use, RoomUse::Dining);
    assert_eq!(a.changed, ["B02", "E01", "L01"]);
    assert_eq!(carehome::options::total_cost(&ops), Some(500.0));
}

#[test]
fn split_room_gives_two_rooms_with_their_doors_and_windows() {
    // The 12 x 6 m lounge cut at x = 8 (walking up the cut, the left part is x < 8): L01A
    // 8 x 6 = 48 m² keeps doors D06, D07 and window W03; L01B 4 x 6 = 24 m² keeps window W04 and
    // gets a new door to L01A so it can be reached.
    let ops = vec![
        Op::SplitRoom {
            room: "L01".into(),
            from: [8.0, 5.8],
            to: [8.0, 11.8],
            into: ["L01A".into(), "L01B".into()],
            uses: None,
            beds: None,
            cost: None,
        },
        Op::AddDoor {
            id: "D10".into(),
            rooms: ["L01A".into(), "L01B".into()],
            at: [8.0, 8.8],
            width_m: 0.9,
            kind: DoorKind::Normal,
            cost: None,
        },
    ];
    let a = apply(&minimal(), &ops).unwrap();
    let b = build(&a.plan);
    assert!((room(&b, "L01A").area_m2 - 48.0).abs() < 1e-9);
    assert!((room(&b, "L01B").area_m2 - 24.0).abs() < 1e-9);
    let doors_of = |id: &str| -> Vec<String> {
        let mut v: Vec<String> = room(&b, id)
            .doors
            .iter()
            .map(|&d| b.doors[d].id.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(doors_of("L01A"), ["D06", "D07", "D10"]);
    assert_eq!(doors_of("L01B"), ["D10"]);
    let win = |id: &str| {
        room(&b, id)
            .windows
            .iter()
            .map(|&w| b.windows[w].id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(win("L01A"), ["W03"]);
    assert_eq!(win("L01B"), ["W04"]);
}

#[test]
fn merge_rooms_joins_the_bedroom_and_its_ensuite() {
    // B01 (12.76 m²) and ES01 (3.24 m²) make a 4 x 4 = 16 m² bedroom; their door D02 goes.
    let ops = vec![Op::MergeRooms {
        rooms: ["B01".into(), "ES01".into()],
        into: "B01".into(),
        room_use: None,
        beds: None,
        cost: None,
    }];
    let a = apply(&minimal(), &ops).unwrap();
    let b = build(&a.plan);
    let r = room(&b, "B01");
    assert!((r.area_m2 - 16.0).abs() < 1e-9);
    assert_eq!(
        r.polygon.len(),
        4,
        "the collinear vertices of the old shared wall are gone"
    );
    assert_eq!(r.beds, 1);
    assert!(b.doors.iter().all(|d| d.id != "D02"));
    assert!(b.room_index("ES01").is_none());
}

#[test]
fn doors_windows_ventilation_cleaners_households() {
    let ops = vec![
        Op::RemoveDoor {
            door: "D03".into(),
            cost: None,
        },
        Op::AddDoor {
            id: "D03B".into(),
            rooms: ["B02".into(), "C01".into()],
            at: [7.0, 4.0],
            width_m: 0.8,
            kind: DoorKind::Normal,
            cost: None,
        },
        Op::SetDoorKind {
            door: "D06".into(),
            kind: DoorKind::Fire,
            cost: None,
        },
        Op::RemoveWindow {
            window: "W04".into(),
            cost: None,
        },
        Op::AddWindow {
            id: "W05".into(),
            room: "L01".into(),
            at: [3.0, 11.8],
            width_m: 1.5,
            height_m: 1.5,
            sill_m: 0.8,
            transmittance: 0.7,
            outlook: Outlook::Garden,
            cost: None,
        },
        Op::SetVentilation {
            rooms: vec![],
            room_use: Some(RoomUse::Bedroom),
            ach: Some(3.0),
            supply_l_s: None,
            cost: None,
        },
        Op::AddAirCleaner {
            rooms: vec!["L01".into()],
            cadr_m3_h: 400.0,
            cost: None,
        },
        Op::AssignHousehold {
            rooms: vec!["B02".into()],
            household: "H2".into(),
            name: Some("Ash".into()),
            cost: None,
        },
    ];
    let a = apply(&minimal(), &ops).unwrap();
    let b = build(&a.plan);
    let d = b.doors.iter().find(|d| d.id == "D03B").unwrap();
    assert_eq!(d.centre, carehome::geom::P2::new(7.0, 4.0));
    assert_eq!(
        b.doors.iter().find(|d| d.id == "D06").unwrap().kind,
        DoorKind::Fire
    );
    let l01 = room(&b, "L01");
    let mut wins: Vec<_> = l01
        .windows
        .iter()
        .map(|&w| b.windows[w].id.as_str())
        .collect();
    wins.sort();
    assert_eq!(wins, ["W03", "W05"]);
    assert_eq!(l01.ventilation.air_cleaner_cadr_m3_h, Some(400.0));
    assert_eq!(
        l01.ventilation.ach,
        Some(2.0),
        "the lounge's own ventilation is kept"
    );
    assert_eq!(room(&b, "B01").ventilation.ach, Some(3.0));
    assert_eq!(room(&b, "B02").ventilation.ach, Some(3.0));
    assert_eq!(b.households.len(), 2);
    assert_eq!(b.households[room(&b, "B02").household.unwrap()].id, "H2");
}

#[test]
fn invalid_ops_are_all_reported_with_their_number_and_element() {
    let ops = vec![
        Op::SetBeds {
            room: "L01".into(),
            beds: 2,
            cost: None,
        },
        Op::SplitRoom {
            room: "B02".into(),
            from: [5.0, 1.0],
            to: [5.0, 4.0],
            into: ["X".into(), "Y".into()],
            uses: None,
            beds: Some([1, 1]),
            cost: None,
        },
        Op::AddDoor {
            id: "D01".into(),
            rooms: ["B02".into(), "C01".into()],
            at: [7.0, 4.0],
            width_m: 0.8,
            kind: DoorKind::Normal,
            cost: None,
        },
        Op::RemoveDoor {
            door: "NOPE".into(),
            cost: None,
        },
        Op::ChangeUse {
            room: "L01".into(),
            room_use: RoomUse::Bedroom,
            beds: None,
            cost: None,
        },
    ];
    let errs = apply(&minimal(), &ops).unwrap_err();
    let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 5, "{text:#?}");
    assert!(
        text[0].contains("op 1 (set_beds)") && text[0].contains("L01 is a lounge"),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains("op 2 (split_room)") && text[1].contains("does not split room B02"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("op 3 (add_door)") && text[2].contains("\"D01\" is already used"),
        "{}",
        text[2]
    );
    assert!(
        text[3].contains("op 4 (remove_door)") && text[3].contains("NOPE"),
        "{}",
        text[3]
    );
    assert!(
        text[4].contains("op 5 (change_use)") && text[4].contains("without beds"),
        "{}",
        text[4]
    );
}

#[test]
fn toml_errors_give_the_line() {
    let src = "schema = \"carehome-options/1\"\nname = \"x\"\nbase = \"p.json\"\n\n[[ops]]\nop = \"paint_walls\"\nroom = \"B01\"\n";
    let e = from_toml_str(src).unwrap_err();
    assert!(e[0].message.contains("paint_walls"), "{}", e[0].message);
    // Each step's problems are reported at its `[[ops]]` header (the step's first line), the
    // line every other message about a step uses.
    assert_eq!(e[0].line, Some(5), "the line of the step's `[[ops]]`");
}

fn bundled(name: &str) -> (Plan, Building) {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/options")
        .join(name);
    let loaded = carehome::io::read_plan(&p).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let b = build(&loaded.plan);
    (loaded.plan, b)
}

#[test]
fn bundled_retrofits_do_what_they_say() {
    let schedule = |b: &Building| carehome::assess::schedule(b);
    // Singles: 6 twins to singles (−6), two 4-bed wards split into two singles (−4), two 3-bed
    // wards split into two singles (−2): 49 − 12 = 37 residents, all in single rooms.
    let (_, b) = bundled("legacy-singles.toml");
    let s = schedule(&b);
    assert_eq!((s.residents, s.single_bedrooms, s.bedrooms), (37, 37, 37));
    // En-suites: 6 rooms get a shower room (7 en-suite bedrooms with 1-B07's old one); twins
    // become singles: 49 − 6 = 43 residents.
    let (_, b) = bundled("legacy-ensuites.toml");
    let s = schedule(&b);
    assert_eq!((s.residents, s.bedrooms_with_ensuite), (43, 7));
    // Households: four households of 10, 5, 10 and 10 residents.
    let (_, b) = bundled("legacy-households.toml");
    let sizes: Vec<u32> = schedule(&b)
        .households
        .iter()
        .map(|h| h.residents)
        .collect();
    assert_eq!(sizes, [10, 5, 10, 10]);
    // Visiting + ventilation: a visiting room with its own door from the street; bedrooms at
    // 3 ach.
    let (_, b) = bundled("legacy-visiting-ventilation.toml");
    let v = room(&b, "G-HAIR");
    assert_eq!(v.room_use, RoomUse::Visiting);
    assert!(v.doors.iter().any(|&d| {
        b.doors[d]
            .sides
            .contains(&carehome::building::Side::Outside)
    }));
    assert!(
        b.rooms
            .iter()
            .filter(|r| r.room_use == RoomUse::Bedroom)
            .all(|r| r.ventilation.ach == Some(3.0))
    );
}

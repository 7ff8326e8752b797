//! The resolved geometry of the shared minimal example against hand calculations.
//!
//! The plan (metres): B01 an L-shaped bedroom 4 x 4 minus the 1.8 x 1.8 en-suite ES01 in its
//! north-west corner; B02 a 4 x 4 bedroom east of it; E01 a 4 x 4 entrance; the corridor C01 runs
//! along y = 4..5.8 for x = 0..12; the lounge L01 is y = 5.8..11.8; the garden lies north of it.

use carehome::building::{Building, Side};
use carehome::geom::P2;

fn minimal() -> Building {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/minimal.json"
    ))
    .unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    let checked = carehome::building::resolve(&plan);
    checked
        .building
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics))
}

fn room(b: &Building, id: &str) -> usize {
    b.room_index(id).unwrap()
}

#[test]
fn areas_by_hand() {
    let b = minimal();
    let area = |id| b.rooms[room(&b, id)].area_m2;
    assert!((area("B01") - (16.0 - 1.8 * 1.8)).abs() < 1e-9);
    assert!((area("ES01") - 1.8 * 1.8).abs() < 1e-9);
    assert!((area("B02") - 16.0).abs() < 1e-9);
    assert!((area("C01") - 12.0 * 1.8).abs() < 1e-9);
    assert!((area("L01") - 72.0).abs() < 1e-9);
    // L01 volume at the floor's default 2.7 m ceiling.
    assert!((b.rooms[room(&b, "L01")].volume_m3() - 72.0 * 2.7).abs() < 1e-9);
}

#[test]
fn shared_edges_become_internal_walls_with_door_openings_cut_out() {
    let b = minimal();
    let (b02, c01) = (room(&b, "B02"), room(&b, "C01"));
    let between: Vec<f64> = b
        .walls
        .iter()
        .filter(|w| {
            (w.room == b02 && w.other == Side::Room(c01))
                || (w.room == c01 && w.other == Side::Room(b02))
        })
        .map(|w| w.segment.length_m())
        .collect();
    // The shared edge runs x = 4..8 on y = 4; the 0.9 m door D03 centred at x = 6 leaves
    // 2 - 0.45 = 1.55 m of wall on each side.
    assert_eq!(between.len(), 2, "{between:?}");
    for l in between {
        assert!((l - 1.55).abs() < 1e-9, "{l}");
    }
    // B01's external walls: the south edge (4 m, with window W01, which is not cut out) and the
    // west edge below the en-suite (2.2 m).
    let b01 = room(&b, "B01");
    let external: f64 = b
        .walls
        .iter()
        .filter(|w| w.room == b01 && w.is_external())
        .map(|w| w.segment.length_m())
        .sum();
    assert!((external - 6.2).abs() < 1e-9, "{external}");
    // The lounge's north wall runs along the garden: it faces the outdoor area, minus door D07.
    let l01 = room(&b, "L01");
    let garden: f64 = b
        .walls
        .iter()
        .filter(|w| w.room == l01 && matches!(w.other, Side::Outdoor(_)))
        .map(|w| w.segment.length_m())
        .sum();
    assert!((garden - (12.0 - 1.2)).abs() < 1e-9, "{garden}");
}

#[test]
fn point_location() {
    let b = minimal();
    assert_eq!(b.room_at(0, P2::new(2.0, 1.0)), Some(room(&b, "B01")));
    assert_eq!(
        b.room_at(0, P2::new(1.0, 3.0)),
        Some(room(&b, "ES01")),
        "the en-suite notch is not B01"
    );
    assert_eq!(b.room_at(0, P2::new(3.0, 3.0)), Some(room(&b, "B01")));
    assert_eq!(b.room_at(0, P2::new(6.0, 8.0)), Some(room(&b, "L01")));
    assert_eq!(b.room_at(0, P2::new(-1.0, -1.0)), None);
    let near: Vec<usize> = b.rooms_in_envelope(0, [3.5, 0.5], [4.5, 1.0]).collect();
    assert!(near.contains(&room(&b, "B01")) && near.contains(&room(&b, "B02")) && near.len() == 2);
}

#[test]
fn line_of_sight_through_a_door_but_not_a_wall() {
    let b = minimal();
    // Straight through D03 (x = 5.55..6.45 on y = 4).
    assert!(b.line_of_sight(0, P2::new(6.0, 2.0), P2::new(6.0, 5.0)));
    // 1 m to the side of the door: through the wall.
    assert!(!b.line_of_sight(0, P2::new(5.0, 2.0), P2::new(5.0, 5.0)));
    // Bedroom to bedroom through the party wall x = 4.
    assert!(!b.line_of_sight(0, P2::new(2.0, 1.0), P2::new(6.0, 1.0)));
    // Within one room.
    assert!(b.line_of_sight(0, P2::new(1.0, 7.0), P2::new(11.0, 11.0)));
    // Diagonal through the D03 opening: from (5.8, 3) to (6.2, 5) crosses y = 4 at x = 6.0.
    assert!(b.line_of_sight(0, P2::new(5.8, 3.0), P2::new(6.2, 5.0)));
}

#[test]
fn nearest_wall_respects_door_openings() {
    let b = minimal();
    // From (6, 3.9), just inside B02 facing the door: the nearest solid wall is the jamb end at
    // (5.55, 4) or (6.45, 4): sqrt(0.45² + 0.1²).
    let (_, d) = b.nearest_wall(0, P2::new(6.0, 3.9)).unwrap();
    assert!((d - (0.45f64.powi(2) + 0.01).sqrt()).abs() < 1e-9, "{d}");
    // From (5, 3.9) the wall y = 4 is 0.1 m away.
    let (_, d) = b.nearest_wall(0, P2::new(5.0, 3.9)).unwrap();
    assert!((d - 0.1).abs() < 1e-9, "{d}");
}

#[test]
fn door_graph_and_snapping() {
    let b = minimal();
    let c01 = room(&b, "C01");
    let mut next: Vec<&str> = b
        .adjacent_rooms(c01)
        .map(|(_, j)| b.rooms[j].id.as_str())
        .collect();
    next.sort();
    assert_eq!(next, ["B01", "B02", "E01", "L01"]);
    let d03 = b.doors.iter().find(|d| d.id == "D03").unwrap();
    assert_eq!(d03.centre, P2::new(6.0, 4.0));
    assert!((d03.span.length_m() - 0.9).abs() < 1e-12);
    // The entrance door faces the outside; the lounge door faces the garden.
    let d05 = b.doors.iter().find(|d| d.id == "D05").unwrap();
    assert!(d05.sides.contains(&Side::Outside));
    let d07 = b.doors.iter().find(|d| d.id == "D07").unwrap();
    assert!(d07.sides.contains(&Side::Outdoor(0)));
    assert_eq!(b.entrances(), vec![room(&b, "E01")]);
    // W01 on B01's south wall looks south: outward normal (0, -1).
    let w01 = b.windows.iter().find(|w| w.id == "W01").unwrap();
    assert!((w01.outward.x).abs() < 1e-12 && (w01.outward.y + 1.0).abs() < 1e-12);
    // B01 has one en-suite; B02 none.
    assert_eq!(b.ensuites_of(room(&b, "B01")).count(), 1);
    assert_eq!(b.ensuites_of(room(&b, "B02")).count(), 0);
}

#[test]
fn schedule_of_the_minimal_example_by_hand() {
    let b = minimal();
    let s = carehome::assess::schedule(&b);
    // 3 residents (B01: 1 bed, B02: 2 beds) in 2 bedrooms; 1 resident toilet (ES01).
    assert_eq!((s.residents, s.bedrooms, s.resident_bathrooms), (3, 2, 1));
    // Crowding index 3 / (2/2 + 1/2) = 2.
    assert!((s.crowding_index.unwrap() - 2.0).abs() < 1e-12);
    assert!((s.single_room_share.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!((s.ensuite_share.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    // No shared bathroom: the ratio is undefined, not infinite.
    assert_eq!(s.residents_per_shared_bathroom, None);
    // Communal: the 72 m² lounge for 3 residents.
    assert!((s.communal_m2_per_resident.unwrap() - 24.0).abs() < 1e-12);
}

#[test]
fn schema_in_docs_is_the_generated_one() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/plan.schema.json"
    ))
    .expect("docs/plan.schema.json exists");
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert!(
        committed == carehome::plan::json_schema(),
        "docs/plan.schema.json is stale: run `cargo run -- schema plan -o docs/plan.schema.json --force`"
    );
}

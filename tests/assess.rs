//! The quality-of-life and infection-control assessment against hand calculations on the shared
//! minimal example, and the comparisons the evidence predicts between the bundled homes.

use carehome::assess::{Assessment, Options, assess};
use carehome::building::Building;

/// Load a plan, or an option file applied to its base plan.
fn load(path: &str) -> Building {
    let full = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let loaded = carehome::io::read_plan(&full).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let c = carehome::building::resolve(&loaded.plan);
    c.building.unwrap_or_else(|| panic!("{:#?}", c.diagnostics))
}

fn value(a: &Assessment, key: &str) -> Option<f64> {
    a.metric(key)
        .unwrap_or_else(|| panic!("no metric {key}"))
        .value
}

fn close(x: Option<f64>, y: f64) -> bool {
    x.is_some_and(|x| (x - y).abs() < 1e-9)
}

#[test]
fn minimal_example_by_hand() {
    let b = load("tests/fixtures/good/minimal.json");
    let a = assess(&b, &Options::default());
    // Space: the 72 m² lounge for 3 residents; the corridor is 12 x 1.8 m: A = 21.6, P = 27.6,
    // w = (27.6 − √(27.6² − 16·21.6))/4 = (27.6 − 20.4)/4 = 1.8.
    assert!(close(value(&a, "space.communal_m2_per_resident"), 24.0));
    assert!(close(value(&a, "space.narrowest_corridor_m"), 1.8));
    // B01 12.76 m² single (new build, ≥ 12) and B02 16 m² twin (≥ 16) both meet England NMS 23.
    assert!(close(value(&a, "space.bedroom_standard_share"), 1.0));
    // Ireland: 7.4 m² per resident: B01 12.76 ≥ 7.4, B02 16 ≥ 14.8.
    let ie = assess(
        &b,
        &Options {
            standard: carehome::assess::Standard::Ireland,
            ..Options::default()
        },
    );
    assert!(close(value(&ie, "space.bedroom_standard_share"), 1.0));
    // Every resident-route door is 0.8–1.2 m.
    assert!(close(value(&a, "space.resident_doors_wide_share"), 1.0));

    // Privacy: 1 of 3 residents single, en-suite, single en-suite; B01's bed sits in the open part
    // of the room and sees the en-suite door D02 along the 2.2 m deep strip in front of it.
    assert!(close(value(&a, "privacy.single_room_share"), 1.0 / 3.0));
    assert!(close(value(&a, "privacy.single_ensuite_share"), 1.0 / 3.0));
    assert!(close(
        value(&a, "privacy.toilet_visible_from_bed_share"),
        1.0
    ));
    assert_eq!(value(&a, "privacy.residents_per_shared_bathroom"), None);

    // Household H1: 3 residents, a lounge but no kitchen or dining room: not the household model.
    assert!(close(value(&a, "household.largest_residents"), 3.0));
    assert!(close(value(&a, "household.model_share"), 0.0));

    // Outdoor: garden 12 x 8.2 = 98.4 m² for 3 residents; bedroom windows face the street; one
    // garden door (D07); corridor, lounge, entrance and garden form a tree: no walking loop.
    assert!(close(
        value(&a, "outdoor.garden_m2_per_resident"),
        98.4 / 3.0
    ));
    assert!(close(value(&a, "outdoor.garden_view_share"), 0.0));
    assert!(close(value(&a, "outdoor.garden_doors"), 1.0));
    assert!(close(value(&a, "outdoor.walking_loop"), 0.0));

    // Infection control: crowding 3 / (2/2 + 1/2) = 2 (meets "≤ 2" exactly); one household, so
    // separability is undefined; no staff entrance; no visiting room.
    assert!(close(value(&a, "infection.crowding_index"), 2.0));
    assert_eq!(value(&a, "infection.separable_household_share"), None);
    assert!(close(value(&a, "infection.separate_staff_entrance"), 0.0));
    assert_eq!(value(&a, "infection.visiting_room_from_outside"), None);
    // Ventilation at 1 ach: B01 12.76 m² x 2.7 m / 3.6 = 9.57 L/s (< 10); B02 16 x 2.7 / 3.6 =
    // 12 L/s for 2 residents = 6 L/s each (< 10). No resident reaches the WHO 10 L/s.
    assert!(close(value(&a, "infection.bedroom_ventilation_share"), 0.0));
    assert!(
        (carehome::assess::infection::outdoor_air_l_s(&b, b.room_index("B01").unwrap()).unwrap()
            - 12.76 * 2.7 / 3.6)
            .abs()
            < 1e-9
    );

    // Wayfinding: C01 leads on to E01 and L01, so it is no dead end; both bedroom doors are seen
    // from the lounge through the 1.2 m door D06.
    assert!(close(value(&a, "wayfinding.dead_end_corridors"), 0.0));
    assert!(close(value(&a, "wayfinding.visual_access_share"), 1.0));
}

#[test]
fn every_metric_cites_a_source_and_explains_itself() {
    let b = load("floorplans/legacy-corridor.json");
    let a = assess(&b, &Options::default());
    for m in a.metrics() {
        assert!(!m.source.is_empty() && !m.how.is_empty(), "{}", m.key);
        assert!(
            m.value.is_none_or(f64::is_finite),
            "{} is not finite",
            m.key
        );
        assert!(
            carehome::report::assessment::explain(&a, m.key)
                .unwrap()
                .contains(m.source)
        );
    }
}

#[test]
fn the_household_new_build_beats_the_legacy_home() {
    let legacy = assess(
        &load("floorplans/legacy-corridor.json"),
        &Options::default(),
    );
    let newb = assess(
        &load("floorplans/household-newbuild.json"),
        &Options::default(),
    );
    let better = |key: &str, higher: bool| {
        let (l, n) = (value(&legacy, key).unwrap(), value(&newb, key).unwrap());
        assert!(
            if higher { n > l } else { n < l },
            "{key}: new build {n} vs legacy {l}"
        );
    };
    // Privacy (TrinityHaus 2022; Brown et al. 2021).
    better("privacy.single_room_share", true);
    better("privacy.ensuite_share", true);
    better("privacy.residents_per_shared_bathroom", false);
    // Household scale.
    better("household.largest_residents", false);
    better("household.model_share", true);
    // Infection-control geometry.
    better("infection.crowding_index", false);
    better("infection.separable_household_share", true);
    better("wayfinding.visual_access_share", true);
}

#[test]
fn separability_of_the_bundled_homes() {
    // New build: each household has its own front door(s) off shared circulation.
    let a = assess(
        &load("floorplans/household-newbuild.json"),
        &Options::default(),
    );
    assert!(
        a.separability.iter().all(|s| s.separable()),
        "{:#?}",
        a.separability
    );
    // Legacy: each floor is one household around its corridor and the first floor is reached
    // (indoors) only through the ground-floor corridor: closing the ground floor cuts the first
    // floor off, and the first floor cannot be reached without crossing the ground floor.
    let a = assess(
        &load("floorplans/legacy-corridor.json"),
        &Options::default(),
    );
    let by = |id: &str| {
        a.separability
            .iter()
            .find(|s| s.household == id)
            .unwrap()
            .clone()
    };
    assert!(by("GF").reachable_without_crossing_others && !by("GF").others_reachable_when_closed);
    assert!(!by("FF").reachable_without_crossing_others && by("FF").others_reachable_when_closed);
    // The households retrofit puts fire doors in the corridors and a shared landing at the stair
    // and lift upstairs: each of its four households can be closed off.
    let a = assess(
        &load("scenarios/options/legacy-households.toml"),
        &Options::default(),
    );
    assert_eq!(a.separability.len(), 4);
    assert!(
        a.separability.iter().all(|s| s.separable()),
        "{:#?}",
        a.separability
    );
}

#[test]
fn route_metrics_on_a_hand_drawn_plan() {
    // tests/fixtures/good/routes.json: bedroom B (0..4 x 0..4) with its door DB at (2, 4) onto the
    // corridor C (y 4..6); dining D straight across (door DD at (2, 6)); lounge L (door DL at
    // (7, 6)); WC W (door DW at (7, 4)); a staff-only store S (door DS at (5, 4)); the garden north
    // of D (door DG at (2, 10)). The bed of the 4 x 4 room is at its centre (2, 2), the only
    // point 2 m from every wall. Routes pass 0.4 m portal points in front of each door.
    use carehome::assess::routes::{Destination, bedroom_routes};
    let b = load("tests/fixtures/good/routes.json");
    let nav = carehome::nav::NavGraph::new(&b);
    let routes = bedroom_routes(&b, &nav);
    let get = |d: Destination| routes.iter().find(|r| r.destination == d).unwrap();
    // Dining: straight up x = 2 from (2, 2) to D's centre (2, 8): 6 m, no turns, no door passed.
    let r = get(Destination::Dining);
    assert!(
        (r.length_m - 6.0).abs() < 1e-9 && r.direction_changes == 0 && r.decision_points == 0,
        "{r:?}"
    );
    // WC: up 2.4 m to the corridor portal (2, 4.4), along 5 m to (7, 4.4), down 2.4 m to W's
    // centre (7, 2): 9.8 m, two turns; passes the store door DS (0.4 m away).
    let r = get(Destination::Toilet);
    assert!(
        (r.length_m - 9.8).abs() < 1e-9 && r.direction_changes == 2 && r.decision_points == 1,
        "{r:?}"
    );
    // Lounge: up 2.4 m, then diagonally (2, 4.4) → (7, 5.6) = √(5² + 1.2²), then 2.4 m to L's
    // centre (7, 8); both bends are 76.5° turns; DS lies 5.6/√26.44 = 1.09 m from the diagonal.
    let r = get(Destination::Lounge);
    let expected = 2.4 + (25.0f64 + 1.44).sqrt() + 2.4;
    assert!(
        (r.length_m - expected).abs() < 1e-9 && r.direction_changes == 2 && r.decision_points == 1,
        "{r:?}"
    );
    // Garden: straight up to 0.2 m inside DG, (2, 9.8): 7.8 m; DG itself is the goal.
    let r = get(Destination::Garden);
    assert!(
        (r.length_m - 7.8).abs() < 1e-9 && r.direction_changes == 0 && r.decision_points == 0,
        "{r:?}"
    );
}

#[test]
fn small_homes_have_shorter_daily_routes_than_the_legacy_home() {
    let legacy = assess(
        &load("floorplans/legacy-corridor.json"),
        &Options::default(),
    );
    let green = assess(&load("floorplans/green-house.json"), &Options::default());
    let newb = assess(
        &load("floorplans/household-newbuild.json"),
        &Options::default(),
    );
    for key in [
        "routes.bedroom_to_dining_m",
        "routes.bedroom_to_lounge_m",
        "routes.bedroom_to_toilet_m",
    ] {
        let l = value(&legacy, key).unwrap();
        assert!(
            value(&newb, key).unwrap() < l,
            "{key}: new build vs legacy {l}"
        );
        assert!(
            value(&green, key).unwrap() < l,
            "{key}: green house vs legacy {l}"
        );
    }
}

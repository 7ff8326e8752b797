//! The bundled homes: all valid, the warnings their typology explains, and their geometry
//! schedule against counts made by hand from the drawings (floorplans/README.md).

use carehome::building::{Checked, resolve};
use carehome::diag::Severity;
use std::collections::BTreeMap;
use std::process::Command;

fn load(name: &str) -> Checked {
    let path = format!("{}/floorplans/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap();
    resolve(&carehome::plan::from_json_str(&src).unwrap())
}

fn warning_counts(c: &Checked) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in &c.diagnostics {
        assert_eq!(d.severity, Severity::Warning, "{d}");
        *m.entry(d.code).or_default() += 1;
    }
    m
}

#[test]
fn check_accepts_every_bundled_plan() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/floorplans");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .arg("check")
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn new_builds_have_no_warnings() {
    for name in ["household-newbuild", "green-house"] {
        let c = load(name);
        assert!(c.is_valid());
        assert!(c.diagnostics.is_empty(), "{name}: {:#?}", c.diagnostics);
    }
}

#[test]
fn legacy_warnings_are_those_of_its_typology() {
    let c = load("legacy-corridor");
    assert!(c.is_valid());
    let w = warning_counts(&c);
    // Counted on the drawing: 10 rooms with 2–4 beds; 4 singles of 9.6 m² (< 10 m², existing
    // home) and one twin of 15.2 m² (< 16 m²); 9 original 0.76 m doors on resident routes;
    // two floor-wide households of 22 and 27 residents (> 12).
    let expected: BTreeMap<&str, usize> = [
        ("shared-bedroom", 10),
        ("bedroom-small", 5),
        ("narrow-door", 9),
        ("large-household", 2),
    ]
    .into();
    assert_eq!(w, expected);
}

#[test]
fn victorian_warnings_are_those_of_its_typology() {
    let c = load("victorian-conversion");
    assert!(c.is_valid());
    let w = warning_counts(&c);
    // 6 shared rooms; 16 original 0.70–0.76 m doors; one household of 16.
    let expected: BTreeMap<&str, usize> = [
        ("shared-bedroom", 6),
        ("narrow-door", 16),
        ("large-household", 1),
    ]
    .into();
    assert_eq!(w, expected);
}

/// Hand counts from floorplans/README.md: (plan, residents, bedrooms, single bedrooms, bedrooms
/// with en-suite, resident bathrooms incl. en-suites, communal m²).
const HAND: &[(&str, u32, u32, u32, u32, u32, f64)] = &[
    ("legacy-corridor", 49, 33, 23, 1, 8, 181.8),
    ("household-newbuild", 48, 48, 48, 48, 52, 375.0),
    ("green-house", 12, 12, 12, 12, 12, 117.6),
    ("victorian-conversion", 16, 10, 4, 3, 7, 95.24),
];

#[test]
fn schedule_matches_hand_counts() {
    for &(name, residents, bedrooms, singles, ensuite, baths, communal) in HAND {
        let s = carehome::assess::schedule(load(name).building.as_ref().unwrap());
        assert_eq!(
            (
                s.residents,
                s.bedrooms,
                s.single_bedrooms,
                s.bedrooms_with_ensuite,
                s.resident_bathrooms
            ),
            (residents, bedrooms, singles, ensuite, baths),
            "{name}"
        );
        assert!(
            (s.communal_area_m2 - communal).abs() < 0.01,
            "{name}: {}",
            s.communal_area_m2
        );
    }
}

#[test]
fn crowding_index_matches_hand_count_and_orders_the_homes() {
    // Brown et al. 2021: residents / (bedrooms/2 + bathrooms/2), worked by hand:
    let hand = [
        ("legacy-corridor", 49.0 / (33.0 / 2.0 + 8.0 / 2.0)), // 2.39: high crowding
        ("victorian-conversion", 16.0 / (10.0 / 2.0 + 7.0 / 2.0)), // 1.88
        ("green-house", 12.0 / (12.0 / 2.0 + 12.0 / 2.0)),    // 1.00
        ("household-newbuild", 48.0 / (48.0 / 2.0 + 52.0 / 2.0)), // 0.96
    ];
    let mut previous = f64::INFINITY;
    for (name, expected) in hand {
        let ci = carehome::assess::schedule(load(name).building.as_ref().unwrap())
            .crowding_index
            .unwrap();
        assert!((ci - expected).abs() < 1e-12, "{name}: {ci} vs {expected}");
        assert!(
            ci < previous,
            "{name} should be less crowded than the one before"
        );
        previous = ci;
    }
    assert!(previous < 2.0 && hand[0].1 >= 2.0);
}

#[test]
fn households_of_the_new_build() {
    let s = carehome::assess::schedule(load("household-newbuild").building.as_ref().unwrap());
    let sizes: Vec<u32> = s.households.iter().map(|h| h.residents).collect();
    assert_eq!(sizes, [12, 12, 12, 12]);
    // Each household has its own living/dining space.
    for h in &s.households {
        assert!(
            h.communal_area_m2 > 12.0 * 4.1,
            "{}: {}",
            h.id,
            h.communal_area_m2
        );
    }
}

#[test]
fn assess_of_the_legacy_home_runs() {
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args([
            "assess",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/floorplans/legacy-corridor.json"
            ),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Crowding index") && text.contains("2.39"),
        "{text}"
    );
}

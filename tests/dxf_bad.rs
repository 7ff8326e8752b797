//! Bad drawings (tests/dxf/fixtures, written by ezdxf with tests/dxf/make_bad_fixtures.py): each
//! problem is reported with the entity handle ezdxf gave it and its layer, all problems at once,
//! and nothing panics.

use carehome::diag::{Diagnostic, ElementKind, Severity};
use carehome::dxf::{ImportOptions, import_bytes};
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/dxf/fixtures"))
}

fn run(name: &str) -> Vec<Diagnostic> {
    let bytes = std::fs::read(fixtures().join(format!("{name}.dxf"))).unwrap();
    let imported = import_bytes(&bytes, &ImportOptions::default());
    let mut diags = imported.diagnostics;
    if let Some(plan) = imported.plan {
        diags.extend(carehome::building::resolve(&plan).diagnostics);
    }
    diags
}

fn expectations() -> serde_json::Value {
    let src = std::fs::read_to_string(fixtures().join("expect.json")).unwrap();
    serde_json::from_str(&src).unwrap()
}

fn check(name: &str) {
    let expect = expectations();
    let cases = expect[name]
        .as_array()
        .unwrap_or_else(|| panic!("no expectations for {name}"));
    let diags = run(name);
    for case in cases {
        let code = case["code"].as_str().unwrap();
        let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
        assert!(!found.is_empty(), "{name}: no {code} in {diags:#?}");
        if let (Some(handle), Some(layer)) = (case["handle"].as_str(), case["layer"].as_str()) {
            let hit = found.iter().find(|d| {
                d.element
                    .as_ref()
                    .is_some_and(|e| e.kind == ElementKind::Entity && e.id == handle)
            });
            let d = hit.unwrap_or_else(|| {
                panic!("{name}: {code} does not name entity {handle}: {found:#?}")
            });
            assert!(
                d.message.contains(handle),
                "{name}: handle not in message: {}",
                d.message
            );
            assert!(
                d.message.contains(&format!("layer {layer}")),
                "{name}: layer not in message: {}",
                d.message
            );
            assert!(
                d.message.contains(" m"),
                "{name}: no position in message: {}",
                d.message
            );
        }
        if code != "dxf-unsupported-entity" {
            assert!(
                found.iter().any(|d| d.severity == Severity::Error),
                "{name}: {code} is not an error"
            );
        }
    }
}

#[test]
fn open_outline() {
    check("open-outline");
    // The tag inside the open outline is not reported a second time as "outside".
    assert!(
        !run("open-outline")
            .iter()
            .any(|d| d.code == "dxf-tag-outside")
    );
}

#[test]
fn tag_outside_any_room() {
    check("tag-outside");
}

#[test]
fn two_tags_in_one_room() {
    check("two-tags");
}

#[test]
fn room_without_tag() {
    check("untagged");
}

#[test]
fn door_touching_one_room() {
    check("door-one-room");
}

#[test]
fn self_intersecting_outline() {
    check("self-intersecting");
}

#[test]
fn unsupported_entities_on_mapped_layers() {
    check("unsupported");
}

#[test]
fn all_problems_at_once() {
    check("many-problems");
    let n = run("many-problems").len();
    assert!(n >= 8, "expected every problem, got {n}");
}

#[test]
fn unknown_units() {
    check("unknown-units");
    // --units overrides the header.
    let bytes = std::fs::read(fixtures().join("unknown-units.dxf")).unwrap();
    let opts = ImportOptions {
        units: Some(carehome::dxf::Units::Metres),
        ..Default::default()
    };
    assert!(import_bytes(&bytes, &opts).plan.is_some());
}

#[test]
fn not_dxf_and_dwg_are_refused() {
    check("not-a-drawing");
    check("dwg-renamed");
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    let good = std::fs::read(fixtures().join("many-problems.dxf")).unwrap();
    for cut in [
        0,
        1,
        10,
        100,
        good.len() / 3,
        good.len() / 2,
        good.len() - 10,
    ] {
        let _ = import_bytes(&good[..cut], &ImportOptions::default());
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(97) {
        flipped[i] = b'9';
    }
    let _ = import_bytes(&flipped, &ImportOptions::default());
    let _ = import_bytes(&[0xff; 64], &ImportOptions::default());
}

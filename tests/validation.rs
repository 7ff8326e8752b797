//! Every validation rule has its own malformed plan under `tests/fixtures/bad/`; `carehome check`
//! must exit 1, name the element and the rule, and never panic.

use std::path::Path;
use std::process::Command;

fn check(path: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .arg("check")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .output()
        .expect("run carehome");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("panicked"), "{path} panicked:\n{text}");
    (out.status.code().expect("exit code"), text)
}

/// (fixture, rule code, element id that must appear in the message, extra text that must appear)
const CASES: &[(&str, &str, &str, &str)] = &[
    ("malformed-json", "json-syntax", "line 40", "column 14"),
    (
        "nonfinite-number",
        "json-syntax",
        "line 213",
        "out of range",
    ),
    (
        "unknown-field",
        "json-field",
        "room B02",
        "unknown field `bed`",
    ),
    (
        "missing-field",
        "json-field",
        "door D03",
        "missing field `width_m`",
    ),
    ("unknown-use", "json-field", "room L01", "ballroom"),
    ("duplicate-id", "duplicate-id", "room B02", "used twice"),
    // ESC [2J would clear the terminal; it is printed escaped.
    (
        "control-character-id",
        "control-character-in-id",
        "window W\\u{1b}[2J02",
        "U+001B",
    ),
    ("unknown-reference", "unknown-reference", "door D03", "B99"),
    ("absurd-coordinate", "absurd-size", "room B02", "100 km"),
    ("absurd-door-width", "absurd-size", "door D06", "width_m 50"),
    (
        "too-few-points",
        "polygon-too-few-points",
        "room B02",
        "2 point(s)",
    ),
    ("tiny-area", "tiny-area", "room S01", "0.250 m²"),
    (
        "self-intersection",
        "self-intersection",
        "room B02",
        "cross",
    ),
    ("overlap", "rooms-overlap", "B01 / B02", "4.00 m²"),
    // Door moved 0.4 m into the bedroom: the message gives that distance and where to put it.
    (
        "door-off-wall",
        "door-off-wall",
        "door D03",
        "0.40 m from the wall shared by B02 and C01",
    ),
    // The en-suite wall is 1.8 m long; a 2.5 m door cannot fit.
    (
        "door-too-wide",
        "door-too-wide",
        "door D02",
        "only 1.80 m long",
    ),
    (
        "door-rooms-not-adjacent",
        "door-rooms-not-adjacent",
        "door D03",
        "share no wall",
    ),
    (
        "window-internal-wall",
        "window-internal-wall",
        "window W02",
        "internal wall",
    ),
    (
        "bedroom-without-beds",
        "bedroom-without-beds",
        "room B02",
        "no beds",
    ),
    (
        "unreachable-room",
        "unreachable-room",
        "room B02",
        "cannot be reached",
    ),
    (
        "vertical-wrong-use",
        "vertical-wrong-use",
        "vertical link ST1",
        "corridor",
    ),
    ("no-entrance", "no-entrance", "", "entrance"),
    // Issue #14: JSON serde would accept (last key wins; a struct from a list of its fields).
    (
        "duplicate-key",
        "json-field",
        "room B02",
        "duplicate-key.json:106: error[json-field] room B02: key `beds` appears twice",
    ),
    (
        "object-as-array",
        "json-field",
        "room L01",
        "`floors[0].rooms[5].ventilation` must be a JSON object",
    ),
    // Issue #14: absurdly small and large numbers, printed short.
    (
        "tiny-door-width",
        "absurd-size",
        "door D03",
        "width_m 1e-12 must be in [0.3, 10] m",
    ),
    (
        "huge-number",
        "absurd-size",
        "floor G",
        "height_m 1e308 must be a ceiling height in [1.5, 30] m",
    ),
    // Issue #14: a bad byte is located by byte offset, line and column.
    (
        "invalid-utf8",
        "not-utf8",
        "invalid-utf8.json:3:",
        "byte 0xFF at byte offset 50 (line 3, column 19)",
    ),
    // W02 spans x 5.25..6.75 on B02's south wall; the 0.9 m door D09 at x = 6.5 spans 6.05..6.95.
    (
        "window-door-overlap",
        "window-door-overlap",
        "window W02",
        "door D09 by 0.70 m",
    ),
];

#[test]
fn each_rule_has_a_failing_fixture_with_a_precise_message() {
    for &(name, code, element, extra) in CASES {
        let (status, text) = check(&format!("tests/fixtures/bad/{name}.json"));
        assert_eq!(status, 1, "{name}: exit code\n{text}");
        assert!(
            text.contains(&format!("error[{code}]")),
            "{name}: no error[{code}]\n{text}"
        );
        assert!(
            text.contains(element),
            "{name}: element {element:?} not named\n{text}"
        );
        assert!(
            text.contains(extra),
            "{name}: {extra:?} not in message\n{text}"
        );
        assert!(
            text.contains(&format!("{name}.json")),
            "{name}: file not named\n{text}"
        );
        assert!(
            text.contains("help:"),
            "{name}: no advice on how to fix\n{text}"
        );
    }
}

#[test]
fn every_bad_fixture_is_covered_by_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".json")
            .to_string();
        if name == "several-problems" || name == "mixed-faults" {
            continue;
        }
        assert!(
            CASES.iter().any(|c| c.0 == name),
            "fixture {name} has no test case"
        );
    }
}

#[test]
fn a_file_with_several_problems_reports_all_of_them() {
    let (status, text) = check("tests/fixtures/bad/several-problems.json");
    assert_eq!(status, 1);
    // Four independent mistakes were made in the fixture: B02 lost its beds, D03 moved off its
    // wall, W01 moved onto an internal wall, and L01's first corner moved into the corridor.
    for expected in [
        "error[bedroom-without-beds] room B02",
        "error[door-off-wall] door D03",
        "error[window-internal-wall] window W01",
        "error[rooms-overlap] room C01 / L01",
    ] {
        assert!(text.contains(expected), "missing {expected:?}\n{text}");
    }
    assert!(text.contains("invalid: 6 errors"), "{text}");
}

#[test]
fn field_errors_do_not_hide_the_geometry_errors_of_other_elements() {
    // tests/fixtures/good/minimal.json with four mistakes in different elements (made by hand):
    // two field errors (B01's beds is a string, D06 has no width_m) and two errors of elements
    // that parse (B02's outline is a bow tie, W03 is 50 m wide). Lines are those of each
    // element's id in the fixture (counted by hand). B01 is named by D01, D02 and W01: a room
    // that did not parse is not reported again as an unknown reference.
    let (status, text) = check("tests/fixtures/bad/mixed-faults.json");
    assert_eq!(status, 1, "{text}");
    for expected in [
        "mixed-faults.json:68: error[json-field] room B01: invalid type: string \"two\"",
        "mixed-faults.json:265: error[json-field] door D06: missing field `width_m`",
        "mixed-faults.json:103: error[self-intersection] room B02",
        "mixed-faults.json:316: error[absurd-size] window W03: width_m = 50",
    ] {
        assert!(text.contains(expected), "missing {expected:?}\n{text}");
    }
    assert!(!text.contains("unknown-reference"), "{text}");
    assert!(!text.contains("unreachable"), "{text}");
    assert!(text.contains("invalid: 4 errors"), "{text}");
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    // The minimal example saved by an editor that writes a BOM: same verdict, same lines.
    let (status, text) = check("tests/fixtures/good/bom.json");
    assert_eq!(status, 0, "{text}");
    assert!(
        text.contains("bom.json:103: warning[shared-bedroom] room B02"),
        "{text}"
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    let (status, text) = check("tests/fixtures/good/warnings.json");
    assert_eq!(status, 0, "{text}");
    // 2.9 m x 4 m = 11.6 m², below the 12 m² new-build single-room minimum (England NMS 23).
    assert!(
        text.contains("warning[bedroom-small] room B02: single bedroom of 11.6 m²"),
        "{text}"
    );
    // D03 is 0.75 m on a bedroom-corridor route; D08 (0.7 m) opens into a store, not a resident route.
    assert!(text.contains("warning[narrow-door] door D03"), "{text}");
    assert!(!text.contains("door D08"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(["check", "no/such/plan.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/plan.json"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_json_output_lists_diagnostics() {
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(["check", "--format", "json"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/door-off-wall.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["valid"], false);
    let d = &v[0]["diagnostics"];
    assert!(
        d.as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "door-off-wall" && d["element"]["id"] == "D03")
    );
}

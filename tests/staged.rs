//! Staged validation of drawings (issue #14): a DXF some of whose entities make no element still
//! has the errors of the elements it did make reported in the same run.

use carehome::diag::ElementKind;
use carehome::io::{LoadError, read_plan};

#[test]
fn a_drawing_error_does_not_hide_the_errors_of_the_rooms_it_made() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/minimal.json"
    ))
    .unwrap();
    let mut plan = carehome::plan::from_json_str(&src).unwrap();
    // A geometry error the importer passes on: the lounge's first corner pulled 1 m into the
    // corridor, so L01 overlaps C01 (as in tests/fixtures/bad/several-problems.json).
    let rooms = &mut plan.floors[0].rooms;
    let lounge = rooms.iter_mut().find(|r| r.id == "L01").unwrap();
    lounge.polygon[0][1] -= 1.0;
    let dxf = String::from_utf8(carehome::dxf::export_dxf(&plan).unwrap()).unwrap();
    // A drawing error: the first room outline (ES01's) is left open (group code 70 = 0).
    let mut lines: Vec<&str> = dxf.split("\r\n").collect();
    let at = lines.iter().position(|l| *l == "AcDbPolyline").unwrap();
    let flag = at + lines[at..].iter().position(|l| l.trim() == "70").unwrap();
    assert_eq!(lines[flag + 1].trim(), "1", "a closed outline");
    lines[flag + 1] = "     0";
    let broken = lines.join("\r\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.dxf");
    std::fs::write(&path, broken).unwrap();
    let Err(LoadError::Invalid { diagnostics, .. }) = read_plan(&path) else {
        panic!("the drawing has errors");
    };
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"dxf-open-outline"), "{diagnostics:#?}");
    let overlap = diagnostics
        .iter()
        .find(|d| d.code == "rooms-overlap")
        .unwrap_or_else(|| panic!("no rooms-overlap in {diagnostics:#?}"));
    let el = overlap.element.as_ref().unwrap();
    assert_eq!(el.kind, ElementKind::Room);
    assert!(el.id.contains("L01") && el.id.contains("C01"), "{el:?}");
    // ES01 made no room, so nothing is reported unreachable for want of it.
    assert!(!codes.contains(&"unreachable-room"), "{diagnostics:#?}");
}

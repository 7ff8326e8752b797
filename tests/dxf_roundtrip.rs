//! The bundled DXF (floorplans/green-house.dxf, written by `carehome export`) imports to the same
//! rooms, doors, windows and outdoor areas as its JSON plan; and every bundled JSON plan survives
//! export → import.

use carehome::dxf::{ImportOptions, export_dxf, import_bytes};
use carehome::plan::{Plan, from_json_str};
use std::path::Path;

fn area(poly: &[[f64; 2]]) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

fn close(a: [f64; 2], b: [f64; 2]) -> bool {
    (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3
}

/// Compare what a DXF can carry: rooms (id, use, beds, household, area), doors (id, the two
/// sides as a set, position, width, kind), windows, outdoor areas, vertical links, floors.
fn assert_same(name: &str, json: &Plan, dxf: &Plan) {
    assert_eq!(json.floors.len(), dxf.floors.len(), "{name}: floors");
    assert_eq!(json.name, dxf.name, "{name}: name");
    for jf in &json.floors {
        let df = dxf
            .floors
            .iter()
            .find(|f| f.id == jf.id)
            .unwrap_or_else(|| panic!("{name}: floor {}", jf.id));
        assert!(
            (jf.elevation_m - df.elevation_m).abs() < 1e-9,
            "{name}: elevation"
        );
        assert_eq!(jf.rooms.len(), df.rooms.len(), "{name}: rooms on {}", jf.id);
        for jr in &jf.rooms {
            let dr = df
                .rooms
                .iter()
                .find(|r| r.id == jr.id)
                .unwrap_or_else(|| panic!("{name}: room {}", jr.id));
            assert_eq!(jr.room_use, dr.room_use, "{name}: use of {}", jr.id);
            assert_eq!(jr.beds, dr.beds, "{name}: beds of {}", jr.id);
            assert_eq!(jr.household, dr.household, "{name}: household of {}", jr.id);
            assert_eq!(
                jr.ventilation, dr.ventilation,
                "{name}: ventilation of {}",
                jr.id
            );
            let (a, b) = (area(&jr.polygon), area(&dr.polygon));
            assert!(
                (a - b).abs() < 0.01,
                "{name}: area of {}: {a} vs {b}",
                jr.id
            );
        }
        assert_eq!(jf.doors.len(), df.doors.len(), "{name}: doors on {}", jf.id);
        for jd in &jf.doors {
            let dd = df
                .doors
                .iter()
                .find(|d| d.id == jd.id)
                .unwrap_or_else(|| panic!("{name}: door {}", jd.id));
            let mut js = jd.rooms.clone();
            js.sort();
            let mut ds = dd.rooms.clone();
            ds.sort();
            assert_eq!(js, ds, "{name}: sides of door {}", jd.id);
            assert!(
                close(jd.at, dd.at),
                "{name}: door {} at {:?} vs {:?}",
                jd.id,
                jd.at,
                dd.at
            );
            assert!(
                (jd.width_m - dd.width_m).abs() < 1e-6,
                "{name}: width of door {}",
                jd.id
            );
            assert_eq!(jd.kind, dd.kind, "{name}: kind of door {}", jd.id);
        }
        assert_eq!(
            jf.windows.len(),
            df.windows.len(),
            "{name}: windows on {}",
            jf.id
        );
        for jw in &jf.windows {
            let dw = df
                .windows
                .iter()
                .find(|w| w.id == jw.id)
                .unwrap_or_else(|| panic!("{name}: window {}", jw.id));
            assert_eq!(jw.room, dw.room, "{name}: room of window {}", jw.id);
            assert!(
                close(jw.at, dw.at),
                "{name}: window {} at {:?} vs {:?}",
                jw.id,
                jw.at,
                dw.at
            );
            for (x, y) in [
                (jw.width_m, dw.width_m),
                (jw.height_m, dw.height_m),
                (jw.sill_m, dw.sill_m),
                (jw.transmittance, dw.transmittance),
            ] {
                assert!((x - y).abs() < 1e-6, "{name}: window {}", jw.id);
            }
            assert_eq!(
                jw.outlook, dw.outlook,
                "{name}: outlook of window {}",
                jw.id
            );
        }
    }
    assert_eq!(
        json.outdoor.len(),
        dxf.outdoor.len(),
        "{name}: outdoor areas"
    );
    for jo in &json.outdoor {
        let d = dxf
            .outdoor
            .iter()
            .find(|o| o.id == jo.id)
            .unwrap_or_else(|| panic!("{name}: outdoor {}", jo.id));
        assert_eq!(jo.outdoor_use, d.outdoor_use);
        assert!((area(&jo.polygon) - area(&d.polygon)).abs() < 0.01);
    }
    assert_eq!(
        json.vertical.len(),
        dxf.vertical.len(),
        "{name}: vertical links"
    );
    for jv in &json.vertical {
        let dv = dxf
            .vertical
            .iter()
            .find(|v| v.id == jv.id)
            .unwrap_or_else(|| panic!("{name}: link {}", jv.id));
        let mut a = jv.rooms.clone();
        a.sort();
        let mut b = dv.rooms.clone();
        b.sort();
        assert_eq!((jv.kind, a), (dv.kind, b), "{name}: link {}", jv.id);
    }
    assert!(
        carehome::building::resolve(dxf).is_valid(),
        "{name}: imported plan is invalid"
    );
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_dxf_matches_its_json_plan() {
    let json = from_json_str(
        &std::fs::read_to_string(root().join("floorplans/green-house.json")).unwrap(),
    )
    .unwrap();
    let bytes = std::fs::read(root().join("floorplans/green-house.dxf")).unwrap();
    let imported = import_bytes(&bytes, &ImportOptions::default());
    let dxf = imported
        .plan
        .unwrap_or_else(|| panic!("{:#?}", imported.diagnostics));
    assert!(
        imported.diagnostics.is_empty(),
        "{:#?}",
        imported.diagnostics
    );
    assert_same("green-house.dxf", &json, &dxf);
}

#[test]
fn every_bundled_plan_survives_export_and_import() {
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("floorplans")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.display().to_string();
        let Ok(json) = from_json_str(&std::fs::read_to_string(&path).unwrap()) else {
            continue;
        };
        if !carehome::building::resolve(&json).is_valid() {
            continue;
        }
        let bytes = export_dxf(&json).unwrap();
        let imported = import_bytes(&bytes, &ImportOptions::default());
        let dxf = imported
            .plan
            .unwrap_or_else(|| panic!("{name}: {:#?}", imported.diagnostics));
        assert_same(&name, &json, &dxf);
        n += 1;
    }
    assert!(n >= 1);
}

#[test]
fn two_floor_plan_round_trips_by_layer_prefix() {
    // Two storeys joined by a stair, written by hand here.
    let src = r#"{
      "schema": "carehome-plan/1", "name": "Two storeys",
      "floors": [
        { "id": "G", "elevation_m": 0, "rooms": [
            { "id": "E", "use": "entrance", "polygon": [[0,0],[6,0],[6,3],[0,3]] },
            { "id": "SG", "use": "stair", "polygon": [[6,0],[9,0],[9,3],[6,3]] } ],
          "doors": [ { "id": "D1", "rooms": ["E","outside"], "at": [0,1.5], "width_m": 1.0 },
                     { "id": "D2", "rooms": ["E","SG"], "at": [6,1.5], "width_m": 1.0 } ] },
        { "id": "1", "elevation_m": 3.1, "height_m": 2.5, "name": "First floor", "rooms": [
            { "id": "B", "use": "bedroom", "beds": 1, "polygon": [[0,0],[6,0],[6,3],[0,3]] },
            { "id": "S1", "use": "stair", "polygon": [[6,0],[9,0],[9,3],[6,3]] } ],
          "doors": [ { "id": "D3", "rooms": ["B","S1"], "at": [6,1.5], "width_m": 0.9, "kind": "fire" } ],
          "windows": [ { "id": "W1", "room": "B", "at": [3,0], "width_m": 1.2, "height_m": 1.4, "sill_m": 0.8 } ] } ],
      "vertical": [ { "id": "ST", "kind": "stair", "rooms": ["SG", "S1"] } ]
    }"#;
    let json = from_json_str(src).unwrap();
    assert!(carehome::building::resolve(&json).is_valid());
    let bytes = export_dxf(&json).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("1$A-AREA-BNDY") && text.contains("G$A-DOOR"));
    let imported = import_bytes(&bytes, &ImportOptions::default());
    let dxf = imported
        .plan
        .unwrap_or_else(|| panic!("{:#?}", imported.diagnostics));
    assert_same("two storeys", &json, &dxf);
    let first = dxf.floors.iter().find(|f| f.id == "1").unwrap();
    assert_eq!(
        (first.height_m, first.name.as_deref()),
        (2.5, Some("First floor"))
    );
}

//! Import IFC models written by IfcOpenShell (an independent IFC toolkit, tests/ifc/
//! gen_ifcopenshell.py), with IfcOpenShell's own reading of them (names, storeys, elevations,
//! footprint areas from its geometry kernel) as the oracle; and the public Duplex model of
//! `../shared/real/` (skipped with a message when absent).
//!
//! Needs a Python with ifcopenshell: `CAREHOME_IFC_PYTHON` if set, else a virtual environment the
//! test makes once under `target/tmp/ifc-venv` (`pip install ifcopenshell==0.8.4.post1` from
//! PyPI). Without one the tests print a loud notice and pass, unless `CI` is set.

use carehome::ifc::{IfcOptions, import_bytes};
use carehome::plan::Plan;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

mod common;

fn python() -> Option<String> {
    std::env::var("CAREHOME_IFC_PYTHON").ok().or_else(|| {
        common::venv_python("ifc-venv", "ifcopenshell==0.8.4.post1", "ifcopenshell.geom")
    })
}

fn generated() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let Some(py) = python() else {
            if std::env::var_os("CI").is_some() {
                panic!("no Python with ifcopenshell: the IFC tests must run on CI");
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!! SKIPPED: IFC tests need a Python with ifcopenshell !!!!!!!!\n"
            );
            return None;
        };
        let out = std::env::temp_dir().join(format!("carehome-ifc-{}", std::process::id()));
        let ok = Command::new(&py)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/ifc/gen_ifcopenshell.py"
            ))
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "gen_ifcopenshell.py failed");
        Some(out)
    })
    .clone()
}

fn area(poly: &[[f64; 2]]) -> f64 {
    carehome::geom::area_m2(
        &poly
            .iter()
            .copied()
            .map(carehome::geom::p2)
            .collect::<Vec<_>>(),
    )
}

fn room<'p>(plan: &'p Plan, id: &str) -> (&'p carehome::plan::Floor, &'p carehome::plan::Room) {
    plan.floors
        .iter()
        .find_map(|f| f.rooms.iter().find(|r| r.id == id).map(|r| (f, r)))
        .unwrap_or_else(|| panic!("no room {id}"))
}

#[test]
fn models_written_by_ifcopenshell() {
    let Some(dir) = generated() else { return };
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("oracle.json")).unwrap()).unwrap();
    let models = oracle.as_object().unwrap();
    assert_eq!(models.len(), 5);
    for (name, want) in models {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let imp = import_bytes(&bytes, &IfcOptions::default());
        let plan = imp
            .plan
            .unwrap_or_else(|| panic!("{name}: {:#?}", imp.diagnostics));
        assert!(
            (imp.report.length_unit_m - want["unit_m"].as_f64().unwrap()).abs() < 1e-12,
            "{name}"
        );
        for sp in want["spaces"].as_array().unwrap() {
            let id = sp["name"].as_str().unwrap();
            let (floor, r) = room(&plan, id);
            assert_eq!(r.name.as_deref(), sp["long_name"].as_str(), "{name} {id}");
            assert_eq!(floor.name.as_deref(), sp["storey"].as_str(), "{name} {id}");
            assert!(
                (floor.elevation_m - sp["elevation_m"].as_f64().unwrap()).abs() < 1e-6,
                "{name} {id}"
            );
            let (got, oracle_a) = (area(&r.polygon), sp["area_m2"].as_f64().unwrap());
            assert!(
                (got - oracle_a).abs() <= 0.02 * oracle_a,
                "{name} {id}: {got} vs {oracle_a}"
            );
        }
        // Uses from the dictionary (Foyer, Schlafzimmer, Office).
        assert_eq!(
            room(&plan, "S01").1.room_use,
            carehome::plan::RoomUse::Entrance
        );
        assert_eq!(
            room(&plan, "S02").1.room_use,
            carehome::plan::RoomUse::Bedroom
        );
        assert_eq!(
            room(&plan, "S11").1.room_use,
            carehome::plan::RoomUse::Office
        );
        // The office's rotated placement: world x -2..1, y 1..6 (plus the site's (10, 20)).
        let xs: Vec<f64> = room(&plan, "S11").1.polygon.iter().map(|p| p[0]).collect();
        let ys: Vec<f64> = room(&plan, "S11").1.polygon.iter().map(|p| p[1]).collect();
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(
            (min(&xs) - 8.0).abs() < 1e-6 && (max(&xs) - 11.0).abs() < 1e-6,
            "{name}: {xs:?}"
        );
        assert!(
            (min(&ys) - 21.0).abs() < 1e-6 && (max(&ys) - 26.0).abs() < 1e-6,
            "{name}: {ys:?}"
        );
        // Doors: the inner one joins the two rooms across the wall; the others lead outside.
        let doors: Vec<_> = plan.floors.iter().flat_map(|f| &f.doors).collect();
        assert_eq!(
            doors.len(),
            want["doors"].as_u64().unwrap() as usize,
            "{name}"
        );
        assert!(
            doors
                .iter()
                .any(|d| d.rooms == ["S01".to_string(), "S02".to_string()]
                    || d.rooms == ["S02".to_string(), "S01".to_string()]),
            "{name}: {doors:#?}"
        );
        // check passes; the wall's thickness is the drawn gap.
        let checked = carehome::building::resolve(&plan);
        let b = checked
            .building
            .unwrap_or_else(|| panic!("{name}: {:#?}", checked.diagnostics));
        let t = want["wall_m"].as_f64().unwrap();
        let inner = b
            .doors
            .iter()
            .find(|d| {
                d.sides
                    .iter()
                    .all(|s| matches!(s, carehome::building::Side::Room(_)))
            })
            .unwrap();
        assert!(
            (inner.depth_m - t).abs() < 1e-6,
            "{name}: depth {} vs wall {t}",
            inner.depth_m
        );
        assert!((inner.width_m - 0.9).abs() < 1e-6);
        // assess runs on it.
        let a = carehome::assess::assess(&b, &carehome::assess::Options::default());
        assert!(a.metric("space.bedroom_standard_share").is_some());
    }
}

/// The public Duplex model (IFC2X3 from Revit; CC BY 4.0, see ../shared/real/README.md).
#[test]
fn duplex_apartment() {
    // `CAREHOME_REAL_DIR` names the folder when the checkout is not beside `shared/`.
    let dir = std::env::var_os("CAREHOME_REAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/real"));
    let path = dir.join("Duplex_A_20110907.ifc");
    let Ok(bytes) = std::fs::read(&path) else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!! SKIPPED: {} not found !!!!!!!!\n",
            path.display()
        );
        return;
    };
    let Some(py) = python() else { return };
    // Footprint area from IfcOpenShell's triangulation: for a prism-shaped space the horizontal
    // projections of all its triangles add up to twice the footprint (top and bottom; the
    // vertical sides project to nothing), whatever the faces' orientation.
    let script = r#"
import sys, json, ifcopenshell, ifcopenshell.geom, ifcopenshell.util.element as E
f = ifcopenshell.open(sys.argv[1]); st = ifcopenshell.geom.settings(); st.set(st.USE_WORLD_COORDS, True)
out = []
for s in f.by_type("IfcSpace"):
    sh = ifcopenshell.geom.create_shape(st, s); v, fa = sh.geometry.verts, sh.geometry.faces
    a = 0.0
    for i in range(0, len(fa), 3):
        p = [v[3 * fa[i + k]:3 * fa[i + k] + 3] for k in range(3)]
        a += abs((p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0])) / 4
    # Above a cut 0.1 m over the next storey's floor (3.1 m): the upward faces seen from above.
    up = 0.0
    for i in range(0, len(fa), 3):
        p = [v[3 * fa[i + k]:3 * fa[i + k] + 3] for k in range(3)]
        if min(q[2] for q in p) > 3.2:
            up += max(0.0, ((p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0])) / 2)
    out.append({"name": s.Name, "long_name": s.LongName, "storey": E.get_aggregate(s).Name, "area_m2": a, "upper_m2": up})
print(json.dumps(out))
"#;
    let o = Command::new(&py)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let oracle: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(oracle.len(), 21);
    let imp = import_bytes(&bytes, &IfcOptions::default());
    let plan = imp.plan.unwrap();
    let mut matched = 0;
    for sp in &oracle {
        let id = sp["name"].as_str().unwrap();
        let found = plan
            .floors
            .iter()
            .find_map(|f| f.rooms.iter().find(|r| r.id == id).map(|r| (f, r)));
        let Some((floor, r)) = found else {
            // Only the roof space is left out: its storey has no door (no way up), and the
            // report says so with its GlobalId.
            assert_eq!(id, "R301", "{id} not imported");
            assert!(
                imp.report
                    .ignored
                    .iter()
                    .any(|g| g.name.as_deref() == Some("Roof")
                        && g.source_id == "0pNy6pOyf7JPmXRLgxs3sW"
                        && g.how.contains("no doors")),
                "{:#?}",
                imp.report.ignored
            );
            continue;
        };
        assert_eq!(r.name.as_deref(), sp["long_name"].as_str());
        assert_eq!(floor.name.as_deref(), sp["storey"].as_str());
        let want = sp["area_m2"].as_f64().unwrap();
        let got = area(&r.polygon);
        assert!(
            (got - want).abs() <= 0.02 * want,
            "{id}: {got:.3} vs IfcOpenShell {want:.3}"
        );
        matched += 1;
    }
    eprintln!("duplex: {matched} of 21 spaces imported and matched IfcOpenShell within 2%");
    assert_eq!(matched, 20);
    // The two stair spaces (one named `Stair`, one `Room` holding an IfcStairFlight) are
    // extruded sideways and rise through Level 2: a stair room on each level, linked, the upper
    // one's area that of the body's faces above the cut as IfcOpenShell triangulates them.
    for id in ["A105", "B105"] {
        let (lo_floor, lo) = room(&plan, id);
        let up_id = format!("{id}-Level_2");
        let (up_floor, up) = room(&plan, &up_id);
        assert_eq!(lo.room_use, carehome::plan::RoomUse::Stair, "{id}");
        assert_eq!(up.room_use, carehome::plan::RoomUse::Stair, "{id}");
        assert_eq!(
            (lo_floor.id.as_str(), up_floor.id.as_str()),
            ("Level_1", "Level_2")
        );
        let want = oracle.iter().find(|s| s["name"] == id).unwrap()["upper_m2"]
            .as_f64()
            .unwrap();
        let got = area(&up.polygon);
        assert!(
            want > 1.0 && (got - want).abs() <= 0.02 * want,
            "{up_id}: {got:.3} vs IfcOpenShell {want:.3}"
        );
        assert!(
            plan.vertical
                .iter()
                .any(|v| v.kind == carehome::plan::VerticalKind::Stair
                    && v.rooms == [id.to_string(), up_id.clone()]),
            "{:#?}",
            plan.vertical
        );
    }
    // check passes (the only warnings: the two 0.76 m bathroom doors), and assess runs.
    let checked = carehome::building::resolve(&plan);
    let warnings: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    let b = checked
        .building
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert_eq!(warnings, ["narrow-door", "narrow-door"]);
    let a = carehome::assess::assess(&b, &carehome::assess::Options::default());
    assert!(a.metric("space.bedroom_standard_share").is_some());
    // Doors between rooms link the spaces their IfcRelSpaceBoundary names.
    let doors: Vec<_> = plan.floors.iter().flat_map(|f| &f.doors).collect();
    // Every IfcDoor became a door; the open-plan openings join touching spaces (kitchen and
    // living room of each unit).
    assert_eq!(doors.iter().filter(|d| d.id.starts_with("D-")).count(), 14);
    for (a, b) in [("A102", "A103"), ("B102", "B103")] {
        assert!(
            doors.iter().any(|d| d.id.starts_with("O-")
                && d.rooms.contains(&a.to_string())
                && d.rooms.contains(&b.to_string())),
            "open plan {a}-{b}"
        );
    }
    for (a, b) in [
        ("A104", "A101"),
        ("B104", "B101"),
        ("B201", "B202"),
        ("A201", "A202"),
        ("B204", "B205"),
    ] {
        assert!(
            doors
                .iter()
                .any(|d| d.rooms.contains(&a.to_string()) && d.rooms.contains(&b.to_string())),
            "{a}-{b}"
        );
    }
}

/// Spaces whose bodies are not upright extrusions (tests/ifc/gen_bodies.py: a sideways
/// extrusion, a faceted Brep, a mapped item, a clipped box, a polygonal and a triangulated face
/// set) get footprints within 1% of IfcOpenShell's footprint areas.
#[test]
fn bodies_of_every_kind() {
    let Some(py) = python() else {
        if std::env::var_os("CI").is_some() {
            panic!("no Python with ifcopenshell: the IFC tests must run on CI");
        }
        return;
    };
    let out = std::env::temp_dir().join(format!("carehome-ifc-bodies-{}", std::process::id()));
    let ok = Command::new(&py)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/ifc/gen_bodies.py"
        ))
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "gen_bodies.py failed");
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("bodies.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (file, spaces) in oracle.as_object().unwrap() {
        let imp = import_bytes(
            &std::fs::read(out.join(file)).unwrap(),
            &IfcOptions::default(),
        );
        let plan = imp
            .plan
            .unwrap_or_else(|| panic!("{file}: {:#?}", imp.diagnostics));
        for (id, want) in spaces.as_object().unwrap() {
            let poly = &room(&plan, id).1.polygon;
            let (got, want_a) = (area(poly), want["area_m2"].as_f64().unwrap());
            eprintln!("{file} {id}: {got:.4} m² (IfcOpenShell {want_a:.4})");
            assert!(
                (got - want_a).abs() <= 0.01 * want_a,
                "{file} {id}: {got:.4} vs IfcOpenShell {want_a:.4}"
            );
            // Where it is: the plan box of IfcOpenShell's triangulation.
            let b: Vec<f64> = want["box"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let xs = poly.iter().map(|p| p[0]);
            let ys = poly.iter().map(|p| p[1]);
            let got_b = [
                xs.clone().fold(f64::INFINITY, f64::min),
                ys.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
                ys.fold(f64::NEG_INFINITY, f64::max),
            ];
            for k in 0..4 {
                assert!(
                    (got_b[k] - b[k]).abs() < 1e-3,
                    "{file} {id}: {got_b:?} vs {b:?}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}

//! The CLI: `import`, `export`, and `check`/`assess` on `.dxf` drawings.

use std::path::Path;
use std::process::Command;

fn carehome(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_import_check_assess() {
    let dir = tempfile::tempdir().unwrap();
    let dxf = dir.path().join("gh.dxf");
    let json = dir.path().join("gh.json");
    let (code, _, err) = carehome(&[
        "export",
        "floorplans/green-house.json",
        "-o",
        dxf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = carehome(&[
        "import",
        dxf.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("34 rooms"), "{err}");
    // Never overwrites without --force.
    let (code, _, err) = carehome(&[
        "import",
        dxf.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"));
    let (code, out, _) = carehome(&["check", "floorplans/green-house.dxf"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, err) = carehome(&["assess", "floorplans/green-house.dxf", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"residents\": 12"), "{out}");
}

#[test]
fn bad_drawing_lists_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bad.json");
    let (code, _, err) = carehome(&[
        "import",
        "tests/dxf/fixtures/many-problems.dxf",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    for needle in [
        "dxf-open-outline",
        "dxf-two-tags",
        "dxf-untagged-outline",
        "dxf-door-one-room",
        "layer A-AREA-BNDY",
    ] {
        assert!(err.contains(needle), "{needle} missing in {err}");
    }
    assert!(!Path::new(&json).exists());
    let (code, out, _) = carehome(&[
        "check",
        "tests/dxf/fixtures/two-tags.dxf",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("\"kind\": \"entity\""), "{out}");
}

#[test]
fn units_option_and_mapping_file() {
    let (code, _, err) = carehome(&["check", "tests/dxf/fixtures/unknown-units.dxf"]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = carehome(&[
        "check",
        "tests/dxf/fixtures/unknown-units.dxf",
        "--units",
        "m",
    ]);
    // The drawing reads; the plan then fails validation only for plan reasons (no entrance).
    assert!(
        !out.contains("dxf-unknown-units") && !err.contains("dxf-unknown-units"),
        "{out}{err}"
    );
    assert_eq!(code, 1);
    let (code, _, err) = carehome(&["check", "floorplans/green-house.dxf", "--units", "parsec"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = carehome(&[
        "check",
        "floorplans/green-house.dxf",
        "--layers",
        "floorplans/dxf-layers.example.toml",
    ]);
    // The example mapping keeps A-AREA-BNDY for rooms but names other door and window layers.
    assert_eq!(code, 1, "{out}{err}");
}

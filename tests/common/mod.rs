//! Helpers that build small plans in code for the navigation and pedestrian tests.
#![allow(dead_code)]

use carehome::building::{Building, resolve};
use carehome::geom::P2;
use serde_json::{Value, json};

pub mod candidates;
pub mod ped;

pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
}

/// A one-floor plan from (id, use, polygon) rooms and (id, [a, b], at, width) doors.
pub fn plan(
    rooms: &[(&str, &str, Vec<[f64; 2]>)],
    doors: &[(&str, [&str; 2], [f64; 2], f64)],
) -> Building {
    let rooms: Vec<Value> = rooms
        .iter()
        .map(|(id, u, poly)| {
            let mut r = json!({ "id": id, "use": u, "polygon": poly });
            if *u == "bedroom" {
                r["beds"] = json!(1);
            }
            r
        })
        .collect();
    let doors: Vec<Value> = doors
        .iter()
        .map(|(id, rooms, at, w)| json!({ "id": id, "rooms": rooms, "at": at, "width_m": w }))
        .collect();
    let v = json!({
        "schema": "carehome-plan/1",
        "name": "test",
        "floors": [{ "id": "G", "rooms": rooms, "doors": doors }]
    });
    let plan = carehome::plan::from_json_str(&v.to_string()).expect("plan parses");
    let checked = resolve(&plan);
    checked
        .building
        .unwrap_or_else(|| panic!("plan resolves: {:#?}", checked.diagnostics))
}

pub fn p(x: f64, y: f64) -> P2 {
    P2::new(x, y)
}

/// Load a bundled plan.
pub fn bundled(name: &str) -> Building {
    let path = format!("{}/floorplans/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    resolve(&plan).building.expect("bundled plan is valid")
}

/// A bundled scenario of `scenarios/`.
pub fn scenario(file: &str) -> carehome::sim::Scenario {
    let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    carehome::sim::from_toml_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A Python with `module` importable, in a virtual environment `target/tmp/<name>` made on first
/// use (`python3 -m venv` + `pip install <requirement>` from PyPI); None when that fails.
pub fn venv_python(name: &str, requirement: &str, module: &str) -> Option<String> {
    use std::process::Command;
    let venv = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let python = venv.join("bin/python");
    let has = |p: &std::path::PathBuf| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has(&python) {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    requirement,
                ])
                .status()
                .is_ok_and(|s| s.success());
        if !made || !has(&python) {
            return None;
        }
    }
    Some(python.display().to_string())
}

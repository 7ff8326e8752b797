//! What the benches share: the bundled plans and scenarios, loaded from the repository.
#![allow(dead_code)]

use carehome::building::Building;
use carehome::sim::Scenario;

/// A bundled plan of `floorplans/`, resolved.
pub fn bundled(name: &str) -> Building {
    let path = format!("{}/floorplans/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap();
    carehome::building::resolve(&carehome::plan::from_json_str(&src).unwrap())
        .building
        .expect("bundled plan is valid")
}

/// A bundled scenario of `scenarios/`.
pub fn scenario(file: &str) -> Scenario {
    let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    carehome::sim::from_toml_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

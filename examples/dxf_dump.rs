//! Print the plan imported from a DXF drawing, even when it has errors (debugging aid).
fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: dxf_dump DRAWING.dxf");
    let bytes = std::fs::read(&path).expect("readable file");
    let imported = carehome::dxf::import_bytes(&bytes, &Default::default());
    for d in &imported.diagnostics {
        eprintln!("{d}");
    }
    if let Some(plan) = imported.plan {
        println!(
            "{}",
            serde_json::to_string_pretty(&plan).unwrap_or_default()
        );
    }
}

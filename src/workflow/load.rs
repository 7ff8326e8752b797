//! One plan file to a checked building: read it ([`io::read_plan_with`]: JSON, DXF, IFC or a
//! retrofit option file), resolve it, and give every diagnostic its line (or DXF handle). The CLI
//! and the Python package both load plans through here.

use crate::building::{self, Checked};
use crate::dxf;
use crate::io::{self, LoadError, LoadedPlan};
use std::path::Path;

/// Load and resolve one plan. `Err` when the file cannot be read or parsed; `Ok` otherwise, with
/// the building present only when the plan has no errors (`checked.building`).
pub fn load_checked(
    path: &Path,
    dxf_opts: &dxf::ImportOptions,
) -> Result<(LoadedPlan, Checked), LoadError> {
    let loaded = io::read_plan_with(path, dxf_opts)?;
    let mut checked = building::resolve(&loaded.plan);
    io::locate_lines(&loaded, &mut checked.diagnostics);
    if let Some(origin) = &loaded.dxf {
        dxf::annotate(&mut checked.diagnostics, &origin.sources);
        checked
            .diagnostics
            .splice(0..0, origin.warnings.iter().cloned());
    }
    Ok((loaded, checked))
}

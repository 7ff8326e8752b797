//! Valid but suspicious: warnings a person would expect from a plan's typology, each with its
//! source. They never stop a plan from being used.

use super::{Building, Side};
use crate::diag::{Diagnostic, ElementKind};
use crate::plan::{Construction, DoorKind, RoomUse};

/// England, Care Standards Act 2000, National Minimum Standards for care homes for older people,
/// standard 23.6–23.8: single rooms in new builds at least 12 m² usable floor space (excluding
/// en-suite), in existing homes 10 m².
pub const MIN_SINGLE_NEW_M2: f64 = 12.0;
/// See [`MIN_SINGLE_NEW_M2`]; NMS 23.8 for existing homes.
pub const MIN_SINGLE_EXISTING_M2: f64 = 10.0;
/// NMS 23.10: shared rooms at least 16 m² usable floor space.
pub const MIN_SHARED_M2: f64 = 16.0;
/// Minimum effective clear door width on resident routes, metres: Approved Document M vol. 2
/// (England) table 2.1 and BS 8300-2:2018 table 2 give 800 mm for wheelchair users.
pub const MIN_DOOR_CLEAR_M: f64 = 0.8;
/// Largest household of the Green House model (10–12 residents; Zimmerman et al. 2021, JAMDA
/// 22:489; Marquardt & Schmieg 2009).
pub const MAX_HOUSEHOLD_RESIDENTS: u32 = 12;

/// Push every warning for `b` into `diags`.
pub fn check(b: &Building, diags: &mut Vec<Diagnostic>) {
    let min_single = match b.construction {
        Construction::NewBuild => MIN_SINGLE_NEW_M2,
        Construction::Existing => MIN_SINGLE_EXISTING_M2,
    };
    let which = match b.construction {
        Construction::NewBuild => "new builds",
        Construction::Existing => "existing homes",
    };
    for r in &b.rooms {
        let warn = |code, msg: String, help: &str| {
            Diagnostic::warning(code, msg)
                .at(ElementKind::Room, &r.id)
                .help(help)
        };
        if r.room_use == RoomUse::Bedroom {
            if r.beds == 1 && r.area_m2 < min_single {
                diags.push(warn("bedroom-small", format!("single bedroom of {:.1} m² is below the {min_single} m² minimum for {which} (England NMS 23)", r.area_m2), "enlarge the room or note the exemption"));
            }
            if r.beds > 1 {
                diags.push(warn("shared-bedroom", format!("{} residents share this bedroom; shared rooms roughly doubled COVID-19 incidence (Brown et al. 2021)", r.beds), "consider single rooms (see the retrofit options)"));
                if r.area_m2 < MIN_SHARED_M2 {
                    diags.push(warn("bedroom-small", format!("shared bedroom of {:.1} m² is below the {MIN_SHARED_M2} m² minimum (England NMS 23.10)", r.area_m2), "enlarge the room or reduce it to one bed"));
                }
            }
        }
        if matches!(
            r.room_use,
            RoomUse::Bedroom | RoomUse::Lounge | RoomUse::Dining
        ) && r.windows.is_empty()
        {
            diags.push(warn(
                "no-window",
                format!(
                    "this {} has no window: no daylight and no view out",
                    r.room_use.as_str()
                ),
                "add a window on an external wall",
            ));
        }
    }
    for d in &b.doors {
        if matches!(d.kind, DoorKind::StaffOnly | DoorKind::Locked) || d.width_m >= MIN_DOOR_CLEAR_M
        {
            continue;
        }
        let resident_side = |s: Side| match s {
            Side::Room(i) => b.rooms[i].room_use.is_resident_space(),
            _ => true,
        };
        if d.sides.iter().all(|&s| resident_side(s)) {
            diags.push(
                Diagnostic::warning("narrow-door", format!("clear width {:.2} m is below {MIN_DOOR_CLEAR_M} m on a resident route (Approved Document M / BS 8300-2): a wheelchair or walking frame may not pass", d.width_m))
                    .at(ElementKind::Door, &d.id)
                    .help("widen the opening to at least 0.8 m clear"),
            );
        }
    }
    for (h, hh) in b.households.iter().enumerate() {
        let residents: u32 = b
            .rooms
            .iter()
            .filter(|r| r.household == Some(h))
            .map(|r| r.beds)
            .sum();
        if residents > MAX_HOUSEHOLD_RESIDENTS {
            diags.push(
                Diagnostic::warning("large-household", format!("{residents} residents live in this household, more than the {MAX_HOUSEHOLD_RESIDENTS} of the small-household (Green House) model"))
                    .at(ElementKind::Household, &hh.id)
                    .help("split it into households of 8–12 residents, each with its own living and dining space"),
            );
        }
    }
}

//! Retrofit options: a TOML file that names a base plan and lists operations on it.
//!
//! Applying the operations to the base [`crate::plan::Plan`] gives a new plan, which is then checked like any
//! other ([`crate::building::resolve`]). A new-build alternative is simply another plan file.
//! Format reference: `docs/options.md`.
//!
//! ```
//! use carehome::options::{Op, apply};
//! let src = std::fs::read_to_string("tests/fixtures/good/minimal.json").unwrap();
//! let base = carehome::plan::from_json_str(&src).unwrap();
//! let ops = vec![Op::SetBeds { room: "B02".into(), beds: 1, cost: None }];
//! let applied = apply(&base, &ops).unwrap();
//! assert!(carehome::building::resolve(&applied.plan).is_valid());
//! assert_eq!(applied.changed, vec!["B02".to_string()]);
//! ```

mod ops;
mod parse;
pub mod search;

pub use ops::{Applied, apply};
pub use parse::from_toml_str;

use crate::diag::{Diagnostic, ElementKind};
use crate::plan::{DoorKind, Outlook, RoomUse, Xy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag of option files.
pub const OPTIONS_SCHEMA: &str = "carehome-options/1";

/// An option file: a base plan and the operations that turn it into the option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    /// Must be `"carehome-options/1"`.
    pub schema: String,
    /// Short name shown in reports.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The base, relative to the option file: a plan (`.json`, `.dxf`) or another option file
    /// (`.toml`), whose ops are applied first (chains are checked for cycles).
    pub base: String,
    /// Currency of the ops' costs (e.g. `"GBP"`); when given it must match the scoring profile's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Beds out of use while the works are done, costed at the profile's net income per bed-year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime: Option<crate::score::value::Downtime>,
    /// Operations, applied in order.
    #[serde(default)]
    pub ops: Vec<Op>,
}

/// One retrofit operation. Every op may carry a `cost` (in the currency of your choice; costs are
/// only ever added up and divided, never converted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// Change the number of beds of a bedroom.
    SetBeds {
        room: String,
        beds: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Change what a room is used for (give `beds` when it becomes a bedroom).
    ChangeUse {
        room: String,
        #[serde(rename = "use")]
        room_use: RoomUse,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beds: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Split a room along a straight cut `from` → `to` (both on its outline) into two rooms with
    /// the ids `into`: `into[0]` is the part on the left when walking from `from` to `to`, `into[1]`
    /// the part on the right. Doors and windows go to the part they lie on; `beds` per part.
    SplitRoom {
        room: String,
        from: Xy,
        to: Xy,
        into: [String; 2],
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uses: Option<[RoomUse; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beds: Option<[u32; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Merge two rooms that share a wall into one room `into` (the doors between them go).
    MergeRooms {
        rooms: [String; 2],
        into: String,
        #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
        room_use: Option<RoomUse>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beds: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Add a door (same fields as in a plan).
    AddDoor {
        id: String,
        rooms: [String; 2],
        at: Xy,
        width_m: f64,
        #[serde(default)]
        kind: DoorKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Remove a door.
    RemoveDoor {
        door: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Remove a window.
    RemoveWindow {
        window: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Change the kind of a door (e.g. to `fire`, to close off a household).
    SetDoorKind {
        door: String,
        kind: DoorKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Add a window (same fields as in a plan).
    AddWindow {
        id: String,
        room: String,
        at: Xy,
        width_m: f64,
        height_m: f64,
        sill_m: f64,
        #[serde(default = "crate::plan::default_transmittance")]
        transmittance: f64,
        #[serde(default)]
        outlook: Outlook,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Set the ventilation of rooms: listed `rooms`, or every room of a `use`.
    SetVentilation {
        #[serde(default)]
        rooms: Vec<String>,
        #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
        room_use: Option<RoomUse>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ach: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supply_l_s: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Put a portable air cleaner of clean air delivery rate `cadr_m3_h` in each listed room.
    AddAirCleaner {
        rooms: Vec<String>,
        cadr_m3_h: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Remove a household: its rooms belong to no household afterwards (shared by the home).
    RemoveHousehold {
        household: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
    /// Assign rooms to a household (created if it does not exist).
    AssignHousehold {
        rooms: Vec<String>,
        household: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<f64>,
    },
}

impl Op {
    /// The op's name as written in files.
    pub fn name(&self) -> &'static str {
        match self {
            Op::SetBeds { .. } => "set_beds",
            Op::ChangeUse { .. } => "change_use",
            Op::SplitRoom { .. } => "split_room",
            Op::MergeRooms { .. } => "merge_rooms",
            Op::AddDoor { .. } => "add_door",
            Op::RemoveDoor { .. } => "remove_door",
            Op::SetDoorKind { .. } => "set_door_kind",
            Op::RemoveWindow { .. } => "remove_window",
            Op::AddWindow { .. } => "add_window",
            Op::SetVentilation { .. } => "set_ventilation",
            Op::AddAirCleaner { .. } => "add_air_cleaner",
            Op::AssignHousehold { .. } => "assign_household",
            Op::RemoveHousehold { .. } => "remove_household",
        }
    }

    /// The op's cost, if given.
    pub fn cost(&self) -> Option<f64> {
        match self {
            Op::SetBeds { cost, .. }
            | Op::ChangeUse { cost, .. }
            | Op::SplitRoom { cost, .. }
            | Op::MergeRooms { cost, .. }
            | Op::AddDoor { cost, .. }
            | Op::RemoveDoor { cost, .. }
            | Op::SetDoorKind { cost, .. }
            | Op::RemoveWindow { cost, .. }
            | Op::AddWindow { cost, .. }
            | Op::SetVentilation { cost, .. }
            | Op::AddAirCleaner { cost, .. }
            | Op::AssignHousehold { cost, .. }
            | Op::RemoveHousehold { cost, .. } => *cost,
        }
    }
}

/// The 1-based line of each `[[ops]]` step in an option file's text, in order (the line of step
/// `k` is `op_lines(src)[k - 1]`).
pub fn op_lines(src: &str) -> Vec<usize> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            t.starts_with("[[ops]]") || t.starts_with("[[ ops ]]")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Points the diagnostics of an option file at its steps: an op error (element `op k (name)`)
/// gets the line of step `k`; a problem with an element an op of this file created or changed
/// gets the line of the last such step (`steps[k]`: the ids op `k + 1` touched, from
/// [`Applied::steps`]). Lines already set are kept; nothing points into the base plan.
pub fn locate_steps(src: &str, steps: &[Vec<String>], diags: &mut [Diagnostic]) {
    let lines = op_lines(src);
    for d in diags.iter_mut().filter(|d| d.line.is_none()) {
        let Some(el) = &d.element else { continue };
        let step = if el.kind == ElementKind::Op {
            el.id
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|k| k.checked_sub(1))
        } else {
            steps.iter().rposition(|ids| ids.contains(&el.id))
        };
        d.line = step.and_then(|k| lines.get(k).copied());
    }
}

/// Total cost of the ops that give one (`None` if none does).
pub fn total_cost(ops: &[Op]) -> Option<f64> {
    let costs: Vec<f64> = ops.iter().filter_map(Op::cost).collect();
    (!costs.is_empty()).then(|| costs.iter().fold(0.0, |a, c| a + c))
}

//! The text of ids and names: no control or bidirectional-override characters in ids, and
//! lengths within [`crate::limits`]. A rule of its own, run with the element checks.

use super::Plan;
use crate::diag::{Diagnostic, ElementKind, is_unsafe_char, terminal_safe};
use crate::limits::{MAX_ID_CHARS, MAX_NAME_CHARS};

/// Every element id of the plan with its kind: households, outdoor areas, vertical links, then
/// per floor the floor, its rooms, doors and windows.
pub(crate) fn all_ids(plan: &Plan) -> Vec<(ElementKind, &str)> {
    let mut ids: Vec<(ElementKind, &str)> = Vec::new();
    ids.extend(
        plan.households
            .iter()
            .map(|h| (ElementKind::Household, h.id.as_str())),
    );
    ids.extend(
        plan.outdoor
            .iter()
            .map(|o| (ElementKind::Outdoor, o.id.as_str())),
    );
    ids.extend(
        plan.vertical
            .iter()
            .map(|l| (ElementKind::Vertical, l.id.as_str())),
    );
    for f in &plan.floors {
        ids.push((ElementKind::Floor, f.id.as_str()));
        ids.extend(f.rooms.iter().map(|r| (ElementKind::Room, r.id.as_str())));
        ids.extend(f.doors.iter().map(|d| (ElementKind::Door, d.id.as_str())));
        ids.extend(
            f.windows
                .iter()
                .map(|w| (ElementKind::Window, w.id.as_str())),
        );
    }
    ids
}

/// The first 60 characters of `s` (ids in messages stay short even when the id is not).
fn shown(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

/// Check every id for control characters (ESC, NUL, BEL, line breaks …) and bidirectional
/// overrides (U+202A–U+202E, U+2066–U+2069), which would let an id rewrite the terminal or
/// display as something else ([`is_unsafe_char`]), and every id and name for its length.
pub fn check_id_text(plan: &Plan, diags: &mut Vec<Diagnostic>) {
    let ids = all_ids(plan);
    for (kind, id) in ids {
        let n = id.chars().count();
        if n > MAX_ID_CHARS {
            diags.push(
                Diagnostic::error(
                    "id-too-long",
                    format!("a {kind} id is {n} characters long, more than {MAX_ID_CHARS}"),
                )
                .at(kind, shown(id))
                .help("give it a short id such as a room number (B12)"),
            );
        }
        if let Some(c) = id.chars().find(|&c| is_unsafe_char(c)) {
            diags.push(
                Diagnostic::error(
                    "control-character-in-id",
                    format!(
                        "the id contains U+{:04X}{}, a control or bidirectional-override character",
                        c as u32,
                        if c == '\n' { " (a line break)" } else { "" }
                    ),
                )
                .at(kind, shown(id))
                .help("ids may not contain control characters (escape sequences, line breaks, NUL) or bidirectional overrides; retype the id"),
            );
        }
    }
    let mut names: Vec<(ElementKind, &str, &str)> = vec![(ElementKind::Plan, "plan", &plan.name)];
    names.extend(
        plan.households
            .iter()
            .filter_map(|h| Some((ElementKind::Household, h.id.as_str(), h.name.as_deref()?))),
    );
    for f in &plan.floors {
        names.extend(
            f.name
                .as_deref()
                .map(|n| (ElementKind::Floor, f.id.as_str(), n)),
        );
        names.extend(
            f.rooms
                .iter()
                .filter_map(|r| Some((ElementKind::Room, r.id.as_str(), r.name.as_deref()?))),
        );
    }
    for (kind, id, name) in names {
        let n = name.chars().count();
        if n > MAX_NAME_CHARS {
            diags.push(
                Diagnostic::error(
                    "name-too-long",
                    format!(
                        "the name is {n} characters long, more than {MAX_NAME_CHARS}: {}",
                        terminal_safe(&shown(name))
                    ),
                )
                .at(kind, shown(id))
                .help("shorten the name; put long text in `description`"),
            );
        }
    }
}

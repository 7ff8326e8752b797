//! The guess report: what a reader understood and guessed, element by element, with the handle or
//! GlobalId it came from, so a user can fix the source or write a mapping (issue #17).

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One thing found in the source and what it became.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guess {
    /// GlobalId (IFC) or entity handle (DXF).
    pub source_id: String,
    /// The source's type, e.g. `IFCSPACE`.
    pub entity: String,
    /// Its name in the source, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id it has in the plan (none when ignored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub became: Option<String>,
    /// The role given: `room:bedroom`, `door`, `floor`, `ignored`…
    pub role: String,
    /// How the role was decided, or why the thing was ignored.
    pub how: String,
}

/// Everything a reader guessed, by kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GuessReport {
    /// `ifc` or `dxf`.
    pub format: String,
    /// The source's schema or version, e.g. `IFC2X3`.
    pub schema: String,
    /// Metres per length unit of the source.
    pub length_unit_m: f64,
    pub floors: Vec<Guess>,
    pub rooms: Vec<Guess>,
    pub doors: Vec<Guess>,
    pub windows: Vec<Guess>,
    pub vertical: Vec<Guess>,
    pub ignored: Vec<Guess>,
}

impl GuessReport {
    /// Record that `entity` `source_id` (named `name` in the source) was left out, and why.
    pub fn ignore(
        &mut self,
        source_id: String,
        entity: &str,
        name: Option<String>,
        how: impl Into<String>,
    ) {
        self.ignored.push(Guess {
            source_id,
            entity: entity.into(),
            name,
            became: None,
            role: "ignored".into(),
            how: how.into(),
        });
    }

    /// A short human summary: counts, rooms by use, doors linked and not, what was ignored.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} {} (1 unit = {} m): {} floors, {} rooms, {} doors, {} windows, {} vertical links, {} ignored",
            self.format,
            self.schema,
            self.length_unit_m,
            self.floors.len(),
            self.rooms.len(),
            self.doors.len(),
            self.windows.len(),
            self.vertical.len(),
            self.ignored.len()
        );
        let mut by_use: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &self.rooms {
            *by_use.entry(r.role.as_str()).or_default() += 1;
        }
        for (role, n) in by_use {
            let _ = writeln!(s, "  {role}: {n}");
        }
        for r in self.rooms.iter().filter(|r| r.how.contains("default")) {
            let _ = writeln!(
                s,
                "  guessed: {} {} ({}) -> {}: {}",
                r.entity,
                r.source_id,
                r.name.as_deref().unwrap_or(""),
                r.role,
                r.how
            );
        }
        for g in &self.ignored {
            let _ = writeln!(
                s,
                "  ignored: {} {} ({}): {}",
                g.entity,
                g.source_id,
                g.name.as_deref().unwrap_or(""),
                g.how
            );
        }
        s
    }
}

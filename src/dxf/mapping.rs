//! Layer mapping: which DXF layers hold room boundaries, room tags, doors, windows, outdoor areas
//! and walls.
//!
//! The default follows the AIA CAD Layer Guidelines as adopted by the U.S. National CAD Standard
//! (NCS v6, "Uniform Drawing System" layer names: discipline `A` architectural, major group `AREA`
//! with minor groups `BNDY` boundary and `IDEN` identification, `DOOR`, `GLAZ` glazing, `WALL`).
//! An office with its own names writes a TOML mapping file (see `docs/dxf.md` and
//! `floorplans/dxf-layers.example.toml`).

use serde::{Deserialize, Serialize};

/// What carehome does with the entities of a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Closed outlines of rooms.
    Room,
    /// Room and outdoor-area tags (TEXT, MTEXT, or blocks with attributes).
    Tag,
    /// Door blocks or lines across door openings.
    Door,
    /// Window blocks or lines across window openings.
    Window,
    /// Closed outlines of outdoor areas (garden, courtyard, street…).
    Outdoor,
    /// Walls: not needed (walls are room edges) but used to check room outlines.
    Wall,
}

/// A layer mapping, as read from a TOML file. Every list holds layer names (case-insensitive, as
/// in AutoCAD); `*` matches any run of characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayerMapping {
    /// Room boundaries: closed polylines (or circles, or closed chains of lines and arcs).
    pub rooms: Vec<String>,
    /// Room tags: TEXT/MTEXT `ID use [beds] [key=value…]`, or blocks with attributes.
    pub tags: Vec<String>,
    pub doors: Vec<String>,
    pub windows: Vec<String>,
    pub outdoor: Vec<String>,
    pub walls: Vec<String>,
    /// Separators between a floor prefix and a layer name, e.g. `1$A-AREA-BNDY` for floor `1`.
    /// After `$`, a bound-xref infix such as `0$` is also removed (`1$0$A-AREA-BNDY`).
    pub floor_separators: Vec<String>,
    /// Per-floor settings, keyed by floor id (layer prefix or `--floor`).
    pub floors: Vec<FloorSettings>,
}

/// Settings of one floor of a drawing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloorSettings {
    /// The floor id in the plan.
    pub id: String,
    /// The layer prefix that selects this floor (default: the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevation_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for LayerMapping {
    /// AIA / NCS layer names.
    fn default() -> Self {
        Self {
            rooms: strings(&["A-AREA", "A-AREA-BNDY"]),
            tags: strings(&["A-AREA-IDEN"]),
            doors: strings(&["A-DOOR"]),
            windows: strings(&["A-GLAZ"]),
            outdoor: strings(&["A-AREA-OUTD"]),
            walls: strings(&["A-WALL"]),
            floor_separators: strings(&["$", "|"]),
            floors: Vec::new(),
        }
    }
}

/// Case-insensitive match with `*` wildcards.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    fn rec(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => (0..=n.len()).any(|i| rec(rest, &n[i..])),
            Some((c, rest)) => n
                .split_first()
                .is_some_and(|(d, nrest)| c.eq_ignore_ascii_case(d) && rec(rest, nrest)),
        }
    }
    rec(pattern.as_bytes(), name.as_bytes())
}

impl LayerMapping {
    /// Parse a mapping from TOML text; errors are plain sentences.
    pub fn from_toml(src: &str) -> Result<Self, String> {
        toml::from_str(src).map_err(|e| e.to_string())
    }

    /// The role of a layer name without floor prefix.
    pub fn role_of(&self, layer: &str) -> Option<Role> {
        let any = |list: &[String]| list.iter().any(|p| glob_match(p, layer));
        // Most specific first: tags and outdoor areas are often sub-layers of the room layer.
        if any(&self.tags) {
            Some(Role::Tag)
        } else if any(&self.outdoor) {
            Some(Role::Outdoor)
        } else if any(&self.rooms) {
            Some(Role::Room)
        } else if any(&self.doors) {
            Some(Role::Door)
        } else if any(&self.windows) {
            Some(Role::Window)
        } else if any(&self.walls) {
            Some(Role::Wall)
        } else {
            None
        }
    }

    /// Split a full layer name into (floor prefix, role). The whole name is tried first, so a
    /// mapping may name prefixed layers itself.
    pub fn classify(&self, layer: &str) -> Option<(Option<String>, Role)> {
        if let Some(r) = self.role_of(layer) {
            return Some((None, r));
        }
        for sep in &self.floor_separators {
            if sep.is_empty() {
                continue;
            }
            if let Some((prefix, rest)) = layer.split_once(sep.as_str()) {
                let mut rest = rest;
                if sep == "$" {
                    // Bound xrefs name layers `XREF$0$LAYER`.
                    if let Some((n, r)) = rest.split_once('$')
                        && !n.is_empty()
                        && n.chars().all(|c| c.is_ascii_digit())
                    {
                        rest = r;
                    }
                }
                if prefix.is_empty() {
                    continue;
                }
                if let Some(r) = self.role_of(rest) {
                    return Some((Some(self.floor_id_of_prefix(prefix)), r));
                }
            }
        }
        None
    }

    /// The floor id a layer prefix stands for.
    pub fn floor_id_of_prefix(&self, prefix: &str) -> String {
        self.floors
            .iter()
            .find(|f| {
                f.prefix
                    .as_deref()
                    .unwrap_or(&f.id)
                    .eq_ignore_ascii_case(prefix)
            })
            .map(|f| f.id.clone())
            .unwrap_or_else(|| prefix.to_string())
    }

    pub fn floor_settings(&self, id: &str) -> Option<&FloorSettings> {
        self.floors.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_and_prefixes() {
        let m = LayerMapping::default();
        assert_eq!(m.classify("a-area-bndy"), Some((None, Role::Room)));
        assert_eq!(m.classify("A-AREA-IDEN"), Some((None, Role::Tag)));
        assert_eq!(
            m.classify("1$A-DOOR"),
            Some((Some("1".to_string()), Role::Door))
        );
        assert_eq!(
            m.classify("L2$0$A-GLAZ"),
            Some((Some("L2".to_string()), Role::Window))
        );
        assert_eq!(m.classify("A-FURN"), None);
        assert!(glob_match("ROOM*", "room_outline"));
        assert!(!glob_match("ROOM*", "ZROOM"));
    }

    #[test]
    fn bundled_example_parses() {
        let src = include_str!("../../floorplans/dxf-layers.example.toml");
        let m = LayerMapping::from_toml(src).unwrap();
        assert_eq!(m.classify("RAUM"), Some((None, Role::Room)));
    }
}

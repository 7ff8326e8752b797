//! Parse plan JSON into [`Plan`], reporting every malformed element at once.
//!
//! The happy path is one serde pass. When it fails, the document is walked element by element
//! (each floor, room, door, window, outdoor area, household, vertical link) so that a file with
//! five broken rooms gets five messages, each naming the element's id and its JSON path.

use super::types::*;
use crate::diag::{Diagnostic, ElementKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The text of a plan file's bytes: UTF-8, with a leading byte-order mark (which some Windows
/// editors write) dropped. Invalid UTF-8 is a `not-utf8` error giving the byte offset, line and
/// column of the first bad byte.
pub fn text_of(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        let good = &body[..at];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        let offset = at + (bytes.len() - body.len());
        Diagnostic::error(
            "not-utf8",
            format!(
                "the file is not UTF-8 text: byte 0x{:02X} at byte offset {offset} (line {line}, column {column}) is not valid UTF-8",
                body[at]
            ),
        )
        .help("save the file as UTF-8 (plans are JSON, which is UTF-8)")
        .line(line)
    })
}

/// Parse a plan from JSON text. On failure, returns all problems found.
pub fn from_json_str(src: &str) -> Result<Plan, Vec<Diagnostic>> {
    let dups = super::strict::duplicate_keys(src);
    if !dups.is_empty() {
        return Err(dups);
    }
    let value: Value =
        match serde_json::from_str(src) {
            Ok(v) => v,
            Err(e) => {
                return Err(vec![
                Diagnostic::error(
                    "json-syntax",
                    format!("malformed JSON at line {}, column {}: {e}", e.line(), e.column()),
                )
                .help("fix the JSON syntax (a missing comma, bracket or quote is the usual cause)")
                .line(e.line()),
            ]);
            }
        };
    from_value(&value)
}

/// Parse a plan from an already-parsed JSON value.
pub fn from_value(value: &Value) -> Result<Plan, Vec<Diagnostic>> {
    let shape = super::strict::arrays_for_objects(value);
    match serde_path_to_error::deserialize::<_, Plan>(value) {
        Ok(plan) if shape.is_empty() => Ok(plan),
        Ok(_) => Err(shape),
        Err(whole) => {
            let mut diags = collect_element_errors(value);
            diags.extend(shape);
            if diags.is_empty() {
                diags.push(field_error(ElementKind::Plan, "plan", "", whole));
            }
            Err(diags)
        }
    }
}

fn field_error(
    kind: ElementKind,
    id: &str,
    path_prefix: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> Diagnostic {
    let inner = e.path().to_string();
    let path = match (path_prefix.is_empty(), inner.as_str()) {
        (true, ".") | (true, "") => String::new(),
        (true, p) => p.to_string(),
        (false, ".") | (false, "") => path_prefix.to_string(),
        (false, p) => format!("{path_prefix}.{p}"),
    };
    let msg = e.into_inner().to_string();
    let where_ = if path.is_empty() {
        String::new()
    } else {
        format!(" (at {path})")
    };
    Diagnostic::error("json-field", format!("{msg}{where_}"))
        .at(kind, id)
        .help("see docs/plan-format.md or `carehome schema plan` for the fields each element takes")
}

fn element<T: DeserializeOwned>(
    v: &Value,
    kind: ElementKind,
    path: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let id = v
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| path.to_string());
            out.push(field_error(kind, &id, path, e));
            None
        }
    }
}

/// Deserialize `obj` with the array fields `arrays` emptied, so only its own fields are checked.
fn shell(obj: &serde_json::Map<String, Value>, arrays: &[&str]) -> Value {
    let mut m = obj.clone();
    for k in arrays {
        if let Some(v) = m.get_mut(*k)
            && v.is_array()
        {
            *v = Value::Array(vec![]);
        }
    }
    Value::Object(m)
}

/// Every element of the array `key` of `obj` that deserialises, each on its own; the problems of
/// the others go to `out`, named by their path `prefix` + `key[i]`.
fn elements<T: DeserializeOwned>(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    kind: ElementKind,
    prefix: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let items = obj.get(key).and_then(Value::as_array).into_iter().flatten();
    items
        .enumerate()
        .filter_map(|(i, v)| element(v, kind, &format!("{prefix}{key}[{i}]"), out))
        .collect()
}

fn collect_element_errors(value: &Value) -> Vec<Diagnostic> {
    salvage(value).0
}

/// What [`salvage`] found: the problems, the plan of what parsed, and the ids of the elements
/// that parsed but were left out with their floor.
type Salvage = (Vec<Diagnostic>, Option<Plan>, Vec<String>);

/// Each element of `value` deserialised on its own: the problems of those that do not parse,
/// and a plan of those that do (none when the plan's own fields do not parse; a floor whose own
/// fields do not parse is left out with its rooms, doors and windows).
fn salvage(value: &Value) -> Salvage {
    let mut out = Vec::new();
    let mut orphans = Vec::new();
    let Some(obj) = value.as_object() else {
        out.push(
            Diagnostic::error(
                "json-field",
                "the top level of a plan must be a JSON object",
            )
            .at(ElementKind::Plan, "plan")
            .help("start the file with `{ \"schema\": \"carehome-plan/1\", \"floors\": [...] }`"),
        );
        return (out, None, orphans);
    };
    let top_arrays = ["households", "outdoor", "floors", "vertical"];
    let mut plan = element::<Plan>(&shell(obj, &top_arrays), ElementKind::Plan, "", &mut out);
    let households: Vec<Household> =
        elements(obj, "households", ElementKind::Household, "", &mut out);
    let outdoor: Vec<OutdoorArea> = elements(obj, "outdoor", ElementKind::Outdoor, "", &mut out);
    let vertical: Vec<VerticalLink> =
        elements(obj, "vertical", ElementKind::Vertical, "", &mut out);
    let mut floors = Vec::new();
    let floor_values = obj
        .get("floors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (f, fv) in floor_values.enumerate() {
        let path = format!("floors[{f}]");
        let Some(fobj) = fv.as_object() else {
            element::<Floor>(fv, ElementKind::Floor, &path, &mut out);
            continue;
        };
        let floor_arrays = ["rooms", "doors", "windows"];
        let floor = element::<Floor>(
            &shell(fobj, &floor_arrays),
            ElementKind::Floor,
            &path,
            &mut out,
        );
        let prefix = format!("{path}.");
        let rooms: Vec<Room> = elements(fobj, "rooms", ElementKind::Room, &prefix, &mut out);
        let doors: Vec<Door> = elements(fobj, "doors", ElementKind::Door, &prefix, &mut out);
        let windows: Vec<Window> =
            elements(fobj, "windows", ElementKind::Window, &prefix, &mut out);
        if let Some(mut floor) = floor {
            floor.rooms = rooms;
            floor.doors = doors;
            floor.windows = windows;
            floors.push(floor);
        } else {
            let ids = (rooms.iter().map(|r| &r.id))
                .chain(doors.iter().map(|d| &d.id))
                .chain(windows.iter().map(|w| &w.id));
            orphans.extend(ids.cloned());
        }
    }
    if let Some(p) = plan.as_mut() {
        p.households = households;
        p.outdoor = outdoor;
        p.vertical = vertical;
        p.floors = floors;
    }
    (out, plan, orphans)
}

/// A plan file parsed as far as it goes: every field-level problem, and the plan of the
/// elements that parsed, for [`crate::building::resolve_salvaged`] to check their geometry in
/// the same run.
#[derive(Debug, Default)]
pub struct Staged {
    /// The elements that parsed and have no field-level problem; `None` when the file is not
    /// JSON or the plan's own fields (schema, name, …) do not parse.
    pub salvaged: Option<Plan>,
    /// Field-level problems: JSON syntax, repeated keys, wrong types, unknown or missing fields.
    /// Empty when the whole file parsed.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of the elements named by [`Self::diagnostics`] (left out of `salvaged`, with the
    /// rooms, doors and windows of a floor left out), so references to them are not reported
    /// again as unknown.
    pub dropped: std::collections::HashSet<String>,
}

/// Parse a plan from JSON text in stages: field-level problems of every element, and the
/// elements that parsed as a plan of their own (see [`Staged`]). For a file without field-level
/// problems `salvaged` is the plan [`from_json_str`] returns.
pub fn from_json_staged(src: &str) -> Staged {
    let mut diagnostics = super::strict::duplicate_keys(src);
    let value: Value = match serde_json::from_str(src) {
        Ok(v) => v,
        Err(_) => {
            return Staged {
                diagnostics: from_json_str(src).err().unwrap_or_default(),
                ..Staged::default()
            };
        }
    };
    let shape = super::strict::arrays_for_objects(&value);
    let (fields, salvaged, orphans) = match serde_path_to_error::deserialize::<_, Plan>(&value) {
        Ok(plan) => (Vec::new(), Some(plan), Vec::new()),
        Err(whole) => {
            let (mut d, plan, orphans) = salvage(&value);
            if d.is_empty() {
                d.push(field_error(ElementKind::Plan, "plan", "", whole));
            }
            (d, plan, orphans)
        }
    };
    diagnostics.extend(fields);
    diagnostics.extend(shape);
    let mut dropped: std::collections::HashSet<String> = diagnostics
        .iter()
        .filter_map(|d| d.element.as_ref())
        .map(|e| e.id.clone())
        .chain(orphans)
        .collect();
    let plan_level = diagnostics.iter().any(|d| {
        d.element
            .as_ref()
            .is_none_or(|e| e.kind == ElementKind::Plan)
    });
    let salvaged = salvaged
        .filter(|_| !plan_level)
        .map(|plan| without(plan, &mut dropped));
    Staged {
        salvaged,
        diagnostics,
        dropped,
    }
}

/// `plan` without the elements whose ids are in `dropped`; the ids of the rooms, doors and
/// windows of a dropped floor are added to `dropped`.
fn without(mut plan: Plan, dropped: &mut std::collections::HashSet<String>) -> Plan {
    let keep = |id: &String, dropped: &std::collections::HashSet<String>| !dropped.contains(id);
    plan.households.retain(|h| keep(&h.id, dropped));
    plan.outdoor.retain(|o| keep(&o.id, dropped));
    plan.vertical.retain(|l| keep(&l.id, dropped));
    let children: Vec<String> = (plan.floors.iter().filter(|f| dropped.contains(&f.id)))
        .flat_map(|f| {
            (f.rooms.iter().map(|r| &r.id))
                .chain(f.doors.iter().map(|d| &d.id))
                .chain(f.windows.iter().map(|w| &w.id))
        })
        .cloned()
        .collect();
    dropped.extend(children);
    plan.floors.retain(|f| keep(&f.id, dropped));
    for f in &mut plan.floors {
        f.rooms.retain(|r| keep(&r.id, dropped));
        f.doors.retain(|d| keep(&d.id, dropped));
        f.windows.retain(|w| keep(&w.id, dropped));
    }
    plan
}

/// Fill in the source line of diagnostics that name an element, by finding `"id": "<id>"` in the
/// source text. Pure: takes the text, touches no file.
pub fn locate_lines(src: &str, diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.line.is_none()) {
        if let Some(el) = &d.element {
            d.line = line_of_id(src, &el.id);
        }
    }
}

/// 1-based line of the first `"id": "<id>"` in `src`.
pub fn line_of_id(src: &str, id: &str) -> Option<usize> {
    let needle = serde_json::to_string(id).ok()?;
    let mut from = 0;
    while let Some(pos) = src[from..].find(&needle) {
        let at = from + pos;
        let before = src[..at].trim_end();
        if let Some(b) = before.strip_suffix(':')
            && b.trim_end().ends_with("\"id\"")
        {
            return Some(src[..at].matches('\n').count() + 1);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err =
            from_json_str("{\n  \"schema\": \"carehome-plan/1\",\n  \"floors\": [ }").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].code, "json-syntax");
        assert_eq!(err[0].line, Some(3));
        assert!(err[0].message.contains("line 3"), "{}", err[0].message);
    }

    #[test]
    fn every_bad_element_is_reported() {
        let src = r#"{ "schema": "carehome-plan/1", "floors": [ { "id": "G",
            "rooms": [
              { "id": "R1", "use": "bedroom", "polygon": [[0,0],[4,0],[4,4]], "bed": 1 },
              { "id": "R2", "use": "ballroom", "polygon": [[0,0],[4,0],[4,4]] },
              { "id": "R3", "use": "lounge" }
            ],
            "doors": [ { "id": "D1", "rooms": ["R1"], "at": [0, 0], "width_m": 0.9 } ] } ] }"#;
        let err = from_json_str(src).unwrap_err();
        let ids: Vec<_> = err
            .iter()
            .map(|d| d.element.as_ref().unwrap().id.as_str())
            .collect();
        assert_eq!(ids, ["R1", "R2", "R3", "D1"], "{err:#?}");
        assert!(err[0].message.contains("unknown field `bed`"));
        assert!(err[1].message.contains("ballroom"));
        assert!(err[2].message.contains("missing field `polygon`"));
    }

    #[test]
    fn staged_parse_keeps_the_elements_that_parse() {
        let src = r#"{ "schema": "carehome-plan/1", "floors": [
            { "id": "G", "rooms": [
              { "id": "R1", "use": "lounge", "polygon": [[0,0],[4,0],[4,4],[0,4]] },
              { "id": "R2", "use": "lounge", "polygon": [[4,0],[8,0],[8,4]], "bed": 1 }
            ], "doors": [ { "id": "D1", "rooms": ["R1", "R2"], "at": [4, 2], "width_m": 0.9 } ] },
            { "id": "F1", "height_m": "tall", "rooms": [
              { "id": "R3", "use": "lounge", "polygon": [[0,0],[4,0],[4,4],[0,4]] } ] } ] }"#;
        let s = from_json_staged(src);
        let named: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| d.element.as_ref().unwrap().id.as_str())
            .collect();
        assert_eq!(named, ["R2", "F1"], "{:#?}", s.diagnostics);
        let plan = s.salvaged.expect("the plan's own fields parse");
        assert_eq!(plan.floors.len(), 1);
        let rooms: Vec<_> = plan.floors[0].rooms.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rooms, ["R1"]);
        assert_eq!(plan.floors[0].doors.len(), 1);
        // R2 failed; R3 parsed but its floor did not: both are references not to report again.
        assert!(s.dropped.contains("R2") && s.dropped.contains("R3") && s.dropped.contains("F1"));
        // A file without problems: the same plan as from_json_str, nothing dropped.
        let good = std::fs::read_to_string("tests/fixtures/good/minimal.json").unwrap();
        let s = from_json_staged(&good);
        assert!(s.diagnostics.is_empty() && s.dropped.is_empty());
        assert_eq!(s.salvaged, Some(from_json_str(&good).unwrap()));
        // Not JSON: nothing salvaged, the syntax error reported.
        let s = from_json_staged("{");
        assert!(s.salvaged.is_none());
        assert_eq!(s.diagnostics[0].code, "json-syntax");
    }

    #[test]
    fn utf8_bom_is_accepted_and_bad_bytes_are_located() {
        assert_eq!(text_of(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        // "é" is two bytes; the bad byte 0xFF is at byte offset 8, line 2, after the five
        // characters ` "é" `, so column 6.
        let e = text_of(b"{\n \"\xC3\xA9\" \xFF }").unwrap_err();
        assert_eq!(e.code, "not-utf8");
        assert_eq!(e.line, Some(2));
        assert!(
            e.message
                .contains("0xFF at byte offset 8 (line 2, column 6)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn line_lookup_by_id() {
        let src = "{\n \"rooms\": [\n  {\"id\": \"B01\"},\n  { \"id\" : \"B02\" } ] }";
        assert_eq!(line_of_id(src, "B02"), Some(4));
        assert_eq!(line_of_id(src, "B03"), None);
    }
}

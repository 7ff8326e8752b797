//! JSON that serde accepts but a plan must not (issue #14):
//!
//! * **Repeated keys** in an object (`"beds": 1, "beds": 4`): serde_json keeps the last one
//!   silently. One pass of a visitor over the text records every repeated key with its JSON
//!   path; the line of each comes from serde_json's position when the same visitor is asked to
//!   stop at that repetition (a few parses more, only for files that have repeated keys).
//! * **An array where an object belongs** (`"ventilation": []`): serde's derived structs also
//!   accept their fields as a list in order, which no plan author means. [`arrays_for_objects`]
//!   walks the document beside the plan's JSON Schema (the one `carehome schema plan` prints) and
//!   reports each such value. Other wrong types are serde's own `json-field` errors.

use crate::diag::{Diagnostic, ElementKind};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// At most this many repeated keys are located by line (each costs one more parse).
const MAX_LOCATED: usize = 20;

/// Every repeated key of `src`, as `json-field` errors naming the element (by its id when the
/// object has one, else by its JSON path) and the line. Empty for valid JSON without repeats and
/// for malformed JSON (the parser reports that).
pub fn duplicate_keys(src: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if (Walk {
        path: String::new(),
        found: &mut found,
        stop_at: None,
    })
    .deserialize(&mut serde_json::Deserializer::from_str(src))
    .is_err()
    {
        return Vec::new();
    }
    found
        .iter()
        .enumerate()
        .map(|(k, dup)| {
            let line = (k < MAX_LOCATED)
                .then(|| {
                    let mut again = Vec::new();
                    Walk {
                        path: String::new(),
                        found: &mut again,
                        stop_at: Some(k),
                    }
                    .deserialize(&mut serde_json::Deserializer::from_str(src))
                    .err()
                    .map(|e| e.line())
                })
                .flatten();
            let (kind, id) = match &dup.owner_id {
                Some(id) => (dup.kind, id.clone()),
                None => (ElementKind::Plan, dup.path.clone()),
            };
            let at = if dup.path.is_empty() {
                "the top level".to_string()
            } else {
                dup.path.clone()
            };
            let mut d = Diagnostic::error(
                "json-field",
                format!("key `{}` appears twice in {at}", dup.key),
            )
            .at(kind, id)
            .help("give each field once; delete the copy that is wrong");
            d.line = line;
            d
        })
        .collect()
}

/// Every value of `doc` that is an array where the plan schema wants an object, as `json-field`
/// errors naming the enclosing element (by id) and the JSON path.
pub fn arrays_for_objects(doc: &Value) -> Vec<Diagnostic> {
    let schema = super::json_schema();
    let mut out = Vec::new();
    let mut walk = Shape {
        root: &schema,
        out: &mut out,
    };
    walk.visit(doc, &schema, "", (ElementKind::Plan, "plan".to_string()));
    out
}

struct Shape<'a> {
    root: &'a Value,
    out: &'a mut Vec<Diagnostic>,
}

impl Shape<'_> {
    /// Follow `$ref`s to the schema itself.
    fn resolve<'s>(&self, mut s: &'s Value) -> &'s Value
    where
        Self: 's,
    {
        let mut hops = 0;
        while let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match r
                .strip_prefix("#/$defs/")
                .and_then(|name| self.root.get("$defs")?.get(name))
            {
                Some(t) if hops < 32 => {
                    s = t;
                    hops += 1;
                }
                _ => break,
            }
        }
        s
    }

    fn visit(&mut self, v: &Value, schema: &Value, path: &str, el: (ElementKind, String)) {
        let schema = self.resolve(schema);
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            // An optional field: the branch that is not null.
            if let Some(b) = any
                .iter()
                .find(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                && !v.is_null()
            {
                self.visit(v, b, path, el);
            }
            return;
        }
        let wants_object = schema.get("type").and_then(Value::as_str) == Some("object");
        match v {
            Value::Array(_) if wants_object => {
                let field = if path.is_empty() { "the plan" } else { path };
                self.out.push(
                    Diagnostic::error(
                        "json-field",
                        format!("`{field}` must be a JSON object {{ … }}, not an array"),
                    )
                    .at(el.0, el.1)
                    .help("see docs/plan-format.md or `carehome schema plan` for its fields"),
                );
            }
            Value::Object(m) if wants_object => {
                let Some(props) = schema.get("properties") else {
                    return;
                };
                for (k, child) in m {
                    if let Some(s) = props.get(k) {
                        let p = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        self.visit(child, s, &p, el.clone());
                    }
                }
            }
            Value::Array(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                let kind = kind_of(path.rsplit('.').next().unwrap_or(path));
                for (i, item) in items.iter().enumerate() {
                    let el = match (kind, item.get("id").and_then(Value::as_str)) {
                        (ElementKind::Plan, _) => el.clone(),
                        (k, Some(id)) => (k, id.to_string()),
                        (k, None) => (k, format!("{path}[{i}]")),
                    };
                    self.visit(item, item_schema, &format!("{path}[{i}]"), el);
                }
            }
            _ => {}
        }
    }
}

struct Dup {
    key: String,
    path: String,
    kind: ElementKind,
    owner_id: Option<String>,
}

struct Walk<'a> {
    path: String,
    found: &'a mut Vec<Dup>,
    /// Fail (so the parser reports its position) when this repetition is reached.
    stop_at: Option<usize>,
}

/// The element kind of the objects in an array under `key`.
fn kind_of(key: &str) -> ElementKind {
    match key {
        "floors" => ElementKind::Floor,
        "rooms" => ElementKind::Room,
        "doors" => ElementKind::Door,
        "windows" => ElementKind::Window,
        "outdoor" => ElementKind::Outdoor,
        "households" => ElementKind::Household,
        "vertical" => ElementKind::Vertical,
        _ => ElementKind::Plan,
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    /// For a string value, the string (so an object learns its `id`).
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut i = 0;
        loop {
            let seed = Walk {
                path: format!("{}[{i}]", self.path),
                found: &mut *self.found,
                stop_at: self.stop_at,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            i += 1;
        }
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys: Vec<String> = Vec::new();
        let mut mine: Vec<usize> = Vec::new();
        let mut id = None;
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                let k = self.found.len();
                if self.stop_at == Some(k) {
                    return Err(de::Error::custom("repeated key"));
                }
                self.found.push(Dup {
                    key: key.clone(),
                    path: self.path.clone(),
                    kind: ElementKind::Plan,
                    owner_id: None,
                });
                mine.push(k);
            }
            let child = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            let v = map.next_value_seed(Walk {
                path: child,
                found: &mut *self.found,
                stop_at: self.stop_at,
            })?;
            if key == "id" && id.is_none() {
                id = v;
            }
            keys.push(key);
        }
        // Name the element the repeated key belongs to: the object's id and the kind of its
        // array (`floors[0].rooms[3]` is a room).
        let kind = self
            .path
            .rsplit('.')
            .next()
            .and_then(|last| last.split('[').next())
            .map(kind_of)
            .unwrap_or(ElementKind::Plan);
        for k in mine {
            self.found[k].owner_id = id.clone();
            self.found[k].kind = if id.is_some() {
                kind
            } else {
                ElementKind::Plan
            };
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_named_with_element_and_line() {
        let src = "{ \"schema\": \"carehome-plan/1\", \"floors\": [ { \"id\": \"G\",\n \"rooms\": [\n { \"id\": \"B1\", \"use\": \"bedroom\", \"beds\": 1,\n \"beds\": 4, \"polygon\": [] } ] } ],\n \"name\": \"a\", \"name\": \"b\" }";
        let d = duplicate_keys(src);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].element.as_ref().unwrap().id, "B1");
        assert_eq!(d[0].element.as_ref().unwrap().kind, ElementKind::Room);
        assert!(d[0].message.contains("`beds`"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(4));
        assert!(d[1].message.contains("`name`") && d[1].message.contains("top level"));
        assert_eq!(d[1].line, Some(5));
        assert!(duplicate_keys("{\"a\": 1, \"b\": {\"a\": 2}}").is_empty());
    }

    #[test]
    fn an_array_for_an_object_is_named() {
        let doc: Value = serde_json::from_str(
            r#"{ "schema": "carehome-plan/1", "site": [], "floors": [ { "id": "G", "rooms": [
                 { "id": "B1", "use": "lounge", "polygon": [[0,0],[1,0],[1,1]], "ventilation": [] },
                 { "id": "B2", "use": "lounge", "polygon": [[0,0],[1,0],[1,1]], "ventilation": { "ach": 1 } } ] } ] }"#,
        )
        .unwrap();
        let d = arrays_for_objects(&doc);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].element.as_ref().unwrap().id, "plan");
        assert!(d[0].message.contains("`site`"));
        assert_eq!(d[1].element.as_ref().unwrap().id, "B1");
        assert!(
            d[1].message.contains("floors[0].rooms[0].ventilation"),
            "{}",
            d[1].message
        );
    }
}

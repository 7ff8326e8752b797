//! Room tags: the text (or block attributes) that names a room.
//!
//! Syntax (documented in `docs/dxf.md`): `ID use [beds] [key=value …]`, e.g.
//! `B12 bedroom 1 household=H1`, `L01 lounge name="Oak lounge" ach=2`. Values with spaces are
//! quoted. A tag block may give the same fields as attributes `ID`, `USE`, `BEDS`, `HOUSEHOLD`…
//! Two further tags sit outside rooms: `FLOOR id [elevation=m] [height=m] [name=…]` and
//! `PLAN [name=…] [north=deg] [construction=new_build|existing]`.

/// A parsed tag: an id, an optional use word, and key/value fields (keys lower-case).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tag {
    pub id: String,
    pub use_word: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl Tag {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Split on whitespace, keeping `"…"` quoted runs (quotes removed) together.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for ch in s.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Canonical key names (aliases accepted in drawings).
fn canonical_key(k: &str) -> String {
    let k = k.to_ascii_lowercase().replace('-', "_");
    match k.as_str() {
        "hh" => "household".into(),
        "ceiling" | "ceiling_height_m" | "ceiling_m" => "ceiling".into(),
        "cadr" | "air_cleaner_cadr_m3_h" => "cadr".into(),
        "supply" | "supply_l_s" => "supply_l_s".into(),
        "elevation" | "elevation_m" => "elevation".into(),
        "height" | "height_m" => "height".into(),
        "north" | "north_deg" => "north".into(),
        _ => k,
    }
}

/// Parse tag text. `None` for empty text.
pub fn parse_text(s: &str) -> Option<Tag> {
    let toks = tokens(s);
    let mut it = toks.into_iter();
    let id = it.next()?;
    let mut tag = Tag {
        id,
        ..Tag::default()
    };
    for (i, t) in it.enumerate() {
        if let Some((k, v)) = t.split_once('=') {
            tag.fields.push((canonical_key(k), v.to_string()));
        } else if i == 0 && tag.use_word.is_none() && !t.chars().all(|c| c.is_ascii_digit()) {
            tag.use_word = Some(t);
        } else if t.chars().all(|c| c.is_ascii_digit()) && tag.get("beds").is_none() {
            tag.fields.push(("beds".into(), t));
        } else if tag.use_word.is_none() {
            tag.use_word = Some(t);
        } else {
            tag.fields.push(("?".into(), t));
        }
    }
    Some(tag)
}

/// Build a tag from block attributes (tags upper-case) and the block's texts.
pub fn from_block(attrs: &[(String, String)], texts: &[String]) -> Option<Tag> {
    let from_text = parse_text(&texts.join(" "));
    let id = attrs
        .iter()
        .find(|(k, _)| k == "ID" || k == "NUMBER" || k == "ROOM")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    let mut tag = match (id, from_text) {
        (Some(id), _) => Tag {
            id,
            ..Tag::default()
        },
        (None, Some(t)) => t,
        (None, None) => {
            // Attribute-only tag whose ID is missing: try the first attribute value.
            let first = attrs.iter().find(|(_, v)| !v.is_empty())?;
            parse_text(&first.1)?
        }
    };
    for (k, v) in attrs {
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "ID" | "NUMBER" | "ROOM" => {}
            "USE" => tag.use_word = Some(v.clone()),
            other => tag.fields.push((canonical_key(other), v.clone())),
        }
    }
    Some(tag)
}

/// Normalise a use word: case-insensitive, `-` and spaces as `_`.
pub fn use_key(word: &str) -> String {
    word.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_tags() {
        let t = parse_text("B12 bedroom 1 household=H1 name=\"Rose room\"").unwrap();
        assert_eq!(t.id, "B12");
        assert_eq!(t.use_word.as_deref(), Some("bedroom"));
        assert_eq!(t.get("beds"), Some("1"));
        assert_eq!(t.get("household"), Some("H1"));
        assert_eq!(t.get("name"), Some("Rose room"));
        let t = parse_text("B12").unwrap();
        assert_eq!(t.use_word, None);
        assert!(parse_text("   ").is_none());
    }

    #[test]
    fn block_attributes_override() {
        let attrs = vec![
            ("ID".to_string(), "B12".to_string()),
            ("USE".to_string(), "bedroom".to_string()),
            ("BEDS".to_string(), "2".to_string()),
        ];
        let t = from_block(&attrs, &[]).unwrap();
        assert_eq!((t.id.as_str(), t.get("beds")), ("B12", Some("2")));
        let t = from_block(&[("USE".into(), "lounge".into())], &["L01".into()]).unwrap();
        assert_eq!(
            (t.id.as_str(), t.use_word.as_deref()),
            ("L01", Some("lounge"))
        );
    }
}

//! Points: the resolved scenario of each design row, its stable id and its seed.
//!
//! The **id** is the first 16 hex digits (64 bits) of the SHA-256 of the point's canonical
//! resolved parameters: the runner's name, the full scenario after the axis values are set (as
//! JSON with sorted keys) and the plan's label and content digest. The **seed** is the SHA-256 of
//! the manifest seed alone under common random numbers (the default: every point shares it, so
//! replicate `r` of every point draws the same random numbers), or of the manifest seed and the
//! id with `common_random_numbers = false`. Neither depends on the point's position, so adding an axis value
//! adds points without changing the id, seed or results of the others; editing the base scenario
//! or a plan file changes the ids, so stale results are never reused.

use super::design::Row;
use super::manifest::Manifest;
use sha2::{Digest, Sha256};

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Position in the manifest's enumeration (design order).
    pub index: usize,
    /// Stable id: 16 lowercase hex digits.
    pub id: String,
    /// The point's seed; replicate `r` uses [`replicate_seed`]`(seed, r)`.
    pub seed: u64,
    /// Index into the plan list, when the sweep has plans.
    pub plan: Option<usize>,
    /// Parameters as columns: `plan` (label) first when there are plans, then the axes, then the
    /// ranges, each by its dotted path.
    pub params: Vec<(String, toml::Value)>,
    /// The base scenario with this point's values set.
    pub scenario: toml::Value,
}

/// A plan as the points see it: its label (a column value) and a digest of its content.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanKey {
    pub label: String,
    pub digest: String,
}

/// Expand a manifest into points. Errors (a path that crosses a non-table value) name the path.
pub fn points(
    m: &Manifest,
    base: &toml::Value,
    plans: &[PlanKey],
) -> Result<Vec<Point>, Vec<String>> {
    let rows = super::design::rows(m, plans.len());
    let columns: Vec<&str> = m
        .axes
        .iter()
        .map(|a| a.path.as_str())
        .chain(m.ranges.iter().map(|r| r.path.as_str()))
        .collect();
    // Setting a path can only fail through the base scenario's shape: check it once per column.
    let mut errors = Vec::new();
    for (c, path) in columns.iter().enumerate() {
        if let Some(r) = rows.first() {
            let mut probe = base.clone();
            if let Err(e) = set_path(&mut probe, path, r.values[c].clone()) {
                errors.push(e);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(rows.len());
    for (index, Row { plan, values }) in rows.into_iter().enumerate() {
        let mut scenario = base.clone();
        let mut params = Vec::with_capacity(values.len() + 1);
        if let Some(p) = plan {
            params.push((
                "plan".to_string(),
                toml::Value::String(plans[p].label.clone()),
            ));
        }
        for (path, v) in columns.iter().zip(values) {
            set_path(&mut scenario, path, v.clone()).map_err(|e| vec![e])?;
            params.push((path.to_string(), v));
        }
        let id = point_id(&m.runner, &scenario, plan.map(|p| &plans[p]));
        let seed = if m.common_random_numbers {
            common_seed(m.seed)
        } else {
            point_seed(m.seed, &id)
        };
        out.push(Point {
            index,
            id,
            seed,
            plan,
            params,
            scenario,
        });
    }
    Ok(out)
}

/// Set `path` (dotted) in `root` to `value`, creating tables on the way.
pub fn set_path(root: &mut toml::Value, path: &str, value: toml::Value) -> Result<(), String> {
    let mut cur = root;
    let segs: Vec<&str> = path.split('.').collect();
    for (i, seg) in segs.iter().enumerate() {
        let toml::Value::Table(t) = cur else {
            return Err(format!(
                "cannot set \"{path}\": \"{}\" in the base scenario is a {}, not a table",
                segs[..i].join("."),
                cur.type_str()
            ));
        };
        if i + 1 == segs.len() {
            t.insert(seg.to_string(), value);
            return Ok(());
        }
        cur = t
            .entry(seg.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
    Ok(())
}

/// Canonical JSON of a TOML value: keys sorted, numbers in Rust's shortest round-trip form,
/// integers and floats kept apart (`1` and `1.0` are different values), datetimes as strings.
pub fn canonical_json(v: &toml::Value) -> String {
    let mut s = String::new();
    write_canonical(v, &mut s);
    s
}

fn write_canonical(v: &toml::Value, out: &mut String) {
    match v {
        toml::Value::String(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
        toml::Value::Integer(i) => out.push_str(&i.to_string()),
        toml::Value::Float(f) => out.push_str(&format!("{f:?}")),
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => {
            out.push_str(&serde_json::Value::from(d.to_string()).to_string())
        }
        toml::Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        toml::Value::Table(t) => {
            let mut keys: Vec<&String> = t.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                out.push(':');
                write_canonical(&t[k], out);
            }
            out.push('}');
        }
    }
}

/// The id of a point: SHA-256 of its canonical resolved parameters, first 16 hex digits.
pub fn point_id(runner: &str, scenario: &toml::Value, plan: Option<&PlanKey>) -> String {
    let plan = match plan {
        Some(p) => format!(
            "{{\"digest\":{},\"label\":{}}}",
            serde_json::Value::from(p.digest.as_str()),
            serde_json::Value::from(p.label.as_str())
        ),
        None => "null".into(),
    };
    let text = format!(
        "{{\"plan\":{plan},\"runner\":{},\"scenario\":{}}}",
        serde_json::Value::from(runner),
        canonical_json(scenario)
    );
    hex(&Sha256::digest(text.as_bytes())[..8])
}

/// The seed every point shares under common random numbers: SHA-256 of the manifest seed.
pub fn common_seed(manifest_seed: u64) -> u64 {
    hash_u64(format!("carehome-common-seed:{manifest_seed}").as_bytes())
}

/// The seed of a point with independent streams: SHA-256 of the manifest seed and the id.
pub fn point_seed(manifest_seed: u64, id: &str) -> u64 {
    hash_u64(format!("carehome-point-seed:{manifest_seed}:{id}").as_bytes())
}

/// The seed of replicate `r` of a point (for runners that want one number per replicate).
pub fn replicate_seed(point_seed: u64, replicate: u32) -> u64 {
    hash_u64(format!("carehome-replicate-seed:{point_seed}:{replicate}").as_bytes())
}

/// First 8 bytes of SHA-256, little-endian.
pub fn hash_u64(bytes: &[u8]) -> u64 {
    let d = Sha256::digest(bytes);
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_le_bytes(b)
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 hex of bytes (content digests of plan and option files).
pub fn digest_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_path_creates_tables_and_refuses_scalars() {
        let mut v: toml::Value = toml::from_str("a = 1\n[b]\nc = 2\n").unwrap();
        set_path(&mut v, "b.d.e", toml::Value::Integer(3)).unwrap();
        assert_eq!(
            canonical_json(&v),
            "{\"a\":1,\"b\":{\"c\":2,\"d\":{\"e\":3}}}"
        );
        let e = set_path(&mut v, "a.x", toml::Value::Integer(1)).unwrap_err();
        assert!(e.contains("\"a\" in the base scenario is a integer"), "{e}");
    }

    #[test]
    fn ids_are_fixed() {
        // Pinned: a change here changes every stored result's id.
        let v: toml::Value = toml::from_str("x = 1.5\n").unwrap();
        let id = point_id("synthetic", &v, None);
        assert_eq!(id.len(), 16);
        assert_eq!(id, point_id("synthetic", &v.clone(), None));
        assert_ne!(id, point_id("assess", &v, None));
        assert_eq!(
            canonical_json(&v),
            "{\"x\":1.5}",
            "canonical form of a float"
        );
    }
}

//! The sweep manifest, `carehome-sweep/1` (TOML). Parsing and checking are pure: file
//! references (scenario, plans, options) stay strings here and are read by [`super::load`].
//!
//! ```
//! let m = carehome::sweep::manifest::from_toml_str(r#"
//! schema = "carehome-sweep/1"
//! name = "demo"
//! runner = "synthetic"
//! seed = 7
//! [axes]
//! "x.a" = [1, 2, 3]
//! "#).unwrap();
//! assert_eq!(m.axes[0].path, "x.a");
//! assert_eq!(m.replicates, 1);
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;

/// The schema tag of sweep manifests.
pub const SWEEP_SCHEMA: &str = "carehome-sweep/1";

/// A checked manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub name: String,
    /// Which [`super::PointRunner`] runs a point (`assess` today; `simulate` with the simulation).
    pub runner: String,
    pub seed: u64,
    pub replicates: u32,
    /// Common random numbers (default): every point uses the same seed, so replicate `r` of
    /// every point draws the same random numbers where the model allows, and differences
    /// between points are paired (Law 2015, *Simulation Modeling and Analysis*, 5th ed., §11.2).
    /// `false`: each point has its own seed (independent runs).
    pub common_random_numbers: bool,
    /// Target half-widths of the 95% interval of a point's mean, by outcome (`[precision]`):
    /// merge and analyse report the points that miss them and the replicates needed.
    pub precision: BTreeMap<String, f64>,
    /// The base scenario: a file (relative to the manifest), an inline table, or empty.
    pub scenario: ScenarioSource,
    /// Plan files (relative to the manifest).
    pub plans: Vec<String>,
    /// Option files (relative to the manifest); each names its base plan.
    pub options: Vec<String>,
    /// Listed values per scenario field, in path order.
    pub axes: Vec<Axis>,
    /// Continuous ranges (Latin hypercube only), in path order.
    pub ranges: Vec<Range>,
    pub design: Design,
    /// Outcomes to keep (all the runner gives when empty).
    pub outputs: Vec<String>,
}

/// Where the base scenario comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioSource {
    None,
    File(String),
    Inline(toml::Table),
}

/// A scenario field and the values it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Dotted path, e.g. `interventions.ventilation_ach`.
    pub path: String,
    pub values: Vec<toml::Value>,
}

/// A scenario field sampled over `[min, max]` (uniformly, or log-uniformly when `log`).
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub path: String,
    pub min: f64,
    pub max: f64,
    pub log: bool,
}

/// How points are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Design {
    /// Every combination of the listed values (and plans).
    Grid,
    /// `samples` Latin-hypercube rows over the ranges, crossed with every combination of the
    /// listed values (and plans).
    LatinHypercube { samples: u32 },
}

impl Design {
    pub fn name(&self) -> &'static str {
        match self {
            Design::Grid => "grid",
            Design::LatinHypercube { .. } => "latin-hypercube",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    schema: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    runner: String,
    #[serde(default)]
    seed: u64,
    #[serde(default = "one")]
    replicates: u32,
    #[serde(default = "yes")]
    common_random_numbers: bool,
    #[serde(default)]
    precision: BTreeMap<String, f64>,
    #[serde(default)]
    scenario: Option<toml::Value>,
    #[serde(default)]
    plans: Vec<String>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    outputs: Vec<String>,
    #[serde(default)]
    design: Option<RawDesign>,
    #[serde(default)]
    axes: BTreeMap<String, toml::Value>,
    #[serde(default)]
    ranges: BTreeMap<String, RawRange>,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesign {
    kind: String,
    #[serde(default)]
    samples: Option<u32>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawRange {
    Pair([f64; 2]),
    Table {
        min: f64,
        max: f64,
        #[serde(default)]
        log: bool,
    },
}

/// Largest number of points a manifest may describe (a guard against a typo that asks for a
/// billion runs; split bigger studies into several manifests).
pub const MAX_POINTS: u64 = 1_000_000;

/// Memory a sweep's bookkeeping holds, estimated before anything is allocated: per point its
/// id, seed and parameters (about 64 B each plus 256 B), per replicate its outcome row while
/// merging (about 512 B: a few dozen named numbers). An assumption sized from `sweep merge` of
/// the bundled example; the check is for orders of magnitude, not bytes.
pub fn memory_estimate_bytes(points: u128, replicates: u32, params: usize) -> u128 {
    points * (256 + 64 * params as u128 + 512 * replicates as u128)
}

use crate::limits::{MAX_AXIS_VALUES, MAX_REPLICATES, MAX_SWEEP_MEMORY_BYTES};

/// Parse and check a manifest. Every problem is reported at once, each naming the field.
pub fn from_toml_str(src: &str) -> Result<Manifest, Vec<String>> {
    let (raw, mut errors) = raw_fields(src)?;
    let _ = raw.description;
    if raw.schema != SWEEP_SCHEMA {
        errors.push(format!(
            "schema is {:?}; this version reads {SWEEP_SCHEMA:?}",
            raw.schema
        ));
    }
    if raw.name.trim().is_empty() {
        errors.push("name is empty; give the sweep a short name".into());
    }
    if raw.replicates == 0 {
        errors.push("replicates must be at least 1".into());
    }
    if raw.replicates > MAX_REPLICATES {
        errors.push(format!(
            "replicates is {}, more than {MAX_REPLICATES} (src/limits.rs: Monte Carlo summaries converge long before); use fewer",
            raw.replicates
        ));
    }
    let scenario = match raw.scenario {
        None => ScenarioSource::None,
        Some(toml::Value::String(s)) => ScenarioSource::File(s),
        Some(toml::Value::Table(t)) => ScenarioSource::Inline(t),
        Some(other) => {
            errors.push(format!(
                "scenario must be a file name or a table, not a {}",
                other.type_str()
            ));
            ScenarioSource::None
        }
    };
    let mut axes = Vec::new();
    for (path, v) in raw.axes {
        check_path(&path, "axes", &mut errors);
        match v {
            toml::Value::Array(values) if values.is_empty() => errors.push(format!(
                "axes.\"{path}\" is empty: list at least one value (or remove the axis)"
            )),
            toml::Value::Array(values) if values.len() > MAX_AXIS_VALUES => errors.push(format!(
                "axes.\"{path}\" lists {} values, more than {MAX_AXIS_VALUES} (src/limits.rs); use a Latin hypercube over a range instead",
                values.len()
            )),
            toml::Value::Array(values) => {
                for (i, x) in values.iter().enumerate() {
                    if let Some(bad) = non_finite(x) {
                        errors.push(format!("axes.\"{path}\"[{i}] is {bad}: use finite numbers"));
                    }
                }
                let mut seen = Vec::new();
                for x in &values {
                    if seen.contains(&x) {
                        errors.push(format!("axes.\"{path}\" lists {x} twice"));
                    }
                    seen.push(x);
                }
                axes.push(Axis { path, values });
            }
            other => errors.push(format!(
                "axes.\"{path}\" must be a list of values, e.g. [0.5, 1, 2]; found {}",
                other.type_str()
            )),
        }
    }
    let mut ranges = Vec::new();
    for (path, r) in raw.ranges {
        check_path(&path, "ranges", &mut errors);
        let (min, max, log) = match r {
            RawRange::Pair([a, b]) => (a, b, false),
            RawRange::Table { min, max, log } => (min, max, log),
        };
        if !(min.is_finite() && max.is_finite()) {
            errors.push(format!("ranges.\"{path}\": min and max must be finite"));
        } else if min > max {
            errors.push(format!(
                "ranges.\"{path}\": min {min} is greater than max {max}"
            ));
        } else if min == max {
            errors.push(format!(
                "ranges.\"{path}\": min and max are both {min}, so nothing would be sampled; widen the range, or set the field to {min} in the scenario (a constant is not a range)"
            ));
        } else if log && min <= 0.0 {
            errors.push(format!(
                "ranges.\"{path}\": a log range needs min > 0 (min is {min})"
            ));
        }
        if axes.iter().any(|a| a.path == path) {
            errors.push(format!("\"{path}\" is both an axis and a range; keep one"));
        }
        ranges.push(Range {
            path,
            min,
            max,
            log,
        });
    }
    let design = match raw.design {
        None => Design::Grid,
        Some(d) => match d.kind.as_str() {
            "grid" => {
                if d.samples.is_some() {
                    errors.push(
                        "design.samples is for kind = \"latin-hypercube\"; a grid runs every combination"
                            .into(),
                    );
                }
                Design::Grid
            }
            "latin-hypercube" | "lhs" => match d.samples {
                Some(n) if n >= 2 => Design::LatinHypercube { samples: n },
                Some(n) => {
                    errors.push(format!(
                        "design.samples is {n}: a Latin hypercube needs at least 2 samples"
                    ));
                    Design::LatinHypercube { samples: 2 }
                }
                None => {
                    errors.push(
                        "design.samples is missing: how many Latin-hypercube rows to draw".into(),
                    );
                    Design::LatinHypercube { samples: 2 }
                }
            },
            other => {
                errors.push(format!(
                    "design.kind {other:?} is unknown: use \"grid\" or \"latin-hypercube\""
                ));
                Design::Grid
            }
        },
    };
    match design {
        Design::Grid if !ranges.is_empty() => errors.push(
            "[ranges] need design.kind = \"latin-hypercube\"; for a grid, list values under [axes]"
                .into(),
        ),
        Design::LatinHypercube { .. } if ranges.is_empty() => errors.push(
            "a Latin hypercube samples [ranges]; give at least one range, e.g. \"a.b\" = { min = 0.5, max = 4 }"
                .into(),
        ),
        _ => {}
    }
    let mut seen = Vec::new();
    for p in raw.plans.iter().chain(&raw.options) {
        if seen.contains(&p) {
            errors.push(format!("{p:?} is listed twice in plans/options"));
        }
        seen.push(p);
    }
    for o in &raw.outputs {
        if o.trim().is_empty() {
            errors.push("outputs lists an empty name".into());
        }
    }
    for (o, w) in &raw.precision {
        if !(w.is_finite() && *w > 0.0) {
            errors.push(format!(
                "precision.\"{o}\" is {w}: give the target half-width of the 95% interval, a number > 0 in the outcome's unit"
            ));
        }
        if !raw.outputs.is_empty() && !raw.outputs.contains(o) {
            errors.push(format!(
                "precision.\"{o}\" is for an outcome `outputs` does not keep; add it to outputs"
            ));
        }
    }
    let m = Manifest {
        name: raw.name,
        runner: raw.runner,
        seed: raw.seed,
        replicates: raw.replicates,
        common_random_numbers: raw.common_random_numbers,
        precision: raw.precision,
        scenario,
        plans: raw.plans,
        options: raw.options,
        axes,
        ranges,
        design,
        outputs: raw.outputs,
    };
    let count = m.point_count();
    if count > MAX_POINTS as u128 {
        errors.push(format!(
            "the manifest describes {count} points, more than {MAX_POINTS}; split the study"
        ));
    } else {
        let bytes = memory_estimate_bytes(count, m.replicates, m.axes.len() + m.ranges.len());
        if bytes > MAX_SWEEP_MEMORY_BYTES as u128 {
            errors.push(format!(
                "the sweep's {count} points × {} replicates would need about {} MiB to merge (more than the {} MiB limit of src/limits.rs); use fewer points or replicates, or split the study into several manifests",
                m.replicates,
                bytes >> 20,
                MAX_SWEEP_MEMORY_BYTES >> 20
            ));
        }
    }
    if errors.is_empty() {
        Ok(m)
    } else {
        Err(errors)
    }
}

impl Manifest {
    /// Number of points (before shards); plans and options count as one axis.
    pub fn point_count(&self) -> u128 {
        let plans = (self.plans.len() + self.options.len()).max(1) as u128;
        let grid = self
            .axes
            .iter()
            .fold(plans, |n, a| n.saturating_mul(a.values.len() as u128));
        match self.design {
            Design::Grid => grid,
            Design::LatinHypercube { samples } => grid.saturating_mul(samples as u128),
        }
    }
}

/// The manifest's fields: a syntax error stops at once (with its line); then each top-level
/// field is deserialised on its own, so every misspelt or mistyped field is reported in one run
/// (each with its line), and the others are checked as if it were absent.
fn raw_fields(src: &str) -> Result<(Raw, Vec<String>), Vec<String>> {
    let see = "(see docs/sweeps.md for the manifest fields)";
    let message = |e: &toml::de::Error, line: Option<usize>| {
        let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
        format!("{at}{} {see}", e.message().trim_end())
    };
    let mut table: toml::Table = toml::from_str(src).map_err(|e| {
        let line = e
            .span()
            .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
        vec![message(&e, line)]
    })?;
    let mut errors = Vec::new();
    let required = ["schema", "name", "runner"];
    let keys: Vec<String> = table.keys().cloned().collect();
    for key in keys {
        let mut probe: toml::Table = required
            .iter()
            .map(|k| (k.to_string(), toml::Value::String(String::new())))
            .collect();
        probe.insert(key.clone(), table[&key].clone());
        if let Err(e) = toml::Value::Table(probe).try_into::<Raw>() {
            let line = line_of_key(src, &key);
            let e = message(&e, line);
            errors.push(if e.contains(&format!("`{key}`")) {
                e
            } else {
                format!("field `{key}`: {e}")
            });
            table.remove(&key);
        }
    }
    match toml::Value::Table(table).try_into::<Raw>() {
        Ok(raw) => Ok((raw, errors)),
        Err(e) => {
            errors.push(message(&e, None));
            Err(errors)
        }
    }
}

/// 1-based line where the top-level field `key` is set (`key = …`, `[key]`, `[key.…]`).
fn line_of_key(src: &str, key: &str) -> Option<usize> {
    src.lines()
        .position(|l| {
            let t = l.trim_start();
            let bare = t.strip_prefix(key).or_else(|| {
                t.strip_prefix('"')
                    .and_then(|u| u.strip_prefix(key))
                    .and_then(|u| u.strip_prefix('"'))
            });
            let header = t
                .strip_prefix("[[")
                .or_else(|| t.strip_prefix('['))
                .map(str::trim_start)
                .and_then(|u| u.strip_prefix(key));
            bare.is_some_and(|r| r.trim_start().starts_with('='))
                || header.is_some_and(|r| r.trim_start().starts_with([']', '.']))
        })
        .map(|i| i + 1)
}

fn check_path(path: &str, table: &str, errors: &mut Vec<String>) {
    let ok = !path.is_empty()
        && path.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    if !ok {
        errors.push(format!(
            "{table}.\"{path}\" is not a dotted field path like \"staff.cohorting\""
        ));
    }
    if path == "plan" {
        errors.push(format!(
            "{table}.\"plan\": plans are swept with `plans` and `options`, not as a scenario field"
        ));
    }
}

fn non_finite(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::Float(f) if !f.is_finite() => Some(f.to_string()),
        toml::Value::Array(a) => a.iter().find_map(non_finite),
        toml::Value::Table(t) => t.values().find_map(non_finite),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        from_toml_str(src).unwrap_err().join("\n")
    }

    const HEAD: &str = "schema = \"carehome-sweep/1\"\nname = \"t\"\nrunner = \"synthetic\"\n";

    #[test]
    fn reports_every_problem() {
        let e = err(&format!(
            "{HEAD}[design]\nkind = \"latin-hypercube\"\nsamples = 4\n[axes]\n\"a.b\" = []\n[ranges]\n\"c\" = {{ min = 3, max = 1 }}\n"
        ));
        assert!(e.contains("axes.\"a.b\" is empty"), "{e}");
        assert!(e.contains("min 3 is greater than max 1"), "{e}");
    }

    #[test]
    fn unknown_manifest_field_names_the_line() {
        let e = err(&format!("{HEAD}replicate = 3\n"));
        assert!(e.contains("line 4") && e.contains("replicate"), "{e}");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line() {
        // Lines by hand: HEAD is lines 1-3; `replicate` line 4, `seed` line 5, `[design]` line 6.
        let e = err(&format!(
            "{HEAD}replicate = 3\nseed = \"x\"\n[design]\nkind = \"grid\"\nsample = 2\n[axes]\n\"a\" = []\n"
        ));
        assert!(e.contains("line 4") && e.contains("`replicate`"), "{e}");
        assert!(e.contains("line 5") && e.contains("`seed`"), "{e}");
        assert!(e.contains("line 6") && e.contains("sample"), "{e}");
        // The other fields are still checked in the same run.
        assert!(e.contains("axes.\"a\" is empty"), "{e}");
    }

    #[test]
    fn ranges_need_lhs() {
        let e = err(&format!("{HEAD}[ranges]\n\"a\" = [0, 1]\n"));
        assert!(e.contains("latin-hypercube"), "{e}");
    }

    #[test]
    fn counts_points() {
        let m = from_toml_str(&format!(
            "{HEAD}plans = [\"a.json\", \"b.json\"]\n[design]\nkind = \"latin-hypercube\"\nsamples = 5\n[axes]\n\"x\" = [1, 2, 3]\n[ranges]\n\"y\" = [0, 1]\n"
        ))
        .unwrap();
        assert_eq!(m.point_count(), 30);
    }

    #[test]
    fn resource_limits_are_checked_up_front() {
        let e = err(&format!(
            "{HEAD}replicates = 1000000\n[axes]\n\"a.b\" = [1, 2]\n"
        ));
        assert!(e.contains("replicates is 1000000"), "{e}");
        let many: Vec<String> = (0..10_001).map(|i| i.to_string()).collect();
        let e = err(&format!("{HEAD}[axes]\n\"a.b\" = [{}]\n", many.join(",")));
        assert!(e.contains("10001 values"), "{e}");
        // 1000 × 1000 points × 50 000 replicates: 2.6e13 B by the estimate.
        let e = err(&format!(
            "{HEAD}replicates = 50000\n[axes]\n\"a.b\" = [{}]\n\"a.c\" = [{}]\n",
            many[..1000].join(","),
            many[..1000].join(",")
        ));
        assert!(e.contains("MiB to merge"), "{e}");
        assert_eq!(
            memory_estimate_bytes(1_000_000, 50_000, 2),
            1_000_000 * (256 + 128 + 25_600_000)
        );
    }

    #[test]
    fn a_range_of_one_value_is_refused() {
        let e = err(&format!(
            "{HEAD}[design]\nkind = \"latin-hypercube\"\nsamples = 4\n[ranges]\n\"a.b\" = [2, 2]\n\"a.c\" = [3, 1]\n"
        ));
        assert!(e.contains("min and max are both 2"), "{e}");
        assert!(
            e.contains("min 3 is greater than max 1"),
            "all at once: {e}"
        );
    }
}

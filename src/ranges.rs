//! The plausible range of every number in a scenario or option file: one table per format,
//! checked by [`check`], printed in `docs/limits.md` and written into
//! `docs/scenario.schema.json` (issue #14: a value that passes validation must not hang the
//! simulation or allocate without bound).
//!
//! Every range is an **assumption**: far outside real care homes (so no real study is refused)
//! yet tight enough that no value can make a run hang (a ratio of 1e-9 residents per carer would
//! staff the home with a billion carers; a 1.5e9-minute meal never ends). Where a source bounds a
//! field, `why` names it. To add a field, add one row: the check, the docs table test and the
//! schema all read these tables.
//!
//! Keys are dotted paths as written in the file; `[]` stands for any element of an array. In
//! [`OPTIONS`] the first segment is the op name (`add_door.width_m`) or `*` for every op
//! (`*.cost`); fields outside `[[ops]]` (`downtime.days`) are keyed as they are.

use serde_json::Value;

/// One field's plausible range, inclusive at both ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Dotted key, `[]` for any array element.
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
    /// Exactly 0 is allowed too, meaning "none" (e.g. no nurses on a shift).
    pub or_zero: bool,
    /// Whole numbers only (the schema's `integer`).
    pub integer: bool,
    /// Unit, or "" for a count, share or ratio.
    pub unit: &'static str,
    /// Why this range: a source or "assumption".
    pub why: &'static str,
}

const fn r(key: &'static str, min: f64, max: f64, unit: &'static str) -> Range {
    Range {
        key,
        min,
        max,
        or_zero: false,
        integer: false,
        unit,
        why: "assumption",
    }
}

const fn int(key: &'static str, min: f64, max: f64) -> Range {
    Range {
        integer: true,
        ..r(key, min, max, "")
    }
}

const fn why(range: Range, why: &'static str) -> Range {
    Range { why, ..range }
}

const fn or_zero(range: Range) -> Range {
    Range {
        or_zero: true,
        ..range
    }
}

const SHARE: &str = "a share";

/// Every number of a `carehome-scenario/1` file. `run.seed` takes any 64-bit number and is not
/// listed.
pub const SCENARIO: &[Range] = &[
    why(
        int("run.days", 1.0, crate::limits::MAX_DAYS as f64),
        "limits::MAX_DAYS",
    ),
    why(
        int("run.replicates", 1.0, crate::limits::MAX_REPLICATES as f64),
        "limits::MAX_REPLICATES",
    ),
    why(
        r("run.dt_s", 0.01, 1.0, "s"),
        "DESIGN.md §4: 0.05–0.1 s suffices at care-home walking speeds",
    ),
    r("run.contact_sample_s", 0.1, 60.0, "s"),
    r("residents.mobility.independent", 0.0, 100.0, SHARE),
    r("residents.mobility.walking_aid", 0.0, 100.0, SHARE),
    r("residents.mobility.wheelchair", 0.0, 100.0, SHARE),
    r("residents.mobility.bed_bound", 0.0, 100.0, SHARE),
    r("residents.dementia_share", 0.0, 1.0, SHARE),
    r("residents.wandering_share", 0.0, 1.0, SHARE),
    r("staff.residents_per_carer_day", 0.5, 200.0, ""),
    r("staff.residents_per_carer_night", 0.5, 200.0, ""),
    or_zero(r("staff.residents_per_nurse_day", 0.5, 1000.0, "")),
    or_zero(r("staff.residents_per_nurse_night", 0.5, 1000.0, "")),
    r("staff.residents_per_domestic", 0.5, 200.0, ""),
    int("staff.kitchen", 0.0, 100.0),
    int("staff.activity", 0.0, 100.0),
    int("staff.manager", 0.0, 100.0),
    r("staff.agency_share", 0.0, 1.0, SHARE),
    r("staff.shift_start_h[]", 0.0, 24.0, "h"),
    r("staff.handover_min", 0.0, 120.0, "min"),
    why(
        r("staff.break_min", 0.0, 240.0, "min"),
        "assumption; Working Time Regulations 1998 require 20 min over 6 h",
    ),
    r("visitors.visits_per_resident_week", 0.0, 50.0, ""),
    r("visitors.duration_min", 1.0, 720.0, "min"),
    int("visitors.people_per_visit", 0.0, 100.0),
    r("routine.lunch_h", 6.0, 14.0, "h"),
    r("routine.supper_h", 8.0, 20.0, "h"),
    r("routine.meal_min[]", 1.0, 240.0, "min"),
    r("routine.lounge_share", 0.0, 1.0, SHARE),
    r("routine.garden_share", 0.0, 1.0, SHARE),
    r("routine.toilet_interval_h", 0.25, 24.0, "h"),
    r("routine.reposition_h", 0.25, 24.0, "h"),
    // [pathogen]: overrides of the preset's fields (src/epi/pathogen.rs).
    r("pathogen.latent_period.mean_days", 0.01, 60.0, "d"),
    r("pathogen.latent_period.sd_days", 0.0, 60.0, "d"),
    r("pathogen.latent_period.days", 0.0, 60.0, "d"),
    r("pathogen.presymptomatic_period.mean_days", 0.01, 60.0, "d"),
    r("pathogen.presymptomatic_period.sd_days", 0.0, 60.0, "d"),
    r("pathogen.presymptomatic_period.days", 0.0, 60.0, "d"),
    r(
        "pathogen.infectious_period_after_onset.mean_days",
        0.01,
        60.0,
        "d",
    ),
    r(
        "pathogen.infectious_period_after_onset.sd_days",
        0.0,
        60.0,
        "d",
    ),
    r(
        "pathogen.infectious_period_after_onset.days",
        0.0,
        60.0,
        "d",
    ),
    r(
        "pathogen.asymptomatic_share_by_age[].from_age_years",
        0.0,
        120.0,
        "years",
    ),
    r(
        "pathogen.asymptomatic_share_by_age[].share",
        0.0,
        1.0,
        SHARE,
    ),
    r(
        "pathogen.relative_infectiousness_asymptomatic",
        0.0,
        10.0,
        "",
    ),
    r(
        "pathogen.relative_infectiousness_presymptomatic",
        0.0,
        10.0,
        "",
    ),
    r(
        "pathogen.quanta_per_m3_exhaled.breathing",
        0.0,
        100_000.0,
        "quanta/m³",
    ),
    r(
        "pathogen.quanta_per_m3_exhaled.speaking",
        0.0,
        100_000.0,
        "quanta/m³",
    ),
    r(
        "pathogen.quanta_per_m3_exhaled.loud_speaking",
        0.0,
        100_000.0,
        "quanta/m³",
    ),
    r("pathogen.decay_per_h", 0.0, 100.0, "1/h"),
    r("pathogen.deposition_per_h", 0.0, 100.0, "1/h"),
    r(
        "pathogen.toilet.p_infection_per_use",
        0.0,
        1.0,
        "probability",
    ),
    r(
        "pathogen.toilet.contamination_half_life_h",
        0.01,
        1000.0,
        "h",
    ),
    why(
        r(
            "pathogen.emission_spread_log10",
            0.0,
            crate::epi::pathogen::MAX_EMISSION_SPREAD_LOG10,
            "log10",
        ),
        "epi::pathogen::MAX_EMISSION_SPREAD_LOG10",
    ),
    // [interventions] and [seeding] (src/sim/transmission/params.rs).
    why(
        r("interventions.ventilation_ach", 0.0, 100.0, "ach"),
        "assumption; the plan's own ventilation has the same cap (plan::validate)",
    ),
    int("interventions.testing.every_days", 1.0, 365.0),
    why(
        r("interventions.testing.sensitivity", 0.0, 1.0, "probability"),
        "a probability",
    ),
    why(
        r(
            "seeding.community_infection_per_day",
            0.0,
            0.1,
            "probability",
        ),
        "assumption: 1000× the ONS autumn-2020 peak of ≈8 per 10,000 per day",
    ),
];

/// Every number of a `carehome-options/1` file.
pub const OPTIONS: &[Range] = &[
    r("*.cost", 0.0, 1e12, "currency"),
    why(
        int("*.beds", 0.0, crate::plan::validate::MAX_BEDS as f64),
        "plan::validate::MAX_BEDS",
    ),
    why(
        int("*.beds[]", 0.0, crate::plan::validate::MAX_BEDS as f64),
        "plan::validate::MAX_BEDS",
    ),
    why(
        r("*.at[]", -100_000.0, 100_000.0, "m"),
        "plan::validate::MAX_COORD_M",
    ),
    why(
        r("*.from[]", -100_000.0, 100_000.0, "m"),
        "plan::validate::MAX_COORD_M",
    ),
    why(
        r("*.to[]", -100_000.0, 100_000.0, "m"),
        "plan::validate::MAX_COORD_M",
    ),
    why(
        r("add_door.width_m", 0.3, 10.0, "m"),
        "plan::validate::MIN_DOOR_WIDTH_M / MAX_DOOR_WIDTH_M",
    ),
    why(
        r("add_window.width_m", 0.1, 30.0, "m"),
        "plan::validate window limits",
    ),
    why(
        r("add_window.height_m", 0.1, 10.0, "m"),
        "plan::validate window limits",
    ),
    r("add_window.sill_m", 0.0, 10.0, "m"),
    why(
        r("add_window.transmittance", 0.05, 1.0, ""),
        "plan::validate::MIN_TRANSMITTANCE",
    ),
    why(
        r("set_ventilation.ach", 0.0, 100.0, "ach"),
        "the plan's ventilation cap (plan::validate)",
    ),
    why(
        r("set_ventilation.supply_l_s", 0.0, 100_000.0, "l/s"),
        "the plan's ventilation cap (plan::validate)",
    ),
    r("add_air_cleaner.cadr_m3_h", 1.0, 100_000.0, "m³/h"),
    r("downtime.days", 0.0, 3650.0, "d"),
    int("downtime.beds", 0.0, 10_000.0),
];

/// One step of a path into a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A number outside its range.
#[derive(Clone, Debug, PartialEq)]
pub struct OutOfRange {
    /// Where, from the root of the checked value (`routine`, `meal_min`, `2`).
    pub path: Vec<Seg>,
    /// The value; `None` when it is not a finite number (NaN or infinity).
    pub found: Option<f64>,
    pub range: Range,
}

/// `routine.meal_min[2]`.
pub fn path_text(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// A number for a message: plain unless it would print hundreds of digits (`1e308`, `5e-324`).
pub fn num(v: f64) -> String {
    let a = v.abs();
    if v != 0.0 && !(1e-9..1e16).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

impl Range {
    /// Whether `v` is allowed.
    pub fn admits(&self, v: f64) -> bool {
        v.is_finite() && ((v >= self.min && v <= self.max) || (self.or_zero && v == 0.0))
    }

    /// "between 1 and 240 min" (or "0 or between …").
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            "" | SHARE | "probability" | "currency" => String::new(),
            u => format!(" {u}"),
        };
        let zero = if self.or_zero { "0 or " } else { "" };
        format!(
            "{zero}between {} and {}{unit}",
            num(self.min),
            num(self.max)
        )
    }
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let found = self
            .found
            .map_or_else(|| "a value that is not a finite number".into(), num);
        write!(
            f,
            "{}: must be {}, found {found} (the plausible range, docs/limits.md)",
            path_text(&self.path),
            self.range.describe()
        )
    }
}

/// The row of `table` for a normalised key (indices as `[]`): the exact key, else the key with
/// its first segment replaced by `*`.
pub fn lookup(table: &[Range], key: &str) -> Option<Range> {
    let exact = table.iter().find(|r| r.key == key);
    let any = || {
        let rest = key.split_once('.')?.1;
        let wild = format!("*.{rest}");
        table.iter().find(|r| r.key == wild)
    };
    exact.or_else(any).copied()
}

/// Every number in `value` outside its range in `table`, in document order. `root` is the path
/// of `value` itself in the file; `key_root` the same for the lookup (an op's steps are looked up
/// as `<op>.<field>` while their path is `ops[k].<field>`). A `null` where the table has a row is
/// a non-finite number (serde_json turns NaN and infinity into `null`).
pub fn check(value: &Value, table: &[Range], root: &[Seg], key_root: &str) -> Vec<OutOfRange> {
    let mut out = Vec::new();
    let mut path = root.to_vec();
    walk(value, table, &mut path, &mut key_root.to_string(), &mut out);
    out
}

fn walk(
    v: &Value,
    table: &[Range],
    path: &mut Vec<Seg>,
    key: &mut String,
    out: &mut Vec<OutOfRange>,
) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let len = key.len();
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(k);
                path.push(Seg::Key(k.clone()));
                walk(child, table, path, key, out);
                path.pop();
                key.truncate(len);
            }
        }
        Value::Array(items) => {
            let len = key.len();
            key.push_str("[]");
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(child, table, path, key, out);
                path.pop();
            }
            key.truncate(len);
        }
        Value::Number(n) => {
            if let Some(range) = lookup(table, key) {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if !range.admits(x) {
                    out.push(OutOfRange {
                        path: path.clone(),
                        found: Some(x).filter(|x| x.is_finite()),
                        range,
                    });
                }
            }
        }
        Value::Null => {
            if let Some(range) = lookup(table, key) {
                out.push(OutOfRange {
                    path: path.clone(),
                    found: None,
                    range,
                });
            }
        }
        Value::Bool(_) | Value::String(_) => {}
    }
}

/// The 1-based line of the value at `path` in TOML `src`, when the text parses and has it.
pub fn toml_line(src: &str, path: &[Seg]) -> Option<usize> {
    let doc = toml::de::DeTable::parse(src).ok()?;
    let root = toml::de::DeValue::Table(doc.into_inner());
    let mut span = None;
    let mut at = &root;
    for seg in path {
        let next = match seg {
            Seg::Key(k) => at.get(k.as_str()),
            Seg::Index(i) => at.get(*i),
        }?;
        span = Some(next.span());
        at = next.get_ref();
    }
    let start = span?.start.min(src.len());
    Some(src[..start].matches('\n').count() + 1)
}

/// The Markdown table of `table` that `docs/limits.md` carries (a test keeps them equal).
pub fn markdown(table: &[Range]) -> String {
    let mut s = String::from("| field | range | why |\n|---|---|---|\n");
    for r in table {
        let kind = if r.integer { " (whole number)" } else { "" };
        s.push_str(&format!(
            "| `{}` | {}{kind} | {} |\n",
            r.key,
            r.describe(),
            r.why
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_limits_lists_every_range_of_the_tables() {
        let docs = include_str!("../docs/limits.md");
        for (name, table) in [("SCENARIO", SCENARIO), ("OPTIONS", OPTIONS)] {
            let md = markdown(table);
            assert!(
                docs.contains(&md),
                "docs/limits.md lacks the current {name} table; put this in:\n{md}"
            );
        }
    }

    #[test]
    fn keys_are_unique_and_ranges_ordered() {
        for table in [SCENARIO, OPTIONS] {
            for (i, a) in table.iter().enumerate() {
                assert!(a.min < a.max, "{}", a.key);
                assert!(a.min.is_finite() && a.max.is_finite(), "{}", a.key);
                assert!(table[..i].iter().all(|b| b.key != a.key), "{} twice", a.key);
            }
        }
    }

    #[test]
    fn a_wildcard_row_covers_every_op_and_an_exact_row_wins() {
        assert_eq!(lookup(OPTIONS, "set_beds.cost").unwrap().key, "*.cost");
        assert_eq!(
            lookup(OPTIONS, "add_door.width_m").unwrap().key,
            "add_door.width_m"
        );
        assert!(lookup(OPTIONS, "add_door.id").is_none());
    }

    #[test]
    fn found_values_are_named_by_their_path_with_indices() {
        let v = serde_json::json!({
            "routine": { "meal_min": [30, 50, 1.5e9] },
            "staff": { "residents_per_nurse_day": 0, "residents_per_nurse_night": 0.1 },
            "pathogen": { "decay_per_h": null },
        });
        let got: Vec<String> = check(&v, SCENARIO, &[], "")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "routine.meal_min[2]: must be between 1 and 240 min, found 1500000000 (the plausible range, docs/limits.md)",
                "staff.residents_per_nurse_night: must be 0 or between 0.5 and 1000, found 0.1 (the plausible range, docs/limits.md)",
                "pathogen.decay_per_h: must be between 0 and 100 1/h, found a value that is not a finite number (the plausible range, docs/limits.md)",
            ]
        );
    }

    #[test]
    fn huge_and_tiny_numbers_print_short() {
        assert_eq!(num(1e308), "1e308");
        assert_eq!(num(5e-324), "5e-324");
        assert_eq!(num(0.000000001), "0.000000001");
        assert_eq!(num(1500000000.0), "1500000000");
        assert_eq!(num(0.0), "0");
    }

    #[test]
    fn lines_are_found_in_tables_arrays_and_inline_tables() {
        let src = "[run]\ndays = 2\n\n[routine]\nmeal_min = [30,\n  50,\n  9e9]\n[pathogen]\nlatent_period = { dist = \"fixed\", days = 1e9 }\n";
        let key = |k: &str| Seg::Key(k.into());
        assert_eq!(toml_line(src, &[key("run"), key("days")]), Some(2));
        assert_eq!(
            toml_line(src, &[key("routine"), key("meal_min"), Seg::Index(2)]),
            Some(7)
        );
        assert_eq!(
            toml_line(src, &[key("pathogen"), key("latent_period"), key("days")]),
            Some(9)
        );
        assert_eq!(toml_line(src, &[key("nope")]), None);
    }
}

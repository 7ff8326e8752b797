//! The assessment scorecard as a table, CSV or JSON, and `--explain`.

use crate::assess::{Assessment, Metric};
use std::fmt::Write;

/// Format a metric value with its unit.
pub fn value(m: &Metric) -> String {
    match (m.value, m.unit) {
        (None, _) => "n/a".into(),
        (Some(v), "fraction") => format!("{:.0}%", 100.0 * v),
        (Some(v), "yes=1") => (if v >= 0.5 { "yes" } else { "no" }).into(),
        (Some(v), u) if v.fract() == 0.0 && v.abs() < 1e9 => format!("{v:.0} {u}"),
        (Some(v), u) => format!("{v:.2} {u}"),
    }
}

fn threshold(m: &Metric) -> String {
    match (m.threshold, m.unit) {
        (None, _) => String::new(),
        (Some(t), "fraction") => format!(
            "{} {:.0}%",
            if m.better == crate::assess::Better::Higher {
                ">="
            } else {
                "<="
            },
            100.0 * t
        ),
        (Some(_), "yes=1") => "yes".into(),
        (Some(t), _) => format!(
            "{} {t}",
            if m.better == crate::assess::Better::Higher {
                ">="
            } else {
                "<="
            }
        ),
    }
}

/// The scorecard: one line per metric, grouped by section, with pass/fail marks.
pub fn table(a: &Assessment) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Assessment: {}", a.schedule.name);
    for s in &a.sections {
        let _ = writeln!(out, "\n  {}", s.title);
        for m in &s.metrics {
            let mark = match m.pass() {
                Some(true) => "ok  ",
                Some(false) => "FAIL",
                None => "    ",
            };
            let _ = writeln!(
                out,
                "    {mark} {:<72} {:>14}  {}{}",
                m.label,
                value(m),
                threshold(m),
                m.failing_note()
            );
        }
    }
    if !a.separability.is_empty() {
        let _ = writeln!(out, "\n  Households");
        for (h, sep) in a.households.iter().zip(&a.separability) {
            let _ = writeln!(
                out,
                "    {:<10} {:>3} residents  own kitchen/dining/living: {:<3}  closable: {:<3} ({} boundary doors)",
                h.id,
                h.residents,
                if h.is_household_model() { "yes" } else { "no" },
                if sep.separable() { "yes" } else { "no" },
                sep.boundary_doors
            );
        }
    }
    let _ = writeln!(
        out,
        "\n  `carehome assess PLAN --explain KEY` shows how a figure is computed and its source; keys are in --format csv."
    );
    out
}

/// Tidy CSV of the metrics.
pub fn csv(a: &Assessment) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "section",
        "key",
        "label",
        "value",
        "unit",
        "threshold",
        "better",
        "pass",
        "source",
    ]);
    for s in &a.sections {
        for m in &s.metrics {
            let _ = w.write_record([
                s.key,
                m.key,
                m.label,
                &m.value.map_or(String::new(), |v| format!("{v}")),
                m.unit,
                &m.threshold.map_or(String::new(), |v| format!("{v}")),
                match m.better {
                    crate::assess::Better::Higher => "higher",
                    crate::assess::Better::Lower => "lower",
                },
                &m.pass().map_or(String::new(), |p| p.to_string()),
                m.source,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// JSON: the schedule, every section, households, and a per-floor VGA summary.
pub fn json(a: &Assessment) -> String {
    let vga: Vec<_> = a
        .vga
        .iter()
        .map(|v| {
            serde_json::json!({
                "floor": v.floor,
                "spacing_m": v.spacing_m,
                "cells": v.cells.len(),
                "mean_connectivity": crate::assess::metric::ratio(v.connectivity.iter().map(|&c| c as f64).sum::<f64>(), v.cells.len() as f64),
                "mean_integration_hh": crate::assess::wayfinding::mean_integration(v),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "schedule": a.schedule,
        "sections": a.sections,
        "households": a.households,
        "separability": a.separability,
        "routes": a.routes,
        "daylight": a.daylight,
        "vga": vga,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// How one metric is computed, its source and its value here; `None` for an unknown key.
pub fn explain(a: &Assessment, key: &str) -> Option<String> {
    let m = a.metric(key)?;
    let pass = match m.pass() {
        Some(true) => "meets its threshold",
        Some(false) => "does not meet its threshold",
        None => "has no threshold to meet",
    };
    let pass = match m.failing_note() {
        n if n.is_empty() => pass.to_string(),
        n => format!("{pass}: FAIL{n}"),
    };
    Some(format!(
        "{key}: {}\n  value:     {}\n  threshold: {}\n  result:    {pass}\n  how:       {}\n  source:    {}\n",
        m.label,
        value(m),
        if threshold(m).is_empty() {
            "none".to_string()
        } else {
            threshold(m)
        },
        m.how,
        m.source
    ))
}

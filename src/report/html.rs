//! The comparison report: one self-contained HTML page (inline SVG and CSS, no scripts, no
//! network), readable on screen and in print.

use crate::building::Building;
use crate::score::{Axis, Comparison, Verdict};
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.d$}"))
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Base => "base",
        Verdict::Converges => {
            "better, nothing worse: infection control and quality of life converge"
        }
        Verdict::TradesQolForRisk => "lower risk, lower quality of life (trade-off)",
        Verdict::TradesRiskForQol => "higher quality of life, higher risk (trade-off)",
        Verdict::NoGain => "no gain over the base",
    }
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.4}\
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}.pareto{font-weight:bold}\
.plan svg{max-width:100%;height:auto;border:1px solid #eee}.note{color:#555;font-size:.9em}\
@media print{h2{page-break-before:always}.plan svg{max-height:20cm}}";

/// The whole page. `buildings[i]` is the resolved building of `c.candidates[i]`.
pub fn compare_html(
    c: &Comparison,
    buildings: &[Building],
    pareto_svg: &str,
    scenario_note: &str,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>carehome comparison</title><style>{CSS}</style></head><body>\n"
    );
    let base = &c.candidates[0];
    let _ = writeln!(
        h,
        "<h1>Care-home layouts compared: {}</h1>",
        esc(&base.name)
    );
    let _ = writeln!(
        h,
        "<p>Base plan <b>{}</b> and {} alternatives, scored on two axes that are never merged into one number: <b>quality of life</b> (0–100, higher is better) and an <b>infection-control risk index</b> (0–100, lower is better). Every sub-score below shows its value, its thresholds and its source.</p>",
        esc(&base.name),
        c.candidates.len() - 1
    );
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(scenario_note));
    let _ = writeln!(
        h,
        "<h2>Summary</h2><table><tr><th>option</th><th>kind</th><th>residents</th><th>quality of life</th><th>risk index</th><th>verdict</th><th>cost</th><th>cost per QoL point</th><th>cost per risk point removed</th></tr>"
    );
    for (i, cand) in c.candidates.iter().enumerate() {
        let class = if c.pareto[i] { " class=\"pareto\"" } else { "" };
        let _ = writeln!(
            h,
            "<tr{class}><td>{}{}</td><td>{:?}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(&cand.name),
            if c.pareto[i] { " ★" } else { "" },
            cand.kind,
            cand.residents,
            num(cand.scorecard.qol, 1),
            num(cand.scorecard.risk, 1),
            verdict(c.verdicts[i]),
            num(cand.cost, 0),
            num(c.cost_per_qol_point[i], 0),
            num(c.cost_per_risk_point[i], 0)
        );
    }
    let _ = writeln!(
        h,
        "</table><p class=\"note\">★ on the Pareto front: no other option has both higher quality of life and lower risk. Costs are those given in the option files (indicative).</p>"
    );
    let _ = writeln!(h, "<div class=\"plan\">{pareto_svg}</div>");
    for (i, cand) in c.candidates.iter().enumerate() {
        let _ = writeln!(
            h,
            "<h2>{}</h2><p>{} — <code>{}</code>; {}.</p>",
            esc(&cand.name),
            esc(&format!("{:?}", cand.kind)),
            esc(&cand.file),
            verdict(c.verdicts[i])
        );
        if !cand.changed.is_empty() {
            let shown: Vec<&str> = cand.changed.iter().take(40).map(String::as_str).collect();
            let _ = writeln!(
                h,
                "<p class=\"note\">Changed (outlined in magenta): {}{}</p>",
                esc(&shown.join(", ")),
                if cand.changed.len() > 40 { " …" } else { "" }
            );
        }
        let b = &buildings[i];
        for f in 0..b.floors.len() {
            let _ = writeln!(
                h,
                "<div class=\"plan\">{}</div>",
                super::svg::floor_svg(b, f, None, &cand.changed)
            );
        }
        let _ = writeln!(
            h,
            "<table><tr><th>axis</th><th>metric</th><th>value</th><th>sub-score</th><th>worst → best</th><th>weight</th><th>reason and source</th></tr>"
        );
        for comp in &cand.scorecard.components {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=n>{} {}</td><td class=n>{}</td><td class=n>{} → {}</td><td class=n>{}</td><td>{}<br><span class=note>{}</span></td></tr>",
                if comp.axis == Axis::Qol {
                    "quality of life"
                } else {
                    "risk"
                },
                esc(&comp.label),
                num(comp.value, 2),
                esc(&comp.unit),
                num(comp.score, 0),
                comp.worst,
                comp.best,
                comp.weight,
                esc(&comp.reason),
                esc(&comp.source)
            );
        }
        let _ = writeln!(h, "</table>");
    }
    let _ = writeln!(
        h,
        "<h2>Method</h2><p>Each plan is validated, resolved into geometry (walls from room edges) and measured: bedroom and communal areas against England's National Minimum Standards; single and en-suite rooms; the crowding index of Brown et al. (2021, JAMA Intern Med 181:229); household size against the Green House model; visibility graph analysis (Turner et al. 2001); daily routes from each bed (step-free); the BRE average daylight factor (BS 8206-2) and a point daylight-factor grid checked against Radiance; households that can be closed off, separate entrances, visiting rooms reachable from outside and ventilation per person (WHO 2021) from TrinityHaus (2022). A scoring profile maps each metric linearly from its worst to its best value onto 0–100 and weights it; the risk index is 100 minus the weighted infection-control sub-scores. <code>carehome assess PLAN --explain KEY</code> shows how each figure is computed.</p>"
    );
    let _ = writeln!(
        h,
        "<p class=\"note\">Generated by carehome {}.</p></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}

//! The comparison report: one self-contained HTML page (inline SVG and CSS, no scripts, no
//! network), readable on screen and in print.

use crate::building::Building;
use crate::score::stats::MeanInterval;
use crate::score::{Axis, Comparison, RiskDifference, SimRisk};
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

/// Percentage with one decimal.
fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// "12.3% (8.1–16.5)" for a mean and its interval (clipped to [0, 1]).
fn rate_ci(m: &MeanInterval) -> String {
    format!(
        "{}% ({}–{})",
        pct(m.mean),
        pct(m.lo95.max(0.0)),
        pct(m.hi95.min(1.0))
    )
}

/// "−12.3 points (−16.5 to −8.1)", signed, in percentage points; "within Monte Carlo noise"
/// where the interval includes 0.
fn diff_ci(m: &MeanInterval) -> String {
    let sign = |x: f64| {
        let v = 100.0 * x;
        if v.abs() < 0.05 {
            "0.0".to_string()
        } else {
            format!("{v:+.1}").replace('-', "−")
        }
    };
    let mut t = format!(
        "{} points ({} to {})",
        sign(m.mean),
        sign(m.lo95),
        sign(m.hi95)
    );
    if m.includes_zero() {
        t.push_str(", within Monte Carlo noise");
    }
    t
}

fn sim_cells(s: Option<&SimRisk>, d: Option<&RiskDifference>, is_base: bool) -> String {
    let Some(s) = s else {
        return "<td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td>".into();
    };
    let vs = match d {
        Some(d) => format!(
            "{}{}",
            diff_ci(&d.attack_rate),
            if d.paired { "" } else { " (unpaired)" }
        ),
        None if is_base => "base".into(),
        None => "n/a".into(),
    };
    format!(
        "<td class=n>{}</td><td class=n>{}% ({}–{})</td><td class=n>{}% ({}–{})</td><td>{}</td>",
        rate_ci(&s.attack_rate),
        pct(s.p_outbreak_gt5.p),
        pct(s.p_outbreak_gt5.lo95),
        pct(s.p_outbreak_gt5.hi95),
        pct(s.p_outbreak_gt10pct.p),
        pct(s.p_outbreak_gt10pct.lo95),
        pct(s.p_outbreak_gt10pct.hi95),
        esc(&vs)
    )
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.4}\
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}.pareto{font-weight:bold}\
.plan svg{max-width:100%;height:auto;border:1px solid #eee}td.up{background:#e3f4e8}td.down{background:#fbe3e0}b.fail{color:#b00}.note{color:#555;font-size:.9em}\
figure.overlay{margin:1em 0}figure.overlay img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#555;font-size:.9em}\
@media print{h2{page-break-before:always}.plan svg,figure.overlay img{max-height:20cm}}";

/// A figure drawn over an option's plan (room-air dose, daylight factor, visual integration),
/// rasterised, with what it shows.
pub struct PlanOverlay {
    pub caption: String,
    /// Name of its PNG file beside the report.
    pub file: String,
    pub png: Vec<u8>,
}

/// Standard base64 (RFC 4648 §4, with padding), for images inlined as `data:` URLs.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The whole page. `buildings[i]` is the resolved building of `c.candidates[i]` and
/// `overlays[i]` its plan overlays; `figures` are (name, SVG), the Pareto chart first.
pub fn compare_html(
    c: &Comparison,
    buildings: &[Building],
    overlays: &[Vec<PlanOverlay>],
    figures: &[(&str, String)],
    scenario_note: &str,
) -> String {
    let simulated = c.candidates.iter().any(|x| x.sim.is_some());
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
    let vs = super::decision::versus(c);
    let _ = writeln!(
        h,
        "<p>{} <b>{}</b> and {} {}, scored on two axes that are never merged into one number: <b>quality of life</b> (0–100, higher is better) and an <b>infection-control risk index</b> (0–100, lower is better). Every sub-score below shows its value, its thresholds and its source.</p>",
        if c.peers {
            "Reference plan"
        } else {
            "Base plan"
        },
        esc(&base.name),
        c.candidates.len() - 1,
        if c.peers {
            "peer layouts (none is a retrofit of another; each is compared with the first)"
        } else {
            "alternatives"
        }
    );
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(scenario_note));
    let sim_heads = if simulated {
        format!(
            "<th>attack rate (95% interval)</th><th>P(outbreak &gt; 5 residents) (95%)</th><th>P(more than 10% of residents) (95%)</th><th>{} (paired, 95%)</th>",
            esc(&vs)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        h,
        "<h2>Summary</h2><table><tr><th>option</th><th>kind</th><th>residents</th><th>quality of life ({vs})</th><th>risk index (95%)</th><th>risk index {vs} (95%)</th>{sim_heads}<th>verdict</th></tr>",
        vs = esc(&vs)
    );
    for (i, cand) in c.candidates.iter().enumerate() {
        let class = if c.pareto[i] { " class=\"pareto\"" } else { "" };
        let risk = match (cand.scorecard.risk_lo95, cand.scorecard.risk_hi95) {
            (Some(lo), Some(hi)) => {
                format!("{} ({:.1}–{:.1})", num(cand.scorecard.risk, 1), lo, hi)
            }
            _ => num(cand.scorecard.risk, 1),
        };
        let dq = c.qol_vs_base[i].map_or(String::new(), |d| format!(" ({d:+.1})"));
        let dr = c.risk_vs_base[i].map_or("—".to_string(), |d| {
            format!("{:+.1} ({:+.1} to {:+.1})", d.mean, d.lo95, d.hi95)
        });
        let sim = if simulated {
            sim_cells(cand.sim.as_ref(), c.vs_base[i].as_ref(), i == 0)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr{class}><td>{}{}</td><td>{}</td><td class=n>{}</td><td class=n>{}{}</td><td class=n>{}</td><td class=n>{}</td>{sim}<td>{}</td></tr>",
            esc(&cand.name),
            if c.pareto[i] { " ★" } else { "" },
            if c.peers {
                if i == 0 { "reference" } else { "peer" }
            } else {
                cand.kind.words()
            },
            cand.residents,
            num(cand.scorecard.qol, 1),
            dq,
            risk,
            dr,
            esc(&c.verdicts[i].words),
        );
    }
    let _ = writeln!(
        h,
        "</table><p class=\"note\">★ on the Pareto front: no other option is judged better on one axis and no worse on the other by the verdict rule (Method).{}</p>",
        if simulated {
            " Attack rate: expected share of residents infected, mean over Monte Carlo replicates with the 95% confidence interval of that mean. The differences from the base are averaged over replicates that share their random numbers (paired), with their 95% intervals; the attack-rate difference is in percentage points, and where its interval includes 0 it is marked within Monte Carlo noise. The risk index interval comes from the intervals of its simulated components."
        } else {
            ""
        }
    );
    let _ = writeln!(h, "{}", super::decision::value_html(c));
    for (_, svg) in figures {
        let _ = writeln!(h, "<div class=\"plan\">{svg}</div>");
    }
    for (i, cand) in c.candidates.iter().enumerate() {
        let _ = writeln!(
            h,
            "<h2>{}</h2><p>{} — <code>{}</code>; {}.</p>",
            esc(&cand.name),
            esc(cand.kind.words()),
            esc(&cand.file),
            esc(&c.verdicts[i].words),
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
        if let Some(s) = &cand.sim {
            let vs = match c.vs_base[i].as_ref() {
                Some(d) => format!(
                    " Against the base ({}): attack rate {}; P(outbreak &gt; 5) {}.",
                    if d.paired {
                        "paired by replicate"
                    } else {
                        "independent runs, Welch interval"
                    },
                    esc(&diff_ci(&d.attack_rate)),
                    esc(&diff_ci(&d.p_outbreak_gt5))
                ),
                None => String::new(),
            };
            let _ = writeln!(
                h,
                "<p>Simulated outbreak ({} replicates × {} days): expected resident attack rate <b>{}</b> (outbreaks range {}–{}% of residents, 2.5th–97.5th percentile); P(more than 5 residents infected) <b>{}%</b> ({}–{}%); staff attack rate {}%; {}% of infections through room air, the rest at close range.{vs}</p>",
                s.setup.replicates,
                s.setup.days,
                rate_ci(&s.attack_rate),
                pct(s.attack_rate_p2_5),
                pct(s.attack_rate_p97_5),
                pct(s.p_outbreak_gt5.p),
                pct(s.p_outbreak_gt5.lo95),
                pct(s.p_outbreak_gt5.hi95),
                pct(s.staff_attack_rate_mean),
                (100.0 * s.room_air_share).round()
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
        for o in overlays.get(i).into_iter().flatten() {
            let _ = writeln!(
                h,
                "<figure class=\"overlay\"><img alt=\"{}\" src=\"data:image/png;base64,{}\"><figcaption>{}</figcaption></figure>",
                esc(&o.caption),
                base64(&o.png),
                esc(&o.caption)
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
        "<h2>Every metric side by side</h2><p class=\"note\">Each assessment metric of every option; green ▲: better than the first plan, red ▼: worse; FAIL: misses its threshold (compared within a tolerance of 0.1%, so a 1.80 m corridor passes a 1.8 m rule). Also in metrics.csv.</p>{}",
        super::decision::metrics_html(c)
    );
    let _ = writeln!(
        h,
        "<h2>Method</h2><p><b>Verdicts.</b> {}</p>",
        esc(crate::score::decide::VERDICT_RULE)
    );
    let _ = writeln!(
        h,
        "<p>Each plan is validated, resolved into geometry (walls from room edges) and measured: bedroom and communal areas against England's National Minimum Standards; single and en-suite rooms; the crowding index of Brown et al. (2021, JAMA Intern Med 181:229); household size against the Green House model; visibility graph analysis (Turner et al. 2001); daily routes from each bed (step-free); the BRE average daylight factor (BS 8206-2) and a point daylight-factor grid checked against Radiance; households that can be closed off, separate entrances, visiting rooms reachable from outside and ventilation per person (WHO 2021) from TrinityHaus (2022). A scoring profile maps each metric linearly from its worst to its best value onto 0–100 and weights it; the risk index is 100 minus the weighted infection-control sub-scores. <code>carehome assess PLAN --explain KEY</code> shows how each figure is computed.</p>"
    );
    if simulated {
        let _ = writeln!(
            h,
            "<p><b>Simulated outbreak.</b> For each option, daily life (care rounds, meals, lounge, visits, shifts) is simulated minute by minute with a pedestrian model for walking (collision-free speed model, Tordeux, Chraibi &amp; Seyfried 2016), giving who is in which room and who is within 1.5 m of whom. One infectious carer or nurse is then introduced and infection spreads day by day: each room is well mixed and its airborne concentration is solved exactly between arrivals and departures (Gammaitoni &amp; Nucci 1997), doses follow Wells–Riley, close-range doses follow the jet model of Jia et al. (2022) over the time people spend face to face in conversation (Siette et al. 2022), cross-checked against the per-contact risks of Lasser et al. (2021); symptomatic residents are isolated and symptomatic staff stay home. The standard challenge is the baseline week with staff in surgical masks (as in English care homes in 2020); under it the legacy corridor home's mean attack rate falls within the 32–58% that Hashan et al. (2021) pooled for single-facility outbreaks. Emission rates and conversation time are assumptions (docs/epi.md): read the attack rates as comparisons between layouts more than as forecasts.</p>\n<p><b>Intervals and paired comparison.</b> The attack-rate interval is the 95% confidence interval of the mean over replicates (Student's t); P(outbreak &gt; 5) has Wilson's score interval (Wilson 1927). Every option runs the same replicate indices from the same seed, so replicate r of each option draws the same random numbers where the options allow (common random numbers; Law 2015, <i>Simulation Modeling and Analysis</i>, §11.2). The difference from the base is then averaged replicate by replicate and its interval is that of a mean of paired differences, narrower than the interval from independent runs by the correlation the shared draws induce. A difference whose interval includes 0 is reported as within Monte Carlo noise and does not count in the verdicts, the Pareto front or the costs per point.</p>"
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">Generated by carehome {}.</p></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}

#[cfg(test)]
mod tests {
    use super::base64;

    /// The test vectors of RFC 4648 §10.
    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xFB, 0xFF, 0xBF]), "+/+/");
    }
}

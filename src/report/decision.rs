//! The decision tables of a comparison, shared by the terminal, the report and the CSV files:
//! the summary with verdicts in plain words, value for money (ranked, with the budget), the
//! side-by-side table of every metric, and the sentence on how many replicates ran.

use crate::assess::{Better, Metric};
use crate::score::sim::Sampling;
use crate::score::value::PerPoint;
use crate::score::{Comparison, Kind};
use std::fmt::Write;

/// How many replicates ran and why they stopped, in a sentence.
pub fn sampling_sentence(s: &Sampling) -> String {
    if s.cap_reached {
        format!(
            "Replicates: {} per option in {} batch(es) of {}; the cap of {} was reached with the risk verdict still inconclusive for {} — the Monte Carlo noise is too large to decide it; read those verdicts as undecided (raise --max-replicates to go on).",
            s.replicates,
            s.batches,
            s.batch,
            s.cap,
            s.unsettled.join(", ")
        )
    } else if s.batch == s.cap {
        format!(
            "Replicates: {} per option (fixed by --replicates).",
            s.replicates
        )
    } else {
        format!(
            "Replicates: {} per option in {} batch(es) of {} — adaptive: they stop once every option's risk verdict is settled (resolved beyond noise or shown below the practical threshold), at most {}.",
            s.replicates, s.batches, s.batch, s.cap
        )
    }
}

/// "+1.2" with one decimal; "0.0" for tiny values.
fn signed(v: f64) -> String {
    if v.abs() < 0.05 {
        "0.0".into()
    } else {
        format!("{v:+.1}")
    }
}

fn money(x: f64) -> String {
    let r = x.round();
    let neg = r < 0.0;
    let digits = format!("{:.0}", r.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg { format!("-{out}") } else { out }
}

fn per_point(p: Option<PerPoint>) -> String {
    p.map_or("-".into(), |p| {
        format!("{} ({}-{})", money(p.mean), money(p.lo95), money(p.hi95))
    })
}

/// The heading of the "vs base" columns: "vs base", or among peers "vs" and the first plan's name.
pub fn versus(c: &Comparison) -> String {
    if c.peers {
        format!("vs {}", short(&c.candidates[0].name, 24))
    } else {
        "vs base".into()
    }
}

fn short(name: &str, n: usize) -> String {
    let head = name.split(':').next().unwrap_or(name).trim();
    if head.chars().count() > n {
        head.chars().take(n - 1).collect::<String>() + "…"
    } else {
        head.to_string()
    }
}

/// The summary for the terminal: one line per option with both axes, their differences from the
/// base with intervals, the simulated attack rate and the outbreak-size probability relative to
/// the home, and the verdict in words; then value for money and how the replicates stopped.
pub fn summary_table(c: &Comparison) -> String {
    let mut out = String::new();
    let vs = versus(c);
    let _ = writeln!(
        out,
        "{:<24} {:<9} {:>4}  {:>5} {:>6}  {:>5} {:>19}  {:>18} {:>19}  {:>7}  verdict",
        "option",
        "kind",
        "beds",
        "QoL",
        vs,
        "risk",
        format!("{vs} (95%)"),
        "attack rate (95%)",
        format!("{vs} (95%, pts)"),
        "P(>10%)"
    );
    for (i, cand) in c.candidates.iter().enumerate() {
        let f = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1}"));
        let dq = c.qol_vs_base[i].map_or("-".into(), signed);
        let dr = c.risk_vs_base[i].map_or("-".into(), |d| {
            format!(
                "{} ({} to {})",
                signed(d.mean),
                signed(d.lo95),
                signed(d.hi95)
            )
        });
        let (ar, p10) = match &cand.sim {
            Some(s) => (
                format!(
                    "{:.1}% ({:.1}-{:.1})",
                    100.0 * s.attack_rate.mean,
                    100.0 * s.attack_rate.lo95.max(0.0),
                    100.0 * s.attack_rate.hi95.min(1.0)
                ),
                format!("{:.0}%", 100.0 * s.p_outbreak_gt10pct.p),
            ),
            None => ("n/a".into(), "n/a".into()),
        };
        let dar = c.vs_base[i].map_or("-".into(), |d| {
            let a = d.attack_rate;
            format!(
                "{} ({} to {})",
                signed(100.0 * a.mean),
                signed(100.0 * a.lo95),
                signed(100.0 * a.hi95)
            )
        });
        let kind = if c.peers && i > 0 {
            "peer"
        } else if c.peers {
            "reference"
        } else {
            cand.kind.words()
        };
        let _ = writeln!(
            out,
            "{:<24} {:<9} {:>4}  {:>5} {:>6}  {:>5} {:>19}  {:>18} {:>19}  {:>7}  {}{}",
            short(&cand.name, 24),
            kind,
            cand.residents,
            f(cand.scorecard.qol),
            dq,
            f(cand.scorecard.risk),
            dr,
            ar,
            dar,
            p10,
            c.verdicts[i].words,
            if c.pareto[i] { " (Pareto front)" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "\nQoL: quality of life, 0-100, higher is better. risk: infection-control risk index, 0-100, lower is better; its difference from the base has a 95% interval from replicates paired with the base's (common random numbers). P(>10%): probability that more than 10% of the residents are infected."
    );
    if let Some(s) = &c.sampling {
        let _ = writeln!(out, "{}", sampling_sentence(s));
    }
    out.push('\n');
    out.push_str(&value_table(c));
    out
}

/// Value for money for the terminal: costs in the profile's currency, cost per point removed or
/// gained with intervals and ranks, and what fits the budget.
pub fn value_table(c: &Comparison) -> String {
    let mut out = String::new();
    let cur = &c.money.currency;
    let _ = writeln!(
        out,
        "Value for money ({cur}; beds at {} per bed-year over {} years):",
        money(c.money.income_per_bed_year),
        c.money.horizon_years
    );
    let _ = writeln!(
        out,
        "{:<24} {:>10} {:>5} {:>11} {:>11}  {:<32} {:<24} {}",
        "option",
        "capital",
        "beds",
        "beds cost",
        "total",
        "per risk point removed (rank)",
        "per QoL point (rank)",
        if c.budget.is_some() { "budget" } else { "" }
    );
    for (i, cand) in c.candidates.iter().enumerate().skip(1) {
        let v = &c.value[i];
        let rank = |r: Option<usize>| r.map_or(String::new(), |r| format!(" #{r}"));
        let _ = writeln!(
            out,
            "{:<24} {:>10} {:>5} {:>11} {:>11}  {:<32} {:<24} {}",
            short(&cand.name, 24),
            v.capital.map_or("not given".into(), money),
            if cand.kind == Kind::Retrofit {
                format!("{:+}", v.beds_change)
            } else {
                "-".into()
            },
            money(v.beds_cost + v.downtime_cost),
            v.total.map_or("-".into(), money),
            per_point(v.per_risk_point) + &rank(v.rank_risk),
            per_point(v.per_qol_point) + &rank(v.rank_qol),
            match v.fits_budget {
                Some(true) => "fits",
                Some(false) => "over budget",
                None => "",
            }
        );
    }
    let _ = writeln!(
        out,
        "Total = capital (the option file's op costs) + net income lost with beds lost (negative: gained) over the horizon + downtime. Cost per point only where the verdict judges that axis better; intervals from the risk difference's. --budget compares the capital cost."
    );
    out
}

/// Whether a metric's difference from the base is an improvement (`Some(true)`), a worsening
/// (`Some(false)`) or none (beyond [`crate::assess::PASS_TOLERANCE`] of the value).
pub fn improved(m: &Metric, base: &Metric) -> Option<bool> {
    let (v, b) = (m.value?, base.value?);
    let tol = crate::assess::PASS_TOLERANCE * b.abs().max(1.0);
    if (v - b).abs() <= tol {
        return None;
    }
    Some((v > b) == (m.better == Better::Higher))
}

/// The metric keys of all candidates, in the order of the first that has each.
fn metric_keys(c: &Comparison) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for cand in &c.candidates {
        for m in &cand.metrics {
            if !keys.contains(&m.key) {
                keys.push(m.key);
            }
        }
    }
    keys
}

fn find<'a>(ms: &'a [Metric], key: &str) -> Option<&'a Metric> {
    ms.iter().find(|m| m.key == key)
}

/// `metrics.csv`: every assessment metric of every option, side by side (tidy: one row per
/// metric and option) with its difference from the base, improved/worse, and pass/fail.
pub fn metrics_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "metric",
        "label",
        "unit",
        "better",
        "threshold",
        "option",
        "value",
        "vs_base",
        "change",
        "pass",
        "failing",
    ]);
    let base = &c.candidates[0];
    for key in metric_keys(c) {
        for cand in &c.candidates {
            let Some(m) = find(&cand.metrics, key) else {
                continue;
            };
            let b = find(&base.metrics, key);
            let d = match (m.value, b.and_then(|b| b.value)) {
                (Some(v), Some(bv)) => (v - bv).to_string(),
                _ => String::new(),
            };
            let change = b
                .and_then(|b| improved(m, b))
                .map_or("", |x| if x { "improved" } else { "worse" });
            let _ = w.write_record([
                key,
                m.label,
                m.unit,
                if m.better == Better::Higher {
                    "higher"
                } else {
                    "lower"
                },
                &m.threshold.map_or(String::new(), |t| t.to_string()),
                &cand.name,
                &m.value.map_or(String::new(), |v| v.to_string()),
                &d,
                change,
                match m.pass() {
                    Some(true) => "pass",
                    Some(false) => "FAIL",
                    None => "",
                },
                &if m.pass() == Some(false) {
                    m.failing.join(" ")
                } else {
                    String::new()
                },
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The side-by-side table for the report: a row per metric, a column per option with its value
/// and difference from the base; improvements green, worsenings red, FAILs marked.
pub fn metrics_html(c: &Comparison) -> String {
    let mut h = String::new();
    let base = &c.candidates[0];
    let _ = write!(
        h,
        "<table class=\"side\"><tr><th>metric</th><th>threshold</th>"
    );
    for cand in &c.candidates {
        let _ = write!(h, "<th>{}</th>", esc(&short(&cand.name, 28)));
    }
    let _ = writeln!(h, "</tr>");
    for key in metric_keys(c) {
        let Some(first) = c.candidates.iter().find_map(|x| find(&x.metrics, key)) else {
            continue;
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=n>{}</td>",
            esc(first.label),
            first.threshold.map_or(String::new(), |t| format!(
                "{} {}",
                if first.better == Better::Higher {
                    "≥"
                } else {
                    "≤"
                },
                super::assessment::value(&Metric {
                    value: Some(t),
                    ..first.clone()
                })
            ))
        );
        for (i, cand) in c.candidates.iter().enumerate() {
            let Some(m) = find(&cand.metrics, key) else {
                let _ = write!(h, "<td>n/a</td>");
                continue;
            };
            let b = find(&base.metrics, key);
            let ch = if i == 0 {
                None
            } else {
                b.and_then(|b| improved(m, b))
            };
            let class = match ch {
                Some(true) => " class=\"n up\"",
                Some(false) => " class=\"n down\"",
                None => " class=n",
            };
            let fail = if m.pass() == Some(false) {
                format!(" <b class=fail>FAIL</b>{}", esc(&m.failing_note()))
            } else {
                String::new()
            };
            let _ = write!(
                h,
                "<td{class}>{}{}{fail}</td>",
                esc(&super::assessment::value(m)),
                match ch {
                    Some(true) => " ▲",
                    Some(false) => " ▼",
                    None => "",
                }
            );
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = writeln!(h, "</table>");
    h
}

/// Value for money for the report: ranked by cost per risk point removed, with the budget.
pub fn value_html(c: &Comparison) -> String {
    let mut h = String::new();
    let cur = esc(&c.money.currency);
    let _ = writeln!(
        h,
        "<h2>Value for money</h2><p class=\"note\">Costs in {cur}. Total = capital (the option file's op costs, indicative) + the net income lost with beds lost (or gained, negative) at {} per bed-year over {} years + beds out of use during works where the option file states a downtime (defaults in the scoring profile's [money] table; assumptions, docs/options.md). Cost per point only where the verdict rule judges that axis better; its interval comes from that of the difference.{}</p>",
        money(c.money.income_per_bed_year),
        c.money.horizon_years,
        c.budget.map_or(String::new(), |b| format!(
            " Budget: {} {cur} of capital.",
            money(b)
        ))
    );
    let _ = writeln!(
        h,
        "<table><tr><th>option</th><th>capital</th><th>beds</th><th>beds and downtime</th><th>total</th><th>per risk point removed (95%)</th><th>rank</th><th>per QoL point gained</th><th>rank</th>{}</tr>",
        if c.budget.is_some() {
            "<th>budget</th>"
        } else {
            ""
        }
    );
    let mut order: Vec<usize> = (1..c.candidates.len()).collect();
    order.sort_by_key(|&i| (c.value[i].rank_risk.unwrap_or(usize::MAX), i));
    for i in order {
        let (cand, v) = (&c.candidates[i], &c.value[i]);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td>{}</tr>",
            esc(&cand.name),
            v.capital.map_or("not given".into(), money),
            if cand.kind == Kind::Retrofit {
                format!("{:+}", v.beds_change)
            } else {
                "—".into()
            },
            money(v.beds_cost + v.downtime_cost),
            v.total.map_or("—".into(), money),
            per_point(v.per_risk_point),
            v.rank_risk.map_or(String::new(), |r| r.to_string()),
            v.per_qol_point.map_or("—".into(), |p| money(p.mean)),
            v.rank_qol.map_or(String::new(), |r| r.to_string()),
            match v.fits_budget {
                Some(true) => "<td>fits</td>",
                Some(false) => "<td>over budget</td>",
                None if c.budget.is_some() => "<td></td>",
                None => "",
            }
        );
    }
    let _ = writeln!(h, "</table>");
    h
}

fn combo_name(c: &[usize], names: &[String]) -> String {
    if c.is_empty() {
        "(base: nothing done)".into()
    } else {
        c.iter()
            .map(|&i| names[i].as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// `search.csv`: every evaluated combination, with whether it is on the front.
pub fn search_csv(r: &crate::options::search::SearchResult, names: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "combination",
        "cost",
        "qol",
        "risk_index",
        "on_front",
        "verdict",
    ]);
    for p in &r.evaluated {
        let on = r.front.iter().any(|f| f.combination == p.combination);
        let _ = w.write_record([
            combo_name(&p.combination, names),
            p.cost.to_string(),
            p.qol.to_string(),
            p.risk.to_string(),
            on.to_string(),
            p.verdict.clone(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The search result for the terminal: conflicts, the front, the best plan per budget level.
pub fn search_table(
    r: &crate::options::search::SearchResult,
    names: &[String],
    currency: &str,
) -> String {
    let mut out = String::new();
    for c in &r.conflicts {
        let _ = writeln!(
            out,
            "conflict: {} and {} cannot both apply: {}",
            names[c.a], names[c.b], c.reason
        );
    }
    let _ = writeln!(
        out,
        "\n{} combinations evaluated; {}.\nPareto front (capital cost x risk x quality of life):",
        r.evaluated.len(),
        r.optimality
    );
    let _ = writeln!(
        out,
        "{:>12}  {:>5}  {:>5}  {:<48} verdict",
        format!("cost {currency}"),
        "QoL",
        "risk",
        "combination"
    );
    for p in &r.front {
        let _ = writeln!(
            out,
            "{:>12}  {:>5.1}  {:>5.1}  {:<48} {}",
            money(p.cost),
            p.qol,
            p.risk,
            combo_name(&p.combination, names),
            p.verdict
        );
    }
    let _ = writeln!(out, "\nBest plan (lowest risk index) within each budget:");
    for (level, p) in &r.best_per_budget {
        let _ = writeln!(
            out,
            "  up to {:>10} {currency}: {} (risk {:.1}, QoL {:.1}, cost {})",
            money(*level),
            combo_name(&p.combination, names),
            p.risk,
            p.qol,
            money(p.cost)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1_234_567.4), "1,234,567");
        assert_eq!(money(-900_000.0), "-900,000");
        assert_eq!(money(12.0), "12");
    }
}

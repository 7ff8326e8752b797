//! Main-effect plots as self-contained SVG: one figure per outcome, one panel per parameter in
//! rank order, the mean outcome at each level (or bin) of the parameter on a y-axis shared by all
//! panels, so the steepest panel is the strongest main effect.

use super::analyse::{Analysis, MainEffect};

const PANEL_W: f64 = 220.0;
const PANEL_H: f64 = 180.0;
const MARGIN_L: f64 = 64.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 120.0;

/// SVG per outcome: `(outcome, svg text)`.
pub fn main_effect_svgs(a: &Analysis) -> Vec<(String, String)> {
    let mut outcomes: Vec<&str> = Vec::new();
    for m in &a.main_effects {
        if !outcomes.contains(&m.outcome.as_str()) {
            outcomes.push(&m.outcome);
        }
    }
    outcomes
        .into_iter()
        .map(|o| {
            let panels: Vec<&MainEffect> =
                a.main_effects.iter().filter(|m| m.outcome == o).collect();
            (o.to_string(), svg(o, &panels))
        })
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fmt(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1e4 || v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else {
        format!("{:.4}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn svg(outcome: &str, panels: &[&MainEffect]) -> String {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in panels {
        for l in &p.levels {
            lo = lo.min(l.2);
            hi = hi.max(l.2);
        }
    }
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        hi = lo + 1.0;
        lo -= 1.0;
    }
    let pad = 0.08 * (hi - lo);
    let (lo, hi) = (lo - pad, hi + pad);
    let w = MARGIN_L + PANEL_W * panels.len() as f64 + 16.0;
    let h = TOP + PANEL_H + BOTTOM;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"sans-serif\" font-size=\"11\">\n\
<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
<text x=\"{MARGIN_L}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Main effects on {}</text>\n\
<text x=\"{MARGIN_L}\" y=\"36\" fill=\"#555\">mean outcome at each level (bins of sampled ranges); panels in rank order; shared y-axis</text>\n",
        esc(outcome)
    );
    let ypix = |v: f64| TOP + PANEL_H - 20.0 - (v - lo) / (hi - lo) * (PANEL_H - 30.0);
    // y-axis ticks
    for i in 0..=4 {
        let v = lo + (hi - lo) * i as f64 / 4.0;
        let y = ypix(v);
        s.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#eee\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            MARGIN_L,
            MARGIN_L + PANEL_W * panels.len() as f64,
            MARGIN_L - 4.0,
            y + 4.0,
            fmt(v)
        ));
    }
    for (k, p) in panels.iter().enumerate() {
        let x0 = MARGIN_L + PANEL_W * k as f64 + 14.0;
        let x1 = x0 + PANEL_W - 28.0;
        s.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#999\"/>\n",
            x0 - 8.0,
            TOP,
            PANEL_W - 12.0,
            PANEL_H
        ));
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n",
            (x0 + x1) / 2.0,
            TOP + PANEL_H + 112.0,
            esc(&p.parameter)
        ));
        let n = p.levels.len();
        let numeric = p.levels.iter().all(|l| l.1.is_some()) && n > 1;
        let (xmin, xmax) = p
            .levels
            .iter()
            .filter_map(|l| l.1)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |r, x| {
                (r.0.min(x), r.1.max(x))
            });
        let xpix = |i: usize, x: Option<f64>| -> f64 {
            if numeric && xmax > xmin {
                x0 + (x.unwrap_or(xmin) - xmin) / (xmax - xmin) * (x1 - x0)
            } else if n > 1 {
                x0 + i as f64 / (n - 1) as f64 * (x1 - x0)
            } else {
                (x0 + x1) / 2.0
            }
        };
        let pts: Vec<(f64, f64)> = p
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| (xpix(i, l.1), ypix(l.2)))
            .collect();
        let path: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        // Lines join the levels of numeric parameters only; categories get markers alone.
        if numeric {
            s.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n",
                path.join(" ")
            ));
        }
        let every = n.div_ceil(6).max(1);
        for (i, ((x, y), l)) in pts.iter().zip(&p.levels).enumerate() {
            s.push_str(&format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#1f77b4\"><title>{} = {}: mean {} over {} point(s)</title></circle>\n",
                esc(&p.parameter),
                esc(&l.0),
                fmt(l.2),
                l.3
            ));
            if i % every == 0 || i + 1 == n {
                let label: String = l.0.chars().take(24).collect();
                let ly = TOP + PANEL_H + 14.0;
                s.push_str(&format!(
                    "<text x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" transform=\"rotate(-35 {x:.1} {ly:.1})\" fill=\"#333\">{}</text>\n",
                    esc(&label)
                ));
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

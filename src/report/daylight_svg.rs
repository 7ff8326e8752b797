//! A plan of one floor coloured by daylight factor, as an SVG string.
//!
//! Each grid point of [`DaylightReport`] is drawn as a square cell the size of the grid spacing,
//! coloured on a fixed scale from 0 % to 5 % and more; room outlines in grey, windows in blue, and
//! each assessed room labelled with its average daylight factor and pass/fail. North up: plan y
//! grows upward, so the drawing flips y.

use crate::assess::DaylightReport;
use crate::building::Building;
use std::fmt::Write;

/// Colour scale anchors: (DF %, RGB). Dark blue below 0.5 %, through teal and green at 1–2 %, to
/// yellow at 5 % and above. Chosen for contrast at the 1 %, 1.5 % and 2 % thresholds.
const SCALE: [(f64, [u8; 3]); 6] = [
    (0.0, [40, 30, 90]),
    (0.5, [50, 70, 150]),
    (1.0, [30, 130, 160]),
    (2.0, [60, 170, 100]),
    (3.5, [180, 200, 60]),
    (5.0, [250, 230, 80]),
];

/// The colour for a daylight factor in per cent, as `#rrggbb`.
pub fn df_colour(df_pct: f64) -> String {
    let x = if df_pct.is_finite() { df_pct } else { 0.0 };
    let mut c = SCALE[SCALE.len() - 1].1;
    if x <= SCALE[0].0 {
        c = SCALE[0].1;
    } else {
        for w in SCALE.windows(2) {
            let ((x0, c0), (x1, c1)) = (w[0], w[1]);
            if x <= x1 {
                let f = (x - x0) / (x1 - x0);
                for k in 0..3 {
                    c[k] = (f64::from(c0[k]) + f * (f64::from(c1[k]) - f64::from(c0[k]))).round()
                        as u8;
                }
                break;
            }
        }
    }
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG drawing of floor `floor` of `b` coloured by the point daylight factors of `report`
/// (from [`crate::assess::assess_daylight`] on the same building). `px_per_m` sets the scale.
pub fn daylight_svg(b: &Building, report: &DaylightReport, floor: usize, px_per_m: f64) -> String {
    let s = px_per_m.max(1.0);
    let pts: Vec<_> = b.floors[floor]
        .rooms
        .iter()
        .flat_map(|&r| b.rooms[r].polygon.iter().copied())
        .collect();
    let (lo, hi) = crate::geom::bbox(&pts);
    let margin_px = 20.0;
    let legend_px = 60.0;
    let (w_m, h_m) = ((hi[0] - lo[0]).max(1.0), (hi[1] - lo[1]).max(1.0));
    let width = w_m * s + 2.0 * margin_px;
    let height = h_m * s + 2.0 * margin_px + legend_px;
    let x = |xm: f64| margin_px + (xm - lo[0]) * s;
    let y = |ym: f64| margin_px + (hi[1] - ym) * s;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        out,
        r#"<title>Daylight factor, {} floor {}</title>"#,
        esc(&b.name),
        esc(&b.floors[floor].id)
    );
    let _ = writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    // Grid cells.
    for row in &report.rooms {
        let Some(ri) = b.room_index(&row.adf.room) else {
            continue;
        };
        if b.rooms[ri].floor != floor {
            continue;
        }
        let g = &row.grid;
        let half = g.spacing_m / 2.0;
        for (p, df) in g.points.iter().zip(&g.df_pct) {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{:.2} %</title></rect>"#,
                x(p[0] - half),
                y(p[1] + half),
                g.spacing_m * s,
                g.spacing_m * s,
                df_colour(*df),
                df
            );
        }
    }
    // Room outlines.
    for &ri in &b.floors[floor].rooms {
        let r = &b.rooms[ri];
        let d: Vec<String> = r
            .polygon
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.x), y(p.y)))
            .collect();
        let _ = writeln!(
            out,
            r##"<polygon points="{}" fill="none" stroke="#555555" stroke-width="1"><title>{}</title></polygon>"##,
            d.join(" "),
            esc(&r.id)
        );
    }
    // Windows.
    for w in b.windows.iter().filter(|w| w.floor == floor) {
        let _ = writeln!(
            out,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1e78d2" stroke-width="4"/>"##,
            x(w.span.a.x),
            y(w.span.a.y),
            x(w.span.b.x),
            y(w.span.b.y)
        );
    }
    // Labels: room id, ADF and verdict.
    for row in &report.rooms {
        let Some(ri) = b.room_index(&row.adf.room) else {
            continue;
        };
        let r = &b.rooms[ri];
        if r.floor != floor {
            continue;
        }
        let verdict = match row.adf.pass {
            Some(true) => " ✓",
            Some(false) => " ✗",
            None => "",
        };
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#000000" stroke="#ffffff" stroke-width="3" paint-order="stroke">{} ADF {:.1}%{}</text>"##,
            x(r.centroid.x),
            y(r.centroid.y),
            esc(&r.id),
            row.adf.adf_pct,
            verdict
        );
    }
    // Legend.
    let ly = height - legend_px + 15.0;
    let steps = 50;
    let lw = (width - 2.0 * margin_px).min(300.0) / steps as f64;
    for k in 0..steps {
        let df = 5.0 * k as f64 / (steps - 1) as f64;
        let _ = writeln!(
            out,
            r#"<rect x="{:.1}" y="{ly:.1}" width="{:.2}" height="12" fill="{}"/>"#,
            margin_px + k as f64 * lw,
            lw + 0.3,
            df_colour(df)
        );
    }
    for df in [0.0, 1.0, 2.0, 3.0, 4.0, 5.0] {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{df:.0}%</text>"#,
            margin_px + df / 5.0 * lw * (steps - 1) as f64 + lw / 2.0,
            ly + 26.0
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}">daylight factor at 0.85 m (CIE overcast sky)</text>"#,
        margin_px,
        ly + 40.0
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_scale_ends_and_clamps() {
        assert_eq!(df_colour(0.0), "#281e5a");
        assert_eq!(df_colour(-1.0), "#281e5a");
        assert_eq!(df_colour(5.0), "#fae650");
        assert_eq!(df_colour(50.0), "#fae650");
        assert_eq!(df_colour(f64::NAN), "#281e5a");
        assert_eq!(df_colour(2.0), "#3caa64");
    }
}

//! Charts drawn with `plotters` into SVG strings (text is emitted as SVG text, so no font files
//! are needed to draw; [`super::png`] rasterises with a bundled font).

use crate::score::{Comparison, Verdict};
use plotters::prelude::*;

/// The Pareto chart: quality of life (x, higher is better) against the risk index (y, lower is
/// better), one labelled point per option, Pareto-optimal options filled.
pub fn pareto_svg(c: &Comparison) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 480)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let qs: Vec<f64> = c
            .candidates
            .iter()
            .filter_map(|x| x.scorecard.qol)
            .collect();
        let rs: Vec<f64> = c
            .candidates
            .iter()
            .filter_map(|x| x.scorecard.risk)
            .collect();
        let lo = |v: &[f64]| (v.iter().copied().fold(f64::INFINITY, f64::min) - 10.0).max(0.0);
        let hi =
            |v: &[f64]| (v.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 10.0).min(100.0);
        let (x0, x1) = if qs.is_empty() {
            (0.0, 100.0)
        } else {
            (lo(&qs), hi(&qs))
        };
        let (y0, y1) = if rs.is_empty() {
            (0.0, 100.0)
        } else {
            (lo(&rs), hi(&rs))
        };
        let Ok(mut chart) = ChartBuilder::on(&root)
            .caption(
                "Quality of life against infection-control risk",
                ("sans-serif", 18),
            )
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, y0..y1)
        else {
            return String::new();
        };
        let _ = chart
            .configure_mesh()
            .x_desc("Quality of life (0-100, higher is better)")
            .y_desc("Risk index (0-100, lower is better)")
            .light_line_style(RGBColor(235, 235, 235))
            .draw();
        for (i, cand) in c.candidates.iter().enumerate() {
            let (Some(q), Some(r)) = (cand.scorecard.qol, cand.scorecard.risk) else {
                continue;
            };
            let colour = match c.verdicts[i] {
                Verdict::Base => RGBColor(90, 90, 90),
                Verdict::Converges => RGBColor(33, 145, 90),
                Verdict::TradesQolForRisk | Verdict::TradesRiskForQol => RGBColor(214, 140, 20),
                Verdict::NoGain => RGBColor(192, 57, 43),
            };
            let style = if c.pareto[i] {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            let _ = chart.draw_series(std::iter::once(Circle::new((q, r), 7, style)));
            let _ = chart.draw_series(std::iter::once(Text::new(
                cand.name.clone(),
                (q, r),
                ("sans-serif", 13).into_font().color(&BLACK),
            )));
        }
        let _ = root.present();
    }
    out
}

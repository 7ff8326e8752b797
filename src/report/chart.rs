//! Charts drawn with `plotters` into SVG strings (text is emitted as SVG text, so no font files
//! are needed to draw; [`super::png`] rasterises with a bundled font).

use crate::score::{Change, Comparison, Verdict};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Green: better on one axis and worse on neither; orange: a trade-off, mixed or inconclusive;
/// red: no better on either axis; grey: the base.
fn verdict_colour(v: &Verdict) -> RGBColor {
    use Change::*;
    let (Some(q), Some(r)) = (v.qol, v.risk) else {
        return RGBColor(90, 90, 90);
    };
    let ok = |c: Change| c == Better || c == Unchanged;
    if (q == Better && ok(r)) || (r == Better && ok(q)) {
        RGBColor(33, 145, 90)
    } else if q != Better && r != Better && r != Inconclusive && r != Mixed {
        RGBColor(192, 57, 43)
    } else {
        RGBColor(214, 140, 20)
    }
}

/// Distinct colours for lines, one per option (Okabe & Ito 2008 colour-blind-safe palette).
const LINE_COLOURS: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
];

/// A short label for a chart: the name up to its first colon, at most 32 characters.
fn short(name: &str) -> String {
    let head = name.split(':').next().unwrap_or(name).trim();
    if head.chars().count() > 32 {
        head.chars().take(31).collect::<String>() + "…"
    } else {
        head.to_string()
    }
}

/// Pixel offset of a point's label: to the right, or to the left near the right edge (where
/// `frac` of the x range lies left of the point).
fn label_offset(label: &str, frac: f64) -> (i32, i32) {
    if frac > 0.8 {
        (-10 - 7 * label.chars().count() as i32, -16)
    } else {
        (10, -16)
    }
}

/// An option's short name beside its point at `p`, on the side away from the right edge
/// (`frac`: the point's position across the x range, 0–1).
fn option_label<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    name: &str,
    p: (f64, f64),
    frac: f64,
) {
    let label = short(name);
    let at = label_offset(&label, frac);
    let _ = chart.draw_series(std::iter::once(
        EmptyElement::at(p) + Text::new(label, at, ("sans-serif", 13).into_font().color(&BLACK)),
    ));
}

/// A vertical error bar from `lo` to `hi` at `x`, with caps `cap` wide (in x units).
fn error_bar(x: f64, lo: f64, hi: f64, cap: f64, colour: RGBColor) -> [PathElement<(f64, f64)>; 3] {
    let style = colour.stroke_width(2);
    [
        PathElement::new(vec![(x, lo), (x, hi)], style),
        PathElement::new(vec![(x - cap, lo), (x + cap, lo)], style),
        PathElement::new(vec![(x - cap, hi), (x + cap, hi)], style),
    ]
}

/// The Pareto chart: quality of life (x, higher is better) against the risk index (y, lower is
/// better), one labelled point per option, Pareto-optimal options filled; vertical bars show the
/// 95% interval of the risk index where simulated components carry one.
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
            .flat_map(|x| {
                [
                    x.scorecard.risk,
                    x.scorecard.risk_lo95,
                    x.scorecard.risk_hi95,
                ]
            })
            .flatten()
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
            let colour = verdict_colour(&c.verdicts[i]);
            if let (Some(lo), Some(hi)) = (cand.scorecard.risk_lo95, cand.scorecard.risk_hi95) {
                let _ = chart.draw_series(error_bar(q, lo, hi, 0.01 * (x1 - x0), colour));
            }
            let style = if c.pareto[i] {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            let _ = chart.draw_series(std::iter::once(Circle::new((q, r), 7, style)));
            option_label(&mut chart, &cand.name, (q, r), (q - x0) / (x1 - x0));
        }
        let _ = root.present();
    }
    out
}

/// Quality of life (x) against the simulated expected resident attack rate (y, %), with the 95%
/// interval of the mean as vertical bars.
pub fn attack_rate_svg(c: &Comparison) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 480)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let pts: Vec<(usize, f64, f64, f64, f64)> = c
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, x)| {
                let s = x.sim.as_ref()?;
                Some((
                    i,
                    x.scorecard.qol?,
                    100.0 * s.attack_rate.mean,
                    100.0 * s.attack_rate.lo95.max(0.0),
                    100.0 * s.attack_rate.hi95.min(1.0),
                ))
            })
            .collect();
        let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut y1 = 10.0_f64;
        for p in &pts {
            x0 = x0.min(p.1);
            x1 = x1.max(p.1);
            y1 = y1.max(p.4);
        }
        let (x0, x1) = if pts.is_empty() {
            (0.0, 100.0)
        } else {
            ((x0 - 10.0).max(0.0), (x1 + 10.0).min(100.0))
        };
        let y1 = (y1 * 1.15).min(100.0);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .caption(
                "Quality of life against simulated resident attack rate",
                ("sans-serif", 18),
            )
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, 0.0..y1)
        else {
            return String::new();
        };
        let _ = chart
            .configure_mesh()
            .x_desc("Quality of life (0-100, higher is better)")
            .y_desc("Expected resident attack rate, % (95% CI)")
            .light_line_style(RGBColor(235, 235, 235))
            .draw();
        for &(i, q, m, lo, hi) in &pts {
            let colour = verdict_colour(&c.verdicts[i]);
            let _ = chart.draw_series(error_bar(q, lo, hi, 0.01 * (x1 - x0), colour));
            let _ = chart.draw_series(std::iter::once(Circle::new((q, m), 6, colour.filled())));
            option_label(
                &mut chart,
                &c.candidates[i].name,
                (q, m),
                (q - x0) / (x1 - x0),
            );
        }
        let _ = root.present();
    }
    out
}

/// One line per option on common axes, with a legend; `marker_x` draws a grey vertical line.
struct LineChart<'a> {
    title: &'a str,
    x_desc: &'a str,
    y_desc: &'a str,
    x_max: f64,
    y_max: f64,
    marker_x: Option<f64>,
    legend: SeriesLabelPosition,
}

impl LineChart<'_> {
    /// `lines`: (candidate index, points); the colour and label follow the candidate.
    fn draw(self, c: &Comparison, lines: Vec<(usize, Vec<(f64, f64)>)>) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (720, 420)).into_drawing_area();
            let _ = root.fill(&WHITE);
            let Ok(mut chart) = ChartBuilder::on(&root)
                .caption(self.title, ("sans-serif", 18))
                .margin(16)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(0.0..self.x_max, 0.0..self.y_max)
            else {
                return String::new();
            };
            let _ = chart
                .configure_mesh()
                .x_desc(self.x_desc)
                .y_desc(self.y_desc)
                .light_line_style(RGBColor(235, 235, 235))
                .draw();
            if let Some(x) = self.marker_x {
                let _ = chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, self.y_max)],
                    RGBColor(180, 180, 180).stroke_width(1),
                )));
            }
            for (i, pts) in lines {
                let colour = LINE_COLOURS[i % LINE_COLOURS.len()];
                if let Ok(series) = chart.draw_series(LineSeries::new(pts, colour.stroke_width(2)))
                {
                    series
                        .label(short(&c.candidates[i].name))
                        .legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
                        });
                }
            }
            let _ = chart
                .configure_series_labels()
                .position(self.legend)
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(200, 200, 200))
                .label_font(("sans-serif", 12))
                .draw();
            let _ = root.present();
        }
        out
    }
}

/// Outbreak size: for each option, the share of replicates in which more than k residents were
/// infected, against k (an exceedance curve; its value at k = 5 is P(outbreak > 5 residents)).
pub fn outbreak_size_svg(c: &Comparison) -> String {
    let max_k = c
        .candidates
        .iter()
        .filter_map(|x| x.sim.as_ref())
        .flat_map(|s| s.replicates.iter().map(|r| r.residents_at_risk))
        .max()
        .unwrap_or(10)
        .max(10);
    let lines = c
        .candidates
        .iter()
        .enumerate()
        .filter_map(|(i, cand)| {
            let s = cand.sim.as_ref()?;
            let n = s.replicates.len().max(1) as f64;
            let pts = (0..=max_k)
                .map(|k| {
                    let above = s.replicates.iter().filter(|r| r.resident_cases > k).count();
                    (f64::from(k), above as f64 / n)
                })
                .collect();
            Some((i, pts))
        })
        .collect();
    LineChart {
        title: "Outbreak size across replicates",
        x_desc: "k residents infected",
        y_desc: "Share of replicates with more than k",
        x_max: f64::from(max_k),
        y_max: 1.05,
        marker_x: Some(5.0),
        legend: SeriesLabelPosition::LowerLeft,
    }
    .draw(c, lines)
}

/// Epidemic curves: for each option, the mean number of residents infectious on each day of the
/// standard challenge (mean over the same replicates for every option).
pub fn epidemic_curves_svg(c: &Comparison) -> String {
    let lines: Vec<(usize, Vec<(f64, f64)>)> = c
        .candidates
        .iter()
        .enumerate()
        .filter_map(|(i, x)| {
            let v = &x.sim.as_ref()?.infectious_residents_mean;
            (!v.is_empty()).then(|| {
                (
                    i,
                    v.iter().enumerate().map(|(d, &y)| (d as f64, y)).collect(),
                )
            })
        })
        .collect();
    let days = lines.iter().map(|(_, v)| v.len()).max().unwrap_or(1).max(2);
    let y_max = lines
        .iter()
        .flat_map(|(_, v)| v.iter().map(|p| p.1))
        .fold(1.0, f64::max)
        * 1.1;
    LineChart {
        title: "Epidemic curves (mean over replicates)",
        x_desc: "day of the outbreak",
        y_desc: "Residents infectious",
        x_max: (days - 1) as f64,
        y_max,
        marker_x: None,
        legend: SeriesLabelPosition::UpperLeft,
    }
    .draw(c, lines)
}

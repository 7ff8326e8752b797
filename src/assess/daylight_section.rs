//! The daylight section of the scorecard, from [`super::daylight`].

use super::daylight::DaylightReport;
use super::metric::{Better, M, Metric, ratio};

pub fn section(d: &DaylightReport) -> Vec<Metric> {
    let depth: Vec<bool> = d
        .rooms
        .iter()
        .filter_map(|r| r.limiting_depth.as_ref().map(|l| l.pass))
        .collect();
    vec![
        M { key: "daylight.bedroom_adf_share", label: "Residents whose bedroom reaches 1% average daylight factor", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "BS 8206-2:2008 / BRE BR 209 (Littlefair): ADF ≥ 1% bedrooms, 1.5% living rooms, 2% kitchens", how: "ADF = T·Aw·θ·M / (A·(1 − R²)) per room from its windows (transmittance, glazed area, visible-sky angle θ = 90° − obstruction, maintenance factor) and surface reflectances by room use; residents in passing bedrooms over residents in bedrooms. The formula reads 17–34% below Radiance means on simple rooms (docs/daylight.md)." }.of(d.bedroom_pass_share),
        M { key: "daylight.habitable_adf_share", label: "Bedrooms, living rooms and kitchens reaching their ADF", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "BS 8206-2:2008 / BRE BR 209", how: "Rooms with an ADF recommendation that meet it, over all such rooms." }.of(d.habitable_pass_share),
        M { key: "daylight.bedroom_en17037_share", label: "Residents whose bedroom has DF ≥ 2% over half its area (EN 17037 approx.)", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "EN 17037:2018 minimum (300 lx over 50% of the area ≈ DF 2% for UK/Irish skies); sky component (CIE overcast) + split-flux reflected component", how: "Point daylight factors on a 0.5 m grid at 0.85 m, 0.5 m from walls; a bedroom passes if at least half its points reach 2%. An approximation of EN 17037 (no climate-based simulation); checked against Radiance within 15% on the room mean." }.of(d.bedroom_en17037_share),
        M { key: "daylight.limiting_depth_share", label: "Side-lit rooms within the limiting depth", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "BRE BR 209 / BS 8206-2: d/w + d/h < 2/(1 − Rb)", how: "For rooms lit from one side: depth d, width w, window head height h, rear reflectance Rb; passing rooms over all such rooms." }.of(ratio(depth.iter().filter(|&&p| p).count() as f64, depth.len() as f64)),
    ]
}

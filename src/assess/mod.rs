//! Quality-of-life and infection-control indicators measured from geometry alone.
//!
//! [`assess`] measures a [`Building`] and returns an [`Assessment`]: the geometry
//! [`schedule`], daylight ([`daylight`]: BRE average daylight factor, limiting depth, a point
//! daylight-factor grid toward EN 17037), the per-floor visibility graph analyses, and scorecard
//! sections of [`Metric`]s — each with its unit, threshold and source. Every function here is pure.
//!
//! ```
//! let src = std::fs::read_to_string("floorplans/green-house.json").unwrap();
//! let plan = carehome::plan::from_json_str(&src).unwrap();
//! let b = carehome::building::resolve(&plan).building.unwrap();
//! let a = carehome::assess::assess(&b, &carehome::assess::Options::default());
//! let m = a.metric("privacy.single_ensuite_share").unwrap();
//! assert_eq!(m.value, Some(1.0));
//! assert_eq!(m.pass(), Some(true));
//! ```

pub mod daylight;
mod daylight_section;
pub mod households;
pub mod infection;
pub mod metric;
pub mod outdoor;
pub mod privacy;
pub mod routes;
mod schedule;
pub mod space;
pub mod vga;
pub mod wayfinding;

pub use daylight::{
    AdfResult, DaylightReport, DaylightRow, DfGrid, LimitingDepth, assess_daylight, df_grid,
    limiting_depth, room_adf,
};
pub use metric::{Better, Metric, PASS_TOLERANCE, Section};
pub use schedule::{FloorRow, HouseholdRow, Schedule, UseRow, schedule};

use crate::building::Building;
use serde::Serialize;

/// The rooms of `household` whose use passes `wanted` (on `floor`, if given); when the household
/// has none, the shared rooms (of no household) that pass. This is how a resident's own day rooms
/// are found: their household's lounge and dining room, else the home's.
pub fn own_or_shared_rooms(
    b: &Building,
    household: Option<usize>,
    floor: Option<usize>,
    wanted: impl Fn(crate::plan::RoomUse) -> bool,
) -> Vec<usize> {
    let pick = |hh: Option<usize>| -> Vec<usize> {
        (0..b.rooms.len())
            .filter(|&j| {
                let r = &b.rooms[j];
                r.household == hh && wanted(r.room_use) && floor.is_none_or(|f| r.floor == f)
            })
            .collect()
    };
    let mine = pick(household);
    if mine.is_empty() { pick(None) } else { mine }
}

/// Which national bedroom-area standard to judge against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Standard {
    #[default]
    England,
    Ireland,
}

/// Assessment options.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub standard: Standard,
    /// Grid spacing of the visibility graph analysis, metres.
    pub vga_spacing_m: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            standard: Standard::England,
            vga_spacing_m: vga::DEFAULT_SPACING_M,
        }
    }
}

/// Everything measured about a building.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub schedule: Schedule,
    pub sections: Vec<Section>,
    /// One visibility graph analysis per floor.
    pub vga: Vec<vga::Vga>,
    pub households: Vec<households::HouseholdScale>,
    pub separability: Vec<infection::Separability>,
    pub daylight: DaylightReport,
    /// Each bedroom's daily routes.
    pub routes: Vec<routes::RouteMetric>,
}

impl Assessment {
    /// A metric by its key.
    pub fn metric(&self, key: &str) -> Option<&Metric> {
        self.sections
            .iter()
            .flat_map(|s| &s.metrics)
            .find(|m| m.key == key)
    }

    /// All metrics, in section order.
    pub fn metrics(&self) -> impl Iterator<Item = &Metric> + Clone {
        self.sections.iter().flat_map(|s| &s.metrics)
    }
}

/// Measure `b`.
pub fn assess(b: &Building, opts: &Options) -> Assessment {
    let s = schedule(b);
    let vgas: Vec<vga::Vga> = (0..b.floors.len())
        .map(|f| vga::vga(b, f, opts.vga_spacing_m))
        .collect();
    let daylight = assess_daylight(b);
    let household_scales = households::scales(b);
    let separability = infection::separability(b);
    let nav = crate::nav::NavGraph::new(b);
    let bedroom_routes = routes::bedroom_routes(b, &nav);
    let sections = vec![
        Section {
            key: "space",
            title: "Space",
            metrics: space::section(b, &s, opts.standard),
        },
        Section {
            key: "privacy",
            title: "Privacy and dignity",
            metrics: privacy::section(b, &s),
        },
        Section {
            key: "household",
            title: "Household scale",
            metrics: households::section(&s, &household_scales),
        },
        Section {
            key: "wayfinding",
            title: "Wayfinding",
            metrics: wayfinding::section(b, &vgas),
        },
        Section {
            key: "routes",
            title: "Daily routes",
            metrics: routes::section(&bedroom_routes),
        },
        Section {
            key: "daylight",
            title: "Daylight",
            metrics: daylight_section::section(&daylight),
        },
        Section {
            key: "outdoor",
            title: "Outdoor access",
            metrics: outdoor::section(b, &s),
        },
        Section {
            key: "infection",
            title: "Infection-control geometry",
            metrics: infection::section(b, &s, &separability),
        },
    ];
    Assessment {
        households: household_scales,
        separability,
        daylight,
        routes: bedroom_routes,
        schedule: s,
        sections,
        vga: vgas,
    }
}

//! Turning results into text for people and files for programs: diagnostics, tables, CSV, JSON.
//! Pure functions from values to strings; writing them is [`crate::io`]'s job.

pub mod assessment;
pub mod chart;
pub mod daylight_svg;
pub mod decision;
pub mod diagnostics;
pub mod html;
pub mod jupedsim;
pub mod network;
pub mod png;
pub mod schedule;
pub mod sim_out;
pub mod svg;
pub mod trajectory;

//! # carehome
//!
//! Assess and simulate care-home buildings: which layout keeps residents safest from infection
//! while giving them the best life?
//!
//! Data flows one way (see `ARCHITECTURE.md`):
//!
//! 1. [`plan`] parses a plan file (`carehome-plan/1`, JSON in metres) and checks each element;
//! 2. [`building::resolve`] derives walls from room edges, places doors and windows, checks
//!    overlaps and reachability, and returns a [`building::Building`] indexed with `rstar`, or every
//!    problem at once as [`diag::Diagnostic`]s;
//! 3. [`assess`] measures the building (today: the geometry schedule — areas, beds, privacy,
//!    crowding, communal space);
//! 4. [`report`] turns results into tables, JSON and CSV. Only [`io`] and the binary touch files.
//!
//! ```
//! let src = std::fs::read_to_string("floorplans/green-house.json").unwrap();
//! let plan = carehome::plan::from_json_str(&src).unwrap();
//! let checked = carehome::building::resolve(&plan);
//! assert!(checked.is_valid(), "{:?}", checked.diagnostics);
//! let schedule = carehome::assess::schedule(checked.building.as_ref().unwrap());
//! assert_eq!(schedule.residents, 12);
//! assert_eq!(schedule.crowding_index, Some(1.0)); // 12 singles, 12 en-suites: 12 / (6 + 6)
//! ```

pub mod assess;
pub mod building;
pub mod diag;
pub mod dxf;
pub mod epi;
pub mod geom;
pub mod ifc;
pub mod import;
pub mod io;
pub mod limits;
pub mod nav;
pub mod options;
pub mod ped;
pub mod plan;
pub mod ranges;
pub mod report;
pub mod score;
pub mod sim;
pub mod sweep;
pub mod workflow;

//! Scenario sweeps: a manifest of axes over a base scenario and plans, expanded into points that
//! run locally (rayon), in shards or as a Slurm job array, resume after a crash, merge into tidy
//! tables and are ranked by their effect on each outcome.
//!
//! The machinery is generic over what runs a point: a [`PointRunner`] takes the resolved scenario
//! (a `toml::Value`: the base scenario with the point's axis values set by dotted path), the plan
//! and a seed, and returns named outcomes. Today's runners are [`runner::AssessRunner`] (the
//! geometry assessment of each plan and option) and a synthetic runner with known effects used by
//! the tests; the simulation plugs in through [`runner::runner_for`].
//!
//! Layers, from the top:
//! - [`manifest`]: the `carehome-sweep/1` TOML format, checked all at once (pure);
//! - [`design`]: full-factorial grid and Latin hypercube (McKay, Beckman & Conover 1979) (pure);
//! - [`point`]: resolved scenario per point, its stable id (SHA-256 of the canonical resolved
//!   parameters) and its seed (shared by every point under common random numbers) (pure);
//! - [`shard`]: deterministic slices `I/N` (pure);
//! - [`exec`]: runs points × replicates with rayon; reports progress through a callback;
//! - [`store`]: the only file-system part — result files written atomically, resume logic;
//! - [`merge`], [`analyse`] (with [`indices`]: bootstrap intervals and noise floors), [`plot`],
//!   [`slurm`]: tables, sensitivity, figures, job script (pure, returning text).
//!
//! Format reference: `docs/sweeps.md`.

pub mod analyse;
pub mod design;
pub mod exec;
pub mod indices;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod plot;
pub mod point;
pub mod runner;
pub mod shard;
pub mod slurm;
pub mod store;

pub use exec::{PointDone, RunStats, execute};
pub use load::{Prepared, prepare};
pub use manifest::{Design, Manifest};
pub use point::Point;
pub use runner::{PointRunner, runner_for};
pub use shard::Shard;
pub use store::{DirStore, Store};

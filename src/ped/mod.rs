//! Operational pedestrian models: how people walk, step by step, between the waypoints that
//! [`crate::nav`] gives them.
//!
//! - [`OperationalModel`] is the trait; [`Cfsm`] (Collision-Free Speed Model, JuPedSim's default,
//!   with its parameters) is the default and [`SocialForce`] sits beside it.
//! - [`World`] holds agents and steps them (`world`). Each step takes a snapshot, finds every
//!   interacting pair once (`neighbours`: distance, sight line, the model's
//!   [`OperationalModel::pair_weight`]) from Verlet lists of candidates and walls that a uniform
//!   grid rebuilds when someone has moved far enough, hands each pair to both agents, computes
//!   every agent's update from the snapshot, then applies them all, so the result is
//!   bit-identical with any number of threads.
//! - Walls come from the building's R-tree, cached per cell of a uniform wall grid.

pub mod agent;
pub mod doors;
mod give_way;
mod guard;
pub mod models;
mod neighbours;
pub mod replan;
mod world;

pub use agent::{Group, Mobility, SpeedLaw};
pub use guard::{BODY_TOLERANCE_M, WALL_TOLERANCE_M};
pub use models::{CARE_HOME_TIME_GAP_S, Cfsm, SocialForce};
pub use world::{
    Agent, Geometry, SQUEEZE_AFTER_S, Status, TrajectoryRow, Waypoint, World, WorldParams,
};

use crate::geom::{P2, Segment, V2};

/// The part of an agent's state an operational model reads and writes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AgentState {
    pub pos: P2,
    pub vel: V2,
    /// Unit heading (kept when the agent stands).
    pub orient: V2,
    pub radius_m: f64,
    /// Desired (free) speed this step, m/s.
    pub v0_m_s: f64,
    /// CFSM time gap T, s.
    pub time_gap_s: f64,
}

/// A neighbour as an agent sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neighbour {
    /// From the agent to the neighbour, metres.
    pub d: V2,
    pub dist_m: f64,
    pub radius_m: f64,
    pub vel: V2,
    /// [`OperationalModel::pair_weight`] of the two agents.
    pub weight: f64,
}

/// A model's answer for one agent and one step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Update {
    pub pos: P2,
    pub vel: V2,
    pub orient: V2,
}

/// An operational model: the next state of one agent from its neighbours and nearby walls.
/// Implementations must be pure functions of their arguments.
pub trait OperationalModel: Sync + Send {
    fn name(&self) -> &'static str;
    /// Neighbours farther than this are not passed to [`OperationalModel::update`], metres.
    fn cutoff_m(&self) -> f64;
    /// Walls farther than this beyond an agent's radius have no effect on it, metres. The world
    /// passes [`OperationalModel::update`] only the walls within it (plus the radius).
    fn wall_range_m(&self) -> f64 {
        self.cutoff_m()
    }
    /// The part of a pair's interaction that is the same seen from either agent, from their
    /// distance and the sum of their radii: the world computes it once per pair and step and
    /// passes it to both in [`Neighbour::weight`] (an exponential per pair instead of two).
    fn pair_weight(&self, _dist_m: f64, _radii_m: f64) -> f64 {
        0.0
    }
    /// `neighbours`: the agents within the cutoff that no wall hides; `walls`: wall segments
    /// near the agent (a superset; the model ignores the far ones).
    fn update(
        &self,
        me: &AgentState,
        target: P2,
        neighbours: &[Neighbour],
        walls: &[Segment],
        dt_s: f64,
    ) -> Update;
}

//! Daily life in a care home: who is where, doing what, near whom — minute by minute.
//!
//! - [`scenario`]: the scenario file (`carehome-scenario/1`, TOML), every field defaulted.
//! - [`spots`]: places derived from geometry where people stay: beds, bedside, dining seats around
//!   tables placed in dining rooms, lounge chairs, standing points, garden points.
//! - [`population`]: residents (one per bed; mobility, dementia), staff by role and shift
//!   (cohorted or not), agency staff, visitors.
//! - [`schedule`]: a stochastic plan for each person for each day (a list of [`Slot`]s).
//! - [`route`]: spot-to-spot routes from [`crate::nav`], cached room-to-room and spliced.
//! - [`contacts`]: close-contact episodes (pairs within 2 m with line of sight), incremental for
//!   people who sit still, sampled for people who walk.
//! - [`record`]: what a run produces (presence intervals per room, contacts), and the summaries
//!   (time use, contact matrix by role, person-minutes per room).
//! - [`engine`]: the one place that composes schedule, routing, movement and recording.
//!
//! **Two time scales** (DESIGN.md §4): the schedule clock is event-driven (a person's plan changes
//! at a slot boundary); between events only people who walk are stepped by the pedestrian model
//! ([`crate::ped::World`], CFSM, dt 0.1 s). People who sit or stand stay at their spot, and contacts
//! between them are computed per interval, not per step.
//!
//! The core does no I/O; a progress callback is the only way out while running.

pub mod contacts;
pub mod engine;
pub mod measure;
pub mod population;
pub mod record;
pub mod route;
pub mod scenario;
pub mod schedule;
pub mod spots;
pub mod transmission;

pub use engine::{RunOptions, Simulation, run, run_replicate};
pub use population::{Person, Population};
pub use record::{Contact, Presence, RunRecord, TrackSample};
pub use scenario::{Scenario, from_toml_str};

use crate::building::{Building, Side};
use crate::geom::P2;

/// What a person is, for contacts and schedules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Resident,
    Carer,
    Nurse,
    Domestic,
    Kitchen,
    Activity,
    Manager,
    Visitor,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Resident,
        Role::Carer,
        Role::Nurse,
        Role::Domestic,
        Role::Kitchen,
        Role::Activity,
        Role::Manager,
        Role::Visitor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Carer => "carer",
            Role::Nurse => "nurse",
            Role::Domestic => "domestic",
            Role::Kitchen => "kitchen",
            Role::Activity => "activity",
            Role::Manager => "manager",
            Role::Visitor => "visitor",
        }
    }

    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident | Role::Visitor)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a person is doing in a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    Sleep,
    /// Sitting in the bedroom.
    Rest,
    /// Personal care (carer and resident at the bed).
    Care,
    Meal,
    Lounge,
    Garden,
    Toilet,
    Visit,
    /// Dementia wandering (a short walk to a corridor or lounge point and back).
    Wander,
    /// Staff working at a place (station, lounge, dining room, kitchen, office).
    Work,
    MedRound,
    Cleaning,
    Handover,
    Break,
    /// Walking between spots (recorded for walkers).
    Walk,
}

impl Act {
    pub fn name(self) -> &'static str {
        match self {
            Act::Sleep => "sleep",
            Act::Rest => "rest",
            Act::Care => "care",
            Act::Meal => "meal",
            Act::Lounge => "lounge",
            Act::Garden => "garden",
            Act::Toilet => "toilet",
            Act::Visit => "visit",
            Act::Wander => "wander",
            Act::Work => "work",
            Act::MedRound => "med_round",
            Act::Cleaning => "cleaning",
            Act::Handover => "handover",
            Act::Break => "break",
            Act::Walk => "walk",
        }
    }

    /// Whether the person speaks much during this activity (for emission in issue 8): conversation
    /// at meals, in the lounge, during care, visits and handovers; resting otherwise.
    pub fn speaking(self) -> bool {
        matches!(
            self,
            Act::Care
                | Act::Meal
                | Act::Lounge
                | Act::Visit
                | Act::Handover
                | Act::Break
                | Act::MedRound
        )
    }
}

/// A zone is a room (`0..rooms`) or an outdoor area (`rooms + k`).
pub type Zone = usize;

/// The zone index of a building side (`None` for the outside).
pub fn zone_of(b: &Building, side: Side) -> Option<Zone> {
    match side {
        Side::Room(i) => Some(i),
        Side::Outdoor(k) => Some(b.rooms.len() + k),
        Side::Outside => None,
    }
}

/// The side of a zone.
pub fn side_of(b: &Building, z: Zone) -> Side {
    if z < b.rooms.len() {
        Side::Room(z)
    } else {
        Side::Outdoor(z - b.rooms.len())
    }
}

/// Number of zones (rooms and outdoor areas).
pub fn zone_count(b: &Building) -> usize {
    b.rooms.len() + b.outdoor.len()
}

/// Name of a zone (its id).
pub fn zone_id(b: &Building, z: Zone) -> &str {
    if z < b.rooms.len() {
        &b.rooms[z].id
    } else {
        &b.outdoor[z - b.rooms.len()].id
    }
}

/// The zone containing a point, rooms first.
pub fn zone_at(b: &Building, floor: usize, p: P2) -> Option<Zone> {
    if let Some(r) = b.room_at(floor, p) {
        return Some(r);
    }
    b.outdoor
        .iter()
        .position(|o| o.floor == floor && crate::geom::contains(&o.polygon, p))
        .map(|k| b.rooms.len() + k)
}

/// [`zone_at`], trying `guess` (the zone the point was last in) first: a walker is usually still
/// in the room it was in a second ago, and one polygon test is cheaper than an R-tree query.
pub fn zone_at_near(b: &Building, floor: usize, p: P2, guess: Option<Zone>) -> Option<Zone> {
    if let Some(z) = guess {
        let hit = match b.rooms.get(z) {
            Some(r) => r.floor == floor && crate::geom::contains(&r.polygon, p),
            None => b
                .outdoor
                .get(z - b.rooms.len())
                .is_some_and(|o| o.floor == floor && crate::geom::contains(&o.polygon, p)),
        };
        if hit {
            return Some(z);
        }
    }
    zone_at(b, floor, p)
}

/// A place where a person stays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loc {
    pub zone: Zone,
    pub floor: usize,
    pub p: P2,
}

/// One entry of a person's day: from `t_s` (seconds since midnight) the person goes to `loc`
/// (`None`: off site) and does `act` there until the next slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub t_s: f64,
    pub loc: Option<Loc>,
    pub act: Act,
}

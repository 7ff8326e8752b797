//! What a run produces, in a form the transmission step (issue 8) consumes per replicate:
//! presence intervals (who was in which zone, when, doing what — speaking or resting follows from
//! [`Act::speaking`]) and close-contact episodes (pair, zone, start, duration, distance). Summaries
//! for the reports are pure functions of a record.

use super::{Act, Role, Zone};

/// One person in one zone over an interval (seconds since the start of the run).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Presence {
    pub person: u32,
    pub zone: Zone,
    pub t0_s: f64,
    pub t1_s: f64,
    pub act: Act,
}

/// A contact episode: two people within [`CONTACT_M`] with a line of sight, continuously (people
/// sitting still) or in consecutive samples (someone walking).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contact {
    /// `a < b`.
    pub a: u32,
    pub b: u32,
    pub zone: Zone,
    pub t0_s: f64,
    pub dur_s: f64,
    /// Smallest distance seen, metres.
    pub dist_m: f64,
}

/// One walker's position at one contact sample (frame `frame` is at `frame ×
/// run.contact_sample_s` seconds since the start of the run).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrackSample {
    pub frame: u64,
    /// The track this sample belongs to: one unbroken stretch of one walk on one floor (a new
    /// number when a walk starts, after a stair or lift ride, on a change of floor; a
    /// re-targeted walk is a new walk), so a track has a sample at every frame of its span.
    pub track: u32,
    pub person: u32,
    pub floor: usize,
    pub x_m: f64,
    pub y_m: f64,
    /// Unit heading.
    pub ori: [f64; 2],
}

/// Contact distance, metres (the 2 m of distancing guidance; SocioPatterns sensors ≈1.5 m).
pub const CONTACT_M: f64 = 2.0;
/// Close contact distance, metres (DESIGN.md §4, close-range exposure).
pub const CLOSE_M: f64 = 1.5;

/// Who a person is, as the record needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PersonInfo {
    pub role: Role,
    pub agency: bool,
    /// Cohort group (residents: their group; staff: theirs; visitors: their resident's).
    pub group: usize,
    /// Residents: bedroom zone. Visitors: the resident visited's bedroom.
    pub bedroom: Option<Zone>,
    /// Residents: en-suite or assigned toilet.
    pub toilet: Option<Zone>,
}

/// Where the time went, seconds of wall time (measured by the engine when asked).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timing {
    pub schedule_s: f64,
    pub routing_s: f64,
    pub stepping_s: f64,
    pub contacts_s: f64,
}

/// Counters of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub walks: u64,
    /// Agent updates by the pedestrian model (walkers near another walker).
    pub agent_steps: u64,
    /// Agent updates of walkers alone, moved along their route.
    pub kinematic_steps: u64,
    pub routes_computed: u64,
    pub route_requests: u64,
    /// Walks with no route (the person was moved to the goal).
    pub no_route: u64,
    /// The engine's fallback: walks that took too long, or were re-targeted from where no
    /// room is, whose walker was moved to the goal. 0 expected on the bundled plans
    /// (tests/sim.rs, `no_teleports_in_a_week`).
    pub stuck: u64,
    /// Walkers who lost sight of their next waypoint and were given a route from where they
    /// stood (`ped::replan`).
    pub replans: u64,
    /// Re-plans that found no route (the walker kept its old one).
    pub replan_failures: u64,
    /// Samples of walkers found in no room, outdoor area or door opening.
    pub off_walkable_samples: u64,
    pub walker_samples: u64,
}

/// The record of one replicate.
#[derive(Clone, Debug, Default)]
pub struct RunRecord {
    pub replicate: u32,
    pub days: u32,
    pub people: Vec<PersonInfo>,
    pub presence: Vec<Presence>,
    pub contacts: Vec<Contact>,
    /// Walkers' positions at each contact sample, in time order (empty unless
    /// [`super::RunOptions::trajectories`]).
    pub trajectories: Vec<TrackSample>,
    pub stats: Stats,
    pub timing: Timing,
}

/// Zone categories for time use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Bedroom,
    Dining,
    Lounge,
    Garden,
    Toilet,
    Other,
}

impl RunRecord {
    /// Share of residents' time in each place, from presence (bedroom includes the en-suite:
    /// `Bedroom` here means own bedroom or en-suite).
    pub fn resident_time_use(&self, b: &crate::building::Building) -> Vec<(Place, f64)> {
        use crate::plan::RoomUse;
        let cats = [
            Place::Bedroom,
            Place::Dining,
            Place::Lounge,
            Place::Garden,
            Place::Toilet,
            Place::Other,
        ];
        let mut t = [0.0; 6];
        for p in &self.presence {
            let info = &self.people[p.person as usize];
            if info.role != Role::Resident {
                continue;
            }
            let c = if p.zone >= b.rooms.len() {
                3
            } else {
                match b.rooms[p.zone].room_use {
                    RoomUse::Bedroom | RoomUse::Ensuite => 0,
                    RoomUse::Dining => 1,
                    RoomUse::Lounge | RoomUse::Activity | RoomUse::GardenRoom => 2,
                    RoomUse::Bathroom | RoomUse::Wc => 4,
                    _ => 5,
                }
            };
            t[c] += p.t1_s - p.t0_s;
        }
        let total: f64 = t.iter().sum::<f64>().max(1e-9);
        cats.iter().zip(t).map(|(c, v)| (*c, v / total)).collect()
    }

    /// Contact episodes and contact seconds by role pair, `[a][b]` with `a ≤ b` by role index,
    /// counting only episodes within `max_m`.
    pub fn contact_matrix(&self, max_m: f64) -> [[(u64, f64); 8]; 8] {
        let mut m = [[(0u64, 0.0f64); 8]; 8];
        for c in &self.contacts {
            if c.dist_m > max_m {
                continue;
            }
            let (ra, rb) = (
                self.people[c.a as usize].role.index(),
                self.people[c.b as usize].role.index(),
            );
            let (i, j) = if ra <= rb { (ra, rb) } else { (rb, ra) };
            m[i][j].0 += 1;
            m[i][j].1 += c.dur_s;
        }
        m
    }

    /// Person-minutes per zone and role.
    pub fn person_minutes(&self, zones: usize) -> Vec<[f64; 8]> {
        let mut v = vec![[0.0; 8]; zones];
        for p in &self.presence {
            v[p.zone][self.people[p.person as usize].role.index()] += (p.t1_s - p.t0_s) / 60.0;
        }
        v
    }

    /// Mean number of people present per zone and hour of the day (averaged over days).
    pub fn occupancy_by_hour(&self, zones: usize) -> Vec<[f64; 24]> {
        let mut v = vec![[0.0; 24]; zones];
        for p in &self.presence {
            let mut t = p.t0_s;
            while t < p.t1_s {
                let hour_end = ((t / 3600.0).floor() + 1.0) * 3600.0;
                let e = hour_end.min(p.t1_s);
                let h = ((t / 3600.0).floor() as i64).rem_euclid(24) as usize;
                v[p.zone][h] += (e - t) / 3600.0;
                t = e;
            }
        }
        let d = self.days.max(1) as f64;
        for row in &mut v {
            for x in row.iter_mut() {
                *x /= d;
            }
        }
        v
    }
}

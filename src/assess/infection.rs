//! Infection-control geometry: crowding, single en-suite rooms, households that can be closed
//! off, separate entrances, a visiting room reachable from outside, ventilation per occupant.

use super::Schedule;
use super::metric::{Better, M, Metric, ratio};
use crate::building::{Building, Side, Via};
use crate::plan::{DoorKind, RoomUse};
use serde::Serialize;

/// WHO (2021) *Roadmap to improve and ensure good indoor ventilation in the context of COVID-19*:
/// 10 L/s per person of outdoor air.
pub const WHO_L_S_PER_PERSON: f64 = 10.0;
/// 1 m³/h = 1000 L / 3600 s.
const L_S_PER_M3_H: f64 = 1000.0 / 3600.0;

/// Can one household be closed off?
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Separability {
    pub household: String,
    /// All of its rooms can be reached from an entrance, indoors, without entering another
    /// household.
    pub reachable_without_crossing_others: bool,
    /// With its rooms closed, every room of every other household can still be reached from an
    /// entrance, indoors.
    pub others_reachable_when_closed: bool,
    /// Doors between its rooms and rooms outside it (the doors that would be shut).
    pub boundary_doors: u32,
}

impl Separability {
    pub fn separable(&self) -> bool {
        self.reachable_without_crossing_others && self.others_reachable_when_closed
    }
}

/// Nodes reachable from the entrance rooms without going back outside (fire exits are exits,
/// not ways in) and only through nodes `enter` accepts.
fn reach(b: &Building, enter: impl Fn(Side) -> bool) -> Vec<bool> {
    let starts: Vec<Side> = b
        .entrances()
        .into_iter()
        .map(Side::Room)
        .filter(|&s| enter(s))
        .collect();
    b.graph
        .reachable(&starts, |l| l.to != Side::Outside && enter(l.to))
}

pub fn separability(b: &Building) -> Vec<Separability> {
    (0..b.households.len())
        .map(|h| {
            let in_h = |s: Side| matches!(s, Side::Room(i) if b.rooms[i].household == Some(h));
            let in_other = |s: Side| matches!(s, Side::Room(i) if b.rooms[i].household.is_some_and(|x| x != h));
            let seen = reach(b, |s| !in_other(s));
            let reachable_without_crossing_others = (0..b.rooms.len())
                .filter(|&i| b.rooms[i].household == Some(h))
                .all(|i| seen[b.graph.index(Side::Room(i))]);
            let seen = reach(b, |s| !in_h(s));
            let others_reachable_when_closed = (0..b.rooms.len())
                .filter(|&i| b.rooms[i].household.is_some_and(|x| x != h))
                .all(|i| seen[b.graph.index(Side::Room(i))]);
            let boundary_doors = b.doors.iter().filter(|d| in_h(d.sides[0]) != in_h(d.sides[1])).count() as u32;
            Separability {
                household: b.households[h].id.clone(),
                reachable_without_crossing_others,
                others_reachable_when_closed,
                boundary_doors,
            }
        })
        .collect()
}

/// Is there a staff entrance (a staff-only door to the outside) besides a public entrance?
pub fn separate_staff_entrance(b: &Building) -> bool {
    let outside = |s: &Side| !matches!(s, Side::Room(_));
    let staff = b
        .doors
        .iter()
        .any(|d| d.kind == DoorKind::StaffOnly && d.sides.iter().any(outside));
    let public = b.entrances().iter().any(|&e| {
        b.rooms[e].doors.iter().any(|&d| {
            b.doors[d].kind != DoorKind::StaffOnly && b.doors[d].sides.iter().any(outside)
        })
    });
    staff && public
}

/// Visiting rooms that visitors reach from outside without entering any household's rooms or
/// any private room.
pub fn visiting_rooms_reachable_from_outside(b: &Building) -> (usize, usize) {
    let visiting: Vec<usize> = (0..b.rooms.len())
        .filter(|&i| b.rooms[i].room_use == RoomUse::Visiting)
        .collect();
    let public = |s: Side| match s {
        Side::Room(i) => b.rooms[i].household.is_none() && !b.rooms[i].room_use.is_private(),
        _ => true,
    };
    let seen = b.graph.reachable(&[Side::Outside], |l| {
        matches!(l.via, Via::Door(d) if b.doors[d].kind != DoorKind::Locked) && public(l.to)
    });
    let ok = visiting
        .iter()
        .filter(|&&i| seen[b.graph.index(Side::Room(i))])
        .count();
    (ok, visiting.len())
}

/// Outdoor air to a room, L/s, from its `ach` (× volume) or `supply_l_s`; `None` if not given.
pub fn outdoor_air_l_s(b: &Building, room: usize) -> Option<f64> {
    let r = &b.rooms[room];
    r.ventilation.supply_l_s.or_else(|| {
        r.ventilation
            .ach
            .map(|ach| ach * r.volume_m3() * L_S_PER_M3_H)
    })
}

pub fn section(b: &Building, s: &Schedule, sep: &[Separability]) -> Vec<Metric> {
    let residents_separable: u32 = sep
        .iter()
        .zip(0..)
        .filter(|(x, _)| x.separable())
        .map(|(_, h)| {
            b.rooms
                .iter()
                .filter(|r| r.household == Some(h))
                .map(|r| r.beds)
                .sum::<u32>()
        })
        .sum();
    let (vis_ok, vis_n) = visiting_rooms_reachable_from_outside(b);
    let mut beds_ok = 0;
    let mut beds_known = 0;
    for (i, r) in b
        .rooms
        .iter()
        .enumerate()
        .filter(|(_, r)| r.room_use == RoomUse::Bedroom)
    {
        if let Some(q) = outdoor_air_l_s(b, i) {
            beds_known += r.beds;
            if q / r.beds as f64 >= WHO_L_S_PER_PERSON {
                beds_ok += r.beds;
            }
        }
    }
    vec![
        M { key: "infection.crowding_index", label: "Crowding index", unit: "residents", better: Better::Lower, threshold: Some(2.0), source: "Brown KA et al. 2021, JAMA Intern Med 181:229: homes at ≥ 2 had 9.7% vs 4.5% COVID-19 incidence", how: "Residents / (½·bedrooms + ½·bathrooms residents use, en-suites included)." }.of(s.crowding_index),
        M { key: "infection.single_ensuite_share", label: "Residents in single en-suite rooms", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022; HIQA 2016", how: "Residents in one-bed bedrooms with their own en-suite, over all residents: isolation in place." }.of(s.single_ensuite_share),
        M { key: "infection.separable_household_share", label: "Residents in households that can be closed off", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022: zones that can be closed off, each with its own route in", how: "A household is separable if all its rooms are reachable from an entrance, indoors, without entering another household and, with it closed, every other household's rooms still are; residents of separable households over all residents. Undefined with fewer than two households (there is nothing to close one off from)." }
            .of(if b.households.len() >= 2 { ratio(residents_separable as f64, s.residents as f64) } else { None }),
        M { key: "infection.separate_staff_entrance", label: "Separate staff entrance", unit: "yes=1", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022: separate entrances for staff and visitors", how: "1 if a staff-only door leads outside and an entrance room has a public door to the outside." }.of(Some(if separate_staff_entrance(b) { 1.0 } else { 0.0 })),
        M { key: "infection.visiting_room_from_outside", label: "Visiting rooms reachable without crossing the home", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022: visiting spaces reachable without crossing the home", how: "Visiting rooms reached from outside through unlocked doors and rooms belonging to no household and not private, over all visiting rooms (undefined when there are none)." }.of(ratio(vis_ok as f64, vis_n as f64)),
        M { key: "infection.bedroom_ventilation_share", label: "Residents whose bedroom gets 10 L/s per person", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "WHO 2021, Roadmap to improve and ensure good indoor ventilation in the context of COVID-19: 10 L/s/person", how: "Outdoor air = ach × volume / 3.6 (or supply_l_s) shared by the room's beds; residents of bedrooms reaching 10 L/s each, over residents of bedrooms whose ventilation is given." }.of(ratio(beds_ok as f64, beds_known as f64)),
    ]
}

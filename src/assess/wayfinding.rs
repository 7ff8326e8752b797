//! Wayfinding: visibility graph analysis per floor, dead-end corridors, and visual access from
//! the day rooms to the bedroom doors of their household.

use super::metric::{Better, M, Metric, ratio, total};
use super::vga::Vga;
use crate::building::{Building, Side};
use crate::plan::{OutdoorUse, RoomUse};

/// Offset of a door sight target from the door centre into the corridor side, metres.
const DOOR_TARGET_OFFSET_M: f64 = 0.15;

fn is_circulation(b: &Building, s: Side) -> bool {
    match s {
        Side::Room(i) => matches!(
            b.rooms[i].room_use,
            RoomUse::Corridor
                | RoomUse::Entrance
                | RoomUse::Lounge
                | RoomUse::Dining
                | RoomUse::Activity
                | RoomUse::Stair
                | RoomUse::Lift
                | RoomUse::Visiting
                | RoomUse::GardenRoom
        ),
        Side::Outdoor(k) => !matches!(b.outdoor[k].outdoor_use, OutdoorUse::Parking),
        Side::Outside => true,
    }
}

/// Corridors with at most one way on into other circulation or day space: you walk in and must
/// come back the same way (Marquardt 2011: dead ends disorient people with dementia).
pub fn dead_end_corridors(b: &Building) -> Vec<usize> {
    (0..b.rooms.len())
        .filter(|&i| b.rooms[i].room_use == RoomUse::Corridor)
        .filter(|&i| {
            let ways = b
                .graph
                .links(Side::Room(i))
                .iter()
                .filter(|l| is_circulation(b, l.to))
                .count();
            ways <= 1
        })
        .collect()
}

/// For each bedroom with an entrance door: is that door visible from some point of its
/// household's lounge or dining room (on the same floor)? Day rooms are those of the bedroom's
/// household; without any, the shared (household-less) ones.
pub fn visual_access(b: &Building, vgas: &[Vga]) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (i, r) in b
        .rooms
        .iter()
        .enumerate()
        .filter(|(_, r)| r.room_use == RoomUse::Bedroom)
    {
        let Some(door) = b.entrance_door(i) else {
            continue;
        };
        let Some(Side::Room(corridor)) = b.doors[door].other_side(Side::Room(i)) else {
            out.push((i, false));
            continue;
        };
        let target = b.door_approach(door, corridor, DOOR_TARGET_OFFSET_M);
        let rooms = super::own_or_shared_rooms(b, r.household, Some(r.floor), |u| {
            matches!(u, RoomUse::Lounge | RoomUse::Dining)
        });
        let Some(v) = vgas.iter().find(|v| v.floor == r.floor) else {
            continue;
        };
        let seen = v
            .cells
            .iter()
            .zip(&v.room)
            .any(|(&p, room)| rooms.contains(room) && b.line_of_sight(r.floor, p, target));
        out.push((i, seen));
    }
    out
}

/// Mean of the defined integration values of a floor's cells.
pub fn mean_integration(v: &Vga) -> Option<f64> {
    let vals: Vec<f64> = v.integration_hh.iter().flatten().copied().collect();
    ratio(total(vals.iter().copied()), vals.len() as f64)
}

pub fn section(b: &Building, vgas: &[Vga]) -> Vec<Metric> {
    let cells = total(vgas.iter().map(|v| v.cells.len() as f64));
    // Cell-weighted means over all floors.
    let integ = ratio(
        total(
            vgas.iter()
                .filter_map(|v| mean_integration(v).map(|m| m * v.cells.len() as f64)),
        ),
        cells,
    );
    let conn = ratio(
        total(
            vgas.iter()
                .flat_map(|v| v.connectivity.iter().map(|&c| c as f64)),
        ),
        cells,
    );
    let access = visual_access(b, vgas);
    let seen: u32 = access
        .iter()
        .filter(|a| a.1)
        .map(|a| b.rooms[a.0].beds)
        .sum();
    let all: u32 = access.iter().map(|a| b.rooms[a.0].beds).sum();
    vec![
        M { key: "wayfinding.mean_integration_hh", label: "Mean visual integration [HH]", unit: "index", better: Better::Higher, threshold: None, source: "Turner et al. 2001 (Env Plan B 28:103); depthmapX definitions", how: "Visibility graph on a grid (default 0.5 m) per floor; integration = D_k / RA with RA = 2(MD − 1)/(k − 2); mean over all cells of all floors. Higher: spaces more visually connected, easier to read." }.of(integ),
        M { key: "wayfinding.mean_connectivity", label: "Mean visual connectivity", unit: "cells", better: Better::Higher, threshold: None, source: "Turner et al. 2001", how: "Number of grid cells visible from each cell, averaged over all cells." }.of(conn),
        M { key: "wayfinding.dead_end_corridors", label: "Dead-end corridors", unit: "corridors", better: Better::Lower, threshold: Some(0.0), source: "Marquardt 2011 (HERD 4:75): avoid dead ends in dementia care", how: "Corridors with at most one door into other circulation or day space." }.of(Some(dead_end_corridors(b).len() as f64)),
        M { key: "wayfinding.visual_access_share", label: "Residents whose bedroom door is visible from their day rooms", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "Marquardt & Schmieg 2009 (Am J Alzheimers Dis 24:333): visual access supports orientation and supervision", how: "A bedroom door counts if a clear sight line joins any VGA cell of its household's lounge or dining room (or the shared ones) on its floor to a point 0.15 m outside the door." }.of(ratio(seen as f64, all as f64)),
    ]
}

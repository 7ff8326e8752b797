//! Privacy and dignity: single rooms, en-suites, shared bathrooms, and whether the toilet can be
//! seen from the bed.

use super::Schedule;
use super::metric::{Better, M, Metric, ratio};
use crate::building::Building;
use crate::plan::RoomUse;

/// Offset of the sight target from an en-suite door centre into the bedroom, metres: the door
/// centre itself lies on the wall line.
const DOOR_TARGET_OFFSET_M: f64 = 0.15;

/// For each bedroom with an en-suite: can the en-suite door be seen from every bed?
/// Seeing the toilet from bed helps people with dementia find it at night (Marquardt G, Bueter K,
/// Motzek T 2014, HERD 8:127, review of environmental design for people with dementia).
pub fn toilet_visible_from_bed(b: &Building) -> Vec<(usize, bool)> {
    (0..b.rooms.len())
        .filter(|&i| b.rooms[i].room_use == RoomUse::Bedroom)
        .filter_map(|i| {
            let (door, _) = b
                .adjacent_rooms(i)
                .find(|&(_, j)| b.rooms[j].room_use == RoomUse::Ensuite)?;
            let target = b.door_approach(door, i, DOOR_TARGET_OFFSET_M);
            let floor = b.rooms[i].floor;
            Some((
                i,
                b.bed_spots(i)
                    .iter()
                    .all(|&bed| b.line_of_sight(floor, bed, target)),
            ))
        })
        .collect()
}

pub fn section(b: &Building, s: &Schedule) -> Vec<Metric> {
    let vis = toilet_visible_from_bed(b);
    let seen = vis.iter().filter(|v| v.1).count();
    let ids = |f: &dyn Fn(&crate::building::RoomGeom) -> bool| -> Vec<String> {
        b.rooms
            .iter()
            .filter(|r| r.room_use == RoomUse::Bedroom && f(r))
            .map(|r| r.id.clone())
            .collect()
    };
    let shared = ids(&|r| r.beds > 1);
    let toilet_hidden: Vec<String> = vis
        .iter()
        .filter(|v| !v.1)
        .map(|v| b.rooms[v.0].id.clone())
        .collect();
    vec![
        M { key: "privacy.single_room_share", label: "Residents in single rooms", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "England NMS 23 (single rooms by default); Brown et al. 2021 (shared rooms and crowding)", how: "Residents in one-bed bedrooms over all residents." }.of(s.single_room_share).failing(shared),
        M { key: "privacy.ensuite_share", label: "Residents with an en-suite", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "HIQA National Standards (2016): new bedrooms en-suite", how: "Residents whose bedroom has a door to an en-suite room, over all residents." }.of(s.ensuite_share),
        M { key: "privacy.single_ensuite_share", label: "Residents in single en-suite rooms", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "HIQA National Standards (2016); TrinityHaus 2022", how: "Residents in one-bed bedrooms with their own en-suite, over all residents." }.of(s.single_ensuite_share),
        M { key: "privacy.residents_per_shared_bathroom", label: "Residents per shared bathroom/WC", unit: "residents", better: Better::Lower, threshold: Some(4.0), source: "England NMS 21.5–21.7: a WC within easy reach of lounges and bedrooms; assisted bath per 8 residents; 4 used here as a design target", how: "Residents without an en-suite, over bathrooms and WCs residents use that are not en-suites." }.of(s.residents_per_shared_bathroom),
        M { key: "privacy.toilet_visible_from_bed_share", label: "En-suite bedrooms with the toilet door visible from bed", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "Marquardt, Bueter & Motzek 2014 (HERD 8:127): visible toilets support continence in dementia", how: "Beds are placed by rule (≥ 0.7 m from walls, farthest from the room door); a bedroom passes if every bed has a clear sight line to a point 0.15 m inside the en-suite door." }.of(ratio(seen as f64, vis.len() as f64)).failing(toilet_hidden),
    ]
}

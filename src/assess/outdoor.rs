//! Outdoor access: garden area, views of green space, and a walking loop.

use super::Schedule;
use super::metric::{Better, M, Metric, ratio, total};
use crate::building::{Building, Side};
use crate::plan::{OutdoorUse, Outlook, RoomUse};

/// Is there a circular walk: a cycle in the graph of circulation and day spaces and gardens?
/// Continuous walking loops that return to their start support people with dementia who walk
/// (Marquardt 2011, HERD 4:75, on layout and wayfinding in dementia care).
pub fn has_walking_loop(b: &Building) -> bool {
    let circ = |s: Side| match s {
        Side::Room(i) => matches!(
            b.rooms[i].room_use,
            RoomUse::Corridor
                | RoomUse::Lounge
                | RoomUse::Dining
                | RoomUse::Activity
                | RoomUse::Entrance
                | RoomUse::GardenRoom
                | RoomUse::Visiting
        ),
        Side::Outdoor(k) => !matches!(
            b.outdoor[k].outdoor_use,
            OutdoorUse::Street | OutdoorUse::Parking
        ),
        Side::Outside => false,
    };
    // Union–find: a cycle exists when a door joins two nodes already connected.
    let n = b.graph.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for d in &b.doors {
        let [a, c] = d.sides;
        if !(circ(a) && circ(c)) {
            continue;
        }
        let (ra, rc) = (
            find(&mut parent, b.graph.index(a)),
            find(&mut parent, b.graph.index(c)),
        );
        if ra == rc {
            return true;
        }
        parent[ra] = rc;
    }
    false
}

/// Is there a door from a day space (lounge, dining, activity, garden room, corridor) straight
/// into a garden, courtyard or terrace?
pub fn garden_doors(b: &Building) -> Vec<usize> {
    (0..b.doors.len())
        .filter(|&d| {
            let s = b.doors[d].sides;
            s.iter().any(|x| matches!(x, Side::Outdoor(k) if !matches!(b.outdoor[*k].outdoor_use, OutdoorUse::Street | OutdoorUse::Parking)))
        })
        .collect()
}

pub fn section(b: &Building, s: &Schedule) -> Vec<Metric> {
    let garden_m2 = total(
        b.outdoor
            .iter()
            .filter(|o| {
                matches!(
                    o.outdoor_use,
                    OutdoorUse::Garden | OutdoorUse::Courtyard | OutdoorUse::Terrace
                )
            })
            .map(|o| o.area_m2),
    );
    let mut with_view = 0;
    for r in b.rooms.iter().filter(|r| r.room_use == RoomUse::Bedroom) {
        if r.windows
            .iter()
            .any(|&w| matches!(b.windows[w].outlook, Outlook::Garden | Outlook::Courtyard))
        {
            with_view += r.beds;
        }
    }
    vec![
        M { key: "outdoor.garden_m2_per_resident", label: "Garden, courtyard and terrace per resident", unit: "m2/resident", better: Better::Higher, threshold: None, source: "TrinityHaus 2022: accessible outdoor space for every household", how: "Area of outdoor areas of use garden, courtyard or terrace, over residents." }.of(ratio(garden_m2, s.residents as f64)),
        M { key: "outdoor.garden_view_share", label: "Residents whose bedroom looks onto a garden or courtyard", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022: views of nature from bedrooms", how: "Residents in bedrooms with at least one window whose outlook is garden or courtyard." }.of(ratio(with_view as f64, s.residents as f64)),
        M { key: "outdoor.garden_doors", label: "Doors into gardens, courtyards or terraces", unit: "doors", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022: direct access to outdoor space", how: "Doors whose other side is a garden, courtyard or terrace." }.of(Some(garden_doors(b).len() as f64)),
        M { key: "outdoor.walking_loop", label: "A circular walk exists", unit: "yes=1", better: Better::Higher, threshold: Some(1.0), source: "Marquardt 2011 (HERD 4:75): continuous paths for walking in dementia care", how: "1 if the doors between corridors, day rooms and gardens form at least one cycle, else 0." }.of(Some(if has_walking_loop(b) { 1.0 } else { 0.0 })),
    ]
}

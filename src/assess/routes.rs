//! Route metrics from each bedroom to the places a resident goes every day: the dining room and
//! lounge of their household, the nearest toilet and the garden. Routes come from
//! [`crate::nav`] for a resident who needs a step-free route (lifts, not stairs).

use super::metric::{Better, M, Metric, ratio, total};
use crate::building::{Building, Side};
use crate::geom::Segment;
use crate::nav::{NavGraph, Place, Role, Route, Traveller};
use crate::plan::{OutdoorUse, RoomUse};
use serde::Serialize;

/// A door the route walks past within this distance, without taking it, is a decision point,
/// metres (a door within arm's reach of the path invites a turn).
pub const DECISION_DOOR_DISTANCE_M: f64 = 1.5;
/// Mean walk from bedroom to dining or lounge, metres: the US Department of Veterans Affairs
/// Community Living Center design guide asks for about 50–60 ft (15–18 m) of travel.
pub const VA_TRAVEL_M: f64 = 18.0;

/// Where a daily route goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Dining,
    Lounge,
    Toilet,
    Garden,
}

/// One bedroom-to-destination route.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RouteMetric {
    pub bedroom: String,
    pub destination: Destination,
    /// The room or door it ends at.
    pub target: String,
    pub length_m: f64,
    pub direction_changes: u32,
    pub decision_points: u32,
    /// Residents of the bedroom (weights for home-wide means).
    pub residents: u32,
}

/// Doors the route passes within [`DECISION_DOOR_DISTANCE_M`] without going through them (the
/// door the route ends at, within 0.5 m of its last point, is its goal, not a decision).
pub fn decision_points(b: &Building, route: &Route) -> u32 {
    let mut n = 0;
    let end = route
        .legs
        .last()
        .and_then(|l| l.points.last().map(|&p| (l.floor, p)));
    for (d, door) in b.doors.iter().enumerate() {
        if route.doors.contains(&d)
            || end.is_some_and(|(f, p)| f == door.floor && (door.centre - p).norm() <= 0.5)
        {
            continue;
        }
        let near = route
            .legs
            .iter()
            .filter(|l| l.floor == door.floor)
            .any(|l| {
                l.points.windows(2).any(|w| {
                    Segment::new(w[0], w[1]).distance_to(door.centre).0 <= DECISION_DOOR_DISTANCE_M
                })
            });
        n += near as u32;
    }
    n
}

fn start(b: &Building, bedroom: usize) -> Place {
    let r = &b.rooms[bedroom];
    Place {
        floor: r.floor,
        p: b.bed_spots(bedroom).first().copied().unwrap_or(r.centroid),
    }
}

fn centre(b: &Building, room: usize) -> Place {
    let r = &b.rooms[room];
    Place {
        floor: r.floor,
        p: r.centroid,
    }
}

/// The shortest of the routes to `targets`, with the target's name.
fn best(
    nav: &NavGraph,
    b: &Building,
    from: Place,
    targets: impl Iterator<Item = (String, Place)>,
) -> Option<(String, Route)> {
    let who = Traveller {
        role: Role::Resident,
        step_free: true,
    };
    targets
        .filter_map(|(name, to)| nav.route(b, from, to, who).ok().map(|r| (name, r)))
        .min_by(|a, c| a.1.cost_m.total_cmp(&c.1.cost_m).then(a.0.cmp(&c.0)))
}

/// Every bedroom's routes to its dining room, lounge, nearest toilet and garden door.
pub fn bedroom_routes(b: &Building, nav: &NavGraph) -> Vec<RouteMetric> {
    let mut out = Vec::new();
    for (i, r) in b
        .rooms
        .iter()
        .enumerate()
        .filter(|(_, r)| r.room_use == RoomUse::Bedroom)
    {
        let from = start(b, i);
        let day_rooms = |u: RoomUse| super::own_or_shared_rooms(b, r.household, None, |x| x == u);
        let ensuites: Vec<usize> = b.ensuites_of(i).collect();
        let toilets: Vec<usize> = if ensuites.is_empty() {
            (0..b.rooms.len())
                .filter(|&j| {
                    matches!(b.rooms[j].room_use, RoomUse::Bathroom | RoomUse::Wc)
                        && !b.is_staff_only(j)
                })
                .collect()
        } else {
            ensuites
        };
        let garden_doors: Vec<(String, Place)> = b
            .doors
            .iter()
            .enumerate()
            .filter_map(|(d, door)| {
                let outdoor = door.sides.iter().any(|s| matches!(s, Side::Outdoor(k) if !matches!(b.outdoor[*k].outdoor_use, OutdoorUse::Street | OutdoorUse::Parking)));
                let room = door.sides.iter().find_map(|s| match s {
                    Side::Room(j) => Some(*j),
                    _ => None,
                })?;
                outdoor.then(|| (door.id.clone(), Place { floor: door.floor, p: b.door_approach(d, room, 0.2) }))
            })
            .collect();
        let rooms_named = |v: Vec<usize>| {
            v.into_iter()
                .map(|j| (b.rooms[j].id.clone(), centre(b, j)))
                .collect::<Vec<_>>()
        };
        for (dest, targets) in [
            (Destination::Dining, rooms_named(day_rooms(RoomUse::Dining))),
            (Destination::Lounge, rooms_named(day_rooms(RoomUse::Lounge))),
            (Destination::Toilet, rooms_named(toilets)),
            (Destination::Garden, garden_doors),
        ] {
            if let Some((target, route)) = best(nav, b, from, targets.into_iter()) {
                out.push(RouteMetric {
                    bedroom: r.id.clone(),
                    destination: dest,
                    target,
                    length_m: route.length_m,
                    direction_changes: route.direction_changes,
                    decision_points: decision_points(b, &route),
                    residents: r.beds,
                });
            }
        }
    }
    out
}

/// Resident-weighted mean of `f` over the routes to `dest`.
pub fn mean(
    routes: &[RouteMetric],
    dest: Destination,
    f: impl Fn(&RouteMetric) -> f64,
) -> Option<f64> {
    let sel: Vec<&RouteMetric> = routes.iter().filter(|r| r.destination == dest).collect();
    ratio(
        total(sel.iter().map(|r| f(r) * r.residents as f64)),
        total(sel.iter().map(|r| r.residents as f64)),
    )
}

pub fn section(routes: &[RouteMetric]) -> Vec<Metric> {
    let len = |d| mean(routes, d, |r| r.length_m);
    let all_daily: Vec<&RouteMetric> = routes
        .iter()
        .filter(|r| matches!(r.destination, Destination::Dining | Destination::Lounge))
        .collect();
    let turns = ratio(
        total(
            all_daily
                .iter()
                .map(|r| r.direction_changes as f64 * r.residents as f64),
        ),
        total(all_daily.iter().map(|r| r.residents as f64)),
    );
    let decisions = ratio(
        total(
            all_daily
                .iter()
                .map(|r| r.decision_points as f64 * r.residents as f64),
        ),
        total(all_daily.iter().map(|r| r.residents as f64)),
    );
    let how_len = "Shortest step-free route for a resident (nav module: door portals, 0.3 m clearance from corners, lifts not stairs) from the bed to the room centre, averaged over residents.";
    vec![
        M { key: "routes.bedroom_to_dining_m", label: "Mean walk from bed to dining room", unit: "m", better: Better::Lower, threshold: Some(VA_TRAVEL_M), source: "US Dept. of Veterans Affairs, Community Living Center design guide: 50–60 ft (15–18 m) to living and dining", how: how_len }.of(len(Destination::Dining)),
        M { key: "routes.bedroom_to_lounge_m", label: "Mean walk from bed to lounge", unit: "m", better: Better::Lower, threshold: Some(VA_TRAVEL_M), source: "US Dept. of Veterans Affairs, Community Living Center design guide", how: how_len }.of(len(Destination::Lounge)),
        M { key: "routes.bedroom_to_toilet_m", label: "Mean walk from bed to the nearest toilet", unit: "m", better: Better::Lower, threshold: None, source: "England NMS 21 (toilets close to bedrooms); Marquardt et al. 2014", how: "As above, to the en-suite if there is one, else the nearest bathroom or WC residents use." }.of(len(Destination::Toilet)),
        M { key: "routes.bedroom_to_garden_m", label: "Mean walk from bed to a garden door", unit: "m", better: Better::Lower, threshold: None, source: "TrinityHaus 2022: easy access to outdoor space", how: "As above, to a point 0.2 m inside the nearest door to a garden, courtyard or terrace." }.of(len(Destination::Garden)),
        M { key: "routes.direction_changes", label: "Mean turns on the way to dining and lounge", unit: "turns", better: Better::Lower, threshold: None, source: "Marquardt 2011 (HERD 4:75): fewer direction changes aid orientation", how: "Turns of more than 20° along the routes to dining room and lounge, averaged over residents." }.of(turns),
        M { key: "routes.decision_points", label: "Mean decision points on the way to dining and lounge", unit: "doors", better: Better::Lower, threshold: None, source: "Marquardt 2011: decision points on routes burden orientation", how: "Doors not taken that the route passes within 1.5 m, on the routes to dining room and lounge, averaged over residents." }.of(decisions),
    ]
}

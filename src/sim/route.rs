//! Spot-to-spot routes. A simulation asks for the same few hundred room-to-room routes thousands of
//! times a day, so routes are cached per (zone, zone, traveller) between the zones' reference points
//! and spliced: the walker goes straight from its spot to the second point of the cached route (and
//! from the last-but-one point to its goal) when nothing hides it; otherwise the exact route is
//! computed (and cached by its end points).

use super::spots::Spots;
use super::{Loc, Zone};
use crate::building::Building;
use crate::nav::{NavGraph, Place, Route, Traveller};
use crate::ped::Waypoint;
use rustc_hash::FxHashMap as HashMap;

/// Route cache and statistics.
#[derive(Debug, Default)]
pub struct Router {
    zone: HashMap<(Zone, Zone, Traveller), Option<Route>>,
    exact: HashMap<([u64; 5], Traveller), Option<Route>>,
    /// Routes computed by the navigation graph (cache misses).
    pub computed: u64,
    /// Requests answered.
    pub requests: u64,
}

fn waypoints(route: &Route, b: &Building, to: Loc) -> Vec<Waypoint> {
    let path = crate::ped::doors::waypoints(route, b, Some(to.p));
    if path.is_empty() {
        return vec![Waypoint::at(to.floor, to.p)];
    }
    path
}

impl Router {
    /// Waypoints from `from` to `to` (the start point excluded), or `None` when no route obeys
    /// the rules for `who`.
    pub fn path(
        &mut self,
        b: &Building,
        nav: &NavGraph,
        spots: &Spots,
        from: Loc,
        to: Loc,
        who: Traveller,
    ) -> Option<Vec<Waypoint>> {
        self.requests += 1;
        if from.zone == to.zone
            && from.floor == to.floor
            && b.line_of_sight(from.floor, from.p, to.p)
        {
            return Some(vec![Waypoint::at(to.floor, to.p)]);
        }
        let key = (from.zone, to.zone, who);
        if !self.zone.contains_key(&key) {
            self.computed += 1;
            let a = spots.standing(from.zone, 0);
            let c = spots.standing(to.zone, 0);
            let r = nav
                .route(
                    b,
                    Place {
                        floor: from.floor,
                        p: a,
                    },
                    Place {
                        floor: to.floor,
                        p: c,
                    },
                    who,
                )
                .ok();
            self.zone.insert(key, r);
        }
        if let Some(r) = self.zone.get(&key).and_then(|r| r.as_ref()) {
            let first = &r.legs[0];
            let last = r.legs.last().expect("a route has a leg");
            let ok_start =
                first.points.len() >= 2 && b.line_of_sight(from.floor, from.p, first.points[1]);
            let ok_end = last.points.len() >= 2
                && b.line_of_sight(to.floor, last.points[last.points.len() - 2], to.p);
            if ok_start && ok_end {
                return Some(waypoints(r, b, to));
            }
        }
        let q = |x: f64| (x * 100.0).round() as i64 as u64;
        let ekey = (
            [
                q(from.p.x),
                q(from.p.y),
                q(to.p.x),
                q(to.p.y),
                (from.floor * 64 + to.floor) as u64,
            ],
            who,
        );
        if !self.exact.contains_key(&ekey) {
            self.computed += 1;
            let r = nav
                .route(
                    b,
                    Place {
                        floor: from.floor,
                        p: from.p,
                    },
                    Place {
                        floor: to.floor,
                        p: to.p,
                    },
                    who,
                )
                .ok();
            self.exact.insert(ekey, r);
        }
        self.exact
            .get(&ekey)
            .and_then(|r| r.as_ref())
            .map(|r| waypoints(r, b, to))
    }
}

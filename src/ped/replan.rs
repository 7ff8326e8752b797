//! Route recovery: a walker whose next waypoint a wall hides (pushed back round a corner, into a
//! doorway or into another room; [`Agent::lost`]) gets a new route from where it stands to where
//! it was going. The navigation graph routes from any point of a room or outdoor area, so this
//! always works unless the walker stands where no in-room path starts (in a door opening, on a
//! wall line, within the clearance of a corner): then the route starts from the first of the
//! points [`NUDGE_M`] and twice that away in the eight compass directions that is in a room and
//! routes, and the walker walks there first.

use super::{Agent, OperationalModel, World, doors};
use crate::building::Building;
use crate::geom::P2;
use crate::nav::{NavGraph, Place, Traveller};

/// How far from a walker in a door opening its route may start, metres (half a door leaf's
/// thickness plus a step; assumption).
pub const NUDGE_M: f64 = 0.3;

/// What [`replan_lost`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replans {
    /// Lost walkers given a new route.
    pub replanned: u64,
    /// Lost walkers for whom no route was found (they keep their old one).
    pub failed: u64,
}

/// A route for `a` from where it is to its last waypoint, as waypoints.
pub fn route_from_here(
    a: &Agent,
    nav: &NavGraph,
    b: &Building,
    who: Traveller,
) -> Option<Vec<super::Waypoint>> {
    let goal = *a.path.last()?;
    let to = Place {
        floor: goal.floor,
        p: goal.p,
    };
    let pos = a.state.pos;
    let route = |p: P2| {
        nav.route(b, Place { floor: a.floor, p }, to, who)
            .ok()
            .map(|r| {
                let mut path = doors::waypoints(&r, b, Some(goal.p));
                if let Some(last) = path.last_mut() {
                    last.ride_s = goal.ride_s;
                }
                path
            })
    };
    if let Some(path) = route(pos) {
        return Some(path);
    }
    // Where no route starts (on a wall line, or too close to a corner for the in-room paths):
    // from a point nearby in a room, walked to first.
    for k in 1..=2 {
        for j in 0..8 {
            let ang = std::f64::consts::FRAC_PI_4 * j as f64;
            let q = pos + nalgebra::Vector2::new(ang.cos(), ang.sin()) * (NUDGE_M * k as f64);
            if b.room_at(a.floor, q).is_none() {
                continue;
            }
            if let Some(mut path) = route(q) {
                path.insert(0, super::Waypoint::at(a.floor, q));
                return Some(path);
            }
        }
    }
    None
}

/// Re-plan every lost walker of `w` (see the module docs); `who` gives each agent's traveller.
pub fn replan_lost<M: OperationalModel>(
    w: &mut World<M>,
    nav: &NavGraph,
    b: &Building,
    who: impl Fn(&Agent) -> Traveller,
) -> Replans {
    let mut out = Replans::default();
    for i in w.lost() {
        let a = &w.agents()[i];
        match route_from_here(a, nav, b, who(a)) {
            Some(path) if !path.is_empty() => {
                out.replanned += 1;
                w.set_path(i, path);
            }
            _ => {
                out.failed += 1;
                w.set_path(i, Vec::new());
            }
        }
    }
    out
}

//! Route recovery: a walker whose next waypoint a wall hides (pushed back round a corner, into a
//! doorway or into another room; [`Agent::lost`]) gets a new route from where it stands to where
//! it was going. The navigation graph routes from any point of a room or outdoor area, so this
//! always works unless the walker stands where no room is (in a door opening): then the route
//! starts from the nearest of four points [`NUDGE_M`] away that is in a room and in sight.

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
    let starts = [
        pos,
        pos + nalgebra::Vector2::new(NUDGE_M, 0.0),
        pos + nalgebra::Vector2::new(-NUDGE_M, 0.0),
        pos + nalgebra::Vector2::new(0.0, NUDGE_M),
        pos + nalgebra::Vector2::new(0.0, -NUDGE_M),
    ];
    let usable = |p: P2, k: usize| k == 0 || b.line_of_sight(a.floor, pos, p);
    starts
        .iter()
        .enumerate()
        .filter(|&(k, &p)| usable(p, k))
        .find_map(|(_, &p)| {
            nav.route(b, Place { floor: a.floor, p }, to, who)
                .ok()
                .map(|r| {
                    let mut path = doors::waypoints(&r, b, Some(goal.p));
                    if let Some(last) = path.last_mut() {
                        last.ride_s = goal.ride_s;
                    }
                    path
                })
        })
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

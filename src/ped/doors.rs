//! Doors as lines: where a walker aims on a door leg, when it has passed the door, and the
//! waypoints of a route.
//!
//! A door leg's target is the door's opening, jamb to jamb, less a clearance of the walker's
//! radius plus [`DOOR_CLEARANCE_M`] at each end (the *usable opening*), not one point: a walker
//! whose straight line to the waypoint after the door passes through the usable opening walks
//! that line; any other aims at the nearest point of the usable opening. People spread over the
//! width of a wide door as they do (the specific flow of a door is roughly constant with its
//! width for 0.8–2.5 m: Seyfried et al. 2009; Liddle et al. 2011), instead of queueing at its
//! centre. A walker has passed a door when its centre crosses the door line (the line through the
//! jambs) from the side its leg started on, within the opening's length plus its radius.
//!
//! Routes from [`crate::nav`] carry a portal point on both sides of each door (the routing graph's
//! nodes, 0.4 m from the door centre). [`waypoints`] drops the one in front of the door (the
//! walker aims at the opening instead) and keeps the one behind it, which a walker passes once it
//! is as deep into the room as the point, wherever it is across the door (the plane test of
//! ordinary waypoints), so it does not funnel people after the door either.

use super::Waypoint;
use crate::building::Building;
use crate::geom::{P2, Segment, V2};
use crate::nav::Route;

/// Gap kept between a walker's body and a jamb on a door leg, metres (assumption: a hand's width;
/// the hard-body limit of `ped::guard` keeps the body out of the jamb in any case).
pub const DOOR_CLEARANCE_M: f64 = 0.05;

/// Signed side of `p` with respect to the door line (positive on the left of `a → b`).
#[inline]
fn side(span: &Segment, p: P2) -> f64 {
    (span.b - span.a).perp(&(p - span.a))
}

/// The side a leg from `leg_start` approaches the door from (±1): that of `leg_start`, or, when
/// it lies on the door line, the side opposite to `beyond` (the waypoint after the door); 0 when
/// neither tells.
#[inline]
fn approach_side(span: &Segment, leg_start: P2, beyond: Option<P2>) -> f64 {
    let s = side(span, leg_start);
    if s.abs() > 1e-9 {
        return s.signum();
    }
    match beyond.map(|q| side(span, q)) {
        Some(sq) if sq.abs() > 1e-9 => -sq.signum(),
        _ => 0.0,
    }
}

/// How far past the door line a walker aims when it aims at the opening itself, metres, so that
/// it crosses the line rather than stopping on it.
const THROUGH_M: f64 = 0.1;

/// Where a walker at `pos` of radius `radius_m` aims on a leg through door `span`, having started
/// the leg at `leg_start`; `beyond` is the next waypoint after the door, if on the same floor.
pub fn door_target(
    span: &Segment,
    radius_m: f64,
    pos: P2,
    leg_start: P2,
    beyond: Option<P2>,
) -> P2 {
    let dir = span.b - span.a;
    let len = dir.norm();
    if len <= 1e-9 {
        return span.a;
    }
    let margin = radius_m + DOOR_CLEARANCE_M;
    let sigma = approach_side(span, leg_start, beyond);
    let wide = len > 2.0 * margin;
    if wide
        && let Some(q) = beyond
        && sigma != 0.0
        && side(span, q) * sigma < 0.0
        && let Some(t) = crossing(span, pos, q)
        && (margin..=len - margin).contains(&t)
    {
        return q;
    }
    let t = if wide {
        ((pos - span.a).dot(&dir) / len).clamp(margin, len - margin)
    } else {
        0.5 * len // the body fills the opening: through its centre
    };
    let left = V2::new(-dir.y, dir.x) / len;
    span.a + dir * (t / len) - left * (sigma * THROUGH_M)
}

/// Where the segment `p`–`q` crosses the door line, as a distance from `span.a` along it (`None`
/// when both ends are strictly on one side).
fn crossing(span: &Segment, p: P2, q: P2) -> Option<f64> {
    let (sp, sq) = (side(span, p), side(span, q));
    if sp * sq > 0.0 || sp == sq {
        return None;
    }
    let x = p + (q - p) * (sp / (sp - sq));
    let dir = span.b - span.a;
    Some((x - span.a).dot(&dir) / dir.norm())
}

/// True when a walker of radius `radius_m` at `pos`, whose leg started at `leg_start`, has
/// crossed the line of door `span` (see the module docs); `beyond` as for [`door_target`].
pub fn passed(span: &Segment, radius_m: f64, pos: P2, leg_start: P2, beyond: Option<P2>) -> bool {
    let sigma = approach_side(span, leg_start, beyond);
    let dir = span.b - span.a;
    let len = dir.norm();
    if sigma == 0.0 || side(span, pos) * sigma >= 0.0 || len <= 1e-9 {
        return false;
    }
    let along = (pos - span.a).dot(&dir) / len;
    (-radius_m..=len + radius_m).contains(&along)
}

/// The waypoints of a route from [`crate::nav`], its start point left out: door centres become
/// door legs (with their opening), the portal points next to a door are dropped (see the module
/// docs), and stairs and lifts become rides. `end` replaces the route's last point when given.
pub fn waypoints(route: &Route, b: &Building, end: Option<P2>) -> Vec<Waypoint> {
    let mut path = Vec::new();
    let nl = route.legs.len();
    for (k, leg) in route.legs.iter().enumerate() {
        let n = leg.points.len();
        for (i, (&p, door)) in leg.points.iter().zip(&leg.doors).enumerate() {
            let first = k == 0 && i == 0;
            let last = k + 1 == nl && i + 1 == n;
            if first {
                continue; // the start point
            }
            // The portal point in front of a door (not the one behind it: without it a walker
            // from one door to the next along a wall would walk on the wall line). A leg's
            // first and last points are kept: a ride ends or starts there.
            let approach = door.is_none() && i > 0 && i + 1 < n && leg.doors[i + 1].is_some();
            if approach {
                continue;
            }
            let p = match end {
                Some(e) if last => e,
                _ => p,
            };
            path.push(Waypoint {
                floor: leg.floor,
                p,
                portal: door.map(|d| b.doors[d].span),
                ride_s: 0.0,
            });
        }
        if let (Some(v), Some(last)) = (route.vertical.get(k), path.last_mut()) {
            last.ride_s = v.time_s;
        }
    }
    path
}

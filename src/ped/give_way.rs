//! Giving way: how two walkers who cannot pass each other settle it, as people do in a narrow
//! corridor: the smaller one (a walker before a wheelchair, a wheelchair before a bed; between
//! equals, the one who came later, by id) goes back to its previous waypoint and waits there,
//! clear of the other's way, until the other has gone past.
//!
//! With hard bodies (`ped::guard`) a bed (0.9 m) and a walking frame (0.5 m) cannot pass in a
//! 1.2 m corridor; squeezing past (`WorldParams::squeeze_after_s`) then brings nothing. An agent
//! whose second squeeze in a row brought no progress, facing someone coming the other way within
//! [`FACE_TO_FACE_M`] of its body, gives way when it is the smaller of the two:
//!
//! - back through the door it last passed, to a point [`CLEAR_M`] beyond both bodies on the far
//!   side of the door line (a doorway or the room behind it is the wider place), the door becoming
//!   its next waypoint again; or back to its previous waypoint when that is no door (nor a stair
//!   or lift, which the other may be heading for); or, with none, [`BACK_OFF_M`] straight back;
//! - it waits there (free speed 0) until the other has passed it (is beyond it in the other's
//!   heading and clear of its body), has left, or [`GIVE_WAY_MAX_S`] is over; then it goes on.
//!
//! The rule is a modelling choice standing in for the courtesy studies of corridor passing
//! describe (e.g. the larger or less manoeuvrable party is given way to); it is deterministic
//! (decided from the step's snapshot, agent by agent in slot order).

use super::world::Agent;
use super::{AgentState, Status};
use crate::geom::{P2, V2};

/// A neighbour counts as face to face when the gap between the bodies is below this, metres.
pub const FACE_TO_FACE_M: f64 = 0.3;
/// The retreat point lies this far beyond both bodies past the door line, metres (assumption).
pub const CLEAR_M: f64 = 0.2;
/// Without a previous waypoint, the walker backs off this far, metres (assumption).
pub const BACK_OFF_M: f64 = 1.5;
/// Longest wait while giving way, seconds (assumption).
pub const GIVE_WAY_MAX_S: f64 = 30.0;
/// A walker within this distance of its retreat point waits there, metres.
const HOLD_M: f64 = 0.25;

/// A walker giving way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GiveWay {
    /// Where it waits.
    pub target: P2,
    /// Who it gives way to (agent id).
    pub to: u32,
    /// It goes on at this time at the latest, seconds.
    pub until_s: f64,
}

impl GiveWay {
    /// True once the walker is at its retreat point.
    pub(super) fn holding(&self, pos: P2) -> bool {
        (pos - self.target).norm() < HOLD_M
    }
}

/// True when `a` (radius, id) gives way to `b`.
fn yields(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 > b.1)
}

/// After a step: end the waits that are over and start the ones due (see the module docs).
/// `slots[s]` is the agent of snapshot entry `s`; `snap` the step's snapshot.
pub(super) fn negotiate(agents: &mut [Agent], slots: &[usize], snap: &[AgentState], t_s: f64) {
    let slot_of = |agents: &[Agent], id: u32| {
        slots
            .iter()
            .position(|&i| agents[i].id == id && agents[i].status == Status::Walking)
    };
    for (s, &i) in slots.iter().enumerate() {
        let me = snap[s];
        if let Some(g) = agents[i].give_way {
            let over = match slot_of(agents, g.to) {
                None => true,
                Some(j) => {
                    let o = &snap[j];
                    let d = me.pos - o.pos;
                    d.dot(&o.orient) < 0.0 && d.norm() > me.radius_m + o.radius_m + FACE_TO_FACE_M
                }
            };
            if over || t_s >= g.until_s {
                let a = &mut agents[i];
                a.give_way = None;
                a.leg_start = a.state.pos;
                a.progress_wp = usize::MAX;
                a.futile_squeezes = 0;
            }
            continue;
        }
        if agents[i].futile_squeezes < 2 || agents[i].status != Status::Walking {
            continue;
        }
        let heading = me.orient;
        let blocker = (0..snap.len())
            .filter(|&j| j != s)
            .filter(|&j| {
                let o = &snap[j];
                let d = o.pos - me.pos;
                d.norm() < me.radius_m + o.radius_m + FACE_TO_FACE_M
                    && d.dot(&heading) > 0.0
                    && o.orient.dot(&d) < 0.0
            })
            .min_by(|&j, &k| {
                let dj = (snap[j].pos - me.pos).norm();
                let dk = (snap[k].pos - me.pos).norm();
                dj.total_cmp(&dk).then(j.cmp(&k))
            });
        let Some(j) = blocker else { continue };
        let other = &snap[j];
        let other_id = agents[slots[j]].id;
        if !yields((me.radius_m, agents[i].id), (other.radius_m, other_id)) {
            continue;
        }
        let a = &mut agents[i];
        let target = retreat(a, other);
        a.give_way = Some(GiveWay {
            target,
            to: other_id,
            until_s: t_s + GIVE_WAY_MAX_S,
        });
        a.futile_squeezes = 0;
    }
}

/// Where agent `a` waits for `other` (see the module docs); may step its route back by one door.
fn retreat(a: &mut Agent, other: &AgentState) -> P2 {
    let pos = a.state.pos;
    if a.next > 0 {
        let prev = a.path[a.next - 1];
        // (Not to a stair or lift: the other may be on its way to it.)
        if prev.floor == a.floor && prev.ride_s == 0.0 {
            let Some(span) = prev.portal else {
                return prev.p;
            };
            let dir = span.b - span.a;
            let len = dir.norm();
            if len > 1e-9 {
                let left = V2::new(-dir.y, dir.x) / len;
                let away = -(left.dot(&(other.pos - prev.p))).signum();
                let depth = a.state.radius_m + other.radius_m + CLEAR_M;
                a.next -= 1;
                return prev.p + left * (away * depth);
            }
        }
    }
    let d = pos - other.pos;
    let n = d.norm();
    if n > 1e-9 {
        pos + d * (BACK_OFF_M / n)
    } else {
        pos
    }
}

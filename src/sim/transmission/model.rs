//! The movement pattern every replicate shares: stays and close-range pairs by pattern day,
//! conversation budgets, room air constants and stable person keys.

use super::super::record::RunRecord;
use super::super::{Act, Role};
use super::room_sweep::Occupant;
use super::{
    CONVERSATION_SHARE, DAY_S, DEFAULT_ACH, DYAD_SPEAKING_SHARE, MIN_FACE_DISTANCE_M, Params,
    RESIDENT_AGE_YEARS, STAFF_AGE_YEARS, mixed_quanta_per_h,
};
use crate::building::Building;
use crate::epi::airborne::{LossRates, ach_from_l_per_s};
use crate::epi::close_range::{CLOSE_RANGE_M, CloseContact, close_range_dose_quanta};
use crate::epi::pathogen::ActivityLevel;

#[derive(Clone, Copy, Debug)]
pub(super) struct Stay {
    pub(super) person: u32,
    pub(super) zone: usize,
    pub(super) t0_h: f64,
    pub(super) t1_h: f64,
    pub(super) act: Act,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Pair {
    pub(super) a: u32,
    pub(super) b: u32,
    /// Face-to-face conversation time of the episode (h).
    pub(super) face_h: f64,
    /// Unmasked jet dose (quanta) of a fully infectious `a` to `b`, and of `b` to `a`, over the
    /// face-to-face part of the episode.
    pub(super) q_ab: f64,
    pub(super) q_ba: f64,
}

/// What every replicate shares: the movement pattern by day, room air constants, parameters.
pub struct Model {
    pub params: Params,
    pub pattern_days: u32,
    pub(super) roles: Vec<Role>,
    pub(super) agency: Vec<bool>,
    /// Stable key of each person: kind (role, agency) and rank within the kind.
    pub(super) key: Vec<u64>,
    pub(super) bedroom: Vec<Option<usize>>,
    pub(super) group: Vec<usize>,
    pub(super) rooms: usize,
    pub(super) volume_m3: Vec<f64>,
    pub(super) loss_per_h: Vec<f64>,
    pub(super) stays: Vec<Vec<Stay>>,
    pub(super) pairs: Vec<Vec<Pair>>,
    /// Share of the time in talking acts spent speaking, by pattern day and person.
    pub(super) speaking: Vec<Vec<f64>>,
    /// Close contacts in a dining room (Lasser's table neighbours), by pattern day.
    pub(super) dining_pairs: Vec<Vec<(u32, u32)>>,
    pub(super) index_candidates: Vec<u32>,
}

pub(super) fn breathing_level(role: Role, act: Act) -> ActivityLevel {
    match (role, act) {
        (Role::Resident, _) | (_, Act::Break) => ActivityLevel::Resting,
        (_, Act::Care | Act::Cleaning | Act::Walk) => ActivityLevel::Light,
        _ => ActivityLevel::Standing,
    }
}

/// Unmasked jet dose (quanta) from a fully infectious `emitter` to `receiver` talking face to face
/// for `face_h` hours at `dist_m`, the emitter speaking half of that time.
fn jet_dose(params: &Params, emitter: Role, receiver: Role, face_h: f64, dist_m: f64) -> f64 {
    let le = breathing_level(emitter, Act::Care);
    let ls = breathing_level(receiver, Act::Care);
    let contact = CloseContact {
        distance_m: dist_m.max(MIN_FACE_DISTANCE_M),
        duration_h: face_h,
        emission_quanta_per_h: mixed_quanta_per_h(&params.pathogen, le, DYAD_SPEAKING_SHARE),
        emitter_breathing_m3_per_h: le.breathing_m3_per_h(),
        receiver_breathing_m3_per_h: ls.breathing_m3_per_h(),
        mask_inhalation_efficiency: 0.0,
        room_quanta_per_m3: 0.0,
    };
    close_range_dose_quanta(&contact, &params.jet)
}

impl Model {
    /// Prepares the pattern from a movement record of `record.days` days.
    pub fn new(b: &Building, params: Params, record: &RunRecord) -> Model {
        let pattern_days = record.days.max(1);
        let rooms = b.rooms.len();
        let volume_m3: Vec<f64> = b.rooms.iter().map(|r| r.volume_m3().max(1.0)).collect();
        let loss_per_h = b
            .rooms
            .iter()
            .zip(&volume_m3)
            .map(|(r, &v)| {
                let ach = params.ventilation_ach.unwrap_or_else(|| {
                    r.ventilation
                        .ach
                        .or_else(|| r.ventilation.supply_l_s.map(|q| ach_from_l_per_s(q, v)))
                        .unwrap_or(DEFAULT_ACH)
                });
                LossRates {
                    ventilation_ach: ach,
                    deposition_per_h: params.pathogen.deposition_per_h,
                    decay_per_h: params.pathogen.decay_per_h,
                    air_cleaner_cadr_m3_per_h: r.ventilation.air_cleaner_cadr_m3_h.unwrap_or(0.0),
                }
                .total_per_h(v)
                .max(0.0)
            })
            .collect();
        let mut stays = vec![Vec::new(); pattern_days as usize];
        for p in &record.presence {
            let mut t = p.t0_s;
            while t < p.t1_s {
                let d = (t / DAY_S).floor();
                let end = ((d + 1.0) * DAY_S).min(p.t1_s);
                let di = d as usize;
                if di < stays.len() && end > t {
                    stays[di].push(Stay {
                        person: p.person,
                        zone: p.zone,
                        t0_h: (t - d * DAY_S) / 3600.0,
                        t1_h: (end - d * DAY_S) / 3600.0,
                        act: p.act,
                    });
                }
                t = end;
            }
        }
        let roles: Vec<Role> = record.people.iter().map(|p| p.role).collect();
        let dining: Vec<bool> = b
            .rooms
            .iter()
            .map(|r| r.room_use == crate::plan::RoomUse::Dining)
            .collect();
        // Conversation budgets (module docs): per person and pattern day, hours awake, in acts
        // where people talk, and within 1.5 m of someone.
        let np = roles.len();
        let pdays = pattern_days as usize;
        let mut awake_h = vec![vec![0.0; np]; pdays];
        let mut talk_acts_h = vec![vec![0.0; np]; pdays];
        let mut close_h = vec![vec![0.0; np]; pdays];
        for (d, day) in stays.iter().enumerate() {
            for s in day {
                let i = s.person as usize;
                if i >= np {
                    continue;
                }
                let h = s.t1_h - s.t0_h;
                if s.act != Act::Sleep {
                    awake_h[d][i] += h;
                }
                if s.act.speaking() {
                    talk_acts_h[d][i] += h;
                }
            }
        }
        for c in &record.contacts {
            let d = (c.t0_s / DAY_S).floor() as usize;
            if c.dist_m < CLOSE_RANGE_M && d < pdays {
                close_h[d][c.a as usize] += c.dur_s / 3600.0;
                close_h[d][c.b as usize] += c.dur_s / 3600.0;
            }
        }
        let budget_h = |d: usize, i: usize| CONVERSATION_SHARE * awake_h[d][i];
        let face_share: Vec<Vec<f64>> = (0..pdays)
            .map(|d| {
                (0..np)
                    .map(|i| {
                        if close_h[d][i] > 0.0 {
                            (budget_h(d, i) / close_h[d][i]).min(1.0)
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let speaking: Vec<Vec<f64>> = (0..pdays)
            .map(|d| {
                (0..np)
                    .map(|i| {
                        if talk_acts_h[d][i] > 0.0 {
                            (DYAD_SPEAKING_SHARE * budget_h(d, i) / talk_acts_h[d][i]).min(1.0)
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let mut pairs = vec![Vec::new(); pdays];
        let mut dining_pairs = vec![Vec::new(); pdays];
        for c in &record.contacts {
            let d = (c.t0_s / DAY_S).floor() as usize;
            if c.dist_m >= CLOSE_RANGE_M || d >= pairs.len() {
                continue;
            }
            let (ra, rb) = (roles[c.a as usize], roles[c.b as usize]);
            if ra == Role::Visitor || rb == Role::Visitor {
                continue;
            }
            let face_h = c.dur_s / 3600.0
                * 0.5
                * (face_share[d][c.a as usize] + face_share[d][c.b as usize]);
            pairs[d].push(Pair {
                a: c.a,
                b: c.b,
                face_h,
                q_ab: jet_dose(&params, ra, rb, face_h, c.dist_m),
                q_ba: jet_dose(&params, rb, ra, face_h, c.dist_m),
            });
            if ra == Role::Resident && rb == Role::Resident && dining.get(c.zone) == Some(&true) {
                dining_pairs[d].push((c.a, c.b));
            }
        }
        for v in &mut dining_pairs {
            v.sort_unstable();
            v.dedup();
        }
        // Stable keys: kind = role index (+8 for agency), rank = order within the kind.
        let mut next = [0u64; 16];
        let key: Vec<u64> = record
            .people
            .iter()
            .map(|p| {
                let kind = p.role.index() + if p.agency { 8 } else { 0 };
                let k = ((kind as u64) << 32) | next[kind];
                next[kind] += 1;
                k
            })
            .collect();
        let mut index_candidates: Vec<u32> = (0..roles.len() as u32)
            .filter(|&i| {
                matches!(roles[i as usize], Role::Carer | Role::Nurse)
                    && !record.people[i as usize].agency
            })
            .collect();
        index_candidates.sort_by_key(|&i| key[i as usize]);
        Model {
            pattern_days,
            bedroom: record.people.iter().map(|p| p.bedroom).collect(),
            group: record.people.iter().map(|p| p.group).collect(),
            agency: record.people.iter().map(|p| p.agency).collect(),
            key,
            roles,
            rooms,
            volume_m3,
            loss_per_h,
            stays,
            pairs,
            speaking,
            dining_pairs,
            index_candidates,
            params,
        }
    }

    pub(super) fn age(&self, person: usize) -> f64 {
        if self.roles[person] == Role::Resident {
            RESIDENT_AGE_YEARS
        } else {
            STAFF_AGE_YEARS
        }
    }

    pub(super) fn occupant(
        &self,
        pd: usize,
        s: &Stay,
        who: usize,
        isolated: bool,
        inf: f64,
        susceptible: bool,
    ) -> Occupant {
        let role = self.roles[s.person as usize];
        let mask = self.params.masks[role.index()];
        let act = if isolated { Act::Rest } else { s.act };
        let level = breathing_level(role, act);
        let speak = if isolated || !act.speaking() {
            0.0
        } else {
            self.speaking[pd][s.person as usize]
        };
        Occupant {
            person: who as u32,
            t0_h: s.t0_h,
            t1_h: s.t1_h,
            emission_quanta_per_h: if inf > 0.0 {
                mixed_quanta_per_h(&self.params.pathogen, level, speak)
                    * inf
                    * (1.0 - mask.exhalation_efficiency())
            } else {
                0.0
            },
            effective_inhalation_m3_per_h: if susceptible {
                level.breathing_m3_per_h() * (1.0 - mask.inhalation_efficiency())
            } else {
                0.0
            },
        }
    }
}

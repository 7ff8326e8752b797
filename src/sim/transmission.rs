//! Transmission on top of daily life (issue 8): one infectious staff member is introduced, and
//! infection spreads through room air and close contacts, day by day, for one replicate; many
//! replicates make a Monte Carlo estimate of the attack rate.
//!
//! # Model (DESIGN.md §4; the physics lives in [`crate::epi`])
//!
//! * **Movement pattern.** Daily life is simulated once ([`super::engine`]) for `P` pattern days
//!   (the CLI uses `min(days, 7)`), and epidemic day `d` replays pattern day `d mod P`. Movement
//!   costs 0.3–0.5 s per simulated day, the epidemic pass a few ms, so running movement per
//!   replicate would dominate; what varies between replicates is who is infected, when, and their
//!   disease courses. The interventions below edit the replayed pattern per replicate.
//! * **Disease states** are updated once a day, evaluated at noon ([`EVAL_H`]) of each day:
//!   infectiousness, isolation and sick leave are constant within a day.
//! * **Room air.** Each room is well mixed ([`RoomAir`]) with loss
//!   λ = ach + deposition + decay + CADR/V; ach is the scenario's `ventilation_ach` override or
//!   the room's own (`ach`, or `supply_l_s` → ach), else [`DEFAULT_ACH`]. The day is split at
//!   every arrival and departure; over each piece the emission is the sum over infectious
//!   occupants of quanta(expiratory, activity) × infectiousness × (1 − mask exhalation), and the
//!   room is advanced exactly (Gammaitoni & Nucci 1997). Residual concentration carries over
//!   between pieces and days. Each susceptible present inhales breathing × ∫C dt ×
//!   (1 − mask inhalation). Outdoor areas carry no airborne dose.
//! * **Close range.** Each contact episode closer than [`CLOSE_RANGE_M`] between an infectious and
//!   a susceptible person adds the Jia et al. 2022 jet dose
//!   ([`close_range_dose_quanta`]) with the emitter speaking, the room's own concentration
//!   neglected (C_room ≪ C_mouth ≈ 72 q/m³), times a calibration factor
//!   ([`Model::close_range_scale`]): the jet dose of the pattern's mean close-contact pair-day
//!   (fully infectious, unmasked emitter) is scaled to −ln(1 − 0.073) quanta, the risk per close
//!   contact-day of Lasser et al. 2021 (arXiv 2104.00550, nursing-home ABM calibrated to Austrian
//!   outbreaks), as DESIGN.md §4 asks. The jet keeps the relative weights of distance, duration,
//!   activity and masks; the calibration fixes the level. Without it, continuous speaking at
//!   72 q/m³ over hours of meals and lounge time at tables infects nearly everyone in ten days.
//! * **Infection.** At the end of each day every susceptible with dose q draws one uniform u and
//!   is infected if u < 1 − e^(−q) (Wells–Riley on the day's accumulated dose, which equals
//!   accumulating the hazard over the day). The route is attributed in proportion to the two
//!   doses with the same draw (room air if u < P·q_air/q). A new case gets a [`Course`] from
//!   the same stream, infected at midnight.
//! * **Index case.** One carer or nurse chosen uniformly, presymptomatic at time 0 (a sampled
//!   course shifted so its latent period ends at 0). Visitors are neither infected nor infectious
//!   (they are different people on different days).
//! * **Interventions** (`[interventions]`): masks by role; a ventilation override; symptomatic
//!   residents isolated in their bedroom (their presence elsewhere moves to the bedroom, resting,
//!   and only staff contacts remain); symptomatic staff stay home from the day of onset (their
//!   presence and contacts are dropped, not replaced).
//!
//! Replicates run in parallel (rayon); replicate `r` draws from its own ChaCha stream seeded from
//! `(seed, r)`; results come back in index order and are reduced serially, so outputs are
//! bit-identical at any thread count.

use super::engine::replicate_seed;
use super::record::RunRecord;
use super::{Act, Role, Scenario};
use crate::building::Building;
use crate::epi::airborne::{LossRates, Mask, RoomAir, ach_from_l_per_s, infection_probability};
use crate::epi::close_range::{CLOSE_RANGE_M, CloseContact, JetParams, close_range_dose_quanta};
use crate::epi::course::{Course, DiseaseState};
use crate::epi::pathogen::{ActivityLevel, Expiratory, Pathogen};
use crate::epi::summary::{self, Distribution, MonteCarloSummary, ReplicateOutcome};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha12Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Air changes per hour of a room with neither `ach` nor `supply_l_s`: 0.5 ach, the infiltration
/// of a typical older, naturally ventilated UK building (CIBSE Guide A 2015, §4: 0.25–1 ach).
pub const DEFAULT_ACH: f64 = 0.5;
/// Residents' age for the asymptomatic share: 85 years, the mean age of UK care-home residents
/// (Gordon et al. 2014, Age Ageing 43:97).
pub const RESIDENT_AGE_YEARS: f64 = 85.0;
/// Staff age: 43 years, the mean age of the adult social-care workforce in England (Skills for
/// Care 2021, The state of the adult social care sector and workforce in England).
pub const STAFF_AGE_YEARS: f64 = 43.0;
/// Longest movement pattern the CLI simulates before replaying it (days).
pub const MAX_PATTERN_DAYS: u32 = 7;
/// Risk of infection per close contact-day with an infectious person: 0.073 (Lasser et al. 2021,
/// arXiv 2104.00550).
pub const LASSER_RISK_PER_CONTACT_DAY: f64 = 0.073;
/// Hour of the day at which disease states are evaluated.
pub const EVAL_H: f64 = 12.0;
const DAY_S: f64 = 86_400.0;
/// Salt so the epidemic stream differs from the movement stream of the same replicate.
const EPI_SALT: u64 = 0x7472_616e_736d_6974;

/// Parameters of the transmission pass, from a scenario's `[pathogen]` and `[interventions]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub pathogen: Pathogen,
    /// Mask worn, by [`Role::index`].
    pub masks: [Mask; 8],
    /// Outdoor-air change rate applied to every room (1/h), replacing the plan's.
    pub ventilation_ach: Option<f64>,
    pub isolate_symptomatic_residents: bool,
    pub staff_sick_leave: bool,
    pub jet: JetParams,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            pathogen: Pathogen::preset("sars-cov-2").expect("bundled preset"),
            masks: [Mask::None; 8],
            ventilation_ach: None,
            isolate_symptomatic_residents: true,
            staff_sick_leave: true,
            jet: JetParams::default(),
        }
    }
}

fn role_by_name(name: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.name() == name)
}

impl Params {
    /// Reads `[pathogen]` (`preset = "sars-cov-2"` by default; any other key overrides a field of
    /// the preset) and `[interventions]`: `ventilation_ach`, `isolate_symptomatic_residents`,
    /// `staff_sick_leave`, `masks = { staff = "surgical", resident = "none", carer = "ffp2" }`
    /// (a role name or `staff` for every staff role; the more specific key wins).
    pub fn from_scenario(sc: &Scenario) -> Result<Params, String> {
        let mut p = Params::default();
        if let Some(t) = &sc.pathogen {
            let mut t = t.clone();
            let preset = match t.remove("preset") {
                None => "sars-cov-2".to_string(),
                Some(toml::Value::String(s)) => s,
                Some(v) => return Err(format!("pathogen.preset: expected a string, got {v}")),
            };
            let overrides = serde_json::to_value(&t).map_err(|e| format!("pathogen: {e}"))?;
            p.pathogen = Pathogen::preset_with_overrides(&preset, &overrides)
                .map_err(|e| format!("pathogen: {e}"))?;
        }
        if let Some(t) = &sc.interventions {
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("ventilation_ach", v) => {
                        let x = match v {
                            toml::Value::Float(x) => *x,
                            toml::Value::Integer(i) => *i as f64,
                            _ => {
                                return Err(
                                    "interventions.ventilation_ach: expected a number".into()
                                );
                            }
                        };
                        if !(x.is_finite() && x >= 0.0) {
                            return Err(format!("interventions.ventilation_ach: {x} is not ≥ 0"));
                        }
                        p.ventilation_ach = Some(x);
                    }
                    ("isolate_symptomatic_residents", toml::Value::Boolean(b)) => {
                        p.isolate_symptomatic_residents = *b
                    }
                    ("staff_sick_leave", toml::Value::Boolean(b)) => p.staff_sick_leave = *b,
                    ("masks", toml::Value::Table(m)) => {
                        let mask = |v: &toml::Value| -> Result<Mask, String> {
                            let s = v.as_str().ok_or("interventions.masks: expected strings")?;
                            serde_json::from_value(serde_json::Value::String(s.into())).map_err(
                                |_| {
                                    format!(
                                        "interventions.masks: unknown mask {s:?} (none, cloth, surgical, ffp2)"
                                    )
                                },
                            )
                        };
                        if let Some(v) = m.get("staff") {
                            let x = mask(v)?;
                            for r in Role::ALL.into_iter().filter(|r| r.is_staff()) {
                                p.masks[r.index()] = x;
                            }
                        }
                        for (role, v) in m {
                            if role == "staff" {
                                continue;
                            }
                            let r = role_by_name(role).ok_or_else(|| {
                                format!("interventions.masks: unknown role {role:?}")
                            })?;
                            p.masks[r.index()] = mask(v)?;
                        }
                    }
                    _ => return Err(format!("interventions: unknown or mistyped key {k:?}")),
                }
            }
        }
        Ok(p)
    }
}

/// One person's stay in a room within a day, as the air sweep needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Occupant {
    /// Index into the dose vector.
    pub person: u32,
    /// Hours since the start of the day.
    pub t0_h: f64,
    pub t1_h: f64,
    /// Emission (quanta/h) after infectiousness and mask; 0 for a non-infectious person.
    pub emission_quanta_per_h: f64,
    /// Breathing rate × (1 − mask inhalation efficiency) (m³/h); 0 for a non-susceptible person.
    pub effective_inhalation_m3_per_h: f64,
}

/// Advances `air` over `[0, day_h]` with the given occupants, splitting time at every arrival and
/// departure (exact per piece), and adds each occupant's inhaled dose (quanta) to `dose`.
pub fn sweep_room(air: &mut RoomAir, occupants: &[Occupant], day_h: f64, dose: &mut [f64]) {
    if occupants.iter().all(|o| o.emission_quanta_per_h <= 0.0) && air.c_quanta_per_m3 <= 0.0 {
        return;
    }
    let mut ev: Vec<f64> = Vec::with_capacity(2 * occupants.len() + 2);
    ev.push(0.0);
    ev.push(day_h);
    for o in occupants {
        ev.push(o.t0_h.clamp(0.0, day_h));
        ev.push(o.t1_h.clamp(0.0, day_h));
    }
    ev.sort_by(f64::total_cmp);
    ev.dedup();
    for w in ev.windows(2) {
        let (a, b) = (w[0], w[1]);
        let active = |o: &&Occupant| o.t0_h <= a && o.t1_h >= b;
        let e: f64 = occupants
            .iter()
            .filter(active)
            .map(|o| o.emission_quanta_per_h)
            .sum();
        let integral = air.advance(b - a, e);
        if integral > 0.0 {
            for o in occupants.iter().filter(active) {
                if o.effective_inhalation_m3_per_h > 0.0 {
                    dose[o.person as usize] += o.effective_inhalation_m3_per_h * integral;
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Stay {
    person: u32,
    zone: usize,
    t0_h: f64,
    t1_h: f64,
    act: Act,
}

#[derive(Clone, Copy, Debug)]
struct Pair {
    a: u32,
    b: u32,
    dur_h: f64,
    dist_m: f64,
}

/// What every replicate shares: the movement pattern by day, room air constants, parameters.
pub struct Model {
    pub params: Params,
    pub pattern_days: u32,
    roles: Vec<Role>,
    bedroom: Vec<Option<usize>>,
    rooms: usize,
    volume_m3: Vec<f64>,
    loss_per_h: Vec<f64>,
    stays: Vec<Vec<Stay>>,
    pairs: Vec<Vec<Pair>>,
    index_candidates: Vec<u32>,
    /// Factor on the jet dose so that the mean close-contact pair-day of the pattern carries
    /// −ln(1 − [`LASSER_RISK_PER_CONTACT_DAY`]) quanta (see the module docs).
    pub close_range_scale: f64,
}

/// What one replicate produces.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ReplicateResult {
    pub replicate: u32,
    /// Person id of the index case.
    pub index_person: u32,
    pub resident_cases: u32,
    pub residents_at_risk: u32,
    /// Staff infected, index case excluded.
    pub staff_cases: u32,
    /// Staff other than the index case.
    pub staff_at_risk: u32,
    pub infections_room_air: u32,
    pub infections_close_range: u32,
    /// Largest number of residents infectious on one day.
    pub peak_infectious_residents: u32,
    /// Days simulated until no one was infected any more (or all days).
    pub days_active: u32,
}

impl ReplicateResult {
    pub fn resident_attack_rate(&self) -> f64 {
        ratio(self.resident_cases, self.residents_at_risk)
    }
    pub fn staff_attack_rate(&self) -> f64 {
        ratio(self.staff_cases, self.staff_at_risk)
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

fn breathing_level(role: Role, act: Act) -> ActivityLevel {
    match (role, act) {
        (Role::Resident, _) | (_, Act::Break) => ActivityLevel::Resting,
        (_, Act::Care | Act::Cleaning | Act::Walk) => ActivityLevel::Light,
        _ => ActivityLevel::Standing,
    }
}

/// Jet dose (quanta) of one close-contact episode, the emitter speaking; `emission_factor` =
/// infectiousness × (1 − mask exhalation), `inhaled_fraction` = 1 − mask inhalation.
fn jet_dose(
    params: &Params,
    emitter: Role,
    receiver: Role,
    c: &Pair,
    emission_factor: f64,
    inhaled_fraction: f64,
) -> f64 {
    let le = breathing_level(emitter, Act::Care);
    let ls = breathing_level(receiver, Act::Care);
    let contact = CloseContact {
        distance_m: c.dist_m,
        duration_h: c.dur_h,
        emission_quanta_per_h: params.pathogen.quanta_per_h(Expiratory::Speaking, le)
            * emission_factor,
        emitter_breathing_m3_per_h: le.breathing_m3_per_h(),
        receiver_breathing_m3_per_h: ls.breathing_m3_per_h(),
        mask_inhalation_efficiency: 1.0 - inhaled_fraction,
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
        let mut pairs = vec![Vec::new(); pattern_days as usize];
        for c in &record.contacts {
            let d = (c.t0_s / DAY_S).floor() as usize;
            if c.dist_m < CLOSE_RANGE_M && d < pairs.len() {
                pairs[d].push(Pair {
                    a: c.a,
                    b: c.b,
                    dur_h: c.dur_s / 3600.0,
                    dist_m: c.dist_m,
                });
            }
        }
        let roles: Vec<Role> = record.people.iter().map(|p| p.role).collect();
        // Calibration: mean jet dose per close-contact pair-day, both directions averaged.
        let mut pair_day: std::collections::BTreeMap<(usize, u32, u32), f64> = Default::default();
        for (d, day) in pairs.iter().enumerate() {
            for c in day {
                let (ra, rb) = (roles[c.a as usize], roles[c.b as usize]);
                if ra == Role::Visitor || rb == Role::Visitor {
                    continue;
                }
                let mut q = 0.0;
                for (re, rs) in [(ra, rb), (rb, ra)] {
                    q += 0.5 * jet_dose(&params, re, rs, c, 1.0, 1.0);
                }
                *pair_day.entry((d, c.a, c.b)).or_default() += q;
            }
        }
        let mean_q = if pair_day.is_empty() {
            0.0
        } else {
            pair_day.values().sum::<f64>() / pair_day.len() as f64
        };
        let target_q = -(-LASSER_RISK_PER_CONTACT_DAY).ln_1p();
        let close_range_scale = if mean_q > 0.0 { target_q / mean_q } else { 1.0 };
        let index_candidates = (0..roles.len() as u32)
            .filter(|&i| matches!(roles[i as usize], Role::Carer | Role::Nurse))
            .collect();
        Model {
            pattern_days,
            bedroom: record.people.iter().map(|p| p.bedroom).collect(),
            roles,
            rooms,
            volume_m3,
            loss_per_h,
            stays,
            pairs,
            index_candidates,
            params,
            close_range_scale,
        }
    }

    fn age(&self, person: usize) -> f64 {
        if self.roles[person] == Role::Resident {
            RESIDENT_AGE_YEARS
        } else {
            STAFF_AGE_YEARS
        }
    }

    /// Runs replicate `r` of `days` days from master `seed`.
    pub fn run_replicate(&self, seed: u64, r: u32, days: u32) -> ReplicateResult {
        let n = self.roles.len();
        let path = &self.params.pathogen;
        let mut rng = ChaCha12Rng::seed_from_u64(replicate_seed(seed ^ EPI_SALT, r));
        let mut course: Vec<Option<Course>> = vec![None; n];
        let mut res = ReplicateResult {
            replicate: r,
            index_person: u32::MAX,
            resident_cases: 0,
            residents_at_risk: self.roles.iter().filter(|&&x| x == Role::Resident).count() as u32,
            staff_cases: 0,
            staff_at_risk: 0,
            infections_room_air: 0,
            infections_close_range: 0,
            peak_infectious_residents: 0,
            days_active: 0,
        };
        if self.index_candidates.is_empty() {
            return res;
        }
        let idx = self.index_candidates[rng.random_range(0..self.index_candidates.len())];
        let mut c0 = Course::sample(path, STAFF_AGE_YEARS, 0.0, &mut rng);
        let shift = c0.infectious_from_h;
        c0.infected_at_h -= shift;
        c0.infectious_from_h -= shift;
        c0.onset_h -= shift;
        c0.recovered_at_h -= shift;
        course[idx as usize] = Some(c0);
        res.index_person = idx;
        res.staff_at_risk = self.roles.iter().filter(|x| x.is_staff()).count() as u32 - 1;

        let mut air: Vec<RoomAir> = (0..self.rooms)
            .map(|z| RoomAir::new(self.volume_m3[z], self.loss_per_h[z]))
            .collect();
        let mut dose_air = vec![0.0; n];
        let mut dose_cr = vec![0.0; n];
        let mut inf = vec![0.0; n];
        let mut susceptible = vec![false; n];
        let mut absent = vec![false; n];
        let mut isolated = vec![false; n];
        let mut by_zone: Vec<Vec<Occupant>> = vec![Vec::new(); self.rooms];
        for d in 0..days {
            let t_h = 24.0 * f64::from(d) + EVAL_H;
            let mut any_infected = false;
            let mut infectious_residents = 0;
            for i in 0..n {
                let role = self.roles[i];
                let state = course[i].map_or(DiseaseState::Susceptible, |c| c.state_at(t_h));
                inf[i] = course[i].map_or(0.0, |c| c.infectiousness(t_h));
                if role == Role::Visitor {
                    inf[i] = 0.0;
                }
                susceptible[i] = role != Role::Visitor && state == DiseaseState::Susceptible;
                let symptomatic = state == DiseaseState::Symptomatic;
                absent[i] = role.is_staff() && self.params.staff_sick_leave && symptomatic;
                isolated[i] = role == Role::Resident
                    && self.params.isolate_symptomatic_residents
                    && symptomatic;
                if !matches!(state, DiseaseState::Susceptible | DiseaseState::Recovered) {
                    any_infected = true;
                }
                if role == Role::Resident && state.is_infectious() {
                    infectious_residents += 1;
                }
            }
            if !any_infected {
                break;
            }
            res.days_active = d + 1;
            res.peak_infectious_residents = res.peak_infectious_residents.max(infectious_residents);
            let pd = (d % self.pattern_days) as usize;
            // Room air.
            for v in &mut by_zone {
                v.clear();
            }
            for s in &self.stays[pd] {
                let i = s.person as usize;
                if absent[i] || (inf[i] <= 0.0 && !susceptible[i]) {
                    continue;
                }
                let (zone, act) = match (isolated[i], self.bedroom[i]) {
                    (true, Some(bed)) if s.zone != bed && s.act != Act::Toilet => (bed, Act::Rest),
                    _ => (s.zone, s.act),
                };
                if zone >= self.rooms {
                    continue;
                }
                let role = self.roles[i];
                let mask = self.params.masks[role.index()];
                let level = breathing_level(role, act);
                let expiratory = if act.speaking() && !isolated[i] {
                    Expiratory::Speaking
                } else {
                    Expiratory::Breathing
                };
                by_zone[zone].push(Occupant {
                    person: s.person,
                    t0_h: s.t0_h,
                    t1_h: s.t1_h,
                    emission_quanta_per_h: path.quanta_per_h(expiratory, level)
                        * inf[i]
                        * (1.0 - mask.exhalation_efficiency()),
                    effective_inhalation_m3_per_h: if susceptible[i] {
                        level.breathing_m3_per_h() * (1.0 - mask.inhalation_efficiency())
                    } else {
                        0.0
                    },
                });
            }
            for (z, occ) in by_zone.iter().enumerate() {
                sweep_room(&mut air[z], occ, 24.0, &mut dose_air);
            }
            // Close range.
            for c in &self.pairs[pd] {
                let (a, b) = (c.a as usize, c.b as usize);
                if absent[a] || absent[b] {
                    continue;
                }
                if (isolated[a] && !self.roles[b].is_staff())
                    || (isolated[b] && !self.roles[a].is_staff())
                {
                    continue;
                }
                for (e, s) in [(a, b), (b, a)] {
                    if inf[e] <= 0.0 || !susceptible[s] {
                        continue;
                    }
                    let (re, rs) = (self.roles[e], self.roles[s]);
                    let m = &self.params.masks;
                    let q = jet_dose(
                        &self.params,
                        re,
                        rs,
                        c,
                        inf[e] * (1.0 - m[re.index()].exhalation_efficiency()),
                        1.0 - m[rs.index()].inhalation_efficiency(),
                    );
                    dose_cr[s] += self.close_range_scale * q;
                }
            }
            // End of day: infections.
            let t_inf_h = 24.0 * f64::from(d + 1);
            for i in 0..n {
                let q = dose_air[i] + dose_cr[i];
                if susceptible[i] && q > 0.0 {
                    let p = infection_probability(q);
                    let u: f64 = rng.random();
                    if u < p {
                        course[i] = Some(Course::sample(path, self.age(i), t_inf_h, &mut rng));
                        if u < p * dose_air[i] / q {
                            res.infections_room_air += 1;
                        } else {
                            res.infections_close_range += 1;
                        }
                        if self.roles[i] == Role::Resident {
                            res.resident_cases += 1;
                        } else {
                            res.staff_cases += 1;
                        }
                    }
                }
                dose_air[i] = 0.0;
                dose_cr[i] = 0.0;
            }
        }
        res
    }
}

/// Runs replicates `0..replicates` in parallel on the current rayon pool, in index order.
pub fn run_replicates(
    model: &Model,
    seed: u64,
    replicates: u32,
    days: u32,
) -> Vec<ReplicateResult> {
    (0..replicates)
        .into_par_iter()
        .map(|r| model.run_replicate(seed, r, days))
        .collect()
}

/// Summary of a set of replicates (serial, in index order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub pathogen: String,
    pub days: u32,
    pub pattern_days: u32,
    /// Resident attack rate, resident cases, P(> 5), P(> 10).
    pub residents: MonteCarloSummary,
    pub staff_attack_rate: Distribution,
    pub peak_infectious_residents: Distribution,
    pub infections_room_air: Distribution,
    pub infections_close_range: Distribution,
    /// Share of all infections through room air (0 without infections).
    pub room_air_share: f64,
}

/// Summarises `results` (given in replicate order); `None` when empty.
pub fn summarize(model: &Model, days: u32, results: &[ReplicateResult]) -> Option<Summary> {
    let outcomes: Vec<ReplicateOutcome> = results
        .iter()
        .map(|r| ReplicateOutcome {
            resident_cases: r.resident_cases,
            residents_at_risk: r.residents_at_risk,
        })
        .collect();
    let col = |f: &dyn Fn(&ReplicateResult) -> f64| -> Option<Distribution> {
        summary::distribution(&results.iter().map(f).collect::<Vec<_>>())
    };
    let air: u64 = results
        .iter()
        .map(|r| u64::from(r.infections_room_air))
        .sum();
    let cr: u64 = results
        .iter()
        .map(|r| u64::from(r.infections_close_range))
        .sum();
    Some(Summary {
        pathogen: model.params.pathogen.name.clone(),
        days,
        pattern_days: model.pattern_days,
        residents: summary::summarize(&outcomes)?,
        staff_attack_rate: col(&|r| r.staff_attack_rate())?,
        peak_infectious_residents: col(&|r| f64::from(r.peak_infectious_residents))?,
        infections_room_air: col(&|r| f64::from(r.infections_room_air))?,
        infections_close_range: col(&|r| f64::from(r.infections_close_range))?,
        room_air_share: if air + cr == 0 {
            0.0
        } else {
            air as f64 / (air + cr) as f64
        },
    })
}

/// `replicates.csv`: one row per replicate.
pub fn replicates_csv(results: &[ReplicateResult]) -> String {
    let mut s = String::from(
        "replicate,index_person,resident_cases,residents_at_risk,resident_attack_rate,staff_cases,staff_at_risk,staff_attack_rate,infections_room_air,infections_close_range,peak_infectious_residents,days_active\n",
    );
    for r in results {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.replicate,
            r.index_person,
            r.resident_cases,
            r.residents_at_risk,
            r.resident_attack_rate(),
            r.staff_cases,
            r.staff_at_risk,
            r.staff_attack_rate(),
            r.infections_room_air,
            r.infections_close_range,
            r.peak_infectious_residents,
            r.days_active
        ));
    }
    s
}

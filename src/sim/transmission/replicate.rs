//! One replicate of the outbreak: the index case, daily disease states, interventions,
//! exposure (room air and close range) and the day's infection draws; replicates in parallel.

use super::super::Act;
use super::super::Role;
use super::super::engine::replicate_seed;
use super::model::Model;
use super::room_sweep::{Occupant, SweepScratch, sweep_room_with};
use super::{EPI_SALT, EVAL_H, STAFF_AGE_YEARS, Stream, TestingScope, stream};
use crate::epi::airborne::{RoomAir, infection_probability};
use crate::epi::course::{Course, DiseaseState};
use crate::epi::pathogen::sample_emission_multiplier;
use crate::epi::summary::{self, Interval};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha12Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Who is infectious, susceptible, off sick and isolated on one day, by person (`inf` and
/// `susceptible` also hold the cover worker of staff member i at n + i).
#[derive(Clone, Copy)]
pub(super) struct DayState<'a> {
    /// Outbreak day (pattern day `d mod P` is replayed).
    pub(super) d: u32,
    pub(super) inf: &'a [f64],
    pub(super) susceptible: &'a [bool],
    pub(super) absent: &'a [bool],
    pub(super) isolated: &'a [bool],
}

/// Buffers [`Model::expose`] reuses from day to day.
#[derive(Default)]
pub(super) struct ExposeBuffers {
    /// Occupants per room.
    pub(super) by_zone: Vec<Vec<Occupant>>,
    pub(super) scratch: SweepScratch,
    /// People inhaling in one room (for the dose per room).
    pub(super) inhaling: Vec<u32>,
}

/// What one replicate produces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicateResult {
    pub replicate: u32,
    /// Person id of the index case (`u32::MAX` without one).
    pub index_person: u32,
    pub resident_cases: u32,
    pub residents_at_risk: u32,
    /// Permanent staff infected in the home (index case and community infections excluded).
    pub staff_cases: u32,
    /// Permanent staff other than the index case.
    pub staff_at_risk: u32,
    /// Agency, bank and cover staff infected during a shift (a new person each day; they carry
    /// the infection out of the home).
    pub agency_cases: u32,
    /// Permanent staff infected in the community.
    pub community_introductions: u32,
    pub infections_room_air: u32,
    pub infections_close_range: u32,
    /// Largest number of residents infectious on one day.
    pub peak_infectious_residents: u32,
    /// Positive routine tests (people isolated or sent home by testing).
    pub positive_tests: u32,
    /// Days until no one in the home was infected any more (or all days).
    pub days_active: u32,
    /// Residents infectious on each day (at noon), one entry per simulated day.
    pub daily_infectious_residents: Vec<u32>,
    /// Residents newly infected at the end of each day.
    pub daily_new_resident_cases: Vec<u32>,
    /// Room-air dose inhaled by susceptible people in each room over the run, quanta (the
    /// expected number of room-air infections the room caused, before depletion).
    pub room_air_dose_quanta: Vec<f64>,
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

impl Model {
    /// Runs replicate `r` of `days` days from master `seed`.
    pub fn run_replicate(&self, seed: u64, r: u32, days: u32) -> ReplicateResult {
        let n = self.roles.len();
        let nn = 2 * n; // person i, and the cover worker of staff member i at n + i
        let path = &self.params.pathogen;
        let base = ChaCha12Rng::seed_from_u64(replicate_seed(seed ^ EPI_SALT, r));
        let cover_key = |i: usize| self.key[i] | (1 << 36);
        let mut infect_rng: Vec<ChaCha12Rng> = (0..nn)
            .map(|j| {
                let k = if j < n { self.key[j] } else { cover_key(j - n) };
                stream(&base, Stream::Infection, k)
            })
            .collect();
        let permanent_staff: Vec<usize> = (0..n)
            .filter(|&i| self.roles[i].is_staff() && !self.agency[i])
            .collect();
        let p_comm = self.params.community_infection_per_day;
        let mut community_rng: Vec<ChaCha12Rng> = if p_comm > 0.0 {
            permanent_staff
                .iter()
                .map(|&i| stream(&base, Stream::Community, self.key[i]))
                .collect()
        } else {
            Vec::new()
        };
        let testing = self.params.testing;
        let mut test_rng: Vec<ChaCha12Rng> = if testing.is_some() {
            (0..n)
                .map(|i| stream(&base, Stream::Testing, self.key[i]))
                .collect()
        } else {
            Vec::new()
        };
        // Emission multiplier per person (module docs), drawn for everyone, infected or not, so
        // the draws line up across plans and interventions; nothing is drawn at σ = 0.
        let spread = path.emission_spread_log10;
        let emission: Vec<f64> = if spread > 0.0 {
            (0..n)
                .map(|i| {
                    sample_emission_multiplier(
                        spread,
                        &mut stream(&base, Stream::Emission, self.key[i]),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        // Isolated or sent home after a positive test, until this time (hours).
        let mut detected_until_h = vec![f64::NEG_INFINITY; n];
        let mut course: Vec<Option<Course>> = vec![None; n];
        let mut res = ReplicateResult {
            replicate: r,
            index_person: u32::MAX,
            resident_cases: 0,
            residents_at_risk: self.roles.iter().filter(|&&x| x == Role::Resident).count() as u32,
            staff_cases: 0,
            staff_at_risk: permanent_staff.len() as u32,
            agency_cases: 0,
            community_introductions: 0,
            infections_room_air: 0,
            infections_close_range: 0,
            peak_infectious_residents: 0,
            positive_tests: 0,
            days_active: 0,
            daily_infectious_residents: Vec::with_capacity(days as usize),
            daily_new_resident_cases: Vec::with_capacity(days as usize),
            room_air_dose_quanta: vec![0.0; self.rooms],
        };
        if self.params.index_case && !self.index_candidates.is_empty() {
            let u: f64 = stream(&base, Stream::IndexPick, 0).random();
            let k = ((u * self.index_candidates.len() as f64) as usize)
                .min(self.index_candidates.len() - 1);
            let idx = self.index_candidates[k];
            let mut g = stream(&base, Stream::IndexCourse, 0);
            let mut c0 = Course::sample(path, STAFF_AGE_YEARS, 0.0, &mut g);
            let shift = c0.infectious_from_h;
            c0.infected_at_h -= shift;
            c0.infectious_from_h -= shift;
            c0.onset_h -= shift;
            c0.recovered_at_h -= shift;
            course[idx as usize] = Some(c0);
            res.index_person = idx;
            res.staff_at_risk -= 1;
        }
        let sample_course = |i: usize, t_h: f64| {
            let mut g = stream(&base, Stream::Course, self.key[i]);
            Course::sample(path, self.age(i), t_h, &mut g)
        };

        let mut air: Vec<RoomAir> = (0..self.rooms)
            .map(|z| RoomAir::new(self.volume_m3[z], self.loss_per_h[z]))
            .collect();
        let mut dose_air = vec![0.0; nn];
        let mut dose_cr = vec![0.0; nn];
        let mut inf = vec![0.0; nn];
        let mut susceptible = vec![false; nn];
        let mut absent = vec![false; n];
        let mut isolated = vec![false; n];
        let mut buf = ExposeBuffers::default();
        for d in 0..days {
            let t_h = 24.0 * f64::from(d) + EVAL_H;
            for (k, &i) in permanent_staff.iter().enumerate().take(community_rng.len()) {
                let u: f64 = community_rng[k].random();
                if course[i].is_none() && u < p_comm {
                    course[i] = Some(sample_course(i, 24.0 * f64::from(d)));
                    res.community_introductions += 1;
                }
            }
            let mut any_infected = false;
            let mut any_infectious = false;
            let mut infectious_residents = 0;
            let test_day = testing.filter(|ts| d % ts.every_days == 0);
            for i in 0..n {
                let role = self.roles[i];
                let state = course[i].map_or(DiseaseState::Susceptible, |c| c.state_at(t_h));
                if let Some(ts) = test_day {
                    // One uniform per person and test day, needed or not (common random numbers).
                    let u: f64 = test_rng[i].random();
                    let in_scope = match ts.who {
                        TestingScope::Staff => role.is_staff(),
                        TestingScope::Residents => role == Role::Resident,
                        TestingScope::All => role != Role::Visitor,
                    };
                    if in_scope
                        && !self.agency[i]
                        && state.is_infectious()
                        && t_h >= detected_until_h[i]
                        && u < ts.sensitivity
                        && let Some(c) = course[i]
                    {
                        detected_until_h[i] = c.recovered_at_h;
                        res.positive_tests += 1;
                    }
                }
                let detected = t_h < detected_until_h[i];
                inf[i] = course[i].map_or(0.0, |c| c.infectiousness(t_h));
                if let Some(&m) = emission.get(i) {
                    // Scales room-air emission and the close-range dose alike.
                    inf[i] *= m;
                }
                if role == Role::Visitor {
                    inf[i] = 0.0;
                }
                any_infectious |= inf[i] > 0.0;
                susceptible[i] = role != Role::Visitor && state == DiseaseState::Susceptible;
                let symptomatic = state == DiseaseState::Symptomatic;
                absent[i] =
                    role.is_staff() && ((self.params.staff_sick_leave && symptomatic) || detected);
                isolated[i] = role == Role::Resident
                    && ((self.params.isolate_symptomatic_residents && symptomatic) || detected);
                if !matches!(state, DiseaseState::Susceptible | DiseaseState::Recovered) {
                    any_infected = true;
                }
                if role == Role::Resident && state.is_infectious() {
                    infectious_residents += 1;
                }
                // The cover worker of staff member i: present only while i is off sick.
                susceptible[n + i] = absent[i];
            }
            if !any_infected && p_comm <= 0.0 {
                break;
            }
            res.daily_infectious_residents.push(infectious_residents);
            if any_infected {
                res.days_active = d + 1;
            }
            res.peak_infectious_residents = res.peak_infectious_residents.max(infectious_residents);
            let air_left = air.iter().any(|a| a.c_quanta_per_m3 > 1e-12);
            if any_infectious || air_left {
                if !any_infectious {
                    // Below 1e-12 q/m³ the air counts as clean (no dose above ~1e-10 q a day).
                    for a in &mut air {
                        if a.c_quanta_per_m3 <= 1e-12 {
                            a.c_quanta_per_m3 = 0.0;
                        }
                    }
                }
                let day = DayState {
                    d,
                    inf: &inf,
                    susceptible: &susceptible,
                    absent: &absent,
                    isolated: &isolated,
                };
                self.expose(
                    &day,
                    &mut air,
                    &mut buf,
                    &mut dose_air,
                    &mut dose_cr,
                    Some(&mut res.room_air_dose_quanta),
                );
            }
            let cases_before = res.resident_cases;
            // End of day: infections. Every person draws one uniform a day, needed or not.
            let t_inf_h = 24.0 * f64::from(d + 1);
            for j in 0..nn {
                let u: f64 = infect_rng[j].random();
                let q = dose_air[j] + dose_cr[j];
                if susceptible[j] && q > 0.0 {
                    let p = infection_probability(q);
                    if u < p {
                        if u < p * dose_air[j] / q {
                            res.infections_room_air += 1;
                        } else {
                            res.infections_close_range += 1;
                        }
                        if j >= n || self.agency[j] {
                            res.agency_cases += 1;
                        } else {
                            course[j] = Some(sample_course(j, t_inf_h));
                            if self.roles[j] == Role::Resident {
                                res.resident_cases += 1;
                            } else {
                                res.staff_cases += 1;
                            }
                        }
                    }
                }
                dose_air[j] = 0.0;
                dose_cr[j] = 0.0;
            }
            res.daily_new_resident_cases
                .push(res.resident_cases - cases_before);
            // Agency staff are different people tomorrow.
            for (c, &agency) in course.iter_mut().zip(&self.agency) {
                if agency {
                    *c = None;
                }
            }
        }
        // An outbreak that died out: nobody infectious or newly infected on the remaining days.
        res.daily_infectious_residents.resize(days as usize, 0);
        res.daily_new_resident_cases.resize(days as usize, 0);
        res
    }

    /// One day's doses (room air and close range) on pattern day `d mod P`, added to `dose_air`
    /// and `dose_cr`; with `room_dose`, each room's room-air dose is added to it too.
    pub(super) fn expose(
        &self,
        day: &DayState,
        air: &mut [RoomAir],
        buf: &mut ExposeBuffers,
        dose_air: &mut [f64],
        dose_cr: &mut [f64],
        mut room_dose: Option<&mut [f64]>,
    ) {
        let DayState {
            d,
            inf,
            susceptible,
            absent,
            isolated,
        } = *day;
        let ExposeBuffers {
            by_zone,
            scratch,
            inhaling,
        } = buf;
        by_zone.resize_with(self.rooms, Vec::new);
        let n = self.roles.len();
        let pd = (d % self.pattern_days) as usize;
        // Sick staff are replaced by their cover worker (index n + i).
        let who = |i: usize| if absent[i] { n + i } else { i };
        for v in by_zone.iter_mut() {
            v.clear();
        }
        for s in &self.stays[pd] {
            let i = s.person as usize;
            let w = who(i);
            if inf[w] <= 0.0 && !susceptible[w] {
                continue;
            }
            let zone = match (isolated[i], self.bedroom[i]) {
                (true, Some(bed)) if s.zone != bed && s.act != Act::Toilet => bed,
                _ => s.zone,
            };
            if zone >= self.rooms {
                continue;
            }
            by_zone[zone].push(self.occupant(pd, s, w, isolated[i], inf[w], susceptible[w]));
        }
        for (z, occ) in by_zone.iter().enumerate() {
            let Some(room_dose) = room_dose.as_deref_mut() else {
                sweep_room_with(&mut air[z], occ, 24.0, dose_air, scratch);
                continue;
            };
            inhaling.clear();
            inhaling.extend(
                occ.iter()
                    .filter(|o| o.effective_inhalation_m3_per_h > 0.0)
                    .map(|o| o.person),
            );
            inhaling.sort_unstable();
            inhaling.dedup();
            let before: f64 = inhaling.iter().map(|&j| dose_air[j as usize]).sum();
            sweep_room_with(&mut air[z], occ, 24.0, dose_air, scratch);
            let after: f64 = inhaling.iter().map(|&j| dose_air[j as usize]).sum();
            room_dose[z] += after - before;
        }
        let m = &self.params.masks;
        for c in &self.pairs[pd] {
            let (a, b) = (c.a as usize, c.b as usize);
            if (isolated[a] && !self.roles[b].is_staff())
                || (isolated[b] && !self.roles[a].is_staff())
            {
                continue;
            }
            let (wa, wb) = (who(a), who(b));
            for (e, s, q) in [(wa, wb, c.q_ab), (wb, wa, c.q_ba)] {
                if inf[e] <= 0.0 || !susceptible[s] || q <= 0.0 {
                    continue;
                }
                let (re, rs) = (self.roles[e % n], self.roles[s % n]);
                dose_cr[s] += q
                    * inf[e]
                    * (1.0 - m[re.index()].exhalation_efficiency())
                    * (1.0 - m[rs.index()].inhalation_efficiency());
            }
        }
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

/// Mean difference `b − a` of the resident attack rate over replicates paired by index, with its
/// 95% confidence interval ([`summary::mean_interval`]). Run `a` and `b` with the same seed (two
/// plans, or two interventions on one plan) so the pairs share their random numbers (module
/// docs): the interval is then far narrower than for independent runs. Errors if the two runs
/// have different lengths or are empty.
pub fn paired_difference(a: &[ReplicateResult], b: &[ReplicateResult]) -> Result<Interval, String> {
    if a.len() != b.len() {
        return Err(format!(
            "paired difference: {} replicates against {}; run both with the same replicates and seed",
            a.len(),
            b.len()
        ));
    }
    if let Some((x, y)) = a.iter().zip(b).find(|(x, y)| x.replicate != y.replicate) {
        return Err(format!(
            "paired difference: replicate {} paired with replicate {}",
            x.replicate, y.replicate
        ));
    }
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(x, y)| y.resident_attack_rate() - x.resident_attack_rate())
        .collect();
    summary::mean_interval(&d).ok_or_else(|| "paired difference: no replicates".to_string())
}

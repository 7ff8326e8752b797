//! Transmission on top of daily life (issue 8): one infectious staff member is introduced, and
//! infection spreads through room air and close contacts, day by day, for one replicate; many
//! replicates make a Monte Carlo estimate of the attack rate. Reasoning, sources and measured
//! figures: `docs/epi.md` §7–§9.
//!
//! # Model (DESIGN.md §4; the physics lives in [`crate::epi`])
//!
//! * **Movement pattern.** Daily life is simulated once ([`super::engine`]) for `P` pattern days
//!   (the CLI uses `min(days, 7)`), and epidemic day `d` replays pattern day `d mod P`. What varies
//!   between replicates is who is infected, when, and their disease courses. The interventions
//!   below edit the replayed pattern per replicate.
//! * **Disease states** are updated once a day, evaluated at noon ([`EVAL_H`]) of each day:
//!   infectiousness, isolation and sick leave are constant within a day.
//! * **Who talks, and how much** (`docs/epi.md` §7). Each person spends [`CONVERSATION_SHARE`]
//!   = 0.202 of their waking time in the home in face-to-face conversation (Siette et al. 2022,
//!   PLoS One 17:e0273412: care-home residents' interpersonal communication, 95% CI 0.179–0.225),
//!   and in a conversation of N people each speaks 1/N of the time (CAiMIRA, Henriques et al.
//!   2022; N = 2 face to face, [`DYAD_SPEAKING_SHARE`]). In room air, during acts where people
//!   talk ([`Act::speaking`]), a person's quanta rate is `f·speaking + (1 − f)·breathing` with
//!   f = ½·budget / (hours in such acts that day).
//! * **Room air.** Each room is well mixed ([`RoomAir`]) with loss
//!   λ = ach + deposition + decay + CADR/V; ach is the scenario's `ventilation_ach` override or
//!   the room's own (`ach`, or `supply_l_s` → ach), else [`DEFAULT_ACH`]. The day is split at
//!   every arrival and departure; over each piece the emission is the sum over infectious
//!   occupants of quanta × infectiousness × (1 − mask exhalation), and the room is advanced
//!   exactly (Gammaitoni & Nucci 1997). Residual concentration carries over between pieces and
//!   days. Each susceptible present inhales breathing × ∫C dt × (1 − mask inhalation). Outdoor
//!   areas carry no airborne dose.
//! * **Close range.** Each contact episode closer than [`CLOSE_RANGE_M`] adds the unscaled
//!   short-range jet dose of Jia et al. 2022, CAiMIRA's short-range model
//!   ([`close_range_dose_quanta`]), at no less than [`MIN_FACE_DISTANCE_M`], over the episode's
//!   face-to-face time: each person's daily conversation budget is shared among their close
//!   contacts of the day in proportion to duration (face share s = min(1, budget / close-contact
//!   hours)), and an episode is face to face for duration × (s_a + s_b)/2; the emitter speaks half
//!   of it. Lasser et al. 2021's calibrated risk per contact-day is a cross-check
//!   ([`Model::lasser_cross_check`]), no longer a scale factor: it is defined for room mates, and
//!   applying it to every <1.5 m pair-day made the attack rate implausible (`docs/epi.md` §7).
//! * **Infection.** Every person draws one uniform per day from their own stream (drawn whether
//!   or not it is needed, so the draws stay aligned across plans and interventions); a
//!   susceptible with day dose q is infected if u < 1 − e^(−q) (Wells–Riley on the day's
//!   accumulated dose). The route is attributed in proportion to the two doses with the same
//!   draw (room air if u < P·q_air/q). A new case gets a [`Course`] from their own course stream,
//!   infected at midnight.
//! * **Emission heterogeneity** (opt-in, `[pathogen] emission_spread_log10 = σ`, default 0). Each
//!   person has an emission multiplier m = 10^(σ·Z − σ²·ln(10)/2), Z ~ N(0, 1), so `E[m] = 1`
//!   ([`crate::epi::pathogen::emission_multiplier`]); it multiplies their infectiousness, and
//!   with it both their room-air emission and their close-range jet dose (the jet dose is
//!   proportional to emission). The index case included. With σ = 0 nothing is drawn and the
//!   results are those without the field, bit for bit.
//! * **Index case.** One permanent carer or nurse, presymptomatic at time 0 (a sampled course
//!   shifted so its latent period ends at 0): candidate `⌊u·n⌋` of the carers and nurses in role
//!   and rank order. Optionally, staff are also infected in the community
//!   ([`Params::community_infection_per_day`]). Visitors are neither infected nor infectious.
//! * **Interventions** (`[interventions]`): masks by role; a ventilation override; symptomatic
//!   residents isolated in their bedroom (their presence elsewhere moves to the bedroom, resting,
//!   and only staff contacts remain); symptomatic staff stay home from the day of onset until
//!   recovery, and their shift is covered by bank or agency staff.
//! * **Agency and bank staff** are a different person every day (as in
//!   [`super::population`]): each day they arrive susceptible and not infectious (a worker
//!   infected elsewhere with symptoms stays home, and one infected on the day is not yet
//!   infectious), so they can carry infection *out* of the home but not into it; their infections
//!   are counted as `agency_cases`, not in the staff attack rate. A sick permanent staff member's
//!   stays and contacts are taken over by such a cover worker.
//!
//! # Random numbers: common random numbers across plans and interventions
//!
//! Replicate `r` of master seed `s` derives one ChaCha12 key from `(s, r)`; every purpose and
//! person then reads its own ChaCha *stream* of that key (`set_stream`), so draws never shift
//! when another person's history changes: the index case (one uniform, stream
//! [`Stream::IndexPick`]), the index course, each person's course (keyed by role and rank within
//! the role, so resident 7 of one plan and resident 7 of another share their course draws), each
//! person's daily infection uniform, each staff member's daily community uniform, and (with
//! `emission_spread_log10` > 0) each person's emission multiplier, one normal deviate per person
//! and replicate from stream [`Stream::Emission`] keyed like the course stream, drawn whether or
//! not the person is ever infected. Two plans
//! or two interventions run with the same seed therefore differ only where the building or the
//! intervention makes them differ, and their per-replicate difference has far less Monte Carlo
//! noise than two independent runs ([`paired_difference`]; `tests/transmission.rs` measures it).
//!
//! Replicates run in parallel (rayon); results come back in index order and are reduced
//! serially, so outputs are bit-identical at any thread count.

use super::engine::replicate_seed;
use super::record::RunRecord;
use super::{Act, Role, Scenario};
use crate::building::Building;
use crate::epi::airborne::{LossRates, Mask, RoomAir, ach_from_l_per_s, infection_probability};
use crate::epi::close_range::{CLOSE_RANGE_M, CloseContact, JetParams, close_range_dose_quanta};
use crate::epi::course::{Course, DiseaseState};
use crate::epi::pathogen::{ActivityLevel, Expiratory, Pathogen, sample_emission_multiplier};
use crate::epi::summary::{self, Distribution, Interval, MonteCarloSummary, ReplicateOutcome};
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
/// Calibrated risk of infection per day of a "close" contact in Lasser et al. 2021's
/// nursing-home model (arXiv 2104.00550; J R Soc Interface 18:20210608): 0.0737, where "close"
/// means sharing a bedroom; table neighbours carry 0.5 of it, residents of the same living area
/// and every employee–resident pair 0.25 (the contact-type weights of their model, code archived
/// as Zenodo 10.5281/zenodo.4275533). Used as a cross-check ([`Model::lasser_cross_check`]).
pub const LASSER_RISK_PER_CONTACT_DAY: f64 = 0.0737;
/// Lasser et al. 2021 contact-type weights: close (room mates) 1, intermediate (table) 0.5, far
/// (living area; employee–resident) 0.25.
pub const LASSER_WEIGHTS: [f64; 3] = [1.0, 0.5, 0.25];
/// Share of waking time spent in face-to-face conversation: 0.202 (95% CI 0.179–0.225), the
/// share of the day care-home residents spent in interpersonal communication (Siette et al. 2022,
/// PLoS One 17:e0273412: time-and-motion observation 09:30–17:30 of 39 residents in six homes).
/// We apply it to staff too; it agrees with adults' ≈16,000 spoken words a day (Mehl et al. 2007,
/// Science 317:82: at ≈150 words/min, 1.8 h of speaking, ≈22% of 16 waking hours in dyadic
/// conversation).
pub const CONVERSATION_SHARE: f64 = 0.202;
/// Share of their interpersonal communication residents spend with another resident: 0.548
/// (Siette et al. 2022). Not a model input: the cross-check of how our pattern distributes
/// conversation ([`LasserCrossCheck::resident_conversation_with_residents`]).
pub const CONVERSATION_WITH_RESIDENTS_SHARE: f64 = 0.548;
/// Each of N people in a conversation speaks about 1/N of the time (CAiMIRA, Henriques et al.
/// 2022, calculator `model_generator.py`, "smallmeeting"); face to face (a dyad): 1/2.
pub const DYAD_SPEAKING_SHARE: f64 = 0.5;
/// Nearest face-to-face distance of a conversation: 0.45 m, the near limit of Hall's personal
/// distance (Hall 1966, The Hidden Dimension: personal distance 0.45–1.2 m; closer is intimate
/// distance). The movement model may put two people's positions closer (shared spots at a
/// station or a WC door); the jet is evaluated at no less than this.
pub const MIN_FACE_DISTANCE_M: f64 = 0.45;
/// Hour of the day at which disease states are evaluated.
pub const EVAL_H: f64 = 12.0;
const DAY_S: f64 = 86_400.0;
/// Salt so the epidemic key differs from the movement key of the same replicate.
const EPI_SALT: u64 = 0x7472_616e_736d_6974;

/// The purposes that own a ChaCha stream within a replicate's key (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    IndexPick = 1,
    IndexCourse = 2,
    Course = 3,
    Infection = 4,
    Community = 5,
    Testing = 6,
    /// Each person's emission multiplier (one standard normal deviate per replicate).
    Emission = 7,
}

fn stream(base: &ChaCha12Rng, purpose: Stream, key: u64) -> ChaCha12Rng {
    let mut g = base.clone();
    g.set_stream(((purpose as u64) << 48) | (key & 0xFFFF_FFFF_FFFF));
    g
}

fn mixed_quanta_per_h(p: &Pathogen, level: ActivityLevel, speaking: f64) -> f64 {
    speaking * p.quanta_per_h(Expiratory::Speaking, level)
        + (1.0 - speaking) * p.quanta_per_h(Expiratory::Breathing, level)
}

/// Parameters of the transmission pass, from a scenario's `[pathogen]`, `[interventions]` and
/// `[seeding]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub pathogen: Pathogen,
    /// Mask worn, by [`Role::index`].
    pub masks: [Mask; 8],
    /// Outdoor-air change rate applied to every room (1/h), replacing the plan's.
    pub ventilation_ach: Option<f64>,
    pub isolate_symptomatic_residents: bool,
    pub staff_sick_leave: bool,
    /// One carer or nurse is infectious at day 0 (the standard challenge). Default true.
    pub index_case: bool,
    /// Probability per day that a susceptible permanent staff member is infected outside the home.
    /// Default [`DEFAULT_COMMUNITY_INFECTION_PER_DAY`].
    pub community_infection_per_day: f64,
    /// Routine testing (off by default).
    pub testing: Option<Testing>,
    pub jet: JetParams,
}

/// Who routine testing covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestingScope {
    Staff,
    Residents,
    All,
}

/// Routine testing, `[interventions] testing = { every_days = 7, sensitivity = 0.8, who = "staff" }`:
/// on days 0, `every_days`, 2·`every_days`, … everyone in scope who is infectious (presymptomatic,
/// symptomatic or asymptomatic) tests positive with probability `sensitivity`, with the result the
/// same day (a lateral-flow or rapid test; a lab result a day later would delay it). A resident who
/// tests positive is isolated in the bedroom, a staff member stays home (a cover worker takes the
/// shifts), both until recovery. Permanent staff and residents only: agency staff are new people
/// each day and visitors are not tested.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Testing {
    pub every_days: u32,
    /// Probability that an infectious person tests positive. Default [`DEFAULT_TEST_SENSITIVITY`].
    pub sensitivity: f64,
    pub who: TestingScope,
}

/// Default sensitivity of a test during the infectious period: 0.8. Kucirka et al. 2020 (Ann
/// Intern Med 173:262) estimated the RT-PCR false-negative rate at its lowest, 20% (95% CI
/// 12–30%), around three days after symptom onset; lateral-flow antigen tests average 0.73 in
/// people with symptoms and 0.55 without (Dinnes et al. 2022, Cochrane Database Syst Rev
/// CD013705), so set `sensitivity` lower for them.
pub const DEFAULT_TEST_SENSITIVITY: f64 = 0.8;

fn parse_testing(v: &toml::Value) -> Result<Testing, String> {
    let t = v
        .as_table()
        .ok_or("interventions.testing: expected a table, e.g. { every_days = 7, sensitivity = 0.8, who = \"staff\" }")?;
    let mut out = Testing {
        every_days: 7,
        sensitivity: DEFAULT_TEST_SENSITIVITY,
        who: TestingScope::All,
    };
    for (k, v) in t {
        match (k.as_str(), v) {
            ("every_days", toml::Value::Integer(i)) if (1..=365).contains(i) => {
                out.every_days = *i as u32
            }
            ("every_days", _) => {
                return Err(
                    "interventions.testing.every_days: expected a whole number of days, 1 to 365"
                        .into(),
                );
            }
            ("sensitivity", v) => {
                let x = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
                match x {
                    Some(x) if (0.0..=1.0).contains(&x) => out.sensitivity = x,
                    _ => {
                        return Err(
                            "interventions.testing.sensitivity: expected a probability in [0, 1]"
                                .into(),
                        );
                    }
                }
            }
            ("who", toml::Value::String(w)) => {
                out.who = match w.as_str() {
                    "staff" => TestingScope::Staff,
                    "residents" => TestingScope::Residents,
                    "all" => TestingScope::All,
                    _ => {
                        return Err(format!(
                            "interventions.testing.who: unknown value {w:?} (staff, residents, all)"
                        ));
                    }
                }
            }
            _ => {
                return Err(format!(
                    "interventions.testing: unknown or mistyped key {k:?} (every_days, sensitivity, who)"
                ));
            }
        }
    }
    Ok(out)
}

/// Default community infection probability per staff member and day: 0.68 per 10,000 per day,
/// the incidence the ONS COVID-19 Infection Survey estimated for England, 27 July–2 August 2020
/// (95% credible interval 0.38–1.17; ONS bulletin of 7 August 2020) — a low-incidence summer, so
/// the standard challenge stays one introduction (≈0.1 extra introductions per 30 days in a home
/// of 70 staff). Autumn 2020 reached ≈8 per 10,000 per day (ONS, 6 November 2020: 45,700 new
/// infections a day in England) — set `seeding.community_infection_per_day` for such periods.
pub const DEFAULT_COMMUNITY_INFECTION_PER_DAY: f64 = 0.68e-4;

impl Default for Params {
    fn default() -> Self {
        Params {
            pathogen: Pathogen::preset("sars-cov-2").expect("bundled preset"),
            masks: [Mask::None; 8],
            ventilation_ach: None,
            isolate_symptomatic_residents: true,
            staff_sick_leave: true,
            index_case: true,
            community_infection_per_day: DEFAULT_COMMUNITY_INFECTION_PER_DAY,
            testing: None,
            jet: JetParams::default(),
        }
    }
}

fn role_by_name(name: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.name() == name)
}

impl Params {
    /// Reads `[pathogen]` (`preset = "sars-cov-2"` by default; any other key overrides a field of
    /// the preset, including `emission_spread_log10`, the per-person emission spread, default 0),
    /// `[interventions]`: `ventilation_ach`, `isolate_symptomatic_residents`,
    /// `staff_sick_leave`, `masks = { staff = "surgical", resident = "none", carer = "ffp2" }`
    /// (a role name or `staff` for every staff role; the more specific key wins), and
    /// `[seeding]`: `index_case = "care_staff" | "none"`, `community_infection_per_day`.
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
                    ("testing", v) => p.testing = Some(parse_testing(v)?),
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
        if let Some(t) = &sc.seeding {
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("index_case", toml::Value::String(s)) => {
                        p.index_case = match s.as_str() {
                            "care_staff" => true,
                            "none" => false,
                            _ => {
                                return Err(format!(
                                    "seeding.index_case: unknown value {s:?} (care_staff, none)"
                                ));
                            }
                        }
                    }
                    ("community_infection_per_day", v) => {
                        let x = match v {
                            toml::Value::Float(x) => *x,
                            toml::Value::Integer(i) => *i as f64,
                            _ => {
                                return Err(
                                    "seeding.community_infection_per_day: expected a number".into(),
                                );
                            }
                        };
                        if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
                            return Err(format!(
                                "seeding.community_infection_per_day: {x} is not a probability in [0, 1]"
                            ));
                        }
                        p.community_infection_per_day = x;
                    }
                    _ => return Err(format!("seeding: unknown or mistyped key {k:?}")),
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
///
/// The cumulative integral F(t) = ∫₀ᵗ C is computed once at every event; an occupant present over
/// [t₀, t₁] inhales B·(F(t₁) − F(t₀)). Cost O(k log k) for k occupants.
pub fn sweep_room(air: &mut RoomAir, occupants: &[Occupant], day_h: f64, dose: &mut [f64]) {
    let mut scratch = SweepScratch::default();
    sweep_room_with(air, occupants, day_h, dose, &mut scratch);
}

/// Reusable buffers of [`sweep_room`].
#[derive(Default)]
struct SweepScratch {
    ev: Vec<f64>,
    de: Vec<f64>,
    dn: Vec<i32>,
    f: Vec<f64>,
}

fn sweep_room_with(
    air: &mut RoomAir,
    occupants: &[Occupant],
    day_h: f64,
    dose: &mut [f64],
    s: &mut SweepScratch,
) {
    if occupants.iter().all(|o| o.emission_quanta_per_h <= 0.0) && air.c_quanta_per_m3 <= 0.0 {
        return;
    }
    let span = |o: &Occupant| (o.t0_h.clamp(0.0, day_h), o.t1_h.clamp(0.0, day_h));
    s.ev.clear();
    s.ev.push(0.0);
    s.ev.push(day_h);
    for o in occupants {
        let (a, b) = span(o);
        s.ev.push(a);
        s.ev.push(b);
    }
    s.ev.sort_by(f64::total_cmp);
    s.ev.dedup();
    let m = s.ev.len();
    let at = |ev: &[f64], t: f64| ev.partition_point(|&x| x < t);
    s.de.clear();
    s.de.resize(m, 0.0);
    s.dn.clear();
    s.dn.resize(m, 0);
    for o in occupants {
        let (a, b) = span(o);
        if b > a && o.emission_quanta_per_h > 0.0 {
            let (i, j) = (at(&s.ev, a), at(&s.ev, b));
            s.de[i] += o.emission_quanta_per_h;
            s.de[j] -= o.emission_quanta_per_h;
            s.dn[i] += 1;
            s.dn[j] -= 1;
        }
    }
    s.f.clear();
    s.f.push(0.0);
    let (mut e, mut n, mut f) = (0.0, 0, 0.0);
    for k in 0..m - 1 {
        e += s.de[k];
        n += s.dn[k];
        if n == 0 {
            e = 0.0; // no rounding residue once the last emitter has left
        }
        f += air.advance(s.ev[k + 1] - s.ev[k], e);
        s.f.push(f);
    }
    for o in occupants {
        let (a, b) = span(o);
        if b > a && o.effective_inhalation_m3_per_h > 0.0 {
            let integral = s.f[at(&s.ev, b)] - s.f[at(&s.ev, a)];
            if integral > 0.0 {
                dose[o.person as usize] += o.effective_inhalation_m3_per_h * integral;
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
    /// Face-to-face conversation time of the episode (h).
    face_h: f64,
    /// Unmasked jet dose (quanta) of a fully infectious `a` to `b`, and of `b` to `a`, over the
    /// face-to-face part of the episode.
    q_ab: f64,
    q_ba: f64,
}

/// What every replicate shares: the movement pattern by day, room air constants, parameters.
pub struct Model {
    pub params: Params,
    pub pattern_days: u32,
    roles: Vec<Role>,
    agency: Vec<bool>,
    /// Stable key of each person: kind (role, agency) and rank within the kind.
    key: Vec<u64>,
    bedroom: Vec<Option<usize>>,
    group: Vec<usize>,
    rooms: usize,
    volume_m3: Vec<f64>,
    loss_per_h: Vec<f64>,
    stays: Vec<Vec<Stay>>,
    pairs: Vec<Vec<Pair>>,
    /// Share of the time in talking acts spent speaking, by pattern day and person.
    speaking: Vec<Vec<f64>>,
    /// Close contacts in a dining room (Lasser's table neighbours), by pattern day.
    dining_pairs: Vec<Vec<(u32, u32)>>,
    index_candidates: Vec<u32>,
}

/// Who is infectious, susceptible, off sick and isolated on one day, by person (`inf` and
/// `susceptible` also hold the cover worker of staff member i at n + i).
#[derive(Clone, Copy)]
struct DayState<'a> {
    /// Outbreak day (pattern day `d mod P` is replayed).
    d: u32,
    inf: &'a [f64],
    susceptible: &'a [bool],
    absent: &'a [bool],
    isolated: &'a [bool],
}

/// Buffers [`Model::expose`] reuses from day to day.
#[derive(Default)]
struct ExposeBuffers {
    /// Occupants per room.
    by_zone: Vec<Vec<Occupant>>,
    scratch: SweepScratch,
    /// People inhaling in one room (for the dose per room).
    inhaling: Vec<u32>,
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

fn breathing_level(role: Role, act: Act) -> ActivityLevel {
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

/// Mean risk of infection per pair-day of one fully infectious, unmasked person, by Lasser et al.
/// 2021's contact types (room air and close range together), from a movement pattern; `None`
/// where the pattern has no such pairs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LasserCrossCheck {
    /// Residents sharing a bedroom ("close", Lasser weight 1).
    pub room_mates: Option<f64>,
    /// Residents within 1.5 m of each other in a dining room on that day ("intermediate", 0.5).
    pub table_neighbours: Option<f64>,
    /// Other residents of the same household or floor group ("far", 0.25).
    pub same_area_residents: Option<f64>,
    /// Permanent carer or nurse to resident, any two ("far", 0.25).
    pub carer_to_resident: Option<f64>,
    /// Permanent carer or nurse to another permanent staff member ("far", 0.25).
    pub carer_to_staff: Option<f64>,
    /// Share of residents' face-to-face conversation time spent with other residents in the
    /// pattern (Siette et al. 2022 observed 0.548; [`CONVERSATION_WITH_RESIDENTS_SHARE`]).
    pub resident_conversation_with_residents: Option<f64>,
    /// Expected infections per day caused by one fully infectious resident (all others
    /// susceptible), room air and close range.
    pub secondary_per_day_from_resident: (f64, f64),
    /// The same from one carer or nurse.
    pub secondary_per_day_from_carer: (f64, f64),
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

    fn age(&self, person: usize) -> f64 {
        if self.roles[person] == Role::Resident {
            RESIDENT_AGE_YEARS
        } else {
            STAFF_AGE_YEARS
        }
    }

    fn occupant(
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
    fn expose(
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

    /// Risk per pair-day of one fully infectious, unmasked person (room air + close range), by
    /// Lasser et al. 2021's contact types, averaged over the pattern days; and the expected number
    /// of infections per day such a person causes. Every other person is susceptible, nobody is
    /// isolated or absent. Used to compare our physics with Lasser's calibrated network
    /// (`docs/epi.md` §7).
    pub fn lasser_cross_check(&self) -> LasserCrossCheck {
        let n = self.roles.len();
        let nn = 2 * n;
        let mut sums = [(0.0, 0usize); 5];
        let (mut sec_res, mut sec_carer) = ((0.0, 0.0, 0usize), (0.0, 0.0, 0usize));
        let absent = vec![false; n];
        let isolated = vec![false; n];
        let mut buf = ExposeBuffers::default();
        let mut susceptible: Vec<bool> = (0..nn)
            .map(|j| j < n && self.roles[j] != Role::Visitor)
            .collect();
        let mut inf = vec![0.0; nn];
        let mut dose_air = vec![0.0; nn];
        let mut dose_cr = vec![0.0; nn];
        for e in 0..n {
            let re = self.roles[e];
            let carer = matches!(re, Role::Carer | Role::Nurse) && !self.agency[e];
            if re != Role::Resident && !carer {
                continue;
            }
            inf[e] = 1.0;
            susceptible[e] = false;
            for d in 0..self.pattern_days {
                let mut air: Vec<RoomAir> = (0..self.rooms)
                    .map(|z| RoomAir::new(self.volume_m3[z], self.loss_per_h[z]))
                    .collect();
                let day = DayState {
                    d,
                    inf: &inf,
                    susceptible: &susceptible,
                    absent: &absent,
                    isolated: &isolated,
                };
                self.expose(&day, &mut air, &mut buf, &mut dose_air, &mut dose_cr, None);
                let p = |j: usize| infection_probability(dose_air[j] + dose_cr[j]);
                let (mut pa, mut pc) = (0.0, 0.0);
                for j in 0..n {
                    let q = dose_air[j] + dose_cr[j];
                    if q > 0.0 {
                        pa += p(j) * dose_air[j] / q;
                        pc += p(j) * dose_cr[j] / q;
                    }
                }
                let sec = if carer { &mut sec_carer } else { &mut sec_res };
                sec.0 += pa;
                sec.1 += pc;
                sec.2 += 1;
                for j in 0..n {
                    if j != e && carer && self.roles[j].is_staff() && !self.agency[j] {
                        sums[4].0 += p(j);
                        sums[4].1 += 1;
                    }
                    if j == e || self.roles[j] != Role::Resident {
                        continue;
                    }
                    if carer {
                        sums[3].0 += p(j);
                        sums[3].1 += 1;
                    } else if self.bedroom[j].is_some() && self.bedroom[j] == self.bedroom[e] {
                        sums[0].0 += p(j);
                        sums[0].1 += 1;
                    } else if self.dining_pairs[d as usize]
                        .binary_search(&(e.min(j) as u32, e.max(j) as u32))
                        .is_ok()
                    {
                        sums[1].0 += p(j);
                        sums[1].1 += 1;
                    } else if self.group[j] == self.group[e] {
                        sums[2].0 += p(j);
                        sums[2].1 += 1;
                    }
                }
                dose_air.iter_mut().for_each(|x| *x = 0.0);
                dose_cr.iter_mut().for_each(|x| *x = 0.0);
            }
            inf[e] = 0.0;
            susceptible[e] = true;
        }
        let (mut rr, mut rs) = (0.0, 0.0);
        for c in self.pairs.iter().flatten() {
            match (self.roles[c.a as usize], self.roles[c.b as usize]) {
                (Role::Resident, Role::Resident) => rr += 2.0 * c.face_h,
                (Role::Resident, r) | (r, Role::Resident) if r.is_staff() => rs += c.face_h,
                _ => {}
            }
        }
        let mean = |(s, k): (f64, usize)| (k > 0).then(|| s / k as f64);
        let per = |(a, c, k): (f64, f64, usize)| {
            if k == 0 {
                (0.0, 0.0)
            } else {
                (a / k as f64, c / k as f64)
            }
        };
        LasserCrossCheck {
            room_mates: mean(sums[0]),
            table_neighbours: mean(sums[1]),
            same_area_residents: mean(sums[2]),
            carer_to_resident: mean(sums[3]),
            carer_to_staff: mean(sums[4]),
            resident_conversation_with_residents: (rr + rs > 0.0).then(|| rr / (rr + rs)),
            secondary_per_day_from_resident: per(sec_res),
            secondary_per_day_from_carer: per(sec_carer),
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

/// Summary of a set of replicates (serial, in index order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub pathogen: String,
    pub days: u32,
    pub pattern_days: u32,
    /// Resident attack rate (mean, median, 2.5–97.5th percentiles over replicates), resident
    /// cases, P(> 5), P(> 10).
    pub residents: MonteCarloSummary,
    /// Mean resident attack rate with its 95% confidence interval (Monte Carlo error of the mean;
    /// Wilson at the effective sample size, inside [0, 1]: [`summary::proportion_mean_interval`]).
    pub resident_attack_rate_mean: Interval,
    pub staff_attack_rate: Distribution,
    pub agency_cases: Distribution,
    pub community_introductions: Distribution,
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
    let values =
        |f: &dyn Fn(&ReplicateResult) -> f64| -> Vec<f64> { results.iter().map(f).collect() };
    let col = |f: &dyn Fn(&ReplicateResult) -> f64| -> Option<Distribution> {
        summary::distribution(&values(f))
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
        resident_attack_rate_mean: summary::proportion_mean_interval(
            &values(&|r| r.resident_attack_rate()),
            results.iter().map(|r| u64::from(r.residents_at_risk)).sum(),
        )?,
        staff_attack_rate: col(&|r| r.staff_attack_rate())?,
        agency_cases: col(&|r| f64::from(r.agency_cases))?,
        community_introductions: col(&|r| f64::from(r.community_introductions))?,
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
        "replicate,index_person,resident_cases,residents_at_risk,resident_attack_rate,staff_cases,staff_at_risk,staff_attack_rate,agency_cases,community_introductions,infections_room_air,infections_close_range,peak_infectious_residents,positive_tests,days_active\n",
    );
    for r in results {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.replicate,
            r.index_person,
            r.resident_cases,
            r.residents_at_risk,
            r.resident_attack_rate(),
            r.staff_cases,
            r.staff_at_risk,
            r.staff_attack_rate(),
            r.agency_cases,
            r.community_introductions,
            r.infections_room_air,
            r.infections_close_range,
            r.peak_infectious_residents,
            r.positive_tests,
            r.days_active
        ));
    }
    s
}

/// Residents infectious per day over replicates: mean, median and the 95% percentile band, and the
/// mean number of new resident cases per day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpidemicCurve {
    pub infectious_residents: Vec<Distribution>,
    pub new_resident_cases_mean: Vec<f64>,
}

/// The epidemic curve of `results` (all of the same length in days); `None` when empty.
pub fn epidemic_curve(results: &[ReplicateResult]) -> Option<EpidemicCurve> {
    let days = results.first()?.daily_infectious_residents.len();
    let mut infectious_residents = Vec::with_capacity(days);
    let mut new_resident_cases_mean = Vec::with_capacity(days);
    for d in 0..days {
        let v: Vec<f64> = results
            .iter()
            .map(|r| f64::from(r.daily_infectious_residents.get(d).copied().unwrap_or(0)))
            .collect();
        infectious_residents.push(summary::distribution(&v)?);
        let new: f64 = results
            .iter()
            .map(|r| f64::from(r.daily_new_resident_cases.get(d).copied().unwrap_or(0)))
            .sum();
        new_resident_cases_mean.push(new / results.len() as f64);
    }
    Some(EpidemicCurve {
        infectious_residents,
        new_resident_cases_mean,
    })
}

/// `timeseries.csv`: one row per day.
pub fn timeseries_csv(curve: &EpidemicCurve) -> String {
    let mut s = String::from(
        "day,infectious_residents_mean,infectious_residents_median,infectious_residents_p2_5,infectious_residents_p97_5,new_resident_cases_mean,cumulative_resident_cases_mean\n",
    );
    let mut cum = 0.0;
    for (d, (x, new)) in curve
        .infectious_residents
        .iter()
        .zip(&curve.new_resident_cases_mean)
        .enumerate()
    {
        cum += new;
        s.push_str(&format!(
            "{d},{},{},{},{},{new},{cum}\n",
            x.mean, x.median, x.p2_5, x.p97_5
        ));
    }
    s
}

/// Mean room-air dose inhaled by susceptible people per room and replicate, quanta (indexed by
/// room); empty without results.
pub fn room_exposure_quanta(results: &[ReplicateResult]) -> Vec<f64> {
    let Some(first) = results.first() else {
        return Vec::new();
    };
    let mut sum = vec![0.0; first.room_air_dose_quanta.len()];
    for r in results {
        for (s, x) in sum.iter_mut().zip(&r.room_air_dose_quanta) {
            *s += x;
        }
    }
    sum.iter().map(|s| s / results.len() as f64).collect()
}

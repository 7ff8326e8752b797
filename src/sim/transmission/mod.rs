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
//!   talk ([`Act::speaking`](super::Act::speaking)), a person's quanta rate is `f·speaking + (1 − f)·breathing` with
//!   f = ½·budget / (hours in such acts that day).
//! * **Room air.** Each room is well mixed ([`RoomAir`](crate::epi::airborne::RoomAir)) with loss
//!   λ = ach + deposition + decay + CADR/V; ach is the scenario's `ventilation_ach` override or
//!   the room's own (`ach`, or `supply_l_s` → ach), else [`DEFAULT_ACH`]. The day is split at
//!   every arrival and departure; over each piece the emission is the sum over infectious
//!   occupants of quanta × infectiousness × (1 − mask exhalation), and the room is advanced
//!   exactly (Gammaitoni & Nucci 1997). Residual concentration carries over between pieces and
//!   days. Each susceptible present inhales breathing × ∫C dt × (1 − mask inhalation). Outdoor
//!   areas carry no airborne dose.
//! * **Close range.** Each contact episode closer than [`CLOSE_RANGE_M`](crate::epi::close_range::CLOSE_RANGE_M) adds the unscaled
//!   short-range jet dose of Jia et al. 2022, CAiMIRA's short-range model
//!   ([`close_range_dose_quanta`](crate::epi::close_range::close_range_dose_quanta)), at no less than [`MIN_FACE_DISTANCE_M`], over the episode's
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
//!   draw (room air if u < P·q_air/q). A new case gets a [`Course`](crate::epi::course::Course) from their own course stream,
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

mod cross_check;
mod model;
mod output;
mod params;
mod replicate;
mod room_sweep;

pub use cross_check::LasserCrossCheck;
pub use model::Model;
pub use output::{
    EpidemicCurve, Summary, epidemic_curve, replicates_csv, room_exposure_quanta, summarize,
    timeseries_csv,
};
pub use params::{
    DEFAULT_COMMUNITY_INFECTION_PER_DAY, DEFAULT_TEST_SENSITIVITY, Params, Testing, TestingScope,
};
pub use replicate::{ReplicateResult, paired_difference, run_replicates};
pub use room_sweep::{Occupant, sweep_room};

use crate::epi::pathogen::{ActivityLevel, Expiratory, Pathogen};
use rand_chacha::ChaCha12Rng;

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

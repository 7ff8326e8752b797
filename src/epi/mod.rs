//! Epidemiological models on plain numbers: pathogens, the well-mixed room, close range, the
//! disease course, and Monte Carlo summaries. No I/O, no knowledge of agents or buildings: the
//! simulation engine passes volumes, rates, distances, durations and an RNG stream.
//!
//! # Models and sources (details, derivations and the presets table: `docs/epi.md`)
//!
//! * **Long range** ([`airborne`]): each room is well mixed; total loss
//!   λ = ach + deposition + decay + CADR/V (1/h); between events with constant emission E
//!   (quanta/h), C(t) = E/(λV) + (C₀ − E/(λV))·e^(−λt) (Gammaitoni & Nucci 1997, Emerg Infect Dis
//!   3:335), integrated exactly; dose q = B·∫C dt·(1 − η_in); P = 1 − e^(−q) (Wells–Riley). The
//!   same equations as CAiMIRA (Henriques et al. 2022), against which `tests/epi.rs` checks
//!   doses to 1e-9 relative.
//! * **Close range** ([`close_range`]): extra dose within 1.5 m from the two-stage expiratory jet
//!   dilution of Jia et al. 2022 (Build Environ 219:109166); cross-checked against the 0.0737 risk per
//!   close contact-day of Lasser et al. 2021 (arXiv 2104.00550).
//! * **Emission** ([`pathogen`]): quanta per m³ exhaled by expiratory activity (Buonanno, Stabile &
//!   Morawska 2020, Environ Int 141:105794, via Bazant & Bush 2021, PNAS 118:e2018995118) × the
//!   breathing rate of the activity level (Adams 1993) × infectiousness × (1 − η_ex).
//! * **Disease course** ([`course`]): S → E → I_pre → I_sym | I_asym → R with gamma/lognormal
//!   durations per pathogen and an age-dependent asymptomatic share.
//! * **Summaries** ([`summary`]): mean, median, 95% percentile interval, P(> 5) and P(> 10)
//!   resident cases, reduced serially in replicate order.
//!
//! # Example
//!
//! One infectious resident talks for an hour in a 60 m³ lounge ventilated at 1 ach, then leaves;
//! a second resident sits there from the 30th to the 90th minute.
//!
//! ```
//! use carehome::epi::{airborne::*, pathogen::*};
//!
//! let covid = Pathogen::preset("sars-cov-2").unwrap();
//! let loss = LossRates {
//!     ventilation_ach: 1.0,
//!     deposition_per_h: covid.deposition_per_h,
//!     decay_per_h: covid.decay_per_h,
//!     air_cleaner_cadr_m3_per_h: 0.0,
//! };
//! let mut room = RoomAir::new(60.0, loss.total_per_h(60.0));
//! let e = emission_quanta_per_h(
//!     covid.quanta_per_h(Expiratory::Speaking, ActivityLevel::Resting), // 72 × 0.49 q/h
//!     1.0,                                   // symptomatic: fully infectious
//!     Mask::Surgical.exhalation_efficiency(),
//! );
//! room.advance(0.5, e); // infectious person alone
//! let mut integral = room.advance(0.5, e); // both present
//! integral += room.advance(0.5, 0.0); // infectious person gone; the air still carries quanta
//! let dose = inhaled_dose_quanta(ActivityLevel::Resting.breathing_m3_per_h(), integral, 0.0);
//! let p = infection_probability(dose);
//! assert!(p > 0.01 && p < 0.2, "{p}");
//! ```

pub mod airborne;
pub mod close_range;
pub mod course;
pub mod pathogen;
pub mod summary;

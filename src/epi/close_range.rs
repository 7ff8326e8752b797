//! Close-range (short-range) exposure: the extra dose received within 1.5 m of an infectious
//! person, on top of the well-mixed room concentration.
//!
//! # Model: the two-stage expiratory jet of Jia et al. 2022
//!
//! We use the jet/puff dilution model of Jia, Wei, Li et al. 2022 (Build Environ 219:109166), the
//! short-range model of CAiMIRA (Henriques et al. 2022, Interface Focus 12:20210076). Exhaled air
//! leaves the mouth (diameter D = 0.02 m) at Q_exh = φ·B (φ = 2: exhalation takes half of the
//! 4 s breathing cycle, B the emitter's breathing rate), u₀ = Q_exh / (πD²/4). The jet-like stage
//! reaches x* = β_x1·(Q_exh·u₀)^¼·(t* + t₀)^½ − x₀ with t* = 2 s, x₀ = D/(2β_r1),
//! t₀ = √π·D³/(8·β_r1²·β_x1²·Q_exh); the dilution factor is
//!
//! * S(x) = 2β_r1·(x + x₀)/D for x < x* (jet),
//! * S(x) = S(x*)·(1 + β_r2·(x − x*)/(β_r1·(x* + x₀)))³ beyond (puff),
//!
//! with β_r1 = 0.18, β_r2 = 0.2, β_x1 = 2.4 (Jia et al. 2022). The jet carries the exhaled
//! concentration C_mouth = E/B (quanta/m³; E the emitter's emission after mask and infectiousness)
//! diluted by room air, so the receiver breathes C_room + (C_mouth − C_room)/S(x). The *extra*
//! dose over a contact of duration t at distance x is
//!
//! q_cr = B_receiver · t · (C_mouth − C_room)/S(x) · (1 − η_in),
//!
//! zero beyond [`CLOSE_RANGE_M`]. It is weighted by distance through S(x) (S grows ~linearly, then
//! cubically) and by duration linearly.
//!
//! # Why this and not a fitted per-contact risk
//!
//! The jet model is physical, scales with the pathogen's emission (activity, variant, masks)
//! and with distance, and is the model of our peer CAiMIRA, whose dilution factors we reproduce to
//! 1e-9 (tests/epi.rs). A fitted per-contact-day risk (Lasser et al. 2021, arXiv 2104.00550: 0.0737
//! per close contact-day in their nursing-home model) carries none of that; we use it as a check
//! instead: with ancestral SARS-CoV-2, an unmasked seated conversation at 1 m gives
//! C_mouth = 72 q/m³, S(1 m) = 136.8 (B = 0.51 m³/h), an extra dose of
//! 0.51 × 72 / 136.8 = 0.268 q/h, so a risk of 0.0737 (dose −ln(1 − 0.0737) = 0.0766 q) takes 17 min
//! — the "15 minutes within 2 m" of the ECDC close-contact definition (ECDC 2020, Contact tracing:
//! public health management of persons, including healthcare workers, who have had contact with
//! COVID-19 cases). The arithmetic is a test (`close_range_lasser_cross_check`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Contacts closer than this (m) get the close-range dose; beyond, only the room model applies.
pub const CLOSE_RANGE_M: f64 = 1.5;

/// Coefficients of the Jia et al. 2022 two-stage jet model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JetParams {
    /// Mouth opening diameter D (m): 0.02.
    pub mouth_diameter_m: f64,
    /// Ratio of breathing-cycle to exhalation duration φ: 2.
    pub exhalation_coefficient: f64,
    /// Breathing cycle (s): 4; the jet stage lasts half of it.
    pub breathing_cycle_s: f64,
    /// Radial penetration coefficient, jet stage β_r1: 0.18.
    pub beta_r1: f64,
    /// Radial penetration coefficient, puff stage β_r2: 0.2.
    pub beta_r2: f64,
    /// Streamwise penetration coefficient, jet stage β_x1: 2.4.
    pub beta_x1: f64,
}

impl Default for JetParams {
    /// The values of Jia et al. 2022 (Build Environ 219:109166), as used by CAiMIRA.
    fn default() -> Self {
        JetParams {
            mouth_diameter_m: 0.02,
            exhalation_coefficient: 2.0,
            breathing_cycle_s: 4.0,
            beta_r1: 0.18,
            beta_r2: 0.2,
            beta_x1: 2.4,
        }
    }
}

impl JetParams {
    /// Dilution factor S(x) at `distance_m` of an emitter breathing `exhalation_m3_per_h`.
    pub fn dilution_factor(&self, distance_m: f64, exhalation_m3_per_h: f64) -> f64 {
        let d = self.mouth_diameter_m;
        let q_exh_m3_s = self.exhalation_coefficient * exhalation_m3_per_h / 3600.0;
        let area_m2 = std::f64::consts::PI * d * d / 4.0;
        let u0_m_s = q_exh_m3_s / area_m2;
        let t_star_s = self.breathing_cycle_s / 2.0;
        let x0_m = d / (2.0 * self.beta_r1);
        let t0_s = std::f64::consts::PI.sqrt() * d.powi(3)
            / (8.0 * self.beta_r1.powi(2) * self.beta_x1.powi(2) * q_exh_m3_s);
        let x_star_m =
            self.beta_x1 * (q_exh_m3_s * u0_m_s).powf(0.25) * (t_star_s + t0_s).sqrt() - x0_m;
        let jet = |x: f64| 2.0 * self.beta_r1 * (x + x0_m) / d;
        if distance_m < x_star_m {
            jet(distance_m)
        } else {
            jet(x_star_m)
                * (1.0
                    + self.beta_r2 * (distance_m - x_star_m) / (self.beta_r1 * (x_star_m + x0_m)))
                    .powi(3)
        }
    }
}

/// One close contact, as seen by the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseContact {
    /// Face-to-face distance (m).
    pub distance_m: f64,
    /// Duration (h).
    pub duration_h: f64,
    /// Emitter's emission (quanta/h) after infectiousness and exhalation mask.
    pub emission_quanta_per_h: f64,
    /// Emitter's breathing (exhalation) rate (m³/h).
    pub emitter_breathing_m3_per_h: f64,
    /// Receiver's breathing rate (m³/h).
    pub receiver_breathing_m3_per_h: f64,
    /// Receiver's mask inhalation efficiency.
    pub mask_inhalation_efficiency: f64,
    /// Room concentration during the contact (quanta/m³); the jet only adds what exceeds it.
    pub room_quanta_per_m3: f64,
}

/// Extra dose (quanta) from one close contact (Jia et al. 2022 jet dilution); 0 at or beyond
/// [`CLOSE_RANGE_M`] or for a non-emitting contact.
pub fn close_range_dose_quanta(contact: &CloseContact, jet: &JetParams) -> f64 {
    if contact.distance_m >= CLOSE_RANGE_M
        || contact.emission_quanta_per_h <= 0.0
        || contact.duration_h <= 0.0
    {
        return 0.0;
    }
    let c_mouth = contact.emission_quanta_per_h / contact.emitter_breathing_m3_per_h;
    let excess = (c_mouth - contact.room_quanta_per_m3).max(0.0);
    let s = jet.dilution_factor(
        contact.distance_m.max(0.0),
        contact.emitter_breathing_m3_per_h,
    );
    contact.receiver_breathing_m3_per_h * contact.duration_h * excess / s
        * (1.0 - contact.mask_inhalation_efficiency)
}

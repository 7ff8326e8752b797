//! Well-mixed room (long-range airborne) model.
//!
//! A room (or ventilation zone) of volume V (m³) is well mixed. Airborne infectious quanta are
//! removed at the total first-order loss rate
//!
//! λ = ventilation (ach) + deposition + biological decay + air-cleaner CADR / V   (1/h),
//!
//! and emitted at E quanta/h. With E and λ constant over an interval, the concentration obeys
//! dC/dt = E/V − λC, whose solution from C(0) = C₀ is (Gammaitoni & Nucci 1997, Emerg Infect Dis
//! 3:335)
//!
//! C(t) = E/(λV) + (C₀ − E/(λV))·e^(−λt),
//!
//! and whose exact integral is
//!
//! ∫₀ᵗ C ds = C₀·t·φ₁(λt) + (E/V)·t²·φ₂(λt),  φ₁(x) = (1 − e^(−x))/x,  φ₂(x) = (x − 1 + e^(−x))/x².
//!
//! φ₁ and φ₂ are evaluated with `expm1` and a Taylor series near 0, so λ → 0 (a sealed room with
//! a non-decaying agent: C grows linearly) and tiny steps are exact to rounding. Because the state
//! carries C, what an infectious person leaves behind stays in the room for whoever comes next.
//!
//! The inhaled dose of a susceptible person over an interval is
//! q = B · ∫C dt · (1 − η_in) (quanta), B the breathing rate (m³/h), η_in the inhalation efficiency
//! of their mask; the infection probability from a dose is Wells–Riley P = 1 − e^(−q) (Riley,
//! Murphy & Riley 1978, Am J Epidemiol 107:421). A masked emitter emits E·(1 − η_ex).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// φ₁(x) = (1 − e^(−x))/x, with φ₁(0) = 1; x ≥ 0.
pub fn phi1(x: f64) -> f64 {
    if x < 1e-5 {
        // 1 − x/2 + x²/6 − x³/24; truncation < x⁴/120 ≈ 1e-22.
        1.0 - x / 2.0 + x * x / 6.0 - x * x * x / 24.0
    } else {
        -(-x).exp_m1() / x
    }
}

/// φ₂(x) = (x − 1 + e^(−x))/x², with φ₂(0) = 1/2; x ≥ 0.
pub fn phi2(x: f64) -> f64 {
    if x < 1e-2 {
        // 1/2 − x/6 + x²/24 − x³/120 + x⁴/720; truncation < x⁵/5040 ≈ 2e-14 (relative 4e-14).
        let x2 = x * x;
        0.5 - x / 6.0 + x2 / 24.0 - x2 * x / 120.0 + x2 * x2 / 720.0
    } else {
        // Cancellation in x + expm1(−x) costs at most ~2ε/x relative here (≤ 5e-14).
        (x + (-x).exp_m1()) / (x * x)
    }
}

/// Converts an outdoor-air flow in L/s into air changes per hour for a room of `volume_m3`:
/// ach = 3.6 · Q / V, Q in L/s, V in m³.
pub fn ach_from_l_per_s(flow_l_per_s: f64, volume_m3: f64) -> f64 {
    3.6 * flow_l_per_s / volume_m3
}

/// The removal processes of one room. All rates 1/h except the air cleaner's CADR (m³/h).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LossRates {
    /// Outdoor-air change rate (1/h).
    pub ventilation_ach: f64,
    /// Aerosol deposition (1/h), e.g. [`crate::epi::pathogen::DEPOSITION_PER_H`].
    pub deposition_per_h: f64,
    /// Biological decay of the pathogen in air (1/h).
    pub decay_per_h: f64,
    /// Clean-air delivery rate of portable air cleaners (m³/h), 0 without.
    pub air_cleaner_cadr_m3_per_h: f64,
}

impl LossRates {
    /// Total loss rate λ (1/h) for a room of `volume_m3`.
    pub fn total_per_h(&self, volume_m3: f64) -> f64 {
        self.ventilation_ach
            + self.deposition_per_h
            + self.decay_per_h
            + self.air_cleaner_cadr_m3_per_h / volume_m3
    }
}

/// Airborne state of one well-mixed room.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomAir {
    pub volume_m3: f64,
    /// Total loss rate λ (1/h); may change between calls (a window opened, a cleaner switched on).
    pub loss_per_h: f64,
    /// Current concentration (quanta/m³).
    pub c_quanta_per_m3: f64,
}

impl RoomAir {
    /// Clean air in a room of `volume_m3` with total loss rate `loss_per_h`.
    pub fn new(volume_m3: f64, loss_per_h: f64) -> RoomAir {
        assert!(volume_m3 > 0.0, "room volume must be > 0, got {volume_m3}");
        assert!(loss_per_h >= 0.0, "loss rate must be ≥ 0, got {loss_per_h}");
        RoomAir {
            volume_m3,
            loss_per_h,
            c_quanta_per_m3: 0.0,
        }
    }

    /// Steady state E/(λV) for a constant emission (quanta/m³); infinite if λ = 0 and E > 0.
    pub fn steady_state_quanta_per_m3(&self, emission_quanta_per_h: f64) -> f64 {
        emission_quanta_per_h / (self.loss_per_h * self.volume_m3)
    }

    /// Concentration after `dt_h` with constant emission, without changing the state.
    pub fn concentration_after(&self, dt_h: f64, emission_quanta_per_h: f64) -> f64 {
        let x = self.loss_per_h * dt_h;
        self.c_quanta_per_m3 * (-x).exp() + emission_quanta_per_h / self.volume_m3 * dt_h * phi1(x)
    }

    /// ∫C dt over the next `dt_h` with constant emission (quanta·h/m³), without changing the state.
    pub fn integral_over(&self, dt_h: f64, emission_quanta_per_h: f64) -> f64 {
        let x = self.loss_per_h * dt_h;
        self.c_quanta_per_m3 * dt_h * phi1(x)
            + emission_quanta_per_h / self.volume_m3 * dt_h * dt_h * phi2(x)
    }

    /// Advances the room by `dt_h` hours with constant total emission `emission_quanta_per_h`
    /// (sum over infectious occupants, after masks and infectiousness), and returns ∫C dt over the
    /// step (quanta·h/m³). Exact for piecewise-constant emission and loss: split the time line at
    /// every change and call once per piece.
    pub fn advance(&mut self, dt_h: f64, emission_quanta_per_h: f64) -> f64 {
        debug_assert!(dt_h >= 0.0, "negative time step {dt_h}");
        let integral = self.integral_over(dt_h, emission_quanta_per_h);
        self.c_quanta_per_m3 = self.concentration_after(dt_h, emission_quanta_per_h);
        integral
    }
}

/// Inhaled dose (quanta) = breathing rate (m³/h) × ∫C dt (quanta·h/m³) × (1 − mask inhalation
/// efficiency).
pub fn inhaled_dose_quanta(
    breathing_m3_per_h: f64,
    integral_quanta_h_per_m3: f64,
    mask_inhalation_efficiency: f64,
) -> f64 {
    breathing_m3_per_h * integral_quanta_h_per_m3 * (1.0 - mask_inhalation_efficiency)
}

/// Wells–Riley probability of infection from a dose in quanta: P = 1 − e^(−q), computed as
/// −expm1(−q) so small doses keep their precision.
pub fn infection_probability(dose_quanta: f64) -> f64 {
    -(-dose_quanta).exp_m1()
}

/// Emission (quanta/h) of one person: a fully infectious person's rate × their current
/// infectiousness factor × (1 − mask exhalation efficiency).
pub fn emission_quanta_per_h(
    base_quanta_per_h: f64,
    infectiousness: f64,
    mask_exhalation_efficiency: f64,
) -> f64 {
    base_quanta_per_h * infectiousness * (1.0 - mask_exhalation_efficiency)
}

/// Face covering worn by a person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mask {
    #[default]
    None,
    /// Two-layer cloth mask.
    Cloth,
    /// Surgical (EN 14683 Type I/II) mask.
    Surgical,
    /// FFP2 / N95 respirator, not fit-tested.
    Ffp2,
}

impl Mask {
    /// Fraction of airborne quanta stopped on inhalation, leaks included: cloth 0.225 (Pan et al.
    /// 2021, Aerosol Sci Technol 55:718), surgical 0.5 and FFP2 0.865 (CAiMIRA, Henriques et al.
    /// 2022 and CERN-OPEN-2021-004: FFP2 from EN 149's 94% filter penetration limit and 8% inward
    /// leakage).
    pub fn inhalation_efficiency(self) -> f64 {
        match self {
            Mask::None => 0.0,
            Mask::Cloth => 0.225,
            Mask::Surgical => 0.5,
            Mask::Ffp2 => 0.865,
        }
    }

    /// Fraction of emitted quanta stopped on exhalation, leaks included: cloth 0.35 (Pan et al.
    /// 2021); surgical and FFP2 0.6 — CAiMIRA's size-resolved outward efficiency for these masks
    /// (CERN-OPEN-2021-004, after Asadi et al. 2020) rises from 0.45 at 0.5 µm to 0.72 at 1 µm and
    /// 0.82 above 3 µm; 0.6 is our single value for the respiratory aerosol mix.
    pub fn exhalation_efficiency(self) -> f64 {
        match self {
            Mask::None => 0.0,
            Mask::Cloth => 0.35,
            Mask::Surgical | Mask::Ffp2 => 0.6,
        }
    }
}

//! Pathogens as data: disease-course durations, asymptomatic share, infectiousness, quanta emission
//! by expiratory activity, airborne decay and deposition, and an optional shared-toilet route.
//!
//! A [`Pathogen`] is plain serde data, so a scenario file can take a preset and override any field
//! ([`Pathogen::preset_with_overrides`]), or give every field itself (the `custom` path:
//! deserialize a whole [`Pathogen`]). Every preset constant cites its source below; where a value
//! is our own assumption or derivation, the doc comment says so.
//!
//! Quanta are the Wells–Riley infectious dose unit: inhaling one quantum infects with probability
//! 1 − e⁻¹ (Wells 1955; Riley, Murphy & Riley 1978, Am J Epidemiol 107:421).

use rand::Rng;
use rand_distr::{Distribution, Gamma, LogNormal, StandardNormal};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Names of the bundled presets, in a stable order. `custom` is not a preset: it means "a whole
/// [`Pathogen`] given field by field".
pub const PRESET_NAMES: [&str; 5] = [
    "sars-cov-2",
    "sars-cov-2-delta",
    "sars-cov-2-omicron",
    "influenza-a",
    "norovirus",
];

/// Deposition (gravitational settling) loss of respiratory aerosol indoors, 0.24 1/h: the value
/// used by Buonanno, Stabile & Morawska 2020 (Environ Int 141:105794) after Chatoutsidou &
/// Lazaridis 2019 (J Cult Herit 39:221). Miller et al. 2021 (Indoor Air 31:314) use 0.24–1.5 1/h.
pub const DEPOSITION_PER_H: f64 = 0.24;

/// Biological decay of airborne SARS-CoV-2, ln 2 / 1.1 h ≈ 0.63 1/h: aerosol half-life 1.1 h
/// measured by van Doremalen et al. 2020 (N Engl J Med 382:1564).
pub const SARS_COV_2_DECAY_PER_H: f64 = std::f64::consts::LN_2 / 1.1;

/// Activity-specific quanta concentration in exhaled air of an infectious SARS-CoV-2 (ancestral)
/// emitter, quanta/m³ of exhaled air: breathing 1.1, speaking 72, loud speaking 142. These are
/// the C_q values of Bazant & Bush 2021 (PNAS 118:e2018995118, table of expiratory activities),
/// derived from Buonanno, Stabile & Morawska 2020 (Environ Int 141:105794), whose quanta
/// emission rate is ER_q = c_v · c_i · IR · V_drop, i.e. C_q × exhalation rate. Check: loud
/// speaking during light activity (IR 1.38 m³/h) gives 142 × 1.38 ≈ 196 q/h, and resting breathing
/// (0.49 m³/h) 0.54 q/h — the ">100 q/h" and "<1 q/h" of Buonanno's abstract.
pub const SARS_COV_2_QUANTA_PER_M3: ExpiratoryQuanta = ExpiratoryQuanta {
    breathing: 1.1,
    speaking: 72.0,
    loud_speaking: 142.0,
};

/// Delta's transmissibility relative to the ancestral strain, 1/0.51 ≈ 1.96: CAiMIRA's
/// transmissibility factor 0.51 for Delta (Henriques et al. 2022, Interface Focus 12:20210076),
/// from Campbell et al. 2021 (Euro Surveill 26(24):2100509: Delta +97% over non-VOC lineages).
/// We scale quanta emission by it.
pub const DELTA_FACTOR: f64 = 1.0 / 0.51;

/// Omicron's transmissibility relative to the ancestral strain, 1/0.2 = 5: CAiMIRA's
/// transmissibility factor 0.2 for Omicron (Henriques et al. 2022 and the CAiMIRA data
/// registry). It lumps intrinsic transmissibility with immune escape; override it for a
/// population with known immunity.
pub const OMICRON_FACTOR: f64 = 1.0 / 0.2;

/// A duration distribution (days). `mean_days`/`sd_days` parameterise gamma and lognormal by
/// their moments, which is how the sources report them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum PeriodDist {
    /// Gamma with shape (mean/sd)² and scale sd²/mean.
    Gamma { mean_days: f64, sd_days: f64 },
    /// Lognormal with σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
    Lognormal { mean_days: f64, sd_days: f64 },
    /// Always the same duration.
    Fixed { days: f64 },
}

impl PeriodDist {
    /// Mean duration (days).
    pub fn mean_days(&self) -> f64 {
        match *self {
            PeriodDist::Gamma { mean_days, .. } | PeriodDist::Lognormal { mean_days, .. } => {
                mean_days
            }
            PeriodDist::Fixed { days } => days,
        }
    }

    /// Scales mean and sd by `factor` (used to shorten a variant's periods).
    pub fn scaled(&self, factor: f64) -> PeriodDist {
        match *self {
            PeriodDist::Gamma { mean_days, sd_days } => PeriodDist::Gamma {
                mean_days: mean_days * factor,
                sd_days: sd_days * factor,
            },
            PeriodDist::Lognormal { mean_days, sd_days } => PeriodDist::Lognormal {
                mean_days: mean_days * factor,
                sd_days: sd_days * factor,
            },
            PeriodDist::Fixed { days } => PeriodDist::Fixed {
                days: days * factor,
            },
        }
    }

    /// Checks the parameters; `what` names the field in the message.
    pub fn validate(&self, what: &str) -> Result<(), String> {
        match *self {
            PeriodDist::Gamma { mean_days, sd_days }
            | PeriodDist::Lognormal { mean_days, sd_days } => {
                if !(mean_days.is_finite() && mean_days > 0.0) {
                    return Err(format!("{what}: mean_days must be > 0, got {mean_days}"));
                }
                if !(sd_days.is_finite() && sd_days >= 0.0) {
                    return Err(format!("{what}: sd_days must be ≥ 0, got {sd_days}"));
                }
            }
            PeriodDist::Fixed { days } => {
                if !(days.is_finite() && days >= 0.0) {
                    return Err(format!("{what}: days must be ≥ 0, got {days}"));
                }
            }
        }
        Ok(())
    }

    /// Draws one duration (days). Deterministic for a given RNG stream. A zero sd returns the
    /// mean without consuming randomness.
    pub fn sample_days<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            PeriodDist::Fixed { days } => days,
            PeriodDist::Gamma { mean_days, sd_days } => {
                if sd_days <= 0.0 {
                    return mean_days;
                }
                let shape = (mean_days / sd_days).powi(2);
                let scale = sd_days * sd_days / mean_days;
                Gamma::new(shape, scale)
                    .expect("validated gamma parameters")
                    .sample(rng)
            }
            PeriodDist::Lognormal { mean_days, sd_days } => {
                if sd_days <= 0.0 {
                    return mean_days;
                }
                let sigma2 = (1.0 + (sd_days / mean_days).powi(2)).ln();
                let mu = mean_days.ln() - 0.5 * sigma2;
                LogNormal::new(mu, sigma2.sqrt())
                    .expect("validated lognormal parameters")
                    .sample(rng)
            }
        }
    }
}

/// Share of infections that stay asymptomatic from `from_age_years` up (until the next band).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgeShare {
    pub from_age_years: f64,
    pub share: f64,
}

/// Quanta per m³ of exhaled air by expiratory activity. Emission (quanta/h) = this ×
/// the emitter's exhalation (= breathing) rate, as in Buonanno et al. 2020's ER_q.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpiratoryQuanta {
    pub breathing: f64,
    pub speaking: f64,
    pub loud_speaking: f64,
}

impl ExpiratoryQuanta {
    /// All three activities times `factor`.
    pub fn scaled(&self, factor: f64) -> ExpiratoryQuanta {
        ExpiratoryQuanta {
            breathing: self.breathing * factor,
            speaking: self.speaking * factor,
            loud_speaking: self.loud_speaking * factor,
        }
    }
}

/// What the emitter is doing with their voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expiratory {
    Breathing,
    Speaking,
    LoudSpeaking,
}

/// Physical activity level; sets the breathing (inhalation = exhalation) rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityLevel {
    /// Lying or sitting at rest (in bed, in a lounge chair).
    Resting,
    /// Standing (staff at a bedside, a resident at a counter).
    Standing,
    /// Light exercise: walking slowly, personal care work.
    Light,
    /// Moderate exercise.
    Moderate,
    /// Heavy exercise.
    Heavy,
}

impl ActivityLevel {
    /// Breathing rate (m³/h): resting 0.49, standing 0.54, light 1.38, moderate 2.35, heavy 3.30 —
    /// Adams 1993 (California Air Resources Board, contract A033-205), the values Buonanno,
    /// Stabile & Morawska 2020 (Environ Int 141:105794) use for inhalation and exhalation. The US
    /// EPA Exposure Factors Handbook (2011, ch. 6) gives similar values for older adults.
    pub fn breathing_m3_per_h(self) -> f64 {
        match self {
            ActivityLevel::Resting => 0.49,
            ActivityLevel::Standing => 0.54,
            ActivityLevel::Light => 1.38,
            ActivityLevel::Moderate => 2.35,
            ActivityLevel::Heavy => 3.30,
        }
    }
}

/// Fomite route through a shared toilet (used by norovirus). A deliberately simple model: each use
/// of a toilet that an infectious person has contaminated infects the next user with probability
/// `p_infection_per_use × 2^(−elapsed / contamination_half_life_h)`; cleaning removes the
/// contamination (the caller resets it). Structure after the restroom QMRA of Abney et al. 2024
/// (Food Environ Virol 16:65: toilet seat and door handle are the high-touch fomites; norovirus
/// carries the highest per-visit risk of the viruses studied).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToiletRoute {
    /// Probability that one use of a freshly contaminated toilet infects the user.
    pub p_infection_per_use: f64,
    /// Half-life of the contamination's infectivity (h).
    pub contamination_half_life_h: f64,
}

impl ToiletRoute {
    /// Infection probability for one use, `elapsed_h` after the last contaminating use.
    pub fn p_infection(&self, elapsed_h: f64) -> f64 {
        let decay =
            (-std::f64::consts::LN_2 * elapsed_h.max(0.0) / self.contamination_half_life_h).exp();
        (self.p_infection_per_use * decay).clamp(0.0, 1.0)
    }
}

/// A pathogen: everything the disease course and the exposure models need, as numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pathogen {
    /// Preset name or a free label for a custom pathogen.
    pub name: String,
    /// Infected, not yet infectious (E).
    pub latent_period: PeriodDist,
    /// Infectious before symptom onset (I_presymptomatic). For an asymptomatic course, the same
    /// phase precedes the asymptomatic phase.
    pub presymptomatic_period: PeriodDist,
    /// Infectious after onset (symptomatic), or after the presymptomatic-equivalent phase
    /// (asymptomatic), until recovery.
    pub infectious_period_after_onset: PeriodDist,
    /// Asymptomatic share by age band, ascending `from_age_years`; the first band should start at 0.
    pub asymptomatic_share_by_age: Vec<AgeShare>,
    /// Infectiousness of an asymptomatic person relative to a symptomatic one.
    pub relative_infectiousness_asymptomatic: f64,
    /// Infectiousness during the presymptomatic phase relative to the symptomatic phase.
    pub relative_infectiousness_presymptomatic: f64,
    /// Quanta per m³ exhaled, by expiratory activity (0 for a pathogen without airborne route).
    pub quanta_per_m3_exhaled: ExpiratoryQuanta,
    /// Biological decay of the airborne pathogen (1/h).
    pub decay_per_h: f64,
    /// Deposition loss of the carrying aerosol (1/h).
    pub deposition_per_h: f64,
    /// Optional shared-toilet fomite route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toilet: Option<ToiletRoute>,
    /// Between-person spread of emission: the standard deviation σ (log10 units, dimensionless)
    /// of the log10 of each infectious person's emission multiplier
    /// ([`emission_multiplier`]), which scales their quanta emission into room air and their
    /// close-range jet dose. 0 (the default, and every preset) = every emitter emits the preset's
    /// quanta; allowed 0 ≤ σ ≤ [`MAX_EMISSION_SPREAD_LOG10`]. The multiplier has mean 1, so the
    /// population mean emission stays the preset's. A sourced value:
    /// [`CAIMIRA_VIRAL_LOAD_SD_LOG10`].
    #[serde(default, skip_serializing_if = "is_zero")]
    pub emission_spread_log10: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Largest accepted [`Pathogen::emission_spread_log10`], 3 log10 units (a 95% range of the
/// multiplier spanning 12 orders of magnitude; beyond it a Monte Carlo mean is meaningless).
pub const MAX_EMISSION_SPREAD_LOG10: f64 = 3.0;

/// Standard deviation of log10 SARS-CoV-2 viral load in respiratory samples, 1.74 log10 copies/mL
/// (mean 6.6): our computation from the viral-load distribution CAiMIRA samples
/// (`symptomatic_vl_frequencies` in `caimira/monte_carlo/data.py` of CERN/CAiMIRA, a histogram of
/// log10 viral load with kernel bandwidth 0.1, which the code attributes to the CAiMIRA paper,
/// Henriques et al. 2022, Interface Focus 12:20210076, "and references therein"; we did not trace
/// the underlying data set further).
/// Emission is proportional to viral load (Buonanno, Stabile & Morawska 2020, Environ Int
/// 141:105794: ER_q = c_v · c_i · IR · V_drop), so with everything else fixed this is the SD of
/// log10 emission. It pools samples from different people *and* different days of illness, so it
/// overstates the spread between people at a given stage: an upper figure for
/// [`Pathogen::emission_spread_log10`], not a preset default.
pub const CAIMIRA_VIRAL_LOAD_SD_LOG10: f64 = 1.74;

/// A person's emission multiplier m = 10^(σ·z − σ²·ln(10)/2) for a standard normal deviate `z` and
/// σ = `spread_log10`: log10 m is normal with SD σ and `E[m] = 1` (lognormal with
/// ln m ~ N(−s²/2, s²), s = σ·ln 10), so spreading emission across people keeps its mean. Exactly
/// 1 for σ = 0.
pub fn emission_multiplier(spread_log10: f64, z: f64) -> f64 {
    if spread_log10 == 0.0 {
        return 1.0;
    }
    let s = spread_log10 * std::f64::consts::LN_10;
    (s * z - 0.5 * s * s).exp()
}

/// Draws one standard normal deviate and returns [`emission_multiplier`]. Always consumes the
/// deviate (also for σ = 0), so a person's stream does not depend on σ.
pub fn sample_emission_multiplier<R: Rng + ?Sized>(spread_log10: f64, rng: &mut R) -> f64 {
    let z: f64 = StandardNormal.sample(rng);
    emission_multiplier(spread_log10, z)
}

impl Pathogen {
    /// A bundled preset by name (see [`PRESET_NAMES`]); `None` for an unknown name.
    pub fn preset(name: &str) -> Option<Pathogen> {
        match name {
            "sars-cov-2" => Some(sars_cov_2()),
            "sars-cov-2-delta" => Some(sars_cov_2_delta()),
            "sars-cov-2-omicron" => Some(sars_cov_2_omicron()),
            "influenza-a" => Some(influenza_a()),
            "norovirus" => Some(norovirus()),
            _ => None,
        }
    }

    /// A preset with some fields replaced: `overrides` is a JSON object with any subset of the
    /// fields (nested objects merge key by key; arrays and scalars replace). Unknown fields are
    /// errors. A scenario loader converts its TOML table to `serde_json::Value` and calls this.
    pub fn preset_with_overrides(
        name: &str,
        overrides: &serde_json::Value,
    ) -> Result<Pathogen, String> {
        let base = Pathogen::preset(name).ok_or_else(|| {
            format!(
                "unknown pathogen preset {name:?}; known: {}",
                PRESET_NAMES.join(", ")
            )
        })?;
        if let Some(v) = overrides.get("emission_spread_log10")
            && !v.is_number()
        {
            return Err(format!(
                "emission_spread_log10: expected a number in [0, {MAX_EMISSION_SPREAD_LOG10}] \
                 (SD of log10 of the per-person emission multiplier), got {v}"
            ));
        }
        let mut value = serde_json::to_value(&base).map_err(|e| e.to_string())?;
        merge(&mut value, overrides);
        let p: Pathogen = serde_json::from_value(value).map_err(|e| e.to_string())?;
        p.validate()?;
        Ok(p)
    }

    /// Checks ranges (probabilities in [0, 1], rates ≥ 0, positive durations).
    pub fn validate(&self) -> Result<(), String> {
        self.latent_period.validate("latent_period")?;
        self.presymptomatic_period
            .validate("presymptomatic_period")?;
        self.infectious_period_after_onset
            .validate("infectious_period_after_onset")?;
        if self.asymptomatic_share_by_age.is_empty() {
            return Err("asymptomatic_share_by_age: at least one band".into());
        }
        let mut last = f64::NEG_INFINITY;
        for b in &self.asymptomatic_share_by_age {
            if !(0.0..=1.0).contains(&b.share) {
                return Err(format!("asymptomatic share {} outside [0, 1]", b.share));
            }
            if b.from_age_years <= last {
                return Err("asymptomatic_share_by_age: ages must ascend".into());
            }
            last = b.from_age_years;
        }
        for (what, v) in [
            (
                "relative_infectiousness_asymptomatic",
                self.relative_infectiousness_asymptomatic,
            ),
            (
                "relative_infectiousness_presymptomatic",
                self.relative_infectiousness_presymptomatic,
            ),
            ("quanta breathing", self.quanta_per_m3_exhaled.breathing),
            ("quanta speaking", self.quanta_per_m3_exhaled.speaking),
            (
                "quanta loud_speaking",
                self.quanta_per_m3_exhaled.loud_speaking,
            ),
            ("decay_per_h", self.decay_per_h),
            ("deposition_per_h", self.deposition_per_h),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("{what} must be ≥ 0, got {v}"));
            }
        }
        let sd = self.emission_spread_log10;
        if !(sd.is_finite() && (0.0..=MAX_EMISSION_SPREAD_LOG10).contains(&sd)) {
            return Err(format!(
                "emission_spread_log10 must be a number in [0, {MAX_EMISSION_SPREAD_LOG10}] \
                 (SD of log10 of the per-person emission multiplier), got {sd}"
            ));
        }
        if let Some(t) = &self.toilet {
            if !(0.0..=1.0).contains(&t.p_infection_per_use) {
                return Err("toilet.p_infection_per_use outside [0, 1]".into());
            }
            if !(t.contamination_half_life_h.is_finite() && t.contamination_half_life_h > 0.0) {
                return Err("toilet.contamination_half_life_h must be > 0".into());
            }
        }
        Ok(())
    }

    /// Asymptomatic share for a person of `age_years` (the band whose `from_age_years` is the
    /// largest not above the age; the first band below it).
    pub fn asymptomatic_share(&self, age_years: f64) -> f64 {
        let bands = &self.asymptomatic_share_by_age;
        bands
            .iter()
            .rev()
            .find(|b| b.from_age_years <= age_years)
            .or(bands.first())
            .map_or(0.0, |b| b.share)
    }

    /// Quanta per m³ exhaled for an expiratory activity.
    pub fn quanta_per_m3(&self, expiratory: Expiratory) -> f64 {
        let q = &self.quanta_per_m3_exhaled;
        match expiratory {
            Expiratory::Breathing => q.breathing,
            Expiratory::Speaking => q.speaking,
            Expiratory::LoudSpeaking => q.loud_speaking,
        }
    }

    /// Emission (quanta/h) of a fully infectious, unmasked emitter: C_q × exhalation rate
    /// (Buonanno et al. 2020). Scale by [`crate::epi::course::Course::infectiousness`] and
    /// [`crate::epi::airborne::Mask::exhalation_efficiency`] for a real person.
    pub fn quanta_per_h(&self, expiratory: Expiratory, activity: ActivityLevel) -> f64 {
        self.quanta_per_m3(expiratory) * activity.breathing_m3_per_h()
    }
}

fn merge(base: &mut serde_json::Value, patch: &serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    // An enum-tagged period given with a different `dist` replaces wholesale.
                    Some(slot)
                        if slot.is_object()
                            && v.is_object()
                            && (v.get("dist").is_none() || v.get("dist") == slot.get("dist")) =>
                    {
                        merge(slot, v)
                    }
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// SARS-CoV-2, ancestral strain.
///
/// * Incubation: lognormal, median 5.1 d, mean ≈ 5.5 d, sd ≈ 2.4 d (Lauer et al. 2020, Ann Intern
///   Med 172:577). Infectiousness starts ≈ 2.3 d before onset (He et al. 2020, Nat Med 26:672).
///   We split incubation into latent (gamma, mean 5.5 − 2.3 = 3.2 d, sd 2.2 d) and presymptomatic
///   (gamma, mean 2.3 d, sd 1.0 d); the variances add to 2.4² (our derivation).
/// * Infectious after onset: gamma mean 7 d, sd 2.5 d — no culturable virus after day 8–10 of
///   mild illness (Wölfel et al. 2020, Nature 581:465); median 8 d in hospitalised patients (van
///   Kampen et al. 2021, Nat Commun 12:267). Our rounded choice.
/// * Asymptomatic share: 46.7% under 20, 35.1% (pooled, all ages) 20–59, 19.7% at 60+ (Sah et
///   al. 2021, PNAS 118:e2109229118).
/// * Asymptomatic relative infectiousness 0.35 (secondary attack rate ratio, Buitrago-Garcia et
///   al. 2020, PLoS Med 17:e1003346). Presymptomatic 1.0: infectiousness peaks at or just before
///   onset (He et al. 2020).
/// * Quanta: [`SARS_COV_2_QUANTA_PER_M3`]; decay [`SARS_COV_2_DECAY_PER_H`]; deposition
///   [`DEPOSITION_PER_H`].
pub fn sars_cov_2() -> Pathogen {
    Pathogen {
        name: "sars-cov-2".into(),
        latent_period: PeriodDist::Gamma {
            mean_days: 3.2,
            sd_days: 2.2,
        },
        presymptomatic_period: PeriodDist::Gamma {
            mean_days: 2.3,
            sd_days: 1.0,
        },
        infectious_period_after_onset: PeriodDist::Gamma {
            mean_days: 7.0,
            sd_days: 2.5,
        },
        asymptomatic_share_by_age: vec![
            AgeShare {
                from_age_years: 0.0,
                share: 0.467,
            },
            AgeShare {
                from_age_years: 20.0,
                share: 0.351,
            },
            AgeShare {
                from_age_years: 60.0,
                share: 0.197,
            },
        ],
        relative_infectiousness_asymptomatic: 0.35,
        relative_infectiousness_presymptomatic: 1.0,
        quanta_per_m3_exhaled: SARS_COV_2_QUANTA_PER_M3,
        decay_per_h: SARS_COV_2_DECAY_PER_H,
        deposition_per_h: DEPOSITION_PER_H,
        toilet: None,
        emission_spread_log10: 0.0,
    }
}

/// SARS-CoV-2 Delta: quanta × [`DELTA_FACTOR`]; latent and presymptomatic periods × 4.4/5.5 = 0.8,
/// the ratio of Delta's mean incubation (4.4 d, Backer et al. 2022, Euro Surveill 27(6):2200042)
/// to the ancestral 5.5 d (Lauer et al. 2020). Other fields as [`sars_cov_2`].
pub fn sars_cov_2_delta() -> Pathogen {
    let base = sars_cov_2();
    let k = 4.4 / 5.5;
    Pathogen {
        name: "sars-cov-2-delta".into(),
        latent_period: base.latent_period.scaled(k),
        presymptomatic_period: base.presymptomatic_period.scaled(k),
        quanta_per_m3_exhaled: base.quanta_per_m3_exhaled.scaled(DELTA_FACTOR),
        ..base
    }
}

/// SARS-CoV-2 Omicron (BA.1): quanta × [`OMICRON_FACTOR`]; latent and presymptomatic periods ×
/// 3.2/5.5, the ratio of Omicron's mean incubation (3.2 d, Backer et al. 2022) to the ancestral
/// 5.5 d. Other fields as [`sars_cov_2`].
pub fn sars_cov_2_omicron() -> Pathogen {
    let base = sars_cov_2();
    let k = 3.2 / 5.5;
    Pathogen {
        name: "sars-cov-2-omicron".into(),
        latent_period: base.latent_period.scaled(k),
        presymptomatic_period: base.presymptomatic_period.scaled(k),
        quanta_per_m3_exhaled: base.quanta_per_m3_exhaled.scaled(OMICRON_FACTOR),
        ..base
    }
}

/// Influenza A.
///
/// * Incubation: median 1.4 d (Lessler et al. 2009, Lancet Infect Dis 9:291). Shedding rises about
///   half a day before onset (Carrat et al. 2008, Am J Epidemiol 167:775). Latent gamma mean 1.0 d,
///   sd 0.5 d; presymptomatic gamma mean 0.5 d, sd 0.25 d (our split of the 1.4–1.5 d incubation).
/// * Infectious after onset: gamma mean 4.8 d, sd 1.5 d — mean duration of viral shedding 4.8 d
///   in volunteer challenge studies (Carrat et al. 2008); sd our choice.
/// * Asymptomatic share 0.33: 66.9% of infected volunteers had any symptom (Carrat et al. 2008);
///   no age bands (none published with comparable design for older adults).
/// * Asymptomatic relative infectiousness 0.5 (the assumption of Ferguson et al. 2006, Nature
///   442:448).
/// * Quanta: Rudnick & Milton 2003 (Indoor Air 13:237) estimated 79–128 quanta/h for the airliner
///   outbreak of Moser et al. 1979, passengers seated and mostly talking. We take 100 q/h for
///   speaking at rest, i.e. C_q = 100 / 0.49 ≈ 204 q/m³, and derive breathing and loud speaking
///   with the SARS-CoV-2 activity ratios (1.1 : 72 : 142, Buonanno et al. 2020 via Bazant & Bush
///   2021), which reflect aerosol volume per activity (Morawska et al. 2009, J Aerosol Sci 40:256)
///   rather than the virus (our assumption).
/// * Decay: no airborne half-life comparable to van Doremalen 2020 was adopted; we use the
///   SARS-CoV-2 value (assumption; override per scenario). Deposition [`DEPOSITION_PER_H`].
pub fn influenza_a() -> Pathogen {
    let speaking = 100.0 / ActivityLevel::Resting.breathing_m3_per_h();
    let ratio = speaking / SARS_COV_2_QUANTA_PER_M3.speaking;
    Pathogen {
        name: "influenza-a".into(),
        latent_period: PeriodDist::Gamma {
            mean_days: 1.0,
            sd_days: 0.5,
        },
        presymptomatic_period: PeriodDist::Gamma {
            mean_days: 0.5,
            sd_days: 0.25,
        },
        infectious_period_after_onset: PeriodDist::Gamma {
            mean_days: 4.8,
            sd_days: 1.5,
        },
        asymptomatic_share_by_age: vec![AgeShare {
            from_age_years: 0.0,
            share: 0.33,
        }],
        relative_infectiousness_asymptomatic: 0.5,
        relative_infectiousness_presymptomatic: 1.0,
        quanta_per_m3_exhaled: SARS_COV_2_QUANTA_PER_M3.scaled(ratio),
        decay_per_h: SARS_COV_2_DECAY_PER_H,
        deposition_per_h: DEPOSITION_PER_H,
        toilet: None,
        emission_spread_log10: 0.0,
    }
}

/// Norovirus (GII). Transmission is faecal–oral and by vomit, through hands, surfaces and shared
/// toilets; we model the shared-toilet route ([`ToiletRoute`]) and no airborne route from breathing
/// or speaking (quanta 0; vomiting aerosol is not modelled).
///
/// * Incubation: median 1.2 d (Lee et al. 2013, BMC Infect Dis 13:446, systematic review):
///   latent gamma mean 1.0 d, sd 0.4 d, presymptomatic gamma mean 0.2 d, sd 0.1 d (our split).
/// * Illness: gamma mean 3 d, sd 1 d — median 3 d in elderly and hospital cases, longer than the
///   1–2 d of the young (Lopman et al. 2004, Clin Infect Dis 39:318).
/// * Asymptomatic share 0.32: 82% of challenged volunteers infected, 68% of those ill (Graham et al.
///   1994, J Infect Dis 170:34).
/// * Asymptomatic relative infectiousness 0.1: in hospital outbreaks symptomatic patients were the
///   main source (Sukhrie et al. 2012, Clin Infect Dis 54:931); the number is our assumption, as is
///   the presymptomatic factor 0.5 (shedding starts before, but vomiting and diarrhoea drive spread).
/// * Toilet: `p_infection_per_use` 0.01 and contamination half-life 24 h are order-of-magnitude
///   assumptions (norovirus QMRA puts single-visit risks from a contaminated restroom well above
///   other viruses, Abney et al. 2024); calibrate to an outbreak before drawing conclusions.
pub fn norovirus() -> Pathogen {
    Pathogen {
        name: "norovirus".into(),
        latent_period: PeriodDist::Gamma {
            mean_days: 1.0,
            sd_days: 0.4,
        },
        presymptomatic_period: PeriodDist::Gamma {
            mean_days: 0.2,
            sd_days: 0.1,
        },
        infectious_period_after_onset: PeriodDist::Gamma {
            mean_days: 3.0,
            sd_days: 1.0,
        },
        asymptomatic_share_by_age: vec![AgeShare {
            from_age_years: 0.0,
            share: 0.32,
        }],
        relative_infectiousness_asymptomatic: 0.1,
        relative_infectiousness_presymptomatic: 0.5,
        quanta_per_m3_exhaled: ExpiratoryQuanta {
            breathing: 0.0,
            speaking: 0.0,
            loud_speaking: 0.0,
        },
        decay_per_h: 0.0,
        deposition_per_h: DEPOSITION_PER_H,
        toilet: Some(ToiletRoute {
            p_infection_per_use: 0.01,
            contamination_half_life_h: 24.0,
        }),
        emission_spread_log10: 0.0,
    }
}

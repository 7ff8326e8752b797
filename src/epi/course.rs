//! Disease course: S → E → I_presymptomatic → I_symptomatic | I_asymptomatic → R.
//!
//! At infection a [`Course`] draws, from the pathogen's distributions and the caller's RNG stream
//! (same seed and call order, same course): the latent period, the presymptomatic period, whether
//! the infection stays asymptomatic (probability by age, [`Pathogen::asymptomatic_share`]), and the
//! infectious period after onset. Draws happen in a fixed order — latent, presymptomatic,
//! asymptomatic (one uniform), after-onset — so a course is a pure function of the stream.
//! [`Course::infectiousness`] scales emission: 0 while susceptible, exposed or recovered; the
//! pathogen's presymptomatic factor (× the asymptomatic factor for an asymptomatic course, whose
//! whole infectious period carries it); 1 when symptomatic.

use rand::{Rng, RngExt};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::pathogen::Pathogen;

/// Hours per day.
pub const H_PER_DAY: f64 = 24.0;

/// Disease state of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiseaseState {
    Susceptible,
    /// Infected, not yet infectious (latent).
    Exposed,
    /// Infectious, symptoms not (yet) shown.
    Presymptomatic,
    Symptomatic,
    Asymptomatic,
    Recovered,
}

impl DiseaseState {
    /// True for the three infectious states.
    pub fn is_infectious(self) -> bool {
        matches!(
            self,
            DiseaseState::Presymptomatic | DiseaseState::Symptomatic | DiseaseState::Asymptomatic
        )
    }
}

/// Relative infectiousness of a state (scales quanta emission): see the module docs.
pub fn infectiousness_of_state(
    pathogen: &Pathogen,
    state: DiseaseState,
    asymptomatic: bool,
) -> f64 {
    let asym = if asymptomatic {
        pathogen.relative_infectiousness_asymptomatic
    } else {
        1.0
    };
    match state {
        DiseaseState::Susceptible | DiseaseState::Exposed | DiseaseState::Recovered => 0.0,
        DiseaseState::Presymptomatic => pathogen.relative_infectiousness_presymptomatic * asym,
        DiseaseState::Symptomatic => 1.0,
        DiseaseState::Asymptomatic => pathogen.relative_infectiousness_asymptomatic,
    }
}

/// One sampled infection, times in hours on the caller's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub infected_at_h: f64,
    /// End of the latent period: infectious from here.
    pub infectious_from_h: f64,
    /// Symptom onset (or, if asymptomatic, the end of the presymptomatic-equivalent phase).
    pub onset_h: f64,
    /// Recovery: no longer infectious.
    pub recovered_at_h: f64,
    pub asymptomatic: bool,
    /// Presymptomatic infectiousness factor, copied from the pathogen.
    pub presymptomatic_factor: f64,
    /// Asymptomatic infectiousness factor, copied from the pathogen.
    pub asymptomatic_factor: f64,
}

impl Course {
    /// Samples a course for a person of `age_years` infected at `infected_at_h`.
    pub fn sample<R: Rng + ?Sized>(
        pathogen: &Pathogen,
        age_years: f64,
        infected_at_h: f64,
        rng: &mut R,
    ) -> Course {
        let latent_h = pathogen.latent_period.sample_days(rng) * H_PER_DAY;
        let presym_h = pathogen.presymptomatic_period.sample_days(rng) * H_PER_DAY;
        let u: f64 = rng.random();
        let asymptomatic = u < pathogen.asymptomatic_share(age_years);
        let after_h = pathogen.infectious_period_after_onset.sample_days(rng) * H_PER_DAY;
        let infectious_from_h = infected_at_h + latent_h;
        let onset_h = infectious_from_h + presym_h;
        Course {
            infected_at_h,
            infectious_from_h,
            onset_h,
            recovered_at_h: onset_h + after_h,
            asymptomatic,
            presymptomatic_factor: pathogen.relative_infectiousness_presymptomatic,
            asymptomatic_factor: pathogen.relative_infectiousness_asymptomatic,
        }
    }

    /// State at time `t_h` (before infection: susceptible).
    pub fn state_at(&self, t_h: f64) -> DiseaseState {
        if t_h < self.infected_at_h {
            DiseaseState::Susceptible
        } else if t_h < self.infectious_from_h {
            DiseaseState::Exposed
        } else if t_h < self.onset_h {
            DiseaseState::Presymptomatic
        } else if t_h < self.recovered_at_h {
            if self.asymptomatic {
                DiseaseState::Asymptomatic
            } else {
                DiseaseState::Symptomatic
            }
        } else {
            DiseaseState::Recovered
        }
    }

    /// Infectiousness factor at `t_h` (multiplies the pathogen's quanta emission).
    pub fn infectiousness(&self, t_h: f64) -> f64 {
        let asym = if self.asymptomatic {
            self.asymptomatic_factor
        } else {
            1.0
        };
        match self.state_at(t_h) {
            DiseaseState::Susceptible | DiseaseState::Exposed | DiseaseState::Recovered => 0.0,
            DiseaseState::Presymptomatic => self.presymptomatic_factor * asym,
            DiseaseState::Symptomatic => 1.0,
            DiseaseState::Asymptomatic => self.asymptomatic_factor,
        }
    }

    /// Symptom onset time, or `None` for an asymptomatic course.
    pub fn symptom_onset_h(&self) -> Option<f64> {
        (!self.asymptomatic).then_some(self.onset_h)
    }

    /// Times (h) at which the state changes, ascending: the engine schedules events there.
    pub fn transitions_h(&self) -> [f64; 4] {
        [
            self.infected_at_h,
            self.infectious_from_h,
            self.onset_h,
            self.recovered_at_h,
        ]
    }
}

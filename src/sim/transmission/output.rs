//! What replicates add up to: the summary, `replicates.csv`, the epidemic curve and its
//! `timeseries.csv`, and the room-air dose per room.

use super::model::Model;
use super::replicate::ReplicateResult;
use crate::epi::summary::{self, Distribution, Interval, MonteCarloSummary, ReplicateOutcome};
use serde::Serialize;

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

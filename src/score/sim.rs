//! Simulated risk on the risk axis: the outcome of the transmission Monte Carlo of one option
//! under the standard challenge (one infectious staff member introduced), as two metrics a
//! profile can name — [`ATTACK_RATE_KEY`] and [`P_OUTBREAK_GT5_KEY`] — with their 95% intervals,
//! and the paired (common-random-number) differences between options.
//!
//! This module takes plain per-replicate numbers, not simulation types, so scoring stays
//! independent of how the simulation is run.

use super::stats::{self, MeanInterval, Proportion};
use crate::assess::{Better, Metric};
use serde::Serialize;

/// Metric key of the expected resident attack rate.
pub const ATTACK_RATE_KEY: &str = "sim.resident_attack_rate";
/// Metric key of the probability of an outbreak of more than [`OUTBREAK_RESIDENTS`] residents.
pub const P_OUTBREAK_GT5_KEY: &str = "sim.p_outbreak_gt5";
/// An outbreak is "large" above this many resident cases, the threshold of
/// [`crate::epi::summary::MonteCarloSummary::p_outbreak_gt5`]. Assumption: UK guidance calls two
/// or more linked cases an outbreak (UKHSA 2023, *Acute respiratory infection in care homes*);
/// more than 5 marks one that has spread beyond the first contacts of the index case.
pub const OUTBREAK_RESIDENTS: u32 = 5;
/// An outbreak is also reported as "large" when more than this share of the residents at risk
/// were infected (10%). Assumption: a share makes homes of different sizes comparable; 10% of a
/// 50-bed home is the 5 residents above.
pub const OUTBREAK_SHARE: f64 = 0.10;

const SOURCE: &str = "carehome outbreak Monte Carlo (sim::transmission): room air well mixed and solved exactly (Gammaitoni & Nucci 1997), Wells–Riley dose-response, close range after Jia et al. 2022 over face-to-face conversation time (Siette et al. 2022), cross-checked against Lasser et al. 2021; legacy corridor home within Hashan et al. 2021's 32-58% under the standard challenge";

/// The outcome of one replicate that scoring needs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ReplicateRisk {
    pub resident_cases: u32,
    pub residents_at_risk: u32,
}

impl ReplicateRisk {
    /// Residents infected / residents at risk (0 with none at risk), as the outbreak summary
    /// computes it.
    pub fn attack_rate(&self) -> f64 {
        crate::epi::summary::ReplicateOutcome {
            resident_cases: self.resident_cases,
            residents_at_risk: self.residents_at_risk,
        }
        .attack_rate()
    }

    /// More than [`OUTBREAK_SHARE`] of the residents at risk were infected.
    pub fn large_relative(&self) -> bool {
        f64::from(self.resident_cases) > OUTBREAK_SHARE * f64::from(self.residents_at_risk)
    }

    /// 1 if more than [`OUTBREAK_RESIDENTS`] residents were infected, else 0.
    pub fn large_outbreak(&self) -> f64 {
        if self.resident_cases > OUTBREAK_RESIDENTS {
            1.0
        } else {
            0.0
        }
    }
}

/// How an option's risk was simulated, for the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimSetup {
    /// Scenario name (population, routine, pathogen, interventions).
    pub scenario: String,
    pub pathogen: String,
    pub seed: u64,
    /// Outbreak days.
    pub days: u32,
    /// Days of daily-life movement simulated and replayed (day d uses pattern day d mod P).
    pub pattern_days: u32,
    pub replicates: u32,
}

/// Simulated risk of one option.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimRisk {
    pub setup: SimSetup,
    /// Expected resident attack rate: mean over replicates with its 95% confidence interval (the
    /// Monte Carlo uncertainty of the mean; Wilson at the effective sample size, inside [0, 1]:
    /// [`stats::proportion_mean_interval`]).
    pub attack_rate: MeanInterval,
    /// 2.5th and 97.5th percentiles of the attack rate over replicates (the spread of outbreaks,
    /// not the uncertainty of the mean).
    pub attack_rate_p2_5: f64,
    pub attack_rate_p97_5: f64,
    /// Share of replicates with more than [`OUTBREAK_RESIDENTS`] resident cases, Wilson interval.
    pub p_outbreak_gt5: Proportion,
    /// Share of replicates in which more than [`OUTBREAK_SHARE`] of the residents at risk were
    /// infected, Wilson interval: the outbreak size relative to the home (5 residents is half of a
    /// 10-bed home but a tenth of a 50-bed one).
    pub p_outbreak_gt10pct: Proportion,
    /// Mean staff attack rate (index case excluded), for the report.
    pub staff_attack_rate_mean: f64,
    /// Share of infections through room air (the rest at close range).
    pub room_air_share: f64,
    /// Per replicate, in replicate order.
    #[serde(skip)]
    pub replicates: Vec<ReplicateRisk>,
    /// The epidemic curve: residents infectious per day, mean over replicates (empty when not
    /// computed).
    pub infectious_residents_mean: Vec<f64>,
}

impl SimRisk {
    /// From replicates in replicate order; `None` with fewer than 2.
    pub fn new(
        setup: SimSetup,
        replicates: Vec<ReplicateRisk>,
        staff_attack_rate_mean: f64,
        room_air_share: f64,
    ) -> Option<SimRisk> {
        let rates = attack_rates(&replicates);
        let at_risk = replicates
            .iter()
            .map(|r| u64::from(r.residents_at_risk))
            .sum();
        let attack_rate = stats::proportion_mean_interval(&rates, at_risk)?;
        let mut sorted = rates.clone();
        sorted.sort_by(f64::total_cmp);
        let k = replicates
            .iter()
            .filter(|r| r.resident_cases > OUTBREAK_RESIDENTS)
            .count();
        Some(SimRisk {
            setup,
            attack_rate,
            attack_rate_p2_5: crate::epi::summary::percentile_sorted(&sorted, 0.025),
            attack_rate_p97_5: crate::epi::summary::percentile_sorted(&sorted, 0.975),
            p_outbreak_gt5: stats::wilson(k, replicates.len())?,
            p_outbreak_gt10pct: stats::wilson(
                replicates.iter().filter(|r| r.large_relative()).count(),
                replicates.len(),
            )?,
            staff_attack_rate_mean,
            room_air_share,
            replicates,
            infectious_residents_mean: Vec::new(),
        })
    }

    /// The two metrics, valued.
    pub fn metrics(&self) -> [Metric; 2] {
        metrics(Some(self.attack_rate.mean), Some(self.p_outbreak_gt5.p))
    }

    /// (metric key, lower, upper end of its 95% interval).
    pub fn intervals(&self) -> [(&'static str, f64, f64); 2] {
        [
            (
                ATTACK_RATE_KEY,
                self.attack_rate.lo95.max(0.0),
                self.attack_rate.hi95.min(1.0),
            ),
            (
                P_OUTBREAK_GT5_KEY,
                self.p_outbreak_gt5.lo95,
                self.p_outbreak_gt5.hi95,
            ),
        ]
    }
}

fn attack_rates(r: &[ReplicateRisk]) -> Vec<f64> {
    r.iter().map(ReplicateRisk::attack_rate).collect()
}

fn large_outbreaks(r: &[ReplicateRisk]) -> Vec<f64> {
    r.iter().map(ReplicateRisk::large_outbreak).collect()
}

/// The two simulated metrics with the given values (`None`: not simulated, e.g. `--no-sim`; a
/// profile item naming them is then left out of the axis).
pub fn metrics(attack_rate: Option<f64>, p_outbreak_gt5: Option<f64>) -> [Metric; 2] {
    [
        Metric {
            key: ATTACK_RATE_KEY,
            label: "Expected resident attack rate (simulated)",
            value: attack_rate,
            unit: "fraction",
            better: Better::Lower,
            threshold: None,
            source: SOURCE,
            failing: Vec::new(),
            how: "Mean over Monte Carlo replicates of residents infected / residents, after one infectious carer or nurse is introduced on day 0, over the plan's own simulated daily life; 95% interval of the mean by Student's t.",
        },
        Metric {
            key: P_OUTBREAK_GT5_KEY,
            label: "Probability of an outbreak of more than 5 residents (simulated)",
            value: p_outbreak_gt5,
            unit: "probability",
            better: Better::Lower,
            threshold: None,
            source: SOURCE,
            failing: Vec::new(),
            how: "Share of Monte Carlo replicates in which more than 5 residents were infected; 95% interval by Wilson's score method.",
        },
    ]
}

/// An option's simulated risk relative to another (usually the base).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RiskDifference {
    /// Paired by replicate (same seed and replicate count: common random numbers), or Welch's
    /// interval for independent runs otherwise.
    pub paired: bool,
    /// Option minus other, resident attack rate.
    pub attack_rate: MeanInterval,
    /// Option minus other, P(outbreak > 5 residents).
    pub p_outbreak_gt5: MeanInterval,
}

impl RiskDifference {
    /// The attack-rate difference is within Monte Carlo noise (its 95% interval includes 0).
    pub fn attack_rate_within_noise(&self) -> bool {
        self.attack_rate.includes_zero()
    }

    /// Whether the difference of the metric `key` is within noise (`None` for other metrics).
    pub fn within_noise(&self, key: &str) -> Option<bool> {
        match key {
            ATTACK_RATE_KEY => Some(self.attack_rate.includes_zero()),
            P_OUTBREAK_GT5_KEY => Some(self.p_outbreak_gt5.includes_zero()),
            _ => None,
        }
    }
}

/// `a − b`: paired when both ran the same replicates from the same seed, otherwise independent.
pub fn difference(a: &SimRisk, b: &SimRisk) -> Option<RiskDifference> {
    let paired = a.setup.seed == b.setup.seed && a.replicates.len() == b.replicates.len();
    let f = if paired {
        stats::paired_difference
    } else {
        stats::welch_difference
    };
    Some(RiskDifference {
        paired,
        attack_rate: f(&attack_rates(&a.replicates), &attack_rates(&b.replicates))?,
        p_outbreak_gt5: f(
            &large_outbreaks(&a.replicates),
            &large_outbreaks(&b.replicates),
        )?,
    })
}

/// How many replicates the adaptive replicates of a comparison ran, and why they stopped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sampling {
    /// Replicates per batch (the first batch too).
    pub batch: u32,
    /// The most replicates per option.
    pub cap: u32,
    /// Replicates every option ran.
    pub replicates: u32,
    pub batches: u32,
    /// The cap was reached with some verdicts still inconclusive.
    pub cap_reached: bool,
    /// Options whose verdict was still inconclusive when the replicates stopped.
    pub unsettled: Vec<String>,
}

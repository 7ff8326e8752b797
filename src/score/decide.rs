//! The verdict rule: the one function that turns an option's differences from the base into a
//! verdict in plain words. Nothing else writes verdicts.
//!
//! **The rule** (also in `docs/options.md`, the report's method notes and `compare --help`):
//!
//! 1. *Quality of life* is computed from geometry alone, so its difference from the base is exact.
//!    It is **better** when the option's score is more than [`QOL_TIE_POINTS`] above the base's,
//!    **worse** when more than that below, otherwise **unchanged**.
//! 2. *Risk* is judged on the infection-control risk index (geometry and the simulated outbreak
//!    together, weighted by the scoring profile), on its difference from the base with a 95%
//!    interval: the paired (common-random-number) intervals of the simulated metrics carried
//!    through the index ([`crate::score::risk_index_difference`]). With `d` that difference (option − base,
//!    points; lower is safer) and `t` = [`RISK_TIE_POINTS`]:
//!    - **better** (safer) when the whole interval is below 0 and `d ≤ −t`;
//!    - **worse** (riskier) when the whole interval is above 0 and `d ≥ t`;
//!    - **unchanged** when the interval lies within `±t`, or excludes 0 with `|d| < t` (a real
//!      difference smaller than the practical threshold);
//!    - **inconclusive** otherwise: the interval includes 0 and reaches beyond `±t`, so the Monte
//!      Carlo noise could decide it — run more replicates.
//! 3. *Geometry and simulation disagree*: a risk judged better while a simulated figure shown
//!    beside it (the resident attack rate or P(outbreak > 5)) is higher than the base's beyond
//!    its interval, or worse while one is lower beyond its interval, is **mixed** — never called
//!    safer or riskier.
//! 4. The two judgements are never merged into one number; the verdict names both ([`words`]).
//!
//! The adaptive replicates of `compare` stop for an option once its risk judgement is no longer
//! inconclusive ([`Verdict::settled`]).

use super::stats::MeanInterval;
use serde::Serialize;

/// The verdict rule in plain words, for `compare --help`, the report's method notes and
/// `docs/options.md` (a test checks the doc quotes it).
pub const VERDICT_RULE: &str = "How verdicts are decided. Each option is judged against the base on two axes that are never merged. \
Quality of life comes from geometry alone and is exact: better or worse when it differs by more than 1 point (of 100), otherwise unchanged. \
Risk is judged on the risk index (infection-control geometry and the simulated outbreak together), on its difference from the base with a 95% interval from replicates that share their random numbers with the base's: \
safer when the whole interval is below 0 and the index falls by at least 1 point; riskier when the whole interval is above 0 and it rises by at least 1 point; \
unchanged when the interval lies within 1 point either side, or excludes 0 but the difference is under 1 point; \
inconclusive otherwise (run more replicates). \
If the index says safer while the simulated attack rate or P(outbreak > 5) is higher than the base's beyond its interval (or riskier while one is lower), the risk is mixed, never safer or riskier. \
The words name both axes: better on both; safer but worse to live in; better to live in, risk unchanged; riskier, quality of life unchanged; no real difference; ...; risk inconclusive: run more replicates. \
Replicates run in batches until every verdict is settled or the cap is reached, which the output says.";

/// Quality-of-life differences of at most this many points (0–100 scale) count as none.
/// Assumption: one point is below what the profile's thresholds resolve (a single item's move of
/// 10% of its range at weight 1 of 13 is 0.8 points).
pub const QOL_TIE_POINTS: f64 = 1.0;
/// Risk-index differences of at most this many points count as none (the practical threshold of
/// the risk axis). Assumption, as [`QOL_TIE_POINTS`].
pub const RISK_TIE_POINTS: f64 = 1.0;
/// The practical threshold of the simulated resident attack rate: 2 percentage points.
/// Assumption: published care-home outbreak attack rates are reported to whole percentage points
/// with between-home spreads of tens of points (Hashan et al. 2021); 2 points of 49 residents is
/// one resident.
pub const ATTACK_RATE_PRACTICAL: f64 = 0.02;

/// How an option differs from the base on one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Better,
    Unchanged,
    Worse,
    /// The interval includes 0 and reaches beyond the practical threshold.
    Inconclusive,
    /// The risk index and a simulated figure shown beside it point opposite ways beyond noise.
    Mixed,
}

impl Change {
    /// Plain words for reports.
    pub fn words(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Unchanged => "unchanged",
            Change::Worse => "worse",
            Change::Inconclusive => "inconclusive",
            Change::Mixed => "mixed",
        }
    }
}

/// A difference (option − base) with its 95% interval, in the axis's units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub mean: f64,
    pub lo95: f64,
    pub hi95: f64,
}

impl Difference {
    /// An exact difference (no Monte Carlo part).
    pub fn exact(d: f64) -> Difference {
        Difference {
            mean: d,
            lo95: d,
            hi95: d,
        }
    }

    /// From a mean with its interval.
    pub fn of(m: &MeanInterval) -> Difference {
        Difference {
            mean: m.mean,
            lo95: m.lo95,
            hi95: m.hi95,
        }
    }
}

/// Judges a difference where **lower is better** (risk) against the practical threshold `t`
/// (rule 2 of the module docs). For a higher-is-better quantity pass the negated difference.
pub fn judge_lower_better(d: Difference, t: f64) -> Change {
    if !(d.mean.is_finite() && d.lo95.is_finite() && d.hi95.is_finite()) {
        return Change::Inconclusive;
    }
    let excludes_zero = d.hi95 < 0.0 || d.lo95 > 0.0;
    if d.hi95 < 0.0 && d.mean <= -t {
        Change::Better
    } else if d.lo95 > 0.0 && d.mean >= t {
        Change::Worse
    } else if (d.lo95 >= -t && d.hi95 <= t) || (excludes_zero && d.mean.abs() < t) {
        Change::Unchanged
    } else {
        Change::Inconclusive
    }
}

/// What the verdict rule needs of one option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evidence {
    /// Quality of life, option − base (exact).
    pub qol: f64,
    /// Risk index, option − base, with its interval.
    pub risk: Difference,
    /// Simulated figures shown beside the risk index (option − base, lower is safer), each with
    /// its interval: the attack rate and P(outbreak > 5). Empty without simulation.
    pub simulated: [Option<Difference>; 2],
}

/// An option's verdict: the judgement of each axis and its plain words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// `None` for the base (or reference) itself.
    pub qol: Option<Change>,
    pub risk: Option<Change>,
    /// E.g. "better on both", "safer but worse to live in", "better to live in; risk
    /// inconclusive: run more replicates".
    pub words: String,
}

impl Verdict {
    /// The verdict of the base (or, among peers, of the reference plan).
    pub fn reference(peers: bool) -> Verdict {
        Verdict {
            qol: None,
            risk: None,
            words: if peers { "reference" } else { "base" }.to_string(),
        }
    }

    /// No judgement can change with more replicates.
    pub fn settled(&self) -> bool {
        self.risk != Some(Change::Inconclusive)
    }
}

/// The verdict rule (module docs).
pub fn verdict(e: &Evidence) -> Verdict {
    let qol = judge_lower_better(Difference::exact(-e.qol), QOL_TIE_POINTS);
    let mut risk = judge_lower_better(e.risk, RISK_TIE_POINTS);
    let sim_worse = e.simulated.iter().flatten().any(|d| d.lo95 > 0.0);
    let sim_better = e.simulated.iter().flatten().any(|d| d.hi95 < 0.0);
    if (risk == Change::Better && sim_worse) || (risk == Change::Worse && sim_better) {
        risk = Change::Mixed;
    }
    Verdict {
        qol: Some(qol),
        risk: Some(risk),
        words: words(qol, risk, e.risk.mean < 0.0),
    }
}

/// The verdict words of a quality-of-life and a risk judgement (`index_fell`: the risk index is
/// lower than the base's, for the wording of a mixed risk).
pub fn words(qol: Change, risk: Change, index_fell: bool) -> String {
    use Change::*;
    let q = match qol {
        Better => "better to live in",
        Worse => "worse to live in",
        _ => "quality of life unchanged",
    };
    match (qol, risk) {
        (Better, Better) => "better on both".into(),
        (Worse, Worse) => "worse on both".into(),
        (Unchanged, Unchanged) => "no real difference".into(),
        (Better, Unchanged) => "better to live in, risk unchanged".into(),
        (Worse, Unchanged) => "worse to live in, risk unchanged".into(),
        (_, Better) => format!(
            "safer{}",
            if qol == Worse {
                " but worse to live in"
            } else {
                ", quality of life unchanged"
            }
        ),
        (_, Worse) => format!(
            "riskier{}",
            if qol == Better {
                " but better to live in"
            } else {
                ", quality of life unchanged"
            }
        ),
        (_, Mixed) => format!(
            "{q}; risk mixed: {}",
            if index_fell {
                "the risk index is lower, but more residents were infected in the simulated outbreak"
            } else {
                "the risk index is higher, but fewer residents were infected in the simulated outbreak"
            }
        ),
        _ => format!("{q}; risk inconclusive: run more replicates"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(mean: f64, lo: f64, hi: f64) -> Difference {
        Difference {
            mean,
            lo95: lo,
            hi95: hi,
        }
    }

    #[test]
    fn each_region_of_the_rule_by_hand() {
        let t = 1.0;
        assert_eq!(judge_lower_better(d(-3.0, -5.0, -1.0), t), Change::Better);
        assert_eq!(judge_lower_better(d(3.0, 1.0, 5.0), t), Change::Worse);
        // Inside ±t: unchanged however it sits.
        assert_eq!(judge_lower_better(d(0.2, -0.5, 0.9), t), Change::Unchanged);
        // Resolved but smaller than the threshold.
        assert_eq!(
            judge_lower_better(d(-0.5, -1.5, -0.1), t),
            Change::Unchanged
        );
        // Includes 0 and reaches past the threshold.
        assert_eq!(
            judge_lower_better(d(-2.0, -6.0, 2.0), t),
            Change::Inconclusive
        );
        assert_eq!(
            judge_lower_better(d(f64::NAN, -1.0, 1.0), t),
            Change::Inconclusive
        );
        // An exact difference of exactly the threshold counts (≤ −t).
        assert_eq!(
            judge_lower_better(Difference::exact(-1.0), t),
            Change::Better
        );
        assert_eq!(
            judge_lower_better(Difference::exact(0.99), t),
            Change::Unchanged
        );
    }

    #[test]
    fn a_safer_index_with_more_simulated_infections_is_mixed() {
        let e = Evidence {
            qol: 5.0,
            risk: d(-8.0, -10.0, -6.0),
            simulated: [Some(d(0.05, 0.01, 0.09)), None],
        };
        let v = verdict(&e);
        assert_eq!(v.risk, Some(Change::Mixed));
        assert!(
            v.words.starts_with("better to live in; risk mixed"),
            "{}",
            v.words
        );
        let e = Evidence {
            simulated: [Some(d(-0.05, -0.09, -0.01)), None],
            ..e
        };
        assert_eq!(verdict(&e).words, "better on both");
    }

    #[test]
    fn every_pair_of_judgements_has_plain_words() {
        use Change::*;
        for q in [Better, Unchanged, Worse] {
            for r in [Better, Unchanged, Worse, Inconclusive, Mixed] {
                let w = words(q, r, true);
                assert!(!w.is_empty() && w.chars().all(|c| !c.is_uppercase()), "{w}");
            }
        }
        assert_eq!(words(Worse, Better, true), "safer but worse to live in");
        assert_eq!(
            words(Better, Inconclusive, true),
            "better to live in; risk inconclusive: run more replicates"
        );
    }
}

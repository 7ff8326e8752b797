//! A measured figure with its unit, the threshold it is judged against and the source of both.
//! Every number in the assessment scorecard is a [`Metric`]; `carehome assess --explain KEY`
//! prints [`Metric::how`] and [`Metric::source`].

use serde::Serialize;

/// Whether more of a metric is better or worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// One figure of the assessment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    /// Stable key, e.g. `privacy.single_room_share`.
    pub key: &'static str,
    /// Short human label.
    pub label: &'static str,
    /// The value; `None` where it is undefined (a zero denominator) — never NaN.
    pub value: Option<f64>,
    /// Unit, e.g. `fraction`, `m2/resident`, `L/s/person`.
    pub unit: &'static str,
    pub better: Better,
    /// The threshold the value is judged against, if there is one.
    pub threshold: Option<f64>,
    /// Where the threshold (or the method) comes from.
    pub source: &'static str,
    /// How the figure is computed, in a sentence or two.
    pub how: &'static str,
    /// The rooms (or doors) that miss the threshold, where the metric knows them: what a FAIL
    /// names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failing: Vec<String>,
}

/// Thresholds are met within this tolerance, relative to the threshold (absolute below 1): one
/// part in a thousand, so a corridor of 1.80 m measured as 1.7999… m from its area and perimeter
/// (or drawn to the millimetre) passes a 1.8 m rule. Assumption: finer than any threshold of the
/// assessment is stated (BS 8300 widths to the 10 mm, shares to the resident).
pub const PASS_TOLERANCE: f64 = 1e-3;

impl Metric {
    /// Does the value meet its threshold (within [`PASS_TOLERANCE`])? `None` without a threshold
    /// or a value.
    pub fn pass(&self) -> Option<bool> {
        let (v, t) = (self.value?, self.threshold?);
        let tol = PASS_TOLERANCE * t.abs().max(1.0);
        Some(match self.better {
            Better::Higher => v >= t - tol,
            Better::Lower => v <= t + tol,
        })
    }
}

/// A group of metrics, e.g. "Privacy and dignity".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub key: &'static str,
    pub title: &'static str,
    pub metrics: Vec<Metric>,
}

/// Sum starting at +0.0 (the standard `Sum` of an empty f64 iterator is -0.0).
pub fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, x| a + x)
}

/// `num / den`, or `None` when `den` is zero.
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// Builder shorthand used by the assessment sections.
pub(crate) struct M {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub better: Better,
    pub threshold: Option<f64>,
    pub source: &'static str,
    pub how: &'static str,
}

impl M {
    pub fn of(self, value: Option<f64>) -> Metric {
        Metric {
            key: self.key,
            label: self.label,
            value,
            unit: self.unit,
            better: self.better,
            threshold: self.threshold,
            source: self.source,
            how: self.how,
            failing: Vec::new(),
        }
    }
}

impl Metric {
    /// The same metric naming the elements that miss its threshold.
    pub fn failing(mut self, ids: Vec<String>) -> Metric {
        self.failing = ids;
        self
    }

    /// " (rooms: A, B, …)" naming up to 12 failing elements, or "".
    pub fn failing_note(&self) -> String {
        if self.failing.is_empty() || self.pass() != Some(false) {
            return String::new();
        }
        let shown: Vec<&str> = self.failing.iter().take(12).map(String::as_str).collect();
        format!(
            " ({}{})",
            shown.join(", "),
            if self.failing.len() > 12 { ", …" } else { "" }
        )
    }
}

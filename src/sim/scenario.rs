//! The scenario file (`carehome-scenario/1`, TOML): who lives and works in the home and how the
//! day runs. Every field has a default (documented in `docs/scenario-format.md`), so an empty file
//! is a valid scenario. Parsing is pure: [`from_toml_str`] takes text and returns a value.

use serde::{Deserialize, Serialize};

/// The format tag a scenario may carry in `schema`.
pub const SCHEMA: &str = "carehome-scenario/1";

/// A whole scenario.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Format tag; must be `carehome-scenario/1` when present.
    pub schema: Option<String>,
    /// Scenario name, for reports.
    pub name: Option<String>,
    pub run: Run,
    pub residents: Residents,
    pub staff: Staff,
    pub visitors: Visitors,
    pub routine: Routine,
    /// Pathogen section (read by the transmission step, issue 8); kept as given.
    pub pathogen: Option<toml::Table>,
    /// Interventions beyond the routine (issue 8); kept as given.
    pub interventions: Option<toml::Table>,
    /// How infection enters the home (issue 8: `index_case`, `community_infection_per_day`; read
    /// by `sim::transmission::Params::from_scenario`); kept as given.
    pub seeding: Option<toml::Table>,
}

/// Length, randomness and time steps.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Run {
    /// Simulated days. Default 1.
    pub days: u32,
    /// Replicates (independent stochastic runs). Default 1.
    pub replicates: u32,
    /// Master seed; replicate `r` uses the stream derived from `(seed, r)`. Default 1.
    pub seed: u64,
    /// Pedestrian model time step while walking, seconds. Default 0.1 s (DESIGN.md §4:
    /// 0.05–0.1 s is enough for walking at care-home speeds).
    pub dt_s: f64,
    /// Contacts of walking people are sampled at this interval, seconds. Default 1 s.
    pub contact_sample_s: f64,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            days: 1,
            replicates: 1,
            seed: 1,
            dt_s: 0.1,
            contact_sample_s: 1.0,
        }
    }
}

/// Residents: one per bed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Residents {
    /// Mobility mix, shares (normalised): walks unaided, walking aid, wheelchair, bed-bound.
    /// Default 0.25 / 0.40 / 0.25 / 0.10. UK care-home residents are mostly dependent: Gordon et
    /// al. 2014 (Age Ageing 43:97, 227 residents) found 76% needing help with mobility or unable
    /// to walk; the split between aids, chairs and bed is an assumption.
    pub mobility: MobilityMix,
    /// Share of residents living with dementia. Default 0.7: Alzheimer's Society (2014, Dementia
    /// UK) estimates ≈70% of care-home residents have dementia or severe memory problems.
    pub dementia_share: f64,
    /// Share of walking residents with dementia who wander (extra walks in corridors and
    /// lounges). Default 0.3 (assumption; wandering prevalence in care-home dementia is reported
    /// at 15–60%, Algase 1999).
    pub wandering_share: f64,
}

impl Default for Residents {
    fn default() -> Self {
        Residents {
            mobility: MobilityMix::default(),
            dementia_share: 0.7,
            wandering_share: 0.3,
        }
    }
}

/// Shares of the mobility classes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MobilityMix {
    pub independent: f64,
    pub walking_aid: f64,
    pub wheelchair: f64,
    pub bed_bound: f64,
}

impl Default for MobilityMix {
    fn default() -> Self {
        MobilityMix {
            independent: 0.25,
            walking_aid: 0.40,
            wheelchair: 0.25,
            bed_bound: 0.10,
        }
    }
}

/// How staff are allocated to residents.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Cohorting {
    /// Any carer may care for any resident.
    None,
    /// Carers and nurses work in one household only.
    Household,
    /// Carers and nurses work on one floor only.
    Floor,
}

/// Staffing.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Staff {
    /// Residents per carer on the early and late shifts. Default 6 (UK homes typically staff 1
    /// carer per 5–8 residents by day; Skills for Care 2023 "State of the adult social care
    /// sector" reports ≈1 care worker per 5–6 residents in nursing homes).
    pub residents_per_carer_day: f64,
    /// Residents per carer at night. Default 12 (night staffing is about half of day staffing;
    /// assumption within the 1:10–1:15 seen in UK homes).
    pub residents_per_carer_night: f64,
    /// Residents per nurse by day (nursing homes). Default 25; 0 = no nurses (a residential home,
    /// medication given by senior carers).
    pub residents_per_nurse_day: f64,
    /// Residents per nurse at night. Default 50.
    pub residents_per_nurse_night: f64,
    /// Residents per domestic (cleaner), early shift only. Default 20 (assumption).
    pub residents_per_domestic: f64,
    /// Kitchen staff per shift (early and late). Default 1.
    pub kitchen: u32,
    /// Activity coordinators (weekday day time). Default 1.
    pub activity: u32,
    /// Managers (office hours). Default 1.
    pub manager: u32,
    /// Cohorting of carers and nurses: none | household | floor. Default none.
    pub cohorting: Cohorting,
    /// Share of shifts covered by agency or bank staff: a different person each day, who also
    /// works in other homes. Default 0.1 (Skills for Care 2023: agency use ≈5–10% of hours).
    pub agency_share: f64,
    /// Shift start times, hours: early, late, night. Default 7.0, 14.5, 21.5 (the common
    /// 7:00–14:30 / 14:30–21:30 / 21:30–7:00 pattern, with overlap for the handover).
    pub shift_start_h: [f64; 3],
    /// Handover at the nurse station at each shift change, minutes. Default 15 (assumption;
    /// bedside and station handovers of 10–30 min are reported in nursing studies).
    pub handover_min: f64,
    /// Break per shift in the staff room, minutes. Default 30 (Working Time Regulations 1998:
    /// a 20-minute rest break for shifts over 6 h; most homes give 30 min).
    pub break_min: f64,
}

impl Default for Staff {
    fn default() -> Self {
        Staff {
            residents_per_carer_day: 6.0,
            residents_per_carer_night: 12.0,
            residents_per_nurse_day: 25.0,
            residents_per_nurse_night: 50.0,
            residents_per_domestic: 20.0,
            kitchen: 1,
            activity: 1,
            manager: 1,
            cohorting: Cohorting::None,
            agency_share: 0.1,
            shift_start_h: [7.0, 14.5, 21.5],
            handover_min: 15.0,
            break_min: 30.0,
        }
    }
}

/// Where visits take place.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VisitPlace {
    Bedroom,
    VisitingRoom,
    Garden,
    /// Bedroom, lounge or garden, as it happens.
    Anywhere,
}

/// Visitors.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Visitors {
    /// Visits per resident per week. Default 2.0 (pre-pandemic UK surveys: most residents had
    /// family visits weekly or more; Port et al. 2001 found a median of ≈2 visits a week).
    pub visits_per_resident_week: f64,
    /// Mean visit length, minutes. Default 60 (assumption; visits of about an hour are typical).
    pub duration_min: f64,
    /// Where visits take place. Default anywhere.
    pub place: VisitPlace,
    /// People per visit. Default 1.
    pub people_per_visit: u32,
}

impl Default for Visitors {
    fn default() -> Self {
        Visitors {
            visits_per_resident_week: 2.0,
            duration_min: 60.0,
            place: VisitPlace::Anywhere,
            people_per_visit: 1,
        }
    }
}

/// Where residents eat.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MealPlace {
    /// The dining room of the resident's household (or the nearest one).
    Household,
    /// The dining room with the most seats, for everyone.
    Central,
    /// In the bedroom (outbreak restriction).
    Bedroom,
}

/// The daily routine.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Routine {
    /// Where residents eat. Default household.
    pub meals: MealPlace,
    /// Lunch and supper start, hours. Default 12.25 and 17.0 (UK care-home meal times,
    /// assumption matching common practice: lunch 12:00–13:00, tea 17:00).
    pub lunch_h: f64,
    pub supper_h: f64,
    /// Meal lengths, minutes: breakfast, lunch, supper. Default 30, 50, 40 (assumption; a
    /// supported meal takes 30–60 min, Simmons et al. 2001 feeding assistance times).
    pub meal_min: [f64; 3],
    /// Share of able residents who join a morning / afternoon lounge activity. Default 0.6.
    /// Assumption: observation studies find residents spend much of the day in communal rooms
    /// (den Ouden et al. 2015, Int J Nurs Stud 52:1247: residents were in the communal living room
    /// for most observations) and are inactive most of the time (Harper Ice 2002).
    pub lounge_share: f64,
    /// Share of able residents who go into the garden on an afternoon (if there is one). Default 0.2.
    pub garden_share: f64,
    /// Communal activities (lounge, garden) run. Default true; false in lockdown.
    pub communal_activities: bool,
    /// Mean interval between toilet visits while awake, hours. Default 3 (continence care
    /// guidance: prompted voiding every 2–4 h, Ostaszkiewicz et al. 2004 Cochrane review).
    pub toilet_interval_h: f64,
    /// Bed-bound residents are repositioned every this many hours. Default 4 (NICE CG179:
    /// reposition adults at high risk of pressure ulcers at least every 4 hours).
    pub reposition_h: f64,
}

impl Default for Routine {
    fn default() -> Self {
        Routine {
            meals: MealPlace::Household,
            lunch_h: 12.25,
            supper_h: 17.0,
            meal_min: [30.0, 50.0, 40.0],
            lounge_share: 0.6,
            garden_share: 0.2,
            communal_activities: true,
            toilet_interval_h: 3.0,
            reposition_h: 4.0,
        }
    }
}

/// A scenario that cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError(pub String);

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

/// Parse and check a scenario. Every problem at once; a number outside its range is named by
/// its key and the line it is on (`line 3: routine.meal_min[2]: must be between …`).
pub fn from_toml_str(src: &str) -> Result<Scenario, ScenarioError> {
    let s: Scenario = toml::from_str(src).map_err(|e| ScenarioError(e.to_string()))?;
    let problems = s.problems();
    if problems.is_empty() {
        return Ok(s);
    }
    let mut found: Vec<(Option<usize>, String)> = problems
        .into_iter()
        .map(|(path, message)| {
            (
                path.and_then(|p| crate::ranges::toml_line(src, &p)),
                message,
            )
        })
        .collect();
    // In the file's order (tables kept as given are sorted by key); problems without a line last.
    found.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
    let lines: Vec<String> = found
        .into_iter()
        .map(|(line, message)| match line {
            Some(line) => format!("line {line}: {message}"),
            None => message,
        })
        .collect();
    Err(ScenarioError(lines.join("\n")))
}

impl Scenario {
    /// Check ranges; every problem is named by its key.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            let text: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            Err(ScenarioError(text.join("\n")))
        }
    }

    /// Every problem: the path of the field when it is one number (for its line), and the
    /// message. Numbers are checked against [`crate::ranges::SCENARIO`] (the one table of
    /// plausible ranges, also in docs/limits.md and docs/scenario.schema.json) on the scenario as
    /// serialised, so defaults, values set by a sweep and the pathogen, interventions and seeding
    /// tables are all covered; relations between fields are checked here.
    fn problems(&self) -> Vec<(Option<Vec<crate::ranges::Seg>>, String)> {
        let mut errs: Vec<(Option<Vec<crate::ranges::Seg>>, String)> = Vec::new();
        if let Some(tag) = &self.schema
            && tag != SCHEMA
        {
            errs.push((
                None,
                format!("schema: expected \"{SCHEMA}\", found \"{tag}\""),
            ));
        }
        match serde_json::to_value(self) {
            Ok(tree) => {
                for bad in crate::ranges::check(&tree, crate::ranges::SCENARIO, &[], "") {
                    errs.push((Some(bad.path.clone()), bad.to_string()));
                }
            }
            Err(e) => errs.push((None, format!("scenario: {e}"))),
        }
        let m = &self.residents.mobility;
        let mix = [m.independent, m.walking_aid, m.wheelchair, m.bed_bound];
        if mix.iter().all(|v| v.is_finite()) && mix.iter().sum::<f64>() <= 0.0 {
            errs.push((
                None,
                "residents.mobility: shares must be ≥ 0 and not all 0".into(),
            ));
        }
        let [e, l, n] = self.staff.shift_start_h;
        if !(e < l && l < n && n < 24.0) {
            errs.push((
                None,
                "staff.shift_start_h: must be increasing hours in [0, 24)".into(),
            ));
        }
        if self.routine.lunch_h + 2.0 > self.routine.supper_h {
            errs.push((
                None,
                "routine.lunch_h / supper_h: lunch 6–14 h, supper ≥ 2 h later and ≤ 20 h".into(),
            ));
        }
        errs
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn absurd_numbers_are_refused_with_the_field_named() {
        let e = from_toml_str(
            "[routine]\nmeal_min = [30, 50, 1.5e9]\n[visitors]\nvisits_per_resident_week = 1.5e9\n[staff]\nresidents_per_carer_day = 1e-9\n[run]\ndays = 100000\n",
        )
        .unwrap_err()
        .0;
        for needle in [
            "line 2: routine.meal_min[2]: must be between 1 and 240 min, found 1500000000",
            "line 4: visitors.visits_per_resident_week: must be between 0 and 50",
            "line 6: staff.residents_per_carer_day: must be between 0.5 and 200, found 0.000000001",
            "line 8: run.days: must be between 1 and 366, found 100000",
        ] {
            assert!(e.contains(needle), "{needle:?} not in\n{e}");
        }
        // The defaults and a nurse-free night are inside the ranges.
        Scenario::default().validate().unwrap();
        from_toml_str("[staff]\nresidents_per_nurse_night = 0\n").unwrap();
    }

    #[test]
    fn pathogen_interventions_and_seeding_numbers_are_checked_with_their_lines() {
        let src = "[pathogen]\npreset = \"influenza-a\"\ndecay_per_h = 1e12\n\
                   latent_period = { dist = \"gamma\", mean_days = 0, sd_days = 1 }\n\
                   [interventions]\nventilation_ach = 5e300\n\
                   testing = { every_days = 0, sensitivity = 1.5 }\n\
                   [seeding]\ncommunity_infection_per_day = 0.9\n";
        let e = from_toml_str(src).unwrap_err().0;
        let got: Vec<&str> = e
            .lines()
            .map(|l| l.split(": must").next().unwrap())
            .collect();
        // Hand-counted lines; all six problems in one message, in the file's order.
        assert_eq!(
            got,
            [
                "line 3: pathogen.decay_per_h",
                "line 4: pathogen.latent_period.mean_days",
                "line 6: interventions.ventilation_ach",
                "line 7: interventions.testing.every_days",
                "line 7: interventions.testing.sensitivity",
                "line 9: seeding.community_infection_per_day",
            ],
            "{e}"
        );
        assert!(e.contains("found 5e300"), "{e}");
    }
}

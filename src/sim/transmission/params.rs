//! The transmission pass's parameters, read from a scenario's `[pathogen]`, `[interventions]`
//! and `[seeding]` tables.

use super::super::{Role, Scenario};
use crate::epi::airborne::Mask;
use crate::epi::close_range::JetParams;
use crate::epi::pathogen::Pathogen;

/// Parameters of the transmission pass, from a scenario's `[pathogen]`, `[interventions]` and
/// `[seeding]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub pathogen: Pathogen,
    /// Mask worn, by [`Role::index`].
    pub masks: [Mask; 8],
    /// Outdoor-air change rate applied to every room (1/h), replacing the plan's.
    pub ventilation_ach: Option<f64>,
    pub isolate_symptomatic_residents: bool,
    pub staff_sick_leave: bool,
    /// One carer or nurse is infectious at day 0 (the standard challenge). Default true.
    pub index_case: bool,
    /// Probability per day that a susceptible permanent staff member is infected outside the home.
    /// Default [`DEFAULT_COMMUNITY_INFECTION_PER_DAY`].
    pub community_infection_per_day: f64,
    /// Routine testing (off by default).
    pub testing: Option<Testing>,
    pub jet: JetParams,
}

/// Who routine testing covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestingScope {
    Staff,
    Residents,
    All,
}

/// Routine testing, `[interventions] testing = { every_days = 7, sensitivity = 0.8, who = "staff" }`:
/// on days 0, `every_days`, 2·`every_days`, … everyone in scope who is infectious (presymptomatic,
/// symptomatic or asymptomatic) tests positive with probability `sensitivity`, with the result the
/// same day (a lateral-flow or rapid test; a lab result a day later would delay it). A resident who
/// tests positive is isolated in the bedroom, a staff member stays home (a cover worker takes the
/// shifts), both until recovery. Permanent staff and residents only: agency staff are new people
/// each day and visitors are not tested.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Testing {
    pub every_days: u32,
    /// Probability that an infectious person tests positive. Default [`DEFAULT_TEST_SENSITIVITY`].
    pub sensitivity: f64,
    pub who: TestingScope,
}

/// Default sensitivity of a test during the infectious period: 0.8. Kucirka et al. 2020 (Ann
/// Intern Med 173:262) estimated the RT-PCR false-negative rate at its lowest, 20% (95% CI
/// 12–30%), around three days after symptom onset; lateral-flow antigen tests average 0.73 in
/// people with symptoms and 0.55 without (Dinnes et al. 2022, Cochrane Database Syst Rev
/// CD013705), so set `sensitivity` lower for them.
pub const DEFAULT_TEST_SENSITIVITY: f64 = 0.8;

fn parse_testing(v: &toml::Value) -> Result<Testing, String> {
    let t = v
        .as_table()
        .ok_or("interventions.testing: expected a table, e.g. { every_days = 7, sensitivity = 0.8, who = \"staff\" }")?;
    let mut out = Testing {
        every_days: 7,
        sensitivity: DEFAULT_TEST_SENSITIVITY,
        who: TestingScope::All,
    };
    for (k, v) in t {
        match (k.as_str(), v) {
            ("every_days", toml::Value::Integer(i)) if (1..=365).contains(i) => {
                out.every_days = *i as u32
            }
            ("every_days", _) => {
                return Err(
                    "interventions.testing.every_days: expected a whole number of days, 1 to 365"
                        .into(),
                );
            }
            ("sensitivity", v) => {
                let x = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
                match x {
                    Some(x) if (0.0..=1.0).contains(&x) => out.sensitivity = x,
                    _ => {
                        return Err(
                            "interventions.testing.sensitivity: expected a probability in [0, 1]"
                                .into(),
                        );
                    }
                }
            }
            ("who", toml::Value::String(w)) => {
                out.who = match w.as_str() {
                    "staff" => TestingScope::Staff,
                    "residents" => TestingScope::Residents,
                    "all" => TestingScope::All,
                    _ => {
                        return Err(format!(
                            "interventions.testing.who: unknown value {w:?} (staff, residents, all)"
                        ));
                    }
                }
            }
            _ => {
                return Err(format!(
                    "interventions.testing: unknown or mistyped key {k:?} (every_days, sensitivity, who)"
                ));
            }
        }
    }
    Ok(out)
}

/// Default community infection probability per staff member and day: 0.68 per 10,000 per day,
/// the incidence the ONS COVID-19 Infection Survey estimated for England, 27 July–2 August 2020
/// (95% credible interval 0.38–1.17; ONS bulletin of 7 August 2020) — a low-incidence summer, so
/// the standard challenge stays one introduction (≈0.1 extra introductions per 30 days in a home
/// of 70 staff). Autumn 2020 reached ≈8 per 10,000 per day (ONS, 6 November 2020: 45,700 new
/// infections a day in England) — set `seeding.community_infection_per_day` for such periods.
pub const DEFAULT_COMMUNITY_INFECTION_PER_DAY: f64 = 0.68e-4;

impl Default for Params {
    fn default() -> Self {
        Params {
            pathogen: Pathogen::preset("sars-cov-2").expect("bundled preset"),
            masks: [Mask::None; 8],
            ventilation_ach: None,
            isolate_symptomatic_residents: true,
            staff_sick_leave: true,
            index_case: true,
            community_infection_per_day: DEFAULT_COMMUNITY_INFECTION_PER_DAY,
            testing: None,
            jet: JetParams::default(),
        }
    }
}

fn role_by_name(name: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.name() == name)
}

impl Params {
    /// Reads `[pathogen]` (`preset = "sars-cov-2"` by default; any other key overrides a field of
    /// the preset, including `emission_spread_log10`, the per-person emission spread, default 0),
    /// `[interventions]`: `ventilation_ach`, `isolate_symptomatic_residents`,
    /// `staff_sick_leave`, `masks = { staff = "surgical", resident = "none", carer = "ffp2" }`
    /// (a role name or `staff` for every staff role; the more specific key wins), and
    /// `[seeding]`: `index_case = "care_staff" | "none"`, `community_infection_per_day`.
    pub fn from_scenario(sc: &Scenario) -> Result<Params, String> {
        let mut p = Params::default();
        if let Some(t) = &sc.pathogen {
            let mut t = t.clone();
            let preset = match t.remove("preset") {
                None => "sars-cov-2".to_string(),
                Some(toml::Value::String(s)) => s,
                Some(v) => return Err(format!("pathogen.preset: expected a string, got {v}")),
            };
            let overrides = serde_json::to_value(&t).map_err(|e| format!("pathogen: {e}"))?;
            p.pathogen = Pathogen::preset_with_overrides(&preset, &overrides)
                .map_err(|e| format!("pathogen: {e}"))?;
        }
        if let Some(t) = &sc.interventions {
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("ventilation_ach", v) => {
                        let x = match v {
                            toml::Value::Float(x) => *x,
                            toml::Value::Integer(i) => *i as f64,
                            _ => {
                                return Err(
                                    "interventions.ventilation_ach: expected a number".into()
                                );
                            }
                        };
                        if !(x.is_finite() && x >= 0.0) {
                            return Err(format!("interventions.ventilation_ach: {x} is not ≥ 0"));
                        }
                        p.ventilation_ach = Some(x);
                    }
                    ("isolate_symptomatic_residents", toml::Value::Boolean(b)) => {
                        p.isolate_symptomatic_residents = *b
                    }
                    ("staff_sick_leave", toml::Value::Boolean(b)) => p.staff_sick_leave = *b,
                    ("testing", v) => p.testing = Some(parse_testing(v)?),
                    ("masks", toml::Value::Table(m)) => {
                        let mask = |v: &toml::Value| -> Result<Mask, String> {
                            let s = v.as_str().ok_or("interventions.masks: expected strings")?;
                            serde_json::from_value(serde_json::Value::String(s.into())).map_err(
                                |_| {
                                    format!(
                                        "interventions.masks: unknown mask {s:?} (none, cloth, surgical, ffp2)"
                                    )
                                },
                            )
                        };
                        if let Some(v) = m.get("staff") {
                            let x = mask(v)?;
                            for r in Role::ALL.into_iter().filter(|r| r.is_staff()) {
                                p.masks[r.index()] = x;
                            }
                        }
                        for (role, v) in m {
                            if role == "staff" {
                                continue;
                            }
                            let r = role_by_name(role).ok_or_else(|| {
                                format!("interventions.masks: unknown role {role:?}")
                            })?;
                            p.masks[r.index()] = mask(v)?;
                        }
                    }
                    _ => return Err(format!("interventions: unknown or mistyped key {k:?}")),
                }
            }
        }
        if let Some(t) = &sc.seeding {
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("index_case", toml::Value::String(s)) => {
                        p.index_case = match s.as_str() {
                            "care_staff" => true,
                            "none" => false,
                            _ => {
                                return Err(format!(
                                    "seeding.index_case: unknown value {s:?} (care_staff, none)"
                                ));
                            }
                        }
                    }
                    ("community_infection_per_day", v) => {
                        let x = match v {
                            toml::Value::Float(x) => *x,
                            toml::Value::Integer(i) => *i as f64,
                            _ => {
                                return Err(
                                    "seeding.community_infection_per_day: expected a number".into(),
                                );
                            }
                        };
                        if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
                            return Err(format!(
                                "seeding.community_infection_per_day: {x} is not a probability in [0, 1]"
                            ));
                        }
                        p.community_infection_per_day = x;
                    }
                    _ => return Err(format!("seeding: unknown or mistyped key {k:?}")),
                }
            }
        }
        Ok(p)
    }
}

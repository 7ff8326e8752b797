//! Household scale: how many residents live together, and whether each household has the rooms
//! of the household model (its own kitchen, dining and living space; TrinityHaus 2022).

use super::Schedule;
use super::metric::{Better, M, Metric, ratio};
use crate::building::{Building, warnings::MAX_HOUSEHOLD_RESIDENTS};
use crate::plan::RoomUse;
use serde::Serialize;

/// One household's scale and household-model features.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HouseholdScale {
    pub id: String,
    pub residents: u32,
    pub has_kitchen: bool,
    pub has_dining: bool,
    pub has_living: bool,
    /// Residents per lounge/dining room of the household (`None` without such rooms).
    pub residents_per_day_room: Option<f64>,
}

impl HouseholdScale {
    /// The TrinityHaus household model: its own kitchen, dining and living space.
    pub fn is_household_model(&self) -> bool {
        self.has_kitchen && self.has_dining && self.has_living
    }
}

pub fn scales(b: &Building) -> Vec<HouseholdScale> {
    b.households
        .iter()
        .enumerate()
        .map(|(h, hh)| {
            let mine = || b.rooms.iter().filter(move |r| r.household == Some(h));
            let has = |u: RoomUse| mine().any(|r| r.room_use == u);
            let residents: u32 = mine().map(|r| r.beds).sum();
            let day_rooms = mine()
                .filter(|r| matches!(r.room_use, RoomUse::Lounge | RoomUse::Dining))
                .count();
            HouseholdScale {
                id: hh.id.clone(),
                residents,
                has_kitchen: has(RoomUse::Kitchen),
                has_dining: has(RoomUse::Dining),
                has_living: has(RoomUse::Lounge),
                residents_per_day_room: ratio(residents as f64, day_rooms as f64),
            }
        })
        .collect()
}

pub fn section(s: &Schedule, sc: &[HouseholdScale]) -> Vec<Metric> {
    let largest = sc.iter().map(|h| h.residents).max().map(f64::from);
    // Without households the whole home is one group of residents.
    let largest = largest.or(Some(s.residents as f64));
    let residents_in_small = sc
        .iter()
        .filter(|h| h.residents <= MAX_HOUSEHOLD_RESIDENTS)
        .map(|h| h.residents)
        .sum::<u32>();
    let in_model = sc
        .iter()
        .filter(|h| h.is_household_model())
        .map(|h| h.residents)
        .sum::<u32>();
    vec![
        M { key: "household.largest_residents", label: "Residents in the largest household", unit: "residents", better: Better::Lower, threshold: Some(MAX_HOUSEHOLD_RESIDENTS as f64), source: "Green House model, 10–12 residents (Zimmerman et al. 2021, JAMDA 22:489); Marquardt & Schmieg 2009", how: "Beds in the rooms of the largest household (the whole home when none are drawn)." }.of(largest),
        M { key: "household.small_household_share", label: "Residents in households of 12 or fewer", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "Green House model; TrinityHaus 2022", how: "Residents of households with at most 12 residents, over all residents." }.of(ratio(residents_in_small as f64, s.residents as f64)),
        M { key: "household.model_share", label: "Residents in households with their own kitchen, dining and living room", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "TrinityHaus 2022 (Trinity College Dublin): household model of care", how: "Residents of households that have at least one kitchen, one dining room and one lounge assigned to them, over all residents." }.of(ratio(in_model as f64, s.residents as f64)),
    ]
}

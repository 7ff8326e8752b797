//! The geometry schedule of a building.

use crate::building::Building;
use crate::plan::RoomUse;
use serde::Serialize;

/// Rooms of one use.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UseRow {
    pub room_use: RoomUse,
    pub rooms: u32,
    pub area_m2: f64,
}

/// One floor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FloorRow {
    pub id: String,
    pub rooms: u32,
    pub area_m2: f64,
    pub residents: u32,
}

/// One household.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HouseholdRow {
    pub id: String,
    pub name: Option<String>,
    pub residents: u32,
    pub bedrooms: u32,
    /// Communal rooms (lounge, dining, activity, garden room) assigned to this household, m².
    pub communal_area_m2: f64,
    /// `communal_area_m2 / residents`; `None` for a household without residents.
    pub communal_m2_per_resident: Option<f64>,
}

/// The geometry schedule. Every share and ratio is `None` where its denominator is zero.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Schedule {
    pub name: String,
    /// Residents = beds (one resident per bed).
    pub residents: u32,
    pub bedrooms: u32,
    /// Bedrooms with one bed.
    pub single_bedrooms: u32,
    /// Bedrooms with a door into an en-suite.
    pub bedrooms_with_ensuite: u32,
    /// Share of residents who have a bedroom to themselves.
    pub single_room_share: Option<f64>,
    /// Share of residents whose bedroom has an en-suite (shared with room-mates if the room is).
    pub ensuite_share: Option<f64>,
    /// Share of residents in a single room with its own en-suite (the Irish standard for new
    /// bedrooms: HIQA National Standards, 2016, and S.I. 293/2016).
    pub single_ensuite_share: Option<f64>,
    /// Rooms with a toilet that residents use: en-suites, bathrooms and WCs whose doors are not
    /// all staff-only or locked.
    pub resident_bathrooms: u32,
    /// Resident bathrooms and WCs that are not en-suites.
    pub shared_bathrooms: u32,
    /// Residents without an en-suite per shared bathroom/WC.
    pub residents_per_shared_bathroom: Option<f64>,
    /// Brown et al. 2021 (JAMA Intern Med 181:229) crowding index: residents / (½·bedrooms +
    /// ½·resident bathrooms). Homes at ≥ 2 had 9.7% COVID-19 incidence against 4.5% below.
    pub crowding_index: Option<f64>,
    /// Lounge, dining, activity and garden-room floor area, m².
    pub communal_area_m2: f64,
    /// `communal_area_m2 / residents`; England NMS 20.3 asks for at least 4.1 m² per resident.
    pub communal_m2_per_resident: Option<f64>,
    /// Sum of room areas, m².
    pub total_room_area_m2: f64,
    pub by_use: Vec<UseRow>,
    pub floors: Vec<FloorRow>,
    pub households: Vec<HouseholdRow>,
}

/// Sum starting at +0.0 (the standard `Sum` of an empty f64 iterator is -0.0, printed "-0.0").
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, x| a + x)
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// Measure the geometry schedule of `b`.
pub fn schedule(b: &Building) -> Schedule {
    let residents = b.residents();
    let mut bedrooms = 0;
    let mut single_bedrooms = 0;
    let mut bedrooms_with_ensuite = 0;
    let mut in_single = 0;
    let mut with_ensuite = 0;
    let mut single_ensuite = 0;
    let mut resident_bathrooms = 0;
    let mut shared_bathrooms = 0;
    for (i, r) in b.rooms.iter().enumerate() {
        match r.room_use {
            RoomUse::Bedroom => {
                bedrooms += 1;
                let has_ensuite = b.ensuites_of(i).next().is_some();
                if r.beds == 1 {
                    single_bedrooms += 1;
                    in_single += 1;
                }
                if has_ensuite {
                    bedrooms_with_ensuite += 1;
                    with_ensuite += r.beds;
                    if r.beds == 1 {
                        single_ensuite += 1;
                    }
                }
            }
            u if u.is_toilet() && !b.is_staff_only(i) => {
                resident_bathrooms += 1;
                if u != RoomUse::Ensuite {
                    shared_bathrooms += 1;
                }
            }
            _ => {}
        }
    }
    let communal = |pred: &dyn Fn(&crate::building::RoomGeom) -> bool| -> f64 {
        total(
            b.rooms
                .iter()
                .filter(|r| r.room_use.is_communal() && pred(r))
                .map(|r| r.area_m2),
        )
    };
    let communal_area_m2 = communal(&|_| true);
    let res = residents as f64;

    let mut by_use: Vec<UseRow> = Vec::new();
    for u in RoomUse::ALL {
        let rooms: Vec<_> = b.rooms.iter().filter(|r| r.room_use == u).collect();
        if !rooms.is_empty() {
            by_use.push(UseRow {
                room_use: u,
                rooms: rooms.len() as u32,
                area_m2: total(rooms.iter().map(|r| r.area_m2)),
            });
        }
    }
    let floors = b
        .floors
        .iter()
        .map(|f| FloorRow {
            id: f.id.clone(),
            rooms: f.rooms.len() as u32,
            area_m2: total(f.rooms.iter().map(|&i| b.rooms[i].area_m2)),
            residents: f.rooms.iter().map(|&i| b.rooms[i].beds).sum(),
        })
        .collect();
    let households = b
        .households
        .iter()
        .enumerate()
        .map(|(h, hh)| {
            let mine = b.rooms.iter().filter(|r| r.household == Some(h));
            let residents: u32 = mine.clone().map(|r| r.beds).sum();
            let communal_area_m2 = communal(&|r| r.household == Some(h));
            HouseholdRow {
                id: hh.id.clone(),
                name: hh.name.clone(),
                residents,
                bedrooms: mine.filter(|r| r.room_use == RoomUse::Bedroom).count() as u32,
                communal_area_m2,
                communal_m2_per_resident: ratio(communal_area_m2, residents as f64),
            }
        })
        .collect();

    Schedule {
        name: b.name.clone(),
        residents,
        bedrooms,
        single_bedrooms,
        bedrooms_with_ensuite,
        single_room_share: ratio(in_single as f64, res),
        ensuite_share: ratio(with_ensuite as f64, res),
        single_ensuite_share: ratio(single_ensuite as f64, res),
        resident_bathrooms,
        shared_bathrooms,
        residents_per_shared_bathroom: ratio(
            (residents - with_ensuite) as f64,
            shared_bathrooms as f64,
        ),
        crowding_index: ratio(res, 0.5 * bedrooms as f64 + 0.5 * resident_bathrooms as f64),
        communal_area_m2,
        communal_m2_per_resident: ratio(communal_area_m2, res),
        total_room_area_m2: total(b.rooms.iter().map(|r| r.area_m2)),
        by_use,
        floors,
        households,
    }
}

//! Space: communal area per resident, bedroom areas against national minimums, corridor widths,
//! door clear widths on resident routes.

use super::metric::{Better, M, Metric, ratio, total};
use super::{Schedule, Standard};
use crate::building::{Building, Side, warnings};
use crate::plan::{Construction, DoorKind, RoomUse};

/// England NMS for care homes for older people, standard 20.3: at least 4.1 m² of communal space
/// per resident (Department of Health 2003, Care Standards Act 2000).
pub const COMMUNAL_M2_PER_RESIDENT: f64 = 4.1;
/// Ireland, S.I. No. 293 of 2016 (Care and Welfare of Residents in Designated Centres for Older
/// People, Amendment), Schedule 6: at least 7.4 m² of bedroom floor space per resident, including
/// the space of the bed, a chair and personal storage.
pub const IRELAND_BEDROOM_M2_PER_RESIDENT: f64 = 7.4;
/// Corridor clear width that lets two wheelchair users pass, metres (BS 8300-2:2018, 1800 mm).
pub const CORRIDOR_PASSING_WIDTH_M: f64 = 1.8;

/// The width of a corridor of uniform width w and centre-line length l, from its area A = w·l and
/// perimeter P ≈ 2(l + w): w = (P − √(P² − 16A)) / 4. Exact for a rectangle, close for L- and
/// T-shaped corridors of one width; `None` if the room is too compact to be a corridor.
pub fn corridor_width_m(area_m2: f64, perimeter_m: f64) -> Option<f64> {
    let disc = perimeter_m * perimeter_m - 16.0 * area_m2;
    (disc >= 0.0).then(|| (perimeter_m - disc.sqrt()) / 4.0)
}

/// Does a bedroom meet the chosen standard?
pub fn bedroom_meets(b: &Building, room: usize, standard: Standard) -> bool {
    let r = &b.rooms[room];
    match standard {
        Standard::England => {
            let min = match (r.beds, b.construction) {
                (1, Construction::NewBuild) => warnings::MIN_SINGLE_NEW_M2,
                (1, Construction::Existing) => warnings::MIN_SINGLE_EXISTING_M2,
                _ => warnings::MIN_SHARED_M2,
            };
            r.area_m2 >= min
        }
        Standard::Ireland => r.area_m2 >= IRELAND_BEDROOM_M2_PER_RESIDENT * r.beds as f64,
    }
}

/// Doors on resident routes: neither side a staff-only space, not staff-only or locked.
pub fn on_resident_route(b: &Building, door: usize) -> bool {
    let d = &b.doors[door];
    !matches!(d.kind, DoorKind::StaffOnly | DoorKind::Locked)
        && d.sides.iter().all(|s| match s {
            Side::Room(i) => b.rooms[*i].room_use.is_resident_space(),
            _ => true,
        })
}

pub fn section(b: &Building, s: &Schedule, standard: Standard) -> Vec<Metric> {
    let bedrooms: Vec<usize> = (0..b.rooms.len())
        .filter(|&i| b.rooms[i].room_use == RoomUse::Bedroom)
        .collect();
    let meeting: u32 = bedrooms
        .iter()
        .filter(|&&i| bedroom_meets(b, i, standard))
        .map(|&i| b.rooms[i].beds)
        .sum();
    let short_bedrooms: Vec<String> = bedrooms
        .iter()
        .filter(|&&i| !bedroom_meets(b, i, standard))
        .map(|&i| b.rooms[i].id.clone())
        .collect();
    let corridor_widths: Vec<(String, f64)> = b
        .rooms
        .iter()
        .filter(|r| r.room_use == RoomUse::Corridor)
        .filter_map(|r| {
            let n = r.polygon.len();
            let perim = total((0..n).map(|i| (r.polygon[(i + 1) % n] - r.polygon[i]).norm()));
            corridor_width_m(r.area_m2, perim).map(|w| (r.id.clone(), w))
        })
        .collect();
    let corridors: Vec<f64> = corridor_widths.iter().map(|c| c.1).collect();
    let narrow_corridors: Vec<String> = corridor_widths
        .iter()
        .filter(|c| {
            c.1 < CORRIDOR_PASSING_WIDTH_M
                - super::metric::PASS_TOLERANCE * CORRIDOR_PASSING_WIDTH_M
        })
        .map(|c| c.0.clone())
        .collect();
    let narrow_doors: Vec<String> = (0..b.doors.len())
        .filter(|&d| on_resident_route(b, d) && b.doors[d].width_m < warnings::MIN_DOOR_CLEAR_M)
        .map(|d| b.doors[d].id.clone())
        .collect();
    let route_doors: Vec<f64> = (0..b.doors.len())
        .filter(|&d| on_resident_route(b, d))
        .map(|d| b.doors[d].width_m)
        .collect();
    let (std_name, std_source) = match standard {
        Standard::England => (
            "England NMS 23",
            "Care Standards Act 2000, National Minimum Standards for care homes for older people (England), standard 23: 12 m² single (new build), 10 m² (existing), 16 m² shared",
        ),
        Standard::Ireland => (
            "Ireland S.I. 293/2016",
            "S.I. No. 293 of 2016 (Ireland), Schedule 6: 7.4 m² of bedroom floor space per resident",
        ),
    };
    let _ = std_name;
    vec![
        M { key: "space.communal_m2_per_resident", label: "Communal space per resident", unit: "m2/resident", better: Better::Higher, threshold: Some(COMMUNAL_M2_PER_RESIDENT), source: "England NMS standard 20.3: 4.1 m² per resident", how: "Floor area of lounges, dining and activity rooms and garden rooms, divided by residents (beds)." }
            .of(s.communal_m2_per_resident),
        M { key: "space.bedroom_standard_share", label: "Residents in bedrooms meeting the area standard", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: std_source, how: "Residents whose bedroom floor area (en-suite excluded) meets the chosen national minimum, over all residents; choose the standard with --standard." }
            .of(ratio(meeting as f64, s.residents as f64)).failing(short_bedrooms),
        M { key: "space.narrowest_corridor_m", label: "Narrowest corridor", unit: "m", better: Better::Higher, threshold: Some(CORRIDOR_PASSING_WIDTH_M), source: "BS 8300-2:2018: 1800 mm lets two wheelchair users pass", how: "Each corridor's width from its area A and perimeter P, w = (P − √(P² − 16A))/4 (exact for a rectangle); the smallest." }
            .of(corridors.iter().copied().reduce(f64::min)).failing(narrow_corridors),
        M { key: "space.resident_doors_wide_share", label: "Resident-route doors at least 0.8 m clear", unit: "fraction", better: Better::Higher, threshold: Some(1.0), source: "Approved Document M vol. 2 table 2.1; BS 8300-2:2018: 800 mm effective clear width", how: "Doors between spaces residents use (not staff-only or locked) whose clear width is at least 0.8 m, over all such doors." }
            .of(ratio(route_doors.iter().filter(|&&w| w >= warnings::MIN_DOOR_CLEAR_M).count() as f64, route_doors.len() as f64)).failing(narrow_doors),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corridor_width_of_a_rectangle_and_an_l() {
        // 30 m x 1.8 m: A = 54, P = 63.6.
        assert!((corridor_width_m(54.0, 63.6).unwrap() - 1.8).abs() < 1e-12);
        // L of two 1.5 m wide arms, 10 m and 6 m along their outer edges: A = 1.5*10 + 1.5*4.5,
        // P = 10 + 6 + 1.5 + 1.5 + 8.5 + 4.5 = 32. Width by formula within 2 cm of 1.5 m.
        let w = corridor_width_m(1.5 * 10.0 + 1.5 * 4.5, 32.0).unwrap();
        assert!((w - 1.5).abs() < 0.02, "{w}");
        // A square room is not a corridor of any width: 4x4, P = 16, A = 16 -> w = 4 (degenerate
        // but defined).
        assert!((corridor_width_m(16.0, 16.0).unwrap() - 4.0).abs() < 1e-12);
    }
}

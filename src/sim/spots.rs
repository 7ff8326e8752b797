//! Places derived from geometry where people stay. Plans draw no furniture, so furniture is placed
//! by documented rules:
//!
//! - **beds**: [`Building::bed_spots`]; the **bedside** (where a carer stands for personal care, a
//!   nurse for medication, a visitor sits) is [`BEDSIDE_M`] from the bed centre toward the room.
//! - **dining seats**: square tables for four on a grid [`TABLE_PITCH_M`] apart, table centres at
//!   least [`TABLE_CLEARANCE_M`] from the walls; seats [`SEAT_OFFSET_M`] from the table centre on
//!   each side (opposite diners 1.2 m apart, neighbours 0.85 m: a 0.9 m care-home dining table).
//! - **chairs** (lounges, activity and visiting rooms, garden rooms): points along the walls,
//!   0.5–1.3 m from them, at least [`CHAIR_PITCH_M`] apart (lounge chairs around the walls are the
//!   common care-home arrangement).
//! - **standing points** in every room: a grid, at least 0.4 m from walls, 1 m apart.
//! - **garden points**: a 1.5 m grid in an outdoor area, within 12 m of a door into it.

use super::{Loc, Zone};
use crate::building::{Building, Side};
use crate::geom::{self, P2, Segment};
use crate::plan::RoomUse;

/// Bed centre to bedside, metres (half a 0.9 m bed plus a 0.25 m stance).
pub const BEDSIDE_M: f64 = 0.7;
/// Dining-table pitch, metres (0.9 m table, chairs, and a 1 m aisle for wheelchairs).
pub const TABLE_PITCH_M: f64 = 2.6;
/// Table centre to any wall, metres.
pub const TABLE_CLEARANCE_M: f64 = 1.1;
/// Table centre to a seat, metres.
pub const SEAT_OFFSET_M: f64 = 0.6;
/// Minimum distance between lounge chairs, metres.
pub const CHAIR_PITCH_M: f64 = 1.1;

/// The spots of a building, by zone.
#[derive(Clone, Debug)]
pub struct Spots {
    /// Per zone: seats (dining seats, chairs; empty where there is no furniture rule).
    pub seats: Vec<Vec<P2>>,
    /// Per zone: standing points (never empty for a room with area; falls back to the centroid).
    pub stand: Vec<Vec<P2>>,
    /// Per zone: beds (bedrooms only).
    pub beds: Vec<Vec<P2>>,
    /// Per zone: floor.
    pub floor: Vec<usize>,
}

fn outline_distance(poly: &[P2], p: P2) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| Segment::new(poly[i], poly[(i + 1) % n]).distance_to(p).0)
        .fold(f64::INFINITY, f64::min)
}

/// Grid points of a polygon at `pitch`, whose distance to the outline is in `[lo, hi]`, kept at
/// least `min_gap` apart, in a stable order (y, then x).
fn grid(poly: &[P2], pitch: f64, lo: f64, hi: f64, min_gap: f64) -> Vec<P2> {
    let (a, b) = geom::bbox(poly);
    let nx = ((b[0] - a[0]) / pitch).floor() as usize;
    let ny = ((b[1] - a[1]) / pitch).floor() as usize;
    // Centre the grid in the bounding box.
    let ox = a[0] + 0.5 * ((b[0] - a[0]) - nx as f64 * pitch);
    let oy = a[1] + 0.5 * ((b[1] - a[1]) - ny as f64 * pitch);
    let mut out: Vec<P2> = Vec::new();
    for j in 0..=ny {
        for i in 0..=nx {
            let p = P2::new(ox + i as f64 * pitch, oy + j as f64 * pitch);
            if !geom::contains(poly, p) {
                continue;
            }
            let d = outline_distance(poly, p);
            if d < lo || d > hi {
                continue;
            }
            if out.iter().all(|q| (p - q).norm() >= min_gap) {
                out.push(p);
            }
        }
    }
    out
}

impl Spots {
    pub fn new(b: &Building) -> Self {
        let nz = super::zone_count(b);
        let mut seats = vec![Vec::new(); nz];
        let mut stand = vec![Vec::new(); nz];
        let mut beds = vec![Vec::new(); nz];
        let mut floor = vec![0; nz];
        for (i, r) in b.rooms.iter().enumerate() {
            floor[i] = r.floor;
            let poly = &r.polygon;
            let mut st = grid(poly, 1.0, 0.4, f64::INFINITY, 0.9);
            if st.is_empty() {
                st = grid(poly, 0.25, 0.2, f64::INFINITY, 0.5);
            }
            if st.is_empty() {
                st.push(r.centroid);
            }
            stand[i] = st;
            match r.room_use {
                RoomUse::Bedroom => beds[i] = b.bed_spots(i),
                RoomUse::Dining => {
                    let mut tables =
                        grid(poly, TABLE_PITCH_M, TABLE_CLEARANCE_M, f64::INFINITY, 2.0);
                    if tables.is_empty() {
                        tables = grid(poly, 0.5, 0.9, f64::INFINITY, 2.0);
                    }
                    let mut s = Vec::new();
                    for t in tables {
                        for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                            let p = P2::new(t.x + dx * SEAT_OFFSET_M, t.y + dy * SEAT_OFFSET_M);
                            if geom::contains(poly, p) {
                                s.push(p);
                            }
                        }
                    }
                    seats[i] = s;
                }
                RoomUse::Lounge | RoomUse::Activity | RoomUse::Visiting | RoomUse::GardenRoom => {
                    seats[i] = grid(poly, 0.25, 0.5, 1.3, CHAIR_PITCH_M);
                }
                _ => {}
            }
            if seats[i].is_empty()
                && matches!(
                    r.room_use,
                    RoomUse::Dining
                        | RoomUse::Lounge
                        | RoomUse::Activity
                        | RoomUse::Visiting
                        | RoomUse::GardenRoom
                )
            {
                seats[i] = stand[i].clone();
            }
        }
        for (k, o) in b.outdoor.iter().enumerate() {
            let z = b.rooms.len() + k;
            floor[z] = o.floor;
            let doors: Vec<P2> = b
                .doors
                .iter()
                .filter(|d| d.sides.contains(&Side::Outdoor(k)))
                .map(|d| d.centre)
                .collect();
            let pts: Vec<P2> = grid(&o.polygon, 1.5, 0.5, f64::INFINITY, 1.4)
                .into_iter()
                .filter(|p| {
                    doors
                        .iter()
                        .any(|d| (p - d).norm() <= 12.0 && (p - d).norm() >= 1.5)
                })
                .collect();
            seats[z] = pts.clone();
            stand[z] = if pts.is_empty() {
                grid(&o.polygon, 1.5, 0.5, f64::INFINITY, 1.4)
            } else {
                pts
            };
        }
        Spots {
            seats,
            stand,
            beds,
            floor,
        }
    }

    /// A location in zone `z` at point `p`.
    pub fn loc(&self, z: Zone, p: P2) -> Loc {
        Loc {
            zone: z,
            floor: self.floor[z],
            p,
        }
    }

    /// The `k`-th seat of a zone (wrapping; repeated seats are moved 0.5 m aside so that no two
    /// people share a point). Falls back to standing points when the zone has no seats.
    pub fn seat(&self, z: Zone, k: usize) -> P2 {
        let s = if self.seats[z].is_empty() {
            &self.stand[z]
        } else {
            &self.seats[z]
        };
        let base = s[k % s.len()];
        let lap = k / s.len();
        if lap == 0 {
            base
        } else {
            let a = lap as f64 * 2.4;
            P2::new(base.x + 0.5 * a.cos(), base.y + 0.5 * a.sin())
        }
    }

    /// The `k`-th standing point of a zone (wrapping).
    pub fn standing(&self, z: Zone, k: usize) -> P2 {
        let s = &self.stand[z];
        s[k % s.len()]
    }

    /// Where someone attending a person at `p` in zone `z` stands: [`BEDSIDE_M`] from `p` toward
    /// the zone's nearest standing point other than `p` itself (so inside the room), or `p`.
    pub fn beside(&self, b: &Building, z: Zone, p: P2) -> P2 {
        let poly: &[P2] = if z < b.rooms.len() {
            &b.rooms[z].polygon
        } else {
            &b.outdoor[z - b.rooms.len()].polygon
        };
        let dirs = [
            (1.0, 0.0),
            (0.0, 1.0),
            (-1.0, 0.0),
            (0.0, -1.0),
            (0.7, 0.7),
            (-0.7, 0.7),
            (0.7, -0.7),
            (-0.7, -0.7),
        ];
        let mut best = None;
        for (dx, dy) in dirs {
            let q = P2::new(p.x + dx * BEDSIDE_M, p.y + dy * BEDSIDE_M);
            if geom::contains(poly, q) {
                let d = outline_distance(poly, q);
                if best.is_none_or(|(bd, _)| d > bd + 1e-9) {
                    best = Some((d, q));
                }
            }
        }
        best.map(|(_, q)| q).unwrap_or(p)
    }
}

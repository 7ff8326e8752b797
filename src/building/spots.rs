//! Places derived from geometry where people are: beds, and the approach to a door.
//!
//! Plans do not draw furniture, so beds are placed by a documented rule: bed centres are grid
//! points at least [`BED_CLEARANCE_M`] from every wall, in the most open part of the room (the
//! largest clearance from the walls, to the nearest 0.1 m; ties go to the point farthest from the
//! entrance door), at least [`BED_SPACING_M`] apart. This is what the assessment uses for "toilet
//! visible from the bed" and what the simulation will use as a resident's resting place.

use super::{Building, Side};
use crate::geom::{self, P2, Segment};
use crate::plan::RoomUse;

/// Bed centre to any wall, metres: half a 0.9 m bed plus a 0.25 m gap, so a bed fits beside a wall
/// with a little room. Reduced to half of this in rooms too small for it.
pub const BED_CLEARANCE_M: f64 = 0.7;
/// Minimum distance between bed centres in a shared room, metres (0.9 m beds with a 0.7 m gap).
pub const BED_SPACING_M: f64 = 1.6;
/// Grid used to search for spots, metres.
const SPOT_GRID_M: f64 = 0.25;

impl Building {
    /// Distance from `p` to the nearest edge of room `room`'s outline, metres.
    pub fn distance_to_outline(&self, room: usize, p: P2) -> f64 {
        let poly = &self.rooms[room].polygon;
        let n = poly.len();
        (0..n)
            .map(|i| Segment::new(poly[i], poly[(i + 1) % n]).distance_to(p).0)
            .fold(f64::INFINITY, f64::min)
    }

    /// The door a room is entered by: for a bedroom, its door to anything but an en-suite; for
    /// other rooms, the first door. `None` for a room without doors.
    pub fn entrance_door(&self, room: usize) -> Option<usize> {
        let doors = &self.rooms[room].doors;
        doors
            .iter()
            .copied()
            .find(|&d| match self.doors[d].other_side(Side::Room(room)) {
                Some(Side::Room(j)) => self.rooms[j].room_use != RoomUse::Ensuite,
                _ => true,
            })
            .or_else(|| doors.first().copied())
    }

    /// A point `offset_m` from door `door`'s centre, on the side of room `room`.
    pub fn door_approach(&self, door: usize, room: usize, offset_m: f64) -> P2 {
        let d = &self.doors[door];
        let v = d.span.vector().normalize();
        let n = nalgebra::Vector2::new(-v.y, v.x);
        // Measured from the face of the wall (a door in a thick wall is centred mid-wall).
        let offset_m = offset_m + d.depth_m / 2.0;
        let a = d.centre + n * offset_m;
        let floor = self.rooms[room].floor;
        if self.room_at(floor, a) == Some(room) {
            a
        } else {
            d.centre - n * offset_m
        }
    }

    /// Bed centres of a bedroom, one per bed (fewer only if the room is too small to place them
    /// apart; then the remaining beds share the last spot). Empty for rooms without beds.
    pub fn bed_spots(&self, room: usize) -> Vec<P2> {
        let r = &self.rooms[room];
        if r.beds == 0 {
            return Vec::new();
        }
        let door = self
            .entrance_door(room)
            .map(|d| self.doors[d].centre)
            .unwrap_or(r.centroid);
        let (lo, hi) = geom::bbox(&r.polygon);
        let mut found = Vec::new();
        for clearance in [BED_CLEARANCE_M, BED_CLEARANCE_M / 2.0] {
            let mut cands: Vec<(f64, f64, P2)> = Vec::new();
            let nx = ((hi[0] - lo[0]) / SPOT_GRID_M) as usize;
            let ny = ((hi[1] - lo[1]) / SPOT_GRID_M) as usize;
            for j in 0..=ny {
                for i in 0..=nx {
                    let p = P2::new(
                        lo[0] + i as f64 * SPOT_GRID_M,
                        lo[1] + j as f64 * SPOT_GRID_M,
                    );
                    let open_m = self.distance_to_outline(room, p);
                    if geom::contains(&r.polygon, p) && open_m >= clearance {
                        cands.push(((open_m * 10.0).floor(), (p - door).norm(), p));
                    }
                }
            }
            // Most open first, then farthest from the door; then by position so the choice is stable.
            cands.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then(b.1.total_cmp(&a.1))
                    .then(a.2.x.total_cmp(&b.2.x))
                    .then(a.2.y.total_cmp(&b.2.y))
            });
            found.clear();
            for (_, _, p) in cands {
                if found.len() == r.beds as usize {
                    break;
                }
                if found.iter().all(|q: &P2| (p - q).norm() >= BED_SPACING_M) {
                    found.push(p);
                }
            }
            if found.len() == r.beds as usize {
                break;
            }
        }
        if found.is_empty() {
            found.push(r.centroid);
        }
        while found.len() < r.beds as usize {
            let last = *found.last().expect("non-empty");
            found.push(last);
        }
        found
    }
}

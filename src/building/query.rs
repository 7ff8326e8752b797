//! Spatial queries on a [`Building`], answered from its `rstar` indices.

use super::{Building, Wall};
use crate::geom::{self, P2, Segment, segments_cross};
use rstar::AABB;

impl Building {
    /// The room containing `p` on floor `floor`, if any.
    pub fn room_at(&self, floor: usize, p: P2) -> Option<usize> {
        self.floors[floor]
            .room_tree
            .locate_all_at_point(&[p.x, p.y])
            .map(|c| c.data)
            .find(|&i| geom::contains(&self.rooms[i].polygon, p))
    }

    /// Rooms on `floor` whose bounding boxes intersect the envelope `[lo, hi]`.
    pub fn rooms_in_envelope(
        &self,
        floor: usize,
        lo: [f64; 2],
        hi: [f64; 2],
    ) -> impl Iterator<Item = usize> + '_ {
        self.floors[floor]
            .room_tree
            .locate_in_envelope_intersecting(&AABB::from_corners(lo, hi))
            .map(|c| c.data)
    }

    /// Solid walls on `floor` that the segment `a`–`b` touches or crosses.
    pub fn walls_crossing(&self, floor: usize, a: P2, b: P2) -> impl Iterator<Item = usize> + '_ {
        let seg = Segment::new(a, b);
        let (lo, hi) = geom::bbox(&[a, b]);
        self.floors[floor]
            .wall_tree
            .locate_in_envelope_intersecting(&AABB::from_corners(lo, hi))
            .filter(move |c| segments_cross(&seg, &self.walls[c.data].segment))
            .map(|c| c.data)
    }

    /// Is there a clear line of sight from `a` to `b` on `floor`, inside the building? No solid
    /// wall may lie in between; openings of doors between rooms are clear. Sight lines stay
    /// indoors: one that leaves through a door to the outside or an outdoor area (and would come
    /// back in across a courtyard) is not a line of sight. Windows are not clear either (people do
    /// not walk or talk through them).
    pub fn line_of_sight(&self, floor: usize, a: P2, b: P2) -> bool {
        let seg = Segment::new(a, b);
        self.walls_crossing(floor, a, b).next().is_none()
            && !self.doors.iter().any(|d| {
                d.floor == floor
                    && d.sides.iter().any(|s| !matches!(s, super::Side::Room(_)))
                    && segments_cross(&seg, &d.span)
            })
    }

    /// The wall nearest to `p` on `floor`, with its distance in metres.
    pub fn nearest_wall(&self, floor: usize, p: P2) -> Option<(usize, f64)> {
        let c = self.floors[floor].wall_tree.nearest_neighbor(&[p.x, p.y])?;
        let w: &Wall = &self.walls[c.data];
        Some((c.data, w.segment.distance_to(p).0))
    }
}

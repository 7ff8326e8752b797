//! The resolved building: rooms, walls, openings and floors as geometry, indexed with `rstar`.
//!
//! A [`Building`] is made by [`resolve`] from a [`Plan`](crate::plan::Plan). Walls are derived from
//! room edges: the part of an edge shared with another room on the floor is an internal wall
//! between the two; the rest is external (to an outdoor area where it runs along one, else to the
//! outside). An edge facing another room's edge across a gap no wider than the plan's largest
//! wall thickness is an internal wall of that thickness ([`thick`]). Door openings are cut out of
//! the walls, so a sight line or path may pass through a door but never through a wall.
//!
//! ```
//! use carehome::{geom::P2, plan};
//! let src = std::fs::read_to_string("tests/fixtures/good/minimal.json").unwrap();
//! let plan = plan::from_json_str(&src).unwrap();
//! let checked = carehome::building::resolve(&plan);
//! let b = checked.building.expect("valid plan");
//! let first = &b.rooms[0];
//! assert_eq!(b.room_at(first.floor, first.centroid), Some(0));
//! ```

mod graph;
mod openings;
mod query;
mod resolve;
mod spots;
pub mod thick;
pub mod warnings;

pub use graph::{DoorGraph, Link, Node, Via};
pub use resolve::{resolve, resolve_salvaged};

use crate::diag::Diagnostic;
use crate::geom::{P2, Segment, V2};
use crate::plan::{
    Construction, DoorKind, Household, OutdoorUse, Outlook, Reflectance, RoomUse, Ventilation,
    VerticalKind,
};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line, Rectangle};
use std::collections::HashMap;

/// The result of checking a plan: every diagnostic, and the building when there are no errors.
#[derive(Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub building: Option<Building>,
}

impl Checked {
    pub fn is_valid(&self) -> bool {
        self.building.is_some()
    }
}

/// One side of a door or wall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Room(usize),
    Outdoor(usize),
    /// Outside the building, not in a drawn outdoor area.
    Outside,
}

/// A storey, with its spatial indices.
#[derive(Debug)]
pub struct FloorGeom {
    pub id: String,
    pub name: Option<String>,
    pub elevation_m: f64,
    pub height_m: f64,
    /// Indices into [`Building::rooms`] of the rooms on this floor.
    pub rooms: Vec<usize>,
    pub(crate) room_tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    pub(crate) wall_tree: RTree<GeomWithData<Line<[f64; 2]>, usize>>,
}

/// A room as resolved geometry.
#[derive(Clone, Debug)]
pub struct RoomGeom {
    pub id: String,
    pub name: Option<String>,
    pub room_use: RoomUse,
    /// Index into [`Building::floors`].
    pub floor: usize,
    /// Outline, counter-clockwise, metres.
    pub polygon: Vec<P2>,
    pub area_m2: f64,
    pub centroid: P2,
    /// Beds (0 for rooms other than bedrooms).
    pub beds: u32,
    /// Index into [`Building::households`].
    pub household: Option<usize>,
    pub ceiling_height_m: f64,
    pub ventilation: Ventilation,
    pub reflectance: Reflectance,
    /// Indices into [`Building::doors`] of the doors of this room.
    pub doors: Vec<usize>,
    /// Indices into [`Building::windows`] of the windows of this room.
    pub windows: Vec<usize>,
}

impl RoomGeom {
    /// Room volume, m³.
    pub fn volume_m3(&self) -> f64 {
        self.area_m2 * self.ceiling_height_m
    }
}

/// A door, snapped onto the wall it sits in.
#[derive(Clone, Debug)]
pub struct DoorGeom {
    pub id: String,
    pub kind: DoorKind,
    pub sides: [Side; 2],
    pub floor: usize,
    /// Centre of the opening (snapped onto the wall).
    pub centre: P2,
    /// The opening, jamb to jamb; in a wall with thickness, on the middle line of the wall.
    pub span: Segment,
    pub width_m: f64,
    /// Depth of the opening, metres: the thickness of its wall (0 in a wall drawn as a line).
    pub depth_m: f64,
}

impl DoorGeom {
    /// The side that is not `from`, if `from` is one of the door's sides.
    pub fn other_side(&self, from: Side) -> Option<Side> {
        if self.sides[0] == from {
            Some(self.sides[1])
        } else if self.sides[1] == from {
            Some(self.sides[0])
        } else {
            None
        }
    }
}

/// A window, snapped onto an external wall of its room.
#[derive(Clone, Debug)]
pub struct WindowGeom {
    pub id: String,
    pub room: usize,
    pub floor: usize,
    pub span: Segment,
    /// Unit normal pointing out of the room.
    pub outward: V2,
    pub width_m: f64,
    pub height_m: f64,
    pub sill_m: f64,
    pub transmittance: f64,
    pub obstruction_deg: f64,
    pub outlook: Outlook,
    /// What is outside it.
    pub faces: Side,
}

/// A solid piece of wall (door openings are cut out; windows are not).
#[derive(Clone, Debug)]
pub struct Wall {
    pub floor: usize,
    pub segment: Segment,
    /// The room on one side.
    pub room: usize,
    /// What is on the other side.
    pub other: Side,
    /// Thickness of the wall this face belongs to, metres: 0 for a wall drawn as a line (shared
    /// edge, or external); else the gap to the room or outdoor area across it. A wall with
    /// thickness has one face per room, and each door through it two jambs joining the faces.
    pub thickness_m: f64,
}

impl Wall {
    pub fn is_external(&self) -> bool {
        !matches!(self.other, Side::Room(_))
    }
}

/// An outdoor area.
#[derive(Clone, Debug)]
pub struct OutdoorGeom {
    pub id: String,
    pub name: Option<String>,
    pub outdoor_use: OutdoorUse,
    pub floor: usize,
    pub polygon: Vec<P2>,
    pub area_m2: f64,
}

/// A stair or lift joining two rooms on different floors.
#[derive(Clone, Debug)]
pub struct VerticalGeom {
    pub id: String,
    pub kind: VerticalKind,
    pub rooms: [usize; 2],
    pub travel_time_s: Option<f64>,
    pub capacity_persons: Option<u32>,
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Floor(usize),
    Room(usize),
    Door(usize),
    Window(usize),
    Outdoor(usize),
    Household(usize),
    Vertical(usize),
}

/// A validated, resolved building.
#[derive(Debug)]
pub struct Building {
    pub name: String,
    pub construction: Construction,
    pub north_deg: f64,
    pub floors: Vec<FloorGeom>,
    pub rooms: Vec<RoomGeom>,
    pub doors: Vec<DoorGeom>,
    pub windows: Vec<WindowGeom>,
    pub walls: Vec<Wall>,
    pub outdoor: Vec<OutdoorGeom>,
    pub households: Vec<Household>,
    pub vertical: Vec<VerticalGeom>,
    pub graph: DoorGraph,
    by_id: HashMap<String, Element>,
}

impl Building {
    /// Look an element up by its id.
    pub fn element(&self, id: &str) -> Option<Element> {
        self.by_id.get(id).copied()
    }

    /// Index of the room with this id.
    pub fn room_index(&self, id: &str) -> Option<usize> {
        match self.element(id)? {
            Element::Room(i) => Some(i),
            _ => None,
        }
    }

    /// Residents (beds) in the whole home.
    pub fn residents(&self) -> u32 {
        self.rooms.iter().map(|r| r.beds).sum()
    }

    /// The rooms on the other side of this room's doors (rooms only, not outdoor areas).
    pub fn adjacent_rooms(&self, room: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.rooms[room].doors.iter().filter_map(move |&d| {
            match self.doors[d].other_side(Side::Room(room))? {
                Side::Room(j) => Some((d, j)),
                _ => None,
            }
        })
    }

    /// True if every door of the room is staff-only or locked (residents do not use it).
    pub fn is_staff_only(&self, room: usize) -> bool {
        let doors = &self.rooms[room].doors;
        !doors.is_empty()
            && doors
                .iter()
                .all(|&d| matches!(self.doors[d].kind, DoorKind::StaffOnly | DoorKind::Locked))
    }

    /// The en-suite rooms opening off a bedroom.
    pub fn ensuites_of(&self, bedroom: usize) -> impl Iterator<Item = usize> + '_ {
        self.adjacent_rooms(bedroom)
            .filter(|&(_, j)| self.rooms[j].room_use == RoomUse::Ensuite)
            .map(|(_, j)| j)
    }
}

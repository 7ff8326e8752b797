//! The serde types of the plan format `carehome-plan/1` (JSON, metres).
//!
//! The doc comments here become the descriptions of the JSON Schema (`carehome schema plan`), so
//! they are written for the people who write plan files. Walls are not drawn: they are the room
//! edges (an edge shared by two rooms, or facing another room's edge across a gap no wider than
//! `max_wall_thickness_m`, is an internal wall; an edge facing no room is external).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag every plan file carries.
pub const PLAN_SCHEMA: &str = "carehome-plan/1";

/// A point `[x, y]` in metres.
pub type Xy = [f64; 2];

/// A care-home plan: floors of rooms, doors and windows, plus households, outdoor areas and the
/// stairs and lifts that join floors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Format tag; must be `"carehome-plan/1"`.
    pub schema: String,
    /// Human-readable name of the home or layout.
    #[serde(default)]
    pub name: String,
    /// What the plan represents (typology, sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New build or existing building: selects which regulatory minimums warnings use.
    #[serde(default)]
    pub construction: Construction,
    /// Direction of north, degrees clockwise from the plan's +y axis.
    #[serde(default)]
    #[schemars(range(min = -360.0, max = 360.0))]
    pub north_deg: f64,
    /// Where the home is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    /// Households (care zones of residents who live together).
    #[serde(default)]
    pub households: Vec<Household>,
    /// Outdoor areas: gardens, courtyards, terraces, the street.
    #[serde(default)]
    pub outdoor: Vec<OutdoorArea>,
    /// The floors, each with its rooms, doors and windows.
    pub floors: Vec<Floor>,
    /// Stairs and lifts joining rooms on two floors.
    #[serde(default)]
    pub vertical: Vec<VerticalLink>,
    /// Largest gap between two rooms' outlines that is read as the wall between them, metres
    /// (default 0.6; 0 to 1.5). Rooms may be drawn at the inner faces of their walls: two rooms
    /// whose edges are parallel, overlap and lie at most this far apart are neighbours, and the
    /// wall between them is as thick as the gap. Set 0 for a plan drawn to wall centrelines only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wall_thickness_m: Option<f64>,
}

/// Whether the building is a new build or existing; England's National Minimum Standards (Care
/// Standards Act 2000, standard 23) set 12 m² for new single rooms and 10 m² for existing ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Construction {
    #[default]
    NewBuild,
    Existing,
}

/// Location of the home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Latitude, degrees north.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -90.0, max = 90.0))]
    pub latitude_deg: Option<f64>,
    /// Longitude, degrees east.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -180.0, max = 180.0))]
    pub longitude_deg: Option<f64>,
}

/// A household: a group of residents who live, eat and spend the day together, with their own
/// staff where the home cohorts them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Unique id in the plan.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What an outdoor area is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutdoorUse {
    Garden,
    Courtyard,
    Terrace,
    Street,
    Parking,
}

/// An outdoor area, drawn as a polygon on the ground floor (or on `floor`, for a roof terrace).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutdoorArea {
    /// Unique id in the plan; doors name it in `rooms`.
    pub id: String,
    #[serde(rename = "use")]
    pub outdoor_use: OutdoorUse,
    /// Outline, metres; simple, either orientation, no repeated closing point.
    pub polygon: Vec<Xy>,
    /// The floor it is level with; default: the lowest floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A storey of the building.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    /// Unique id in the plan, e.g. `"G"`, `"1"`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Finished floor level above ground, metres.
    #[serde(default)]
    #[schemars(range(min = -1000.0, max = 1000.0))]
    pub elevation_m: f64,
    /// Default ceiling height of its rooms, metres.
    #[serde(default = "default_height_m")]
    #[schemars(range(min = super::validate::MIN_HEIGHT_M, max = super::validate::MAX_HEIGHT_M))]
    pub height_m: f64,
    #[serde(default)]
    pub rooms: Vec<Room>,
    #[serde(default)]
    pub doors: Vec<Door>,
    #[serde(default)]
    pub windows: Vec<Window>,
}

/// Default ceiling height, metres: a common UK residential ceiling height.
pub fn default_height_m() -> f64 {
    2.7
}

/// What a room is used for. Determines who goes there, whether it is private (never a
/// through-route), communal, or a toilet.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RoomUse {
    Bedroom,
    Ensuite,
    Bathroom,
    Wc,
    Lounge,
    Dining,
    Kitchen,
    Activity,
    Corridor,
    Entrance,
    Visiting,
    NurseStation,
    Staff,
    Office,
    Sluice,
    Laundry,
    Store,
    Clinic,
    Plant,
    Lift,
    Stair,
    GardenRoom,
    Other,
}

impl RoomUse {
    /// All uses, in declaration order.
    pub const ALL: [RoomUse; 23] = [
        RoomUse::Bedroom,
        RoomUse::Ensuite,
        RoomUse::Bathroom,
        RoomUse::Wc,
        RoomUse::Lounge,
        RoomUse::Dining,
        RoomUse::Kitchen,
        RoomUse::Activity,
        RoomUse::Corridor,
        RoomUse::Entrance,
        RoomUse::Visiting,
        RoomUse::NurseStation,
        RoomUse::Staff,
        RoomUse::Office,
        RoomUse::Sluice,
        RoomUse::Laundry,
        RoomUse::Store,
        RoomUse::Clinic,
        RoomUse::Plant,
        RoomUse::Lift,
        RoomUse::Stair,
        RoomUse::GardenRoom,
        RoomUse::Other,
    ];

    /// The snake_case name used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            RoomUse::Bedroom => "bedroom",
            RoomUse::Ensuite => "ensuite",
            RoomUse::Bathroom => "bathroom",
            RoomUse::Wc => "wc",
            RoomUse::Lounge => "lounge",
            RoomUse::Dining => "dining",
            RoomUse::Kitchen => "kitchen",
            RoomUse::Activity => "activity",
            RoomUse::Corridor => "corridor",
            RoomUse::Entrance => "entrance",
            RoomUse::Visiting => "visiting",
            RoomUse::NurseStation => "nurse_station",
            RoomUse::Staff => "staff",
            RoomUse::Office => "office",
            RoomUse::Sluice => "sluice",
            RoomUse::Laundry => "laundry",
            RoomUse::Store => "store",
            RoomUse::Clinic => "clinic",
            RoomUse::Plant => "plant",
            RoomUse::Lift => "lift",
            RoomUse::Stair => "stair",
            RoomUse::GardenRoom => "garden_room",
            RoomUse::Other => "other",
        }
    }

    /// Private rooms are a resident's own: never a through-route for anyone else.
    pub fn is_private(self) -> bool {
        matches!(self, RoomUse::Bedroom | RoomUse::Ensuite)
    }

    /// Communal day space counted by England's NMS standard 20 (4.1 m² per resident): lounges,
    /// dining and activity rooms, garden rooms.
    pub fn is_communal(self) -> bool {
        matches!(
            self,
            RoomUse::Lounge | RoomUse::Dining | RoomUse::Activity | RoomUse::GardenRoom
        )
    }

    /// Rooms with a toilet that residents use.
    pub fn is_toilet(self) -> bool {
        matches!(self, RoomUse::Ensuite | RoomUse::Bathroom | RoomUse::Wc)
    }

    /// Rooms residents walk through or spend time in (their doors are on resident routes).
    pub fn is_resident_space(self) -> bool {
        matches!(
            self,
            RoomUse::Bedroom
                | RoomUse::Ensuite
                | RoomUse::Bathroom
                | RoomUse::Wc
                | RoomUse::Lounge
                | RoomUse::Dining
                | RoomUse::Activity
                | RoomUse::Corridor
                | RoomUse::Entrance
                | RoomUse::Visiting
                | RoomUse::Lift
                | RoomUse::GardenRoom
        )
    }
}

/// How a room is ventilated. Give `ach` or `supply_l_s`, not both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ventilation {
    /// Outdoor air changes per hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ach: Option<f64>,
    /// Outdoor air supply, litres per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub supply_l_s: Option<f64>,
    /// Clean air delivery rate of a portable air cleaner in the room, m³/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100000.0))]
    pub air_cleaner_cadr_m3_h: Option<f64>,
}

/// Surface reflectances (0–1) overriding the defaults of the room's use.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reflectance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub floor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub walls: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ceiling: Option<f64>,
}

/// A room: a simple polygon on its floor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Room {
    /// Unique id in the plan (across all floors).
    pub id: String,
    /// What the room is used for.
    #[serde(rename = "use")]
    pub room_use: RoomUse,
    /// Outline, metres: at least 3 points, simple (no self-intersection), either orientation,
    /// no repeated closing point, no holes.
    pub polygon: Vec<Xy>,
    /// Number of beds (bedrooms only; at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = super::validate::MAX_BEDS))]
    pub beds: Option<u32>,
    /// The household this room belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
    /// Ceiling height, metres; default: the floor's `height_m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = super::validate::MIN_HEIGHT_M, max = super::validate::MAX_HEIGHT_M))]
    pub ceiling_height_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ventilation: Option<Ventilation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflectance: Option<Reflectance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The kind of a door, which decides who may pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoorKind {
    #[default]
    Normal,
    /// A fire door (self-closing); it can close off a zone.
    Fire,
    /// Locked: nobody passes in normal operation.
    Locked,
    /// Staff only (key pad, staff areas).
    StaffOnly,
    Automatic,
}

/// A door: an opening in the wall shared by two rooms (or a room and the outside).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Door {
    /// Unique id in the plan.
    pub id: String,
    /// The two sides: two room ids, or a room id and `"outside"` or an outdoor area id.
    pub rooms: [String; 2],
    /// Centre of the opening, metres, on the edge the two rooms share.
    pub at: Xy,
    /// Clear opening width, metres (0.3 to 10).
    #[schemars(range(min = super::validate::MIN_DOOR_WIDTH_M, max = super::validate::MAX_DOOR_WIDTH_M))]
    pub width_m: f64,
    #[serde(default)]
    pub kind: DoorKind,
}

/// The side name that means "outside the building" in a door's `rooms`.
pub const OUTSIDE: &str = "outside";

/// What a window looks out on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    Garden,
    Street,
    Courtyard,
    #[default]
    None,
}

/// A window in an external wall of a room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Unique id in the plan.
    pub id: String,
    /// The room it lights.
    pub room: String,
    /// Centre of the window on an external edge of the room, metres.
    pub at: Xy,
    /// Glazed width, metres (0.1 to 30).
    #[schemars(range(min = super::validate::MIN_WINDOW_SIZE_M, max = super::validate::MAX_WINDOW_WIDTH_M))]
    pub width_m: f64,
    /// Glazed height, metres (0.1 to 10).
    #[schemars(range(min = super::validate::MIN_WINDOW_SIZE_M, max = super::validate::MAX_WINDOW_HEIGHT_M))]
    pub height_m: f64,
    /// Sill height above the floor, metres (0 to 10).
    #[schemars(range(min = 0.0, max = super::validate::MAX_WINDOW_HEIGHT_M))]
    pub sill_m: f64,
    /// Diffuse light transmittance of the glazing, 0–1 (default 0.7, clear double glazing; BRE
    /// BR 209 table C1 gives 0.65–0.8 for clear double glazing).
    #[serde(default = "default_transmittance")]
    #[schemars(range(min = super::validate::MIN_TRANSMITTANCE, max = 1.0))]
    pub transmittance: f64,
    /// Angle of external obstruction above the horizontal at the window centre, degrees.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 89.9))]
    pub obstruction_deg: f64,
    #[serde(default)]
    pub outlook: Outlook,
}

pub fn default_transmittance() -> f64 {
    0.7
}

/// Kind of vertical link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerticalKind {
    Stair,
    Lift,
}

/// A stair or lift joining a room on one floor to a room on another (both of use `stair` or
/// both of use `lift`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerticalLink {
    /// Unique id in the plan.
    pub id: String,
    pub kind: VerticalKind,
    /// The two rooms joined, on different floors.
    pub rooms: [String; 2],
    /// Travel time between the two floors, seconds (lift ride or stair climb); default from the
    /// navigation model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 3600.0))]
    pub travel_time_s: Option<f64>,
    /// Lift car capacity, persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = super::validate::MAX_LIFT_PERSONS))]
    pub capacity_persons: Option<u32>,
}

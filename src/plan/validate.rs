//! Element-level validation of a parsed [`Plan`]: ids, references, numbers, polygons.
//!
//! Topological checks that need the resolved geometry (overlaps, doors on shared walls, windows on
//! external walls, reachability) live in [`crate::building::resolve`], which runs after this and
//! skips the elements found unusable here, so one file's problems are all reported in one run.

use super::normalise::Normalised;
use super::types::*;
use crate::diag::{Diagnostic, ElementKind, num, num_xy};
use crate::geom::{self, P2};
use std::collections::{HashMap, HashSet};

/// Largest coordinate magnitude accepted, metres (100 km). Anything larger is a units mistake.
pub const MAX_COORD_M: f64 = 100_000.0;
/// Smallest room or outdoor area, m²: smaller is a drawing error (a sliver), not a room.
pub const MIN_AREA_M2: f64 = 0.5;
/// Largest room area, m² (one hectare): larger is almost surely millimetres read as metres.
pub const MAX_ROOM_AREA_M2: f64 = 10_000.0;
/// Largest ceiling or storey height, metres.
pub const MAX_HEIGHT_M: f64 = 30.0;
/// Smallest ceiling or storey height, metres. Assumption: below 1.5 m no one stands (England's
/// Housing Act 2004 HHSRS guidance counts floor area under 1.5 m headroom as unusable).
pub const MIN_HEIGHT_M: f64 = 1.5;
/// Smallest door clear width, metres: a narrower opening is not a door (the narrowest internal
/// doors are about 0.6 m; Approved Document M table 2.1 asks 0.75-0.8 m on routes).
pub const MIN_DOOR_WIDTH_M: f64 = 0.3;
/// Smallest window width and height, metres: a smaller opening is a vent, not a window.
pub const MIN_WINDOW_SIZE_M: f64 = 0.1;
/// Largest window width, metres (a whole glazed wall of a large room).
pub const MAX_WINDOW_WIDTH_M: f64 = 30.0;
/// Largest window height and sill height, metres.
pub const MAX_WINDOW_HEIGHT_M: f64 = 10.0;
/// Smallest glazing transmittance: below it the glass is opaque (BRE BR 209 table C1 lists
/// 0.4-0.8 for clear, tinted and solar-control glazing).
pub const MIN_TRANSMITTANCE: f64 = 0.05;
/// Largest lift car capacity, persons (the largest bed lifts of EN 81-20 take about 33).
pub const MAX_LIFT_PERSONS: u32 = 100;
/// Largest |elevation| of a floor, metres.
pub const MAX_ELEVATION_M: f64 = 1_000.0;
/// Largest door clear width, metres (wide double doors are about 2.4 m; 10 m is a units error).
pub const MAX_DOOR_WIDTH_M: f64 = 10.0;
/// Largest number of beds in one room; more is not a care-home room.
pub const MAX_BEDS: u32 = 30;

/// What element validation found: the ids of elements whose geometry cannot be used for the
/// topological checks (so those checks do not pile up messages caused by the same mistake).
#[derive(Debug, Default)]
pub struct ElementCheck {
    pub unusable: HashSet<String>,
}

/// Check every element of a normalised plan, pushing all problems into `diags`. Polygon point
/// numbers in messages are those of the file (before normalisation).
pub fn check_elements(plan: &Normalised, diags: &mut Vec<Diagnostic>) -> ElementCheck {
    check_elements_salvaged(plan, &HashSet::new(), diags)
}

/// [`check_elements`] of a plan salvaged from a file with field-level problems
/// ([`super::from_json_staged`]): a reference to an element in `dropped` (one that did not
/// parse, already reported) is not reported again; the element that makes it is left out of the
/// topological checks instead.
pub fn check_elements_salvaged(
    plan: &Normalised,
    dropped: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> ElementCheck {
    let mut v = Validator {
        diags,
        unusable: HashSet::new(),
        normalised: plan,
        dropped,
    };
    v.run(&plan.plan);
    super::check_id_text(&plan.plan, v.diags);
    ElementCheck {
        unusable: v.unusable,
    }
}

struct Validator<'d> {
    diags: &'d mut Vec<Diagnostic>,
    unusable: HashSet<String>,
    normalised: &'d Normalised,
    /// Elements of the file that did not parse (see [`check_elements_salvaged`]).
    dropped: &'d HashSet<String>,
}

fn finite_in(x: f64, lo: f64, hi: f64) -> bool {
    x.is_finite() && x >= lo && x <= hi
}

impl Validator<'_> {
    fn err(&mut self, kind: ElementKind, id: &str, code: &'static str, msg: String, help: &str) {
        self.diags
            .push(Diagnostic::error(code, msg).at(kind, id).help(help));
    }

    fn run(&mut self, plan: &Plan) {
        if plan.schema != PLAN_SCHEMA {
            self.err(
                ElementKind::Plan,
                "plan",
                "schema-version",
                format!(
                    "schema is {:?}, this version of carehome reads {PLAN_SCHEMA:?}",
                    plan.schema
                ),
                "set \"schema\": \"carehome-plan/1\"",
            );
        }
        if plan.floors.is_empty() && self.dropped.is_empty() {
            self.err(
                ElementKind::Plan,
                "plan",
                "no-floors",
                "the plan has no floors".into(),
                "add at least one floor with rooms",
            );
        }
        if !finite_in(plan.north_deg, -360.0, 360.0) {
            self.err(
                ElementKind::Plan,
                "plan",
                "absurd-size",
                format!("north_deg {} is outside [-360, 360]", num(plan.north_deg)),
                "give north_deg in degrees clockwise from the plan's +y axis, e.g. 0",
            );
        }
        if let Some(site) = &plan.site {
            for (name, x, lim) in [
                ("latitude_deg", site.latitude_deg, 90.0),
                ("longitude_deg", site.longitude_deg, 180.0),
            ] {
                if let Some(x) = x
                    && !finite_in(x, -lim, lim)
                {
                    self.err(
                        ElementKind::Plan,
                        "plan",
                        "absurd-size",
                        format!("site.{name} {} is outside [-{lim}, {lim}]", num(x)),
                        "give the site's position in degrees",
                    );
                }
            }
        }
        self.check_ids(plan);

        let households: HashSet<&str> = plan.households.iter().map(|h| h.id.as_str()).collect();
        let floor_ids: HashSet<&str> = plan.floors.iter().map(|f| f.id.as_str()).collect();
        let outdoor_ids: HashSet<&str> = plan.outdoor.iter().map(|o| o.id.as_str()).collect();
        // room id -> (floor index, use)
        let mut rooms: HashMap<&str, (usize, RoomUse)> = HashMap::new();
        for (fi, f) in plan.floors.iter().enumerate() {
            for r in &f.rooms {
                rooms.entry(r.id.as_str()).or_insert((fi, r.room_use));
            }
        }

        for f in &plan.floors {
            self.check_floor(f);
            for r in &f.rooms {
                self.check_room(plan, f, r, &households);
            }
            for d in &f.doors {
                self.check_door(plan, f, d, &rooms, &outdoor_ids);
            }
            for w in &f.windows {
                self.check_window(plan, f, w, &rooms);
            }
        }
        for o in &plan.outdoor {
            self.check_polygon(ElementKind::Outdoor, &o.id, &o.polygon, f64::INFINITY);
            if let Some(fl) = &o.floor
                && !floor_ids.contains(fl.as_str())
                && !self.dropped.contains(fl)
            {
                self.err(
                    ElementKind::Outdoor,
                    &o.id,
                    "unknown-reference",
                    format!("floor {fl:?} does not exist"),
                    "name one of the plan's floor ids, or leave `floor` out for the ground floor",
                );
            }
        }
        for l in &plan.vertical {
            self.check_vertical(plan, l, &rooms);
        }
        for h in plan.households.iter().filter(|_| self.dropped.is_empty()) {
            let used = plan
                .floors
                .iter()
                .flat_map(|f| &f.rooms)
                .any(|r| r.household.as_deref() == Some(h.id.as_str()));
            if !used {
                self.diags.push(
                    Diagnostic::warning("empty-household", "no room belongs to this household")
                        .at(ElementKind::Household, &h.id)
                        .help("set `household` on its rooms, or remove it"),
                );
            }
        }
    }

    fn check_ids(&mut self, plan: &Plan) {
        let mut seen: HashMap<&str, ElementKind> = HashMap::new();
        let all = super::id_text::all_ids(plan);
        for (kind, id) in all {
            if id.trim().is_empty() {
                self.err(
                    kind,
                    "(empty id)",
                    "empty-id",
                    format!("a {kind} has an empty id"),
                    "give every element a unique, non-empty id",
                );
                continue;
            }
            if id == OUTSIDE {
                self.err(
                    kind,
                    id,
                    "reserved-id",
                    format!("{OUTSIDE:?} is reserved for the outside of the building"),
                    "choose another id",
                );
            }
            if let Some(first) = seen.get(id) {
                self.err(
                    kind,
                    id,
                    "duplicate-id",
                    format!("id {id:?} is used twice (first by a {first})"),
                    "ids must be unique across the whole plan; rename one of them",
                );
                self.unusable.insert(id.to_string());
            } else {
                seen.insert(id, kind);
            }
        }
    }

    fn check_floor(&mut self, f: &Floor) {
        if !finite_in(f.elevation_m, -MAX_ELEVATION_M, MAX_ELEVATION_M) {
            self.err(
                ElementKind::Floor,
                &f.id,
                "absurd-size",
                format!(
                    "elevation_m {} is not a finite number within ±{MAX_ELEVATION_M} m",
                    num(f.elevation_m)
                ),
                "give the floor level in metres above ground",
            );
        }
        if !finite_in(f.height_m, MIN_HEIGHT_M, MAX_HEIGHT_M) {
            self.err(
                ElementKind::Floor,
                &f.id,
                "absurd-size",
                format!(
                    "height_m {} must be a ceiling height in [{MIN_HEIGHT_M}, {MAX_HEIGHT_M}] m",
                    num(f.height_m)
                ),
                "give the ceiling height in metres, e.g. 2.7",
            );
        }
        if f.rooms.is_empty() {
            self.err(
                ElementKind::Floor,
                &f.id,
                "empty-floor",
                "the floor has no rooms".into(),
                "add its rooms or remove the floor",
            );
        }
    }

    /// Points, finiteness, magnitude, self-intersection, area. Returns whether it is usable.
    fn check_polygon(
        &mut self,
        kind: ElementKind,
        id: &str,
        poly: &[Xy],
        max_area_m2: f64,
    ) -> bool {
        let mut ok = true;
        let nz = self.normalised;
        let at = |i: usize| nz.original_index(id, i);
        if poly.len() < 3 {
            self.err(
                kind,
                id,
                "polygon-too-few-points",
                format!(
                    "polygon has {} point(s); a polygon needs at least 3",
                    poly.len()
                ),
                "list the corners of the outline in order",
            );
            ok = false;
        }
        if let Some((i, p)) = poly
            .iter()
            .enumerate()
            .find(|(_, p)| !(p[0].is_finite() && p[1].is_finite()))
        {
            self.err(
                kind,
                id,
                "not-finite",
                format!("polygon point {i} {} is not finite", num_xy(*p)),
                "replace NaN/infinite coordinates with metres",
            );
            ok = false;
        } else if let Some((i, p)) = poly
            .iter()
            .enumerate()
            .find(|(_, p)| p[0].abs() > MAX_COORD_M || p[1].abs() > MAX_COORD_M)
        {
            self.err(
                kind,
                id,
                "absurd-size",
                format!(
                    "polygon point {} {} is more than {} km from the origin",
                    at(i),
                    num_xy(*p),
                    MAX_COORD_M / 1000.0
                ),
                "coordinates are metres; check the drawing units and origin",
            );
            ok = false;
        }
        if !ok {
            self.unusable.insert(id.to_string());
            return false;
        }
        let pts: Vec<P2> = poly.iter().copied().map(geom::p2).collect();
        let n = pts.len();
        if let Some(i) = (0..n).find(|&i| (pts[(i + 1) % n] - pts[i]).norm() < 1e-6) {
            self.err(
                kind,
                id,
                "repeated-point",
                format!(
                    "polygon points {} and {} are the same point {:?}",
                    at(i),
                    at((i + 1) % n),
                    poly[i]
                ),
                "remove the repeated point (do not repeat the first point at the end)",
            );
            self.unusable.insert(id.to_string());
            return false;
        }
        if let Some((i, j)) = geom::self_intersection(&pts) {
            self.err(kind, id, "self-intersection", format!("polygon edges {} ({:?}→{:?}) and {} ({:?}→{:?}) cross", at(i), poly[i], poly[(i + 1) % n], at(j), poly[j], poly[(j + 1) % n]), "reorder the points so the outline does not cross itself; split a bow-tie shape into two rooms");
            self.unusable.insert(id.to_string());
            return false;
        }
        let a = geom::area_m2(&pts);
        if a < MIN_AREA_M2 {
            self.err(
                kind,
                id,
                "tiny-area",
                format!("area is {a:.3} m², below the {MIN_AREA_M2} m² minimum"),
                "check the coordinates (metres) or remove the sliver",
            );
            self.unusable.insert(id.to_string());
            return false;
        }
        if a > max_area_m2 {
            self.err(
                kind,
                id,
                "absurd-size",
                format!(
                    "area is {} m², more than {max_area_m2} m² for one room",
                    num(a.round())
                ),
                "coordinates are metres: check the drawing units",
            );
            self.unusable.insert(id.to_string());
            return false;
        }
        true
    }

    fn check_room(&mut self, plan: &Plan, f: &Floor, r: &Room, households: &HashSet<&str>) {
        let _ = plan;
        let _ = f;
        self.check_polygon(ElementKind::Room, &r.id, &r.polygon, MAX_ROOM_AREA_M2);
        let id = r.id.as_str();
        match (r.room_use, r.beds) {
            (RoomUse::Bedroom, None | Some(0)) => self.err(
                ElementKind::Room,
                id,
                "bedroom-without-beds",
                "bedroom has no beds".into(),
                "set \"beds\": 1 (or the number of residents who sleep there), or change its use",
            ),
            (RoomUse::Bedroom, Some(b)) if b > MAX_BEDS => self.err(
                ElementKind::Room,
                id,
                "absurd-size",
                format!("{b} beds in one room"),
                "check the number of beds",
            ),
            (u, Some(b)) if u != RoomUse::Bedroom && b > 0 => self.err(
                ElementKind::Room,
                id,
                "beds-outside-bedroom",
                format!("a {} room has {b} beds", u.as_str()),
                "only bedrooms have beds: change its use to bedroom or remove `beds`",
            ),
            _ => {}
        }
        if let Some(h) = &r.household
            && !households.contains(h.as_str())
            && !self.dropped.contains(h)
        {
            self.err(
                ElementKind::Room,
                id,
                "unknown-reference",
                format!("household {h:?} is not declared"),
                "add it to the plan's `households` list, or fix the id",
            );
        }
        if let Some(c) = r.ceiling_height_m
            && !finite_in(c, MIN_HEIGHT_M, MAX_HEIGHT_M)
        {
            self.err(
                ElementKind::Room,
                id,
                "absurd-size",
                format!(
                    "ceiling_height_m {} must be in [{MIN_HEIGHT_M}, {MAX_HEIGHT_M}] m",
                    num(c)
                ),
                "give the ceiling height in metres",
            );
        }
        if let Some(v) = &r.ventilation {
            if v.ach.is_some() && v.supply_l_s.is_some() {
                self.err(
                    ElementKind::Room,
                    id,
                    "ventilation-both",
                    "ventilation gives both `ach` and `supply_l_s`".into(),
                    "give one of them",
                );
            }
            for (name, val, max) in [
                ("ach", v.ach, 100.0),
                ("supply_l_s", v.supply_l_s, 100_000.0),
                ("air_cleaner_cadr_m3_h", v.air_cleaner_cadr_m3_h, 100_000.0),
            ] {
                if let Some(x) = val
                    && !finite_in(x, 0.0, max)
                {
                    self.err(
                        ElementKind::Room,
                        id,
                        "absurd-size",
                        format!("ventilation.{name} = {} is outside [0, {max}]", num(x)),
                        "check the value and its unit",
                    );
                }
            }
        }
        if let Some(rf) = &r.reflectance {
            for (name, val) in [
                ("floor", rf.floor),
                ("walls", rf.walls),
                ("ceiling", rf.ceiling),
            ] {
                if let Some(x) = val
                    && !finite_in(x, 0.0, 1.0)
                {
                    self.err(
                        ElementKind::Room,
                        id,
                        "absurd-size",
                        format!("reflectance.{name} = {} is outside 0–1", num(x)),
                        "reflectance is a fraction, e.g. 0.5",
                    );
                }
            }
        }
    }

    fn check_point(&mut self, kind: ElementKind, id: &str, at: Xy) -> bool {
        if !(at[0].is_finite() && at[1].is_finite()) {
            self.err(
                kind,
                id,
                "not-finite",
                format!("`at` {} is not finite", num_xy(at)),
                "give the centre of the opening in metres",
            );
            false
        } else if at[0].abs() > MAX_COORD_M || at[1].abs() > MAX_COORD_M {
            self.err(
                kind,
                id,
                "absurd-size",
                format!("`at` {} is more than 100 km from the origin", num_xy(at)),
                "coordinates are metres",
            );
            false
        } else {
            true
        }
    }

    fn check_door(
        &mut self,
        plan: &Plan,
        f: &Floor,
        d: &Door,
        rooms: &HashMap<&str, (usize, RoomUse)>,
        outdoor: &HashSet<&str>,
    ) {
        let _ = plan;
        let id = d.id.as_str();
        let mut ok = self.check_point(ElementKind::Door, id, d.at);
        if !finite_in(d.width_m, MIN_DOOR_WIDTH_M, MAX_DOOR_WIDTH_M) {
            self.err(
                ElementKind::Door,
                id,
                "absurd-size",
                format!(
                    "width_m {} must be in [{MIN_DOOR_WIDTH_M}, {MAX_DOOR_WIDTH_M}] m",
                    num(d.width_m)
                ),
                "give the clear opening width in metres, e.g. 0.9",
            );
            ok = false;
        }
        let this_floor = f.id.as_str();
        let mut n_rooms = 0;
        for side in &d.rooms {
            if side == OUTSIDE || outdoor.contains(side.as_str()) {
                continue;
            }
            match rooms.get(side.as_str()) {
                None if self.dropped.contains(side) => ok = false,
                None => {
                    self.err(
                        ElementKind::Door,
                        id,
                        "unknown-reference",
                        format!("side {side:?} is not a room, an outdoor area or \"outside\""),
                        "name an existing room id, an outdoor area id, or \"outside\"",
                    );
                    ok = false;
                }
                Some(&(fi, _)) => {
                    n_rooms += 1;
                    let other_floor = plan.floors[fi].id.as_str();
                    if other_floor != this_floor {
                        self.err(ElementKind::Door, id, "door-wrong-floor", format!("room {side} is on floor {other_floor}, but the door is listed on floor {this_floor}"), "list the door on the floor of the rooms it joins; floors are joined by `vertical` links");
                        ok = false;
                    }
                }
            }
        }
        if d.rooms[0] == d.rooms[1] {
            self.err(
                ElementKind::Door,
                id,
                "door-same-room",
                format!("both sides are {:?}", d.rooms[0]),
                "a door joins two different rooms",
            );
            ok = false;
        } else if n_rooms == 0 && ok {
            self.err(
                ElementKind::Door,
                id,
                "door-no-room",
                format!("neither side of {:?} is a room", d.rooms),
                "a door must open from a room",
            );
            ok = false;
        }
        if !ok {
            self.unusable.insert(d.id.clone());
        }
    }

    fn check_window(
        &mut self,
        plan: &Plan,
        f: &Floor,
        w: &Window,
        rooms: &HashMap<&str, (usize, RoomUse)>,
    ) {
        let id = w.id.as_str();
        let mut ok = self.check_point(ElementKind::Window, id, w.at);
        match rooms.get(w.room.as_str()) {
            None if self.dropped.contains(&w.room) => ok = false,
            None => {
                self.err(
                    ElementKind::Window,
                    id,
                    "unknown-reference",
                    format!("room {:?} does not exist", w.room),
                    "name the room the window lights",
                );
                ok = false;
            }
            Some(&(fi, _)) if plan.floors[fi].id != f.id => {
                self.err(
                    ElementKind::Window,
                    id,
                    "window-wrong-floor",
                    format!(
                        "room {} is on floor {}, but the window is listed on floor {}",
                        w.room, plan.floors[fi].id, f.id
                    ),
                    "list the window on its room's floor",
                );
                ok = false;
            }
            _ => {}
        }
        for (name, x, lo, hi) in [
            ("width_m", w.width_m, MIN_WINDOW_SIZE_M, MAX_WINDOW_WIDTH_M),
            (
                "height_m",
                w.height_m,
                MIN_WINDOW_SIZE_M,
                MAX_WINDOW_HEIGHT_M,
            ),
            ("sill_m", w.sill_m, 0.0, MAX_WINDOW_HEIGHT_M),
            ("obstruction_deg", w.obstruction_deg, 0.0, 89.9),
        ] {
            if !finite_in(x, lo, hi) {
                self.err(
                    ElementKind::Window,
                    id,
                    "absurd-size",
                    format!("{name} = {} is outside [{lo}, {hi}]", num(x)),
                    "check the value and its unit (metres, degrees)",
                );
                ok = false;
            }
        }
        if !finite_in(w.transmittance, MIN_TRANSMITTANCE, 1.0) {
            self.err(
                ElementKind::Window,
                id,
                "absurd-size",
                format!(
                    "transmittance {} must be in [{MIN_TRANSMITTANCE}, 1]",
                    num(w.transmittance)
                ),
                "clear double glazing is about 0.7",
            );
            ok = false;
        }
        if !ok {
            self.unusable.insert(w.id.clone());
        }
    }

    fn check_vertical(
        &mut self,
        plan: &Plan,
        l: &VerticalLink,
        rooms: &HashMap<&str, (usize, RoomUse)>,
    ) {
        let id = l.id.as_str();
        let want = match l.kind {
            VerticalKind::Stair => RoomUse::Stair,
            VerticalKind::Lift => RoomUse::Lift,
        };
        let mut floors = Vec::new();
        for r in &l.rooms {
            match rooms.get(r.as_str()) {
                None if self.dropped.contains(r) => {}
                None => self.err(
                    ElementKind::Vertical,
                    id,
                    "unknown-reference",
                    format!("room {r:?} does not exist"),
                    "name the stair or lift rooms it joins",
                ),
                Some(&(fi, u)) => {
                    floors.push(fi);
                    if u != want {
                        self.err(
                            ElementKind::Vertical,
                            id,
                            "vertical-wrong-use",
                            format!(
                                "a {} link joins room {r}, whose use is {}",
                                want.as_str(),
                                u.as_str()
                            ),
                            &format!(
                                "join rooms of use \"{}\" (draw the {} as a room on each floor)",
                                want.as_str(),
                                want.as_str()
                            ),
                        );
                    }
                }
            }
        }
        if floors.len() == 2 && floors[0] == floors[1] {
            self.err(
                ElementKind::Vertical,
                id,
                "vertical-same-floor",
                format!("both rooms are on floor {}", plan.floors[floors[0]].id),
                "a vertical link joins rooms on two different floors; use a door within a floor",
            );
        }
        if let Some(t) = l.travel_time_s
            && !finite_in(t, 0.0, 3600.0)
        {
            self.err(
                ElementKind::Vertical,
                id,
                "absurd-size",
                format!("travel_time_s {} is outside [0, 3600]", num(t)),
                "give the travel time in seconds",
            );
        }
        if let Some(c) = l.capacity_persons
            && !(1..=MAX_LIFT_PERSONS).contains(&c)
        {
            self.err(
                ElementKind::Vertical,
                id,
                "absurd-size",
                format!("capacity_persons {c} is outside [1, {MAX_LIFT_PERSONS}]"),
                "give the number of persons the lift car takes, e.g. 8",
            );
        }
    }
}

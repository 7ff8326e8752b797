//! IFC models (IFC2X3, IFC4; STEP physical files) in, as a plan: storeys → floors, `IfcSpace` →
//! rooms at their footprints, `IfcDoor`/`IfcWindow` → openings linked to the spaces on either
//! side, with a [guess report](crate::import::GuessReport) of what became what. Bytes in, values
//! out; no file access.
//!
//! Spaces of real models sit at the inner faces of their walls; the plan keeps them there and the
//! building reads the gaps as walls with thickness ([`crate::building::thick`]).
//!
//! What is read, and the assumptions made:
//! - the length unit (`IfcSIUnit` with prefix, `IfcConversionBasedUnit` such as feet);
//! - placement chains (`IfcLocalPlacement` relative to its parents);
//! - storeys: elevation from `Elevation` (else the placement), height to the next storey (the
//!   last: the tallest space body, else 2.7 m). A storey whose spaces have no door at all while
//!   other storeys have doors (a roof or a foundation level) is left out, and reported;
//! - a space's footprint from its `FootPrint` curve, else its body: an upright extrusion's
//!   profile (rectangle, polyline, composite or indexed curve; arcs as chords), any other body
//!   (`body`: extrusions in any direction, Breps, tessellations) by its horizontal section
//!   `SECTION_ABOVE_FLOOR_M` above its lowest point;
//! - id from `Name`, name from `LongName`, use from the [word dictionary](crate::import::uses) on
//!   `LongName` then `Name`, overridable by [`IfcOptions::uses`]; bedrooms get one bed (an
//!   assumption: IFC says nothing of beds);
//! - a door's centre from its opening element's body (mid-wall), else its placement plus half
//!   its width along its x axis; its rooms from `IfcRelSpaceBoundary`, else the two rooms
//!   nearest the centre within 0.35 m (half the largest default wall plus a margin); one room
//!   only: a door to the outside, put on that room's nearest edge. Windows likewise (sill from
//!   the opening's bottom);
//! - stairs and lifts (`stairs`): spaces holding an `IfcStairFlight`/`IfcTransportElement`,
//!   stair and lift spaces rising through storeys, links between them.

mod body;
mod geometry;
mod stairs;
pub mod step;

use crate::diag::{Diagnostic, ElementKind};
use crate::geom::{self, P2};
use crate::import::{Guess, GuessReport, uses};
use crate::plan::{self, Door, DoorKind, Floor, Plan, Room, RoomUse, Window};
use geometry::{Geo, clean_ring};
use nalgebra::{Matrix4, Point3, Vector3};
use std::collections::{HashMap, HashSet};
use step::{Step, Val};

/// Options of an IFC import.
#[derive(Clone, Debug, Default)]
pub struct IfcOptions {
    /// Name of the plan; default: the `IfcBuilding` or `IfcProject` name.
    pub name: Option<String>,
    /// Use overrides: a space whose lower-cased `LongName` or `Name` contains the key gets the
    /// use, before the dictionary is consulted.
    pub uses: Vec<(String, RoomUse)>,
}

/// The result of an import.
#[derive(Debug)]
pub struct IfcImport {
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    pub report: GuessReport,
}

/// Largest distance from a door's centre to a room it joins when no space boundary says which,
/// metres: half the default largest wall (0.6 m) plus a 5 cm margin.
const DOOR_ROOM_M: f64 = 0.35;

/// Default storey height when nothing gives one, metres (as the plan format's default).
const DEFAULT_HEIGHT_M: f64 = 2.7;

/// Does this look like an IFC STEP file?
pub fn is_ifc(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(12).any(|w| w == b"ISO-10303-21") && head.windows(4).any(|w| w == b"'IFC")
}

fn err(code: &'static str, msg: String, help: &str) -> Diagnostic {
    Diagnostic::error(code, msg)
        .at(ElementKind::Plan, "model")
        .help(help.to_string())
}

struct Space {
    gid: String,
    id: String,
    name: Option<String>,
    room_use: RoomUse,
    how: String,
    storey: u64,
    polygon: Vec<[f64; 2]>,
    height_m: Option<f64>,
}

/// Import an IFC model.
pub fn import_bytes(bytes: &[u8], opts: &IfcOptions) -> IfcImport {
    let mut diags = Vec::new();
    let mut report = GuessReport {
        format: "ifc".into(),
        ..Default::default()
    };
    let s = match Step::index(bytes) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                err(
                    "ifc-syntax",
                    format!("line {}: {}", e.line, e.message),
                    "the file must be an IFC STEP file (ISO 10303-21), as written by a BIM tool's IFC export",
                )
                .line(e.line),
            );
            return IfcImport {
                plan: None,
                diagnostics: diags,
                report,
            };
        }
    };
    report.schema = s.schema.clone();
    if !s.schema.starts_with("IFC") {
        diags.push(err(
            "ifc-schema",
            format!("FILE_SCHEMA is `{}`, not an IFC schema", s.schema),
            "export the model as IFC2X3 or IFC4",
        ));
    }
    let g = Geo::new(&s);
    report.length_unit_m = g.unit_m;
    let gid = |id: u64| -> String {
        s.args(id)
            .and_then(|a| a.first().and_then(|v| v.as_str().map(str::to_string)))
            .unwrap_or_else(|| format!("#{id}"))
    };
    let text = |a: &[Val], k: usize| -> Option<String> {
        a.get(k)
            .and_then(Val::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };

    // Parents in the spatial structure: (relation, parent attribute, children attribute).
    let mut parent: HashMap<u64, u64> = HashMap::new();
    for (rel, p_at, c_at) in [
        ("IFCRELAGGREGATES", 4, 5),
        ("IFCRELCONTAINEDINSPATIALSTRUCTURE", 5, 4),
    ] {
        for &r in s.of_type(rel) {
            let Some(a) = s.args(r) else { continue };
            let Some(p) = a.get(p_at).and_then(Val::as_ref_id) else {
                continue;
            };
            for c in a.get(c_at).map(Val::as_list).unwrap_or(&[]) {
                if let Some(c) = c.as_ref_id() {
                    parent.entry(c).or_insert(p);
                }
            }
        }
    }
    let storey_of = |mut id: u64| -> Option<u64> {
        for _ in 0..32 {
            id = *parent.get(&id)?;
            if s.type_of(id) == Some("IFCBUILDINGSTOREY") {
                return Some(id);
            }
        }
        None
    };

    // Storeys.
    let mut storeys: Vec<(u64, String, f64)> = Vec::new();
    for &st in s.of_type("IFCBUILDINGSTOREY") {
        let a = s.args(st).unwrap_or_default();
        let name = text(&a, 2).unwrap_or_else(|| gid(st));
        let m = g.placement(a.get(5).and_then(Val::as_ref_id));
        let elev = a
            .get(9)
            .and_then(Val::as_f64)
            .map(|e| e * g.unit_m)
            .unwrap_or_else(|| g.world_m(&m, [0.0; 3])[2]);
        storeys.push((st, name, elev));
    }
    storeys.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));

    // Spaces.
    let mut spaces: Vec<Space> = Vec::new();
    let mut meshes: Vec<body::Mesh> = Vec::new();
    for &sp in s.of_type("IFCSPACE") {
        let a = s.args(sp).unwrap_or_default();
        let (name, long) = (text(&a, 2), text(&a, 7));
        let global = gid(sp);
        let Some(storey) = storey_of(sp) else {
            report.ignore(
                global,
                "IFCSPACE",
                long.or(name),
                "not on any IfcBuildingStorey (IfcRelAggregates)",
            );
            continue;
        };
        let m = g.placement(a.get(5).and_then(Val::as_ref_id));
        let (polygon, height_m, mesh) = footprint(&g, &m, a.get(6).and_then(Val::as_ref_id));
        let polygon = clean_ring(polygon);
        if polygon.len() < 3 || geom::area_m2(&to_p2(&polygon)) < 1e-6 {
            report.ignore(
                global,
                "IFCSPACE",
                long.or(name),
                "no footprint could be read (no FootPrint curve, extruded profile or horizontal face)",
            );
            continue;
        }
        let label = [long.as_deref(), name.as_deref()];
        let mapped = label.iter().flatten().find_map(|l| {
            let low = l.to_lowercase();
            opts.uses
                .iter()
                .find(|(k, _)| low.contains(&k.to_lowercase()))
                .map(|(k, u)| (*u, format!("mapping `{k}` on `{l}`")))
        });
        let guessed = mapped.or_else(|| {
            label.iter().flatten().find_map(|l| {
                uses::guess_use(l).map(|(u, w)| (u, format!("dictionary word `{w}` in `{l}`")))
            })
        });
        let (room_use, how) = guessed.unwrap_or((
            RoomUse::Other,
            "default `other`: no dictionary word in its names".into(),
        ));
        spaces.push(Space {
            id: name
                .clone()
                .or_else(|| long.clone())
                .unwrap_or_else(|| global.clone()),
            gid: global,
            name: long.or(name),
            room_use,
            how,
            storey,
            polygon,
            height_m,
        });
        meshes.push(mesh);
    }
    let vertical_elements = stairs::elements(&g);
    stairs::mark_uses(&vertical_elements, &mut spaces);
    // Unique ids across the plan.
    let mut seen: HashSet<String> = HashSet::new();
    for sp in &mut spaces {
        let mut id = sanitize(&sp.id);
        if id.is_empty() || id == plan::OUTSIDE || !seen.insert(id.clone()) {
            id = format!("{}-{}", sanitize(&sp.id), sanitize(&sp.gid));
            seen.insert(id.clone());
        }
        sp.id = id;
    }

    // Openings.
    let mut bounded: HashMap<u64, Vec<u64>> = HashMap::new();
    for &r in s.of_type("IFCRELSPACEBOUNDARY") {
        if let Some(a) = s.args(r)
            && let (Some(space), Some(el)) = (
                a.get(4).and_then(Val::as_ref_id),
                a.get(5).and_then(Val::as_ref_id),
            )
        {
            let v = bounded.entry(el).or_default();
            if !v.contains(&space) {
                v.push(space);
            }
        }
    }
    let mut filling: HashMap<u64, u64> = HashMap::new();
    for &r in s.of_type("IFCRELFILLSELEMENT") {
        if let Some(a) = s.args(r)
            && let (Some(o), Some(el)) = (
                a.get(4).and_then(Val::as_ref_id),
                a.get(5).and_then(Val::as_ref_id),
            )
        {
            filling.insert(el, o);
        }
    }
    let space_index: HashMap<u64, usize> = s
        .of_type("IFCSPACE")
        .iter()
        .filter_map(|&sp| {
            let global = gid(sp);
            spaces.iter().position(|x| x.gid == global).map(|i| (sp, i))
        })
        .collect();

    struct Opening {
        gid: String,
        entity: &'static str,
        name: Option<String>,
        centre: [f64; 3],
        width_m: f64,
        height_m: f64,
        rooms: Vec<usize>,
        how: String,
    }
    let mut openings: Vec<Opening> = Vec::new();
    for (entity, ids) in [
        ("IFCDOOR", s.of_type("IFCDOOR").to_vec()),
        (
            "IFCDOORSTANDARDCASE",
            s.of_type("IFCDOORSTANDARDCASE").to_vec(),
        ),
        ("IFCWINDOW", s.of_type("IFCWINDOW").to_vec()),
        (
            "IFCWINDOWSTANDARDCASE",
            s.of_type("IFCWINDOWSTANDARDCASE").to_vec(),
        ),
    ] {
        for id in ids {
            let a = s.args(id).unwrap_or_default();
            let width_m = a.get(9).and_then(Val::as_f64).map(|w| w * g.unit_m);
            let height_m = a.get(8).and_then(Val::as_f64).map(|h| h * g.unit_m);
            let is_door = entity.starts_with("IFCDOOR");
            let width_m = width_m
                .filter(|w| *w > 0.0)
                .unwrap_or(if is_door { 0.9 } else { 1.0 });
            let height_m = height_m
                .filter(|h| *h > 0.0)
                .unwrap_or(if is_door { 2.0 } else { 1.2 });
            let centre = filling
                .get(&id)
                .and_then(|&o| solid_centre(&g, o))
                .unwrap_or_else(|| {
                    let m = g.placement(a.get(5).and_then(Val::as_ref_id));
                    g.world_m(&m, [width_m / 2.0 / g.unit_m, 0.0, 0.0])
                });
            let mut rooms: Vec<usize> = bounded
                .get(&id)
                .map(|v| {
                    v.iter()
                        .filter_map(|sp| space_index.get(sp).copied())
                        .collect()
                })
                .unwrap_or_default();
            let how = if rooms.is_empty() {
                "rooms by geometry (no IfcRelSpaceBoundary)"
            } else {
                "rooms from IfcRelSpaceBoundary"
            };
            openings.push(Opening {
                gid: gid(id),
                entity,
                name: text(&a, 2),
                centre,
                width_m,
                height_m,
                rooms: std::mem::take(&mut rooms),
                how: how.into(),
            });
        }
    }

    // Which storeys carry doors.
    let mut door_storeys: HashSet<u64> = HashSet::new();
    for o in openings.iter().filter(|o| o.entity.starts_with("IFCDOOR")) {
        for &r in &o.rooms {
            door_storeys.insert(spaces[r].storey);
        }
        if o.rooms.is_empty()
            && let Some(st) = storeys
                .iter()
                .filter(|st| st.2 <= o.centre[2] + 0.5)
                .filter(|st| spaces.iter().any(|sp| sp.storey == st.0))
                .max_by(|a, b| a.2.total_cmp(&b.2))
        {
            door_storeys.insert(st.0);
        }
    }
    let with_spaces: Vec<&(u64, String, f64)> = storeys
        .iter()
        .filter(|st| spaces.iter().any(|sp| sp.storey == st.0))
        .collect();
    let mut kept: Vec<&(u64, String, f64)> = Vec::new();
    for st in &with_spaces {
        if !door_storeys.is_empty() && !door_storeys.contains(&st.0) {
            for sp in spaces.iter().filter(|sp| sp.storey == st.0) {
                report.ignore(
                    sp.gid.clone(),
                    "IFCSPACE",
                    sp.name.clone(),
                    format!(
                        "on storey `{}`, which has no doors (a roof or foundation level)",
                        st.1
                    ),
                );
            }
            continue;
        }
        kept.push(st);
    }
    // Stair and lift spaces rising through storeys are rooms on each.
    let kept_owned: Vec<(u64, String, f64)> = kept.iter().map(|&st| st.clone()).collect();
    let before = spaces.len();
    stairs::upper_sections(&mut spaces, &meshes, &kept_owned);
    for sp in &mut spaces[before..] {
        let mut id = sanitize(&sp.id);
        while !seen.insert(id.clone()) {
            id.push('x');
        }
        sp.id = id;
    }
    for st in storeys
        .iter()
        .filter(|st| !kept.iter().any(|k| k.0 == st.0))
    {
        if !spaces.iter().any(|sp| sp.storey == st.0) {
            report.ignore(
                gid(st.0),
                "IFCBUILDINGSTOREY",
                Some(st.1.clone()),
                "no spaces",
            );
        }
    }

    // Floors.
    let mut floor_ids: HashSet<String> = HashSet::new();
    let mut floors: Vec<Floor> = Vec::new();
    let mut floor_of_storey: HashMap<u64, usize> = HashMap::new();
    for (k, st) in kept.iter().enumerate() {
        let mut id = sanitize(&st.1);
        if id.is_empty() || seen.contains(&id) || !floor_ids.insert(id.clone()) {
            id = format!("F{k}-{}", sanitize(&st.1));
            floor_ids.insert(id.clone());
        }
        let next = storeys.iter().map(|s| s.2).find(|&e| e > st.2 + 0.5);
        let tallest = spaces
            .iter()
            .filter(|sp| sp.storey == st.0)
            .filter_map(|sp| sp.height_m)
            .fold(None::<f64>, |m, h| Some(m.map_or(h, |m| m.max(h))));
        let height_m = next
            .map(|n| n - st.2)
            .or(tallest)
            .filter(|h| *h > 1.5 && *h < 30.0)
            .unwrap_or(DEFAULT_HEIGHT_M);
        report.floors.push(Guess {
            source_id: gid(st.0),
            entity: "IFCBUILDINGSTOREY".into(),
            name: Some(st.1.clone()),
            became: Some(id.clone()),
            role: "floor".into(),
            how: format!("elevation {:.3} m, height {:.3} m", st.2, height_m),
        });
        floor_of_storey.insert(st.0, floors.len());
        floors.push(Floor {
            id,
            name: Some(st.1.clone()),
            elevation_m: st.2,
            height_m,
            rooms: Vec::new(),
            doors: Vec::new(),
            windows: Vec::new(),
        });
    }
    let mut room_floor: Vec<Option<usize>> = vec![None; spaces.len()];
    for (i, sp) in spaces.iter().enumerate() {
        let Some(&fi) = floor_of_storey.get(&sp.storey) else {
            continue;
        };
        room_floor[i] = Some(fi);
        let f = &mut floors[fi];
        let clear = sp
            .height_m
            .filter(|h| *h > 1.5 && (*h - f.height_m).abs() > 1e-3 && *h < f.height_m);
        report.rooms.push(Guess {
            source_id: sp.gid.clone(),
            entity: "IFCSPACE".into(),
            name: sp.name.clone(),
            became: Some(sp.id.clone()),
            role: format!("room:{}", sp.room_use.as_str()),
            how: sp.how.clone(),
        });
        f.rooms.push(Room {
            id: sp.id.clone(),
            room_use: sp.room_use,
            polygon: sp.polygon.clone(),
            beds: (sp.room_use == RoomUse::Bedroom).then_some(1),
            household: None,
            ceiling_height_m: clear,
            ventilation: None,
            reflectance: None,
            name: sp.name.clone(),
        });
    }

    // Place openings.
    let mut used_ids: HashSet<String> = seen.clone();
    used_ids.extend(floor_ids.iter().cloned());
    for o in &openings {
        let c = P2::new(o.centre[0], o.centre[1]);
        let mut rooms: Vec<usize> = o
            .rooms
            .iter()
            .copied()
            .filter(|&r| room_floor[r].is_some())
            .collect();
        if rooms.is_empty() && o.rooms.is_empty() {
            // By geometry: the rooms nearest the centre on the storey at its height.
            let fi = floors
                .iter()
                .enumerate()
                .filter(|(_, f)| f.elevation_m <= o.centre[2] + 0.5)
                .max_by(|a, b| a.1.elevation_m.total_cmp(&b.1.elevation_m))
                .map(|(k, _)| k);
            let mut near: Vec<(f64, usize)> = (0..spaces.len())
                .filter(|&r| room_floor[r] == fi && fi.is_some())
                .map(|r| (boundary_distance(&spaces[r].polygon, c), r))
                .filter(|(d, _)| *d <= DOOR_ROOM_M)
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rooms = near.into_iter().map(|x| x.1).collect();
        }
        if rooms.len() > 2 {
            rooms.sort_by(|&a, &b| {
                boundary_distance(&spaces[a].polygon, c)
                    .total_cmp(&boundary_distance(&spaces[b].polygon, c))
                    .then(a.cmp(&b))
            });
            rooms.truncate(2);
        }
        let is_door = o.entity.starts_with("IFCDOOR");
        let Some(&first) = rooms.first() else {
            report.ignore(
                o.gid.clone(),
                o.entity,
                o.name.clone(),
                format!(
                    "no room within {DOOR_ROOM_M} m of its centre ({:.2}, {:.2})",
                    c.x, c.y
                ),
            );
            continue;
        };
        let fi = room_floor[first].unwrap_or(0);
        let mut id = sanitize(&format!("{}-{}", if is_door { "D" } else { "W" }, o.gid));
        while !used_ids.insert(id.clone()) {
            id.push('x');
        }
        if is_door {
            let (sides, at) = if rooms.len() == 2 {
                (
                    [spaces[rooms[0]].id.clone(), spaces[rooms[1]].id.clone()],
                    c,
                )
            } else {
                (
                    [spaces[first].id.clone(), plan::OUTSIDE.to_string()],
                    nearest_on_boundary(&spaces[first].polygon, c),
                )
            };
            report.doors.push(Guess {
                source_id: o.gid.clone(),
                entity: o.entity.into(),
                name: o.name.clone(),
                became: Some(id.clone()),
                role: format!("door:{}|{}", sides[0], sides[1]),
                how: o.how.clone(),
            });
            floors[fi].doors.push(Door {
                id,
                rooms: sides,
                at: [at.x, at.y],
                width_m: o.width_m,
                kind: DoorKind::Normal,
            });
        } else {
            // The room whose outline is nearest the window's centre on that floor (a space
            // boundary may name a neighbour of the room the window actually lights).
            let first = (0..spaces.len())
                .filter(|&r| room_floor[r] == Some(fi))
                .min_by(|&a, &b| {
                    boundary_distance(&spaces[a].polygon, c)
                        .total_cmp(&boundary_distance(&spaces[b].polygon, c))
                        .then(a.cmp(&b))
                })
                .unwrap_or(first);
            let (at, width_m) = fit_on_boundary(&spaces[first].polygon, c, o.width_m);
            let sill = (o.centre[2] - o.height_m / 2.0 - floors[fi].elevation_m).clamp(0.0, 3.0);
            report.windows.push(Guess {
                source_id: o.gid.clone(),
                entity: o.entity.into(),
                name: o.name.clone(),
                became: Some(id.clone()),
                role: format!("window:{}", spaces[first].id),
                how: o.how.clone(),
            });
            floors[fi].windows.push(Window {
                id,
                room: spaces[first].id.clone(),
                at: [at.x, at.y],
                width_m,
                height_m: o.height_m,
                sill_m: sill,
                transmittance: plan::default_transmittance(),
                obstruction_deg: 0.0,
                outlook: Default::default(),
            });
        }
    }

    // Open plan: spaces that touch along an edge with no door between them have no wall there.
    for f in &mut floors {
        open_plan(f, &mut used_ids, &mut report);
    }

    // Stairs and lifts between consecutive floors.
    let vertical = stairs::links(&floors, &vertical_elements, &mut report);

    if floors.iter().all(|f| f.rooms.is_empty()) {
        diags.push(err(
            "ifc-no-spaces",
            format!("no IfcSpace with a readable footprint on a storey ({} IfcSpace in the file)", s.of_type("IFCSPACE").len()),
            "export the model with its spaces (rooms) included; see the ignored entries of the import report",
        ));
        return IfcImport {
            plan: None,
            diagnostics: diags,
            report,
        };
    }
    let name = opts.name.clone().unwrap_or_else(|| {
        ["IFCBUILDING", "IFCPROJECT"]
            .iter()
            .find_map(|t| {
                s.of_type(t)
                    .first()
                    .and_then(|&b| s.args(b))
                    .and_then(|a| text(&a, 2))
            })
            .unwrap_or_default()
    });
    let plan = Plan {
        schema: plan::PLAN_SCHEMA.into(),
        name,
        description: Some(format!(
            "Imported from IFC ({}) by carehome import",
            s.schema
        )),
        construction: plan::Construction::Existing,
        north_deg: 0.0,
        site: None,
        households: Vec::new(),
        outdoor: Vec::new(),
        floors,
        vertical,
        max_wall_thickness_m: None,
    };
    IfcImport {
        plan: Some(plan),
        diagnostics: diags,
        report,
    }
}

fn to_p2(poly: &[[f64; 2]]) -> Vec<P2> {
    poly.iter().copied().map(geom::p2).collect()
}

/// An id safe in a plan: letters, digits, `-`, `_`, `.`; anything else becomes `_`.
fn sanitize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn boundary_distance(poly: &[[f64; 2]], c: P2) -> f64 {
    let p = to_p2(poly);
    (0..p.len())
        .map(|k| {
            geom::Segment::new(p[k], p[(k + 1) % p.len()])
                .distance_to(c)
                .0
        })
        .fold(f64::INFINITY, f64::min)
}

fn nearest_on_boundary(poly: &[[f64; 2]], c: P2) -> P2 {
    let p = to_p2(poly);
    (0..p.len())
        .map(|k| {
            let e = geom::Segment::new(p[k], p[(k + 1) % p.len()]);
            let (d, t) = e.distance_to(c);
            (d, e.at_distance(t))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(c, |x| x.1)
}

/// The opening width left at each end of a touching stretch, metres (so the opening stays inside
/// the edge it is on).
const OPEN_PLAN_MARGIN_M: f64 = 0.01;

/// Join rooms of `f` that touch along an edge (0 m apart) and have no door between them with an
/// opening the length of their longest common stretch: in a BIM model touching spaces have no
/// wall between them (an open-plan kitchen and living room, a hall and its landing).
fn open_plan(f: &mut Floor, used: &mut HashSet<String>, report: &mut GuessReport) {
    let polys: Vec<Vec<P2>> = f
        .rooms
        .iter()
        .map(|r| geom::ensure_ccw(to_p2(&r.polygon)))
        .collect();
    let joined = |a: &str, b: &str, doors: &[Door]| {
        doors
            .iter()
            .any(|d| (d.rooms[0] == a && d.rooms[1] == b) || (d.rooms[0] == b && d.rooms[1] == a))
    };
    for i in 0..polys.len() {
        for j in i + 1..polys.len() {
            let (a, b) = (f.rooms[i].id.clone(), f.rooms[j].id.clone());
            if joined(&a, &b, &f.doors) {
                continue;
            }
            let mut best: Option<(f64, geom::Segment)> = None;
            for e in ring_edges(&polys[i]) {
                for g in ring_edges(&polys[j]) {
                    if let Some((lo, hi)) = geom::collinear_overlap(&e, &g, geom::EPS_M)
                        && best.is_none_or(|b| hi - lo > b.0)
                    {
                        best = Some((
                            hi - lo,
                            geom::Segment::new(e.at_distance(lo), e.at_distance(hi)),
                        ));
                    }
                }
            }
            let Some((len, seg)) = best else { continue };
            let width_m = (len - 2.0 * OPEN_PLAN_MARGIN_M).min(9.99);
            if width_m < 0.3 {
                continue;
            }
            let mut id = sanitize(&format!("O-{a}-{b}"));
            while !used.insert(id.clone()) {
                id.push('x');
            }
            let at = seg.midpoint();
            report.doors.push(Guess {
                source_id: format!("{a}+{b}"),
                entity: "IFCSPACE".into(),
                name: None,
                became: Some(id.clone()),
                role: format!("opening:{a}|{b}"),
                how: format!(
                    "open plan: the spaces touch along {len:.2} m with no door, so no wall"
                ),
            });
            f.doors.push(Door {
                id,
                rooms: [a, b],
                at: [at.x, at.y],
                width_m,
                kind: DoorKind::Normal,
            });
        }
    }
}

fn ring_edges(p: &[P2]) -> impl Iterator<Item = geom::Segment> + '_ {
    (0..p.len()).map(move |k| geom::Segment::new(p[k], p[(k + 1) % p.len()]))
}

/// `c` moved onto the nearest edge of `poly` and along it so an opening of `width_m` fits; the
/// width is narrowed (to the edge less 2 cm) when the edge is shorter.
fn fit_on_boundary(poly: &[[f64; 2]], c: P2, width_m: f64) -> (P2, f64) {
    let p = to_p2(poly);
    let Some((_, e, t)) = ring_edges(&p)
        .map(|e| {
            let (d, t) = e.distance_to(c);
            (d, e, t)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return (c, width_m);
    };
    let len = e.length_m();
    let w = width_m.min((len - 0.02).max(0.01));
    let t = t.clamp(w / 2.0, (len - w / 2.0).max(w / 2.0));
    (e.at_distance(t), w)
}

/// The representations of a product: (identifier, type, items).
fn representations(s: &Step, pds: Option<u64>) -> Vec<(String, Vec<u64>)> {
    let Some(a) = pds.and_then(|p| s.args(p)) else {
        return Vec::new();
    };
    a.get(2)
        .map(Val::as_list)
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| {
            let ra = s.args(r.as_ref_id()?)?;
            let ident = ra.get(1).and_then(Val::as_str).unwrap_or("").to_string();
            let items = ra
                .get(3)
                .map(Val::as_list)
                .unwrap_or(&[])
                .iter()
                .filter_map(Val::as_ref_id)
                .collect();
            Some((ident, items))
        })
        .collect()
}

/// How far above the lowest point of a space's body its floor outline is cut, metres. An
/// assumption: just above the floor, so a room under a sloped roof keeps its whole floor and a
/// stair space its floor on its own storey (a plan's usual 1.0–1.2 m cut would lose both).
pub(crate) const SECTION_ABOVE_FLOOR_M: f64 = 0.1;

/// A space's footprint in world metres, the height of its body, and the body's mesh (empty for
/// a `FootPrint` curve or an upright extrusion, whose outline is exact without one).
fn footprint(
    g: &Geo,
    m: &Matrix4<f64>,
    pds: Option<u64>,
) -> (Vec<[f64; 2]>, Option<f64>, body::Mesh) {
    let reps = representations(g.s, pds);
    let xy = |mm: &Matrix4<f64>, p: [f64; 2]| {
        let w = g.world_m(mm, [p[0], p[1], 0.0]);
        [w[0], w[1]]
    };
    for (_, items) in reps
        .iter()
        .filter(|r| r.0.eq_ignore_ascii_case("FootPrint"))
    {
        for &it in items {
            let curves: Vec<u64> = if g.s.type_of(it) == Some("IFCGEOMETRICCURVESET")
                || g.s.type_of(it) == Some("IFCGEOMETRICSET")
            {
                g.s.args(it)
                    .and_then(|a| {
                        a.first()
                            .map(|l| l.as_list().iter().filter_map(Val::as_ref_id).collect())
                    })
                    .unwrap_or_default()
            } else {
                vec![it]
            };
            for c in curves {
                let pts = g.curve_points(c, 0);
                if pts.len() >= 3 {
                    return (
                        pts.into_iter().map(|p| xy(m, p)).collect(),
                        None,
                        body::Mesh::default(),
                    );
                }
            }
        }
    }
    let items: Vec<u64> = reps
        .iter()
        .filter(|r| r.0.eq_ignore_ascii_case("Body"))
        .flat_map(|r| r.1.iter().copied())
        .collect();
    // One upright extrusion: its profile is the footprint, exactly.
    if let [it] = items[..]
        && body::is_upright_extrusion(g, m, it)
    {
        let a = g.s.args(it).unwrap_or_default();
        if let Some(prof) = a.first().and_then(Val::as_ref_id) {
            let pos = *m * g.axis_placement(a.get(1).and_then(Val::as_ref_id));
            let pts = g.profile(prof);
            let depth = a.get(3).and_then(Val::as_f64).map(|d| d * g.unit_m);
            if pts.len() >= 3 {
                return (
                    pts.into_iter().map(|p| xy(&pos, p)).collect(),
                    depth,
                    body::Mesh::default(),
                );
            }
        }
    }
    // Any other body: its horizontal section just above its lowest point.
    let mesh = body::mesh(g, m, &items);
    let Some((z0, z1)) = mesh.z_range() else {
        return (Vec::new(), None, mesh);
    };
    let cut = z0 + SECTION_ABOVE_FLOOR_M.min((z1 - z0) / 2.0);
    (body::section_outline(&mesh, cut), Some(z1 - z0), mesh)
}

/// The centre of an element's extruded body in world metres (an opening element's box).
fn solid_centre(g: &Geo, el: u64) -> Option<[f64; 3]> {
    let a = g.s.args(el)?;
    let m = g.placement(a.get(5).and_then(Val::as_ref_id));
    for (_, items) in representations(g.s, a.get(6).and_then(Val::as_ref_id)) {
        for it in items {
            if g.s.type_of(it) != Some("IFCEXTRUDEDAREASOLID") {
                continue;
            }
            let sa = g.s.args(it)?;
            let pts = g.profile(sa.first()?.as_ref_id()?);
            if pts.len() < 3 {
                continue;
            }
            let c = geom::centroid(&to_p2(&pts));
            let pos = m * g.axis_placement(sa.get(1).and_then(Val::as_ref_id));
            let dir: Vector3<f64> = sa
                .get(2)
                .and_then(Val::as_ref_id)
                .and_then(|d| g.s.args(d))
                .and_then(|d| {
                    d.first().map(|l| {
                        l.as_list()
                            .iter()
                            .filter_map(Val::as_f64)
                            .collect::<Vec<_>>()
                    })
                })
                .map(|v| {
                    Vector3::new(
                        v.first().copied().unwrap_or(0.0),
                        v.get(1).copied().unwrap_or(0.0),
                        v.get(2).copied().unwrap_or(1.0),
                    )
                })
                .unwrap_or(Vector3::z());
            let depth = sa.get(3).and_then(Val::as_f64).unwrap_or(0.0);
            let local = Point3::new(c.x, c.y, 0.0) + dir.normalize() * (depth / 2.0);
            return Some(g.world_m(&pos, [local.x, local.y, local.z]));
        }
    }
    None
}

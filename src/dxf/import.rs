//! DXF drawing → plan: outlines become rooms and outdoor areas, tags name them, door and window
//! symbols are snapped onto the room edges they sit on. Every problem is collected, with the
//! entity handle, layer and position; nothing panics.

use super::flatten::{Flattener, Geom, Item, Src, Xf};
use super::mapping::{LayerMapping, Role};
use super::tags::{self, Tag};
use crate::diag::{Diagnostic, ElementKind, has_errors};
use crate::geom::{self, P2, Segment};
use crate::plan::{
    Construction, Door, Floor, Household, OUTSIDE, OutdoorArea, PLAN_SCHEMA, Plan, Room,
    Ventilation, VerticalKind, VerticalLink, Window,
};
use std::collections::{BTreeMap, HashMap};

/// Length units of a drawing, from `$INSUNITS` (DXF reference, HEADER section: 1 inches,
/// 2 feet, 4 millimetres, 5 centimetres, 6 metres, 10 yards, 14 decimetres; 0 unitless).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    Millimetres,
    Centimetres,
    Decimetres,
    Metres,
    Inches,
    Feet,
    Yards,
}

impl Units {
    /// Metres per drawing unit (1 in = 0.0254 m and 1 ft = 0.3048 m exactly, by the 1959
    /// international yard and pound agreement).
    pub fn metres(self) -> f64 {
        match self {
            Units::Millimetres => 0.001,
            Units::Centimetres => 0.01,
            Units::Decimetres => 0.1,
            Units::Metres => 1.0,
            Units::Inches => 0.0254,
            Units::Feet => 0.3048,
            Units::Yards => 0.9144,
        }
    }

    /// Parse `mm`, `cm`, `dm`, `m`, `in`, `ft`, `yd` (and long names).
    pub fn parse(s: &str) -> Option<Units> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => {
                Units::Millimetres
            }
            "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => {
                Units::Centimetres
            }
            "dm" | "decimetre" | "decimetres" => Units::Decimetres,
            "m" | "metre" | "metres" | "meter" | "meters" => Units::Metres,
            "in" | "inch" | "inches" => Units::Inches,
            "ft" | "foot" | "feet" => Units::Feet,
            "yd" | "yard" | "yards" => Units::Yards,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Units::Millimetres => "millimetres",
            Units::Centimetres => "centimetres",
            Units::Decimetres => "decimetres",
            Units::Metres => "metres",
            Units::Inches => "inches",
            Units::Feet => "feet",
            Units::Yards => "yards",
        }
    }

    fn from_insunits(u: dxf::enums::Units) -> Result<Option<Units>, String> {
        use dxf::enums::Units as U;
        Ok(Some(match u {
            U::Unitless => return Ok(None),
            U::Millimeters => Units::Millimetres,
            U::Centimeters => Units::Centimetres,
            U::Decimeters => Units::Decimetres,
            U::Meters => Units::Metres,
            U::Inches | U::USSurveyInch => Units::Inches,
            U::Feet | U::USSurveyFeet => Units::Feet,
            U::Yards | U::USSurveyYard => Units::Yards,
            other => return Err(format!("{other:?}")),
        }))
    }
}

/// How to read a drawing.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub mapping: LayerMapping,
    /// Units to use instead of (or in the absence of) `$INSUNITS`.
    pub units: Option<Units>,
    /// Floor id for layers without a floor prefix (default `G`).
    pub floor: Option<String>,
    /// Elevation of that floor, metres.
    pub elevation_m: Option<f64>,
    /// Largest distance between an arc and the chords that replace it, metres.
    pub chord_tolerance_m: f64,
    /// How far a door or window symbol may sit from the room edge it belongs to, metres.
    pub snap_m: f64,
    /// Plan name (default: from a `PLAN name=…` tag, else empty).
    pub name: Option<String>,
}

/// Default chord tolerance, metres: 1 mm keeps the area error of a 2 m-radius half-round bay
/// below 0.005 m² (error ≈ ⅔·r·θ·tolerance).
pub const CHORD_TOLERANCE_M: f64 = 0.001;
/// Default snap distance of door and window symbols, metres: half a thick wall.
pub const SNAP_M: f64 = 0.2;

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            mapping: LayerMapping::default(),
            units: None,
            floor: None,
            elevation_m: None,
            chord_tolerance_m: CHORD_TOLERANCE_M,
            snap_m: SNAP_M,
            name: None,
        }
    }
}

/// Where each plan element (room, door, window, outdoor area) came from in the drawing.
pub type Sources = HashMap<String, Src>;

/// The result of an import: the plan (when the drawing had no errors), every diagnostic, and
/// the sources of elements for later messages.
#[derive(Debug)]
pub struct Imported {
    pub plan: Option<Plan>,
    /// When `plan` is `None` because some entities made no element: the plan of those that did,
    /// for [`crate::building::resolve_salvaged`] to report their own errors in the same run.
    pub partial: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

fn entity_diag(code: &'static str, src: &Src, message: String) -> Diagnostic {
    Diagnostic::error(code, message).at(ElementKind::Entity, src.handle.clone())
}

fn round6(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

fn xy(p: P2) -> [f64; 2] {
    [round6(p.x), round6(p.y)]
}

/// One drawing to import: a label for messages (its file name), its bytes, and the floor its
/// unprefixed layers belong to.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    pub label: String,
    pub bytes: &'a [u8],
    pub floor: Option<String>,
    pub elevation_m: Option<f64>,
}

/// Read DXF bytes (ASCII or binary, R12–R2018) into a plan.
pub fn import_bytes(bytes: &[u8], opts: &ImportOptions) -> Imported {
    import_many(
        &[Input {
            label: String::new(),
            bytes,
            floor: opts.floor.clone(),
            elevation_m: opts.elevation_m,
        }],
        opts,
    )
}

/// Parse DXF bytes, refusing DWG files and unreadable or pre-R12 drawings with a clear message.
pub fn parse(bytes: &[u8]) -> Result<dxf::Drawing, Diagnostic> {
    let head = &bytes[..bytes.len().min(22)];
    if head.starts_with(b"AC10") {
        return Err(
            Diagnostic::error("dxf-unreadable", "this is a DWG file, not DXF").help(
                "in CAD, save or export the drawing as DXF (SAVEAS → DXF, version 2018 or older)",
            ),
        );
    }
    let parsed = std::panic::catch_unwind(|| dxf::Drawing::load(&mut std::io::Cursor::new(bytes)));
    let drawing = match parsed {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            return Err(
                Diagnostic::error("dxf-unreadable", format!("cannot read the drawing as DXF: {e}"))
                    .help("carehome reads ASCII and binary DXF, versions R12 to R2018; save the drawing again as DXF 2018 (or 2013, 2010, R12)"),
            );
        }
        Err(_) => {
            return Err(Diagnostic::error(
                "dxf-unreadable",
                "the DXF reader failed on this file (malformed DXF)",
            )
            .help("save the drawing again as DXF 2018 from CAD"));
        }
    };
    use dxf::enums::AcadVersion as V;
    let version = drawing.header.version;
    if matches!(
        version,
        V::Version_1_0
            | V::Version_1_2
            | V::Version_1_40
            | V::Version_2_05
            | V::Version_2_10
            | V::Version_2_21
            | V::Version_2_22
            | V::Version_2_5
            | V::Version_2_6
            | V::R9
            | V::R10
            | V::R11
    ) {
        return Err(Diagnostic::error(
            "dxf-version",
            format!("the drawing is DXF version {version:?}; carehome reads R12 to R2018"),
        )
        .help("save the drawing as DXF R12 or newer"));
    }
    Ok(drawing)
}

/// Units of a drawing (`--units`, else `$INSUNITS`, else a guess from the size of the outlines,
/// with a warning).
fn units_of(
    drawing: &dxf::Drawing,
    opts: &ImportOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Units> {
    match (
        opts.units,
        Units::from_insunits(drawing.header.default_drawing_units),
    ) {
        (Some(u), _) => Some(u),
        (None, Ok(Some(u))) => Some(u),
        (None, Err(name)) => {
            diags.push(Diagnostic::error(
                "dxf-unknown-units",
                format!("the drawing's units ($INSUNITS) are {name}, which carehome does not convert"),
            )
            .help("pass --units mm|cm|m|in|ft, or set the drawing units (UNITS command) to millimetres or metres"));
            None
        }
        (None, Ok(None)) => {
            let mut probe = Flattener::new(drawing, &opts.mapping, 1.0, 1.0);
            probe.run(drawing.entities(), &Xf::scale(1.0));
            let pts: Vec<P2> = probe
                .items
                .iter()
                .filter(|i| matches!(i.role, Role::Room | Role::Outdoor))
                .filter_map(|i| match &i.geom {
                    Geom::Path { pts, .. } => Some(pts.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            let (lo, hi) = geom::bbox(&pts);
            let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]);
            let guess = if extent.is_finite() && extent > 1000.0 {
                Units::Millimetres
            } else {
                Units::Metres
            };
            let span = if extent.is_finite() {
                format!("the room outlines span {extent:.0} units, so ")
            } else {
                String::new()
            };
            diags.push(
                Diagnostic::warning(
                    "dxf-no-units",
                    format!(
                        "the drawing does not state its units ($INSUNITS is 0, unitless); {span}carehome assumed {}",
                        guess.name()
                    ),
                )
                .help("pass --units mm|cm|m|in|ft, or set the drawing units (UNITS command, \"insertion scale\") before exporting"),
            );
            Some(guess)
        }
    }
}

/// Import several drawings into one plan (e.g. one drawing per floor). Handles in messages are
/// prefixed with each drawing's label when there is more than one.
pub fn import_many(inputs: &[Input], opts: &ImportOptions) -> Imported {
    let mut diags = Vec::new();
    let mut items = Vec::new();
    let mut layers = Vec::new();
    let mut elevations = HashMap::new();
    let many = inputs.len() > 1;
    for inp in inputs {
        let label = |mut d: Diagnostic| {
            if many {
                d.message = format!("{}: {}", inp.label, d.message);
            }
            d
        };
        let drawing = match parse(inp.bytes) {
            Ok(d) => d,
            Err(d) => {
                diags.push(label(d));
                continue;
            }
        };
        let mut ds = Vec::new();
        let Some(units) = units_of(&drawing, opts, &mut ds) else {
            diags.extend(ds.into_iter().map(label));
            continue;
        };
        let mut fl = Flattener::new(
            &drawing,
            &opts.mapping,
            opts.chord_tolerance_m,
            units.metres(),
        );
        fl.run(drawing.entities(), &Xf::scale(units.metres()));
        ds.append(&mut fl.diags);
        diags.extend(ds.into_iter().map(label));
        let floor = inp.floor.clone();
        if let (Some(f), Some(e)) = (&floor, inp.elevation_m) {
            elevations.insert(f.clone(), e);
        }
        for mut it in fl.items {
            if it.floor.is_none() {
                it.floor = floor.clone();
            }
            if many {
                it.src.handle = format!("{}:{}", inp.label, it.src.handle);
            }
            items.push(it);
        }
        layers.extend(drawing.layers().map(|l| l.name.clone()));
    }
    if has_errors(&diags) && items.is_empty() {
        return Imported {
            plan: None,
            partial: None,
            diagnostics: diags,
            sources: Sources::new(),
        };
    }
    let mut b = Builder {
        opts,
        elevations,
        diags,
        sources: Sources::new(),
    };
    let plan = b.build(items, layers);
    let ok = !has_errors(&b.diags);
    let (plan, partial) = if ok {
        (Some(plan), None)
    } else {
        (None, Some(plan))
    };
    Imported {
        plan,
        partial,
        diagnostics: b.diags,
        sources: b.sources,
    }
}

/// An outline of a room or outdoor area before its tag is known.
struct Outline {
    src: Src,
    poly: Vec<P2>,
    outdoor: bool,
    tag: Option<(Tag, Src)>,
    /// False for outlines already reported (open, crossing, degenerate): they still take the
    /// tags inside them, so one mistake gives one message, but they make no room.
    valid: bool,
}

struct Builder<'a> {
    opts: &'a ImportOptions,
    elevations: HashMap<String, f64>,
    diags: Vec<Diagnostic>,
    sources: Sources,
}

/// Outline points without repeated consecutive or closing points.
fn clean(mut pts: Vec<P2>) -> Vec<P2> {
    pts.dedup_by(|a, b| (*a - *b).norm() < 1e-9);
    while pts.len() > 1 && (pts[0] - pts[pts.len() - 1]).norm() < 1e-9 {
        pts.pop();
    }
    pts
}

/// Join open paths whose ends meet (within `tol`) into closed loops. Returns the loops with the
/// indices of their parts, and the indices of paths left open.
/// A closed loop of points with the indices of the paths it was joined from.
type Loop = (Vec<P2>, Vec<usize>);

fn chain(paths: &[(Vec<P2>, usize)], tol: f64) -> (Vec<Loop>, Vec<usize>) {
    let mut used = vec![false; paths.len()];
    let mut loops = Vec::new();
    let mut open = Vec::new();
    for start in 0..paths.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut pts = paths[start].0.clone();
        let mut parts = vec![start];
        loop {
            if pts.len() > 2 && (pts[0] - pts[pts.len() - 1]).norm() <= tol {
                pts.pop();
                loops.push((pts, parts.clone()));
                break;
            }
            let end = pts[pts.len() - 1];
            let next = (0..paths.len()).find_map(|j| {
                if used[j] {
                    return None;
                }
                let q = &paths[j].0;
                if (q[0] - end).norm() <= tol {
                    Some((j, false))
                } else if (q[q.len() - 1] - end).norm() <= tol {
                    Some((j, true))
                } else {
                    None
                }
            });
            match next {
                Some((j, rev)) => {
                    used[j] = true;
                    parts.push(j);
                    let mut q = paths[j].0.clone();
                    if rev {
                        q.reverse();
                    }
                    pts.extend_from_slice(&q[1..]);
                }
                None => {
                    open.extend(parts);
                    break;
                }
            }
        }
    }
    (loops, open)
}

fn parse_enum<T: serde::de::DeserializeOwned>(word: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(tags::use_key(word))).ok()
}

fn num(tag_src: &Src, key: &str, v: &str, diags: &mut Vec<Diagnostic>) -> Option<f64> {
    match v.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            diags.push(entity_diag(
                "dxf-bad-tag",
                tag_src,
                format!("{}: `{key}={v}` is not a number", tag_src.describe("tag")),
            ));
            None
        }
    }
}

/// A door or window symbol ready to be placed.
struct Opening<'i> {
    item: &'i Item,
    anchor: P2,
    pts: Vec<P2>,
    attrs: Vec<(String, String)>,
}

impl Builder<'_> {
    fn build(&mut self, items: Vec<Item>, mut layers: Vec<String>) -> Plan {
        let default_floor = self.opts.floor.clone().unwrap_or_else(|| "G".to_string());
        // Floors in order of first appearance in the drawing (sorted by elevation at the end).
        let mut by_floor: Vec<(String, Vec<&Item>)> = Vec::new();
        for it in &items {
            let f = it.floor.clone().unwrap_or_else(|| default_floor.clone());
            match by_floor.iter_mut().find(|(id, _)| *id == f) {
                Some((_, v)) => v.push(it),
                None => by_floor.push((f, vec![it])),
            }
        }
        if !items.iter().any(|i| matches!(i.role, Role::Room)) {
            layers.sort();
            layers.dedup();
            layers.truncate(40);
            self.diags.push(
                Diagnostic::error(
                    "dxf-no-rooms",
                    format!(
                        "no room outlines found: no entity in model space is on a room layer ({}); the drawing's layers are: {}",
                        self.opts.mapping.rooms.join(", "),
                        layers.join(", ")
                    ),
                )
                .help("put the closed room outlines on A-AREA-BNDY, or pass --layers with a mapping of your office's layer names (see docs/dxf.md)"),
            );
        }
        let mut plan = Plan {
            schema: PLAN_SCHEMA.to_string(),
            name: self.opts.name.clone().unwrap_or_default(),
            description: Some("Imported from DXF by carehome import".to_string()),
            construction: Construction::NewBuild,
            north_deg: 0.0,
            site: None,
            households: Vec::new(),
            outdoor: Vec::new(),
            floors: Vec::new(),
            vertical: Vec::new(),
            max_wall_thickness_m: None,
        };
        let mut links: BTreeMap<String, Vec<(String, String, Src, crate::plan::RoomUse)>> =
            BTreeMap::new();
        let mut floor_tags: HashMap<String, (Tag, Src)> = HashMap::new();
        let n_floors = by_floor.len();
        for (fi, (floor_id, its)) in by_floor.into_iter().enumerate() {
            let mut floor = Floor {
                id: floor_id.clone(),
                name: None,
                elevation_m: 0.0,
                height_m: crate::plan::default_height_m(),
                rooms: Vec::new(),
                doors: Vec::new(),
                windows: Vec::new(),
            };
            let outlines = self.outlines(&its);
            let mut outlines = outlines;
            self.assign_tags(&its, &mut outlines, &mut plan, &mut floor_tags, &floor_id);
            self.rooms_from(&outlines, &mut floor, &mut plan, &mut links, &floor_id);
            self.openings(&its, &outlines, &mut floor);
            self.wall_check(&its, &outlines);
            // Floor settings: --floor/--elevation-m, mapping file, FLOOR tag, else stacked 3 m apart.
            let settings = self.opts.mapping.floor_settings(&floor_id).cloned();
            let ftag = floor_tags.get(&floor_id);
            let mut elevation = None;
            if let Some((t, s)) = ftag {
                if let Some(v) = t.get("elevation") {
                    elevation = num(s, "elevation", v, &mut self.diags);
                }
                if let Some(v) = t.get("height")
                    && let Some(h) = num(s, "height", v, &mut self.diags)
                {
                    floor.height_m = h;
                }
                floor.name = t.get("name").map(str::to_string);
            }
            if let Some(s) = &settings {
                elevation = s.elevation_m.or(elevation);
                if let Some(h) = s.height_m {
                    floor.height_m = h;
                }
                if s.name.is_some() {
                    floor.name = s.name.clone();
                }
            }
            if let Some(e) = self.elevations.get(&floor_id) {
                elevation = Some(*e);
            }
            floor.elevation_m = match elevation {
                Some(e) => e,
                None if n_floors > 1 => {
                    let e = 3.0 * fi as f64;
                    self.diags.push(Diagnostic::warning(
                        "dxf-floor-elevation",
                        format!("floor {floor_id} has no elevation; carehome assumed {e} m (floors 3 m apart in the order they first appear in the drawing)"),
                    ).help("give it in the mapping file ([[floors]] id/elevation_m) or a tag `FLOOR id elevation=…` on the tag layer"));
                    e
                }
                None => 0.0,
            };
            plan.floors.push(floor);
        }
        // Vertical links: rooms on two floors whose tags carry the same `link=`.
        for (id, rooms) in links {
            if rooms.len() != 2 || rooms[0].0 == rooms[1].0 {
                let srcs: Vec<String> = rooms
                    .iter()
                    .map(|r| format!("{} ({} on floor {})", r.2.handle, r.1, r.0))
                    .collect();
                let src = rooms[0].2.clone();
                self.diags.push(entity_diag(
                    "dxf-bad-link",
                    &src,
                    format!("vertical link {id} must join exactly two rooms on different floors; tagged: {}", srcs.join(", ")),
                ).help("tag one stair or lift room per floor with the same `link=` id"));
                continue;
            }
            let kind = match rooms[0].3 {
                crate::plan::RoomUse::Lift => VerticalKind::Lift,
                _ => VerticalKind::Stair,
            };
            plan.vertical.push(VerticalLink {
                id,
                kind,
                rooms: [rooms[0].1.clone(), rooms[1].1.clone()],
                travel_time_s: None,
                capacity_persons: None,
            });
        }
        plan.households.sort_by(|a, b| a.id.cmp(&b.id));
        plan.floors
            .sort_by(|a, b| a.elevation_m.total_cmp(&b.elevation_m));
        plan
    }

    /// Closed outlines of rooms and outdoor areas; open ones are reported.
    fn outlines(&mut self, its: &[&Item]) -> Vec<Outline> {
        let mut out = Vec::new();
        let mut open: Vec<(Vec<P2>, usize)> = Vec::new();
        let mut open_items: Vec<(&Item, bool)> = Vec::new();
        for it in its {
            let outdoor = match it.role {
                Role::Room => false,
                Role::Outdoor => true,
                _ => continue,
            };
            match &it.geom {
                Geom::Path { pts, closed, .. } => {
                    let mut pts = pts.clone();
                    let closed = *closed
                        || (pts.len() > 3 && (pts[0] - pts[pts.len() - 1]).norm() < 0.001);
                    if closed {
                        pts = clean(pts);
                        out.push(Outline {
                            src: it.src.clone(),
                            poly: pts,
                            outdoor,
                            tag: None,
                            valid: true,
                        });
                    } else if pts.len() >= 2 {
                        open.push((pts, open_items.len()));
                        open_items.push((it, outdoor));
                    }
                }
                Geom::Text { kind, .. } => self.diags.push(
                    Diagnostic::warning(
                        "dxf-ignored-entity",
                        format!("{} is text on an outline layer; it is ignored", it.src.describe(kind)),
                    )
                    .at(ElementKind::Entity, it.src.handle.clone())
                    .help("put room tags on the tag layer (A-AREA-IDEN)"),
                ),
                Geom::Block { name, .. } => self.diags.push(
                    Diagnostic::warning(
                        "dxf-unsupported-entity",
                        format!("{} is a block reference (\"{name}\") on an outline layer; it is ignored", it.src.describe("INSERT")),
                    )
                    .at(ElementKind::Entity, it.src.handle.clone())
                    .help("draw room outlines as closed polylines; explode the block or put its outline on another layer"),
                ),
                Geom::Unsupported { kind } => self.unsupported(it, kind, "a closed polyline (LWPOLYLINE/POLYLINE), a CIRCLE, or LINEs and ARCs that meet end to end"),
            }
        }
        let (loops, left) = chain(&open, 0.001);
        for (poly, parts) in loops {
            let first = open_items[parts[0]].0;
            let handles: Vec<&str> = parts
                .iter()
                .map(|&k| open_items[k].0.src.handle.as_str())
                .collect();
            out.push(Outline {
                src: Src {
                    handle: handles.join("+"),
                    ..first.src.clone()
                },
                poly: clean(poly),
                outdoor: open_items[parts[0]].1,
                tag: None,
                valid: true,
            });
        }
        for k in left {
            let it = open_items[k].0;
            let (a, z) = match &it.geom {
                Geom::Path { pts, .. } => (pts[0], pts[pts.len() - 1]),
                _ => continue,
            };
            let kind = match &it.geom {
                Geom::Path { kind, .. } => *kind,
                _ => "entity",
            };
            self.diags.push(
                entity_diag(
                    "dxf-open-outline",
                    &it.src,
                    format!(
                        "{} is an open outline: it runs from ({:.3}, {:.3}) to ({:.3}, {:.3}) m and does not close",
                        it.src.describe(kind), a.x, a.y, z.x, z.y
                    ),
                )
                .help("close the polyline (PEDIT → Close, or tick \"Closed\" in Properties); a room outline must be one closed loop"),
            );
            if let Geom::Path { pts, .. } = &it.geom
                && pts.len() >= 3
            {
                out.push(Outline {
                    src: it.src.clone(),
                    poly: clean(pts.clone()),
                    outdoor: open_items[k].1,
                    tag: None,
                    valid: false,
                });
            }
        }
        // Shape checks.
        for o in out.iter_mut().filter(|o| o.valid) {
            if let Some((i, j)) = (o.poly.len() >= 3)
                .then(|| geom::self_intersection(&o.poly))
                .flatten()
            {
                let n = o.poly.len();
                let (a, b) = (o.poly[i], o.poly[(i + 1) % n]);
                let (c, d) = (o.poly[j], o.poly[(j + 1) % n]);
                let p = crossing_point(a, b, c, d).unwrap_or(a);
                self.diags.push(entity_diag(
                    "dxf-self-intersecting",
                    &o.src,
                    format!(
                        "{} crosses itself near ({:.3}, {:.3}) m (edge ({:.2}, {:.2})–({:.2}, {:.2}) crosses edge ({:.2}, {:.2})–({:.2}, {:.2}))",
                        o.src.describe("outline"), p.x, p.y, a.x, a.y, b.x, b.y, c.x, c.y, d.x, d.y
                    ),
                ).help("redraw the outline so it does not cross itself (a figure-of-eight is two rooms)"));
                o.valid = false;
                continue;
            }
            let area = geom::area_m2(&o.poly);
            if o.poly.len() < 3 || area < 0.01 {
                self.diags.push(
                    entity_diag(
                        "dxf-degenerate-outline",
                        &o.src,
                        format!(
                            "{} encloses {area:.3} m², too small for a room",
                            o.src.describe("outline")
                        ),
                    )
                    .help("delete it or redraw it; check the drawing units (--units)"),
                );
                o.valid = false;
            }
        }
        out
    }

    fn unsupported(&mut self, it: &Item, kind: &str, expected: &str) {
        self.diags.push(
            Diagnostic::warning(
                "dxf-unsupported-entity",
                format!("{} is not read on this layer; it is ignored", it.src.describe(kind)),
            )
            .at(ElementKind::Entity, it.src.handle.clone())
            .help(format!("carehome reads {expected} here; move the entity to another layer if it is only drawing")),
        );
    }

    fn assign_tags(
        &mut self,
        its: &[&Item],
        outlines: &mut [Outline],
        plan: &mut Plan,
        floor_tags: &mut HashMap<String, (Tag, Src)>,
        floor_id: &str,
    ) {
        for it in its {
            if it.role != Role::Tag {
                continue;
            }
            let tag = match &it.geom {
                Geom::Text { value, .. } => tags::parse_text(value),
                Geom::Block { attrs, texts, .. } => tags::from_block(attrs, texts),
                Geom::Path { kind, .. } => {
                    // Leader lines and boxes around tags are common; ignore them quietly.
                    let _ = kind;
                    continue;
                }
                Geom::Unsupported { kind } => {
                    self.unsupported(it, kind, "TEXT, MTEXT or tag blocks with attributes");
                    continue;
                }
            };
            let Some(tag) = tag else {
                self.diags.push(
                    Diagnostic::warning(
                        "dxf-empty-tag",
                        format!("{} is empty; it is ignored", it.src.describe("tag")),
                    )
                    .at(ElementKind::Entity, it.src.handle.clone()),
                );
                continue;
            };
            let p = it.src.at;
            // Rooms first (a room may stand inside a courtyard outline), smallest first.
            let mut hits: Vec<usize> = (0..outlines.len())
                .filter(|&k| geom::contains(&outlines[k].poly, p))
                .collect();
            hits.sort_by(|&a, &b| {
                (outlines[a].outdoor, geom::area_m2(&outlines[a].poly))
                    .partial_cmp(&(outlines[b].outdoor, geom::area_m2(&outlines[b].poly)))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            match hits.first() {
                None if tag.id.eq_ignore_ascii_case("FLOOR") => {
                    let mut t = tag.clone();
                    t.id = t.use_word.clone().unwrap_or_else(|| floor_id.to_string());
                    floor_tags.insert(t.id.clone(), (t, it.src.clone()));
                }
                None if tag.id.eq_ignore_ascii_case("PLAN") => {
                    if self.opts.name.is_none()
                        && let Some(n) = tag.get("name") {
                            plan.name = n.to_string();
                        }
                    if let Some(v) = tag.get("north")
                        && let Some(x) = num(&it.src, "north", v, &mut self.diags) {
                            plan.north_deg = x;
                        }
                    if let Some(v) = tag.get("construction") {
                        match parse_enum::<Construction>(v) {
                            Some(c) => plan.construction = c,
                            None => self.diags.push(entity_diag("dxf-bad-tag", &it.src, format!("{}: construction `{v}` is not new_build or existing", it.src.describe("tag")))),
                        }
                    }
                    if let Some(d) = tag.get("description") {
                        plan.description = Some(d.to_string());
                    }
                }
                None => self.diags.push(
                    entity_diag(
                        "dxf-tag-outside",
                        &it.src,
                        format!("{} (\"{}\") lies outside every room and outdoor outline", it.src.describe("tag"), tag.id),
                    )
                    .help("move the tag's insertion point inside its room outline, or draw the missing outline on the room layer"),
                ),
                Some(&k) => {
                    if let Some((old, old_src)) = &outlines[k].tag {
                        let o = &outlines[k];
                        self.diags.push(
                            entity_diag(
                                "dxf-two-tags",
                                &it.src,
                                format!(
                                    "{} has two tags: \"{}\" ({}) and \"{}\" ({})",
                                    o.src.describe("outline"), old.id, old_src.describe("tag"), tag.id, it.src.describe("tag")
                                ),
                            )
                            .help("delete one tag, or split the outline into two rooms"),
                        );
                    } else {
                        outlines[k].tag = Some((tag, it.src.clone()));
                    }
                }
            }
        }
    }

    fn rooms_from(
        &mut self,
        outlines: &[Outline],
        floor: &mut Floor,
        plan: &mut Plan,
        links: &mut BTreeMap<String, Vec<(String, String, Src, crate::plan::RoomUse)>>,
        floor_id: &str,
    ) {
        for o in outlines.iter().filter(|o| o.valid) {
            let Some((tag, tsrc)) = &o.tag else {
                let c = geom::centroid(&o.poly);
                self.diags.push(
                    entity_diag(
                        "dxf-untagged-outline",
                        &o.src,
                        format!("{} ({:.2} m², centre ({:.2}, {:.2}) m) has no tag", o.src.describe("outline"), geom::area_m2(&o.poly), c.x, c.y),
                    )
                    .help("place a tag `ID use` (e.g. `B12 bedroom 1`) inside it on the tag layer (A-AREA-IDEN)"),
                );
                continue;
            };
            let polygon: Vec<[f64; 2]> = o.poly.iter().map(|p| xy(*p)).collect();
            let word = tag.use_word.clone().unwrap_or_default();
            let unknown_keys = |this: &mut Self, known: &[&str]| {
                for (k, v) in &tag.fields {
                    if !known.contains(&k.as_str()) {
                        this.diags.push(
                            Diagnostic::warning(
                                "dxf-tag-field",
                                format!(
                                    "{}: `{}` is not a tag field; it is ignored",
                                    tsrc.describe("tag"),
                                    if k == "?" {
                                        v.clone()
                                    } else {
                                        format!("{k}={v}")
                                    }
                                ),
                            )
                            .at(ElementKind::Entity, tsrc.handle.clone())
                            .help("tag fields are documented in docs/dxf.md"),
                        );
                    }
                }
            };
            if o.outdoor {
                let Some(u) = parse_enum::<crate::plan::OutdoorUse>(&word) else {
                    self.diags.push(entity_diag("dxf-bad-tag", tsrc, format!("{}: outdoor area {} needs a use (garden, courtyard, terrace, street, parking), got \"{word}\"", tsrc.describe("tag"), tag.id)));
                    continue;
                };
                unknown_keys(self, &["name"]);
                self.sources.insert(tag.id.clone(), o.src.clone());
                plan.outdoor.push(OutdoorArea {
                    id: tag.id.clone(),
                    outdoor_use: u,
                    polygon,
                    floor: None,
                    name: tag.get("name").map(str::to_string),
                });
                continue;
            }
            let Some(room_use) = parse_enum::<crate::plan::RoomUse>(&word) else {
                let all: Vec<&str> = crate::plan::RoomUse::ALL
                    .iter()
                    .map(|u| u.as_str())
                    .collect();
                self.diags.push(
                    entity_diag(
                        "dxf-bad-tag",
                        tsrc,
                        format!(
                            "{}: room {} has {} use; tags read `ID use [beds]`",
                            tsrc.describe("tag"),
                            tag.id,
                            if word.is_empty() {
                                "no".to_string()
                            } else {
                                format!("an unknown \"{word}\"")
                            }
                        ),
                    )
                    .help(format!("uses: {}", all.join(", "))),
                );
                continue;
            };
            unknown_keys(
                self,
                &[
                    "beds",
                    "household",
                    "name",
                    "ceiling",
                    "ach",
                    "supply_l_s",
                    "cadr",
                    "link",
                ],
            );
            let beds = match tag.get("beds") {
                Some(v) => match v.parse::<u32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.diags.push(entity_diag(
                            "dxf-bad-tag",
                            tsrc,
                            format!("{}: beds `{v}` is not a whole number", tsrc.describe("tag")),
                        ));
                        None
                    }
                },
                None if room_use == crate::plan::RoomUse::Bedroom => Some(1),
                None => None,
            };
            let household = tag.get("household").map(str::to_string);
            if let Some(h) = &household
                && !plan.households.iter().any(|x| &x.id == h)
            {
                plan.households.push(Household {
                    id: h.clone(),
                    name: None,
                });
            }
            let mut vent = Ventilation::default();
            let mut any_vent = false;
            for (key, slot) in [
                ("ach", &mut vent.ach),
                ("supply_l_s", &mut vent.supply_l_s),
                ("cadr", &mut vent.air_cleaner_cadr_m3_h),
            ] {
                if let Some(v) = tag.get(key) {
                    *slot = num(tsrc, key, v, &mut self.diags);
                    any_vent = true;
                }
            }
            let ceiling = tag
                .get("ceiling")
                .and_then(|v| num(tsrc, "ceiling", v, &mut self.diags));
            if let Some(l) = tag.get("link") {
                for l in l.split(',').map(str::trim).filter(|l| !l.is_empty()) {
                    links.entry(l.to_string()).or_default().push((
                        floor_id.to_string(),
                        tag.id.clone(),
                        tsrc.clone(),
                        room_use,
                    ));
                }
            }
            self.sources.insert(tag.id.clone(), o.src.clone());
            floor.rooms.push(Room {
                id: tag.id.clone(),
                room_use,
                polygon,
                beds,
                household,
                ceiling_height_m: ceiling,
                ventilation: any_vent.then_some(vent),
                reflectance: None,
                name: tag.get("name").map(str::to_string),
            });
        }
    }

    /// Doors and windows: place each symbol on the room edge nearest to it.
    fn openings(&mut self, its: &[&Item], outlines: &[Outline], floor: &mut Floor) {
        let mut edges: Vec<(usize, Segment)> = Vec::new();
        for (k, o) in outlines.iter().enumerate() {
            if o.tag.is_none() || !o.valid {
                continue;
            }
            let n = o.poly.len();
            for i in 0..n {
                edges.push((k, Segment::new(o.poly[i], o.poly[(i + 1) % n])));
            }
        }
        let room_id = |k: usize| {
            outlines[k]
                .tag
                .as_ref()
                .map(|t| t.0.id.clone())
                .unwrap_or_default()
        };
        for it in its {
            let is_door = match it.role {
                Role::Door => true,
                Role::Window => false,
                _ => continue,
            };
            let what = if is_door { "door" } else { "window" };
            let op = match &it.geom {
                Geom::Block { attrs, pts, .. } => Opening {
                    item: it,
                    anchor: it.src.at,
                    pts: pts.clone(),
                    attrs: attrs.clone(),
                },
                Geom::Path { pts, kind, .. } if *kind != "ARC" && *kind != "CIRCLE" => {
                    let a = pts[0];
                    let z = pts[pts.len() - 1];
                    Opening {
                        item: it,
                        anchor: nalgebra::center(&a, &z),
                        pts: pts.clone(),
                        attrs: Vec::new(),
                    }
                }
                Geom::Path { kind, .. } => {
                    self.unsupported(
                        it,
                        kind,
                        &format!("{what} blocks (INSERT) or one LINE across each opening"),
                    );
                    continue;
                }
                Geom::Text { kind, .. } => {
                    self.unsupported(
                        it,
                        kind,
                        &format!("{what} blocks (INSERT) or one LINE across each opening"),
                    );
                    continue;
                }
                Geom::Unsupported { kind } => {
                    self.unsupported(
                        it,
                        kind,
                        &format!("{what} blocks (INSERT) or one LINE across each opening"),
                    );
                    continue;
                }
            };
            self.place(op, is_door, &edges, outlines, &room_id, floor);
        }
    }

    fn place(
        &mut self,
        op: Opening,
        is_door: bool,
        edges: &[(usize, Segment)],
        outlines: &[Outline],
        room_id: &dyn Fn(usize) -> String,
        floor: &mut Floor,
    ) {
        let what = if is_door { "door" } else { "window" };
        let src = &op.item.src;
        let attr = |k: &str| {
            op.attrs
                .iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        // The nearest room edge to the symbol's anchor (insertion point, or mid-line).
        let best = edges
            .iter()
            .map(|(k, s)| (*k, *s, s.distance_to(op.anchor).0))
            .min_by(|a, b| a.2.total_cmp(&b.2));
        let Some((_, seg, dist)) = best.filter(|b| b.2 <= self.opts.snap_m) else {
            let d = best
                .map(|b| format!("; the nearest room edge is {:.2} m away", b.2))
                .unwrap_or_default();
            self.diags.push(entity_diag(
                if is_door { "dxf-door-off-wall" } else { "dxf-window-off-wall" },
                src,
                format!("{} is not on a room edge{d}", src.describe(what)),
            ).help(format!("move the {what} onto the wall line between the rooms it joins (room outlines are drawn to wall centrelines); it may sit at most {:.2} m off. A leaf or swing line of an exploded door symbol also lands here: make the symbol a block again, or draw one LINE across the opening", self.opts.snap_m)));
            return;
        };
        let _ = dist;
        let dir = seg.vector() / seg.length_m().max(1e-12);
        let normal = crate::geom::V2::new(-dir.y, dir.x);
        // Projection of the symbol onto the edge line.
        let mut t0 = f64::INFINITY;
        let mut t1 = f64::NEG_INFINITY;
        let pts: Vec<P2> = if op.pts.is_empty() {
            vec![op.anchor]
        } else {
            op.pts.clone()
        };
        for p in &pts {
            let t = (p - seg.a).dot(&dir);
            t0 = t0.min(t);
            t1 = t1.max(t);
        }
        let centre = seg.a + dir * (0.5 * (t0 + t1));
        let width = match attr("WIDTH") {
            Some(v) => match v.parse::<f64>() {
                Ok(w) if w.is_finite() && w > 0.0 => w * op.item.unit_m,
                _ => {
                    self.diags.push(entity_diag(
                        "dxf-bad-attribute",
                        src,
                        format!(
                            "{}: WIDTH `{v}` is not a positive number (drawing units)",
                            src.describe(what)
                        ),
                    ));
                    return;
                }
            },
            None => t1 - t0,
        };
        if width < 0.1 {
            self.diags.push(entity_diag(
                "dxf-opening-width",
                src,
                format!("{} spans {:.3} m along the wall; too narrow for a {what}", src.describe(what), width),
            ).help(format!("draw the {what} as a block whose geometry spans the opening, or a LINE across the opening, or give a WIDTH attribute")));
            return;
        }
        // What lies on each side: probe just off the wall, then further to detect gaps.
        let side = |sign: f64, off: f64| -> Option<usize> {
            let q = centre + normal * (sign * off);
            let mut hit: Vec<usize> = (0..outlines.len())
                .filter(|&k| {
                    outlines[k].valid
                        && outlines[k].tag.is_some()
                        && geom::contains(&outlines[k].poly, q)
                })
                .collect();
            hit.sort_by_key(|&k| outlines[k].outdoor);
            hit.first().copied()
        };
        let near = [side(1.0, 0.05), side(-1.0, 0.05)];
        let mut names: Vec<String> = Vec::new();
        let mut rooms_touched = 0;
        for (s, hit) in near.iter().enumerate() {
            match hit {
                Some(k) => {
                    if !outlines[*k].outdoor {
                        rooms_touched += 1;
                    }
                    names.push(room_id(*k));
                }
                None => {
                    let sign = if s == 0 { 1.0 } else { -1.0 };
                    let far = [0.2, 0.4, 0.6].iter().find_map(|&o| side(sign, o));
                    match far {
                        Some(k) if !outlines[k].outdoor => {
                            self.diags.push(entity_diag(
                                if is_door { "dxf-door-one-room" } else { "dxf-window-gap" },
                                src,
                                format!(
                                    "{} touches only one room: room {} lies across a gap beyond the wall at ({:.2}, {:.2}) m",
                                    src.describe(what), room_id(k), centre.x, centre.y
                                ),
                            ).help("draw the room outlines to the wall centrelines so neighbouring rooms share an edge"));
                            return;
                        }
                        Some(k) => names.push(room_id(k)),
                        None => names.push(OUTSIDE.to_string()),
                    }
                }
            }
        }
        if names[0] == names[1] {
            self.diags.push(
                entity_diag(
                    if is_door {
                        "dxf-door-one-room"
                    } else {
                        "dxf-window-off-wall"
                    },
                    src,
                    format!(
                        "{} at ({:.2}, {:.2}) m has room {} on both sides",
                        src.describe(what),
                        centre.x,
                        centre.y,
                        names[0]
                    ),
                )
                .help(format!("a {what} must sit on a wall between two spaces")),
            );
            return;
        }
        if rooms_touched == 0 {
            self.diags.push(entity_diag(
                if is_door {
                    "dxf-door-one-room"
                } else {
                    "dxf-window-off-wall"
                },
                src,
                format!(
                    "{} at ({:.2}, {:.2}) m touches no room ({} / {})",
                    src.describe(what),
                    centre.x,
                    centre.y,
                    names[0],
                    names[1]
                ),
            ));
            return;
        }
        let id = attr("ID").map(str::to_string).unwrap_or_else(|| {
            format!(
                "{}{}",
                if is_door { "D" } else { "W" },
                src.handle.replace('/', "_")
            )
        });
        let at = xy(centre);
        self.sources.insert(id.clone(), src.clone());
        if is_door {
            // The room side first, then the other side.
            let (a, mut b) = if near[0].is_some_and(|k| !outlines[k].outdoor) {
                (names[0].clone(), names[1].clone())
            } else {
                (names[1].clone(), names[0].clone())
            };
            // Attribute TO names the outdoor side explicitly (`outside` or an outdoor area id),
            // e.g. a front door that opens to the street although a garden outline touches it.
            if rooms_touched == 1
                && let Some(to) = attr("TO")
            {
                b = to.to_string();
            }
            let kind = match attr("KIND") {
                None => Default::default(),
                Some(v) => match parse_enum(v) {
                    Some(k) => k,
                    None => {
                        self.diags.push(entity_diag("dxf-bad-attribute", src, format!("{}: KIND `{v}` is not normal, fire, locked, staff_only or automatic", src.describe(what))));
                        return;
                    }
                },
            };
            floor.doors.push(Door {
                id,
                rooms: [a, b],
                at,
                width_m: round6(width),
                kind,
            });
        } else {
            if rooms_touched == 2 {
                self.diags.push(entity_diag(
                    "dxf-window-internal",
                    src,
                    format!("{} at ({:.2}, {:.2}) m is on the internal wall between rooms {} and {}", src.describe(what), centre.x, centre.y, names[0], names[1]),
                ).help("windows sit on external walls (an edge touching no other room)"));
                return;
            }
            let (room, other) = if near[0].is_some_and(|k| !outlines[k].outdoor) {
                (names[0].clone(), names[1].clone())
            } else {
                (names[1].clone(), names[0].clone())
            };
            let numf = |k: &str, default: f64, this: &mut Self| -> f64 {
                match attr(k) {
                    None => default,
                    Some(v) => match v.parse::<f64>() {
                        Ok(x) if x.is_finite() => x,
                        _ => {
                            this.diags.push(entity_diag(
                                "dxf-bad-attribute",
                                src,
                                format!("{}: {k} `{v}` is not a number", src.describe(what)),
                            ));
                            default
                        }
                    },
                }
            };
            let m = op.item.unit_m;
            let height_m = numf("HEIGHT", 1500.0 * 0.001 / m, self) * m;
            let sill_m = numf("SILL", 900.0 * 0.001 / m, self) * m;
            let transmittance = numf("T", crate::plan::default_transmittance(), self);
            let obstruction_deg = numf("OBSTRUCTION", 0.0, self);
            let outlook = match attr("OUTLOOK") {
                Some(v) => parse_enum(v).unwrap_or_else(|| {
                    self.diags.push(entity_diag(
                        "dxf-bad-attribute",
                        src,
                        format!(
                            "{}: OUTLOOK `{v}` is not garden, street, courtyard or none",
                            src.describe(what)
                        ),
                    ));
                    Default::default()
                }),
                None => {
                    use crate::plan::{OutdoorUse as O, Outlook};
                    outlines
                        .iter()
                        .find(|o| o.outdoor && o.tag.as_ref().is_some_and(|t| t.0.id == other))
                        .and_then(|o| parse_enum::<O>(o.tag.as_ref()?.0.use_word.as_deref()?))
                        .map(|u| match u {
                            O::Garden | O::Terrace => Outlook::Garden,
                            O::Courtyard => Outlook::Courtyard,
                            O::Street | O::Parking => Outlook::Street,
                        })
                        .unwrap_or_default()
                }
            };
            floor.windows.push(Window {
                id,
                room,
                at,
                width_m: round6(width),
                height_m: round6(height_m),
                sill_m: round6(sill_m),
                transmittance,
                obstruction_deg,
                outlook,
            });
        }
    }

    /// With walls drawn on the wall layer, check that each room edge runs along a wall.
    fn wall_check(&mut self, its: &[&Item], outlines: &[Outline]) {
        let walls: Vec<Segment> = its
            .iter()
            .filter(|i| i.role == Role::Wall)
            .filter_map(|i| match &i.geom {
                Geom::Path { pts, closed, .. } => Some((pts, *closed)),
                _ => None,
            })
            .flat_map(|(pts, closed)| {
                let n = pts.len();
                let m = if closed { n } else { n.saturating_sub(1) };
                (0..m).map(move |k| Segment::new(pts[k], pts[(k + 1) % n]))
            })
            .collect();
        if walls.is_empty() {
            return;
        }
        /// Half of a thick external wall (0.6 m), metres: a room edge further than this from
        /// every wall line is not along a wall.
        const WALL_REACH_M: f64 = 0.3;
        for o in outlines.iter().filter(|o| !o.outdoor) {
            let n = o.poly.len();
            for i in 0..n {
                let s = Segment::new(o.poly[i], o.poly[(i + 1) % n]);
                if s.length_m() < 0.5 {
                    continue;
                }
                let m = s.midpoint();
                let d = walls
                    .iter()
                    .map(|w| w.distance_to(m).0)
                    .fold(f64::INFINITY, f64::min);
                if d > WALL_REACH_M {
                    self.diags.push(
                        Diagnostic::warning(
                            "dxf-edge-off-wall",
                            format!(
                                "{}: its edge ({:.2}, {:.2})–({:.2}, {:.2}) m runs {d:.2} m from the nearest wall on the wall layer",
                                o.src.describe("outline"), s.a.x, s.a.y, s.b.x, s.b.y
                            ),
                        )
                        .at(ElementKind::Entity, o.src.handle.clone())
                        .help("room outlines should follow the wall centrelines; check the outline or the walls"),
                    );
                }
            }
        }
    }
}

fn crossing_point(a: P2, b: P2, c: P2, d: P2) -> Option<P2> {
    let r = b - a;
    let s = d - c;
    let den = r.x * s.y - r.y * s.x;
    if den.abs() < 1e-15 {
        return None;
    }
    let t = ((c - a).x * s.y - (c - a).y * s.x) / den;
    Some(a + r * t)
}

/// Add where each element was drawn to diagnostics about plan elements (from validation of the
/// imported plan), so a user can find them in the drawing.
pub fn annotate(diags: &mut [Diagnostic], sources: &Sources) {
    for d in diags {
        let Some(el) = &d.element else { continue };
        if el.kind == ElementKind::Entity {
            continue;
        }
        if let Some(src) = sources.get(&el.id) {
            let note = format!("drawn as {}", src.describe("entity"));
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h} ({note})"),
                None => note,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dxf::entities::{Entity, EntityType, Line, Text};

    fn on(layer: &str, e: EntityType) -> Entity {
        let mut e = Entity::new(e);
        e.common.layer = layer.to_string();
        e
    }

    #[test]
    fn lines_meeting_end_to_end_make_a_room() {
        let mut d = dxf::Drawing::new();
        d.header.default_drawing_units = dxf::enums::Units::Meters;
        let p = |x, y| dxf::Point::new(x, y, 0.0);
        // Drawn in scrambled order and direction.
        for (a, b) in [
            ((4.0, 0.0), (4.0, 3.0)),
            ((0.0, 0.0), (4.0, 0.0)),
            ((0.0, 0.0), (0.0, 3.0)),
            ((0.0, 3.0), (4.0, 3.0)),
        ] {
            d.add_entity(on(
                "A-AREA-BNDY",
                EntityType::Line(Line::new(p(a.0, a.1), p(b.0, b.1))),
            ));
        }
        let t = Text {
            location: p(1.0, 1.0),
            value: "S1 store".into(),
            ..Default::default()
        };
        d.add_entity(on("A-AREA-IDEN", EntityType::Text(t)));
        let mut bytes = Vec::new();
        d.save(&mut bytes).unwrap();
        let imp = import_bytes(&bytes, &ImportOptions::default());
        let plan = imp.plan.unwrap_or_else(|| panic!("{:#?}", imp.diagnostics));
        let r = &plan.floors[0].rooms[0];
        assert_eq!(r.id, "S1");
        let pts: Vec<P2> = r.polygon.iter().map(|q| geom::p2(*q)).collect();
        assert!((geom::area_m2(&pts) - 12.0).abs() < 1e-9);
    }

    #[test]
    fn units_parse() {
        assert_eq!(Units::parse("MM"), Some(Units::Millimetres));
        assert_eq!(Units::parse("ft").map(Units::metres), Some(0.3048));
        assert_eq!(Units::parse("parsec"), None);
    }
}

#[cfg(test)]
mod wall_tests {
    use super::*;
    use dxf::entities::{Entity, EntityType, Line, LwPolyline, Text};

    #[test]
    fn room_edge_far_from_walls_is_warned() {
        let mut d = dxf::Drawing::new();
        d.header.version = dxf::enums::AcadVersion::R2018;
        d.header.default_drawing_units = dxf::enums::Units::Meters;
        let mut p = LwPolyline {
            vertices: [(0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0)]
                .iter()
                .map(|&(x, y)| dxf::LwPolylineVertex {
                    x,
                    y,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        p.set_is_closed(true);
        let mut e = Entity::new(EntityType::LwPolyline(p));
        e.common.layer = "A-AREA-BNDY".into();
        d.add_entity(e);
        let t = Text {
            location: dxf::Point::new(1.0, 1.0, 0.0),
            value: "E1 entrance".into(),
            ..Default::default()
        };
        let mut e = Entity::new(EntityType::Text(t));
        e.common.layer = "A-AREA-IDEN".into();
        d.add_entity(e);
        // Walls along three sides only: the east edge (x = 4) has no wall near it.
        for (a, b) in [
            ((0.0, 0.0), (4.0, 0.0)),
            ((0.0, 3.0), (4.0, 3.0)),
            ((0.0, 0.0), (0.0, 3.0)),
        ] {
            let mut e = Entity::new(EntityType::Line(Line::new(
                dxf::Point::new(a.0, a.1, 0.0),
                dxf::Point::new(b.0, b.1, 0.0),
            )));
            e.common.layer = "A-WALL".into();
            d.add_entity(e);
        }
        let mut bytes = Vec::new();
        d.save(&mut bytes).unwrap();
        let imp = import_bytes(&bytes, &ImportOptions::default());
        let w: Vec<_> = imp
            .diagnostics
            .iter()
            .filter(|d| d.code == "dxf-edge-off-wall")
            .collect();
        assert_eq!(w.len(), 1, "{:#?}", imp.diagnostics);
        assert!(
            w[0].message.contains("(4.00, 0.00)–(4.00, 3.00)"),
            "{}",
            w[0].message
        );
    }
}

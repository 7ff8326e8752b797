//! Plan → DXF: a drawing in millimetres on AIA / NCS layers that [`super::import_bytes`] reads
//! back to the same rooms, doors, windows, outdoor areas and vertical links.
//!
//! Layers (one floor): `A-AREA-BNDY` room outlines, `A-AREA-IDEN` tags, `A-AREA-OUTD` outdoor
//! outlines, `A-DOOR` door blocks, `A-GLAZ` window blocks. With several floors every layer name
//! is prefixed with the floor id and `$` (`1$A-AREA-BNDY`). Doors are INSERTs of block
//! `CAREHOME-DOOR` (a leaf and a 90° swing of unit width, scaled to the door width) with
//! attributes `ID`, `WIDTH` (mm), `KIND` and, for doors to the outside, `TO` (`outside` or an
//! outdoor area id); windows are INSERTs of `CAREHOME-WINDOW` with `ID`,
//! `WIDTH`, `HEIGHT`, `SILL` (mm), `T`, `OBSTRUCTION` (degrees) and `OUTLOOK`. The blocks carry
//! no ATTDEFs: `dxf` 0.6 writes ATTDEF subclasses in an order other readers reject, and
//! attributes on an INSERT are valid without them.

use crate::geom::{self, P2};
use crate::plan::{Plan, Room};
use dxf::entities::{Arc, Attribute, Entity, EntityType, Insert, Line, LwPolyline, Text};
use dxf::enums::{AcadVersion, Units};
use dxf::tables::Layer;
use dxf::{Block, Color, Drawing, LwPolylineVertex, Point};

/// Millimetres per metre: exported drawings are in millimetres, the usual unit of UK and European
/// architectural drawings.
const MM: f64 = 1000.0;
pub const DOOR_BLOCK: &str = "CAREHOME-DOOR";
pub const WINDOW_BLOCK: &str = "CAREHOME-WINDOW";

fn layer_name(prefix: &str, base: &str) -> String {
    format!("{prefix}{base}")
}

fn fmt_num(x: f64) -> String {
    let s = format!("{:.6}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn quote(v: &str) -> String {
    if v.chars().any(char::is_whitespace) || v.is_empty() {
        format!("\"{}\"", v.replace('"', "'"))
    } else {
        v.to_string()
    }
}

fn entity(layer: &str, specific: EntityType) -> Entity {
    let mut e = Entity::new(specific);
    e.common.layer = layer.to_string();
    // Group 440 as `dxf` writes it must carry the "by value" flag 0x02000000; alpha 0xFF is
    // opaque (DXF reference, Common group codes for entities).
    e.common.transparency = 0x0200_00FF;
    e
}

fn polyline(layer: &str, poly: &[[f64; 2]]) -> Entity {
    let mut p = LwPolyline {
        vertices: poly
            .iter()
            .map(|q| LwPolylineVertex {
                x: q[0] * MM,
                y: q[1] * MM,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    p.set_is_closed(true);
    entity(layer, EntityType::LwPolyline(p))
}

fn text(layer: &str, at: P2, value: String, height_mm: f64) -> Entity {
    let t = Text {
        location: Point::new(at.x * MM, at.y * MM, 0.0),
        text_height: height_mm,
        value,
        ..Default::default()
    };
    entity(layer, EntityType::Text(t))
}

/// A point well inside a polygon for its tag: the centroid when inside, else the middle of the
/// widest run of a horizontal line through the centroid.
pub fn interior_point(poly: &[P2]) -> P2 {
    let c = geom::centroid(poly);
    if geom::contains(poly, c) {
        return c;
    }
    let (lo, hi) = geom::bbox(poly);
    let mut best = (0.0, c);
    for k in 1..20 {
        let y = lo[1] + (hi[1] - lo[1]) * k as f64 / 20.0;
        let n = poly.len();
        let mut xs: Vec<f64> = (0..n)
            .filter_map(|i| {
                let (a, b) = (poly[i], poly[(i + 1) % n]);
                ((a.y <= y) != (b.y <= y)).then(|| a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks(2) {
            if let [x0, x1] = pair
                && x1 - x0 > best.0
            {
                best = (x1 - x0, P2::new(0.5 * (x0 + x1), y));
            }
        }
    }
    best.1
}

fn room_tag(r: &Room, links: &[String]) -> String {
    let mut s = format!("{} {}", r.id, r.room_use.as_str());
    if let Some(b) = r.beds {
        s.push_str(&format!(" {b}"));
    }
    if let Some(h) = &r.household {
        s.push_str(&format!(" household={}", quote(h)));
    }
    if let Some(c) = r.ceiling_height_m {
        s.push_str(&format!(" ceiling={}", fmt_num(c)));
    }
    if let Some(v) = &r.ventilation {
        for (k, x) in [
            ("ach", v.ach),
            ("supply_l_s", v.supply_l_s),
            ("cadr", v.air_cleaner_cadr_m3_h),
        ] {
            if let Some(x) = x {
                s.push_str(&format!(" {k}={}", fmt_num(x)));
            }
        }
    }
    if !links.is_empty() {
        s.push_str(&format!(" link={}", links.join(",")));
    }
    if let Some(n) = &r.name {
        s.push_str(&format!(" name={}", quote(n)));
    }
    s
}

fn blocks(d: &mut Drawing) {
    let mut door = Block {
        name: DOOR_BLOCK.to_string(),
        layer: "0".to_string(),
        base_point: Point::origin(),
        description: "carehome door: unit width, centred on the opening; leaf and 90° swing".into(),
        ..Default::default()
    };
    door.entities.push(entity(
        "0",
        EntityType::Line(Line::new(
            Point::new(-0.5, 0.0, 0.0),
            Point::new(-0.5, 1.0, 0.0),
        )),
    ));
    door.entities.push(entity(
        "0",
        EntityType::Arc(Arc::new(Point::new(-0.5, 0.0, 0.0), 1.0, 0.0, 90.0)),
    ));
    d.add_block(door);
    let mut win = Block {
        name: WINDOW_BLOCK.to_string(),
        layer: "0".to_string(),
        base_point: Point::origin(),
        description: "carehome window: unit width, centred on the opening".into(),
        ..Default::default()
    };
    for (a, b) in [
        ((-0.5, -0.05), (0.5, -0.05)),
        ((-0.5, 0.05), (0.5, 0.05)),
        ((-0.5, -0.05), (-0.5, 0.05)),
        ((0.5, -0.05), (0.5, 0.05)),
        ((-0.5, 0.0), (0.5, 0.0)),
    ] {
        win.entities.push(entity(
            "0",
            EntityType::Line(Line::new(
                Point::new(a.0, a.1, 0.0),
                Point::new(b.0, b.1, 0.0),
            )),
        ));
    }
    d.add_block(win);
}

/// The direction (degrees) of the room edge nearest to `at`, over the given rooms.
fn edge_angle(rooms: &[&Room], at: [f64; 2]) -> f64 {
    let p = geom::p2(at);
    let mut best = (f64::INFINITY, 0.0);
    for r in rooms {
        let n = r.polygon.len();
        for i in 0..n {
            let s = geom::Segment::new(geom::p2(r.polygon[i]), geom::p2(r.polygon[(i + 1) % n]));
            let d = s.distance_to(p).0;
            if d < best.0 {
                let v = s.vector();
                best = (d, v.y.atan2(v.x).to_degrees());
            }
        }
    }
    best.1
}

fn insert(
    d: &mut Drawing,
    layer: &str,
    block: &str,
    at: [f64; 2],
    width_m: f64,
    angle: f64,
    attrs: &[(&str, String)],
) {
    let mut ins = Insert {
        name: block.to_string(),
        location: Point::new(at[0] * MM, at[1] * MM, 0.0),
        x_scale_factor: width_m * MM,
        y_scale_factor: width_m * MM,
        z_scale_factor: 1.0,
        rotation: angle,
        ..Default::default()
    };
    for (i, (tag, value)) in attrs.iter().enumerate() {
        // `dxf` writes x_record_tag (group 2 of the R2007+ xrecord part) after the tag; keep
        // them equal so readers that take the last group 2 see the right tag.
        let a = Attribute {
            attribute_tag: tag.to_string(),
            x_record_tag: tag.to_string(),
            value: value.clone(),
            text_height: 100.0,
            flags: 1, // invisible
            location: Point::new(at[0] * MM, at[1] * MM - 150.0 * (i as f64 + 1.0), 0.0),
            ..Default::default()
        };
        ins.add_attribute(d, a);
    }
    d.add_entity(entity(layer, EntityType::Insert(ins)));
}

/// Write `plan` as DXF (ASCII, AutoCAD 2018 format, millimetres).
pub fn export_dxf(plan: &Plan) -> Result<Vec<u8>, String> {
    let mut d = Drawing::new();
    d.header.version = AcadVersion::R2018;
    d.header.default_drawing_units = Units::Millimeters;
    blocks(&mut d);
    let multi = plan.floors.len() > 1;
    let colours: [(&str, u8); 6] = [
        ("A-AREA-BNDY", 3),
        ("A-AREA-IDEN", 7),
        ("A-AREA-OUTD", 82),
        ("A-DOOR", 1),
        ("A-GLAZ", 5),
        ("A-WALL", 8),
    ];
    let mut all_pts: Vec<P2> = plan
        .floors
        .iter()
        .flat_map(|f| {
            f.rooms
                .iter()
                .flat_map(|r| r.polygon.iter().map(|p| geom::p2(*p)))
        })
        .collect();
    all_pts.extend(
        plan.outdoor
            .iter()
            .flat_map(|o| o.polygon.iter().map(|p| geom::p2(*p))),
    );
    let (lo, _) = geom::bbox(&all_pts);
    let below = if lo[1].is_finite() { lo[1] - 2.0 } else { -2.0 };
    let left = if lo[0].is_finite() { lo[0] } else { 0.0 };
    for (fi, floor) in plan.floors.iter().enumerate() {
        let prefix = if multi {
            format!("{}$", floor.id)
        } else {
            String::new()
        };
        for (base, colour) in colours {
            let mut l = Layer {
                name: layer_name(&prefix, base),
                ..Default::default()
            };
            l.color = Color::from_index(colour);
            d.add_layer(l);
        }
        let bndy = layer_name(&prefix, "A-AREA-BNDY");
        let iden = layer_name(&prefix, "A-AREA-IDEN");
        for r in &floor.rooms {
            d.add_entity(polyline(&bndy, &r.polygon));
            let links: Vec<String> = plan
                .vertical
                .iter()
                .filter(|v| v.rooms.contains(&r.id))
                .map(|v| v.id.clone())
                .collect();
            let pts: Vec<P2> = r.polygon.iter().map(|p| geom::p2(*p)).collect();
            d.add_entity(text(
                &iden,
                interior_point(&pts),
                room_tag(r, &links),
                200.0,
            ));
        }
        // Outdoor areas belong to the floor they are level with (default: the lowest).
        for o in &plan.outdoor {
            let on = o.floor.as_deref().map(|f| f == floor.id).unwrap_or(fi == 0);
            if !on {
                continue;
            }
            d.add_entity(polyline(&layer_name(&prefix, "A-AREA-OUTD"), &o.polygon));
            let pts: Vec<P2> = o.polygon.iter().map(|p| geom::p2(*p)).collect();
            let use_word = serde_json::to_value(o.outdoor_use)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut s = format!("{} {use_word}", o.id);
            if let Some(n) = &o.name {
                s.push_str(&format!(" name={}", quote(n)));
            }
            d.add_entity(text(&iden, interior_point(&pts), s, 200.0));
        }
        let rooms: Vec<&Room> = floor.rooms.iter().collect();
        for door in &floor.doors {
            let angle = edge_angle(&rooms, door.at);
            let kind = serde_json::to_value(door.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut attrs = vec![
                ("ID", door.id.clone()),
                ("WIDTH", fmt_num(door.width_m * MM)),
                ("KIND", kind),
            ];
            let is_room = |id: &str| {
                plan.floors
                    .iter()
                    .any(|f| f.rooms.iter().any(|r| r.id == id))
            };
            if let Some(to) = door.rooms.iter().find(|r| !is_room(r)) {
                attrs.push(("TO", to.clone()));
            }
            insert(
                &mut d,
                &layer_name(&prefix, "A-DOOR"),
                DOOR_BLOCK,
                door.at,
                door.width_m,
                angle,
                &attrs,
            );
        }
        for w in &floor.windows {
            let angle = edge_angle(&rooms, w.at);
            let outlook = serde_json::to_value(w.outlook)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            insert(
                &mut d,
                &layer_name(&prefix, "A-GLAZ"),
                WINDOW_BLOCK,
                w.at,
                w.width_m,
                angle,
                &[
                    ("ID", w.id.clone()),
                    ("WIDTH", fmt_num(w.width_m * MM)),
                    ("HEIGHT", fmt_num(w.height_m * MM)),
                    ("SILL", fmt_num(w.sill_m * MM)),
                    ("T", fmt_num(w.transmittance)),
                    ("OBSTRUCTION", fmt_num(w.obstruction_deg)),
                    ("OUTLOOK", outlook),
                ],
            );
        }
        // Floor tag, below the drawing, outside every outline.
        let mut s = format!(
            "FLOOR {} elevation={} height={}",
            floor.id,
            fmt_num(floor.elevation_m),
            fmt_num(floor.height_m)
        );
        if let Some(n) = &floor.name {
            s.push_str(&format!(" name={}", quote(n)));
        }
        d.add_entity(text(
            &iden,
            P2::new(left, below - fi as f64 * 0.6),
            s,
            250.0,
        ));
    }
    let first = if multi {
        plan.floors
            .first()
            .map(|f| format!("{}$", f.id))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let construction = serde_json::to_value(plan.construction)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut s = format!(
        "PLAN name={} north={} construction={construction}",
        quote(&plan.name),
        fmt_num(plan.north_deg)
    );
    if let Some(desc) = &plan.description {
        s.push_str(&format!(" description={}", quote(desc)));
    }
    d.add_entity(text(
        &layer_name(&first, "A-AREA-IDEN"),
        P2::new(left, below - 0.6 * plan.floors.len() as f64),
        s,
        250.0,
    ));
    let mut out = Vec::new();
    d.save(&mut out)
        .map_err(|e| format!("cannot write DXF: {e}"))?;
    Ok(drop_orphan_mtext(&out))
}

/// Remove the stray MTEXT entities with handle 0 that `dxf` 0.6 writes after every ATTRIB and
/// ATTDEF (its embedded multi-line attribute text, written as a separate entity without a
/// handle). AutoCAD and ezdxf reject entities with handle 0; single-line attributes need no
/// embedded MTEXT, so dropping them loses nothing.
fn drop_orphan_mtext(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i + 1 < lines.len() {
        let (code, value) = (lines[i].trim(), lines[i + 1].trim());
        if code == "0"
            && value == "MTEXT"
            && i + 3 < lines.len()
            && lines[i + 2].trim() == "5"
            && lines[i + 3].trim() == "0"
        {
            // Skip to the next entity.
            i += 2;
            while i + 1 < lines.len() && lines[i].trim() != "0" {
                i += 2;
            }
            continue;
        }
        out.push_str(lines[i]);
        out.push_str(lines[i + 1]);
        i += 2;
    }
    for l in &lines[i..] {
        out.push_str(l);
    }
    out.into_bytes()
}

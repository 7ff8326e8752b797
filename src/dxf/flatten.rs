//! Walk a drawing's model space, expand block references (INSERT, nested, arrays), transform
//! everything to world coordinates in metres and keep what lies on mapped layers.
//!
//! Geometry follows the DXF reference (Autodesk, *DXF Reference*, AutoCAD 2018: ENTITIES
//! section; "Object Coordinate Systems (OCS)" and the Arbitrary Axis Algorithm; LWPOLYLINE group
//! 42 bulge = tan(θ/4) of the included angle θ, positive counter-clockwise).

use super::mapping::{LayerMapping, Role};
use crate::diag::{Diagnostic, ElementKind};
use crate::geom::{P2, V2};
use dxf::entities::{Entity, EntityType};
use dxf::{Block, Drawing};
use std::collections::HashMap;

use crate::limits::{MAX_BLOCK_DEPTH as MAX_DEPTH, MAX_DXF_ENTITIES_ENV, MAX_INSERT_ARRAY};
/// Most segments used for one arc.
const MAX_ARC_SEGMENTS: usize = 1024;

/// A 2D affine map `p ↦ M p + t`.
#[derive(Clone, Copy, Debug)]
pub struct Xf {
    m: [[f64; 2]; 2],
    t: [f64; 2],
}

impl Xf {
    pub fn scale(s: f64) -> Self {
        Self {
            m: [[s, 0.0], [0.0, s]],
            t: [0.0, 0.0],
        }
    }
    pub fn apply(&self, x: f64, y: f64) -> P2 {
        P2::new(
            self.m[0][0] * x + self.m[0][1] * y + self.t[0],
            self.m[1][0] * x + self.m[1][1] * y + self.t[1],
        )
    }
    /// `self ∘ other`: apply `other` first.
    pub fn then(&self, inner: &Xf) -> Xf {
        let a = &self.m;
        let b = &inner.m;
        let m = [
            [
                a[0][0] * b[0][0] + a[0][1] * b[1][0],
                a[0][0] * b[0][1] + a[0][1] * b[1][1],
            ],
            [
                a[1][0] * b[0][0] + a[1][1] * b[1][0],
                a[1][0] * b[0][1] + a[1][1] * b[1][1],
            ],
        ];
        let t = self.apply(inner.t[0], inner.t[1]);
        Xf { m, t: [t.x, t.y] }
    }
    fn translate(x: f64, y: f64) -> Xf {
        Xf {
            m: [[1.0, 0.0], [0.0, 1.0]],
            t: [x, y],
        }
    }
    fn rotate_deg(deg: f64) -> Xf {
        let (s, c) = deg.to_radians().sin_cos();
        Xf {
            m: [[c, -s], [s, c]],
            t: [0.0, 0.0],
        }
    }
    fn scale_xy(sx: f64, sy: f64) -> Xf {
        Xf {
            m: [[sx, 0.0], [0.0, sy]],
            t: [0.0, 0.0],
        }
    }
    /// The OCS → WCS map of an entity whose extrusion direction is (0, 0, −1) (mirrored in CAD):
    /// by the Arbitrary Axis Algorithm the OCS x axis is then −X and y stays Y.
    fn ocs(extrusion_z: f64) -> Xf {
        if extrusion_z < 0.0 {
            Xf::scale_xy(-1.0, 1.0)
        } else {
            Xf::scale(1.0)
        }
    }
    /// Largest stretch of a unit vector (an upper bound of the largest singular value).
    pub fn max_stretch(&self) -> f64 {
        let c0 = (self.m[0][0].powi(2) + self.m[1][0].powi(2)).sqrt();
        let c1 = (self.m[0][1].powi(2) + self.m[1][1].powi(2)).sqrt();
        c0.max(c1).max(1e-12)
    }
}

/// Where an item came from in the drawing: handle path (outermost INSERT first), layer, and a
/// representative position in metres.
#[derive(Clone, Debug, PartialEq)]
pub struct Src {
    pub handle: String,
    pub layer: String,
    pub at: P2,
}

impl Src {
    /// `entity 2A (LWPOLYLINE) on layer A-AREA-BNDY at (3.20, 4.00)`.
    pub fn describe(&self, kind: &str) -> String {
        format!(
            "{kind} {} on layer {} at ({:.2}, {:.2}) m",
            self.handle, self.layer, self.at.x, self.at.y
        )
    }
}

/// Geometry of a kept item, in metres.
#[derive(Clone, Debug)]
pub enum Geom {
    /// A polyline, line, arc or circle, arcs approximated by chords.
    Path {
        pts: Vec<P2>,
        closed: bool,
        kind: &'static str,
    },
    /// TEXT or MTEXT (formatting codes already stripped).
    Text { value: String, kind: &'static str },
    /// A block reference on a door, window or tag layer: its attributes, its texts, and every
    /// point of its geometry (all nesting levels, arcs sampled).
    Block {
        name: String,
        attrs: Vec<(String, String)>,
        texts: Vec<String>,
        pts: Vec<P2>,
        mirrored: bool,
    },
    /// An entity type carehome does not read on this layer's role.
    Unsupported { kind: String },
}

/// One entity on a mapped layer.
#[derive(Clone, Debug)]
pub struct Item {
    pub src: Src,
    /// Floor from the layer prefix, if any.
    pub floor: Option<String>,
    pub role: Role,
    pub geom: Geom,
    /// Metres per drawing unit (for attribute values such as `WIDTH`).
    pub unit_m: f64,
}

pub struct Flattener<'a> {
    blocks: HashMap<String, &'a Block>,
    mapping: &'a LayerMapping,
    chord_tol_m: f64,
    unit_m: f64,
    pub items: Vec<Item>,
    pub diags: Vec<Diagnostic>,
    /// Entities visited so far, all nesting levels and array copies counted.
    expanded: u64,
    /// [`crate::limits::dxf_entity_cap`]; past it nothing more is expanded.
    cap: u64,
}

fn entity_kind(e: &EntityType) -> String {
    let dbg = format!("{e:?}");
    let name = dbg.split(['(', ' ', '{']).next().unwrap_or("?");
    name.to_ascii_uppercase()
}

fn insert_xf(ins: &dxf::entities::Insert, base: &dxf::Point, col: i16, row: i16) -> Xf {
    let sx = if ins.x_scale_factor == 0.0 {
        1.0
    } else {
        ins.x_scale_factor
    };
    let sy = if ins.y_scale_factor == 0.0 {
        1.0
    } else {
        ins.y_scale_factor
    };
    Xf::ocs(ins.extrusion_direction.z)
        .then(&Xf::translate(ins.location.x, ins.location.y))
        .then(&Xf::rotate_deg(ins.rotation))
        .then(&Xf::translate(
            f64::from(col) * ins.column_spacing,
            f64::from(row) * ins.row_spacing,
        ))
        .then(&Xf::scale_xy(sx, sy))
        .then(&Xf::translate(-base.x, -base.y))
}

/// Points of an arc from `a0` to `a1` radians (counter-clockwise), radius `r`, so that no chord
/// deviates from the arc by more than `tol` (sagitta r(1 − cos(φ/2)) ≤ tol for each step φ).
pub fn arc_points(c: P2, r: f64, a0: f64, sweep: f64, tol: f64) -> Vec<P2> {
    let n = segments_for(r, sweep, tol);
    (0..=n)
        .map(|k| {
            let a = a0 + sweep * k as f64 / n as f64;
            P2::new(c.x + r * a.cos(), c.y + r * a.sin())
        })
        .collect()
}

fn segments_for(r: f64, sweep: f64, tol: f64) -> usize {
    if !(r.is_finite() && sweep.is_finite()) || r <= 0.0 {
        return 1;
    }
    let step = if tol >= r {
        std::f64::consts::FRAC_PI_2
    } else {
        2.0 * (1.0 - tol / r).acos()
    };
    let n = (sweep.abs() / step.max(1e-9)).ceil();
    (n as usize).clamp(1, MAX_ARC_SEGMENTS)
}

/// Points of a polyline with bulges (`(x, y, bulge)` per vertex), chords within `tol`. The result
/// never repeats the first point at the end for closed polylines.
pub fn bulge_points(v: &[(f64, f64, f64)], closed: bool, tol: f64) -> Vec<P2> {
    let mut out = Vec::with_capacity(v.len());
    let n = v.len();
    for i in 0..n {
        let (x, y, b) = v[i];
        let p0 = P2::new(x, y);
        out.push(p0);
        let last = i + 1 == n;
        if last && !closed {
            break;
        }
        let (x1, y1, _) = v[(i + 1) % n];
        let p1 = P2::new(x1, y1);
        if b == 0.0 || !b.is_finite() || p0 == p1 {
            continue;
        }
        // Included angle θ = 4·atan(bulge); centre on the left of the chord for θ > 0.
        let theta = 4.0 * b.atan();
        let chord = p1 - p0;
        let c = chord.norm();
        let mid = nalgebra::center(&p0, &p1);
        let normal = V2::new(-chord.y, chord.x) / c;
        let centre = mid + normal * ((c / 2.0) / (theta / 2.0).tan());
        let r = (p0 - centre).norm();
        let a0 = (p0.y - centre.y).atan2(p0.x - centre.x);
        let pts = arc_points(centre, r, a0, theta, tol);
        // Skip both ends: p0 is pushed already and p1 is pushed by the next vertex.
        out.extend_from_slice(&pts[1..pts.len() - 1]);
    }
    if closed && out.len() > 1 && (out[0] - out[out.len() - 1]).norm() < 1e-12 {
        out.pop();
    }
    out
}

impl<'a> Flattener<'a> {
    pub fn new(
        drawing: &'a Drawing,
        mapping: &'a LayerMapping,
        chord_tol_m: f64,
        unit_m: f64,
    ) -> Self {
        let blocks = drawing
            .blocks()
            .map(|b| (b.name.to_ascii_uppercase(), b))
            .collect();
        Self {
            blocks,
            mapping,
            chord_tol_m,
            unit_m,
            items: Vec::new(),
            diags: Vec::new(),
            expanded: 0,
            cap: crate::limits::dxf_entity_cap(),
        }
    }

    /// Count one more expanded entity; false (with one error, the first time) once the drawing
    /// has expanded to more than [`crate::limits::MAX_DXF_ENTITIES`] entities.
    fn budget(&mut self, handle: &str) -> bool {
        self.expanded += 1;
        if self.expanded == self.cap + 1 {
            self.diags.push(
                Diagnostic::error(
                    "dxf-too-many-entities",
                    format!(
                        "the drawing expands to more than {} entities (blocks inside blocks and arrays multiply them); the rest, from entity {handle} on, is not read",
                        self.cap
                    ),
                )
                .at(ElementKind::Entity, handle)
                .help(format!(
                    "explode or purge the nested blocks in CAD; if the drawing really is that large, raise the limit with {MAX_DXF_ENTITIES_ENV}=<count> (docs/limits.md)"
                )),
            );
        }
        self.expanded <= self.cap
    }

    /// Walk the model-space entities with `root` (units → metres).
    pub fn run(&mut self, entities: impl Iterator<Item = &'a Entity>, root: &Xf) {
        for e in entities {
            if e.common.is_in_paper_space {
                continue;
            }
            let h = e.common.handle.as_string();
            self.entity(e, root, &h, None, 0, &mut Vec::new());
        }
    }

    /// Effective layer: entities on layer `0` inside a block take the layer of the INSERT.
    fn layer_of(e: &Entity, parent_layer: Option<&str>) -> String {
        match parent_layer {
            Some(p) if e.common.layer == "0" => p.to_string(),
            _ => e.common.layer.clone(),
        }
    }

    fn entity(
        &mut self,
        e: &'a Entity,
        xf: &Xf,
        handle: &str,
        parent_layer: Option<&str>,
        depth: usize,
        stack: &mut Vec<String>,
    ) {
        if !self.budget(handle) {
            return;
        }
        let layer = Self::layer_of(e, parent_layer);
        let class = self.mapping.classify(&layer);
        let tol = self.chord_tol_m / xf.max_stretch();
        if let EntityType::Insert(ins) = &e.specific {
            let at = xf.apply(ins.location.x, ins.location.y);
            let src = Src {
                handle: handle.to_string(),
                layer: layer.clone(),
                at,
            };
            let Some(block) = self.blocks.get(&ins.name.to_ascii_uppercase()).copied() else {
                if class.is_some() {
                    self.diags.push(
                        Diagnostic::error(
                            "dxf-missing-block",
                            format!("{} references block \"{}\", which the drawing does not define", src.describe("INSERT"), ins.name),
                        )
                        .at(ElementKind::Entity, handle)
                        .help("save the drawing again from CAD (external references must be bound: XREF → Bind)"),
                    );
                }
                return;
            };
            let key = block.name.to_ascii_uppercase();
            if stack.contains(&key) {
                self.diags.push(
                    Diagnostic::error(
                        "dxf-block-cycle",
                        format!(
                            "{} inserts block \"{}\" inside itself (blocks nested in a cycle: {} → {}); the reference is skipped",
                            src.describe("INSERT"),
                            ins.name,
                            stack.join(" → "),
                            key
                        ),
                    )
                    .at(ElementKind::Entity, handle)
                    .help("a block cannot contain itself; redefine the block in CAD without the self-reference"),
                );
                return;
            }
            if depth >= MAX_DEPTH {
                self.diags.push(
                    Diagnostic::error(
                        "dxf-block-too-deep",
                        format!(
                            "{} nests block \"{}\" more than {MAX_DEPTH} levels deep; the reference is skipped",
                            src.describe("INSERT"),
                            ins.name
                        ),
                    )
                    .at(ElementKind::Entity, handle)
                    .help("explode the outer blocks in CAD (the limit is limits::MAX_BLOCK_DEPTH)"),
                );
                return;
            }
            let cols = ins.column_count.max(1);
            let rows = ins.row_count.max(1);
            let copies = u64::from(cols.unsigned_abs()) * u64::from(rows.unsigned_abs());
            if copies > MAX_INSERT_ARRAY {
                self.diags.push(
                    Diagnostic::error(
                        "dxf-array-too-large",
                        format!(
                            "{} is an array of {cols} columns × {rows} rows = {copies} copies of block \"{}\", more than {MAX_INSERT_ARRAY}; it is skipped",
                            src.describe("INSERT"),
                            ins.name
                        ),
                    )
                    .at(ElementKind::Entity, handle)
                    .help("check the MINSERT's row and column counts in CAD (limits::MAX_INSERT_ARRAY)"),
                );
                return;
            }
            match class {
                Some((floor, role @ (Role::Door | Role::Window | Role::Tag))) => {
                    for c in 0..cols {
                        for r in 0..rows {
                            let ixf = xf.then(&insert_xf(ins, &block.base_point, c, r));
                            let mut pts = Vec::new();
                            let mut texts = Vec::new();
                            stack.push(key.clone());
                            self.collect(block, &ixf, &mut pts, &mut texts, depth + 1, stack);
                            stack.pop();
                            let attrs = ins
                                .attributes()
                                .map(|a| {
                                    (
                                        a.attribute_tag.to_ascii_uppercase(),
                                        a.value.trim().to_string(),
                                    )
                                })
                                .collect();
                            let det = ixf.m[0][0] * ixf.m[1][1] - ixf.m[0][1] * ixf.m[1][0];
                            self.items.push(Item {
                                src: Src {
                                    at: ixf.apply(block.base_point.x, block.base_point.y),
                                    ..src.clone()
                                },
                                floor: floor.clone(),
                                role,
                                unit_m: self.unit_m,
                                geom: Geom::Block {
                                    name: ins.name.clone(),
                                    attrs,
                                    texts,
                                    pts,
                                    mirrored: det < 0.0,
                                },
                            });
                        }
                    }
                }
                _ => {
                    for c in 0..cols {
                        for r in 0..rows {
                            let ixf = xf.then(&insert_xf(ins, &block.base_point, c, r));
                            stack.push(key.clone());
                            for child in &block.entities {
                                let h = format!("{handle}/{}", child.common.handle.as_string());
                                self.entity(child, &ixf, &h, Some(&layer), depth + 1, stack);
                            }
                            stack.pop();
                        }
                    }
                }
            }
            return;
        }
        let Some((floor, role)) = class else { return };
        let geom = match &e.specific {
            EntityType::Text(t) => {
                let p = text_anchor(t);
                let oxf = xf.then(&Xf::ocs(t.normal.z));
                Some((
                    oxf.apply(p.x, p.y),
                    Geom::Text {
                        value: strip_text(&t.value),
                        kind: "TEXT",
                    },
                ))
            }
            EntityType::MText(t) => {
                // MTEXT's insertion point is in world coordinates (DXF reference, MTEXT group 10).
                let mut s = t.extended_text.concat();
                s.push_str(&t.text);
                Some((
                    xf.apply(t.insertion_point.x, t.insertion_point.y),
                    Geom::Text {
                        value: strip_mtext(&s),
                        kind: "MTEXT",
                    },
                ))
            }
            _ => path_of(&e.specific, xf, tol).map(|(pts, closed, kind)| {
                let at = pts.first().copied().unwrap_or(P2::origin());
                (at, Geom::Path { pts, closed, kind })
            }),
        };
        let (at, geom) = match geom {
            Some(g) => g,
            None => (
                first_point(&e.specific)
                    .map(|p| xf.apply(p.x, p.y))
                    .unwrap_or(P2::origin()),
                Geom::Unsupported {
                    kind: entity_kind(&e.specific),
                },
            ),
        };
        self.items.push(Item {
            src: Src {
                handle: handle.to_string(),
                layer,
                at,
            },
            floor,
            role,
            geom,
            unit_m: self.unit_m,
        });
    }

    /// Every point and text of a block's content (for door, window and tag blocks).
    fn collect(
        &mut self,
        block: &'a Block,
        xf: &Xf,
        pts: &mut Vec<P2>,
        texts: &mut Vec<String>,
        depth: usize,
        stack: &mut Vec<String>,
    ) {
        let tol = self.chord_tol_m / xf.max_stretch();
        for e in &block.entities {
            if !self.budget(&e.common.handle.as_string()) {
                return;
            }
            match &e.specific {
                EntityType::Insert(ins) => {
                    let Some(b) = self.blocks.get(&ins.name.to_ascii_uppercase()).copied() else {
                        continue;
                    };
                    let key = b.name.to_ascii_uppercase();
                    if depth >= MAX_DEPTH || stack.contains(&key) {
                        continue;
                    }
                    let ixf = xf.then(&insert_xf(ins, &b.base_point, 0, 0));
                    stack.push(key);
                    self.collect(b, &ixf, pts, texts, depth + 1, stack);
                    stack.pop();
                    texts.extend(ins.attributes().map(|a| a.value.clone()));
                }
                EntityType::Text(t) => texts.push(strip_text(&t.value)),
                EntityType::MText(t) => texts.push(strip_mtext(&t.text)),
                EntityType::AttributeDefinition(_) => {}
                other => {
                    if let Some((p, _, _)) = path_of(other, xf, tol) {
                        pts.extend(p);
                    }
                }
            }
        }
    }
}

fn text_anchor(t: &dxf::entities::Text) -> dxf::Point {
    use dxf::enums::{HorizontalTextJustification as H, VerticalTextJustification as V};
    // Justified text is placed at its second alignment point (DXF reference, TEXT group 11).
    if t.horizontal_text_justification != H::Left || t.vertical_text_justification != V::Baseline {
        t.second_alignment_point.clone()
    } else {
        t.location.clone()
    }
}

fn first_point(e: &EntityType) -> Option<dxf::Point> {
    match e {
        EntityType::Line(l) => Some(l.p1.clone()),
        EntityType::Circle(c) => Some(c.center.clone()),
        EntityType::Arc(a) => Some(a.center.clone()),
        EntityType::Ellipse(el) => Some(el.center.clone()),
        EntityType::Spline(s) => s.control_points.first().or(s.fit_points.first()).cloned(),
        EntityType::Solid(s) => Some(s.first_corner.clone()),
        EntityType::ModelPoint(p) => Some(p.location.clone()),
        _ => None,
    }
}

/// Points of a curve entity in world metres; `None` for entity types that are not curves.
fn path_of(e: &EntityType, xf: &Xf, tol: f64) -> Option<(Vec<P2>, bool, &'static str)> {
    let w = |x: &Xf, pts: Vec<P2>| {
        pts.into_iter()
            .map(|p| x.apply(p.x, p.y))
            .collect::<Vec<_>>()
    };
    match e {
        EntityType::Line(l) => Some((
            vec![xf.apply(l.p1.x, l.p1.y), xf.apply(l.p2.x, l.p2.y)],
            false,
            "LINE",
        )),
        EntityType::LwPolyline(p) => {
            let v: Vec<_> = p.vertices.iter().map(|v| (v.x, v.y, v.bulge)).collect();
            let closed = p.is_closed();
            let oxf = xf.then(&Xf::ocs(p.extrusion_direction.z));
            Some((w(&oxf, bulge_points(&v, closed, tol)), closed, "LWPOLYLINE"))
        }
        EntityType::Polyline(p) => {
            // 3D polylines (flag 8), meshes (16) and polyface meshes (64) are not outlines.
            if p.flags & (8 | 16 | 64) != 0 {
                return None;
            }
            let v: Vec<_> = p
                .vertices()
                .map(|v| (v.location.x, v.location.y, v.bulge))
                .collect();
            let closed = p.is_closed();
            let oxf = xf.then(&Xf::ocs(p.normal.z));
            Some((w(&oxf, bulge_points(&v, closed, tol)), closed, "POLYLINE"))
        }
        EntityType::Arc(a) => {
            let a0 = a.start_angle.to_radians();
            let mut sweep = (a.end_angle - a.start_angle).rem_euclid(360.0).to_radians();
            if sweep == 0.0 {
                sweep = std::f64::consts::TAU;
            }
            let c = P2::new(a.center.x, a.center.y);
            let oxf = xf.then(&Xf::ocs(a.normal.z));
            Some((
                w(&oxf, arc_points(c, a.radius, a0, sweep, tol)),
                false,
                "ARC",
            ))
        }
        EntityType::Circle(ci) => {
            let c = P2::new(ci.center.x, ci.center.y);
            let mut pts = arc_points(c, ci.radius, 0.0, std::f64::consts::TAU, tol);
            pts.pop();
            let oxf = xf.then(&Xf::ocs(ci.normal.z));
            Some((w(&oxf, pts), true, "CIRCLE"))
        }
        _ => None,
    }
}

/// TEXT values: `%%c`-style control codes (DXF reference, "Control codes and special
/// characters") become their characters; `%%u`/`%%o` underline toggles are dropped.
pub fn strip_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '%' && i + 2 < b.len() && b[i + 1] == '%' {
            match b[i + 2].to_ascii_lowercase() {
                'c' => out.push('Ø'),
                'd' => out.push('°'),
                'p' => out.push('±'),
                '%' => out.push('%'),
                _ => {}
            }
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out.trim().to_string()
}

/// MTEXT values without inline formatting codes (DXF reference, MTEXT "Inline codes"): `\P`
/// paragraph and `\~` become spaces, `\f…;` `\H…;` `\C…;` `\A…;` `\Q…;` `\T…;` `\W…;` `\p…;`
/// are dropped, `\L \l \O \o \K \k` toggles dropped, `\S a^b;` stacks become `a/b`, `{ }` groups
/// dropped, `\\ \{ \}` escapes kept as characters.
pub fn strip_mtext(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '{' | '}' => i += 1,
            '\\' if i + 1 < c.len() => {
                let k = c[i + 1];
                i += 2;
                match k {
                    'P' | 'n' | 'N' | '~' | 'X' => out.push(' '),
                    '\\' | '{' | '}' => out.push(k),
                    'L' | 'l' | 'O' | 'o' | 'K' | 'k' => {}
                    'S' => {
                        while i < c.len() && c[i] != ';' {
                            out.push(if matches!(c[i], '^' | '#') { '/' } else { c[i] });
                            i += 1;
                        }
                        i += 1;
                    }
                    'U' if i < c.len() && c[i] == '+' => {
                        let hex: String = c[i + 1..(i + 5).min(c.len())].iter().collect();
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            out.push(ch);
                        }
                        i += 5;
                    }
                    _ => {
                        // \f, \F, \H, \C, \c, \A, \Q, \T, \W, \p take arguments up to ';'.
                        while i < c.len() && c[i] != ';' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    strip_text(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtext_codes_are_stripped() {
        assert_eq!(
            strip_mtext(r"{\fArial|b1;\H2.5;B12}\Pbedroom 1"),
            "B12 bedroom 1"
        );
        assert_eq!(strip_mtext(r"\C1;L01\~lounge"), "L01 lounge");
        assert_eq!(strip_mtext(r"a\\b \{x\}"), r"a\b {x}");
        assert_eq!(strip_text("%%uB01%%u bedroom"), "B01 bedroom");
    }

    #[test]
    fn semicircle_bulge() {
        // bulge 1 = half circle of radius 1 from (0,0) to (2,0), counter-clockwise: below the chord.
        let pts = bulge_points(&[(0.0, 0.0, 1.0), (2.0, 0.0, 0.0)], true, 1e-4);
        let area = crate::geom::signed_area_m2(&pts);
        assert!((area - std::f64::consts::FRAC_PI_2).abs() < 1e-3, "{area}");
        assert!(pts.iter().all(|p| p.y <= 1e-9));
    }
}

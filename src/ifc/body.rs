//! A product's body as a mesh of planar faces in world metres, and horizontal sections of it: how
//! a space (or a stair) whose body is not an upright extrusion gets a floor outline.
//!
//! Bodies read (IFC2X3 and IFC4 attribute positions, ISO 16739):
//! - `IfcExtrudedAreaSolid` in any direction (a stair space extruded sideways): the profile's two
//!   caps and one quad per profile edge;
//! - `IfcFacetedBrep`, `IfcFacetedBrepWithVoids` (outer shell), `IfcFaceBasedSurfaceModel`,
//!   `IfcShellBasedSurfaceModel`: each face's outer bound;
//! - `IfcPolygonalFaceSet` and `IfcTriangulatedFaceSet` (IFC4 tessellations), `PnIndex` honoured;
//! - `IfcMappedItem` (its representation map placed by the mapping target), and
//!   `IfcBooleanResult`/`IfcBooleanClippingResult` by their first operand: an assumption (the clip
//!   of a space body is usually a sloped roof cut, above the section height).
//!
//! The section at height z classifies each vertex as above (z ≥ cut) or below, so a face lying
//! exactly in the cut plane gives nothing and a closed body gives closed loops. Loops are chained
//! through their end points (1 mm), holes are dropped (plans have none) and several outer loops
//! are joined.

use super::geometry::{Geo, clean_ring};
use super::step::Val;
use crate::geom::{self, P2};
use nalgebra::{Matrix4, Vector3};

/// Deepest nesting of mapped items and boolean operands followed.
const MAX_DEPTH: u32 = 8;

/// Planar faces in world metres.
#[derive(Clone, Debug, Default)]
pub struct Mesh {
    pub faces: Vec<Vec<[f64; 3]>>,
}

impl Mesh {
    /// Lowest and highest z of the body, metres; None when empty.
    pub fn z_range(&self) -> Option<(f64, f64)> {
        let mut r: Option<(f64, f64)> = None;
        for p in self.faces.iter().flatten() {
            r = Some(r.map_or((p[2], p[2]), |(a, b)| (a.min(p[2]), b.max(p[2]))));
        }
        r
    }

    /// The bounding box in plan, metres: (min x, min y, max x, max y).
    pub fn plan_box(&self) -> Option<[f64; 4]> {
        let mut r: Option<[f64; 4]> = None;
        for p in self.faces.iter().flatten() {
            r = Some(r.map_or([p[0], p[1], p[0], p[1]], |b| {
                [
                    b[0].min(p[0]),
                    b[1].min(p[1]),
                    b[2].max(p[0]),
                    b[3].max(p[1]),
                ]
            }));
        }
        r
    }
}

/// The mesh of representation items placed by `m` (model units to world via `g`).
pub fn mesh(g: &Geo, m: &Matrix4<f64>, items: &[u64]) -> Mesh {
    let mut out = Mesh::default();
    for &it in items {
        add_item(g, m, it, 0, &mut out);
    }
    out
}

fn coords(v: &Val) -> Vec<f64> {
    v.as_list().iter().filter_map(Val::as_f64).collect()
}

fn vec3(g: &Geo, id: Option<u64>, default: Vector3<f64>) -> Vector3<f64> {
    let c = id
        .and_then(|d| g.s.args(d))
        .and_then(|a| a.first().map(coords))
        .unwrap_or_default();
    if c.is_empty() {
        return default;
    }
    Vector3::new(
        c.first().copied().unwrap_or(0.0),
        c.get(1).copied().unwrap_or(0.0),
        c.get(2).copied().unwrap_or(0.0),
    )
}

fn add_item(g: &Geo, m: &Matrix4<f64>, it: u64, depth: u32, out: &mut Mesh) {
    if depth > MAX_DEPTH {
        return;
    }
    let s = g.s;
    let Some(a) = s.args(it) else { return };
    let world = |p: [f64; 3]| g.world_m(m, p);
    match s.type_of(it).unwrap_or("") {
        "IFCEXTRUDEDAREASOLID" | "IFCEXTRUDEDAREASOLIDTAPERED" => {
            let Some(prof) = a.first().and_then(Val::as_ref_id) else {
                return;
            };
            let pts = clean_ring(g.profile(prof));
            if pts.len() < 3 {
                return;
            }
            let pos = *m * g.axis_placement(a.get(1).and_then(Val::as_ref_id));
            let dir = vec3(g, a.get(2).and_then(Val::as_ref_id), Vector3::z());
            let Some(dir) = dir.try_normalize(1e-12) else {
                return;
            };
            let depth_u = a.get(3).and_then(Val::as_f64).unwrap_or(0.0);
            let off = dir * depth_u;
            let bottom: Vec<[f64; 3]> = pts
                .iter()
                .map(|p| g.world_m(&pos, [p[0], p[1], 0.0]))
                .collect();
            let top: Vec<[f64; 3]> = pts
                .iter()
                .map(|p| g.world_m(&pos, [p[0] + off.x, p[1] + off.y, off.z]))
                .collect();
            let n = pts.len();
            for k in 0..n {
                let j = (k + 1) % n;
                out.faces.push(vec![bottom[k], bottom[j], top[j], top[k]]);
            }
            out.faces.push(bottom);
            out.faces.push(top);
        }
        "IFCFACETEDBREP"
        | "IFCFACETEDBREPWITHVOIDS"
        | "IFCFACEBASEDSURFACEMODEL"
        | "IFCSHELLBASEDSURFACEMODEL" => {
            let shells: Vec<u64> = match s.type_of(it).unwrap_or("") {
                "IFCFACETEDBREP" | "IFCFACETEDBREPWITHVOIDS" => {
                    a.first().and_then(Val::as_ref_id).into_iter().collect()
                }
                _ => a
                    .first()
                    .map(Val::as_list)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Val::as_ref_id)
                    .collect(),
            };
            for sh in shells {
                let faces = s
                    .args(sh)
                    .and_then(|a| a.first().map(|l| l.as_list().to_vec()))
                    .unwrap_or_default();
                for f in faces.iter().filter_map(Val::as_ref_id) {
                    if let Some(face) = face_outer(g, m, f) {
                        out.faces.push(face);
                    }
                }
            }
        }
        "IFCPOLYGONALFACESET" | "IFCTRIANGULATEDFACESET" | "IFCTRIANGULATEDIRREGULARNETWORK" => {
            let pts: Vec<[f64; 3]> = a
                .first()
                .and_then(Val::as_ref_id)
                .and_then(|c| s.args(c))
                .and_then(|c| c.first().cloned())
                .map(|l| {
                    l.as_list()
                        .iter()
                        .map(|p| {
                            let c = coords(p);
                            world([
                                c.first().copied().unwrap_or(0.0),
                                c.get(1).copied().unwrap_or(0.0),
                                c.get(2).copied().unwrap_or(0.0),
                            ])
                        })
                        .collect()
                })
                .unwrap_or_default();
            let poly = s.type_of(it) == Some("IFCPOLYGONALFACESET");
            // PnIndex: attribute 3 of a polygonal set, 4 of a triangulated one (IFC4 ADD2).
            let pn: Vec<usize> = a
                .get(if poly { 3 } else { 4 })
                .map(Val::as_list)
                .unwrap_or(&[])
                .iter()
                .filter_map(|v| match v {
                    Val::Int(i) if *i >= 1 => Some(*i as usize),
                    _ => None,
                })
                .collect();
            let point = |k: &Val| -> Option<[f64; 3]> {
                let Val::Int(i) = k else { return None };
                let i = usize::try_from(*i).ok()?.checked_sub(1)?;
                let i = if pn.is_empty() {
                    i
                } else {
                    pn.get(i)?.checked_sub(1)?
                };
                pts.get(i).copied()
            };
            let index_lists: Vec<Vec<Val>> = if poly {
                a.get(2)
                    .map(Val::as_list)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|f| f.as_ref_id().and_then(|f| s.args(f)))
                    .filter_map(|fa| fa.first().map(|l| l.as_list().to_vec()))
                    .collect()
            } else {
                a.get(3)
                    .map(Val::as_list)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.as_list().to_vec())
                    .collect()
            };
            for idx in index_lists {
                let face: Option<Vec<[f64; 3]>> = idx.iter().map(point).collect();
                if let Some(face) = face.filter(|f| f.len() >= 3) {
                    out.faces.push(face);
                }
            }
        }
        "IFCMAPPEDITEM" => {
            let Some(map) = a.first().and_then(Val::as_ref_id).and_then(|r| s.args(r)) else {
                return;
            };
            let origin = g.axis_placement(map.first().and_then(Val::as_ref_id));
            let target = operator(g, a.get(1).and_then(Val::as_ref_id));
            let mm = *m * target * origin;
            let items: Vec<u64> = map
                .get(1)
                .and_then(Val::as_ref_id)
                .and_then(|r| s.args(r))
                .and_then(|r| r.get(3).cloned())
                .map(|l| l.as_list().iter().filter_map(Val::as_ref_id).collect())
                .unwrap_or_default();
            for i in items {
                add_item(g, &mm, i, depth + 1, out);
            }
        }
        "IFCBOOLEANRESULT" | "IFCBOOLEANCLIPPINGRESULT" => {
            if let Some(first) = a.get(1).and_then(Val::as_ref_id) {
                add_item(g, m, first, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// `IfcCartesianTransformationOperator3D` (uniform scale) as a matrix; identity when absent.
fn operator(g: &Geo, id: Option<u64>) -> Matrix4<f64> {
    let Some(a) = id.and_then(|i| g.s.args(i)) else {
        return Matrix4::identity();
    };
    let x = vec3(g, a.first().and_then(Val::as_ref_id), Vector3::x());
    let z = vec3(g, a.get(4).and_then(Val::as_ref_id), Vector3::z());
    let o = vec3(g, a.get(2).and_then(Val::as_ref_id), Vector3::zeros());
    let scale = a.get(3).and_then(Val::as_f64).unwrap_or(1.0);
    let z = z.try_normalize(1e-12).unwrap_or(Vector3::z());
    let x = (x - z * x.dot(&z))
        .try_normalize(1e-12)
        .unwrap_or_else(|| z.cross(&Vector3::y()).normalize());
    let y = z.cross(&x);
    let mut m = Matrix4::identity();
    m.fixed_view_mut::<3, 1>(0, 0).copy_from(&(x * scale));
    m.fixed_view_mut::<3, 1>(0, 1).copy_from(&(y * scale));
    m.fixed_view_mut::<3, 1>(0, 2).copy_from(&(z * scale));
    m.fixed_view_mut::<3, 1>(0, 3).copy_from(&o);
    m
}

/// The outer bound of an `IfcFace` in world metres.
fn face_outer(g: &Geo, m: &Matrix4<f64>, f: u64) -> Option<Vec<[f64; 3]>> {
    let s = g.s;
    let bounds: Vec<u64> = s
        .args(f)?
        .first()?
        .as_list()
        .iter()
        .filter_map(Val::as_ref_id)
        .collect();
    let b = bounds
        .iter()
        .copied()
        .find(|&b| s.type_of(b) == Some("IFCFACEOUTERBOUND"))
        .or_else(|| bounds.first().copied())?;
    let lp = s.args(b)?.first()?.as_ref_id()?;
    let pts: Vec<[f64; 3]> = s
        .args(lp)?
        .first()?
        .as_list()
        .iter()
        .filter_map(|p| {
            let c = coords(s.args(p.as_ref_id()?)?.first()?);
            Some(g.world_m(
                m,
                [*c.first()?, *c.get(1)?, c.get(2).copied().unwrap_or(0.0)],
            ))
        })
        .collect();
    (pts.len() >= 3).then_some(pts)
}

/// Tolerance for joining section segments into loops, metres.
const JOIN_M: f64 = 1e-3;

/// The closed loops where the plane `z = cut_m` crosses the mesh, in plan.
pub fn section_loops(mesh: &Mesh, cut_m: f64) -> Vec<Vec<[f64; 2]>> {
    let mut segs: Vec<([f64; 2], [f64; 2])> = Vec::new();
    for f in &mesh.faces {
        let n = f.len();
        let mut hits: Vec<[f64; 2]> = Vec::new();
        for k in 0..n {
            let (p, q) = (f[k], f[(k + 1) % n]);
            let (pa, qa) = (p[2] >= cut_m, q[2] >= cut_m);
            if pa == qa {
                continue;
            }
            // Interpolate from the lower end so both faces sharing the edge get the same point.
            let (lo, hi) = if p[2] < q[2] { (p, q) } else { (q, p) };
            let t = (cut_m - lo[2]) / (hi[2] - lo[2]);
            hits.push([lo[0] + t * (hi[0] - lo[0]), lo[1] + t * (hi[1] - lo[1])]);
        }
        if hits.len() < 2 {
            continue;
        }
        if hits.len() > 2 {
            // A non-convex face: pair the crossings in order along the cut line.
            let (a, b) = (hits[0], hits[hits.len() - 1]);
            let d = [b[0] - a[0], b[1] - a[1]];
            hits.sort_by(|p, q| {
                (p[0] * d[0] + p[1] * d[1]).total_cmp(&(q[0] * d[0] + q[1] * d[1]))
            });
        }
        for pair in hits.chunks_exact(2) {
            segs.push((pair[0], pair[1]));
        }
    }
    chain(segs)
}

/// Join segments into closed loops by their end points (within [`JOIN_M`]).
fn chain(segs: Vec<([f64; 2], [f64; 2])>) -> Vec<Vec<[f64; 2]>> {
    let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]) <= JOIN_M;
    // Endpoints bucketed on a JOIN_M grid, so each step looks at the 3×3 cells around the ring's
    // end instead of every segment (a body of 10⁵ triangles would otherwise take minutes).
    let cell = |p: [f64; 2]| {
        (
            (p[0] / JOIN_M).floor() as i64,
            (p[1] / JOIN_M).floor() as i64,
        )
    };
    let mut grid: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
    for (k, (a, b)) in segs.iter().enumerate() {
        grid.entry(cell(*a)).or_default().push(k);
        grid.entry(cell(*b)).or_default().push(k);
    }
    let mut used = vec![false; segs.len()];
    let mut loops = Vec::new();
    for start in 0..segs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut ring = vec![segs[start].0, segs[start].1];
        loop {
            let end = ring[ring.len() - 1];
            if ring.len() > 2 && close(end, ring[0]) {
                break;
            }
            let (cx, cy) = cell(end);
            // The lowest-numbered unused segment touching `end`, as a scan in order would find.
            let next = (cx - 1..=cx + 1)
                .flat_map(|x| (cy - 1..=cy + 1).map(move |y| (x, y)))
                .filter_map(|c| grid.get(&c))
                .flatten()
                .copied()
                .filter(|&k| !used[k] && (close(segs[k].0, end) || close(segs[k].1, end)))
                .min();
            let Some(k) = next else { break };
            used[k] = true;
            let (a, b) = segs[k];
            ring.push(if close(a, end) { b } else { a });
        }
        let ring = clean_ring(ring);
        if ring.len() >= 3 {
            loops.push(ring);
        }
    }
    loops
}

/// The floor outline of a body at `cut_m`: the section's outer loops (holes dropped), joined when
/// they overlap or touch, else the largest; empty when the plane misses the body.
pub fn section_outline(mesh: &Mesh, cut_m: f64) -> Vec<[f64; 2]> {
    let loops: Vec<Vec<P2>> = section_loops(mesh, cut_m)
        .into_iter()
        .map(|l| geom::ensure_ccw(l.into_iter().map(geom::p2).collect()))
        .filter(|l| geom::area_m2(l) > 1e-6)
        .collect();
    let outer: Vec<&Vec<P2>> = loops
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            !loops.iter().enumerate().any(|(j, o)| {
                j != *i && geom::area_m2(o) > geom::area_m2(l) && geom::contains(o, l[0])
            })
        })
        .map(|(_, l)| l)
        .collect();
    let mut acc: Option<Vec<P2>> = None;
    let mut sorted = outer;
    sorted.sort_by(|a, b| geom::area_m2(b).total_cmp(&geom::area_m2(a)));
    for l in sorted {
        acc = Some(match acc {
            None => l.clone(),
            Some(prev) => geom::union_polygons(&prev, l).unwrap_or(prev),
        });
    }
    acc.map(|p| p.iter().map(|q| [q.x, q.y]).collect())
        .unwrap_or_default()
}

/// Is every face of an extrusion's direction vertical in the world, i.e. is the item an upright
/// extrusion whose profile is its footprint?
pub fn is_upright_extrusion(g: &Geo, m: &Matrix4<f64>, it: u64) -> bool {
    if g.s.type_of(it) != Some("IFCEXTRUDEDAREASOLID") {
        return false;
    }
    let Some(a) = g.s.args(it) else { return false };
    let pos = *m * g.axis_placement(a.get(1).and_then(Val::as_ref_id));
    let dir = vec3(g, a.get(2).and_then(Val::as_ref_id), Vector3::z());
    let w = pos.transform_vector(&dir);
    let n = pos.transform_vector(&Vector3::z());
    let horizontal_profile = n.x.abs() < 1e-9 * n.norm() && n.y.abs() < 1e-9 * n.norm();
    let vertical_dir = w.x.abs() < 1e-9 * w.norm() && w.y.abs() < 1e-9 * w.norm();
    horizontal_profile && vertical_dir
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A regular n-gon of radius 50 m (sides ≈ 6 mm, above the 1 mm join tolerance) cut into its
    /// sides, given in a scrambled order with every other side reversed: one loop of n points.
    #[test]
    fn segments_of_a_large_section_join_into_one_loop() {
        let n = 50_000usize;
        let p = |i: usize| {
            let t = std::f64::consts::TAU * (i % n) as f64 / n as f64;
            [50.0 * t.cos(), 50.0 * t.sin()]
        };
        // i ↦ 7919·i mod n is a permutation (7919 is prime and does not divide 50,000).
        let segs: Vec<_> = (0..n)
            .map(|i| (i * 7919) % n)
            .map(|i| {
                if i % 2 == 0 {
                    (p(i), p(i + 1))
                } else {
                    (p(i + 1), p(i))
                }
            })
            .collect();
        let loops = chain(segs);
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].len(), n);
    }
}

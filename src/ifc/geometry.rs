//! IFC geometry needed for a floor plan: the length unit, placement chains and space footprints.
//!
//! Entity layouts (attribute positions) are those of the IFC2X3 and IFC4 schemas (buildingSMART,
//! ISO 16739), which agree for every entity read here.

use super::step::{Step, Val};
use nalgebra::{Matrix4, Point3, Vector3};
use std::cell::RefCell;
use std::collections::HashMap;

/// Metres per unit of an SI prefix (IFC `IfcSIPrefix`).
fn prefix_factor(p: &str) -> f64 {
    match p {
        "EXA" => 1e18,
        "PETA" => 1e15,
        "TERA" => 1e12,
        "GIGA" => 1e9,
        "MEGA" => 1e6,
        "KILO" => 1e3,
        "HECTO" => 1e2,
        "DECA" => 1e1,
        "DECI" => 1e-1,
        "CENTI" => 1e-2,
        "MILLI" => 1e-3,
        "MICRO" => 1e-6,
        "NANO" => 1e-9,
        _ => 1.0,
    }
}

/// Metres per length unit of the project: the `LENGTHUNIT` of the first `IfcUnitAssignment`
/// (an `IfcSIUnit` with its prefix, or an `IfcConversionBasedUnit` such as FOOT = 0.3048 m);
/// 1 when none is given (IFC's default is the metre).
pub fn length_unit_m(s: &Step) -> f64 {
    for &ua in s.of_type("IFCUNITASSIGNMENT") {
        let Some(a) = s.args(ua) else { continue };
        for u in a.first().map(Val::as_list).unwrap_or(&[]) {
            if let Some(f) = u.as_ref_id().and_then(|id| unit_factor(s, id, 0))
                && f > 0.0
            {
                return f;
            }
        }
    }
    1.0
}

fn unit_factor(s: &Step, id: u64, depth: u32) -> Option<f64> {
    if depth > 8 {
        return None;
    }
    let a = s.args(id)?;
    match s.type_of(id)? {
        "IFCSIUNIT" => {
            (a.get(1)?.as_enum()? == "LENGTHUNIT").then_some(())?;
            Some(a.get(2).and_then(Val::as_enum).map_or(1.0, prefix_factor))
        }
        "IFCCONVERSIONBASEDUNIT" | "IFCCONVERSIONBASEDUNITWITHOFFSET" => {
            (a.get(1)?.as_enum()? == "LENGTHUNIT").then_some(())?;
            let m = a.get(3)?.as_ref_id()?;
            let ma = s.args(m)?;
            let value = ma.first()?.as_f64()?;
            let base = ma.get(1)?.as_ref_id()?;
            Some(value * unit_factor(s, base, depth + 1)?)
        }
        _ => None,
    }
}

/// Placements and curves, evaluated with memoised placement chains.
pub struct Geo<'s, 'a> {
    pub s: &'s Step<'a>,
    /// Metres per unit.
    pub unit_m: f64,
    placements: RefCell<HashMap<u64, Matrix4<f64>>>,
}

/// Deepest placement chain followed (a cycle or a deeper chain is cut there).
const MAX_CHAIN: u32 = 64;

impl<'s, 'a> Geo<'s, 'a> {
    pub fn new(s: &'s Step<'a>) -> Self {
        Geo {
            s,
            unit_m: length_unit_m(s),
            placements: RefCell::new(HashMap::new()),
        }
    }

    fn point3(&self, id: Option<u64>) -> Vector3<f64> {
        let c = id
            .and_then(|id| self.s.args(id))
            .and_then(|a| {
                a.first().map(|l| {
                    l.as_list()
                        .iter()
                        .filter_map(Val::as_f64)
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default();
        Vector3::new(
            c.first().copied().unwrap_or(0.0),
            c.get(1).copied().unwrap_or(0.0),
            c.get(2).copied().unwrap_or(0.0),
        )
    }

    fn direction(&self, id: Option<u64>, default: Vector3<f64>) -> Vector3<f64> {
        let Some(id) = id else { return default };
        let c: Vec<f64> = self
            .s
            .args(id)
            .and_then(|a| {
                a.first()
                    .map(|l| l.as_list().iter().filter_map(Val::as_f64).collect())
            })
            .unwrap_or_default();
        let v = Vector3::new(
            c.first().copied().unwrap_or(0.0),
            c.get(1).copied().unwrap_or(0.0),
            c.get(2).copied().unwrap_or(0.0),
        );
        if v.norm() > 0.0 {
            v.normalize()
        } else {
            default
        }
    }

    /// `IfcAxis2Placement3D` / `IfcAxis2Placement2D` as a matrix (model units).
    pub fn axis_placement(&self, id: Option<u64>) -> Matrix4<f64> {
        let Some(id) = id else {
            return Matrix4::identity();
        };
        let a = self.s.args(id).unwrap_or_default();
        let loc = self.point3(a.first().and_then(Val::as_ref_id));
        let (z, x) = if self.s.type_of(id) == Some("IFCAXIS2PLACEMENT2D") {
            (
                Vector3::z(),
                self.direction(a.get(1).and_then(Val::as_ref_id), Vector3::x()),
            )
        } else {
            (
                self.direction(a.get(1).and_then(Val::as_ref_id), Vector3::z()),
                self.direction(a.get(2).and_then(Val::as_ref_id), Vector3::x()),
            )
        };
        // Make x orthogonal to z (IFC's "projected" RefDirection).
        let x = (x - z * x.dot(&z))
            .try_normalize(1e-12)
            .unwrap_or_else(|| z.cross(&Vector3::y()).normalize());
        let y = z.cross(&x);
        let mut m = Matrix4::identity();
        m.fixed_view_mut::<3, 1>(0, 0).copy_from(&x);
        m.fixed_view_mut::<3, 1>(0, 1).copy_from(&y);
        m.fixed_view_mut::<3, 1>(0, 2).copy_from(&z);
        m.fixed_view_mut::<3, 1>(0, 3).copy_from(&loc);
        m
    }

    /// The world transform of an `IfcLocalPlacement` (its chain of `PlacementRelTo`).
    pub fn placement(&self, id: Option<u64>) -> Matrix4<f64> {
        self.placement_at(id, 0)
    }

    fn placement_at(&self, id: Option<u64>, depth: u32) -> Matrix4<f64> {
        let Some(id) = id else {
            return Matrix4::identity();
        };
        if let Some(m) = self.placements.borrow().get(&id) {
            return *m;
        }
        if depth > MAX_CHAIN || self.s.type_of(id) != Some("IFCLOCALPLACEMENT") {
            return Matrix4::identity();
        }
        let a = self.s.args(id).unwrap_or_default();
        let parent = self.placement_at(a.first().and_then(Val::as_ref_id), depth + 1);
        let m = parent * self.axis_placement(a.get(1).and_then(Val::as_ref_id));
        self.placements.borrow_mut().insert(id, m);
        m
    }

    /// Points of a 2D curve in its own coordinates: `IfcPolyline`, `IfcIndexedPolyCurve`,
    /// `IfcCompositeCurve` of those, `IfcTrimmedCurve` by its trimming points (as a chord: an
    /// assumption, arcs in space outlines are rare).
    pub fn curve_points(&self, id: u64, depth: u32) -> Vec<[f64; 2]> {
        if depth > 16 {
            return Vec::new();
        }
        let a = self.s.args(id).unwrap_or_default();
        let xy = |v: Vector3<f64>| [v.x, v.y];
        match self.s.type_of(id).unwrap_or("") {
            "IFCPOLYLINE" => a
                .first()
                .map(Val::as_list)
                .unwrap_or(&[])
                .iter()
                .map(|p| xy(self.point3(p.as_ref_id())))
                .collect(),
            "IFCINDEXEDPOLYCURVE" => {
                let list = a
                    .first()
                    .and_then(Val::as_ref_id)
                    .and_then(|l| self.s.args(l))
                    .unwrap_or_default();
                list.first()
                    .map(Val::as_list)
                    .unwrap_or(&[])
                    .iter()
                    .map(|p| {
                        let c: Vec<f64> = p.as_list().iter().filter_map(Val::as_f64).collect();
                        [
                            c.first().copied().unwrap_or(0.0),
                            c.get(1).copied().unwrap_or(0.0),
                        ]
                    })
                    .collect()
            }
            "IFCCOMPOSITECURVE" => {
                let mut out: Vec<[f64; 2]> = Vec::new();
                for seg in a.first().map(Val::as_list).unwrap_or(&[]) {
                    let Some(sa) = seg.as_ref_id().and_then(|s| self.s.args(s)) else {
                        continue;
                    };
                    let same = !matches!(sa.get(1), Some(Val::Enum(e)) if e == "F");
                    let Some(parent) = sa.get(2).and_then(Val::as_ref_id) else {
                        continue;
                    };
                    let mut pts = self.curve_points(parent, depth + 1);
                    if !same {
                        pts.reverse();
                    }
                    out.extend(pts);
                }
                out
            }
            "IFCTRIMMEDCURVE" => {
                let end = |v: Option<&Val>| {
                    v.map(Val::as_list)
                        .unwrap_or(&[])
                        .iter()
                        .find_map(|t| t.as_ref_id())
                        .map(|p| xy(self.point3(Some(p))))
                };
                let mut pts: Vec<[f64; 2]> = [end(a.get(1)), end(a.get(2))]
                    .into_iter()
                    .flatten()
                    .collect();
                if matches!(a.get(3), Some(Val::Enum(e)) if e == "F") {
                    pts.reverse();
                }
                pts
            }
            _ => Vec::new(),
        }
    }

    /// The outline of a profile in the profile's own plane (model units):
    /// `IfcRectangleProfileDef` (centred on its position), `IfcArbitraryClosedProfileDef` and
    /// `IfcArbitraryProfileDefWithVoids` (the outer curve; voids are ignored).
    pub fn profile(&self, id: u64) -> Vec<[f64; 2]> {
        let a = self.s.args(id).unwrap_or_default();
        let ty = self.s.type_of(id).unwrap_or("");
        let local: Vec<[f64; 2]> = match ty {
            "IFCRECTANGLEPROFILEDEF" | "IFCROUNDEDRECTANGLEPROFILEDEF" => {
                let (x, y) = (
                    a.get(3).and_then(Val::as_f64).unwrap_or(0.0) / 2.0,
                    a.get(4).and_then(Val::as_f64).unwrap_or(0.0) / 2.0,
                );
                vec![[-x, -y], [x, -y], [x, y], [-x, y]]
            }
            "IFCARBITRARYCLOSEDPROFILEDEF" | "IFCARBITRARYPROFILEDEFWITHVOIDS" => a
                .get(2)
                .and_then(Val::as_ref_id)
                .map(|c| self.curve_points(c, 0))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if ty.starts_with("IFCRECTANGLE") || ty.starts_with("IFCROUNDEDRECTANGLE") {
            let m = self.axis_placement(a.get(2).and_then(Val::as_ref_id));
            local
                .into_iter()
                .map(|p| {
                    let q = m.transform_point(&Point3::new(p[0], p[1], 0.0));
                    [q.x, q.y]
                })
                .collect()
        } else {
            local
        }
    }

    /// A world point from a matrix and local coordinates, in metres.
    pub fn world_m(&self, m: &Matrix4<f64>, p: [f64; 3]) -> [f64; 3] {
        let q = m.transform_point(&Point3::new(p[0], p[1], p[2]));
        [q.x * self.unit_m, q.y * self.unit_m, q.z * self.unit_m]
    }
}

/// A closed outline without the repeated closing point or consecutive duplicates (1 mm).
pub fn clean_ring(mut pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    pts.dedup_by(|a, b| (a[0] - b[0]).hypot(a[1] - b[1]) < 1e-3);
    while pts.len() > 1 {
        let (f, l) = (pts[0], pts[pts.len() - 1]);
        if (f[0] - l[0]).hypot(f[1] - l[1]) < 1e-3 {
            pts.pop();
        } else {
            break;
        }
    }
    pts
}

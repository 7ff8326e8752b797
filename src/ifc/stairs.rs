//! Stairs and lifts → vertical links.
//!
//! Models give stairs as `IfcStair`/`IfcStairFlight` elements and lifts as `IfcTransportElement`
//! (type `ELEVATOR`, or named so), often with one stair or shaft space whose body rises through
//! several storeys but belongs to the lowest. What is done, and the assumptions made:
//! - a space under a stair or lift element (the element's plan box overlaps it by at least
//!   [`HOLDS_SHARE`] of the box) whose name gave no use becomes a `stair` (`lift`) room;
//! - a stair or lift space whose body reaches at least [`REACH_M`] above the floor of a higher
//!   storey is also a room there: its section [`super::SECTION_ABOVE_FLOOR_M`] above that floor;
//! - stair (lift) rooms on consecutive floors whose outlines overlap by more than
//!   [`LINK_OVERLAP_M2`] are joined by a stair (lift) link.

use super::body::{self, Mesh};
use super::geometry::{Geo, clean_ring};
use super::step::Val;
use super::{Space, representations, to_p2};
use crate::geom::{self, P2};
use crate::import::{Guess, GuessReport};
use crate::plan::{Floor, RoomUse, VerticalKind, VerticalLink};

/// Share of a stair's or lift's plan box a space must cover to be taken as holding it.
pub const HOLDS_SHARE: f64 = 0.3;

/// How far a space's body must reach above a higher storey's floor to be a room there, metres
/// (an assumption: a stair arriving on a landing; a space that only touches the slab is not).
pub const REACH_M: f64 = 1.0;

/// Least overlap in plan of two stair or lift rooms on consecutive floors to be linked, m².
pub const LINK_OVERLAP_M2: f64 = 0.5;

/// A stair or lift element of the model.
pub struct Element {
    pub gid: String,
    pub entity: &'static str,
    pub name: Option<String>,
    pub kind: VerticalKind,
    /// The body's plan box as an outline, world metres.
    pub outline: Vec<[f64; 2]>,
}

/// Stair flights, stairs and lifts that have a body.
pub fn elements(g: &Geo) -> Vec<Element> {
    let s = g.s;
    let mut out = Vec::new();
    for entity in ["IFCSTAIRFLIGHT", "IFCSTAIR", "IFCTRANSPORTELEMENT"] {
        for &id in s.of_type(entity) {
            let a = s.args(id).unwrap_or_default();
            let name = a
                .get(2)
                .and_then(Val::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            let kind = if entity == "IFCTRANSPORTELEMENT" {
                // Attribute 8: OperationType (IFC2X3) or PredefinedType (IFC4).
                let ty = a.get(8).and_then(Val::as_enum).unwrap_or("");
                let low = name.as_deref().unwrap_or("").to_lowercase();
                let named = [
                    "lift",
                    "elevator",
                    "aufzug",
                    "ascenseur",
                    "ascensor",
                    "ascensore",
                ]
                .iter()
                .any(|w| low.contains(w));
                if ty == "ELEVATOR" || (matches!(ty, "" | "USERDEFINED" | "NOTDEFINED") && named) {
                    VerticalKind::Lift
                } else {
                    continue;
                }
            } else {
                VerticalKind::Stair
            };
            let m = g.placement(a.get(5).and_then(Val::as_ref_id));
            let items: Vec<u64> = representations(s, a.get(6).and_then(Val::as_ref_id))
                .into_iter()
                .filter(|r| r.0.eq_ignore_ascii_case("Body"))
                .flat_map(|r| r.1)
                .collect();
            let mesh = body::mesh(g, &m, &items);
            let Some([x0, y0, x1, y1]) = mesh.plan_box() else {
                continue;
            };
            if (x1 - x0) * (y1 - y0) < 1e-6 {
                continue;
            }
            out.push(Element {
                gid: a
                    .first()
                    .and_then(Val::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("#{id}")),
                entity,
                name,
                kind,
                outline: vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
            });
        }
    }
    out
}

fn use_of(kind: VerticalKind) -> RoomUse {
    match kind {
        VerticalKind::Stair => RoomUse::Stair,
        VerticalKind::Lift => RoomUse::Lift,
    }
}

/// Give spaces that hold a stair or lift, and have no use from their names, that use.
pub(super) fn mark_uses(elements: &[Element], spaces: &mut [Space]) {
    for e in elements {
        let boxed = to_p2(&e.outline);
        let box_area = geom::area_m2(&boxed);
        for sp in spaces.iter_mut().filter(|sp| sp.room_use == RoomUse::Other) {
            let ov = geom::overlap_area_m2(&to_p2(&sp.polygon), &boxed);
            if ov >= HOLDS_SHARE * box_area {
                sp.room_use = use_of(e.kind);
                sp.how = format!(
                    "holds {} {} ({:.0}% of its plan box): no use word in its names",
                    e.entity,
                    e.gid,
                    100.0 * ov / box_area
                );
            }
        }
    }
}

/// Rooms on higher storeys for stair and lift spaces whose bodies rise into them: new spaces
/// (same GlobalId, id suffixed with the storey's name) appended to `spaces`. `storeys` are the
/// kept storeys `(entity, name, elevation_m)` in elevation order.
pub(super) fn upper_sections(
    spaces: &mut Vec<Space>,
    meshes: &[Mesh],
    storeys: &[(u64, String, f64)],
) {
    let n = spaces.len();
    for i in 0..n {
        if !matches!(spaces[i].room_use, RoomUse::Stair | RoomUse::Lift) {
            continue;
        }
        let Some((_, z1)) = meshes.get(i).and_then(Mesh::z_range) else {
            continue;
        };
        let Some(own) = storeys.iter().position(|st| st.0 == spaces[i].storey) else {
            continue;
        };
        for st in &storeys[own + 1..] {
            if z1 < st.2 + REACH_M {
                break;
            }
            let poly = clean_ring(body::section_outline(
                &meshes[i],
                st.2 + super::SECTION_ABOVE_FLOOR_M,
            ));
            if poly.len() < 3 || geom::area_m2(&to_p2(&poly)) < 0.1 {
                continue;
            }
            let sp = &spaces[i];
            let upper = Space {
                gid: sp.gid.clone(),
                id: format!("{}-{}", sp.id, st.1),
                name: sp.name.clone(),
                room_use: sp.room_use,
                how: format!(
                    "{}; its body rises {:.2} m above storey `{}`: the section {} m above that floor",
                    sp.how,
                    z1 - st.2,
                    st.1,
                    super::SECTION_ABOVE_FLOOR_M
                ),
                storey: st.0,
                polygon: poly,
                height_m: None,
            };
            spaces.push(upper);
        }
    }
}

/// Stair (lift) links between stair (lift) rooms on consecutive floors that overlap in plan; a
/// stair or lift element over no linked room is reported as left out.
pub(super) fn links(
    floors: &[Floor],
    elements: &[Element],
    report: &mut GuessReport,
) -> Vec<VerticalLink> {
    let mut out: Vec<VerticalLink> = Vec::new();
    let mut linked: Vec<Vec<P2>> = Vec::new();
    for k in 1..floors.len() {
        for kind in [VerticalKind::Stair, VerticalKind::Lift] {
            let want = use_of(kind);
            for lo in floors[k - 1].rooms.iter().filter(|r| r.room_use == want) {
                for hi in floors[k].rooms.iter().filter(|r| r.room_use == want) {
                    let (pl, ph) = (to_p2(&lo.polygon), to_p2(&hi.polygon));
                    let ov = geom::overlap_area_m2(&pl, &ph);
                    if ov <= LINK_OVERLAP_M2 {
                        continue;
                    }
                    let id = super::sanitize(&format!("V-{}-{}", lo.id, hi.id));
                    report.vertical.push(Guess {
                        source_id: format!("{}+{}", lo.id, hi.id),
                        entity: "IFCSPACE".into(),
                        name: None,
                        became: Some(id.clone()),
                        role: want.as_str().into(),
                        how: format!(
                            "{} spaces overlapping by {ov:.2} m² on consecutive floors",
                            want.as_str()
                        ),
                    });
                    out.push(VerticalLink {
                        id,
                        kind,
                        rooms: [lo.id.clone(), hi.id.clone()],
                        travel_time_s: None,
                        capacity_persons: None,
                    });
                    linked.push(pl);
                    linked.push(ph);
                }
            }
        }
    }
    for e in elements {
        let b = to_p2(&e.outline);
        if !linked
            .iter()
            .any(|r| geom::overlap_area_m2(r, &b) >= HOLDS_SHARE * geom::area_m2(&b))
        {
            report.ignore(
                e.gid.clone(),
                e.entity,
                e.name.clone(),
                format!(
                    "no {} space over it on two consecutive storeys: model a space around it (or give one the use in a mapping) to link the floors",
                    use_of(e.kind).as_str()
                ),
            );
        }
    }
    out
}

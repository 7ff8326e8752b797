//! Applying retrofit operations to a plan.

use super::Op;
use crate::diag::{Diagnostic, ElementKind};
use crate::geom::{self, P2, Segment};
use crate::plan::{Door, Household, OUTSIDE, Plan, Room, RoomUse, Ventilation, Window};

/// How far a door or window may lie from a part's outline to go with that part, metres.
const ON_OUTLINE_M: f64 = 0.05;

/// A plan with the ops applied, and the ids of the elements they created or changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub plan: Plan,
    pub changed: Vec<String>,
    /// The ids each op (in order) created or changed.
    pub steps: Vec<Vec<String>>,
}

/// Apply `ops` in order to a copy of `base`. Every op that cannot be applied gives an error that
/// names it (its number, 1-based, and name) and the element; the others are still applied, so all
/// problems are reported at once.
pub fn apply(base: &Plan, ops: &[Op]) -> Result<Applied, Vec<Diagnostic>> {
    let mut plan = base.clone();
    let mut changed: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    let mut steps = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match apply_one(&mut plan, op) {
            Ok(ids) => {
                steps.push(ids.clone());
                for id in ids {
                    if !changed.contains(&id) {
                        changed.push(id);
                    }
                }
            }
            Err((msg, help)) => {
                steps.push(Vec::new());
                errors.push(
                    Diagnostic::error("op-failed", msg)
                        .at(ElementKind::Op, format!("{} ({})", i + 1, op.name()))
                        .help(help),
                )
            }
        }
    }
    if errors.is_empty() {
        Ok(Applied {
            plan,
            changed,
            steps,
        })
    } else {
        Err(errors)
    }
}

type OpResult = Result<Vec<String>, (String, String)>;

fn find_room(plan: &Plan, id: &str) -> Result<(usize, usize), (String, String)> {
    for (f, fl) in plan.floors.iter().enumerate() {
        if let Some(r) = fl.rooms.iter().position(|r| r.id == id) {
            return Ok((f, r));
        }
    }
    Err((
        format!("room {id:?} does not exist in the base plan (or was removed by an earlier op)"),
        "check the room id against the plan".into(),
    ))
}

fn find_door(plan: &Plan, id: &str) -> Result<(usize, usize), (String, String)> {
    for (f, fl) in plan.floors.iter().enumerate() {
        if let Some(d) = fl.doors.iter().position(|d| d.id == id) {
            return Ok((f, d));
        }
    }
    Err((
        format!("door {id:?} does not exist"),
        "check the door id against the plan".into(),
    ))
}

fn id_taken(plan: &Plan, id: &str) -> bool {
    plan.households.iter().any(|h| h.id == id)
        || plan.outdoor.iter().any(|o| o.id == id)
        || plan.vertical.iter().any(|v| v.id == id)
        || plan.floors.iter().any(|f| {
            f.id == id
                || f.rooms.iter().any(|r| r.id == id)
                || f.doors.iter().any(|d| d.id == id)
                || f.windows.iter().any(|w| w.id == id)
        })
}

fn fresh(plan: &Plan, id: &str) -> Result<(), (String, String)> {
    if id_taken(plan, id) || id == OUTSIDE {
        Err((
            format!("id {id:?} is already used in the plan"),
            "choose a new id".into(),
        ))
    } else {
        Ok(())
    }
}

fn on_outline(poly: &[P2], p: P2) -> bool {
    let n = poly.len();
    (0..n).any(|i| Segment::new(poly[i], poly[(i + 1) % n]).distance_to(p).0 <= ON_OUTLINE_M)
}

fn rename_in_doors_and_windows(
    plan: &mut Plan,
    floor: usize,
    old: &str,
    pick: impl Fn(P2) -> Option<String>,
) -> Result<(), (String, String)> {
    let fl = &mut plan.floors[floor];
    for d in fl.doors.iter_mut() {
        for side in d.rooms.iter_mut() {
            if side == old {
                *side = pick(geom::p2(d.at)).ok_or_else(|| {
                    (
                        format!("door {} of {old} lies on neither new room's outline", d.id),
                        "move or remove the door first".into(),
                    )
                })?;
            }
        }
    }
    for w in fl.windows.iter_mut().filter(|w| w.room == old) {
        w.room = pick(geom::p2(w.at)).ok_or_else(|| {
            (
                format!(
                    "window {} of {old} lies on neither new room's outline",
                    w.id
                ),
                "move or remove the window first".into(),
            )
        })?;
    }
    Ok(())
}

fn apply_one(plan: &mut Plan, op: &Op) -> OpResult {
    match op {
        Op::SetBeds { room, beds, .. } => {
            let (f, r) = find_room(plan, room)?;
            let rm = &mut plan.floors[f].rooms[r];
            if rm.room_use != RoomUse::Bedroom {
                return Err((
                    format!("room {room} is a {}, not a bedroom", rm.room_use.as_str()),
                    "use change_use with beds to make it a bedroom".into(),
                ));
            }
            if *beds == 0 {
                return Err((
                    format!("a bedroom needs at least one bed ({room})"),
                    "use change_use to give the room another use".into(),
                ));
            }
            rm.beds = Some(*beds);
            Ok(vec![room.clone()])
        }
        Op::ChangeUse {
            room,
            room_use,
            beds,
            ..
        } => {
            let (f, r) = find_room(plan, room)?;
            let rm = &mut plan.floors[f].rooms[r];
            if *room_use == RoomUse::Bedroom && beds.unwrap_or(0) == 0 {
                return Err((
                    format!("room {room} becomes a bedroom without beds"),
                    "add beds = 1 (or more) to the op".into(),
                ));
            }
            rm.room_use = *room_use;
            rm.beds = if *room_use == RoomUse::Bedroom {
                *beds
            } else {
                None
            };
            Ok(vec![room.clone()])
        }
        Op::SplitRoom {
            room,
            from,
            to,
            into,
            uses,
            beds,
            ..
        } => {
            let (f, r) = find_room(plan, room)?;
            for id in into {
                if id != room {
                    fresh(plan, id)?;
                }
            }
            if into[0] == into[1] {
                return Err((
                    "the two parts need different ids".into(),
                    "give two ids in `into`".into(),
                ));
            }
            let orig = plan.floors[f].rooms[r].clone();
            let poly: Vec<P2> = orig.polygon.iter().copied().map(geom::p2).collect();
            let (a, b) = geom::split_polygon(&poly, geom::p2(*from), geom::p2(*to), ON_OUTLINE_M).ok_or_else(|| {
                (format!("the cut {from:?} → {to:?} does not split room {room}: both ends must lie on its outline and the cut must stay inside"), "put `from` and `to` on two edges of the room".into())
            })?;
            // into[0] is the part on the left of the cut, walking from `from` to `to`.
            let dir = geom::p2(*to) - geom::p2(*from);
            let left = |part: &[P2]| {
                let c = geom::centroid(part) - geom::p2(*from);
                dir.x * c.y - dir.y * c.x > 0.0
            };
            let parts = if left(&a) { [a, b] } else { [b, a] };
            let mut new_rooms = Vec::new();
            for k in 0..2 {
                let u = uses.map_or(orig.room_use, |u| u[k]);
                let nb = match (u, beds) {
                    (RoomUse::Bedroom, Some(bs)) if bs[k] > 0 => Some(bs[k]),
                    (RoomUse::Bedroom, _) => {
                        return Err((
                            format!("part {} ({}) is a bedroom but has no beds", k + 1, into[k]),
                            "give beds = [n1, n2]".into(),
                        ));
                    }
                    _ => None,
                };
                new_rooms.push(Room {
                    id: into[k].clone(),
                    room_use: u,
                    polygon: parts[k].iter().map(|p| [p.x, p.y]).collect(),
                    beds: nb,
                    ..orig.clone()
                });
            }
            let pick = |p: P2| -> Option<String> {
                (0..2)
                    .find(|&k| on_outline(&parts[k], p))
                    .map(|k| into[k].clone())
            };
            rename_in_doors_and_windows(plan, f, room, pick)?;
            if plan.vertical.iter().any(|v| v.rooms.contains(room)) {
                return Err((
                    format!("room {room} is joined to another floor by a stair or lift"),
                    "split a room that is not a stair or lift".into(),
                ));
            }
            let rooms = &mut plan.floors[f].rooms;
            rooms.splice(r..=r, new_rooms);
            Ok(into.to_vec())
        }
        Op::MergeRooms {
            rooms,
            into,
            room_use,
            beds,
            ..
        } => {
            let (fa, ra) = find_room(plan, &rooms[0])?;
            let (fb, rb) = find_room(plan, &rooms[1])?;
            if fa != fb {
                return Err((
                    format!(
                        "rooms {} and {} are on different floors",
                        rooms[0], rooms[1]
                    ),
                    "merge rooms of one floor".into(),
                ));
            }
            if !rooms.contains(into) {
                fresh(plan, into)?;
            }
            let (x, y) = (
                plan.floors[fa].rooms[ra].clone(),
                plan.floors[fb].rooms[rb].clone(),
            );
            let px: Vec<P2> = x.polygon.iter().copied().map(geom::p2).collect();
            let py: Vec<P2> = y.polygon.iter().copied().map(geom::p2).collect();
            let u = geom::union_polygons(&px, &py).ok_or_else(|| {
                (
                    format!(
                        "rooms {} and {} do not join into one room",
                        rooms[0], rooms[1]
                    ),
                    "merge rooms that share a wall".into(),
                )
            })?;
            let use_ = room_use.unwrap_or(x.room_use);
            let nb = if use_ == RoomUse::Bedroom {
                Some(
                    beds.unwrap_or(x.beds.unwrap_or(0) + y.beds.unwrap_or(0))
                        .max(1),
                )
            } else {
                None
            };
            let merged = Room {
                id: into.clone(),
                room_use: use_,
                polygon: u.iter().map(|p| [p.x, p.y]).collect(),
                beds: nb,
                ..x.clone()
            };
            let fl = &mut plan.floors[fa];
            fl.doors
                .retain(|d| !(d.rooms.contains(&rooms[0]) && d.rooms.contains(&rooms[1])));
            for d in fl.doors.iter_mut() {
                for side in d.rooms.iter_mut() {
                    if rooms.contains(side) {
                        *side = into.clone();
                    }
                }
            }
            for w in fl.windows.iter_mut().filter(|w| rooms.contains(&w.room)) {
                w.room = into.clone();
            }
            fl.rooms.retain(|r| !rooms.contains(&r.id));
            fl.rooms.push(merged);
            Ok(vec![into.clone()])
        }
        Op::AddDoor {
            id,
            rooms,
            at,
            width_m,
            kind,
            ..
        } => {
            fresh(plan, id)?;
            let room = rooms
                .iter()
                .find(|s| find_room(plan, s).is_ok())
                .ok_or_else(|| {
                    (
                        format!("neither {:?} nor {:?} is a room", rooms[0], rooms[1]),
                        "a door opens from a room".into(),
                    )
                })?;
            let (f, _) = find_room(plan, room)?;
            plan.floors[f].doors.push(Door {
                id: id.clone(),
                rooms: rooms.clone(),
                at: *at,
                width_m: *width_m,
                kind: *kind,
            });
            Ok(vec![id.clone()])
        }
        Op::RemoveDoor { door, .. } => {
            let (f, d) = find_door(plan, door)?;
            plan.floors[f].doors.remove(d);
            Ok(vec![door.clone()])
        }
        Op::RemoveWindow { window, .. } => {
            for fl in plan.floors.iter_mut() {
                if let Some(i) = fl.windows.iter().position(|w| &w.id == window) {
                    fl.windows.remove(i);
                    return Ok(vec![window.clone()]);
                }
            }
            Err((
                format!("window {window:?} does not exist"),
                "check the window id against the plan".into(),
            ))
        }
        Op::SetDoorKind { door, kind, .. } => {
            let (f, d) = find_door(plan, door)?;
            plan.floors[f].doors[d].kind = *kind;
            Ok(vec![door.clone()])
        }
        Op::AddWindow {
            id,
            room,
            at,
            width_m,
            height_m,
            sill_m,
            transmittance,
            outlook,
            ..
        } => {
            fresh(plan, id)?;
            let (f, _) = find_room(plan, room)?;
            plan.floors[f].windows.push(Window {
                id: id.clone(),
                room: room.clone(),
                at: *at,
                width_m: *width_m,
                height_m: *height_m,
                sill_m: *sill_m,
                transmittance: *transmittance,
                obstruction_deg: 0.0,
                outlook: *outlook,
            });
            Ok(vec![id.clone()])
        }
        Op::SetVentilation {
            rooms,
            room_use,
            ach,
            supply_l_s,
            ..
        } => {
            if ach.is_some() == supply_l_s.is_some() {
                return Err((
                    "give exactly one of `ach` and `supply_l_s`".into(),
                    "e.g. ach = 2.0".into(),
                ));
            }
            let mut ids = Vec::new();
            for id in rooms {
                find_room(plan, id)?;
            }
            for fl in plan.floors.iter_mut() {
                for r in fl
                    .rooms
                    .iter_mut()
                    .filter(|r| rooms.contains(&r.id) || Some(r.room_use) == *room_use)
                {
                    let v = r.ventilation.get_or_insert_with(Ventilation::default);
                    v.ach = *ach;
                    v.supply_l_s = *supply_l_s;
                    ids.push(r.id.clone());
                }
            }
            if ids.is_empty() {
                return Err((
                    "no room matched (give `rooms` or a `use`)".into(),
                    "list rooms = [\"…\"] or use = \"bedroom\"".into(),
                ));
            }
            Ok(ids)
        }
        Op::AddAirCleaner {
            rooms, cadr_m3_h, ..
        } => {
            if !(cadr_m3_h.is_finite() && *cadr_m3_h > 0.0) {
                return Err((
                    format!("cadr_m3_h {cadr_m3_h} must be a positive number"),
                    "a portable HEPA cleaner delivers about 200–600 m³/h".into(),
                ));
            }
            for id in rooms {
                let (f, r) = find_room(plan, id)?;
                let v = plan.floors[f].rooms[r]
                    .ventilation
                    .get_or_insert_with(Ventilation::default);
                v.air_cleaner_cadr_m3_h = Some(v.air_cleaner_cadr_m3_h.unwrap_or(0.0) + cadr_m3_h);
            }
            Ok(rooms.clone())
        }
        Op::RemoveHousehold { household, .. } => {
            let Some(i) = plan.households.iter().position(|h| &h.id == household) else {
                return Err((
                    format!("household {household:?} does not exist"),
                    "check the household id against the plan".into(),
                ));
            };
            plan.households.remove(i);
            let mut ids = vec![household.clone()];
            for r in plan.floors.iter_mut().flat_map(|f| f.rooms.iter_mut()) {
                if r.household.as_deref() == Some(household.as_str()) {
                    r.household = None;
                    ids.push(r.id.clone());
                }
            }
            Ok(ids)
        }
        Op::AssignHousehold {
            rooms,
            household,
            name,
            ..
        } => {
            if !plan.households.iter().any(|h| &h.id == household) {
                fresh(plan, household)?;
                plan.households.push(Household {
                    id: household.clone(),
                    name: name.clone(),
                });
            }
            for id in rooms {
                let (f, r) = find_room(plan, id)?;
                plan.floors[f].rooms[r].household = Some(household.clone());
            }
            let mut ids = rooms.clone();
            ids.push(household.clone());
            Ok(ids)
        }
    }
}

//! Doors and windows placed on the room edges the resolver found: the nearest edge piece, the
//! opening's span on it, openings kept apart, and the solid walls left once doors are cut out.

use super::resolve::{Piece, Resolver, SNAP_M, fmt_p};
use super::*;
use crate::diag::{Diagnostic, ElementKind};
use crate::geom::{
    self, EPS_M, P2, Segment, collinear_overlap, merge_intervals, subtract_intervals,
};
use crate::plan::{self, OUTSIDE};

impl Resolver<'_> {
    /// The candidate piece nearest to `at`: (piece, distance, position along it).
    pub(super) fn nearest(
        pieces: &[Piece],
        want: impl Fn(&Piece) -> bool,
        at: P2,
    ) -> Option<(&Piece, f64, f64)> {
        pieces
            .iter()
            .filter(|p| want(p))
            .map(|p| {
                let (d, t) = thick::distance_to_wall(&p.seg, p.thickness_m, at);
                (p, d, t)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Check an opening of `width_m` centred at `t` fits in `piece`; returns the span.
    pub(super) fn fit(piece: &Piece, t: f64, width_m: f64) -> Result<Segment, String> {
        let len = piece.seg.length_m();
        if width_m > len + EPS_M {
            return Err(format!(
                "is {width_m:.2} m wide but its wall is only {len:.2} m long"
            ));
        }
        let (lo, hi) = (t - width_m / 2.0, t + width_m / 2.0);
        if lo < -EPS_M || hi > len + EPS_M {
            let over = (-lo).max(hi - len);
            let (a, b) = (
                piece.seg.at_distance(width_m / 2.0),
                piece.seg.at_distance(len - width_m / 2.0),
            );
            return Err(format!(
                "runs {over:.2} m past the end of its wall ({} to {}); move `at` to lie between {} and {}",
                fmt_p(piece.seg.a),
                fmt_p(piece.seg.b),
                fmt_p(a),
                fmt_p(b)
            ));
        }
        Ok(Segment::new(
            piece.seg.at_distance(lo.max(0.0)),
            piece.seg.at_distance(hi.min(len)),
        ))
    }

    pub(super) fn place_door(
        &mut self,
        fi: usize,
        d: &plan::Door,
        rooms: &[RoomGeom],
        outdoor: &[OutdoorGeom],
        by_id: &HashMap<String, Element>,
        pieces: &[Piece],
    ) -> Option<DoorGeom> {
        let side = |name: &str| -> Option<Side> {
            if name == OUTSIDE {
                return Some(Side::Outside);
            }
            match by_id.get(name)? {
                Element::Room(i) => Some(Side::Room(*i)),
                Element::Outdoor(k) => Some(Side::Outdoor(*k)),
                _ => None,
            }
        };
        // Unresolvable sides were reported by element validation or belong to an unusable room.
        let (a, b) = (side(&d.rooms[0])?, side(&d.rooms[1])?);
        let (room, other) = match (a, b) {
            (Side::Room(i), o) => (i, o),
            (o, Side::Room(i)) => (i, o),
            _ => return None,
        };
        let at = geom::p2(d.at);
        let err = |code, msg: String, help: String| {
            Diagnostic::error(code, msg)
                .at(ElementKind::Door, &d.id)
                .help(help)
        };
        let rid = &rooms[room].id;
        let (want_desc, found) = match other {
            Side::Room(j) => (
                format!("the wall shared by {rid} and {}", rooms[j].id),
                Self::nearest(pieces, |p| p.room == room && p.other == Side::Room(j), at),
            ),
            Side::Outside => (
                format!("an external wall of {rid}"),
                Self::nearest(
                    pieces,
                    |p| p.room == room && !matches!(p.other, Side::Room(_)),
                    at,
                ),
            ),
            Side::Outdoor(k) => (
                format!("the wall of {rid} along outdoor area {}", outdoor[k].id),
                Self::nearest(
                    pieces,
                    |p| p.room == room && p.other == Side::Outdoor(k),
                    at,
                ),
            ),
        };
        let Some((piece, dist, t)) = found else {
            let (code, msg, help) = match other {
                Side::Room(j) => (
                    "door-rooms-not-adjacent",
                    format!(
                        "rooms {rid} and {} share no wall on floor {}",
                        rooms[j].id, self.plan.floors[fi].id
                    ),
                    format!(
                        "a door can only join rooms whose outlines touch along an edge or face each other across a wall no thicker than {:.2} m (`max_wall_thickness_m`); check its `rooms` or the room polygons",
                        self.max_wall_m
                    ),
                ),
                Side::Outside => (
                    "door-no-external-wall",
                    format!("room {rid} has no external wall for a door to the outside"),
                    "open the door into a neighbouring room instead".to_string(),
                ),
                Side::Outdoor(k) => (
                    "door-not-on-outdoor",
                    format!(
                        "no wall of room {rid} runs along outdoor area {}",
                        outdoor[k].id
                    ),
                    format!(
                        "draw outdoor area {} so one of its edges runs along an external wall of {rid}, or use \"outside\"",
                        outdoor[k].id
                    ),
                ),
            };
            self.diags.push(err(code, msg, help));
            return None;
        };
        if dist > SNAP_M {
            let foot = piece.seg.at_distance(t);
            self.diags.push(err(
                "door-off-wall",
                format!(
                    "is {dist:.2} m from {want_desc} (nearest point {})",
                    fmt_p(foot)
                ),
                format!(
                    "move `at` onto that wall, e.g. to [{:.2}, {:.2}]",
                    foot.x, foot.y
                ),
            ));
            return None;
        }
        match Self::fit(piece, t, d.width_m) {
            Ok(span) => {
                // In a wall with thickness the opening is on the wall's middle line.
                let span = if piece.thickness_m > 0.0 {
                    let n = thick::outward(&piece.seg);
                    thick::shifted(&span, n, piece.thickness_m / 2.0)
                } else {
                    span
                };
                Some(DoorGeom {
                    id: d.id.clone(),
                    kind: d.kind,
                    sides: [Side::Room(room), piece.other],
                    floor: fi,
                    centre: span.midpoint(),
                    span,
                    width_m: d.width_m,
                    depth_m: piece.thickness_m,
                })
            }
            Err(why) => {
                self.diags.push(err(
                    "door-too-wide",
                    format!("{why} ({want_desc})"),
                    "narrow the door or move it along the wall".into(),
                ));
                None
            }
        }
    }

    pub(super) fn place_window(
        &mut self,
        fi: usize,
        w: &plan::Window,
        rooms: &[RoomGeom],
        by_id: &HashMap<String, Element>,
        pieces: &[Piece],
    ) -> Option<WindowGeom> {
        let Some(Element::Room(room)) = by_id.get(&w.room).copied() else {
            return None; // unknown or unusable room: reported already
        };
        let at = geom::p2(w.at);
        let rid = &rooms[room].id;
        let err = |code, msg: String, help: String| {
            Diagnostic::error(code, msg)
                .at(ElementKind::Window, &w.id)
                .help(help)
        };
        let external = Self::nearest(
            pieces,
            |p| p.room == room && !matches!(p.other, Side::Room(_)),
            at,
        );
        let internal = Self::nearest(
            pieces,
            |p| p.room == room && matches!(p.other, Side::Room(_)),
            at,
        );
        let on_external = external.filter(|e| e.1 <= SNAP_M);
        let Some((piece, _, t)) = on_external else {
            if let Some((p, d, _)) = internal
                && d <= SNAP_M
                && let Side::Room(j) = p.other
            {
                self.diags.push(err(
                    "window-internal-wall",
                    format!(
                        "is on the wall {rid} shares with room {}, an internal wall",
                        rooms[j].id
                    ),
                    "windows go on external walls; move it or remove it".into(),
                ));
            } else if let Some((p, d, t)) = external {
                let foot = p.seg.at_distance(t);
                self.diags.push(err(
                    "window-off-wall",
                    format!("is {d:.2} m from the nearest external wall of {rid}"),
                    format!("move `at` onto it, e.g. to [{:.2}, {:.2}]", foot.x, foot.y),
                ));
            } else {
                self.diags.push(err(
                    "window-no-external-wall",
                    format!("room {rid} has no external wall"),
                    "an internal room cannot have a window; remove it or change the plan".into(),
                ));
            }
            return None;
        };
        match Self::fit(piece, t, w.width_m) {
            Ok(span) => {
                let v = span.vector().normalize();
                Some(WindowGeom {
                    id: w.id.clone(),
                    room,
                    floor: fi,
                    span,
                    // Rooms are counter-clockwise, so the outside is to the right of each edge.
                    outward: V2::new(v.y, -v.x),
                    width_m: w.width_m,
                    height_m: w.height_m,
                    sill_m: w.sill_m,
                    transmittance: w.transmittance,
                    obstruction_deg: w.obstruction_deg,
                    outlook: w.outlook,
                    faces: piece.other,
                })
            }
            Err(why) => {
                self.diags.push(err(
                    "window-too-wide",
                    format!("{why} (external wall of {rid})"),
                    "narrow the window or move it along the wall".into(),
                ));
                None
            }
        }
    }

    /// A door and a window cannot share the same stretch of wall.
    pub(super) fn check_openings_apart(&mut self, doors: &[DoorGeom], windows: &[WindowGeom]) {
        for w in windows {
            for d in doors.iter().filter(|d| d.floor == w.floor) {
                if let Some((lo, hi)) = collinear_overlap(&w.span, &d.span, EPS_M) {
                    self.diags.push(
                        Diagnostic::error(
                            "window-door-overlap",
                            format!("overlaps door {} by {:.2} m along the wall", d.id, hi - lo),
                        )
                        .at(ElementKind::Window, &w.id)
                        .help("move the window or the door along the wall so they do not overlap"),
                    );
                }
            }
        }
    }
}

/// Solid walls: each edge piece once (internal walls drawn as a line from the lower-indexed room;
/// both faces of a wall with thickness), with door openings cut out, and the two jambs of each
/// door through a wall with thickness.
pub(super) fn cut_walls(pieces: &[Piece], doors: &[DoorGeom], rooms: &[RoomGeom]) -> Vec<Wall> {
    let mut walls = Vec::new();
    for p in pieces {
        if let Side::Room(j) = p.other
            && j < p.room
            && p.thickness_m == 0.0
        {
            continue;
        }
        let openings: Vec<(f64, f64)> = doors
            .iter()
            .filter(|d| d.sides.contains(&Side::Room(p.room)))
            .filter(|d| d.depth_m == 0.0 || d.sides.contains(&p.other))
            .filter_map(|d| collinear_overlap(&p.seg, &d.span, d.depth_m / 2.0 + EPS_M))
            .collect();
        let openings = merge_intervals(openings, 0.0);
        for (a, b) in subtract_intervals(0.0, p.seg.length_m(), &openings, 1e-6) {
            walls.push(Wall {
                floor: rooms[p.room].floor,
                segment: Segment::new(p.seg.at_distance(a), p.seg.at_distance(b)),
                room: p.room,
                other: p.other,
                thickness_m: p.thickness_m,
            });
        }
    }
    for d in doors.iter().filter(|d| d.depth_m > 0.0) {
        let Side::Room(room) = d.sides[0] else {
            continue;
        };
        let n = thick::outward(&d.span) * (d.depth_m / 2.0);
        for end in [d.span.a, d.span.b] {
            walls.push(Wall {
                floor: d.floor,
                segment: Segment::new(end - n, end + n),
                room,
                other: d.sides[1],
                thickness_m: d.depth_m,
            });
        }
    }
    walls
}

//! Plan → Building: topology (shared edges, walls), placement of doors and windows, overlaps,
//! reachability. Every problem is collected; nothing panics.

use super::graph::DoorGraph;
use super::thick;
use super::*;
use crate::diag::{Diagnostic, ElementKind, has_errors};
use crate::geom::{
    self, EPS_M, P2, Segment, collinear_overlap, merge_intervals, subtract_intervals,
};
use crate::plan::{self, Plan, RoomUse};
use rstar::{AABB, RTreeObject};
use std::collections::HashSet;

/// Largest overlap of two rooms on a floor that is put down to drawing noise, m² (issue #3).
pub const MAX_OVERLAP_M2: f64 = 0.01;
/// How far a door or window centre may sit off its wall and still be snapped onto it, metres.
pub const SNAP_M: f64 = 0.05;

/// Check `plan` completely (outlines normalised by [`plan::normalise()`], then elements, then
/// topology, then warnings) and resolve it into a [`Building`] when it has no errors.
pub fn resolve(plan: &Plan) -> Checked {
    check(plan, &HashSet::new(), true)
}

/// Check the elements of a plan salvaged from a file with field-level problems
/// ([`plan::from_json_staged`]) or a drawing some of whose entities made no element, so their
/// geometry errors are reported in the same run as those problems. `dropped` names the elements
/// left out (references to them are not reported again). Reachability and the warnings are not
/// checked, since the missing elements could change them (a room reached only through a door
/// that did not parse is not unreachable). Never gives a building.
pub fn resolve_salvaged(plan: &Plan, dropped: &HashSet<String>) -> Checked {
    let mut checked = check(plan, dropped, false);
    checked.building = None;
    checked
}

fn check(plan: &Plan, dropped: &HashSet<String>, complete: bool) -> Checked {
    let mut diags = Vec::new();
    let normalised = plan::normalise(plan);
    let plan = &normalised.plan;
    let elements = plan::validate::check_elements_salvaged(&normalised, dropped, &mut diags);
    let max_wall_m = super::thick::max_wall_thickness_m(plan, &mut diags);
    let building = Resolver {
        plan,
        unusable: &elements.unusable,
        diags: &mut diags,
        max_wall_m,
        complete,
    }
    .build();
    if complete {
        super::warnings::check(&building, &mut diags);
    }
    let building = (!has_errors(&diags)).then_some(building);
    Checked {
        diagnostics: diags,
        building,
    }
}

/// A piece of a room edge with what lies on its other side.
#[derive(Clone, Copy, Debug)]
pub(super) struct Piece {
    pub(super) room: usize,
    pub(super) seg: Segment,
    pub(super) other: Side,
    /// Gap to `other` across the wall, metres (0 for a shared edge or an external wall).
    pub(super) thickness_m: f64,
}

pub(super) struct Resolver<'a> {
    pub(super) plan: &'a Plan,
    pub(super) unusable: &'a HashSet<String>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
    /// Largest gap read as a wall between two rooms, metres.
    pub(super) max_wall_m: f64,
    /// False for a salvaged plan: reachability is not checked.
    complete: bool,
}

fn rect_of(points: &[P2]) -> Rectangle<[f64; 2]> {
    let (lo, hi) = geom::bbox(points);
    Rectangle::from_corners(lo, hi)
}

fn envelope_of(seg: &Segment, pad: f64) -> AABB<[f64; 2]> {
    let (lo, hi) = geom::bbox(&[seg.a, seg.b]);
    AABB::from_corners([lo[0] - pad, lo[1] - pad], [hi[0] + pad, hi[1] + pad])
}

fn edges(poly: &[P2]) -> impl Iterator<Item = Segment> + '_ {
    (0..poly.len()).map(move |k| Segment::new(poly[k], poly[(k + 1) % poly.len()]))
}

/// The R-trees of edges of one floor's rooms and outdoor areas, by index.
struct EdgeTrees {
    rooms: Vec<(usize, EdgeTree)>,
    outdoor: Vec<(usize, EdgeTree)>,
}

impl EdgeTrees {
    fn room(&self, j: usize) -> &EdgeTree {
        let k = self.rooms.partition_point(|r| r.0 < j);
        &self.rooms[k].1
    }
}

/// The edges of one outline by bounding box (edge `k` runs from vertex `k` to `k + 1`).
type EdgeTree = RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>;

fn edge_of(poly: &[P2], k: usize) -> Segment {
    Segment::new(poly[k], poly[(k + 1) % poly.len()])
}

fn edge_tree(poly: &[P2]) -> EdgeTree {
    RTree::bulk_load(
        (0..poly.len())
            .map(|k| {
                let e = edge_of(poly, k);
                GeomWithData::new(rect_of(&[e.a, e.b]), k)
            })
            .collect(),
    )
}

/// Are both ends of `t` within `tol_m` of the line through `s`? A cheap superset of the edges
/// [`collinear_overlap`] can find along any part of `s`.
fn near_line(s: &Segment, t: &Segment, tol_m: f64) -> bool {
    let len = s.length_m();
    if len == 0.0 {
        return false;
    }
    let dir = s.vector() / len;
    let off = |p: P2| geom::cross(dir, p - s.a).abs();
    off(t.a) <= tol_m && off(t.b) <= tol_m
}

pub(super) fn fmt_p(p: P2) -> String {
    format!("({:.2}, {:.2})", p.x, p.y)
}

impl Resolver<'_> {
    fn build(mut self) -> Building {
        let plan = self.plan;
        let mut by_id = HashMap::new();
        let households = plan.households.clone();
        for (i, h) in households.iter().enumerate() {
            by_id.entry(h.id.clone()).or_insert(Element::Household(i));
        }
        let mut floors: Vec<FloorGeom> = Vec::new();
        let mut rooms: Vec<RoomGeom> = Vec::new();
        for (fi, f) in plan.floors.iter().enumerate() {
            by_id.entry(f.id.clone()).or_insert(Element::Floor(fi));
            let mut floor_rooms = Vec::new();
            for r in f.rooms.iter().filter(|r| !self.unusable.contains(&r.id)) {
                let polygon = geom::ensure_ccw(r.polygon.iter().copied().map(geom::p2).collect());
                let idx = rooms.len();
                by_id.insert(r.id.clone(), Element::Room(idx));
                floor_rooms.push(idx);
                rooms.push(RoomGeom {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    room_use: r.room_use,
                    floor: fi,
                    area_m2: geom::area_m2(&polygon),
                    centroid: geom::centroid(&polygon),
                    polygon,
                    beds: if r.room_use == RoomUse::Bedroom {
                        r.beds.unwrap_or(0)
                    } else {
                        0
                    },
                    household: r
                        .household
                        .as_ref()
                        .and_then(|h| households.iter().position(|x| &x.id == h)),
                    ceiling_height_m: r.ceiling_height_m.unwrap_or(f.height_m),
                    ventilation: r.ventilation.clone().unwrap_or_default(),
                    reflectance: r.reflectance.clone().unwrap_or_default(),
                    doors: Vec::new(),
                    windows: Vec::new(),
                });
            }
            let room_tree = RTree::bulk_load(
                floor_rooms
                    .iter()
                    .map(|&i| GeomWithData::new(rect_of(&rooms[i].polygon), i))
                    .collect(),
            );
            floors.push(FloorGeom {
                id: f.id.clone(),
                name: f.name.clone(),
                elevation_m: f.elevation_m,
                height_m: f.height_m,
                rooms: floor_rooms,
                room_tree,
                wall_tree: RTree::new(),
            });
        }

        let lowest = (0..floors.len())
            .min_by(|&a, &b| floors[a].elevation_m.total_cmp(&floors[b].elevation_m))
            .unwrap_or(0);
        let mut outdoor = Vec::new();
        for o in plan
            .outdoor
            .iter()
            .filter(|o| !self.unusable.contains(&o.id))
        {
            let floor = match &o.floor {
                Some(fid) => match floors.iter().position(|f| &f.id == fid) {
                    Some(fi) => fi,
                    None => continue, // reported by element validation
                },
                None => lowest,
            };
            if floors.is_empty() {
                continue;
            }
            let polygon = geom::ensure_ccw(o.polygon.iter().copied().map(geom::p2).collect());
            by_id.insert(o.id.clone(), Element::Outdoor(outdoor.len()));
            outdoor.push(OutdoorGeom {
                id: o.id.clone(),
                name: o.name.clone(),
                outdoor_use: o.outdoor_use,
                floor,
                area_m2: geom::area_m2(&polygon),
                polygon,
            });
        }

        // Topology per floor.
        let mut pieces: Vec<Piece> = Vec::new();
        for (fi, floor) in floors.iter().enumerate() {
            self.check_overlaps(floor, &rooms);
            self.check_outdoor_overlaps(fi, floor, &rooms, &outdoor);
            let trees = EdgeTrees {
                rooms: floor
                    .rooms
                    .iter()
                    .map(|&i| (i, edge_tree(&rooms[i].polygon)))
                    .collect(),
                outdoor: (outdoor.iter().enumerate())
                    .filter(|(_, o)| o.floor == fi)
                    .map(|(k, o)| (k, edge_tree(&o.polygon)))
                    .collect(),
            };
            for &i in &floor.rooms {
                self.edge_pieces(i, floor, &rooms, &outdoor, &trees, &mut pieces);
            }
        }

        let mut doors: Vec<DoorGeom> = Vec::new();
        let mut windows: Vec<WindowGeom> = Vec::new();
        for (fi, f) in plan.floors.iter().enumerate() {
            for d in f.doors.iter().filter(|d| !self.unusable.contains(&d.id)) {
                if let Some(door) = self.place_door(fi, d, &rooms, &outdoor, &by_id, &pieces) {
                    let idx = doors.len();
                    by_id.insert(d.id.clone(), Element::Door(idx));
                    for s in door.sides {
                        if let Side::Room(r) = s {
                            rooms[r].doors.push(idx);
                        }
                    }
                    doors.push(door);
                }
            }
            for w in f.windows.iter().filter(|w| !self.unusable.contains(&w.id)) {
                if let Some(win) = self.place_window(fi, w, &rooms, &by_id, &pieces) {
                    let idx = windows.len();
                    by_id.insert(w.id.clone(), Element::Window(idx));
                    rooms[win.room].windows.push(idx);
                    windows.push(win);
                }
            }
        }

        self.check_openings_apart(&doors, &windows);
        let walls = super::openings::cut_walls(&pieces, &doors, &rooms);
        for (fi, floor) in floors.iter_mut().enumerate() {
            floor.wall_tree = RTree::bulk_load(
                walls
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.floor == fi)
                    .map(|(i, w)| {
                        let s = w.segment;
                        GeomWithData::new(Line::new([s.a.x, s.a.y], [s.b.x, s.b.y]), i)
                    })
                    .collect(),
            );
        }

        let mut vertical = Vec::new();
        for l in plan
            .vertical
            .iter()
            .filter(|l| !self.unusable.contains(&l.id))
        {
            let a = by_id.get(&l.rooms[0]).copied();
            let b = by_id.get(&l.rooms[1]).copied();
            if let (Some(Element::Room(a)), Some(Element::Room(b))) = (a, b) {
                by_id.insert(l.id.clone(), Element::Vertical(vertical.len()));
                vertical.push(VerticalGeom {
                    id: l.id.clone(),
                    kind: l.kind,
                    rooms: [a, b],
                    travel_time_s: l.travel_time_s,
                    capacity_persons: l.capacity_persons,
                });
            }
        }

        let graph = DoorGraph::new(rooms.len(), outdoor.len(), &doors, &vertical);
        let building = Building {
            name: plan.name.clone(),
            construction: plan.construction,
            north_deg: plan.north_deg,
            floors,
            rooms,
            doors,
            windows,
            walls,
            outdoor,
            households,
            vertical,
            graph,
            by_id,
        };
        if self.complete {
            self.check_reachability(&building);
        }
        building
    }

    fn check_overlaps(&mut self, floor: &FloorGeom, rooms: &[RoomGeom]) {
        for &i in &floor.rooms {
            let env = rect_of(&rooms[i].polygon).envelope();
            for cand in floor.room_tree.locate_in_envelope_intersecting(&env) {
                let j = cand.data;
                if j <= i {
                    continue;
                }
                let ov = geom::overlap_area_m2(&rooms[i].polygon, &rooms[j].polygon);
                if ov > MAX_OVERLAP_M2 {
                    self.diags.push(
                        Diagnostic::error(
                            "rooms-overlap",
                            format!("rooms {} and {} overlap by {ov:.2} m² on floor {}", rooms[i].id, rooms[j].id, floor.id),
                        )
                        .at(ElementKind::Room, format!("{} / {}", rooms[i].id, rooms[j].id))
                        .help("rooms meet along shared edges: move the common wall so both polygons use the same line"),
                    );
                }
            }
        }
    }

    fn check_outdoor_overlaps(
        &mut self,
        fi: usize,
        floor: &FloorGeom,
        rooms: &[RoomGeom],
        outdoor: &[OutdoorGeom],
    ) {
        for o in outdoor.iter().filter(|o| o.floor == fi) {
            let env = rect_of(&o.polygon).envelope();
            for cand in floor.room_tree.locate_in_envelope_intersecting(&env) {
                let r = &rooms[cand.data];
                let ov = geom::overlap_area_m2(&o.polygon, &r.polygon);
                if ov > MAX_OVERLAP_M2 {
                    self.diags.push(
                        Diagnostic::error("outdoor-overlaps-room", format!("outdoor area {} overlaps room {} by {ov:.2} m²", o.id, r.id))
                            .at(ElementKind::Outdoor, &o.id)
                            .help("draw the outdoor area outside the building footprint (sharing edges with rooms is fine)"),
                    );
                }
            }
        }
    }

    /// Split every edge of room `i` into pieces shared with each neighbour, pieces along outdoor
    /// areas, and pieces facing the outside. Each edge is compared only with the edges near it
    /// of the rooms and outdoor areas near it, from their R-trees of edges (`trees`), so n edges
    /// cost O(n log n) rather than O(n²) (issue #14).
    fn edge_pieces(
        &self,
        i: usize,
        floor: &FloorGeom,
        rooms: &[RoomGeom],
        outdoor: &[OutdoorGeom],
        trees: &EdgeTrees,
        out: &mut Vec<Piece>,
    ) {
        let fi = rooms[i].floor;
        for e in edges(&rooms[i].polygon) {
            let len = e.length_m();
            // Edges of other rooms along this one (with the part of it they cover), and edges of
            // outdoor areas near its line (tested against each external part below). Sorted, as
            // the tree's order is not the polygons' order and intervals must merge the same way
            // whatever the tree looks like.
            let mut shared: Vec<(usize, usize, f64, f64)> = Vec::new();
            let mut near_outdoor: Vec<(usize, usize)> = Vec::new();
            let env = envelope_of(&e, EPS_M);
            for j in floor.room_tree.locate_in_envelope_intersecting(&env) {
                let j = j.data;
                if j == i {
                    continue;
                }
                for c in trees.room(j).locate_in_envelope_intersecting(&env) {
                    let k = c.data;
                    if let Some((lo, hi)) =
                        collinear_overlap(&e, &edge_of(&rooms[j].polygon, k), EPS_M)
                    {
                        shared.push((j, k, lo, hi));
                    }
                }
            }
            for (j, tree) in &trees.outdoor {
                for c in tree.locate_in_envelope_intersecting(&env) {
                    let k = c.data;
                    if near_line(&e, &edge_of(&outdoor[*j].polygon, k), 2.0 * EPS_M) {
                        near_outdoor.push((*j, k));
                    }
                }
            }
            shared.sort_unstable_by_key(|s| (s.0, s.1));
            near_outdoor.sort_unstable();
            let mut k = 0;
            while k < shared.len() {
                let j = shared[k].0;
                let group: Vec<(f64, f64)> = shared[k..]
                    .iter()
                    .take_while(|s| s.0 == j)
                    .map(|s| (s.2, s.3))
                    .collect();
                k += group.len();
                for (lo, hi) in merge_intervals(group, EPS_M) {
                    out.push(Piece {
                        room: i,
                        seg: Segment::new(e.at_distance(lo), e.at_distance(hi)),
                        other: Side::Room(j),
                        thickness_m: 0.0,
                    });
                }
            }
            let mut covered = merge_intervals(shared.iter().map(|s| (s.2, s.3)).collect(), EPS_M);
            // Rooms facing this edge across a wall with thickness.
            let near = floor
                .room_tree
                .locate_in_envelope_intersecting(&envelope_of(&e, self.max_wall_m + EPS_M))
                .map(|c| c.data)
                .filter(|&j| j != i)
                .map(|j| (j, rooms[j].polygon.as_slice()));
            let across = thick::across_gap(&e, near, &covered, self.max_wall_m);
            if !across.is_empty() {
                for &(j, lo, hi, gap) in &across {
                    out.push(Piece {
                        room: i,
                        seg: Segment::new(e.at_distance(lo), e.at_distance(hi)),
                        other: Side::Room(j),
                        thickness_m: gap,
                    });
                    covered.push((lo, hi));
                }
                covered = merge_intervals(covered, EPS_M);
            }
            for (lo, hi) in subtract_intervals(0.0, len, &covered, EPS_M) {
                let ext = Segment::new(e.at_distance(lo), e.at_distance(hi));
                let mut along: Vec<(f64, f64)> = Vec::new();
                let mut m = 0;
                while m < near_outdoor.len() {
                    let j = near_outdoor[m].0;
                    let run = near_outdoor[m..].iter().take_while(|c| c.0 == j).count();
                    let iv: Vec<(f64, f64)> = near_outdoor[m..m + run]
                        .iter()
                        .filter_map(|&(_, k)| {
                            collinear_overlap(&ext, &edge_of(&outdoor[j].polygon, k), EPS_M)
                        })
                        .collect();
                    m += run;
                    for (a, b) in merge_intervals(iv, EPS_M) {
                        along.push((a, b));
                        out.push(Piece {
                            room: i,
                            seg: Segment::new(ext.at_distance(a), ext.at_distance(b)),
                            other: Side::Outdoor(j),
                            thickness_m: 0.0,
                        });
                    }
                }
                let mut along = merge_intervals(along, EPS_M);
                // Outdoor areas drawn at the outer face of the external wall.
                let areas = outdoor
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.floor == fi)
                    .map(|(k, o)| (k, o.polygon.as_slice()));
                let across = thick::across_gap(&ext, areas, &along, self.max_wall_m);
                if !across.is_empty() {
                    for &(k, a, b, gap) in &across {
                        out.push(Piece {
                            room: i,
                            seg: Segment::new(ext.at_distance(a), ext.at_distance(b)),
                            other: Side::Outdoor(k),
                            thickness_m: gap,
                        });
                        along.push((a, b));
                    }
                    along = merge_intervals(along, EPS_M);
                }
                for (a, b) in subtract_intervals(0.0, ext.length_m(), &along, EPS_M) {
                    out.push(Piece {
                        room: i,
                        seg: Segment::new(ext.at_distance(a), ext.at_distance(b)),
                        other: Side::Outside,
                        thickness_m: 0.0,
                    });
                }
            }
        }
    }

    fn check_reachability(&mut self, b: &Building) {
        if b.rooms.is_empty() {
            return;
        }
        let entrances = b.entrances();
        if entrances.is_empty() {
            self.diags.push(
                Diagnostic::error("no-entrance", "no room of use \"entrance\" has a door to the outside or an outdoor area")
                    .at(ElementKind::Plan, "plan")
                    .help("give the room with the main door use \"entrance\" and a door with rooms [its id, \"outside\"]"),
            );
            return;
        }
        let starts: Vec<Node> = entrances.iter().map(|&i| Side::Room(i)).collect();
        let seen = b.graph.reachable(&starts, |_| true);
        // Group unreachable rooms by floor so one missing door gives one readable message.
        for (fi, floor) in b.floors.iter().enumerate() {
            let lost: Vec<&str> = floor
                .rooms
                .iter()
                .filter(|&&i| !seen[b.graph.index(Side::Room(i))])
                .map(|&i| b.rooms[i].id.as_str())
                .collect();
            if lost.is_empty() {
                continue;
            }
            let _ = fi;
            let shown = if lost.len() > 12 {
                format!("{} … and {} more", lost[..12].join(", "), lost.len() - 12)
            } else {
                lost.join(", ")
            };
            self.diags.push(
                Diagnostic::error("unreachable-room", format!("{} room(s) on floor {} cannot be reached from an entrance: {shown}", lost.len(), floor.id))
                    .at(ElementKind::Room, lost.join(", "))
                    .help("add a door joining them to a reachable room, or a `vertical` stair/lift link to another floor"),
            );
        }
        for (k, o) in b.outdoor.iter().enumerate() {
            if !seen[b.graph.index(Side::Outdoor(k))] {
                self.diags.push(
                    Diagnostic::warning(
                        "unreachable-outdoor",
                        "no door leads to this outdoor area",
                    )
                    .at(ElementKind::Outdoor, &o.id)
                    .help("add a door from a room to it (rooms: [room id, outdoor id])"),
                );
            }
        }
    }
}

//! Visibility graph analysis against a hand-worked L-shaped room and against a naive all-pairs
//! computation of the depthmapX definitions on real plans.

use carehome::assess::vga;
use carehome::building::{Building, resolve};
use carehome::geom::P2;
use std::collections::VecDeque;

fn building(json: &str) -> Building {
    let c = resolve(&carehome::plan::from_json_str(json).unwrap());
    c.building.unwrap_or_else(|| panic!("{:#?}", c.diagnostics))
}

/// An L-shaped room: a 3 m x 1.2 m arm along x and a 1 m x 1.8 m arm up the y axis, reflex corner
/// at (1, 1.2). On a 1 m grid its cells are a (0.5,0.5), b (1.5,0.5), c (2.5,0.5), d (0.5,1.5),
/// e (0.5,2.5).
const L_ROOM: &str = r#"{ "schema": "carehome-plan/1", "floors": [ { "id": "G",
  "rooms": [ { "id": "L", "use": "entrance", "polygon": [[0,0],[3,0],[3,1.2],[1,1.2],[1,3],[0,3]] } ],
  "doors": [ { "id": "D", "rooms": ["L", "outside"], "at": [3, 0.6], "width_m": 0.8 } ] } ] }"#;

#[test]
fn l_shaped_room_by_hand() {
    let b = building(L_ROOM);
    let v = vga::vga(&b, 0, 1.0);
    let idx = |x: f64, y: f64| v.cells.iter().position(|p| *p == P2::new(x, y)).unwrap();
    let (a, bb, c, d, e) = (
        idx(0.5, 0.5),
        idx(1.5, 0.5),
        idx(2.5, 0.5),
        idx(0.5, 1.5),
        idx(0.5, 2.5),
    );
    assert_eq!(v.cells.len(), 5);
    // Sight lines past the reflex corner (1, 1.2), worked out at x = 1:
    //   b–d: y = 0.5 + 0.5 = 1.0 < 1.2, visible;  c–d: y = 0.5 + 0.75 = 1.25 > 1.2, blocked;
    //   b–e: y = 1.5 > 1.2, blocked;  c–e: y = 2.0, blocked.  a sees everything; d–e visible.
    // Connectivity: a 4, b 3, c 2, d 3, e 2.
    assert_eq!([a, bb, c, d, e].map(|i| v.connectivity[i]), [4, 3, 2, 3, 2]);
    // Mean depth: from a all at depth 1; from b: a, c, d at 1 and e at 2 -> 5/4;
    // from c: a, b at 1, d, e at 2 -> 6/4; d like b; e like c.
    let md = [a, bb, c, d, e].map(|i| v.mean_depth[i]);
    assert_eq!(md, [1.0, 1.25, 1.5, 1.25, 1.5]);
    // Integration [HH] for c with k = 5: RA = 2 (MD - 1)/(k - 2) = 1/3;
    // D_5 = 2 (5 (log2(7/3) - 1) + 1) / (4 * 3) = 0.351994...; HH = D_5 / RA.
    let d5 = 2.0 * (5.0 * ((7.0f64 / 3.0).log2() - 1.0) + 1.0) / 12.0;
    assert!((d5 - 0.351994).abs() < 1e-6);
    assert!((v.integration_hh[c].unwrap() - d5 / (1.0 / 3.0)).abs() < 1e-12);
    // For b: RA = 2 * 0.25 / 3.
    assert!((v.integration_hh[bb].unwrap() - d5 / (0.5 / 3.0)).abs() < 1e-12);
    // a sees everything at depth 1: RA = 0 and integration is undefined, not infinite.
    assert_eq!(v.integration_hh[a], None);
    // Isovist area on the grid: (connectivity + 1) cells of 1 m².
    assert_eq!(v.isovist_area_m2[c], 3.0);
}

/// Naive reference: every pair tested with a segment–wall check (symmetric adjacency).
fn naive_visibility(b: &Building, floor: usize, cells: &[P2]) -> Vec<Vec<u32>> {
    let n = cells.len();
    let mut adj = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            if b.line_of_sight(floor, cells[i], cells[j]) {
                adj[i].push(j as u32);
                adj[j].push(i as u32);
            }
        }
    }
    adj
}

/// Plain breadth-first mean depth per node.
fn naive_mean_depth(adj: &[Vec<u32>]) -> Vec<f64> {
    let n = adj.len();
    (0..n)
        .map(|s| {
            let mut dist = vec![usize::MAX; n];
            dist[s] = 0;
            let mut q = VecDeque::from([s]);
            let (mut tot, mut k) = (0usize, 0usize);
            while let Some(u) = q.pop_front() {
                for &w in &adj[u] {
                    let w = w as usize;
                    if dist[w] == usize::MAX {
                        dist[w] = dist[u] + 1;
                        tot += dist[w];
                        k += 1;
                        q.push_back(w);
                    }
                }
            }
            if k > 0 { tot as f64 / k as f64 } else { 0.0 }
        })
        .collect()
}

/// Does the segment pass within 1e-6 m of a wall end (a door jamb or corner)? Such sight lines
/// graze a corner exactly; which side of it floating point puts them on is arbitrary.
fn grazes_a_corner(b: &Building, floor: usize, p: P2, q: P2) -> bool {
    let s = carehome::geom::Segment::new(p, q);
    b.walls
        .iter()
        .filter(|w| w.floor == floor)
        .any(|w| s.distance_to(w.segment.a).0 < 1e-6 || s.distance_to(w.segment.b).0 < 1e-6)
}

#[test]
fn portal_visibility_equals_all_pairs_line_tests() {
    for name in ["green-house", "victorian-conversion", "household-newbuild"] {
        let src = std::fs::read_to_string(format!(
            "{}/floorplans/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let b = building(&src);
        for floor in 0..b.floors.len().min(2) {
            let (cells, rooms) = vga::grid(&b, floor, 1.0);
            let fast = vga::visibility(&b, floor, &cells, &rooms);
            let slow = naive_visibility(&b, floor, &cells);
            let (mut pairs, mut grazing) = (0, 0);
            for i in 0..cells.len() {
                for j in 0..cells.len() {
                    let f = fast[i].contains(&(j as u32));
                    let n = slow[i].contains(&(j as u32));
                    pairs += n as usize;
                    if f != n {
                        assert!(
                            grazes_a_corner(&b, floor, cells[i], cells[j]),
                            "{name}: {:?} -> {:?}: fast {f}, all-pairs {n}",
                            cells[i],
                            cells[j]
                        );
                        grazing += 1;
                    }
                }
            }
            assert!(
                grazing * 100 <= pairs,
                "{name}: {grazing} grazing differences of {pairs} visible pairs"
            );
            // Depth: the bitset BFS on the all-pairs graph equals a plain BFS.
            let m = vga::measures(floor, 1.0, cells.clone(), rooms.clone(), &slow);
            for (a, b) in m.mean_depth.iter().zip(naive_mean_depth(&slow)) {
                assert!((a - b).abs() < 1e-12, "{name}: mean depth {a} vs {b}");
            }
        }
    }
}

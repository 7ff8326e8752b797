//! Outline robustness (issue #14): polygon checks that scale to rooms of 200,000 vertices, and
//! outlines whose repeated or collinear vertices change no result.
//!
//! 1. The R-tree self-intersection test gives the same first crossing pair as testing every pair
//!    of edges (written out here, O(n²)), on random outlines.
//! 2. A 200,000-vertex room validates with the right verdict, clean and with one crossing.
//! 3. A vertex on a lounge edge at a door's centre (the reproduction) changes nothing.
//! 4. Property: inserting collinear vertices or duplicating vertices anywhere in any bundled plan
//!    (floorplans/*.json) changes no diagnostic, and no resolved or assessed figure beyond 1e-9.

use carehome::building::{Building, resolve};
use carehome::diag::Diagnostic;
use carehome::geom::{P2, Segment, segments_cross, self_intersection};
use carehome::plan::{self, Plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x14B0_0001),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The first crossing pair by testing all n²/2 pairs: the definition the fast test must meet.
fn brute_force(poly: &[P2]) -> Option<(usize, usize)> {
    let n = poly.len();
    let edge = |i: usize| Segment::new(poly[i], poly[(i + 1) % n]);
    for i in 0..n {
        for j in i + 1..n {
            let (s, t) = (edge(i), edge(j));
            let hit = if j == i + 1 || (i == 0 && j == n - 1) {
                let (u, v) = if j == i + 1 {
                    (s.vector(), t.vector())
                } else {
                    (t.vector(), s.vector())
                };
                (u.x * v.y - u.y * v.x).abs() <= 1e-12 * u.norm() * v.norm() && u.dot(&v) < 0.0
            } else {
                segments_cross(&s, &t)
            };
            if hit {
                return Some((i, j));
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(config(400))]
    #[test]
    fn rtree_self_intersection_matches_all_pairs(
        pts in prop::collection::vec((0i32..12, 0i32..12), 3..40),
        star in any::<bool>(),
    ) {
        // Small integer grids make touching, collinear and crossing edges common; a star shape
        // (points sorted by angle round the centre) is usually simple.
        let mut poly: Vec<P2> = pts.iter().map(|&(x, y)| P2::new(x as f64, y as f64)).collect();
        if star {
            poly.sort_by(|a, b| (a.y - 5.5).atan2(a.x - 5.5).total_cmp(&(b.y - 5.5).atan2(b.x - 5.5)));
        }
        prop_assert_eq!(self_intersection(&poly), brute_force(&poly));
    }
}

/// A plan of one entrance hall: 20 m × 10 m, the top edge a saw-tooth of 5 cm teeth, `n`
/// vertices in all, with a door to the outside in the middle of the bottom edge.
fn sawtooth(n: usize) -> serde_json::Value {
    let (l, h) = (20.0, 10.0);
    let teeth = (n - 4) / 2;
    let mut pts = vec![[0.0, 0.0], [l, 0.0], [l, h]];
    for k in 0..teeth {
        let x0 = l - l * k as f64 / teeth as f64;
        pts.push([x0 - 0.5 * l / teeth as f64, h + 0.05]);
        pts.push([x0 - l / teeth as f64, h]);
    }
    *pts.last_mut().unwrap() = [0.0, h];
    serde_json::json!({ "schema": "carehome-plan/1", "floors": [ { "id": "G",
        "rooms": [ { "id": "HALL", "use": "entrance", "polygon": pts } ],
        "doors": [ { "id": "D0", "rooms": ["HALL", "outside"], "at": [10.0, 0.0], "width_m": 1.0 } ] } ] })
}

fn resolve_json(v: &serde_json::Value) -> carehome::building::Checked {
    resolve(&plan::from_json_str(&v.to_string()).expect("parses"))
}

#[test]
fn a_room_of_200k_vertices_validates_with_the_right_verdict() {
    let mut v = sawtooth(200_000);
    let n = v["floors"][0]["rooms"][0]["polygon"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(n, 199_999);
    let ok = resolve_json(&v);
    assert!(ok.is_valid(), "{:#?}", ok.diagnostics);
    // Area by hand: the 20 x 10 rectangle plus 99,997 triangular teeth of base 20/99,997 m and
    // height 0.05 m, i.e. 200 + 20 * 0.05 / 2 = 200.5 m².
    let b = ok.building.unwrap();
    assert!(
        (b.rooms[0].area_m2 - 200.5).abs() < 1e-6,
        "{}",
        b.rooms[0].area_m2
    );
    // Pull one tooth tip (vertex 100,001) down through the bottom edge: edges 100,000 and
    // 100,001 now cross edge 0, and the first crossing pair is (0, 100,000).
    v["floors"][0]["rooms"][0]["polygon"][100_001] = serde_json::json!([10.0, -1.0]);
    let bad = resolve_json(&v);
    assert!(!bad.is_valid());
    let d: Vec<&Diagnostic> = bad.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "self-intersection");
    assert_eq!(d[0].element.as_ref().unwrap().id, "HALL");
    assert!(
        d[0].message.contains("edges 0 ") && d[0].message.contains(" 100000 "),
        "{}",
        d[0].message
    );
}

fn minimal() -> serde_json::Value {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/minimal.json"
    ))
    .unwrap();
    serde_json::from_str(&src).unwrap()
}

#[test]
fn a_vertex_at_a_door_centre_changes_nothing() {
    // L01 runs (12, 11.8) -> (0, 11.8) along the garden; door D07 is centred at (6, 11.8). A CAD
    // export puts a vertex there: before normalisation that split the wall and gave
    // `door-too-wide ... runs past the end of its wall`.
    let base = minimal();
    let mut v = base.clone();
    let room = &mut v["floors"][0]["rooms"][5];
    assert_eq!(room["id"], "L01");
    room["polygon"]
        .as_array_mut()
        .unwrap()
        .insert(3, serde_json::json!([6.0, 11.8]));
    let (a, b) = (resolve_json(&base), resolve_json(&v));
    assert_eq!(a.diagnostics, b.diagnostics);
    assert!(b.is_valid(), "{:#?}", b.diagnostics);
    assert_same_building(
        &a.building.unwrap(),
        &b.building.unwrap(),
        "minimal + vertex at D07",
    );
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

/// Every figure of the resolved buildings agrees within 1e-9: rooms (area, centroid, volume),
/// doors and windows (where they were placed), walls (count, total length, external length).
fn assert_same_building(a: &Building, b: &Building, what: &str) {
    assert_eq!(a.rooms.len(), b.rooms.len(), "{what}");
    for (r, s) in a.rooms.iter().zip(&b.rooms) {
        assert!(
            close(r.area_m2, s.area_m2),
            "{what}: {} area {} vs {}",
            r.id,
            r.area_m2,
            s.area_m2
        );
        assert!(
            close(r.centroid.x, s.centroid.x) && close(r.centroid.y, s.centroid.y),
            "{what}: {} centroid",
            r.id
        );
        assert_eq!(
            (&r.doors, &r.windows),
            (&s.doors, &s.windows),
            "{what}: {}",
            r.id
        );
    }
    for (d, e) in a.doors.iter().zip(&b.doors) {
        assert_eq!(d.sides, e.sides, "{what}: {}", d.id);
        for (p, q) in [(d.span.a, e.span.a), (d.span.b, e.span.b)] {
            assert!(
                close(p.x, q.x) && close(p.y, q.y),
                "{what}: door {} span {:?} vs {:?}",
                d.id,
                d.span,
                e.span
            );
        }
    }
    for (w, x) in a.windows.iter().zip(&b.windows) {
        assert_eq!(w.faces, x.faces, "{what}: {}", w.id);
        assert!(
            close(w.span.length_m(), x.span.length_m()),
            "{what}: window {}",
            w.id
        );
    }
    let total = |b: &Building, ext: bool| -> f64 {
        b.walls
            .iter()
            .filter(|w| !ext || w.is_external())
            .map(|w| w.segment.length_m())
            .sum()
    };
    assert!(
        close(total(a, false), total(b, false)),
        "{what}: wall length {} vs {}",
        total(a, false),
        total(b, false)
    );
    assert!(
        close(total(a, true), total(b, true)),
        "{what}: external wall length"
    );
}

/// Every number of two JSON documents agrees within 1e-9 (relative above 1), every other value
/// exactly.
fn assert_json_close(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(close(x, y), "{path}: {x} vs {y}");
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_json_close(p, q, &format!("{path}[{i}]"));
            }
        }
        (Object(x), Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, p) in x {
                assert_json_close(p, &y[k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn bundled() -> Vec<(String, Plan)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/floorplans");
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let src = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), plan::from_json_str(&src).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 4);
    out
}

/// Where to add vertices: (polygon pick, edge pick, fraction along the edge or a duplicate).
type Edit = (usize, usize, Option<f64>);

/// All room and outdoor outlines of a plan, in a fixed order.
fn outlines(p: &mut Plan) -> Vec<&mut Vec<[f64; 2]>> {
    let mut v: Vec<&mut Vec<[f64; 2]>> = p.outdoor.iter_mut().map(|o| &mut o.polygon).collect();
    for f in &mut p.floors {
        v.extend(f.rooms.iter_mut().map(|r| &mut r.polygon));
    }
    v
}

/// Insert a vertex on edge `e` of outline `k` at fraction `t` (computed on the line), or repeat
/// the edge's first vertex when `t` is `None`.
fn apply(p: &mut Plan, &(k, e, t): &Edit) {
    let mut all = outlines(p);
    let n_out = all.len();
    let poly = &mut all[k % n_out];
    let n = poly.len();
    let i = e % n;
    let (a, b) = (poly[i], poly[(i + 1) % n]);
    let q = match t {
        Some(t) => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
        None => a,
    };
    poly.insert(i + 1, q);
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<usize>(),
        any::<usize>(),
        prop_oneof![Just(None), (0.001f64..0.999).prop_map(Some)],
    )
}

proptest! {
    #![proptest_config(config(200))]
    #[test]
    fn collinear_and_repeated_vertices_change_no_diagnostic_or_figure(
        which in any::<usize>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let plans = bundled();
        let (name, original) = &plans[which % plans.len()];
        let mut p = original.clone();
        for e in &edits {
            apply(&mut p, e);
        }
        let (a, b) = (resolve(original), resolve(&p));
        prop_assert_eq!(&a.diagnostics, &b.diagnostics, "{}: {:?}", name, edits);
        assert_same_building(a.building.as_ref().unwrap(), b.building.as_ref().unwrap(), name);
    }
}

#[test]
fn collinear_and_repeated_vertices_change_no_assessed_figure() {
    // The whole assessment (schedule, every metric, VGA, daylight, routes) of each bundled plan,
    // with a repeated vertex and collinear vertices added to every outline.
    for (name, original) in bundled() {
        let mut p = original.clone();
        let n = outlines(&mut p).len();
        for k in 0..n {
            apply(&mut p, &(k, 0, None));
            apply(&mut p, &(k, 2, Some(0.37)));
            apply(&mut p, &(k, 5 + k, Some(0.5)));
        }
        let opts = carehome::assess::Options::default();
        let json = |p: &Plan| {
            let b = resolve(p).building.expect("valid");
            let a = carehome::assess::assess(&b, &opts);
            serde_json::from_str::<serde_json::Value>(&carehome::report::assessment::json(&a))
                .unwrap()
        };
        assert_json_close(&json(&original), &json(&p), &name);
    }
}

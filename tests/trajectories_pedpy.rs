//! Trajectories in the JuPedSim SQLite format read by PedPy (installed from PyPI in a virtual
//! environment): the walkable area and the trajectories load, and PedPy's classic density and
//! mean speed in a corridor of the legacy home match carehome's own figures
//! (`carehome::sim::measure`, the same definitions implemented independently) frame by frame.
//! Also: the database bytes do not depend on the number of threads.

mod common;

use carehome::geom::P2;
use carehome::workflow::simulate::{SimulateSettings, simulate};
use std::process::Command;

fn legacy_day(threads: usize) -> carehome::workflow::simulate::SimulateOutput {
    let b = common::bundled("legacy-corridor");
    let sc = common::scenario("baseline.toml");
    let settings = SimulateSettings {
        days: Some(1),
        trajectories: true,
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| simulate(&b, sc, &settings, &mut |_| {}).unwrap())
}

/// The measurement area: the middle 34 m of the ground-floor corridor G-COR (0–54 × 4–5.9 m),
/// 0.1 m in from its walls.
fn area() -> Vec<P2> {
    vec![
        P2::new(10.0, 4.1),
        P2::new(44.0, 4.1),
        P2::new(44.0, 5.8),
        P2::new(10.0, 5.8),
    ]
}

#[test]
fn trajectory_databases_are_the_same_at_one_and_two_threads() {
    let a = legacy_day(1);
    let b = legacy_day(2);
    assert_eq!(
        a.trajectories.len(),
        2,
        "one database per floor of the legacy home"
    );
    assert!(
        a.trajectories
            .iter()
            .all(|(_, db)| db.starts_with(b"SQLite format 3\0"))
    );
    assert_eq!(a.trajectories, b.trajectories);
}

#[test]
fn pedpy_reads_the_trajectories_and_measures_what_carehome_measures() {
    let Some(python) = common::venv_python("pedpy", "pedpy==1.5.1", "pedpy") else {
        eprintln!("skipped: PedPy could not be installed from PyPI");
        return;
    };
    let run = legacy_day(1);
    let b = common::bundled("legacy-corridor");
    let ground = b.floors.iter().position(|f| f.id == "G").unwrap();
    let (_, db) = run
        .trajectories
        .iter()
        .find(|(f, _)| *f == ground)
        .expect("walkers on the ground floor");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("legacy-G.sqlite");
    std::fs::write(&file, db).unwrap();
    let script = r#"
import json, sys, pathlib
import pedpy, shapely
f = pathlib.Path(sys.argv[1])
traj = pedpy.load_trajectory_from_jupedsim_sqlite(trajectory_file=f)
walkable = pedpy.load_walkable_area_from_jupedsim_sqlite(trajectory_file=f)
area = pedpy.MeasurementArea([(10, 4.1), (44, 4.1), (44, 5.8), (10, 5.8)])
density = pedpy.compute_classic_density(traj_data=traj, measurement_area=area)
speed = pedpy.compute_individual_speed(traj_data=traj, frame_step=2,
    speed_calculation=pedpy.SpeedCalculation.BORDER_SINGLE_SIDED)
mean = pedpy.compute_mean_speed_per_frame(traj_data=traj, individual_speed=speed, measurement_area=area)
inside = shapely.covers(walkable.polygon, shapely.points(traj.data.x, traj.data.y))
print(json.dumps({
    "fps": traj.frame_rate,
    "rows": len(traj.data),
    "ids": int(traj.data.id.nunique()),
    "walkable_m2": walkable.polygon.area,
    "outside": int((~inside).sum()),
    "density": [[int(f), float(d)] for f, d in zip(density.frame, density.density)],
    "speed": [[int(f), None if v != v else float(v)] for f, v in zip(mean.frame, mean.speed)],
}))
"#;
    let out = Command::new(&python)
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let samples: Vec<_> = run
        .record
        .trajectories
        .iter()
        .filter(|s| s.floor == ground)
        .copied()
        .collect();
    assert_eq!(
        v["fps"].as_f64(),
        Some(1.0),
        "one frame per contact sample of 1 s"
    );
    assert_eq!(v["rows"].as_u64(), Some(samples.len() as u64));
    let tracks: std::collections::BTreeSet<u32> = samples.iter().map(|s| s.track).collect();
    assert_eq!(v["ids"].as_u64(), Some(tracks.len() as u64));
    assert_eq!(
        v["outside"].as_u64(),
        Some(0),
        "every position inside the walkable area"
    );
    // The walkable area by hand: rooms do not overlap, so its area is the sum of the ground
    // floor's room areas, the outdoor areas a door opens onto, and each door's opening through
    // its wall (width × wall thickness; 0 for a wall drawn as a line).
    let on_ground_doors: Vec<_> = b.doors.iter().filter(|d| d.floor == ground).collect();
    let expected_m2: f64 = b
        .rooms
        .iter()
        .filter(|r| r.floor == ground)
        .map(|r| carehome::geom::area_m2(&r.polygon))
        .sum::<f64>()
        + b.outdoor
            .iter()
            .enumerate()
            .filter(|&(k, o)| {
                o.floor == ground
                    && on_ground_doors
                        .iter()
                        .any(|d| d.sides.contains(&carehome::building::Side::Outdoor(k)))
            })
            .map(|(_, o)| carehome::geom::area_m2(&o.polygon))
            .sum::<f64>()
        + on_ground_doors
            .iter()
            .map(|d| d.span.length_m() * d.depth_m)
            .sum::<f64>();
    let walkable = v["walkable_m2"].as_f64().unwrap();
    assert!(
        (walkable - expected_m2).abs() < 1e-3 * expected_m2,
        "PedPy's walkable area {walkable} m², by hand {expected_m2} m²"
    );

    let density = carehome::sim::measure::classic_density(&samples, ground, &area());
    let speed = carehome::sim::measure::mean_speed(&samples, ground, &area(), 2, 1.0);
    let theirs = |key: &str| -> Vec<(u64, f64)> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_u64().unwrap(), p[1].as_f64().unwrap_or(f64::NAN)))
            .collect()
    };
    for (name, ours, theirs) in [
        ("density", density, theirs("density")),
        ("speed", speed, theirs("speed")),
    ] {
        assert_eq!(ours.len(), theirs.len(), "{name}: frames");
        for ((f, a), (g, b)) in ours.iter().zip(&theirs) {
            assert_eq!(f, g, "{name}: frame");
            let same = (a - b).abs() <= 1e-9 || (a.is_nan() && b.is_nan());
            assert!(same, "{name} at frame {f}: carehome {a}, PedPy {b}");
        }
        let busy = ours.iter().filter(|(_, x)| *x > 0.0).count();
        assert!(
            busy > 100,
            "{name}: only {busy} frames with walkers in the corridor"
        );
    }
}

/// Every recorded position lies in its floor's walkable area (checked here with `geo`, without
/// PedPy), and every track is one unbroken stretch on one floor: a sample at every frame from its
/// first to its last, so no stair or lift ride and no other floor is inside a track.
#[test]
fn every_position_is_walkable_and_tracks_are_unbroken() {
    use geo::Intersects;
    let run = legacy_day(1);
    let b = common::bundled("legacy-corridor");
    let mut outside = Vec::new();
    for f in 0..b.floors.len() {
        let area = carehome::report::jupedsim::walkable_area(&b, f);
        for s in run.record.trajectories.iter().filter(|s| s.floor == f) {
            if !area.intersects(&geo::Point::new(s.x_m, s.y_m)) {
                outside.push(*s);
            }
        }
    }
    assert!(
        outside.is_empty(),
        "{} outside, e.g. {:?}",
        outside.len(),
        &outside[..outside.len().min(5)]
    );
    let mut tracks: std::collections::BTreeMap<u32, Vec<&carehome::sim::TrackSample>> =
        Default::default();
    for s in &run.record.trajectories {
        tracks.entry(s.track).or_default().push(s);
    }
    assert!(tracks.len() > 100, "only {} tracks in a day", tracks.len());
    for (t, v) in &tracks {
        let (first, last) = (v[0], v[v.len() - 1]);
        assert!(
            v.iter()
                .all(|s| s.floor == first.floor && s.person == first.person),
            "track {t}"
        );
        assert_eq!(
            last.frame - first.frame + 1,
            v.len() as u64,
            "track {t} has gaps"
        );
    }
    // Someone rode between floors, so tracks were split there.
    let persons_on = |f: usize| -> std::collections::BTreeSet<u32> {
        run.record
            .trajectories
            .iter()
            .filter(|s| s.floor == f)
            .map(|s| s.person)
            .collect()
    };
    assert!(persons_on(0).intersection(&persons_on(1)).count() > 0);
}

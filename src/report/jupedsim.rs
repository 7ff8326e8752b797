//! Walkers' trajectories in the JuPedSim SQLite trajectory format, version 2, which PedPy reads
//! (`pedpy.load_trajectory_from_jupedsim_sqlite`, `pedpy.load_walkable_area_from_jupedsim_sqlite`).
//!
//! The format, as JuPedSim 1.x writes it (its `SqliteTrajectoryWriter`) and PedPy 1.x reads it:
//! - `trajectory_data(frame INTEGER, id INTEGER, pos_x REAL, pos_y REAL, ori_x REAL, ori_y REAL)`,
//!   positions in metres;
//! - `metadata(key TEXT, value TEXT)` with `version` = 2, `fps` (frames per second) and the
//!   bounds `xmin`, `xmax`, `ymin`, `ymax` of the walkable area;
//! - `geometry(hash INTEGER, wkt TEXT)`: the walkable area as WKT in metres;
//! - `frame_data(frame INTEGER, geometry_hash INTEGER)`: which geometry each frame uses.
//!
//! One database per floor (a walkable area is one plane). A frame is one contact sample of the
//! simulation (`run.contact_sample_s`), so `fps = 1 / contact_sample_s`; an `id` is one unbroken
//! walk ([`crate::sim::TrackSample::track`]), not a person: a person who walks ten times a day
//! is ten tracks, as PedPy's speed and density methods expect (no gaps in a track).
//!
//! The walkable area of a floor is the region walkers move in as the engine sees it: the union
//! of the floor's room polygons, the outdoor areas a door opens onto, and every door opening
//! through the thickness of its wall (a rectangle jamb to jamb, [`DOOR_OVERLAP_M`] into the rooms
//! on either side so the pieces join). A wall drawn as a line (a shared room edge) has no
//! thickness in the plan, so it leaves no gap in the union: the area is the floor's walkable
//! surface, not a drawing of its walls (carehome keeps walkers out of walls itself, `ped::guard`).
//!
//! Pure: the database is built in memory and returned as bytes ([`crate::io`] writes them).

use crate::building::Building;
use crate::geom::P2;
use crate::sim::RunRecord;
use geo::{BooleanOps, BoundingRect};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// How far a door opening's rectangle reaches past each face of its wall into the rooms, metres:
/// an overlap (inside the rooms, so it adds no area) that makes the union join the pieces
/// without slivers from rounding.
pub const DOOR_OVERLAP_M: f64 = 0.01;

/// The JuPedSim trajectory database version written.
pub const VERSION: u32 = 2;

fn poly_of(points: &[P2]) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(points.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        vec![],
    )
}

/// The walkable area of floor `floor`: its rooms, the outdoor areas its doors open onto, and its
/// door openings through the wall thickness.
pub fn walkable_area(b: &Building, floor: usize) -> geo::MultiPolygon<f64> {
    let mut parts: Vec<geo::MultiPolygon<f64>> = Vec::new();
    let doors: Vec<_> = b.doors.iter().filter(|d| d.floor == floor).collect();
    let used_outdoor = |k: usize| {
        doors
            .iter()
            .any(|d| d.sides.contains(&crate::building::Side::Outdoor(k)))
    };
    let outdoor = b
        .outdoor
        .iter()
        .enumerate()
        .filter(|&(k, o)| o.floor == floor && used_outdoor(k))
        .map(|(_, o)| &o.polygon);
    for poly in b
        .rooms
        .iter()
        .filter(|r| r.floor == floor)
        .map(|r| &r.polygon)
        .chain(outdoor)
    {
        parts.push(geo::MultiPolygon(vec![poly_of(&crate::geom::ensure_ccw(
            poly.clone(),
        ))]));
    }
    for d in doors {
        let len = d.span.length_m();
        if len <= 0.0 {
            continue;
        }
        let u = d.span.vector() / len;
        let n = nalgebra::Vector2::new(-u.y, u.x) * (d.depth_m / 2.0 + DOOR_OVERLAP_M);
        let (a, c) = (d.span.a, d.span.b);
        parts.push(geo::MultiPolygon(vec![poly_of(&crate::geom::ensure_ccw(
            vec![a - n, c - n, c + n, a + n],
        ))]));
    }
    parts
        .into_iter()
        .fold(geo::MultiPolygon(vec![]), |acc, p| acc.union(&p))
}

fn ring_wkt(s: &mut String, ring: &geo::LineString<f64>) {
    s.push('(');
    for (k, c) in ring.coords().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        // To 0.1 mm: the area is built to about that.
        let _ = write!(s, "{} {}", round4(c.x), round4(c.y));
    }
    s.push(')');
}

fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 { 0.0 } else { r }
}

fn polygon_wkt(s: &mut String, p: &geo::Polygon<f64>) {
    s.push('(');
    ring_wkt(s, p.exterior());
    for hole in p.interiors() {
        s.push_str(", ");
        ring_wkt(s, hole);
    }
    s.push(')');
}

/// WKT of an area: `POLYGON` when it is one piece, `MULTIPOLYGON` otherwise (PedPy's
/// `WalkableArea` needs one polygon: a floor in pieces that no door joins cannot be read as one).
pub fn wkt(area: &geo::MultiPolygon<f64>) -> String {
    let mut s = String::new();
    match area.0.as_slice() {
        [one] => {
            s.push_str("POLYGON ");
            polygon_wkt(&mut s, one);
        }
        many => {
            s.push_str("MULTIPOLYGON (");
            for (k, p) in many.iter().enumerate() {
                if k > 0 {
                    s.push_str(", ");
                }
                polygon_wkt(&mut s, p);
            }
            s.push(')');
        }
    }
    s
}

/// A stable hash of a geometry's WKT: the first 8 bytes of its SHA-256 as a signed integer.
fn geometry_hash(wkt: &str) -> i64 {
    let h = Sha256::digest(wkt.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[..8]);
    i64::from_be_bytes(b)
}

/// The floors with at least one sample in `rec`, in floor order.
pub fn floors_with_samples(b: &Building, rec: &RunRecord) -> Vec<usize> {
    let mut has = vec![false; b.floors.len()];
    for s in &rec.trajectories {
        if let Some(h) = has.get_mut(s.floor) {
            *h = true;
        }
    }
    (0..b.floors.len()).filter(|&f| has[f]).collect()
}

/// The database of floor `floor`: its walkable area and the samples on it, `fps` frames per
/// second. Bytes are the same for the same record (no time stamps, rows in frame and id order).
pub fn sqlite(b: &Building, rec: &RunRecord, floor: usize, fps: f64) -> Result<Vec<u8>, String> {
    let area = walkable_area(b, floor);
    let text = wkt(&area);
    let hash = geometry_hash(&text);
    let bounds = area.bounding_rect();
    let mut rows: Vec<_> = rec
        .trajectories
        .iter()
        .filter(|s| s.floor == floor)
        .collect();
    rows.sort_by(|a, b| a.frame.cmp(&b.frame).then(a.track.cmp(&b.track)));
    let sql = |e: rusqlite::Error| format!("trajectory database: {e}");
    let mut con = Connection::open_in_memory().map_err(sql)?;
    con.execute_batch(
        "CREATE TABLE trajectory_data (frame INTEGER NOT NULL, id INTEGER NOT NULL, \
         pos_x REAL NOT NULL, pos_y REAL NOT NULL, ori_x REAL NOT NULL, ori_y REAL NOT NULL);
         CREATE TABLE metadata (key TEXT NOT NULL UNIQUE PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE geometry (hash INTEGER NOT NULL UNIQUE PRIMARY KEY, wkt TEXT NOT NULL);
         CREATE TABLE frame_data (frame INTEGER NOT NULL, geometry_hash INTEGER NOT NULL);",
    )
    .map_err(sql)?;
    {
        let tx = con.transaction().map_err(sql)?;
        {
            let mut meta = tx
                .prepare("INSERT INTO metadata (key, value) VALUES (?1, ?2)")
                .map_err(sql)?;
            let (lo, hi) = bounds.map_or(([0.0; 2], [0.0; 2]), |r| {
                ([r.min().x, r.min().y], [r.max().x, r.max().y])
            });
            for (k, v) in [
                ("version", VERSION.to_string()),
                ("fps", format!("{fps}")),
                ("xmin", format!("{}", round4(lo[0]))),
                ("xmax", format!("{}", round4(hi[0]))),
                ("ymin", format!("{}", round4(lo[1]))),
                ("ymax", format!("{}", round4(hi[1]))),
            ] {
                meta.execute(params![k, v]).map_err(sql)?;
            }
            tx.execute(
                "INSERT INTO geometry (hash, wkt) VALUES (?1, ?2)",
                params![hash, text],
            )
            .map_err(sql)?;
            let mut traj = tx
                .prepare(
                    "INSERT INTO trajectory_data (frame, id, pos_x, pos_y, ori_x, ori_y) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(sql)?;
            let mut frames = tx
                .prepare("INSERT INTO frame_data (frame, geometry_hash) VALUES (?1, ?2)")
                .map_err(sql)?;
            let mut last = None;
            for s in &rows {
                let frame = s.frame as i64;
                traj.execute(params![frame, s.track, s.x_m, s.y_m, s.ori[0], s.ori[1]])
                    .map_err(sql)?;
                if last != Some(frame) {
                    frames.execute(params![frame, hash]).map_err(sql)?;
                    last = Some(frame);
                }
            }
        }
        tx.execute_batch(
            "CREATE INDEX frame_id_idx ON trajectory_data(frame, id);
             CREATE INDEX frame_data_idx ON frame_data(frame);",
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    let bytes = con.serialize("main").map_err(sql)?;
    Ok(bytes.to_vec())
}

/// File names for the databases of a run written to `path`: `path` itself when the building has
/// one floor, else `<stem>-<floor>.<ext>` per floor with samples (floor ids made file-safe by
/// [`crate::io::file_stems`]).
pub fn file_names(
    b: &Building,
    rec: &RunRecord,
    path: &std::path::Path,
) -> Vec<(usize, std::path::PathBuf)> {
    let floors = floors_with_samples(b, rec);
    if b.floors.len() == 1 {
        return floors
            .into_iter()
            .map(|f| (f, path.to_path_buf()))
            .collect();
    }
    let ids: Vec<&str> = b.floors.iter().map(|f| f.id.as_str()).collect();
    let stems = crate::io::file_stems(&ids);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "trajectories".into());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sqlite".into());
    floors
        .into_iter()
        .map(|f| (f, path.with_file_name(format!("{stem}-{}.{ext}", stems[f]))))
        .collect()
}

//! Small 2D geometry on [`nalgebra`] points: polygons, segments, intervals.
//!
//! Everything here is plain functions on plain types, in metres, with explicit tolerances. The
//! boolean overlap of two polygons uses the `geo` crate (robust `i_overlay` backend) rather than a
//! hand-written clipper.

mod polygon;
mod segment;

pub use polygon::{
    COLLINEAR_TOL_M, DUPLICATE_TOL_M, area_m2, centroid, contains, corner_indices, ensure_ccw,
    is_ccw, overlap_area_m2, self_intersection, signed_area_m2, split_polygon, union_polygons,
};
pub(crate) use segment::cross;
pub use segment::{PARALLEL_SIN, Segment, collinear_overlap, facing_overlap, segments_cross};

/// A point in plan coordinates, metres.
pub type P2 = nalgebra::Point2<f64>;
/// A vector in plan coordinates, metres.
pub type V2 = nalgebra::Vector2<f64>;

/// Geometric tolerance for coincident edges and points on edges, metres (1 cm): drawings exported
/// from CAD commonly carry millimetre noise, and 1 cm is well below any building tolerance.
pub const EPS_M: f64 = 0.01;

/// Convert a `[x, y]` pair to a point.
pub fn p2(xy: [f64; 2]) -> P2 {
    P2::new(xy[0], xy[1])
}

/// Axis-aligned bounding box of points as `([min_x, min_y], [max_x, max_y])`.
pub fn bbox(points: &[P2]) -> ([f64; 2], [f64; 2]) {
    let mut lo = [f64::INFINITY; 2];
    let mut hi = [f64::NEG_INFINITY; 2];
    for p in points {
        lo[0] = lo[0].min(p.x);
        lo[1] = lo[1].min(p.y);
        hi[0] = hi[0].max(p.x);
        hi[1] = hi[1].max(p.y);
    }
    (lo, hi)
}

/// Merge overlapping or touching intervals (each `(lo, hi)` with `lo <= hi`); returns them sorted.
pub fn merge_intervals(mut iv: Vec<(f64, f64)>, join_gap: f64) -> Vec<(f64, f64)> {
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(iv.len());
    for (lo, hi) in iv {
        match out.last_mut() {
            Some(last) if lo <= last.1 + join_gap => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The parts of `[lo, hi]` not covered by the sorted, merged `covered` intervals, dropping pieces
/// shorter than `min_len`.
pub fn subtract_intervals(
    lo: f64,
    hi: f64,
    covered: &[(f64, f64)],
    min_len: f64,
) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut cursor = lo;
    for &(a, b) in covered {
        if b <= cursor {
            continue;
        }
        if a > cursor && a.min(hi) - cursor > min_len {
            out.push((cursor, a.min(hi)));
        }
        cursor = cursor.max(b);
        if cursor >= hi {
            break;
        }
    }
    if hi - cursor > min_len {
        out.push((cursor, hi));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_merge_and_subtract() {
        let m = merge_intervals(vec![(3.0, 4.0), (0.0, 1.0), (0.5, 2.0)], 0.0);
        assert_eq!(m, vec![(0.0, 2.0), (3.0, 4.0)]);
        let rest = subtract_intervals(0.0, 5.0, &m, 1e-9);
        assert_eq!(rest, vec![(2.0, 3.0), (4.0, 5.0)]);
        assert!(subtract_intervals(0.0, 1.0, &[(-1.0, 2.0)], 1e-9).is_empty());
    }
}

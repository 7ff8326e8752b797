//! Outline normalisation: a plan's polygons with repeated and collinear vertices dropped.
//!
//! CAD exports commonly repeat a vertex, close a ring with its first point, or put a vertex in
//! the middle of a straight wall (where a neighbouring room's corner or a door was). None of
//! these is a corner, and none may change a result (issue #14: one extra vertex on a lounge edge
//! at a door's centre made the door "run past the end of its wall"). [`normalise`] drops them
//! once, before validation and resolution, with the tolerances of
//! [`crate::geom::corner_indices`]; element ids are untouched, so every
//! diagnostic still names the element (and its line) of the file. [`Normalised::original_index`]
//! maps a vertex of a normalised outline back to its index in the file for messages.

use super::types::{Plan, Xy};
use crate::geom;
use std::collections::HashMap;

/// A plan with normalised outlines, and where each kept vertex came from.
#[derive(Debug)]
pub struct Normalised {
    pub plan: Plan,
    /// For each element whose outline changed (by id): the file index of each kept vertex.
    kept: HashMap<String, Vec<usize>>,
}

impl Normalised {
    /// The index in the file of vertex `i` of element `id`'s normalised outline.
    pub fn original_index(&self, id: &str, i: usize) -> usize {
        self.kept
            .get(id)
            .and_then(|k| k.get(i).copied())
            .unwrap_or(i)
    }
}

/// `plan` with every room and outdoor outline reduced to its corners.
pub fn normalise(plan: &Plan) -> Normalised {
    let mut plan = plan.clone();
    let mut kept = HashMap::new();
    let mut clean = |id: &str, poly: &mut Vec<Xy>| {
        let pts: Vec<geom::P2> = poly.iter().copied().map(geom::p2).collect();
        let corners = geom::corner_indices(&pts);
        if corners.len() < poly.len() {
            *poly = corners.iter().map(|&i| poly[i]).collect();
            kept.entry(id.to_string()).or_insert(corners);
        }
    };
    for f in &mut plan.floors {
        for r in &mut f.rooms {
            clean(&r.id, &mut r.polygon);
        }
    }
    for o in &mut plan.outdoor {
        clean(&o.id, &mut o.polygon);
    }
    Normalised { plan, kept }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::P2;

    fn pts(v: &[(f64, f64)]) -> Vec<P2> {
        v.iter().map(|&(x, y)| P2::new(x, y)).collect()
    }

    #[test]
    fn repeated_collinear_and_closing_vertices_are_dropped() {
        // A 4 x 2 rectangle drawn with a mid-edge vertex, a repeated corner and a closing copy of
        // the first point: its corners are indices 0, 2, 4, 5.
        let p = pts(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (4.0, 0.0),
            (4.0, 0.0),
            (4.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert_eq!(geom::corner_indices(&p), [0, 2, 4, 5]);
        // The first vertex itself in the middle of an edge.
        let q = pts(&[(2.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0), (0.0, 0.0)]);
        assert_eq!(geom::corner_indices(&q), [1, 2, 3, 4]);
        // A vertex 1 mm off the line is a corner.
        let r = pts(&[(0.0, 0.0), (2.0, 0.001), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)]);
        assert_eq!(geom::corner_indices(&r).len(), 5);
    }

    #[test]
    fn spikes_and_degenerate_outlines_are_kept_as_drawn() {
        // The outline folds back from (4, 0) to (2, 0): the fold is kept for validation to see.
        let spike = pts(&[(0.0, 0.0), (4.0, 0.0), (2.0, 0.0), (2.0, 2.0)]);
        assert_eq!(geom::corner_indices(&spike), [0, 1, 2, 3]);
        assert!(geom::self_intersection(&spike).is_some());
        // All on one line: nothing is dropped (validation reports the zero area).
        let line = pts(&[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]);
        assert_eq!(geom::corner_indices(&line), [0, 1, 2, 3]);
    }
}

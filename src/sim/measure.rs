//! Crowd measurements from recorded trajectories ([`super::TrackSample`]), with the definitions
//! PedPy uses (Schrödter et al., PedPy 1.x, `compute_classic_density`,
//! `compute_individual_speed`, `compute_mean_speed_per_frame`), so a figure carehome reports can be
//! checked against PedPy reading the same trajectories (`tests/trajectories_pedpy.rs`):
//!
//! - **classic density** of frame `f`: the number of walkers strictly inside the measurement area
//!   at `f` divided by its area, 1/m² (Zhang et al. 2011, method B's counting density);
//! - **individual speed** of a walker at frame `f`: the distance between its positions at
//!   `f − k` and `f + k` over `2k` frames; at the ends of a track the missing end is `f` itself
//!   (PedPy's single-sided border: `[f, f + k]` or `[f − k, f]`); m/s;
//! - **mean speed** of frame `f`: the mean individual speed of the walkers inside the area.
//!
//! Both series run over every frame from the first to the last sample on the floor; frames with
//! nobody inside are 0 (as PedPy fills them); a frame whose only walkers inside have no speed
//! (tracks of one sample) is NaN, as in PedPy.

use super::TrackSample;
use crate::geom::{self, P2};
use std::collections::BTreeMap;

/// Samples of `floor` grouped by track, each in frame order.
fn tracks(samples: &[TrackSample], floor: usize) -> BTreeMap<u32, Vec<&TrackSample>> {
    let mut by: BTreeMap<u32, Vec<&TrackSample>> = BTreeMap::new();
    for s in samples.iter().filter(|s| s.floor == floor) {
        by.entry(s.track).or_default().push(s);
    }
    for v in by.values_mut() {
        v.sort_by_key(|s| s.frame);
    }
    by
}

fn frame_range(samples: &[TrackSample], floor: usize) -> Option<(u64, u64)> {
    let mut it = samples.iter().filter(|s| s.floor == floor).map(|s| s.frame);
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), f| (lo.min(f), hi.max(f))))
}

fn strictly_inside(area: &[P2], p: P2) -> bool {
    geom::contains(area, p)
}

/// Classic density per frame in `area` (a simple polygon on `floor`), 1/m².
pub fn classic_density(samples: &[TrackSample], floor: usize, area: &[P2]) -> Vec<(u64, f64)> {
    let Some((lo, hi)) = frame_range(samples, floor) else {
        return Vec::new();
    };
    let a = geom::area_m2(area);
    let mut n = vec![0u32; (hi - lo + 1) as usize];
    for s in samples.iter().filter(|s| s.floor == floor) {
        if strictly_inside(area, P2::new(s.x_m, s.y_m)) {
            n[(s.frame - lo) as usize] += 1;
        }
    }
    n.iter()
        .enumerate()
        .map(|(k, &c)| (lo + k as u64, c as f64 / a))
        .collect()
}

/// Mean speed per frame of the walkers inside `area`, m/s, individual speeds over `frame_step`
/// frames each way at `fps` frames per second (at a track's ends, a window
/// end that does not exist is the frame itself: PedPy's `BORDER_SINGLE_SIDED`).
pub fn mean_speed(
    samples: &[TrackSample],
    floor: usize,
    area: &[P2],
    frame_step: usize,
    fps: f64,
) -> Vec<(u64, f64)> {
    let Some((lo, hi)) = frame_range(samples, floor) else {
        return Vec::new();
    };
    let mut sum = vec![(0.0f64, 0u32, false); (hi - lo + 1) as usize];
    for track in tracks(samples, floor).values() {
        for (k, &s) in track.iter().enumerate() {
            if !strictly_inside(area, P2::new(s.x_m, s.y_m)) {
                continue;
            }
            // A window end past the track's ends falls back to the frame itself.
            let a = if k >= frame_step {
                track[k - frame_step]
            } else {
                s
            };
            let b = track.get(k + frame_step).copied().unwrap_or(s);
            let window = (b.frame - a.frame) as f64;
            let e = &mut sum[(s.frame - lo) as usize];
            e.2 = true;
            if window == 0.0 {
                continue; // a one-sample track has no speed (PedPy: NaN, left out of the mean)
            }
            let d = ((b.x_m - a.x_m).powi(2) + (b.y_m - a.y_m).powi(2)).sqrt();
            e.0 += d / (window / fps);
            e.1 += 1;
        }
    }
    sum.iter()
        .enumerate()
        .map(|(k, &(v, c, someone))| {
            let mean = match (c, someone) {
                (0, false) => 0.0,
                (0, true) => f64::NAN,
                _ => v / c as f64,
            };
            (lo + k as u64, mean)
        })
        .collect()
}

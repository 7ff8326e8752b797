//! Helpers shared by the pedestrian tests (tests/ped_rimea.rs, tests/ped_shipped.rs).

use super::{p, plan, rect};
use carehome::building::Building;
use carehome::geom::Segment;
use carehome::ped::{Agent, Mobility, OperationalModel, Waypoint, World, WorldParams};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

pub fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Weidmann (1993): v(ρ) = v₀·(1 − exp(−γ·(1/ρ − 1/ρ_max))), v₀ = 1.34 m/s, γ = 1.913 m⁻²,
/// ρ_max = 5.4 m⁻².
pub fn weidmann_m_s(rho: f64) -> f64 {
    1.34 * (1.0 - (-1.913 * (1.0 / rho - 1.0 / 5.4)).exp())
}

/// A 10 m × 10 m room with a door of `width_m` in its right wall at mid-height into a 4 m wide,
/// 10 m long corridor (the entrance, open to the outside at its far end).
pub fn bottleneck_plan(width_m: f64) -> Building {
    plan(
        &[
            ("R", "lounge", rect(0.0, 0.0, 10.0, 10.0)),
            ("C", "entrance", rect(10.0, 3.0, 20.0, 7.0)),
        ],
        &[
            ("D", ["R", "C"], [10.0, 5.0], width_m),
            ("X", ["C", "outside"], [20.0, 5.0], 2.0),
        ],
    )
}

/// Mean walking speed in a periodic 20 m × 2 m corridor at density `rho` (agents at free speed
/// 1.34 m/s placed on a jittered lattice, `settle_s` to settle, mean of the x-velocity over the
/// next `measure_s`), with `params` (its periodic domain set here).
pub fn fd_speed<M: OperationalModel>(
    model: M,
    params: WorldParams,
    rho: f64,
    radius_m: f64,
    time_gap_s: f64,
    settle_s: f64,
    measure_s: f64,
) -> f64 {
    let (len, width) = (20.0, 2.0);
    let g = carehome::ped::Geometry {
        floors: vec![vec![
            Segment::new(p(-1.0, 0.0), p(len + 1.0, 0.0)),
            Segment::new(p(-1.0, width), p(len + 1.0, width)),
        ]],
    };
    let params = WorldParams {
        periodic_x: Some((0.0, len)),
        ..params
    };
    let mut w = World::new(model, g, params);
    let n = (rho * len * width).round() as usize;
    let rows = ((width / (2.0 * radius_m + 0.05)).floor() as usize).clamp(1, 4);
    let cols = n.div_ceil(rows);
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for k in 0..n {
        let (c, r) = (k / rows, k % rows);
        let x = (c as f64 + 0.5) * len / cols as f64 + 0.02 * (uniform(&mut rng) - 0.5);
        let y = (r as f64 + 0.5) * width / rows as f64 + 0.02 * (uniform(&mut rng) - 0.5);
        let a = Agent::new(k as u32, 0, p(x, y), 1.34, Mobility::Independent)
            .with_radius(radius_m)
            .with_time_gap(time_gap_s)
            .with_waypoints(vec![Waypoint::at(0, p(1e6, y))]);
        w.add(a);
    }
    w.run_until(settle_s, false);
    let (mut sum, mut cnt) = (0.0, 0usize);
    while w.t_s() < settle_s + measure_s {
        w.step();
        for a in w.agents() {
            sum += a.state.vel.x;
            cnt += 1;
        }
    }
    sum / cnt as f64
}

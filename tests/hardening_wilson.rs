//! Wilson score intervals of the shares `simulate` summarises (issue #14): for k successes in n
//! trials, p = k/n, z = 1.959964 (the 97.5% normal quantile),
//! centre = (p + z²/2n) / (1 + z²/n), half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
//! (Wilson 1927, JASA 22:209). Expected values worked by hand from that formula.

use carehome::epi::summary::wilson_bounds;

fn close(got: (f64, f64), want: (f64, f64)) {
    assert!(
        (got.0 - want.0).abs() < 1e-5 && (got.1 - want.1).abs() < 1e-5,
        "got {got:?}, want {want:?}"
    );
}

#[test]
fn wilson_by_hand_at_the_edges_and_inside() {
    // 0/2: lower exactly 0, upper z²/(n + z²) = 3.841459/5.841459 = 0.657620.
    let z = wilson_bounds(0.0, 2.0);
    assert_eq!(z.0, 0.0);
    close(z, (0.0, 0.657_620));
    // 2/2: upper exactly 1, lower n/(n + z²) = 2/5.841459 = 0.342380.
    let f = wilson_bounds(1.0, 2.0);
    assert_eq!(f.1, 1.0);
    close(f, (0.342_380, 1.0));
    // 1/2: centre 0.5; half = 1.959964/2.920729 · √(0.125 + 0.240091) = 0.405469.
    close(wilson_bounds(0.5, 2.0), (0.094_531, 0.905_469));
    // 7/60: centre (0.116667 + 0.032012)/1.064024 = 0.139733;
    // half = 1.959964/1.064024 · √(0.0017176 + 0.00026677) = 0.082056.
    close(wilson_bounds(7.0 / 60.0, 60.0), (0.057_677, 0.221_789));
    // Never outside [0, 1], for any share of few replicates.
    for n in 1..=5 {
        for k in 0..=n {
            let (lo, hi) = wilson_bounds(k as f64 / n as f64, n as f64);
            assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi) && lo <= hi);
        }
    }
}

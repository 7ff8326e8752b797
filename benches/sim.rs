//! One simulated day of daily life (movement and contacts, no pathogen) of the largest bundled
//! homes, one replicate, one thread. Target (issue #7): ≤ 100 ms per day; a week scales linearly.
//! Run: `RAYON_NUM_THREADS=1 cargo bench --bench sim`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

mod common;
use common::bundled as load;

fn bench(c: &mut Criterion) {
    let scenario = common::scenario("baseline.toml");
    let mut g = c.benchmark_group("sim one day");
    g.sample_size(10);
    for name in ["legacy-corridor", "household-newbuild"] {
        let b = load(name);
        let sim = carehome::sim::engine::Simulation::new(&b, &scenario);
        g.bench_function(name, |bench| {
            bench.iter(|| carehome::sim::engine::run_replicate(black_box(&sim), 0, 1))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

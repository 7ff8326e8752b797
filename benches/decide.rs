//! Benchmarks of the decision layer (issue 15). Targets on two cores: the default `compare` of
//! the bundled set with adaptive replicates in under 10 s; the retrofit search over the bundled
//! retrofits (exhaustive, every compatible combination evaluated with the default adaptive
//! replicates) finds the Pareto front in under a minute.
//! Run: `cargo bench --bench decide` (RAYON_NUM_THREADS=2 for the two-core figure).

use carehome::workflow::{CompareSettings, compare_files, search_files};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let settings = CompareSettings::default();
    let mut g = c.benchmark_group("decide");
    g.sample_size(10);
    g.bench_function("compare: bundled set, default adaptive replicates", |b| {
        b.iter(|| compare_files(&[], &settings, &|_| {}).unwrap())
    });
    g.bench_function(
        "search: front of the bundled retrofits, default replicates",
        |b| {
            b.iter(|| {
                let r = search_files(&[], &settings, &|_| {}).unwrap();
                assert!(!r.result.front.is_empty());
                r
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

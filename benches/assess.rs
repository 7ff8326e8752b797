//! Benchmarks of the geometry assessment. Target (issue #6): VGA of the largest bundled floor at
//! 0.5 m in ≤ 2 s on one core; a whole `assess` of a bundled plan in ≤ 3 s.
//! Run: `cargo bench --bench assess` (set RAYON_NUM_THREADS=1 for the one-core figure).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

mod common;
use common::bundled as load;

fn bench(c: &mut Criterion) {
    let newbuild = load("household-newbuild");
    let legacy = load("legacy-corridor");
    let mut g = c.benchmark_group("vga");
    g.sample_size(10);
    g.bench_function("household-newbuild floor G at 0.5 m", |b| {
        b.iter(|| carehome::assess::vga::vga(black_box(&newbuild), 0, 0.5))
    });
    g.bench_function("legacy-corridor floor G at 0.5 m", |b| {
        b.iter(|| carehome::assess::vga::vga(black_box(&legacy), 0, 0.5))
    });
    g.finish();
    let src = std::fs::read_to_string(format!(
        "{}/floorplans/legacy-corridor.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    c.bench_function("load + validate legacy-corridor", |b| {
        b.iter(|| {
            carehome::building::resolve(&carehome::plan::from_json_str(black_box(&src)).unwrap())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

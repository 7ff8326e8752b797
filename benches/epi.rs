//! Transmission Monte Carlo (issue 8): 30 simulated days × 100 replicates of the largest bundled
//! home (household-newbuild, 48 residents), movement pattern included. Targets: ≤ 60 s on 2 cores;
//! replicates scale ≥ 1.8× from 1 to 2 threads. Run: `cargo bench --bench epi`. Before the
//! criterion groups, one timed pass prints where the time goes (movement pattern, model set-up,
//! replicates at 1 and 2 threads) and the scaling.

use carehome::sim::{self, transmission};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;

const DAYS: u32 = 30;
const REPLICATES: u32 = 100;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let (b, sc) = (
        common::bundled("household-newbuild"),
        common::scenario("covid-2020.toml"),
    );
    let pattern = transmission::MAX_PATTERN_DAYS;
    let params = transmission::Params::from_scenario(&sc).unwrap();
    // One timed pass: where the time goes.
    let t = Instant::now();
    let rec = sim::Simulation::new(&b, &sc).run_replicate(
        0,
        pattern,
        sim::RunOptions::default(),
        &mut |_| {},
    );
    let movement_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let model = transmission::Model::new(&b, params.clone(), &rec);
    let setup_s = t.elapsed().as_secs_f64();
    let mut secs = [0.0; 2];
    for (k, threads) in [1, 2].into_iter().enumerate() {
        let t = Instant::now();
        pool(threads).install(|| transmission::run_replicates(&model, 1, REPLICATES, DAYS));
        secs[k] = t.elapsed().as_secs_f64();
    }
    eprintln!(
        "household-newbuild, {DAYS} days x {REPLICATES} replicates: movement pattern ({pattern} days) {movement_s:.2} s, model set-up {setup_s:.3} s, replicates 1 thread {:.2} s, 2 threads {:.2} s (scaling {:.2}x); total on 2 threads {:.2} s",
        secs[0],
        secs[1],
        secs[0] / secs[1],
        movement_s + setup_s + secs[1]
    );

    let mut g = c.benchmark_group("epi household-newbuild");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("movement pattern, 7 days", |bench| {
        bench.iter(|| {
            sim::Simulation::new(&b, &sc).run_replicate(
                0,
                black_box(pattern),
                sim::RunOptions::default(),
                &mut |_| {},
            )
        })
    });
    for threads in [1, 2] {
        let p = pool(threads);
        g.bench_function(
            format!("{REPLICATES} replicates x {DAYS} days, {threads} thread(s)"),
            |bench| {
                bench.iter(|| {
                    p.install(|| {
                        transmission::run_replicates(&model, black_box(1), REPLICATES, DAYS)
                    })
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

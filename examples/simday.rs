//! Where the time of the daily-life simulation goes: runs one replicate of a bundled plan with the
//! baseline scenario and prints the wall time, the time per part (schedule, routing, stepping,
//! contacts) and the counters.
//!
//! `cargo run --release --example simday -- household-newbuild 7`
//! (plan name in `floorplans/`, days; `NOTIME=1` skips the per-part clocks, which cost ~10%).

#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "legacy-corridor".into());
    let days: u32 = args
        .next()
        .map_or(1, |s| s.parse().expect("days: a number"));
    let b = common::bundled(&name);
    let sc = common::scenario("baseline.toml");
    let sim = carehome::sim::engine::Simulation::new(&b, &sc);
    let opts = carehome::sim::engine::RunOptions {
        timing: std::env::var("NOTIME").is_err(),
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let rec = sim.run_replicate(0, days, opts, &mut |_| {});
    println!(
        "{name}: {days} day(s) in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    println!("{:?}\n{:?}", rec.timing, rec.stats);
}

//! Scratch: one simulated day of a bundled plan, with figures.
use carehome::sim::{self, Role};
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("floorplans/legacy-corridor.json".into());
    let days: u32 = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1);
    let src = std::fs::read_to_string(&path).unwrap();
    let plan = carehome::plan::from_json_str(&src).unwrap();
    let b = carehome::building::resolve(&plan).building.unwrap();
    let sc = sim::Scenario::default();
    let t0 = std::time::Instant::now();
    let s = sim::Simulation::new(&b, &sc);
    let t1 = std::time::Instant::now();
    let rec = s.run_replicate(0, days, sim::RunOptions { timing: true }, &mut |_| {});
    let t2 = std::time::Instant::now();
    println!("setup {:?} run {:?}", t1 - t0, t2 - t1);
    println!("{:?}\n{:?}", rec.stats, rec.timing);
    println!(
        "contacts {} presence {}",
        rec.contacts.len(),
        rec.presence.len()
    );
    for (p, v) in rec.resident_time_use(&b) {
        println!("{p:?} {:.3}", v);
    }
    let m = rec.contact_matrix(2.0);
    for i in 0..8 {
        for j in i..8 {
            if m[i][j].0 > 0 {
                println!(
                    "{:>9}-{:<9} {:6} {:8.0} min",
                    Role::ALL[i].name(),
                    Role::ALL[j].name(),
                    m[i][j].0,
                    m[i][j].1 / 60.0
                );
            }
        }
    }
}

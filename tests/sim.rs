//! Daily-life simulation (issue 7): time use, contact magnitudes against published studies,
//! cohorting, household vs corridor layout, no one where they have no reason to be, determinism.

mod common;
use carehome::building::Building;
use carehome::plan::RoomUse;
use carehome::sim::record::{CLOSE_M, Place};
use carehome::sim::{self, Role, Scenario};
use common::{bundled as building, scenario};

fn run(b: &Building, sc: &Scenario, days: u32) -> sim::RunRecord {
    sim::Simulation::new(b, sc).run_replicate(0, days, sim::RunOptions::default(), &mut |_| {})
}

#[test]
fn scenario_defaults_and_errors() {
    assert_eq!(sim::from_toml_str("").unwrap(), Scenario::default());
    assert!(sim::from_toml_str("[staff]\ncohorting = \"ward\"").is_err());
    assert!(sim::from_toml_str("[run]\ndayz = 3").is_err());
    let e = sim::from_toml_str("[residents]\ndementia_share = 1.5").unwrap_err();
    assert!(e.0.contains("residents.dementia_share"), "{e}");
    scenario("baseline.toml");
    scenario("outbreak-restrictions.toml");
}

#[test]
fn baseline_time_use_matches_the_schedule_definition() {
    let b = building("legacy-corridor");
    let sc = scenario("baseline.toml");
    let rec = run(&b, &sc, 1);
    let share = |p: Place| {
        rec.resident_time_use(&b)
            .iter()
            .find(|x| x.0 == p)
            .unwrap()
            .1
    };
    // Expected from the routine: residents who are not bed-bound spend the meals in the dining
    // room (Σ meal_min, breakfast truncated for late risers), so dining ≈ (1 − bed-bound) ·
    // Σ meal_min / 1440.
    let m = &sc.residents.mobility;
    let walkers = 1.0 - m.bed_bound / (m.independent + m.walking_aid + m.wheelchair + m.bed_bound);
    let dining = walkers * sc.routine.meal_min.iter().sum::<f64>() / 1440.0;
    // Lounge: lounge_share of able residents for the morning (breakfast end ≈ 09:30 to lunch),
    // afternoon (lunch end to supper, less garden time) and half that in the evening (supper end
    // to ≈ 20:30).
    let morning = sc.routine.lunch_h * 60.0 - 9.5 * 60.0;
    let afternoon = (sc.routine.supper_h - sc.routine.lunch_h) * 60.0 - sc.routine.meal_min[1];
    let evening = 20.5 * 60.0 - sc.routine.supper_h * 60.0 - sc.routine.meal_min[2];
    let lounge = walkers * sc.routine.lounge_share * (morning + afternoon + 0.5 * evening) / 1440.0;
    let (d, l, bed) = (
        share(Place::Dining),
        share(Place::Lounge),
        share(Place::Bedroom),
    );
    eprintln!(
        "dining {d:.3} (expected {dining:.3}), lounge {l:.3} (expected {lounge:.3}), bedroom {bed:.3}"
    );
    assert!((d - dining).abs() < 0.35 * dining, "dining {d} vs {dining}");
    assert!((l - lounge).abs() < 0.35 * lounge, "lounge {l} vs {lounge}");
    // The rest is the bedroom (night, care, rest), minus toilets, garden, visits, walking.
    let rest = 1.0 - dining - lounge;
    assert!(
        bed < rest && bed > rest - 0.1,
        "bedroom {bed} vs at most {rest}"
    );
}

#[test]
fn contact_magnitudes_within_published_ranges() {
    let b = building("legacy-corridor");
    let rec = run(&b, &scenario("baseline.toml"), 1);
    // Vanhems et al. 2013 (PLoS ONE 8:e73970), SocioPatterns sensors in a geriatric unit: 94.1% of
    // contacts during daytime (07:00–21:00 there; morning and afternoon periods). Bound: ≥ 85%.
    let day = rec
        .contacts
        .iter()
        .filter(|c| {
            let h = (c.t0_s % 86_400.0) / 3600.0;
            (7.0..21.0).contains(&h)
        })
        .count() as f64
        / rec.contacts.len() as f64;
    eprintln!("daytime share {day:.3}");
    assert!(day >= 0.85, "daytime share {day}");
    // Same study: contacts between pairs of health-care workers were 38% of all contacts. In a
    // care home, residents also meet each other at meals, so we bound HCW–HCW at 15–60%.
    let staff_pairs = rec
        .contacts
        .iter()
        .filter(|c| {
            rec.people[c.a as usize].role.is_staff() && rec.people[c.b as usize].role.is_staff()
        })
        .count() as f64
        / rec.contacts.len() as f64;
    eprintln!("staff-staff share {staff_pairs:.3}");
    assert!(
        (0.15..=0.60).contains(&staff_pairs),
        "staff–staff share {staff_pairs}"
    );
    // Leeds care-home Bluetooth study (as the issue cites it): most resident interactions were in
    // dining rooms and lounges. Bound: > 50% of resident–resident contact time there.
    let (mut communal, mut all) = (0.0, 0.0);
    for c in &rec.contacts {
        if rec.people[c.a as usize].role == Role::Resident
            && rec.people[c.b as usize].role == Role::Resident
        {
            all += c.dur_s;
            if c.zone < b.rooms.len() && b.rooms[c.zone].room_use.is_communal() {
                communal += c.dur_s;
            }
        }
    }
    eprintln!(
        "resident-resident contact time in communal rooms {:.3}",
        communal / all
    );
    assert!(communal / all > 0.5);
    // Thompson et al. 2024 (PLOS ONE, Leeds; Bluetooth wearables in four UK care homes, 204,087
    // interactions): most interactions occurred in communal areas such as dining rooms and
    // lounges. Bound: more than half of all contact episodes in communal rooms.
    let in_communal = rec
        .contacts
        .iter()
        .filter(|c| c.zone < b.rooms.len() && b.rooms[c.zone].room_use.is_communal())
        .count() as f64
        / rec.contacts.len() as f64;
    eprintln!("contact episodes in communal rooms {in_communal:.3}");
    assert!(in_communal > 0.5, "communal share {in_communal}");
    // Same study: only 2% of interactions lasted over 2 minutes. We do not reproduce that figure
    // and say so: their Bluetooth episodes count every pass-by within radio range (metres,
    // through walls) and break whenever a packet is missed, while ours are unbroken episodes
    // within 2 m and in line of sight, so people seated side by side make one long episode. What
    // carries over is the shape: long episodes are a minority. Bound: under a third.
    let long =
        rec.contacts.iter().filter(|c| c.dur_s > 120.0).count() as f64 / rec.contacts.len() as f64;
    eprintln!("episodes over 2 min {long:.3} (Leeds: 0.02)");
    assert!(long < 1.0 / 3.0, "share of episodes over 2 min {long}");
    // Same study: more than 65% of the interactions over 2 minutes were between staff. Ours are
    // reported, not asserted (measured on the legacy home: 29%): our long episodes are mostly
    // residents seated side by side at tables and in lounges, who in Leeds' data would break into
    // many short Bluetooth episodes whenever a packet from a resting wearer is missed.
    let is_staff = |p: u32| !matches!(rec.people[p as usize].role, Role::Resident | Role::Visitor);
    let long_eps: Vec<_> = rec.contacts.iter().filter(|c| c.dur_s > 120.0).collect();
    let staff_long = long_eps
        .iter()
        .filter(|c| is_staff(c.a) && is_staff(c.b))
        .count() as f64
        / long_eps.len() as f64;
    eprintln!("episodes over 2 min between staff {staff_long:.3} (Leeds: > 0.65)");
}

fn cross_household_staff_resident(rec: &sim::RunRecord, b: &Building) -> (usize, usize) {
    // Staff–resident close contacts with a carer or nurse whose cohort group's households differ
    // from the resident's bedroom household.
    let mut cross = 0;
    let mut total = 0;
    for c in &rec.contacts {
        let (pa, pb) = (&rec.people[c.a as usize], &rec.people[c.b as usize]);
        let (res, staff) = match (pa.role, pb.role) {
            (Role::Resident, Role::Carer | Role::Nurse) => (pa, pb),
            (Role::Carer | Role::Nurse, Role::Resident) => (pb, pa),
            _ => continue,
        };
        if c.dist_m > CLOSE_M {
            continue;
        }
        total += 1;
        let hh = b.rooms[res.bedroom.unwrap()].household;
        // Staff's household: the household of the residents of its group.
        let staff_hh = rec
            .people
            .iter()
            .find(|p| p.role == Role::Resident && p.group == staff.group)
            .and_then(|p| b.rooms[p.bedroom.unwrap()].household);
        if hh != staff_hh {
            cross += 1;
        }
    }
    (cross, total)
}

#[test]
fn cohorting_by_household_removes_cross_household_care() {
    let b = building("household-newbuild");
    let mut sc = scenario("baseline.toml");
    sc.staff.cohorting = sim::scenario::Cohorting::Household;
    let rec = run(&b, &sc, 1);
    let (cross, total) = cross_household_staff_resident(&rec, &b);
    eprintln!("cohorted: {cross} of {total} carer/nurse–resident close contacts across households");
    assert!(total > 100);
    assert!((cross as f64) < 0.05 * total as f64, "{cross} of {total}");
    // Without cohorting, staff work everywhere.
    sc.staff.cohorting = sim::scenario::Cohorting::None;
    let rec = run(&b, &sc, 1);
    let mut by_hh = std::collections::BTreeMap::new();
    for c in &rec.contacts {
        let (pa, pb) = (&rec.people[c.a as usize], &rec.people[c.b as usize]);
        if let (Role::Carer, Role::Resident) | (Role::Resident, Role::Carer) = (pa.role, pb.role) {
            let (s, r) = if pa.role == Role::Carer {
                (c.a, pb)
            } else {
                (c.b, pa)
            };
            by_hh
                .entry(s)
                .or_insert_with(std::collections::BTreeSet::new)
                .insert(b.rooms[r.bedroom.unwrap()].household);
        }
    }
    let mixing = by_hh.values().filter(|s| s.len() > 1).count();
    eprintln!(
        "uncohorted: {mixing} of {} carers cared across households",
        by_hh.len()
    );
    assert!(mixing * 2 > by_hh.len());
}

fn resident_cross_household_minutes(b: &Building, rec: &sim::RunRecord) -> f64 {
    let hh = |i: u32| b.rooms[rec.people[i as usize].bedroom.unwrap()].household;
    let residents = rec
        .people
        .iter()
        .filter(|p| p.role == Role::Resident)
        .count() as f64;
    rec.contacts
        .iter()
        .filter(|c| {
            rec.people[c.a as usize].role == Role::Resident
                && rec.people[c.b as usize].role == Role::Resident
                && hh(c.a) != hh(c.b)
        })
        .map(|c| c.dur_s / 60.0)
        .sum::<f64>()
        / residents
}

#[test]
fn household_newbuild_separates_households_more_than_the_corridor_home() {
    let sc = scenario("baseline.toml");
    let nb = building("household-newbuild");
    let lg = building("legacy-corridor");
    let a = resident_cross_household_minutes(&nb, &run(&nb, &sc, 1));
    let c = resident_cross_household_minutes(&lg, &run(&lg, &sc, 1));
    eprintln!(
        "cross-household resident contact minutes per resident-day: newbuild {a:.1}, legacy {c:.1}"
    );
    // Documented minimum: the legacy home (one dining room and lounge for both floors' households)
    // gives at least 5× the cross-household resident contact time of the household new build.
    assert!(c >= 5.0 * a.max(0.1), "legacy {c} vs newbuild {a}");
}

#[test]
fn nobody_in_walls_or_in_other_residents_rooms() {
    for name in [
        "legacy-corridor",
        "household-newbuild",
        "green-house",
        "victorian-conversion",
    ] {
        let b = building(name);
        let rec = run(&b, &Scenario::default(), 1);
        assert_eq!(
            rec.stats.off_walkable_samples, 0,
            "{name}: walker samples outside rooms"
        );
        assert!(rec.stats.walker_samples > 1000);
        for p in &rec.presence {
            if p.zone >= b.rooms.len() {
                continue;
            }
            let room = &b.rooms[p.zone];
            if !room.room_use.is_private() {
                continue;
            }
            let info = &rec.people[p.person as usize];
            let own = info.bedroom == Some(p.zone)
                || info.toilet == Some(p.zone)
                || info
                    .bedroom
                    .is_some_and(|bed| b.ensuites_of(bed).any(|e| e == p.zone));
            assert!(
                own || info.role.is_staff(),
                "{name}: {:?} {} in {} ({:?})",
                info.role,
                p.person,
                room.id,
                p.act
            );
            let _ = RoomUse::Bedroom;
        }
    }
}

#[test]
fn same_seed_same_contacts_at_one_and_two_threads() {
    let b = building("green-house");
    let mut sc = Scenario::default();
    sc.run.days = 2;
    let s = sim::Simulation::new(&b, &sc);
    let csv = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let recs = pool.install(|| sim::run(&s, 2, 2, sim::RunOptions::default()));
        recs.iter()
            .map(|r| carehome::report::sim_out::contacts_csv(&b, r))
            .collect::<Vec<_>>()
    };
    let one = csv(1);
    assert_eq!(one, csv(2));
    assert_ne!(one[0], one[1], "replicates differ");
}

/// Issue #24, route recovery: over a simulated week of every bundled plan, walkers who lose
/// sight of their next waypoint are re-planned from where they stand and every re-plan finds a
/// route; the engine's fallback (moving a walker who took too long to its goal, `stats.stuck`)
/// fires at most `allowed` times (0 expected; see the per-plan note).
#[test]
fn no_teleports_in_a_week() {
    for (name, allowed) in [
        ("legacy-corridor", 0),
        ("household-newbuild", 0),
        ("green-house", 0),
        // NOT yet 0 (issue #24): in the 1 m wide stair hall one walker a week stays short of the
        // stair's landing point until the time limit moves it on.
        ("victorian-conversion", 1),
    ] {
        let b = building(name);
        let rec = run(&b, &scenario("baseline.toml"), 7);
        let s = &rec.stats;
        println!(
            "{name}: {} walks, {} re-plans, {} failed, fallback fired {} times",
            s.walks, s.replans, s.replan_failures, s.stuck
        );
        assert_eq!(s.replan_failures, 0, "{name}");
        assert_eq!(s.no_route, 0, "{name}");
        assert!(
            s.stuck <= allowed,
            "{name}: fallback fired {} times",
            s.stuck
        );
    }
}

//! The geometry schedule as a table, CSV or JSON.

use crate::assess::Schedule;
use std::fmt::Write;

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.digits$}"))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{:.0}%", 100.0 * v))
}

/// The headline figures as (metric, value, unit, note) rows, shared by the table and the CSV.
pub fn headline(s: &Schedule) -> Vec<(&'static str, String, &'static str, &'static str)> {
    vec![
        (
            "residents",
            s.residents.to_string(),
            "persons",
            "one per bed",
        ),
        ("bedrooms", s.bedrooms.to_string(), "rooms", ""),
        (
            "single_bedrooms",
            s.single_bedrooms.to_string(),
            "rooms",
            "",
        ),
        (
            "bedrooms_with_ensuite",
            s.bedrooms_with_ensuite.to_string(),
            "rooms",
            "",
        ),
        (
            "single_room_share",
            opt(s.single_room_share, 3),
            "fraction",
            "residents with a room to themselves",
        ),
        (
            "ensuite_share",
            opt(s.ensuite_share, 3),
            "fraction",
            "residents whose bedroom has an en-suite",
        ),
        (
            "single_ensuite_share",
            opt(s.single_ensuite_share, 3),
            "fraction",
            "single room with own en-suite (HIQA 2016)",
        ),
        (
            "resident_bathrooms",
            s.resident_bathrooms.to_string(),
            "rooms",
            "en-suites, bathrooms, WCs not staff-only",
        ),
        (
            "shared_bathrooms",
            s.shared_bathrooms.to_string(),
            "rooms",
            "bathrooms and WCs that are not en-suites",
        ),
        (
            "residents_per_shared_bathroom",
            opt(s.residents_per_shared_bathroom, 2),
            "persons",
            "residents without en-suite per shared bathroom/WC",
        ),
        (
            "crowding_index",
            opt(s.crowding_index, 2),
            "persons",
            "residents/(bedrooms/2+bathrooms/2); >=2 is high (Brown et al. 2021)",
        ),
        (
            "communal_area_m2",
            format!("{:.1}", s.communal_area_m2),
            "m2",
            "lounge, dining, activity, garden room",
        ),
        (
            "communal_m2_per_resident",
            opt(s.communal_m2_per_resident, 2),
            "m2",
            "England NMS 20.3: at least 4.1",
        ),
        (
            "total_room_area_m2",
            format!("{:.1}", s.total_room_area_m2),
            "m2",
            "sum of room areas",
        ),
    ]
}

/// A readable text table.
pub fn table(s: &Schedule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Geometry schedule: {}", s.name);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  Residents {}, bedrooms {} ({} single, {} with en-suite)",
        s.residents, s.bedrooms, s.single_bedrooms, s.bedrooms_with_ensuite
    );
    let _ = writeln!(
        out,
        "  Single-room share           {:>7}   residents with a room to themselves",
        pct(s.single_room_share)
    );
    let _ = writeln!(
        out,
        "  En-suite share              {:>7}   residents whose bedroom has an en-suite",
        pct(s.ensuite_share)
    );
    let _ = writeln!(
        out,
        "  Single en-suite share       {:>7}   (HIQA 2016: all new bedrooms single en-suite)",
        pct(s.single_ensuite_share)
    );
    let _ = writeln!(
        out,
        "  Residents / shared bathroom {:>7}   {} shared bathrooms/WCs, {} resident toilets in all",
        opt(s.residents_per_shared_bathroom, 2),
        s.shared_bathrooms,
        s.resident_bathrooms
    );
    let high = if s.crowding_index.is_some_and(|c| c >= 2.0) {
        "HIGH (>= 2)"
    } else {
        "below 2"
    };
    let _ = writeln!(
        out,
        "  Crowding index              {:>7}   {high}; Brown et al. 2021",
        opt(s.crowding_index, 2)
    );
    let _ = writeln!(
        out,
        "  Communal space              {:>7}   m2 per resident ({:.1} m2; NMS 20.3 asks >= 4.1)",
        opt(s.communal_m2_per_resident, 2),
        s.communal_area_m2
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<15} {:>5} {:>10}",
        "Rooms by use", "rooms", "area m2"
    );
    for u in &s.by_use {
        let _ = writeln!(
            out,
            "  {:<15} {:>5} {:>10.1}",
            u.room_use.as_str(),
            u.rooms,
            u.area_m2
        );
    }
    let _ = writeln!(
        out,
        "  {:<15} {:>5} {:>10.1}",
        "total",
        s.by_use.iter().map(|u| u.rooms).sum::<u32>(),
        s.total_room_area_m2
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<15} {:>5} {:>10} {:>9}",
        "Floor", "rooms", "area m2", "residents"
    );
    for f in &s.floors {
        let _ = writeln!(
            out,
            "  {:<15} {:>5} {:>10.1} {:>9}",
            f.id, f.rooms, f.area_m2, f.residents
        );
    }
    if !s.households.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  {:<15} {:>9} {:>8} {:>12} {:>14}",
            "Household", "residents", "bedrooms", "communal m2", "m2 / resident"
        );
        for h in &s.households {
            let label = h
                .name
                .as_deref()
                .map_or(h.id.clone(), |n| format!("{} ({n})", h.id));
            let _ = writeln!(
                out,
                "  {:<15} {:>9} {:>8} {:>12.1} {:>14}",
                label,
                h.residents,
                h.bedrooms,
                h.communal_area_m2,
                opt(h.communal_m2_per_resident, 2)
            );
        }
    }
    out
}

/// Tidy CSV: one row per figure (`scope,id,metric,value,unit`), for pandas, R or a spreadsheet.
pub fn csv(s: &Schedule) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["scope", "id", "metric", "value", "unit"]);
    for (metric, value, unit, _) in headline(s) {
        let _ = w.write_record(["home", "", metric, &value, unit]);
    }
    for u in &s.by_use {
        let _ = w.write_record([
            "use",
            u.room_use.as_str(),
            "rooms",
            &u.rooms.to_string(),
            "rooms",
        ]);
        let _ = w.write_record([
            "use",
            u.room_use.as_str(),
            "area_m2",
            &format!("{:.3}", u.area_m2),
            "m2",
        ]);
    }
    for f in &s.floors {
        let _ = w.write_record([
            "floor",
            &f.id,
            "residents",
            &f.residents.to_string(),
            "persons",
        ]);
        let _ = w.write_record([
            "floor",
            &f.id,
            "area_m2",
            &format!("{:.3}", f.area_m2),
            "m2",
        ]);
    }
    for h in &s.households {
        let _ = w.write_record([
            "household",
            &h.id,
            "residents",
            &h.residents.to_string(),
            "persons",
        ]);
        let _ = w.write_record([
            "household",
            &h.id,
            "communal_area_m2",
            &format!("{:.3}", h.communal_area_m2),
            "m2",
        ]);
        let _ = w.write_record([
            "household",
            &h.id,
            "communal_m2_per_resident",
            &opt(h.communal_m2_per_resident, 3),
            "m2",
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Pretty JSON of the whole schedule.
pub fn json(s: &Schedule) -> String {
    serde_json::to_string_pretty(s).unwrap_or_default() + "\n"
}

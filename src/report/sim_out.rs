//! Simulation outputs as text: `contacts.csv`, `rooms.csv` (person-minutes per room and role), the
//! contact matrix by role (CSV), and an occupancy heat map (SVG: rooms × hour of day). Pure.

use crate::building::Building;
use crate::sim::record::{CLOSE_M, RunRecord};
use crate::sim::{Role, zone_count, zone_id};
use std::fmt::Write;

/// The distance class of a contact episode by its smallest distance: `close` within
/// [`CLOSE_M`] (close-range exposure, DESIGN.md §4), else `near` (within the contact distance
/// [`crate::sim::record::CONTACT_M`]).
pub fn distance_class(dist_m: f64) -> &'static str {
    if dist_m <= CLOSE_M { "close" } else { "near" }
}

/// One row per contact episode, an edge list for network models: `a, b` (person numbers, `a <
/// b`, as in the GraphML of [`super::network`]), `start_s` (seconds since the start of the run),
/// `duration_s`, `room` (the room or outdoor area id), `distance_class` ([`distance_class`]),
/// `min_distance_m`, `role_a`, `role_b`. Fields are CSV-quoted where needed (ids may hold commas
/// or quotes); rows sorted by (start, a, b).
pub fn contacts_csv(b: &Building, rec: &RunRecord) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "a",
        "b",
        "start_s",
        "duration_s",
        "room",
        "distance_class",
        "min_distance_m",
        "role_a",
        "role_b",
    ]);
    for c in &rec.contacts {
        let _ = w.write_record([
            c.a.to_string().as_str(),
            &c.b.to_string(),
            &format!("{:.1}", c.t0_s),
            &format!("{:.1}", c.dur_s),
            zone_id(b, c.zone),
            distance_class(c.dist_m),
            &format!("{:.2}", c.dist_m),
            rec.people[c.a as usize].role.name(),
            rec.people[c.b as usize].role.name(),
        ]);
    }
    w.into_inner()
        .ok()
        .and_then(|v| String::from_utf8(v).ok())
        .unwrap_or_default()
}

/// Person-minutes per room and role (rooms with nobody are left out).
pub fn rooms_csv(b: &Building, rec: &RunRecord) -> String {
    let mut s = String::from("room,use,role,person_minutes\n");
    for (z, row) in rec.person_minutes(zone_count(b)).iter().enumerate() {
        let u = if z < b.rooms.len() {
            format!("{:?}", b.rooms[z].room_use).to_lowercase()
        } else {
            "outdoor".into()
        };
        for r in Role::ALL {
            if row[r.index()] > 0.0 {
                let _ = writeln!(
                    s,
                    "{},{u},{},{:.1}",
                    zone_id(b, z),
                    r.name(),
                    row[r.index()]
                );
            }
        }
    }
    s
}

/// Contact episodes and minutes by role pair, per day.
pub fn matrix_csv(rec: &RunRecord) -> String {
    let mut s =
        String::from("role_a,role_b,episodes_per_day,minutes_per_day,close_episodes_per_day\n");
    let all = rec.contact_matrix(f64::INFINITY);
    let close = rec.contact_matrix(CLOSE_M);
    let d = rec.days.max(1) as f64;
    for i in 0..8 {
        for j in i..8 {
            if all[i][j].0 > 0 {
                let _ = writeln!(
                    s,
                    "{},{},{:.1},{:.1},{:.1}",
                    Role::ALL[i].name(),
                    Role::ALL[j].name(),
                    all[i][j].0 as f64 / d,
                    all[i][j].1 / 60.0 / d,
                    close[i][j].0 as f64 / d
                );
            }
        }
    }
    s
}

/// Heat map: one row per occupied room, one column per hour; colour = mean people present.
pub fn occupancy_svg(b: &Building, rec: &RunRecord) -> String {
    let occ = rec.occupancy_by_hour(zone_count(b));
    let rows: Vec<usize> = (0..occ.len())
        .filter(|&z| occ[z].iter().any(|&x| x > 0.05))
        .collect();
    let max = rows
        .iter()
        .flat_map(|&z| occ[z].iter().copied())
        .fold(1e-9, f64::max);
    let (cw, ch, left, top) = (22.0, 14.0, 130.0, 30.0);
    let w = left + 24.0 * cw + 20.0;
    let h = top + rows.len() as f64 * ch + 40.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"10\">"
    );
    let _ = writeln!(
        s,
        "<text x=\"{left}\" y=\"16\" font-size=\"12\">Mean people present by room and hour (max {max:.1})</text>"
    );
    for hr in 0..24 {
        let _ = writeln!(
            s,
            "<text x=\"{:.0}\" y=\"{:.0}\">{hr}</text>",
            left + hr as f64 * cw + 4.0,
            top - 2.0
        );
    }
    for (k, &z) in rows.iter().enumerate() {
        let y = top + k as f64 * ch;
        let _ = writeln!(
            s,
            "<text x=\"4\" y=\"{:.0}\">{}</text>",
            y + 11.0,
            zone_id(b, z)
        );
        for (hr, &v) in occ[z].iter().enumerate() {
            let _ = writeln!(
                s,
                "<rect x=\"{:.0}\" y=\"{y:.0}\" width=\"{cw}\" height=\"{ch}\" fill=\"{}\"><title>{} {hr}:00 {v:.2}</title></rect>",
                left + hr as f64 * cw,
                super::svg::ramp((v / max).sqrt()),
                zone_id(b, z)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// The epidemic curve: residents infectious per day, mean with the 95% percentile band over
/// replicates (SVG).
pub fn epidemic_svg(curve: &crate::sim::transmission::EpidemicCurve, residents: u32) -> String {
    let days = curve.infectious_residents.len().max(1);
    let (left, top, w_plot, h_plot) = (60.0, 36.0, 640.0, 300.0);
    let y_max = curve
        .infectious_residents
        .iter()
        .map(|d| d.p97_5)
        .fold(1.0, f64::max)
        .ceil();
    let x = |d: f64| left + w_plot * d / (days.max(2) - 1) as f64;
    let y = |v: f64| top + h_plot * (1.0 - v / y_max);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"11\">",
        left + w_plot + 30.0,
        top + h_plot + 50.0
    );
    let _ = writeln!(
        s,
        "<text x=\"{left}\" y=\"18\" font-size=\"13\">Residents infectious per day of {residents} (mean, 95% of replicates shaded)</text>"
    );
    let _ = writeln!(
        s,
        "<rect x=\"{left}\" y=\"{top}\" width=\"{w_plot}\" height=\"{h_plot}\" fill=\"none\" stroke=\"#888\"/>"
    );
    for k in 0..=4 {
        let v = y_max * k as f64 / 4.0;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v:.0}</text>",
            left - 6.0,
            y(v) + 4.0
        );
    }
    let step = (days / 6).max(1);
    for d in (0..days).step_by(step) {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{d}</text>",
            x(d as f64),
            top + h_plot + 16.0
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">day</text>",
        left + w_plot / 2.0,
        top + h_plot + 34.0
    );
    let mut band = String::new();
    for (d, v) in curve.infectious_residents.iter().enumerate() {
        let _ = write!(band, "{:.1},{:.1} ", x(d as f64), y(v.p97_5));
    }
    for (d, v) in curve.infectious_residents.iter().enumerate().rev() {
        let _ = write!(band, "{:.1},{:.1} ", x(d as f64), y(v.p2_5));
    }
    let _ = writeln!(
        s,
        "<polygon points=\"{}\" fill=\"#1b8a5a\" fill-opacity=\"0.2\" stroke=\"none\"/>",
        band.trim_end()
    );
    let line: Vec<String> = curve
        .infectious_residents
        .iter()
        .enumerate()
        .map(|(d, v)| format!("{:.1},{:.1}", x(d as f64), y(v.mean)))
        .collect();
    let _ = writeln!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1b8a5a\" stroke-width=\"2\"/>",
        line.join(" ")
    );
    s.push_str("</svg>\n");
    s
}

/// `exposure.csv`: mean room-air dose inhaled by susceptible people per room and replicate.
pub fn exposure_csv(b: &Building, exposure_quanta: &[f64]) -> String {
    let total: f64 = exposure_quanta.iter().sum();
    let mut s = String::from("room,use,floor,room_air_dose_quanta,share\n");
    for (z, &q) in exposure_quanta.iter().enumerate() {
        let Some(r) = b.rooms.get(z) else { continue };
        let share = if total > 0.0 { q / total } else { 0.0 };
        let _ = writeln!(
            s,
            "{},{},{},{q},{share}",
            r.id,
            r.room_use.as_str(),
            b.floors[r.floor].id
        );
    }
    s
}

/// Exposure per room on the plan of `floor`: each room filled by its mean room-air dose (quanta
/// inhaled by susceptible people per replicate), on a 0.5 m grid, colour ramp from 0 to the
/// building's largest room.
pub fn exposure_svg(b: &Building, floor: usize, exposure_quanta: &[f64]) -> String {
    const CELL_M: f64 = 0.5;
    let max = exposure_quanta.iter().copied().fold(0.0, f64::max);
    let mut points = Vec::new();
    let mut values = Vec::new();
    for &z in &b.floors[floor].rooms {
        let r = &b.rooms[z];
        let (lo, hi) = crate::geom::bbox(&r.polygon);
        let mut yv = lo[1] + CELL_M / 2.0;
        while yv < hi[1] {
            let mut xv = lo[0] + CELL_M / 2.0;
            while xv < hi[0] {
                let p = crate::geom::P2::new(xv, yv);
                if crate::geom::contains(&r.polygon, p) {
                    points.push(p);
                    values.push(exposure_quanta.get(z).copied());
                }
                xv += CELL_M;
            }
            yv += CELL_M;
        }
    }
    let overlay = super::svg::Overlay {
        title: "room-air dose inhaled per replicate, quanta",
        points: &points,
        values: &values,
        cell_m: CELL_M,
        range: (0.0, max.max(1e-12)),
    };
    super::svg::floor_svg(b, floor, Some(&overlay), &[])
}

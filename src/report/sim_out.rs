//! Simulation outputs as text: `contacts.csv`, `rooms.csv` (person-minutes per room and role), the
//! contact matrix by role (CSV), and an occupancy heat map (SVG: rooms × hour of day). Pure.

use crate::building::Building;
use crate::sim::record::{CLOSE_M, RunRecord};
use crate::sim::{Role, zone_count, zone_id};
use std::fmt::Write;

/// One row per contact episode.
pub fn contacts_csv(b: &Building, rec: &RunRecord) -> String {
    let mut s = String::from("day,start_s,duration_s,a,b,role_a,role_b,room,distance_m,close\n");
    for c in &rec.contacts {
        let day = (c.t0_s / 86_400.0).floor() as u32;
        let _ = writeln!(
            s,
            "{day},{:.1},{:.1},{},{},{},{},{},{:.2},{}",
            c.t0_s,
            c.dur_s,
            c.a,
            c.b,
            rec.people[c.a as usize].role.name(),
            rec.people[c.b as usize].role.name(),
            zone_id(b, c.zone),
            c.dist_m,
            c.dist_m <= CLOSE_M
        );
    }
    s
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

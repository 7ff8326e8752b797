//! Trajectories as CSV (`agent,t_s,x_m,y_m,floor`) and as an SVG drawing over the plan.

use crate::building::Building;
use crate::ped::TrajectoryRow;
use std::collections::BTreeMap;
use std::fmt::Write;

/// CSV with a header row; times to the millisecond, positions to the millimetre.
pub fn csv(rows: &[TrajectoryRow]) -> String {
    let mut s = String::from("agent,t_s,x_m,y_m,floor\n");
    for r in rows {
        let _ = writeln!(
            s,
            "{},{:.3},{:.3},{:.3},{}",
            r.agent, r.t_s, r.x_m, r.y_m, r.floor
        );
    }
    s
}

/// An SVG of one floor: rooms (light fill), walls (black), doors (gaps), and each agent's
/// trajectory as a coloured polyline. Plan y points up; SVG y points down, so y is flipped.
pub fn svg(b: &Building, floor: usize, rows: &[TrajectoryRow]) -> String {
    let mut lo = [f64::INFINITY; 2];
    let mut hi = [f64::NEG_INFINITY; 2];
    for r in b.rooms.iter().filter(|r| r.floor == floor) {
        for p in &r.polygon {
            lo = [lo[0].min(p.x), lo[1].min(p.y)];
            hi = [hi[0].max(p.x), hi[1].max(p.y)];
        }
    }
    if !lo[0].is_finite() {
        lo = [0.0, 0.0];
        hi = [1.0, 1.0];
    }
    let pad = 1.0;
    let scale = 20.0; // px per metre
    let w = (hi[0] - lo[0] + 2.0 * pad) * scale;
    let h = (hi[1] - lo[1] + 2.0 * pad) * scale;
    let tx = |x: f64| (x - lo[0] + pad) * scale;
    let ty = |y: f64| (hi[1] - y + pad) * scale;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for r in b.rooms.iter().filter(|r| r.floor == floor) {
        let pts: Vec<String> = r
            .polygon
            .iter()
            .map(|p| format!("{:.1},{:.1}", tx(p.x), ty(p.y)))
            .collect();
        let _ = writeln!(
            s,
            r##"<polygon points="{}" fill="#f3f1ea" stroke="none"><title>{}</title></polygon>"##,
            pts.join(" "),
            r.id
        );
    }
    for wall in b.walls.iter().filter(|w| w.floor == floor) {
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black" stroke-width="2"/>"#,
            tx(wall.segment.a.x),
            ty(wall.segment.a.y),
            tx(wall.segment.b.x),
            ty(wall.segment.b.y)
        );
    }
    let mut by_agent: BTreeMap<u32, Vec<&TrajectoryRow>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.floor == floor) {
        by_agent.entry(r.agent).or_default().push(r);
    }
    for (k, (agent, pts)) in by_agent.iter().enumerate() {
        // Golden-angle hues keep neighbouring ids apart.
        let hue = (k as f64 * 137.507_764) % 360.0;
        let line: Vec<String> = pts
            .iter()
            .map(|r| format!("{:.1},{:.1}", tx(r.x_m), ty(r.y_m)))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="hsl({hue:.0},70%,45%)" stroke-width="1.2"><title>agent {agent}</title></polyline>"#,
            line.join(" ")
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_by_hand() {
        let rows = [TrajectoryRow {
            agent: 3,
            t_s: 0.25,
            x_m: 1.0,
            y_m: -2.5,
            floor: 0,
        }];
        assert_eq!(
            csv(&rows),
            "agent,t_s,x_m,y_m,floor\n3,0.250,1.000,-2.500,0\n"
        );
    }
}

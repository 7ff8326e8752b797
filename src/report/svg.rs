//! Plan drawings as SVG strings: rooms coloured by use, doors, windows, outdoor areas, and
//! heat-map overlays of per-point values (VGA integration, daylight factor…). Pure: returns text.

use crate::building::{Building, Side};
use crate::geom::P2;
use crate::plan::{OutdoorUse, RoomUse};
use std::fmt::Write;

/// Pixels per metre.
const SCALE_PX_M: f64 = 14.0;
const MARGIN_PX: f64 = 24.0;

/// Fill colour of a room by use: private rooms warm, communal green, circulation grey, service
/// blue-grey.
pub fn use_colour(u: RoomUse) -> &'static str {
    match u {
        RoomUse::Bedroom => "#f4d6a0",
        RoomUse::Ensuite | RoomUse::Bathroom | RoomUse::Wc => "#b9d8ee",
        RoomUse::Lounge | RoomUse::Dining | RoomUse::Activity | RoomUse::GardenRoom => "#b8e0b0",
        RoomUse::Kitchen => "#d9ecb4",
        RoomUse::Corridor | RoomUse::Entrance => "#e6e6e6",
        RoomUse::Visiting => "#f2b8c6",
        RoomUse::Lift | RoomUse::Stair => "#c8c8c8",
        _ => "#cfd6dd",
    }
}

/// A colour from a perceptually ordered ramp (dark blue → teal → yellow) for `t` in 0..1.
pub fn ramp(t: f64) -> String {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let c = |u: f64, v: f64| (u + (v - u) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// A per-point overlay: values at points, drawn as squares of `cell_m`.
pub struct Overlay<'a> {
    pub title: &'a str,
    pub points: &'a [P2],
    pub values: &'a [Option<f64>],
    pub cell_m: f64,
    /// Value range of the colour ramp.
    pub range: (f64, f64),
}

struct Frame {
    min_x: f64,
    max_y: f64,
}

impl Frame {
    fn x(&self, x: f64) -> f64 {
        MARGIN_PX + (x - self.min_x) * SCALE_PX_M
    }
    fn y(&self, y: f64) -> f64 {
        MARGIN_PX + (self.max_y - y) * SCALE_PX_M
    }
    fn pts(&self, poly: &[P2]) -> String {
        poly.iter()
            .map(|p| format!("{:.1},{:.1}", self.x(p.x), self.y(p.y)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draw one floor; with an overlay, rooms are drawn pale and the values on top.
/// Elements whose ids are in `highlight` (changed by a retrofit) are outlined in magenta.
pub fn floor_svg(
    b: &Building,
    floor: usize,
    overlay: Option<&Overlay>,
    highlight: &[String],
) -> String {
    let f = &b.floors[floor];
    let mut pts: Vec<P2> = f
        .rooms
        .iter()
        .flat_map(|&r| b.rooms[r].polygon.iter().copied())
        .collect();
    for o in b.outdoor.iter().filter(|o| o.floor == floor) {
        pts.extend(o.polygon.iter().copied());
    }
    let (lo, hi) = crate::geom::bbox(&pts);
    let fr = Frame {
        min_x: lo[0],
        max_y: hi[1],
    };
    let w = ((hi[0] - lo[0]) * SCALE_PX_M + 2.0 * MARGIN_PX).max(560.0);
    let h = (hi[1] - lo[1]) * SCALE_PX_M + 2.0 * MARGIN_PX + 36.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" font-family="sans-serif">"#
    );
    let title = overlay.map_or(String::new(), |o| format!(" — {}", o.title));
    let _ = writeln!(
        s,
        r#"<title>{} floor {}{}</title>"#,
        esc(&b.name),
        esc(&f.id),
        esc(&title)
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    for o in b.outdoor.iter().filter(|o| o.floor == floor) {
        let fill = match o.outdoor_use {
            OutdoorUse::Garden | OutdoorUse::Courtyard | OutdoorUse::Terrace => "#dcefd2",
            _ => "#efefef",
        };
        let _ = writeln!(
            s,
            r##"<polygon points="{}" fill="{fill}" stroke="#9bbf8a" stroke-dasharray="4 3"><title>{}</title></polygon>"##,
            fr.pts(&o.polygon),
            esc(&o.id)
        );
    }
    for &r in &f.rooms {
        let room = &b.rooms[r];
        let opacity = if overlay.is_some() { 0.35 } else { 1.0 };
        let stroke = if highlight.contains(&room.id) {
            r##" stroke="#d6336c" stroke-width="3""##
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<polygon points="{}" fill="{}" fill-opacity="{opacity}"{stroke}><title>{} ({}, {:.1} m²)</title></polygon>"#,
            fr.pts(&room.polygon),
            use_colour(room.room_use),
            esc(&room.id),
            room.room_use.as_str(),
            room.area_m2
        );
    }

    if let Some(o) = overlay {
        let half = o.cell_m / 2.0;
        let px = o.cell_m * SCALE_PX_M;
        for (p, v) in o.points.iter().zip(o.values) {
            let Some(v) = v else { continue };
            let t = (v - o.range.0) / (o.range.1 - o.range.0).max(1e-12);
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{px:.1}" height="{px:.1}" fill="{}" shape-rendering="crispEdges"/>"#,
                fr.x(p.x - half),
                fr.y(p.y + half),
                ramp(t)
            );
        }
    }
    for w in b.walls.iter().filter(|w| w.floor == floor) {
        let sw = if w.is_external() { 2.5 } else { 1.2 };
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333" stroke-width="{sw}"/>"##,
            fr.x(w.segment.a.x),
            fr.y(w.segment.a.y),
            fr.x(w.segment.b.x),
            fr.y(w.segment.b.y)
        );
    }
    for win in b.windows.iter().filter(|w| w.floor == floor) {
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#3d8bd9" stroke-width="4"><title>{}</title></line>"##,
            fr.x(win.span.a.x),
            fr.y(win.span.a.y),
            fr.x(win.span.b.x),
            fr.y(win.span.b.y),
            esc(&win.id)
        );
    }
    for d in b.doors.iter().filter(|d| d.floor == floor) {
        let outside = d.sides.iter().any(|x| !matches!(x, Side::Room(_)));
        let col = if highlight.contains(&d.id) {
            "#d6336c"
        } else if outside {
            "#c0392b"
        } else {
            "#8e6c3a"
        };
        let _ = writeln!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="2.2" fill="{col}"><title>{} ({:.2} m)</title></circle>"#,
            fr.x(d.centre.x),
            fr.y(d.centre.y),
            esc(&d.id),
            d.width_m
        );
    }
    if overlay.is_none() {
        for &r in &f.rooms {
            let room = &b.rooms[r];
            if room.area_m2 >= 6.0 {
                let _ = writeln!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" font-size="8" text-anchor="middle" fill="#222">{}</text>"##,
                    fr.x(room.centroid.x),
                    fr.y(room.centroid.y) + 3.0,
                    esc(&room.id)
                );
            }
        }
    }
    let caption = match overlay {
        Some(o) => format!(
            "Floor {} — {} (dark {:.2} to yellow {:.2})",
            f.id, o.title, o.range.0, o.range.1
        ),
        None => format!(
            "Floor {} — rooms by use; doors as dots (red: to outside), windows blue",
            f.id
        ),
    };
    for (dy, text) in [(22.0, b.name.as_str()), (8.0, caption.as_str())] {
        let _ = writeln!(
            s,
            r##"<text x="{MARGIN_PX}" y="{:.0}" font-size="11" fill="#222">{}</text>"##,
            h - dy,
            esc(text)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Visual integration \[HH\] of a floor's visibility graph analysis on its plan, coloured from the
/// floor's lowest to its highest value.
pub fn vga_svg(b: &Building, v: &crate::assess::vga::Vga) -> String {
    let range = v
        .integration_hh
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |r, &x| {
            (r.0.min(x), r.1.max(x))
        });
    let overlay = Overlay {
        title: "visual integration [HH]",
        points: &v.cells,
        values: &v.integration_hh,
        cell_m: v.spacing_m,
        range,
    };
    floor_svg(b, v.floor, Some(&overlay), &[])
}

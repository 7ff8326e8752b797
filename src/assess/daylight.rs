//! Daylight from geometry: the BRE average daylight factor per room, the limiting-depth rule, and
//! a point daylight-factor grid on the working plane toward the EN 17037 daylight-factor method.
//!
//! Everything here is a pure function of a [`Building`]; see `docs/daylight.md` for the formulas,
//! the sources of every default and the comparison with Radiance.
//!
//! * **Average daylight factor** (Littlefair, BRE BR 209; BS 8206-2:2008 clause 5.6):
//!   `ADF = Σ T·Aw·θ·M / (A·(1 − R²))` in per cent, θ in degrees, compared with 1 % for bedrooms,
//!   1.5 % for living rooms and 2 % for kitchens (BS 8206-2:2008 table 1, quoted by BR 209).
//! * **Limiting depth** (BR 209 appendix C; BS 8206-2): a side-lit room is well daylit to the back
//!   when `d/w + d/h < 2/(1 − Rb)`.
//! * **Point daylight factor** at 0.85 m: the sky component of each window under the CIE overcast
//!   sky, integrated numerically over the glazed area with the angular transmittance of a clear
//!   pane, plus the externally reflected component of a long obstruction, plus the BRE split-flux
//!   internally reflected component (Hopkinson, Longmore & Petherbridge 1954), distributed over
//!   the room as described at [`df_grid`].

use crate::building::{Building, RoomGeom, WindowGeom};
use crate::geom::{self, P2, V2};
use crate::plan::RoomUse;
use serde::Serialize;
use std::f64::consts::PI;

/// Height of the working plane above the floor, metres: 0.85 m in dwellings (BS 8206-2:2008;
/// EN 17037:2018 clause A.2 takes the reference plane at 0.85 m).
pub const WORKING_PLANE_M: f64 = 0.85;
/// Default grid spacing on the working plane, metres. The grid rule of EN 12464-1, which
/// EN 17037 follows, `p = 0.2 · 5^log10(d)` for a room dimension d, gives 0.53 m for a 4 m room.
pub const GRID_SPACING_M: f64 = 0.5;
/// Band along the walls left out of the grid, metres: EN 17037:2018 A.2 excludes a 0.5 m band
/// from the walls unless stated otherwise.
pub const GRID_MARGIN_M: f64 = 0.5;
/// Maintenance factor for dirt on vertical glazing in a clean location: 0.9 (Tregenza & Sharples,
/// IEA SHC Task 21 "Daylighting algorithms", algorithm 2.13, factor k1; BR 209 appendix C gives
/// comparable values for vertical glazing in residential areas).
pub const MAINTENANCE_FACTOR: f64 = 0.9;
/// Reflectance counted for the glazed area in the room's mean reflectance R: 0.1. Clear glass
/// reflects about 8 % at normal incidence (two faces, Fresnel with n = 1.52) and more obliquely;
/// 0.1 is the round value commonly used with the BRE formula.
pub const GLAZING_REFLECTANCE: f64 = 0.1;
/// Refractive index of float glass, used for the angular transmittance of the panes.
pub const GLASS_REFRACTIVE_INDEX: f64 = 1.52;
/// Ground reflectance outside, used for the luminance of obstructions: 0.2 (the CIE/BRE
/// convention, and Radiance `gensky`'s default).
pub const GROUND_REFLECTANCE: f64 = 0.2;
/// Reflectance of an external obstruction's façade: 0.2, typical of brick and concrete (the
/// reflectance tables of BS 8206-2, to which Tregenza & Sharples algorithm 1.42 refers).
pub const OBSTRUCTION_REFLECTANCE: f64 = 0.2;
/// Illuminance on an unobstructed vertical plane under the CIE overcast sky as a fraction of the
/// horizontal illuminance: 0.396 (integral of the CIE overcast distribution over a quarter sphere).
pub const VERTICAL_OVER_HORIZONTAL_OVERCAST: f64 = 0.396;
/// Daylight factor standing for EN 17037's "300 lx over 50 % of the reference plane for half the
/// daylight hours": D_T = 300 lx / E_v,d,med. With a median external diffuse illuminance of about
/// 14 000–15 000 lx for the UK and Ireland (EN 17037:2018 table A.3 gives D_T = 2.1 % for London),
/// D_T ≈ 2 %. An approximation: see `docs/daylight.md`.
pub const EN17037_TARGET_DF_PCT: f64 = 2.0;
/// Fraction of the reference plane that must reach [`EN17037_TARGET_DF_PCT`] (EN 17037:2018 table
/// A.1, minimum level).
pub const EN17037_AREA_FRACTION: f64 = 0.5;

/// Surface reflectances of a room (0–1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reflectances {
    pub floor: f64,
    pub walls: f64,
    pub ceiling: f64,
}

/// Default reflectances by room use.
///
/// Living and sleeping rooms: floor 0.2, walls 0.5, ceiling 0.7 — the values BR 209 (2022) and the
/// UK National Annex to BS EN 17037 recommend when finishes are not known. Kitchens, bathrooms,
/// en-suites and clinical rooms (light tiles and wipe-clean finishes): floor 0.3, walls 0.6,
/// ceiling 0.8 (CIBSE LG10 "Daylighting — a guide for designers" (2014) typical light finishes).
/// A plan's `reflectance` overrides any of the three.
pub fn default_reflectance(room_use: RoomUse) -> Reflectances {
    use RoomUse::*;
    match room_use {
        Kitchen | Ensuite | Bathroom | Wc | Sluice | Clinic | Laundry => Reflectances {
            floor: 0.3,
            walls: 0.6,
            ceiling: 0.8,
        },
        _ => Reflectances {
            floor: 0.2,
            walls: 0.5,
            ceiling: 0.7,
        },
    }
}

/// The reflectances used for `room`: its plan overrides, else [`default_reflectance`].
pub fn room_reflectance(room: &RoomGeom) -> Reflectances {
    let d = default_reflectance(room.room_use);
    let o = &room.reflectance;
    Reflectances {
        floor: o.floor.unwrap_or(d.floor),
        walls: o.walls.unwrap_or(d.walls),
        ceiling: o.ceiling.unwrap_or(d.ceiling),
    }
}

/// The minimum average daylight factor for a room use, per cent: 1 % bedrooms, 1.5 % living
/// rooms (lounge, dining, activity, visiting, garden room), 2 % kitchens (BS 8206-2:2008 table 1;
/// BR 209). `None` for uses without a recommendation.
pub fn adf_threshold_pct(room_use: RoomUse) -> Option<f64> {
    use RoomUse::*;
    match room_use {
        Bedroom => Some(1.0),
        Lounge | Dining | Activity | Visiting | GardenRoom => Some(1.5),
        Kitchen => Some(2.0),
        _ => None,
    }
}

/// One window's share of a room's average daylight factor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowAdf {
    pub id: String,
    pub glazed_area_m2: f64,
    pub transmittance: f64,
    /// Visible-sky angle θ = 90° − obstruction angle, degrees.
    pub theta_deg: f64,
    pub adf_pct: f64,
}

/// The BRE average daylight factor of a room.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdfResult {
    pub room: String,
    pub room_use: RoomUse,
    pub adf_pct: f64,
    /// Recommended minimum for the use ([`adf_threshold_pct`]).
    pub threshold_pct: Option<f64>,
    /// `adf_pct >= threshold_pct`, when there is a threshold.
    pub pass: Option<bool>,
    /// Total glazed area Aw, m².
    pub glazed_area_m2: f64,
    /// Area of floor, ceiling and walls including windows, A, m².
    pub surface_area_m2: f64,
    /// Area-weighted mean reflectance R of A (glazing counted at [`GLAZING_REFLECTANCE`]).
    pub mean_reflectance: f64,
    /// Glazed-area-weighted visible-sky angle, degrees (0 without windows).
    pub theta_deg: f64,
    pub maintenance_factor: f64,
    pub windows: Vec<WindowAdf>,
}

fn perimeter_m(poly: &[P2]) -> f64 {
    (0..poly.len())
        .map(|i| (poly[(i + 1) % poly.len()] - poly[i]).norm())
        .sum()
}

/// Floor, ceiling and wall area (A) and the mean reflectance (R) over it.
fn surfaces(room: &RoomGeom, glazed_m2: f64) -> (f64, f64) {
    let refl = room_reflectance(room);
    let wall_m2 = perimeter_m(&room.polygon) * room.ceiling_height_m;
    let total = 2.0 * room.area_m2 + wall_m2;
    let solid_wall_m2 = (wall_m2 - glazed_m2).max(0.0);
    let r = (refl.floor * room.area_m2
        + refl.ceiling * room.area_m2
        + refl.walls * solid_wall_m2
        + GLAZING_REFLECTANCE * glazed_m2.min(wall_m2))
        / total;
    (total, r)
}

/// The BRE average daylight factor of room `room` (an index into `b.rooms`):
/// `ADF = Σ_windows T·Aw·θ·M / (A·(1 − R²))`, per cent (Littlefair, BR 209 appendix C; BS 8206-2).
///
/// T is the window's transmittance as given in the plan, Aw its glazed area (the plan gives
/// glazed sizes, so no frame factor), θ = 90° − obstruction angle, M = [`MAINTENANCE_FACTOR`],
/// A the area of floor, ceiling and walls (windows included) and R their area-weighted
/// reflectance.
pub fn room_adf(b: &Building, room: usize) -> AdfResult {
    let r = &b.rooms[room];
    let glazed: f64 = r
        .windows
        .iter()
        .map(|&w| b.windows[w].width_m * b.windows[w].height_m)
        .sum();
    let (a_m2, refl) = surfaces(r, glazed);
    let denom = a_m2 * (1.0 - refl * refl);
    let windows: Vec<WindowAdf> = r
        .windows
        .iter()
        .map(|&wi| {
            let w = &b.windows[wi];
            let aw = w.width_m * w.height_m;
            let theta = visible_sky_deg(w);
            WindowAdf {
                id: w.id.clone(),
                glazed_area_m2: aw,
                transmittance: w.transmittance,
                theta_deg: theta,
                adf_pct: w.transmittance * aw * theta * MAINTENANCE_FACTOR / denom,
            }
        })
        .collect();
    let adf_pct = windows.iter().map(|w| w.adf_pct).sum::<f64>() + 0.0;
    let theta_deg = if glazed > 0.0 {
        windows
            .iter()
            .map(|w| w.theta_deg * w.glazed_area_m2)
            .sum::<f64>()
            / glazed
    } else {
        0.0
    };
    let threshold_pct = adf_threshold_pct(r.room_use);
    AdfResult {
        room: r.id.clone(),
        room_use: r.room_use,
        adf_pct,
        threshold_pct,
        pass: threshold_pct.map(|t| adf_pct >= t),
        glazed_area_m2: glazed,
        surface_area_m2: a_m2,
        mean_reflectance: refl,
        theta_deg,
        maintenance_factor: MAINTENANCE_FACTOR,
        windows,
    }
}

/// θ = 90° − obstruction angle, clamped to 0–90°.
fn visible_sky_deg(w: &WindowGeom) -> f64 {
    (90.0 - w.obstruction_deg).clamp(0.0, 90.0)
}

/// The BRE limiting-depth rule for a side-lit room.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitingDepth {
    /// Depth from the main window wall to the farthest point of the room, m.
    pub depth_m: f64,
    /// Width of the room along the window wall, m.
    pub width_m: f64,
    /// Height of the highest window head on that wall above the floor, m.
    pub window_head_m: f64,
    /// Area-weighted reflectance of the surfaces in the rear half of the room.
    pub rear_reflectance: f64,
    /// True if windows also face the opposite way; the depth tested is then halved (BR 209: a
    /// room lit from two opposite sides may be twice the limiting depth).
    pub lit_from_both_sides: bool,
    /// `d/w + d/h` (with d halved when lit from both sides).
    pub lhs: f64,
    /// `2/(1 − Rb)`.
    pub limit: f64,
    pub pass: bool,
}

/// The limiting-depth rule `d/w + d/h < 2/(1 − Rb)` (BR 209 appendix C, after Lynes; BS 8206-2)
/// for room `room`, or `None` if it has no windows.
///
/// The main window wall is the direction with the largest glazed area. d and w are the room's
/// extents perpendicular and parallel to that wall (its bounding box in the wall's frame, exact for
/// rectangles), h the highest window head on it, Rb the area-weighted reflectance of the rear half
/// of the room as if it were a d × w box.
pub fn limiting_depth(b: &Building, room: usize) -> Option<LimitingDepth> {
    let r = &b.rooms[room];
    // Group the windows by their outward direction; take the direction with most glass.
    let mut groups: Vec<(V2, f64, f64)> = Vec::new(); // (normal, glazed m², head m)
    for &wi in &r.windows {
        let w = &b.windows[wi];
        let aw = w.width_m * w.height_m;
        let head = w.sill_m + w.height_m;
        match groups.iter_mut().find(|g| g.0.dot(&w.outward) > 0.99) {
            Some(g) => {
                g.1 += aw;
                g.2 = g.2.max(head);
            }
            None => groups.push((w.outward, aw, head)),
        }
    }
    let &(n, _, head) = groups.iter().max_by(|a, c| a.1.total_cmp(&c.1))?;
    let both = groups.iter().any(|g| g.0.dot(&n) < -0.99);
    let t = V2::new(-n.y, n.x);
    let (mut lo_n, mut hi_n, mut lo_t, mut hi_t) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &r.polygon {
        let v = p.coords;
        lo_n = lo_n.min(v.dot(&n));
        hi_n = hi_n.max(v.dot(&n));
        lo_t = lo_t.min(v.dot(&t));
        hi_t = hi_t.max(v.dot(&t));
    }
    let d = hi_n - lo_n;
    let w = hi_t - lo_t;
    let h_room = r.ceiling_height_m;
    let refl = room_reflectance(r);
    // Rear half of a d × w × h box: half the floor and ceiling, half of each side wall, the back
    // wall.
    let half_plan = w * d / 2.0;
    let walls = d * h_room + w * h_room;
    let rb = (refl.floor * half_plan + refl.ceiling * half_plan + refl.walls * walls)
        / (2.0 * half_plan + walls);
    let d_eff = if both { d / 2.0 } else { d };
    let lhs = d_eff / w + d_eff / head;
    let limit = 2.0 / (1.0 - rb);
    Some(LimitingDepth {
        depth_m: d,
        width_m: w,
        window_head_m: head,
        rear_reflectance: rb,
        lit_from_both_sides: both,
        lhs,
        limit,
        pass: lhs < limit,
    })
}

/// Angular transmittance of a clear pane with internal transmissivity `tn` for light arriving at
/// `cos_i` to the pane's normal: Fresnel reflection at both faces (each polarisation, glass
/// index [`GLASS_REFRACTIVE_INDEX`]), absorption over the oblique path `tn^(1/cos θt)`, and the
/// infinite series of inter-reflections, `(1 − r)² τ / (1 − r² τ²)` (Born & Wolf; the same
/// single-pane model as Radiance's `glass` material).
pub fn pane_transmittance(tn: f64, cos_i: f64) -> f64 {
    let n = GLASS_REFRACTIVE_INDEX;
    let ci = cos_i.clamp(0.0, 1.0);
    if ci <= 0.0 {
        return 0.0;
    }
    let si = (1.0 - ci * ci).sqrt();
    let st = si / n;
    let ct = (1.0 - st * st).sqrt();
    let rs = ((ci - n * ct) / (ci + n * ct)).powi(2);
    let rp = ((ct - n * ci) / (ct + n * ci)).powi(2);
    let tau = tn.powf(1.0 / ct);
    let t = |r: f64| (1.0 - r) * (1.0 - r) * tau / (1.0 - r * r * tau * tau);
    0.5 * (t(rs) + t(rp))
}

/// The internal transmissivity of a clear pane whose normal-incidence transmittance is
/// `t_normal`: the inverse of [`pane_transmittance`] at `cos_i = 1`,
/// `tn = (√((1 − r)⁴ + 4 r² T²) − (1 − r)²) / (2 r² T)` with `r = ((n − 1)/(n + 1))²` (the exact
/// single-pane relation given in Radiance's `trans.cal`).
pub fn pane_transmissivity(t_normal: f64) -> f64 {
    let n = GLASS_REFRACTIVE_INDEX;
    let r = ((n - 1.0) / (n + 1.0)).powi(2);
    let a = (1.0 - r) * (1.0 - r);
    let t = t_normal.clamp(1e-9, a);
    ((a * a + 4.0 * r * r * t * t).sqrt() - a) / (2.0 * r * r * t)
}

/// Diffuse (hemispherical) transmittance of the pane for a uniform source,
/// `2 ∫ T(θ) cos θ sin θ dθ`, by the midpoint rule.
pub fn pane_diffuse_transmittance(tn: f64) -> f64 {
    let steps = 200;
    let dt = (PI / 2.0) / steps as f64;
    (0..steps)
        .map(|k| {
            let th = (k as f64 + 0.5) * dt;
            2.0 * pane_transmittance(tn, th.cos()) * th.cos() * th.sin() * dt
        })
        .sum()
}

/// The BRE split-flux coefficient C for an obstruction at `obstruction_deg` above the horizon:
/// 39 unobstructed, 35 at 10°, 31 at 20°, 25 at 30°, 20 at 40°, 14 at 50°, 10 at 60°, 7 at 70°,
/// 5 at 80° (Hopkinson, Longmore & Petherbridge, "Daylighting" (1966), table of the
/// internally-reflected-component formula; Tregenza & Sharples algorithm 2.41), interpolated
/// linearly.
pub fn split_flux_c(obstruction_deg: f64) -> f64 {
    const C: [f64; 10] = [39.0, 35.0, 31.0, 25.0, 20.0, 14.0, 10.0, 7.0, 5.0, 0.0];
    let x = (obstruction_deg / 10.0).clamp(0.0, 9.0);
    let i = (x.floor() as usize).min(8);
    let f = x - i as f64;
    C[i] * (1.0 - f) + C[i + 1] * f
}

/// The daylight factor on the working plane of one room.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DfGrid {
    pub room: String,
    pub spacing_m: f64,
    pub working_plane_m: f64,
    /// Grid points in plan, metres.
    pub points: Vec<[f64; 2]>,
    /// Daylight factor at each point, per cent.
    pub df_pct: Vec<f64>,
    /// The sky and externally reflected components at each point, per cent (before the IRC).
    pub direct_pct: Vec<f64>,
    /// Room-mean internally reflected component (split flux), per cent.
    pub irc_mean_pct: f64,
    pub mean_df_pct: f64,
    pub median_df_pct: f64,
    pub min_df_pct: f64,
    /// Share of the points with DF ≥ [`EN17037_TARGET_DF_PCT`].
    pub share_above_target: f64,
    /// `share_above_target >= 0.5`: our approximation of EN 17037's minimum level.
    pub en17037_approx_pass: bool,
}

/// Grid points of `poly`: a square lattice of `spacing_m` starting `margin_m` in from the
/// bounding box's lower-left corner, keeping the points inside the polygon and at least
/// `margin_m` from every edge. A room too small for any such point gets its centroid (if inside).
pub fn grid_points(poly: &[P2], spacing_m: f64, margin_m: f64) -> Vec<P2> {
    let (lo, hi) = geom::bbox(poly);
    let spacing = spacing_m.max(0.05);
    let mut out = Vec::new();
    let nx = ((hi[0] - lo[0] - 2.0 * margin_m) / spacing + 1e-9).floor();
    let ny = ((hi[1] - lo[1] - 2.0 * margin_m) / spacing + 1e-9).floor();
    if nx >= 0.0 && ny >= 0.0 {
        for j in 0..=(ny as usize) {
            for i in 0..=(nx as usize) {
                let p = P2::new(
                    lo[0] + margin_m + i as f64 * spacing,
                    lo[1] + margin_m + j as f64 * spacing,
                );
                let clear = (0..poly.len()).all(|k| {
                    geom::Segment::new(poly[k], poly[(k + 1) % poly.len()])
                        .distance_to(p)
                        .0
                        >= margin_m - 1e-9
                });
                if clear && geom::contains(poly, p) {
                    out.push(p);
                }
            }
        }
    }
    if out.is_empty() {
        let c = geom::centroid(poly);
        if geom::contains(poly, c) {
            out.push(c);
        }
    }
    out
}

/// Horizontal illuminance from the whole CIE overcast sky in units of the zenith luminance:
/// `∫ L(θ) sin θ dω = 7π/9 · Lz` with `L(θ) = Lz (1 + 2 sin θ)/3` (Moon & Spencer 1942; CIE S 011).
const OVERCAST_HORIZONTAL_PER_LZ: f64 = 7.0 * PI / 9.0;

/// Luminance of a distant obstruction in units of the zenith luminance: a diffuse façade of
/// reflectance [`OBSTRUCTION_REFLECTANCE`] lit by half the overcast sky
/// ([`VERTICAL_OVER_HORIZONTAL_OVERCAST`]) and by the ground below the horizon (ρg·Eh/2):
/// `L = ρ (0.396 + ρg/2) Eh / π` (Tregenza & Sharples algorithm 1.42 in simplified form).
fn obstruction_luminance_per_lz() -> f64 {
    OBSTRUCTION_REFLECTANCE
        * (VERTICAL_OVER_HORIZONTAL_OVERCAST + GROUND_REFLECTANCE / 2.0)
        * OVERCAST_HORIZONTAL_PER_LZ
        / PI
}

/// Target size of the window patches in the numerical integration, metres.
const PATCH_M: f64 = 0.05;

/// Sky component plus externally reflected component at `p` (plan point, working-plane height
/// `wp_m` above the floor) from window `w`, per cent. Integrates the CIE overcast luminance over
/// the part of the glazing above the working plane, patch by patch: each patch contributes
/// `L · sin(altitude) · dω · T(incidence)`, where rays below the obstruction's profile angle see
/// the obstruction's luminance instead of the sky's. The obstruction is taken as a long horizontal
/// skyline at `obstruction_deg` seen from far away (only its angle is known).
fn direct_component_pct(b: &Building, room: &RoomGeom, w: &WindowGeom, p: P2, wp_m: f64) -> f64 {
    let z0 = w.sill_m.max(wp_m);
    let z1 = w.sill_m + w.height_m;
    if z1 <= z0 {
        return 0.0;
    }
    let tn = pane_transmissivity(w.transmittance * MAINTENANCE_FACTOR);
    let tan_obs = w.obstruction_deg.clamp(0.0, 89.9).to_radians().tan();
    let l_obs = obstruction_luminance_per_lz();
    let n = w.outward;
    let span = w.span.vector();
    let width = span.norm();
    let nu = ((width / PATCH_M).ceil() as usize).clamp(4, 80);
    let nv = (((z1 - z0) / PATCH_M).ceil() as usize).clamp(2, 80);
    let du = width / nu as f64;
    let dv = (z1 - z0) / nv as f64;
    let d_area = du * dv;
    let mut e = 0.0;
    for iu in 0..nu {
        let q = w.span.a + span * ((iu as f64 + 0.5) / nu as f64);
        let h = q - p;
        let depth = h.dot(&n);
        if depth <= 1e-6 {
            continue;
        }
        // Line of sight inside the room (matters for L-shaped rooms): stop 2 cm short of the
        // window wall so its own wall does not count.
        let near = q - n * 0.02;
        if !b.line_of_sight(room.floor, p, near) {
            continue;
        }
        let h2 = h.norm_squared();
        for iv in 0..nv {
            let dz = z0 + (iv as f64 + 0.5) * dv - wp_m;
            let r2 = h2 + dz * dz;
            let r = r2.sqrt();
            let cos_i = depth / r;
            let sin_alt = dz / r;
            let d_omega = cos_i * d_area / r2;
            let lum = if dz < tan_obs * depth {
                l_obs
            } else {
                (1.0 + 2.0 * sin_alt) / 3.0
            };
            e += lum * sin_alt * d_omega * pane_transmittance(tn, cos_i);
        }
    }
    100.0 * e / OVERCAST_HORIZONTAL_PER_LZ
}

/// Split-flux internally reflected component of window `w` in `room`, per cent:
/// `IRC = τd·W/(A(1 − R)) · (C·Rfw + 5·Rcw)` (Hopkinson, Longmore & Petherbridge 1954; Hopkinson,
/// Petherbridge & Longmore, "Daylighting" (1966); Tregenza & Sharples algorithm 2.41). The original 0.85 is the diffuse
/// transmittance of clear glass; we use the pane's diffuse transmittance τd (maintenance factor
/// included). Rfw: floor and walls below the window's mid-height, Rcw: ceiling and walls above it,
/// both excluding the window wall.
fn irc_pct(room: &RoomGeom, w: &WindowGeom, a_m2: f64, r_mean: f64) -> f64 {
    let refl = room_reflectance(room);
    let poly = &room.polygon;
    let mut other_walls_len = 0.0;
    for k in 0..poly.len() {
        let e = geom::Segment::new(poly[k], poly[(k + 1) % poly.len()]);
        if geom::collinear_overlap(&e, &w.span, geom::EPS_M).is_none() {
            other_walls_len += e.length_m();
        }
    }
    let h = room.ceiling_height_m;
    let mid = (w.sill_m + w.height_m / 2.0).clamp(0.0, h);
    let below = other_walls_len * mid;
    let above = other_walls_len * (h - mid);
    let rfw = (refl.floor * room.area_m2 + refl.walls * below) / (room.area_m2 + below);
    let rcw = (refl.ceiling * room.area_m2 + refl.walls * above) / (room.area_m2 + above);
    let tau_d =
        pane_diffuse_transmittance(pane_transmissivity(w.transmittance * MAINTENANCE_FACTOR));
    let glazed = w.width_m * w.height_m;
    tau_d * glazed / (a_m2 * (1.0 - r_mean)) * (split_flux_c(w.obstruction_deg) * rfw + 5.0 * rcw)
}

/// Point daylight factors on the working plane ([`WORKING_PLANE_M`]) of room `room`, on a grid of
/// `spacing_m` kept [`GRID_MARGIN_M`] from the walls (EN 17037:2018 A.2).
///
/// DF = sky component + externally reflected component (numerical integration over each window,
/// see `direct_component_pct`) + internally reflected component (BRE split flux, one value per
/// room, added uniformly).
pub fn df_grid(b: &Building, room: usize, spacing_m: f64) -> DfGrid {
    let r = &b.rooms[room];
    let pts = grid_points(&r.polygon, spacing_m, GRID_MARGIN_M);
    let glazed: f64 = r
        .windows
        .iter()
        .map(|&w| b.windows[w].width_m * b.windows[w].height_m)
        .sum();
    let (a_m2, r_mean) = surfaces(r, glazed);
    let irc: f64 = r
        .windows
        .iter()
        .map(|&w| irc_pct(r, &b.windows[w], a_m2, r_mean))
        .sum::<f64>()
        + 0.0;
    let direct: Vec<f64> = pts
        .iter()
        .map(|&p| {
            r.windows
                .iter()
                .map(|&w| direct_component_pct(b, r, &b.windows[w], p, WORKING_PLANE_M))
                .sum::<f64>()
                + 0.0
        })
        .collect();
    let df: Vec<f64> = direct.iter().map(|d| d + irc).collect();
    let n = df.len().max(1) as f64;
    let mean = df.iter().sum::<f64>() / n;
    let mut sorted = df.clone();
    sorted.sort_by(f64::total_cmp);
    let median = match sorted.len() {
        0 => 0.0,
        k if k % 2 == 1 => sorted[k / 2],
        k => 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]),
    };
    let share = df.iter().filter(|&&v| v >= EN17037_TARGET_DF_PCT).count() as f64 / n;
    DfGrid {
        room: r.id.clone(),
        spacing_m,
        working_plane_m: WORKING_PLANE_M,
        points: pts.iter().map(|p| [p.x, p.y]).collect(),
        df_pct: df,
        direct_pct: direct,
        irc_mean_pct: irc,
        mean_df_pct: mean,
        median_df_pct: median,
        min_df_pct: sorted.first().copied().unwrap_or(0.0),
        share_above_target: share,
        en17037_approx_pass: share >= EN17037_AREA_FRACTION,
    }
}

/// One room of the daylight report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaylightRow {
    pub adf: AdfResult,
    pub limiting_depth: Option<LimitingDepth>,
    pub grid: DfGrid,
    /// Residents sleeping in the room (bedrooms).
    pub beds: u32,
}

/// Daylight of a whole building.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaylightReport {
    /// Rooms with an ADF recommendation (bedrooms, living rooms, kitchens) and any other room with
    /// windows, in plan order.
    pub rooms: Vec<DaylightRow>,
    /// Residents whose bedroom meets the 1 % ADF.
    pub residents_bedroom_pass: u32,
    /// Residents in bedrooms.
    pub residents: u32,
    /// `residents_bedroom_pass / residents`; `None` without residents.
    pub bedroom_pass_share: Option<f64>,
    /// Share of residents whose bedroom meets the point-grid EN 17037 approximation.
    pub bedroom_en17037_share: Option<f64>,
    /// Share of the assessed rooms with a threshold that pass it.
    pub habitable_pass_share: Option<f64>,
}

/// Assess the daylight of every habitable room (and every other room with windows) of `b`, with
/// the point grid at [`GRID_SPACING_M`].
pub fn assess_daylight(b: &Building) -> DaylightReport {
    let mut rows = Vec::new();
    let (mut res, mut res_pass, mut res_en) = (0u32, 0u32, 0u32);
    let (mut hab, mut hab_pass) = (0u32, 0u32);
    for (i, r) in b.rooms.iter().enumerate() {
        let threshold = adf_threshold_pct(r.room_use);
        if threshold.is_none() && r.windows.is_empty() {
            continue;
        }
        let adf = room_adf(b, i);
        let grid = df_grid(b, i, GRID_SPACING_M);
        if let Some(pass) = adf.pass {
            hab += 1;
            hab_pass += u32::from(pass);
        }
        if r.room_use == RoomUse::Bedroom {
            res += r.beds;
            if adf.pass == Some(true) {
                res_pass += r.beds;
            }
            if grid.en17037_approx_pass {
                res_en += r.beds;
            }
        }
        rows.push(DaylightRow {
            adf,
            limiting_depth: limiting_depth(b, i),
            grid,
            beds: r.beds,
        });
    }
    let share = |n: u32, d: u32| (d > 0).then(|| f64::from(n) / f64::from(d));
    DaylightReport {
        rooms: rows,
        residents_bedroom_pass: res_pass,
        residents: res,
        bedroom_pass_share: share(res_pass, res),
        bedroom_en17037_share: share(res_en, res),
        habitable_pass_share: share(hab_pass, hab),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pane_round_trip_and_falloff() {
        // Radiance trans.cal: Tn = 0.7 gives tn ≈ 0.763 (to 3 decimals).
        let tn = pane_transmissivity(0.7);
        assert!((tn - 0.763).abs() < 5e-4, "{tn}");
        assert!((pane_transmittance(tn, 1.0) - 0.7).abs() < 1e-12);
        // Transmission falls off at grazing incidence; diffuse is below normal.
        assert!(pane_transmittance(tn, 0.2) < 0.5);
        let d = pane_diffuse_transmittance(tn);
        assert!(d < 0.7 && d > 0.55, "{d}");
    }

    #[test]
    fn split_flux_coefficients() {
        assert_eq!(split_flux_c(0.0), 39.0);
        assert_eq!(split_flux_c(30.0), 25.0);
        assert!((split_flux_c(15.0) - 33.0).abs() < 1e-12);
        assert_eq!(split_flux_c(95.0), 0.0);
    }

    #[test]
    fn unobstructed_sky_integral() {
        // 7π/9: the horizontal illuminance of the CIE overcast sky per unit zenith luminance.
        let n = 2000;
        let dt = (PI / 2.0) / n as f64;
        let e: f64 = (0..n)
            .map(|k| {
                let alt = (k as f64 + 0.5) * dt;
                (1.0 + 2.0 * alt.sin()) / 3.0 * alt.sin() * alt.cos() * 2.0 * PI * dt
            })
            .sum();
        assert!((e - OVERCAST_HORIZONTAL_PER_LZ).abs() < 1e-5);
    }

    #[test]
    fn grid_keeps_its_margin() {
        let sq: Vec<P2> = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
            .iter()
            .map(|&(x, y)| P2::new(x, y))
            .collect();
        let g = grid_points(&sq, 0.5, 0.5);
        assert_eq!(g.len(), 49); // 0.5, 1.0, ..., 3.5 in each direction
        let tiny: Vec<P2> = [(0.0, 0.0), (0.8, 0.0), (0.8, 0.8), (0.0, 0.8)]
            .iter()
            .map(|&(x, y)| P2::new(x, y))
            .collect();
        assert_eq!(grid_points(&tiny, 0.5, 0.5), vec![P2::new(0.4, 0.4)]);
    }
}

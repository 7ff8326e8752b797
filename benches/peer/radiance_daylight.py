#!/usr/bin/env python3
"""Reference daylight factors from Radiance for the test rooms of `tests/daylight.rs`.

Each room is a closed box with thin walls (no reveals), side-lit by windows in its south wall
(the wall at y = 0, facing -y), modelled as Radiance primitives:

* sky: `gensky -c` (CIE overcast) with ground reflectance 0.2 (gensky's default), followed by the
  usual `skyfunc glow` sky and ground sources; the outdoor horizontal illuminance is measured
  with `rtrace -I` at an unobstructed point in the same sky, so DF = E_in / E_out;
* floor, walls and ceiling: `plastic`, grey, with the reflectances the Rust model uses for the
  room's use (bedroom and lounge: floor 0.2, walls 0.5, ceiling 0.7);
* glazing: `glass` whose transmissivity tn is converted from the normal transmittance Tn with the
  exact single-pane relation of Radiance's `trans.cal` (n = 1.52):
  tn = (sqrt((1-rn)^4 + 4 rn^2 Tn^2) - (1-rn)^2) / (2 rn^2 Tn),  rn = ((1-n)/(1+n))^2
  (for Tn = 0.7 this gives tn = 0.763). Tn is the plan transmittance times the maintenance
  factor, as in the Rust model;
* an external obstruction (when the room has one): a 200 m wide, grey (reflectance 0.2) wall
  20 m in front of the facade, whose top subtends `obstruction_deg` above the horizontal from the
  window centre.

Sensors: the working plane at 0.85 m, a square lattice of 0.5 m spacing starting 0.5 m from the
walls (points at least 0.5 m from every wall), the same lattice `carehome::assess::df_grid` uses.

Prints, per room, the mean DF (%), the share of points with DF >= 2 %, and the point values.
Run through `benches/peer/radiance.sh` (creates a venv with PyPI `pyradiance`, which bundles the
Radiance binaries).
"""

import json
import math
import os
import subprocess
import sys
import tempfile

import pyradiance

BIN = os.path.join(os.path.dirname(pyradiance.__file__), "bin")
LIB = os.path.join(os.path.dirname(pyradiance.__file__), "lib")
ENV = dict(os.environ, RAYPATH=".:" + LIB, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))

# Must match the Rust model's defaults (src/assess/daylight.rs).
MAINTENANCE = 0.9
WORKING_PLANE_M = 0.85
SPACING_M = 0.5
MARGIN_M = 0.5
GROUND_REFLECTANCE = 0.2
OBSTRUCTION_REFLECTANCE = 0.2
OBSTRUCTION_DISTANCE_M = 20.0

# Rendering parameters: 8 ambient bounces (the issue asks for -ab >= 8) with ambient caching.
# Override with RAD_AMBIENT="-ab 8 -ad ... " to check convergence.
AMBIENT = os.environ.get("RAD_AMBIENT", "-ab 8 -ad 2048 -as 1024 -aa 0.1 -ar 256 -lw 1e-4")
RTRACE = ["-I+", "-h"] + AMBIENT.split()

ROOMS = [
    # name, width x (m), depth y (m), height (m), reflectance (floor, walls, ceiling),
    # windows [(centre x, width, height, sill)], transmittance, obstruction_deg
    dict(name="bedroom", w=4.0, d=4.0, h=2.7, refl=(0.2, 0.5, 0.7),
         windows=[(2.0, 1.5, 1.5, 0.9)], t=0.7, obstruction_deg=0.0),
    dict(name="deep_bedroom", w=3.2, d=6.0, h=2.7, refl=(0.2, 0.5, 0.7),
         windows=[(1.6, 1.2, 1.5, 0.9)], t=0.7, obstruction_deg=0.0),
    dict(name="obstructed_bedroom", w=4.0, d=4.0, h=2.7, refl=(0.2, 0.5, 0.7),
         windows=[(2.0, 1.5, 1.5, 0.9)], t=0.7, obstruction_deg=30.0),
    dict(name="lounge_two_windows", w=7.0, d=5.0, h=2.7, refl=(0.2, 0.5, 0.7),
         windows=[(1.75, 1.5, 1.5, 0.9), (5.25, 1.5, 1.5, 0.9)], t=0.7, obstruction_deg=0.0),
]


def transmissivity(tn_normal, n=1.52):
    rn = ((1 - n) / (1 + n)) ** 2
    a = (1 - rn) ** 2
    return (math.sqrt(a * a + 4 * rn * rn * tn_normal * tn_normal) - a) / (2 * rn * rn * tn_normal)


def poly(mat, name, pts):
    flat = " ".join(f"{x:.6f} {y:.6f} {z:.6f}" for x, y, z in pts)
    return f"{mat} polygon {name}\n0\n0\n{3 * len(pts)} {flat}\n"


def rect_xz(mat, name, x0, x1, z0, z1, y):
    return poly(mat, name, [(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)])


def sky():
    out = subprocess.run([os.path.join(BIN, "gensky"), "-ang", "45", "0", "-c",
                          "-B", "55.866", "-g", str(GROUND_REFLECTANCE)],
                         capture_output=True, text=True, env=ENV, check=True).stdout
    return out + (
        "skyfunc glow sky_glow\n0\n0\n4 1 1 1 0\nsky_glow source sky\n0\n0\n4 0 0 1 180\n"
        "skyfunc glow ground_glow\n0\n0\n4 1 1 1 0\nground_glow source ground\n0\n0\n4 0 0 -1 180\n"
    )


def scene(room):
    w, d, h = room["w"], room["d"], room["h"]
    rf, rw, rc = room["refl"]
    tn = transmissivity(room["t"] * MAINTENANCE)
    s = (f"void plastic floor_mat\n0\n0\n5 {rf} {rf} {rf} 0 0\n"
         f"void plastic wall_mat\n0\n0\n5 {rw} {rw} {rw} 0 0\n"
         f"void plastic ceiling_mat\n0\n0\n5 {rc} {rc} {rc} 0 0\n"
         f"void glass glazing\n0\n0\n3 {tn:.6f} {tn:.6f} {tn:.6f}\n"
         f"void plastic obstruction_mat\n0\n0\n5 {OBSTRUCTION_REFLECTANCE} "
         f"{OBSTRUCTION_REFLECTANCE} {OBSTRUCTION_REFLECTANCE} 0 0\n")
    s += poly("floor_mat", "floor", [(0, 0, 0), (0, d, 0), (w, d, 0), (w, 0, 0)])
    s += poly("ceiling_mat", "ceiling", [(0, 0, h), (w, 0, h), (w, d, h), (0, d, h)])
    s += poly("wall_mat", "back", [(0, d, 0), (0, d, h), (w, d, h), (w, d, 0)])
    s += poly("wall_mat", "west", [(0, 0, 0), (0, 0, h), (0, d, h), (0, d, 0)])
    s += poly("wall_mat", "east", [(w, 0, 0), (w, d, 0), (w, d, h), (w, 0, h)])
    # Window wall at y = 0, cut into strips around the openings.
    wins = sorted(room["windows"])
    x = 0.0
    for i, (cx, ww, wh, sill) in enumerate(wins):
        x0, x1 = cx - ww / 2, cx + ww / 2
        if x0 > x:
            s += rect_xz("wall_mat", f"front_pier{i}", x, x0, 0, h, 0.0)
        s += rect_xz("wall_mat", f"front_below{i}", x0, x1, 0, sill, 0.0)
        s += rect_xz("wall_mat", f"front_above{i}", x0, x1, sill + wh, h, 0.0)
        s += rect_xz("glazing", f"pane{i}", x0, x1, sill, sill + wh, 0.0)
        x = x1
    if x < w:
        s += rect_xz("wall_mat", "front_pier_end", x, w, 0, h, 0.0)
    if room["obstruction_deg"] > 0:
        cx, ww, wh, sill = wins[0]
        top = sill + wh / 2 + OBSTRUCTION_DISTANCE_M * math.tan(math.radians(room["obstruction_deg"]))
        y = -OBSTRUCTION_DISTANCE_M
        s += rect_xz("obstruction_mat", "obstruction", -100.0, 100.0, 0.0, top, y)
    return s


def lattice(w, d):
    xs, x = [], MARGIN_M
    while x <= w - MARGIN_M + 1e-9:
        xs.append(x)
        x += SPACING_M
    ys, y = [], MARGIN_M
    while y <= d - MARGIN_M + 1e-9:
        ys.append(y)
        y += SPACING_M
    return [(x, y) for y in ys for x in xs]


def irradiance(octree, points):
    inp = "".join(f"{x} {y} {z} 0 0 1\n" for x, y, z in points)
    out = subprocess.run([os.path.join(BIN, "rtrace")] + RTRACE + [octree], input=inp,
                         capture_output=True, text=True, env=ENV, check=True).stdout
    vals = []
    for line in out.strip().splitlines():
        r, g, b = map(float, line.split()[:3])
        vals.append(179.0 * (0.265 * r + 0.670 * g + 0.065 * b))
    return vals


def oconv(tmp, name, text):
    rad = os.path.join(tmp, name + ".rad")
    with open(rad, "w") as f:
        f.write(text)
    octree = os.path.join(tmp, name + ".oct")
    with open(octree, "wb") as f:
        subprocess.run([os.path.join(BIN, "oconv"), rad], stdout=f, env=ENV, check=True)
    return octree


def main():
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sky_text = sky()
        e_out = irradiance(oconv(tmp, "sky", sky_text), [(0.0, 0.0, 0.0)])[0]
        print(f"# rtrace {' '.join(RTRACE)}", file=sys.stderr)
        print(f"# outdoor horizontal illuminance {e_out:.1f} lx; glass tn for T=0.7*M: "
              f"{transmissivity(0.7 * MAINTENANCE):.4f}", file=sys.stderr)
        for room in ROOMS:
            octree = oconv(tmp, room["name"], sky_text + scene(room))
            pts = lattice(room["w"], room["d"])
            e = irradiance(octree, [(x, y, WORKING_PLANE_M) for x, y in pts])
            df = [100.0 * v / e_out for v in e]
            mean = sum(df) / len(df)
            share = sum(1 for v in df if v >= 2.0) / len(df)
            results[room["name"]] = dict(mean_df_pct=mean, share_ge_2pct=share, points=len(df),
                                         df_pct=[round(v, 3) for v in df])
            print(f"{room['name']:20s} mean DF {mean:6.3f} %  share >= 2% {share:5.3f}  "
                  f"({len(df)} points)")
    if "--json" in sys.argv:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

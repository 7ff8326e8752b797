"""Draw docs/img/dxf-convention.svg: the small example plan as a correctly layered DXF looks in
CAD (colours are the layers' ACI colours as `carehome export` sets them). Run from the repo root:
python3 docs/img/make_dxf_convention.py /work/shared/examples/minimal-plan.json"""
import json
import math
import sys

plan = json.load(open(sys.argv[1]))
S, PAD = 40.0, 60.0  # px per metre, margin
pts = [p for f in plan["floors"] for r in f["rooms"] for p in r["polygon"]] + [p for o in plan["outdoor"] for p in o["polygon"]]
minx, maxx = min(p[0] for p in pts), max(p[0] for p in pts)
miny, maxy = min(p[1] for p in pts), max(p[1] for p in pts)
W, H = (maxx - minx) * S + 2 * PAD + 260, (maxy - miny) * S + 2 * PAD


def X(x):
    return PAD + (x - minx) * S


def Y(y):
    return PAD + (maxy - y) * S


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W:.0f}" height="{H:.0f}" font-family="monospace" font-size="11">',
       f'<rect width="{W:.0f}" height="{H:.0f}" fill="#1e1e1e"/>']
COL = {"A-AREA-BNDY": "#00ff00", "A-AREA-IDEN": "#ffffff", "A-AREA-OUTD": "#7fbf3f", "A-DOOR": "#ff3030", "A-GLAZ": "#4080ff"}


def poly(p, layer, dash=""):
    d = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in p)
    out.append(f'<polygon points="{d}" fill="none" stroke="{COL[layer]}" stroke-width="1.5" {dash}/>')


def text(x, y, s, layer="A-AREA-IDEN"):
    out.append(f'<text x="{X(x):.1f}" y="{Y(y):.1f}" fill="{COL[layer]}">{s}</text>')


for o in plan["outdoor"]:
    poly(o["polygon"], "A-AREA-OUTD", 'stroke-dasharray="6 4"')
    cx = sum(p[0] for p in o["polygon"]) / len(o["polygon"])
    cy = sum(p[1] for p in o["polygon"]) / len(o["polygon"])
    text(cx - 1.5, cy, f'{o["id"]} {o["use"]}')
f = plan["floors"][0]
for r in f["rooms"]:
    poly(r["polygon"], "A-AREA-BNDY")
    xs = [p[0] for p in r["polygon"]]
    ys = [p[1] for p in r["polygon"]]
    tag = f'{r["id"]} {r["use"]}' + (f' {r["beds"]}' if "beds" in r else "")
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    if r["id"] == "B01":
        cx, cy = 2.9, 1.0
    text(cx - 1.2, cy, tag)


def edge_dir(at):
    best = None
    for r in f["rooms"]:
        p = r["polygon"]
        for i in range(len(p)):
            a, b = p[i], p[(i + 1) % len(p)]
            dx, dy = b[0] - a[0], b[1] - a[1]
            L = math.hypot(dx, dy)
            t = max(0, min(1, ((at[0] - a[0]) * dx + (at[1] - a[1]) * dy) / (L * L)))
            d = math.hypot(a[0] + t * dx - at[0], a[1] + t * dy - at[1])
            if best is None or d < best[0]:
                best = (d, dx / L, dy / L)
    return best[1], best[2]


for d in f["doors"]:
    ux, uy = edge_dir(d["at"])
    w = d["width_m"]
    hx, hy = d["at"][0] - ux * w / 2, d["at"][1] - uy * w / 2  # hinge
    nx, ny = -uy, ux
    lx, ly = hx + nx * w, hy + ny * w
    sx, sy = hx + ux * w, hy + uy * w
    out.append(f'<line x1="{X(hx):.1f}" y1="{Y(hy):.1f}" x2="{X(lx):.1f}" y2="{Y(ly):.1f}" stroke="{COL["A-DOOR"]}" stroke-width="1.5"/>')
    out.append(f'<path d="M {X(sx):.1f} {Y(sy):.1f} A {w*S:.1f} {w*S:.1f} 0 0 0 {X(lx):.1f} {Y(ly):.1f}" fill="none" stroke="{COL["A-DOOR"]}"/>')
for wdw in f["windows"]:
    ux, uy = edge_dir(wdw["at"])
    w = wdw["width_m"]
    nx, ny = -uy * 0.08, ux * 0.08
    for k in (-1, 1):
        ax, ay = wdw["at"][0] - ux * w / 2 + k * nx, wdw["at"][1] - uy * w / 2 + k * ny
        bx, by = wdw["at"][0] + ux * w / 2 + k * nx, wdw["at"][1] + uy * w / 2 + k * ny
        out.append(f'<line x1="{X(ax):.1f}" y1="{Y(ay):.1f}" x2="{X(bx):.1f}" y2="{Y(by):.1f}" stroke="{COL["A-GLAZ"]}" stroke-width="2"/>')
lx = (maxx - minx) * S + 2 * PAD - 20
legend = [("A-AREA-BNDY", "closed polylines: rooms"), ("A-AREA-IDEN", "tags: ID use [beds]"), ("A-AREA-OUTD", "closed: outdoor areas"),
          ("A-DOOR", "door blocks / lines"), ("A-GLAZ", "window blocks / lines")]
for i, (layer, what) in enumerate(legend):
    y = PAD + 10 + i * 36
    out.append(f'<rect x="{lx}" y="{y-10}" width="12" height="12" fill="{COL[layer]}"/>')
    out.append(f'<text x="{lx+18}" y="{y}" fill="#ffffff">{layer}</text>')
    out.append(f'<text x="{lx+18}" y="{y+14}" fill="#aaaaaa">{what}</text>')
out.append("</svg>")
open("docs/img/dxf-convention.svg", "w").write("\n".join(out) + "\n")

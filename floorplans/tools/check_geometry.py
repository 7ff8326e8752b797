#!/usr/bin/env python3
"""Check carehome plan files (carehome-plan/1) against the plan rules, independently of the Rust
code, and print hand-count figures.

    python3 -m venv /tmp/fpvenv && /tmp/fpvenv/bin/pip install shapely
    /tmp/fpvenv/bin/python floorplans/tools/check_geometry.py floorplans/*.json
    ... --counts-md          # also print the README counts table (Markdown)

Errors (exit status 1): bad ids/enums/references, polygons (simple, no repeated closing point,
area >= 0.5 m2), overlapping rooms (> 0.01 m2), doors not on a shared / external / outdoor edge
(the whole opening plus 0.1 m each side must lie on it), windows not on an external edge,
beds only in bedrooms, vertical links, outdoor areas over ground-floor rooms, rooms or outdoor
areas unreachable from an entrance. Warnings are the typology warnings of the validator.
"""

import argparse
import json
import math
import sys
from collections import defaultdict, deque

from shapely.geometry import LinearRing, Polygon

TOL = 0.01
SNAP = 0.05
DOOR_MARGIN = 0.1
WIN_MARGIN = 0.0
ROOM_USES = {"bedroom", "ensuite", "bathroom", "wc", "lounge", "dining", "kitchen", "activity",
             "corridor", "entrance", "visiting", "nurse_station", "staff", "office", "sluice",
             "laundry", "store", "clinic", "plant", "lift", "stair", "garden_room", "other"}
RESIDENT_SPACE = {"bedroom", "ensuite", "bathroom", "wc", "lounge", "dining", "activity",
                  "corridor", "entrance", "visiting", "lift", "garden_room"}
COMMUNAL = {"lounge", "dining", "activity", "garden_room"}
TOILETS = {"ensuite", "bathroom", "wc"}
OUTDOOR_USES = {"garden", "courtyard", "street", "terrace", "parking"}
DOOR_KINDS = {"normal", "fire", "locked", "staff_only", "automatic"}
OUTLOOKS = {"garden", "street", "courtyard", "none"}


class Report:
    def __init__(self, name):
        self.name = name
        self.errors = []
        self.warnings = []

    def err(self, msg):
        self.errors.append(msg)

    def warn(self, code, msg):
        self.warnings.append((code, msg))


def edges(poly):
    n = len(poly)
    return [(poly[i], poly[(i + 1) % n]) for i in range(n)]


def overlap_interval(e, f):
    """Collinear overlap of segment f on segment e as (lo, hi) distances along e, or None."""
    (ax, ay), (bx, by) = e
    L = math.hypot(bx - ax, by - ay)
    if L < 1e-9:
        return None
    ux, uy = (bx - ax) / L, (by - ay) / L
    ts = []
    for (px, py) in f:
        dist = abs((px - ax) * uy - (py - ay) * ux)
        if dist > TOL:
            return None
        ts.append((px - ax) * ux + (py - ay) * uy)
    lo, hi = max(0.0, min(ts)), min(L, max(ts))
    if hi - lo <= TOL:
        return None
    return (lo, hi)


def merge(iv):
    iv = sorted(iv)
    out = []
    for lo, hi in iv:
        if out and lo <= out[-1][1] + TOL:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def subtract(lo, hi, cover):
    out, cur = [], lo
    for a, b in merge(cover):
        if b <= cur:
            continue
        if a > cur + TOL:
            out.append((cur, min(a, hi)))
        cur = max(cur, b)
        if cur >= hi:
            break
    if hi - cur > TOL:
        out.append((cur, hi))
    return out


def project(e, p):
    (ax, ay), (bx, by) = e
    L = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / L, (by - ay) / L
    t = (p[0] - ax) * ux + (p[1] - ay) * uy
    tc = min(max(t, 0.0), L)
    cx, cy = ax + tc * ux, ay + tc * uy
    return math.hypot(p[0] - cx, p[1] - cy), t


class FloorGeom:
    """Edge pieces of every room on a floor: ('room', other id) / ('outdoor', id) / ('outside',)."""

    def __init__(self, rooms, outdoor):
        self.pieces = defaultdict(list)  # room id -> [(edge, lo, hi, other)]
        for rid, poly in rooms.items():
            for e in edges(poly):
                L = math.hypot(e[1][0] - e[0][0], e[1][1] - e[0][1])
                shared = []
                for oid, opoly in rooms.items():
                    if oid == rid:
                        continue
                    mine = [iv for f in edges(opoly) if (iv := overlap_interval(e, f))]
                    for lo, hi in merge(mine):
                        self.pieces[rid].append((e, lo, hi, ("room", oid)))
                        shared.append((lo, hi))
                for lo, hi in subtract(0.0, L, shared):
                    along = []
                    for od, opoly in outdoor.items():
                        ivs = []
                        for f in edges(opoly):
                            iv = overlap_interval(e, f)
                            if iv:
                                a, b = max(iv[0], lo), min(iv[1], hi)
                                if b - a > TOL:
                                    ivs.append((a, b))
                        for a, b in merge(ivs):
                            self.pieces[rid].append((e, a, b, ("outdoor", od)))
                            along.append((a, b))
                    for a, b in subtract(lo, hi, along):
                        self.pieces[rid].append((e, a, b, ("outside",)))

    def fits(self, rid, at, width, want, margin):
        """Is an opening of `width` centred at `at` on a piece of room rid accepted by want()?"""
        best = None
        for e, lo, hi, other in self.pieces[rid]:
            if not want(other):
                continue
            d, t = project(e, at)
            if d > SNAP:
                continue
            ok = (t - width / 2 - margin >= lo - 1e-9) and (t + width / 2 + margin <= hi + 1e-9)
            if ok:
                return True, None
            best = "opening %.2f..%.2f outside piece %.2f..%.2f of edge %s" % (
                t - width / 2, t + width / 2, lo, hi, e)
        return False, best or "not on any suitable edge"


def check(path, rep):
    with open(path, encoding="utf-8") as fh:
        plan = json.load(fh)
    if plan.get("schema") != "carehome-plan/1":
        rep.err("schema is %r" % plan.get("schema"))
    known_top = {"schema", "name", "description", "construction", "north_deg", "site",
                 "households", "outdoor", "floors", "vertical"}
    for k in plan:
        if k not in known_top:
            rep.err("unknown top-level key %r" % k)
    construction = plan.get("construction", "new_build")
    if construction not in ("new_build", "existing"):
        rep.err("construction %r" % construction)

    ids = {}

    def claim(i, what):
        if not isinstance(i, str) or not i.strip():
            rep.err("empty id for %s" % what)
        elif i == "outside":
            rep.err("reserved id 'outside' for %s" % what)
        elif i in ids:
            rep.err("duplicate id %r (%s and %s)" % (i, ids[i], what))
        else:
            ids[i] = what

    households = {h["id"] for h in plan.get("households", [])}
    for h in plan.get("households", []):
        claim(h["id"], "household")
    outdoor = {}
    for o in plan.get("outdoor", []):
        claim(o["id"], "outdoor")
        if o["use"] not in OUTDOOR_USES:
            rep.err("outdoor %s use %r" % (o["id"], o["use"]))
        outdoor[o["id"]] = [tuple(p) for p in o["polygon"]]
    for v in plan.get("vertical", []):
        claim(v["id"], "vertical")

    rooms = {}      # id -> dict
    room_floor = {}
    polys = {}
    floors = plan["floors"]
    lowest = min(floors, key=lambda f: f.get("elevation_m", 0))["id"]
    for f in floors:
        claim(f["id"], "floor")
        for r in f.get("rooms", []):
            claim(r["id"], "room")
            rooms[r["id"]] = r
            room_floor[r["id"]] = f["id"]
        for d in f.get("doors", []):
            claim(d["id"], "door")
        for w in f.get("windows", []):
            claim(w["id"], "window")

    def check_poly(what, poly):
        ok = True
        if len(poly) < 3:
            rep.err("%s: fewer than 3 points" % what)
            return False
        for p in poly:
            if len(p) != 2 or not all(math.isfinite(c) and abs(c) < 1e5 for c in p):
                rep.err("%s: bad coordinate %r" % (what, p))
                ok = False
        for i in range(len(poly)):
            a, b = poly[i], poly[(i + 1) % len(poly)]
            if math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6:
                rep.err("%s: repeated point %r (closing point repeated?)" % (what, a))
                ok = False
        if not LinearRing(poly).is_simple:
            rep.err("%s: self-intersecting polygon" % what)
            ok = False
        elif Polygon(poly).area < 0.5:
            rep.err("%s: area %.3f < 0.5 m2" % (what, Polygon(poly).area))
            ok = False
        return ok

    for oid, poly in outdoor.items():
        check_poly("outdoor " + oid, poly)

    for f in floors:
        for r in f.get("rooms", []):
            rid = r["id"]
            poly = [tuple(p) for p in r["polygon"]]
            if check_poly("room " + rid, poly):
                polys[rid] = Polygon(poly)
            if r["use"] not in ROOM_USES:
                rep.err("room %s: use %r" % (rid, r["use"]))
            if r["use"] == "bedroom":
                if not isinstance(r.get("beds"), int) or r["beds"] < 1:
                    rep.err("bedroom %s without beds >= 1" % rid)
            elif "beds" in r:
                rep.err("room %s (%s) has beds" % (rid, r["use"]))
            if "household" in r and r["household"] not in households:
                rep.err("room %s: unknown household %r" % (rid, r["household"]))
            v = r.get("ventilation")
            if v is not None and ("ach" in v) == ("supply_l_s" in v):
                rep.err("room %s: ventilation needs exactly one of ach / supply_l_s" % rid)

    # Overlaps, outdoor over the lowest floor.
    for f in floors:
        ids_f = [r["id"] for r in f.get("rooms", []) if r["id"] in polys]
        for i, a in enumerate(ids_f):
            for b in ids_f[i + 1:]:
                ov = polys[a].intersection(polys[b]).area
                if ov > 0.01:
                    rep.err("rooms %s and %s overlap by %.3f m2" % (a, b, ov))
        if f["id"] == lowest:
            for oid, poly in outdoor.items():
                op = Polygon(poly)
                for a in ids_f:
                    ov = op.intersection(polys[a]).area
                    if ov > 0.01:
                        rep.err("outdoor %s overlaps room %s by %.3f m2" % (oid, a, ov))

    # Doors and windows.
    graph = defaultdict(set)
    door_sides = []
    for f in floors:
        frooms = {r["id"]: [tuple(p) for p in r["polygon"]] for r in f.get("rooms", [])
                  if r["id"] in polys}
        fout = outdoor if f["id"] == lowest else {}
        geo = FloorGeom(frooms, fout)
        for d in f.get("doors", []):
            did = d["id"]
            a, b = d["rooms"]
            kind = d.get("kind", "normal")
            if kind not in DOOR_KINDS:
                rep.err("door %s: kind %r" % (did, kind))
            if a not in frooms:
                a, b = b, a
            if a not in frooms:
                rep.err("door %s: neither side is a room on floor %s" % (did, f["id"]))
                continue
            if b in frooms:
                want = (lambda other, b=b: other == ("room", b))
            elif b == "outside":
                want = (lambda other: other[0] != "room")
            elif b in outdoor:
                want = (lambda other, b=b: other == ("outdoor", b))
            else:
                rep.err("door %s: unknown side %r (or on another floor)" % (did, b))
                continue
            ok, why = geo.fits(a, d["at"], d["width_m"], want, DOOR_MARGIN)
            if not ok:
                rep.err("door %s (%s|%s): %s" % (did, a, b, why))
            graph[a].add(b)
            graph[b].add(a)
            door_sides.append((d, a, b, kind))
        for w in f.get("windows", []):
            if w["room"] not in frooms:
                rep.err("window %s: room %r not on floor %s" % (w["id"], w["room"], f["id"]))
                continue
            if w.get("outlook") not in OUTLOOKS:
                rep.err("window %s: outlook %r" % (w["id"], w.get("outlook")))
            ok, why = geo.fits(w["room"], w["at"], w["width_m"],
                               lambda other: other[0] != "room", WIN_MARGIN)
            if not ok:
                rep.err("window %s (%s): %s" % (w["id"], w["room"], why))

    # Vertical links.
    for v in plan.get("vertical", []):
        a, b = v["rooms"]
        if a not in rooms or b not in rooms:
            rep.err("vertical %s: unknown room" % v["id"])
            continue
        if room_floor[a] == room_floor[b]:
            rep.err("vertical %s: same floor" % v["id"])
        if v["kind"] not in ("lift", "stair"):
            rep.err("vertical %s: kind %r" % (v["id"], v["kind"]))
        for r in (a, b):
            if rooms[r]["use"] != v["kind"]:
                rep.err("vertical %s: room %s is %s" % (v["id"], r, rooms[r]["use"]))
        if a in polys and b in polys and polys[a].symmetric_difference(polys[b]).area > 0.01:
            rep.err("vertical %s: %s and %s are not stacked" % (v["id"], a, b))
        graph[a].add(b)
        graph[b].add(a)

    # Reachability: from entrances with a door to outside; never walk through the outside or an
    # outdoor area (stricter than needed).
    starts = [r for r, x in rooms.items() if x["use"] == "entrance" and "outside" in graph[r]]
    if not starts:
        rep.err("no entrance room with a door to outside")
    seen = set(starts)
    q = deque(starts)
    while q:
        n = q.popleft()
        for m in graph[n]:
            if m in seen:
                continue
            seen.add(m)
            if m in rooms:
                q.append(m)
    lost = [r for r in rooms if r not in seen]
    if lost:
        rep.err("unreachable rooms: %s" % ", ".join(lost))
    for oid in outdoor:
        if oid not in seen:
            rep.warn("unreachable-outdoor", "outdoor %s has no door from a reachable room" % oid)

    # Warnings, as the validator gives them.
    min_single = 12.0 if construction == "new_build" else 10.0
    windows_of = defaultdict(int)
    for f in floors:
        for w in f.get("windows", []):
            windows_of[w["room"]] += 1
    for rid, r in rooms.items():
        area = polys[rid].area if rid in polys else 0.0
        if r["use"] == "bedroom":
            if r["beds"] == 1 and area < min_single:
                rep.warn("bedroom-small", "%s single %.2f m2 < %g" % (rid, area, min_single))
            if r["beds"] > 1:
                rep.warn("shared-bedroom", "%s has %d beds (%.2f m2)" % (rid, r["beds"], area))
                if area < 16.0:
                    rep.warn("bedroom-small", "%s shared %.2f m2 < 16" % (rid, area))
        if r["use"] in ("bedroom", "lounge", "dining") and windows_of[rid] == 0:
            rep.warn("no-window", "%s (%s) has no window" % (rid, r["use"]))
    for d, a, b, kind in door_sides:
        if kind in ("staff_only", "locked") or d["width_m"] >= 0.8:
            continue
        if all(s not in rooms or rooms[s]["use"] in RESIDENT_SPACE for s in (a, b)):
            rep.warn("narrow-door", "%s (%s|%s) %.2f m" % (d["id"], a, b, d["width_m"]))
    hh_res = defaultdict(int)
    for rid, r in rooms.items():
        if r.get("household"):
            hh_res[r["household"]] += r.get("beds", 0)
    for h, n in hh_res.items():
        if n > 12:
            rep.warn("large-household", "household %s has %d residents" % (h, n))

    # Counts.
    doors_of = defaultdict(list)
    for d, a, b, kind in door_sides:
        doors_of[a].append((b, kind))
        doors_of[b].append((a, kind))
    bedrooms = [r for r in rooms.values() if r["use"] == "bedroom"]

    def staff_only(rid):
        ds = doors_of[rid]
        return bool(ds) and all(k in ("staff_only", "locked") for _, k in ds)

    res = sum(r["beds"] for r in bedrooms)
    baths = [rid for rid, r in rooms.items() if r["use"] in TOILETS and not staff_only(rid)]
    with_es = [r["id"] for r in bedrooms
               if any(o in rooms and rooms[o]["use"] == "ensuite" for o, _ in doors_of[r["id"]])]
    communal = sum(polys[rid].area for rid, r in rooms.items() if r["use"] in COMMUNAL)
    c = {
        "residents": res,
        "bedrooms": len(bedrooms),
        "single": sum(1 for r in bedrooms if r["beds"] == 1),
        "with_ensuite": len(with_es),
        "resident_bathrooms": len(baths),
        "crowding": res / (0.5 * len(bedrooms) + 0.5 * len(baths)) if bedrooms else 0.0,
        "communal_m2": communal,
        "communal_per_res": communal / res if res else 0.0,
        "households": {h["id"]: hh_res.get(h["id"], 0) for h in plan.get("households", [])},
        "single_areas": sorted(round(polys[r["id"]].area, 2) for r in bedrooms if r["beds"] == 1),
        "shared": sorted((r["beds"], round(polys[r["id"]].area, 2)) for r in bedrooms
                         if r["beds"] > 1),
        "rooms": len(rooms),
        "doors": len(door_sides),
        "windows": sum(windows_of.values()),
        "floors": len(floors),
        "floor_area_m2": sum(p.area for p in polys.values()),
    }
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plans", nargs="+")
    ap.add_argument("--counts-md", action="store_true", help="print the README counts table")
    ap.add_argument("--quiet", action="store_true", help="do not list warnings one by one")
    args = ap.parse_args()
    failed = False
    table = []
    for path in args.plans:
        rep = Report(path)
        try:
            c = check(path, rep)
        except (KeyError, ValueError, TypeError) as e:
            rep.err("could not read: %r" % e)
            c = None
        print("== %s: %d error(s), %d warning(s)" % (path, len(rep.errors), len(rep.warnings)))
        for e in rep.errors:
            print("  ERROR", e)
        codes = defaultdict(int)
        for code, msg in rep.warnings:
            codes[code] += 1
            if not args.quiet:
                print("  warn  %-18s %s" % (code, msg))
        if codes:
            print("  warnings by code:", dict(sorted(codes.items())))
        if c:
            print("  counts: residents %(residents)d, bedrooms %(bedrooms)d, single %(single)d, "
                  "with en-suite %(with_ensuite)d, resident bathrooms %(resident_bathrooms)d, "
                  "crowding %(crowding).3f, communal %(communal_m2).2f m2 "
                  "(%(communal_per_res).2f m2/resident)" % c)
            print("  households:", c["households"], " rooms", c["rooms"], " doors", c["doors"],
                  " windows", c["windows"], " room area %.1f m2" % c["floor_area_m2"])
            print("  single areas:", c["single_areas"])
            print("  shared (beds, m2):", c["shared"])
            table.append((path, c, dict(codes)))
        failed |= bool(rep.errors)
    if args.counts_md:
        print()
        print("| plan | residents | bedrooms | single | with en-suite | resident bathrooms | "
              "crowding index | communal m² | communal m²/resident | households (residents) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for path, c, _ in table:
            name = path.rsplit("/", 1)[-1].replace(".json", "")
            hh = ", ".join("%s %d" % kv for kv in c["households"].items())
            print("| %s | %d | %d | %d | %d | %d | %.2f | %.1f | %.2f | %s |" % (
                name, c["residents"], c["bedrooms"], c["single"], c["with_ensuite"],
                c["resident_bathrooms"], c["crowding"], c["communal_m2"],
                c["communal_per_res"], hh))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write the bundled carehome floor plans (format carehome-plan/1, JSON, metres).

    python3 floorplans/tools/generate_plans.py            # writes floorplans/*.json
    python3 floorplans/tools/generate_plans.py --out DIR  # writes elsewhere

Standard library only; the output is deterministic (same bytes on every run). Coordinates are
rounded to 3 decimals. Walls are not drawn: rooms that meet share collinear edge segments, doors sit
on those shared segments, windows on external ones. Check the result with check_geometry.py.

Typologies, dimensions and sources are described in floorplans/README.md.
"""

import argparse
import json
import os

SCHEMA = "carehome-plan/1"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.dirname(HERE)


# ---------------------------------------------------------------------------------------------
# Small plan-building helpers
# ---------------------------------------------------------------------------------------------

def num(v):
    """Round to 3 decimals; integral values print without a fraction (as in the examples)."""
    v = round(float(v), 3)
    if v == 0:
        v = 0.0  # no "-0"
    return int(v) if v.is_integer() else v


def rect(x0, y0, x1, y1):
    """Axis-aligned rectangle, counter-clockwise."""
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def mirror_x(poly, axis):
    """Mirror a polygon in the vertical line x = axis (order reversed to stay counter-clockwise)."""
    return [[2 * axis - x, y] for x, y in reversed(poly)]


def mirror_y(poly, axis):
    """Mirror a polygon in the horizontal line y = axis (order reversed to stay counter-clockwise)."""
    return [[x, 2 * axis - y] for x, y in reversed(poly)]


class Floor:
    def __init__(self, fid, name, elevation_m, height_m):
        self.id = fid
        self.name = name
        self.elevation_m = elevation_m
        self.height_m = height_m
        self.rooms = []
        self.doors = []
        self.windows = []

    def room(self, rid, use, polygon, beds=None, household=None, vent=None, name=None,
             ceiling=None):
        r = {"id": rid, "use": use}
        if name is not None:
            r["name"] = name
        if beds is not None:
            r["beds"] = beds
        if household is not None:
            r["household"] = household
        if ceiling is not None:
            r["ceiling_height_m"] = ceiling
        r["polygon"] = [[num(x), num(y)] for x, y in polygon]
        if vent is not None:
            r["ventilation"] = vent
        self.rooms.append(r)
        return rid

    def door(self, a, b, at, width_m, kind=None):
        d = {"id": "%s-D%02d" % (self.id, len(self.doors) + 1), "rooms": [a, b],
             "at": [num(at[0]), num(at[1])], "width_m": num(width_m)}
        if kind is not None:
            d["kind"] = kind
        self.doors.append(d)

    def window(self, room, at, width_m, outlook, height_m=1.5, sill_m=0.9, obstruction_deg=None,
               transmittance=None):
        w = {"id": "%s-W%02d" % (self.id, len(self.windows) + 1), "room": room,
             "at": [num(at[0]), num(at[1])], "width_m": num(width_m), "height_m": num(height_m),
             "sill_m": num(sill_m)}
        if transmittance is not None:
            w["transmittance"] = transmittance
        if obstruction_deg is not None:
            w["obstruction_deg"] = obstruction_deg
        w["outlook"] = outlook
        self.windows.append(w)


class Plan:
    def __init__(self, name, description, construction, north_deg=0):
        self.name = name
        self.description = description
        self.construction = construction
        self.north_deg = north_deg
        self.households = []
        self.outdoor = []
        self.floors = []
        self.vertical = []

    def household(self, hid, name):
        self.households.append({"id": hid, "name": name})
        return hid

    def add_outdoor(self, oid, use, polygon, name=None):
        o = {"id": oid, "use": use}
        if name is not None:
            o["name"] = name
        o["polygon"] = [[num(x), num(y)] for x, y in polygon]
        self.outdoor.append(o)
        return oid

    def floor(self, fid, name, elevation_m, height_m):
        f = Floor(fid, name, elevation_m, height_m)
        self.floors.append(f)
        return f

    def link(self, lid, kind, a, b):
        self.vertical.append({"id": lid, "kind": kind, "rooms": [a, b]})

    # -- output -----------------------------------------------------------------------------

    def to_json(self):
        out = ["{"]
        top = [("schema", SCHEMA), ("name", self.name), ("description", self.description),
               ("construction", self.construction), ("north_deg", num(self.north_deg))]
        for k, v in top:
            out.append("  %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
        out.append('  "households": %s,' % _block(self.households, 2))
        out.append('  "outdoor": %s,' % _block(self.outdoor, 2))
        out.append('  "floors": [')
        for i, f in enumerate(self.floors):
            out.append("    {")
            out.append('      "id": %s,' % json.dumps(f.id))
            out.append('      "name": %s,' % json.dumps(f.name, ensure_ascii=False))
            out.append('      "elevation_m": %s,' % _compact(num(f.elevation_m)))
            out.append('      "height_m": %s,' % _compact(num(f.height_m)))
            out.append('      "rooms": %s,' % _block(f.rooms, 6))
            out.append('      "doors": %s,' % _block(f.doors, 6))
            out.append('      "windows": %s' % _block(f.windows, 6))
            out.append("    }" + ("," if i + 1 < len(self.floors) else ""))
        out.append("  ],")
        out.append('  "vertical": %s' % _block(self.vertical, 2))
        out.append("}")
        return "\n".join(out) + "\n"


def _compact(v):
    """One-line JSON in the style of the examples: `{ "a": 1, "b": [[0, 1], [2, 3]] }`."""
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join("%s: %s" % (json.dumps(k), _compact(x)) for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_compact(x) for x in v) + "]"
    if isinstance(v, float):
        return repr(num(v))
    return json.dumps(v, ensure_ascii=False)


def _block(items, indent):
    """A list with one object per line."""
    if not items:
        return "[]"
    pad = " " * (indent + 2)
    lines = [pad + _compact(x) for x in items]
    return "[\n" + ",\n".join(lines) + "\n" + " " * indent + "]"


def ach(n, cadr=None):
    v = {"ach": n}
    if cadr is not None:
        v["air_cleaner_cadr_m3_h"] = cadr
    return v


# ---------------------------------------------------------------------------------------------
# 1. legacy-corridor: 1970s-80s purpose-built home, two floors of double-loaded corridor
# ---------------------------------------------------------------------------------------------

def legacy_corridor():
    p = Plan(
        "Legacy corridor home: 1970s-80s purpose-built, 49 residents on two floors",
        "A 1970s-80s purpose-built English care home: 54 m double-loaded corridors 1.9 m wide, "
        "single rooms of 9.6-10.4 m2 (NMS 23: 10 m2 existing), shared rooms and 3-4 bed wards, "
        "bathrooms and WCs off the corridor, one lounge and one dining room for everybody and a "
        "single entrance; the crowded typology of Brown et al. 2021 (JAMA Intern Med 181:229). "
        "It is the base plan for retrofit options.",
        "existing", north_deg=180)
    GF = p.household("GF", "Ground floor")
    FF = p.household("FF", "First floor")
    # Grounds to the north: the garden wraps the single-storey lounge/dining wing.
    p.add_outdoor("GARDEN", "garden",
                  [[0, 9.9], [35, 9.9], [35, 16.9], [54, 16.9], [54, 30], [0, 30]],
                  name="Rear garden")

    Y_S, Y_C0, Y_C1, Y_N = 0.0, 4.0, 5.9, 9.9  # south rooms | corridor | north rooms
    X_END = 54.0
    bed_vent = ach(0.7)          # natural ventilation, trickle vents, windows mostly shut
    wet_vent = ach(4.0)          # intermittent extract
    narrow = 0.75                # clear width of the original doors to the smallest rooms

    def door_width(use, beds, width):
        if use == "bedroom":
            if beds > 1:
                return 0.9
            return narrow if width < 2.5 else 0.8
        return {"bathroom": 0.9, "wc": 0.7, "stair": 1.0, "lift": 0.9, "store": 0.8,
                "laundry": 0.9, "sluice": 0.8, "office": 0.8, "nurse_station": 0.9,
                "clinic": 0.9, "activity": 0.9, "other": 0.8}.get(use, 0.9)

    door_kind = {"stair": "fire", "lift": "automatic", "store": "staff_only",
                 "laundry": "staff_only", "sluice": "staff_only", "office": "staff_only",
                 "clinic": "staff_only"}
    names = {"bathroom": "Assisted bathroom", "wc": "WC", "stair": "Stair", "lift": "Lift",
             "store": "Store", "laundry": "Laundry", "sluice": "Sluice", "office": "Office",
             "nurse_station": "Nurses' station", "clinic": "Treatment room"}

    def strip(f, hh, side, specs):
        """Rooms along one side of the corridor: (x0, x1, suffix, use, beds[, name])."""
        for spec in specs:
            x0, x1, suf, use, beds = spec[:5]
            name = spec[5] if len(spec) > 5 else names.get(use)
            rid = "%s-%s" % (f.id, suf)
            if side == "S":
                poly, y_door, y_win, outlook = rect(x0, Y_S, x1, Y_C0), Y_C0, Y_S, "street"
            else:
                poly, y_door, y_win, outlook = rect(x0, Y_C1, x1, Y_N), Y_C1, Y_N, "garden"
            w = x1 - x0
            vent = None
            if use == "bedroom":
                vent = bed_vent
            elif use in ("bathroom", "wc", "sluice"):
                vent = wet_vent
            f.room(rid, use, poly, beds=beds if use == "bedroom" else None,
                   household=hh if use in ("bedroom", "bathroom", "wc") else None,
                   vent=vent, name=name)
            f.door(rid, "%s-COR" % f.id, ((x0 + x1) / 2, y_door),
                   door_width(use, beds or 0, w), door_kind.get(use))
            if use in ("bedroom", "office", "other", "activity", "nurse_station", "clinic",
                       "laundry"):
                f.window(rid, ((x0 + x1) / 2, y_win), min(1.5, w - 0.9), outlook, height_m=1.2)
            elif use in ("bathroom", "wc", "sluice", "stair"):
                f.window(rid, ((x0 + x1) / 2, y_win), min(0.6, w - 0.6), outlook, height_m=0.9,
                         sill_m=1.2)

    for f, hh in ((p.floor("G", "Ground floor", 0.0, 2.6), GF),
                  (p.floor("1", "First floor", 3.0, 2.6), FF)):
        g = f.id == "G"
        f.room("%s-COR" % f.id, "corridor", rect(0, Y_C0, X_END, Y_C1), household=hh,
               vent=ach(0.5), name="Corridor")
        f.window("%s-COR" % f.id, (0, (Y_C0 + Y_C1) / 2), 1.0, "garden", height_m=1.2)
        f.window("%s-COR" % f.id, (X_END, (Y_C0 + Y_C1) / 2), 1.0, "garden", height_m=1.2)
        if g:
            south = [
                (0.0, 2.6, "B01", "bedroom", 1), (2.6, 5.2, "B02", "bedroom", 1),
                (5.2, 9.4, "B03", "bedroom", 2), (9.4, 11.8, "B04", "bedroom", 1),
                (11.8, 14.4, "B05", "bedroom", 1), (14.4, 21.4, "B06", "bedroom", 4),
                (21.4, 23.6, "BATH1", "bathroom", None), (23.6, 25.2, "WC1", "wc", None),
            ]
            strip(f, hh, "S", south)
            # Entrance hall for everybody (residents, staff, visitors, deliveries).
            f.room("G-ENT", "entrance", rect(25.2, Y_S, 30.2, Y_C0), vent=ach(1.0),
                   name="Entrance hall")
            f.door("G-ENT", "outside", (27.7, Y_S), 1.5, "automatic")
            f.door("G-ENT", "G-COR", (27.7, Y_C0), 1.5)
            f.window("G-ENT", (26.1, Y_S), 1.0, "street", height_m=2.1, sill_m=0.1)
            f.window("G-ENT", (29.3, Y_S), 1.0, "street", height_m=2.1, sill_m=0.1)
            strip(f, hh, "S", [
                (30.2, 33.2, "OFF", "office", None, "Manager's office"),
                (33.2, 36.2, "HAIR", "other", None, "Hairdresser / quiet room (could become a visiting room)"),
                (36.2, 38.8, "B07", "bedroom", 1), (38.8, 41.2, "B08", "bedroom", 1),
                (41.2, 45.4, "B09", "bedroom", 2), (45.4, 48.0, "B10", "bedroom", 1),
                (48.0, 50.6, "LAUN", "laundry", None),
                (50.6, X_END, "ST3", "stair", None, "East escape stair"),
            ])
            strip(f, hh, "N", [
                (0.0, 2.8, "ST2", "stair", None, "West escape stair"),
                (2.8, 5.4, "B11", "bedroom", 1), (5.4, 8.0, "B12", "bedroom", 1),
                (8.0, 12.2, "B13", "bedroom", 2), (12.2, 18.5, "B14", "bedroom", 3),
                (18.5, 20.5, "SLU", "sluice", None), (20.5, 22.0, "WC2", "wc", None),
                (22.0, 24.4, "LIFT", "lift", None),
                (24.4, 27.4, "ST1", "stair", None, "Main stair"),
                (27.4, 30.2, "NS", "nurse_station", None),
            ])
            f.door("G-ST2", "outside", (0, 7.9), 1.0, "fire")
            f.door("G-ST3", "outside", (X_END, 2.0), 1.0, "fire")
            # Staff room with its staff WC tucked into the back corner.
            f.room("G-STF", "staff", [[30.2, Y_C1], [35, Y_C1], [35, 7.9], [33.4, 7.9],
                                      [33.4, Y_N], [30.2, Y_N]], name="Staff room")
            f.room("G-SWC", "wc", rect(33.4, 7.9, 35, Y_N), vent=wet_vent, name="Staff WC")
            f.door("G-STF", "G-COR", (32.0, Y_C1), 0.8, "staff_only")
            f.door("G-SWC", "G-STF", (34.2, 7.9), 0.7, "staff_only")
            f.window("G-STF", (31.8, Y_N), 1.2, "garden", height_m=1.2)
            # Single-storey communal wing: one lounge and one dining room for all 49 residents.
            Y_W = 16.9
            f.room("G-LNG", "lounge", rect(35, Y_C1, 43.5, Y_W), vent=ach(1.0), name="Lounge")
            f.room("G-DIN", "dining", rect(43.5, Y_C1, 50, Y_W), vent=ach(1.0), name="Dining room")
            f.room("G-KIT", "kitchen", rect(50, Y_C1, X_END, 12.9), vent=ach(6.0), name="Kitchen")
            f.room("G-DST", "store", rect(50, 12.9, X_END, Y_W), name="Dry store")
            f.door("G-LNG", "G-COR", (39.25, Y_C1), 1.2)
            f.door("G-DIN", "G-COR", (46.75, Y_C1), 1.2)
            f.door("G-KIT", "G-COR", (52.0, Y_C1), 0.9, "staff_only")
            f.door("G-KIT", "G-DIN", (50, 9.4), 0.9, "staff_only")
            f.door("G-DST", "G-KIT", (52.0, 12.9), 0.9, "staff_only")
            f.door("G-LNG", "GARDEN", (39.25, Y_W), 1.5)
            f.door("G-DIN", "GARDEN", (46.75, Y_W), 1.2)
            f.window("G-LNG", (35, 13.4), 2.0, "garden")
            f.window("G-LNG", (36.9, Y_W), 1.8, "garden")
            f.window("G-LNG", (41.6, Y_W), 1.8, "garden")
            f.window("G-DIN", (45.0, Y_W), 1.6, "garden")
            f.window("G-DIN", (48.6, Y_W), 1.6, "garden")
            f.window("G-KIT", (X_END, 9.4), 1.5, "garden", height_m=1.2, sill_m=1.0)
        else:
            strip(f, hh, "S", [
                (0.0, 2.6, "B01", "bedroom", 1), (2.6, 5.2, "B02", "bedroom", 1),
                (5.2, 9.4, "B03", "bedroom", 2), (9.4, 11.8, "B04", "bedroom", 1),
                (11.8, 14.4, "B05", "bedroom", 1), (14.4, 21.4, "B06", "bedroom", 4),
                (21.4, 23.6, "BATH1", "bathroom", None), (23.6, 25.2, "WC1", "wc", None),
            ])
            # The one en-suite of the home: a WC and basin squeezed into a larger single in the 1990s.
            f.room("1-B07", "bedroom", [[25.2, Y_S], [29.2, Y_S], [29.2, 2.2], [27.6, 2.2],
                                        [27.6, Y_C0], [25.2, Y_C0]],
                   beds=1, household=hh, vent=bed_vent)
            f.room("1-ES07", "ensuite", rect(27.6, 2.2, 29.2, Y_C0), household=hh, vent=ach(6.0),
                   name="En-suite WC (1990s)")
            f.door("1-B07", "1-COR", (26.4, Y_C0), 0.8)
            f.door("1-ES07", "1-B07", (28.4, 2.2), 0.7)
            f.window("1-B07", (27.2, Y_S), 1.5, "street", height_m=1.2)
            strip(f, hh, "S", [
                (29.2, 31.8, "B08", "bedroom", 1), (31.8, 34.4, "B09", "bedroom", 1),
                (34.4, 36.2, "STO", "store", None, "Store (former linen room)"),
                (36.2, 38.8, "B10", "bedroom", 1), (38.8, 41.4, "B11", "bedroom", 1),
                (41.4, 45.4, "B12", "bedroom", 1), (45.4, 47.8, "B13", "bedroom", 1),
                (47.8, 50.6, "SLU", "sluice", None),
                (50.6, X_END, "ST3", "stair", None, "East escape stair"),
            ])
            strip(f, hh, "N", [
                (0.0, 2.8, "ST2", "stair", None, "West escape stair"),
                (2.8, 5.4, "B14", "bedroom", 1), (5.4, 8.0, "B15", "bedroom", 1),
                (8.0, 11.8, "B16", "bedroom", 2), (11.8, 18.5, "B17", "bedroom", 3),
                (18.5, 20.5, "BATH2", "bathroom", None, "Shower room"),
                (20.5, 22.0, "WC2", "wc", None),
                (22.0, 24.4, "LIFT", "lift", None),
                (24.4, 27.4, "ST1", "stair", None, "Main stair"),
                (27.4, 30.2, "NS", "nurse_station", None),
                (30.2, 32.4, "LIN", "store", None, "Linen store"),
                (32.4, 35.0, "B18", "bedroom", 1),
                (35.0, 37.6, "STO2", "store", None, "Store (former single bedroom)"),
                (37.6, 41.8, "B19", "bedroom", 2),
                (41.8, 46.0, "ACT", "activity", None, "Upstairs quiet room"),
                (46.0, 48.6, "CLN", "clinic", None),
                (48.6, 50.7, "STO3", "store", None, "Equipment store"),
                (50.7, X_END, "OFF2", "office", None, "Deputy manager's office"),
            ])
    for suf, kind in (("LIFT", "lift"), ("ST1", "stair"), ("ST2", "stair"), ("ST3", "stair")):
        p.link(suf if kind == "lift" else "STAIR-" + suf[2:], kind, "G-" + suf, "1-" + suf)
    return p


# ---------------------------------------------------------------------------------------------
# 2. household-newbuild: four households of 12 around an enclosed courtyard
# ---------------------------------------------------------------------------------------------

NB_W = 38.0            # overall width; households mirror about x = 19
NB_Y_COR0, NB_Y_COR1 = 6.5, 8.5     # main corridor
NB_MOD = 3.6           # bedroom module along the household corridor
NB_Y_BED_END = NB_Y_COR1 + 6 * NB_MOD   # 30.1
NB_Y_LIV0 = NB_Y_BED_END + 3.0          # 33.1: bathroom/utility band, then living rooms
NB_Y_LIV1 = NB_Y_LIV0 + 6.0             # 39.1


def nb_household(f, hid, pre, mirrored, courtyard):
    """One household wing of 12 single en-suite rooms with its own kitchen, dining and lounge.

    Drawn for the west wing (x 0..12 plus the living rooms to x 19) and mirrored for the east.
    """
    X = (lambda x: NB_W - x) if mirrored else (lambda x: x)
    P = (lambda poly: mirror_x(poly, NB_W / 2)) if mirrored else (lambda poly: poly)

    def room(suf, use, poly, **kw):
        return f.room("%s-%s" % (pre, suf), use, P(poly), household=hid, **kw)

    def door(a, b, x, y, w, kind=None):
        f.door(a, b, (X(x), y), w, kind)

    def window(r, x, y, w, outlook, **kw):
        f.window(r, (X(x), y), w, outlook, **kw)

    cor = room("COR", "corridor", rect(5, NB_Y_COR1, 7, NB_Y_LIV0), vent=ach(1.5),
               name="Household corridor")
    n = 0
    for side in ("outer", "court"):
        for i in range(6):
            n += 1
            y0 = NB_Y_COR1 + i * NB_MOD
            y1 = y0 + NB_MOD
            if side == "outer":
                es = rect(2.8, y0, 5, y0 + 2.2)
                bed = [[0, y0], [2.8, y0], [2.8, y0 + 2.2], [5, y0 + 2.2], [5, y1], [0, y1]]
                x_door, x_es_door, x_win, outlook = 5, 2.8, 0, "garden"
            else:
                es = rect(7, y0, 9.2, y0 + 2.2)
                bed = [[9.2, y0], [12, y0], [12, y1], [7, y1], [7, y0 + 2.2], [9.2, y0 + 2.2]]
                x_door, x_es_door, x_win, outlook = 7, 9.2, 12, "courtyard"
            b = room("B%02d" % n, "bedroom", bed, beds=1, vent=ach(2.0))
            e = room("ES%02d" % n, "ensuite", es, vent=ach(6.0))
            door(b, cor, x_door, y0 + 2.9, 1.0)
            # The en-suite door opens towards the bed, so the toilet can be seen from it.
            door(e, b, x_es_door, y0 + 1.1, 0.9)
            window(b, x_win, y0 + 1.8, 1.5, outlook, height_m=1.6, sill_m=0.6)
    bath = room("BATH", "bathroom", rect(0, NB_Y_BED_END, 5, NB_Y_LIV0), vent=ach(6.0),
                name="Assisted bathroom")
    door(bath, cor, 5, NB_Y_BED_END + 1.5, 1.0)
    window(bath, 0, NB_Y_BED_END + 1.5, 0.9, "garden", height_m=1.0, sill_m=1.2)
    utl = room("UTL", "store", rect(7, NB_Y_BED_END, 12, NB_Y_LIV0), name="Household utility")
    door(utl, cor, 7, NB_Y_BED_END + 1.5, 0.9, "staff_only")
    kit = room("KIT", "kitchen", rect(0, NB_Y_LIV0, 5, NB_Y_LIV1), vent=ach(6.0),
               name="Household kitchen")
    din = room("DIN", "dining", rect(5, NB_Y_LIV0, 11, NB_Y_LIV1), vent=ach(3.0), name="Dining")
    lng = room("LNG", "lounge", rect(11, NB_Y_LIV0, 19, NB_Y_LIV1), vent=ach(3.0), name="Lounge")
    door(din, cor, 6, NB_Y_LIV0, 1.2)
    door(kit, din, 5, NB_Y_LIV0 + 3.0, 1.5)
    door(din, lng, 11, NB_Y_LIV0 + 3.0, 2.0)
    window(kit, 0, NB_Y_LIV0 + 3.0, 1.2, "garden", height_m=1.2, sill_m=1.0)
    window(kit, 2.5, NB_Y_LIV1, 1.5, "garden", height_m=1.2, sill_m=1.0)
    window(din, 8, NB_Y_LIV1, 2.0, "garden")
    window(lng, 13.5, NB_Y_LIV1, 2.4, "garden", height_m=2.1, sill_m=0.3)
    window(lng, 17.0, NB_Y_LIV1, 2.4, "garden", height_m=2.1, sill_m=0.3)
    if courtyard:
        door(lng, courtyard, 15.5, NB_Y_LIV0, 1.5)
    else:
        window(lng, 14.0, NB_Y_LIV0, 2.0, "courtyard", height_m=2.1, sill_m=0.3)
    window(lng, 17.6, NB_Y_LIV0, 1.8, "courtyard", height_m=2.1, sill_m=0.3)
    return cor


def household_newbuild():
    p = Plan(
        "Household new build: four households of 12 single en-suite rooms around a courtyard",
        "A two-storey new build organised as small households (England NMS 23: 12 m2 singles "
        "with en-suite; TrinityHaus 2022 household model; Green House 10-12 residents): four "
        "households of 12, each with its own kitchen, dining room and lounge and a fire door to "
        "the shared circulation, an enclosed courtyard, a visiting room with its own outside door "
        "and a separate staff entrance.",
        "new_build", north_deg=180)
    hh = [p.household("H1", "Ash"), p.household("H2", "Birch"),
          p.household("H3", "Cedar"), p.household("H4", "Damson")]
    court = p.add_outdoor("COURTYARD", "courtyard",
                          rect(12, NB_Y_COR1, NB_W - 12, NB_Y_LIV0), name="Enclosed courtyard garden")
    for f in (p.floor("G", "Ground floor", 0.0, 2.7), p.floor("1", "First floor", 3.3, 2.7)):
        g = f.id == "G"
        a, b = (hh[0], hh[1]) if g else (hh[2], hh[3])
        cor_a = nb_household(f, a, "%s-%s" % (f.id, a), False, court if g else None)
        cor_b = nb_household(f, b, "%s-%s" % (f.id, b), True, court if g else None)
        cor = f.room("%s-COR" % f.id, "corridor", rect(5, NB_Y_COR0, NB_W - 5, NB_Y_COR1),
                     vent=ach(1.5), name="Main corridor")
        f.door(cor_a, cor, (6, NB_Y_COR1), 1.2, "fire")
        f.door(cor_b, cor, (NB_W - 6, NB_Y_COR1), 1.2, "fire")
        if g:
            f.door(cor, court, (19, NB_Y_COR1), 1.5)
        else:
            f.window(cor, (19, NB_Y_COR1), 2.0, "courtyard")
        f.window(cor, (14.5, NB_Y_COR1), 2.0, "courtyard")
        f.window(cor, (23.5, NB_Y_COR1), 2.0, "courtyard")
        # Shared south block (the entrance front faces the street).
        Y0, Y1 = 0.0, NB_Y_COR0
        if g:
            f.room("G-SWC", "wc", rect(0, 0, 2.5, 3.5), vent=ach(6.0), name="Staff WC / shower")
            f.room("G-SENT", "entrance", rect(2.5, 0, 5, 3.5), name="Staff entrance")
            f.room("G-STF", "staff", rect(0, 3.5, 5, NB_Y_COR1), vent=ach(2.0),
                   name="Staff room and changing")
            f.door("G-SENT", "outside", (3.75, 0), 1.0, "staff_only")
            f.door("G-SENT", "G-STF", (3.75, 3.5), 0.9, "staff_only")
            f.door("G-SWC", "G-STF", (1.25, 3.5), 0.8, "staff_only")
            f.door("G-STF", cor, (5, 7.5), 0.9, "staff_only")
            f.window("G-STF", (0, 6.0), 1.2, "garden")
            f.window("G-SWC", (1.25, 0), 0.6, "street", height_m=0.9, sill_m=1.2)
            f.room("G-LAUN", "laundry", rect(5, Y0, 9, Y1), vent=ach(4.0), name="Laundry")
            f.door("G-LAUN", cor, (7, Y1), 1.0, "staff_only")
            f.window("G-LAUN", (7, Y0), 1.2, "street")
            f.room("G-CLN", "clinic", rect(9, Y0, 13, Y1), vent=ach(3.0), name="Clinic / treatment")
            f.door("G-CLN", cor, (11, Y1), 1.0)
            f.window("G-CLN", (11, Y0), 1.2, "street")
            f.room("G-OFF", "office", rect(13, Y0, 16, Y1), name="Reception office")
            f.door("G-OFF", cor, (14.5, Y1), 0.9, "staff_only")
            f.window("G-OFF", (14.5, Y0), 1.2, "street")
            f.room("G-ENT", "entrance", rect(16, Y0, 22, Y1), vent=ach(2.0),
                   name="Main entrance and reception")
            f.door("G-ENT", "outside", (19, Y0), 1.8, "automatic")
            f.door("G-ENT", cor, (19, Y1), 1.5)
            f.door("G-OFF", "G-ENT", (16, 3.25), 0.9, "staff_only")
            f.window("G-ENT", (17.2, Y0), 1.2, "street", height_m=2.1, sill_m=0.1)
            f.window("G-ENT", (20.8, Y0), 1.2, "street", height_m=2.1, sill_m=0.1)
            f.room("G-VIS", "visiting", rect(22, Y0, 26, Y1), vent=ach(4.0, 0),
                   name="Visiting room (own door from the street)")
            f.door("G-VIS", "G-ENT", (22, 3.25), 1.0)
            f.door("G-VIS", "outside", (24, Y0), 1.0)
            f.window("G-VIS", (22.8, Y0), 1.0, "street")
            f.window("G-VIS", (25.3, Y0), 0.8, "street")
        else:
            f.room("1-STO3", "store", rect(0, 0, 5, 3.5), name="Equipment store")
            f.room("1-HAIR", "other", rect(0, 3.5, 5, NB_Y_COR1), vent=ach(2.0),
                   name="Hair and therapy room")
            f.door("1-HAIR", cor, (5, 7.5), 0.9)
            f.door("1-STO3", "1-HAIR", (2.5, 3.5), 0.9, "staff_only")
            f.window("1-HAIR", (0, 6.0), 1.2, "garden")
            f.room("1-SLU", "sluice", rect(5, Y0, 9, Y1), vent=ach(6.0), name="Sluice")
            f.door("1-SLU", cor, (7, Y1), 1.0, "staff_only")
            f.window("1-SLU", (7, Y0), 0.6, "street", height_m=0.9, sill_m=1.2)
            f.room("1-NS", "nurse_station", rect(9, Y0, 13, Y1), name="Nurses' station")
            f.door("1-NS", cor, (11, Y1), 1.0)
            f.window("1-NS", (11, Y0), 1.2, "street")
            f.room("1-OFF", "office", rect(13, Y0, 16, Y1), name="Manager's office")
            f.door("1-OFF", cor, (14.5, Y1), 0.9, "staff_only")
            f.window("1-OFF", (14.5, Y0), 1.2, "street")
            f.room("1-ACT", "activity", rect(16, Y0, 22, Y1), vent=ach(3.0), name="Activity room")
            f.door("1-ACT", cor, (19, Y1), 1.5)
            f.window("1-ACT", (17.5, Y0), 2.0, "street")
            f.window("1-ACT", (20.5, Y0), 2.0, "street")
            f.room("1-MEET", "office", rect(22, Y0, 26, Y1), name="Training and meeting room")
            f.door("1-MEET", cor, (24, Y1), 0.9, "staff_only")
            f.window("1-MEET", (24, Y0), 1.5, "street")
        fid = f.id
        f.room(fid + "-ST1", "stair", rect(26, Y0, 28.6, Y1), name="Stair")
        f.door(fid + "-ST1", cor, (27.3, Y1), 1.1, "fire")
        if not g:
            f.window(fid + "-ST1", (27.3, Y0), 1.0, "street")
        f.room(fid + "-LIFT", "lift", rect(28.6, 3.9, 31.2, Y1), name="Bed lift")
        f.door(fid + "-LIFT", cor, (29.9, Y1), 1.1, "automatic")
        f.room(fid + "-STO", "store", [[28.6, Y0], [33, Y0], [33, Y1], [31.2, Y1], [31.2, 3.9],
                                       [28.6, 3.9]], name="Store")
        f.door(fid + "-STO", cor, (32.1, Y1), 1.0, "staff_only")
        f.room(fid + "-PLANT", "plant", rect(33, Y0, NB_W, 4.0), name="Plant (MVHR)")
        f.door(fid + "-PLANT", fid + "-STO", (33, 2.0), 1.0, "staff_only")
        if g:
            f.door("G-ST1", "outside", (27.3, Y0), 1.0, "fire")
            f.door("G-PLANT", "outside", (35.5, Y0), 1.2, "locked")
            f.room("G-SLU", "sluice", rect(33, 4.0, NB_W, NB_Y_COR1), vent=ach(6.0),
                   name="Sluice and cleaners' room")
            f.door("G-SLU", cor, (33, 7.5), 1.0, "staff_only")
            f.window("G-SLU", (NB_W, 6.25), 0.6, "garden", height_m=0.9, sill_m=1.2)
        else:
            f.room("1-CLN", "clinic", rect(33, 4.0, NB_W, NB_Y_COR1), vent=ach(3.0),
                   name="Treatment room")
            f.door("1-CLN", cor, (33, 7.5), 1.0)
            f.window("1-CLN", (NB_W, 6.25), 1.2, "garden")
    p.link("STAIR", "stair", "G-ST1", "1-ST1")
    p.link("LIFT", "lift", "G-LIFT", "1-LIFT")
    return p


# ---------------------------------------------------------------------------------------------
# 3. green-house: one single-storey household of 12 around the hearth
# ---------------------------------------------------------------------------------------------

def green_house():
    p = Plan(
        "Green House: one single-storey household of 12 single en-suite rooms around the hearth",
        "A Green House Project home (10-12 residents; Zimmerman et al. 2021, JAMDA 22:489): one "
        "single-storey household of 12 single en-suite rooms in two short wings either side of an "
        "open hearth (lounge, dining and kitchen joined by wide openings) that opens onto a "
        "terrace and garden; bedroom sizes after England NMS 23 (12 m2 excluding en-suite).",
        "new_build", north_deg=165)
    H = p.household("H1", "Green House")
    W = 33.6                 # overall width (two wings of 10.8 and a 12 m hearth)
    Y_C0, Y_C1, Y_N = 5.2, 7.2, 12.4
    XL, XR = 10.8, W - 10.8  # hearth 10.8..22.8
    f = p.floor("G", "Ground floor", 0.0, 2.7)
    p.add_outdoor("TERRACE", "terrace", rect(XL, Y_N, XR, Y_N + 4.0), name="Hearth terrace")
    p.add_outdoor("GARDEN", "garden",
                  [[-6, 0], [0, 0], [0, Y_N], [XL, Y_N], [XL, Y_N + 4.0], [XR, Y_N + 4.0],
                   [XR, Y_N], [W, Y_N], [W, 0], [W + 6, 0], [W + 6, 30], [-6, 30]],
                  name="Garden")

    n = 0
    for wing, mirror in (("CW", False), ("CE", True)):
        P = (lambda poly: mirror_x(poly, W / 2)) if mirror else (lambda poly: poly)
        X = (lambda x: W - x) if mirror else (lambda x: x)
        cor = f.room("G-" + wing, "corridor", P(rect(0, Y_C0, XL, Y_C1)), household=H,
                     vent=ach(1.5), name="West wing" if not mirror else "East wing")
        f.door(cor, "GARDEN", (X(0), (Y_C0 + Y_C1) / 2), 1.0)
        for x0 in (0.0, 3.6, 7.2):
            for row in ("S", "N"):
                n += 1
                bed = [[x0, 0], [x0 + 3.6, 0], [x0 + 3.6, 3.0], [x0 + 1.4, 3.0], [x0 + 1.4, Y_C0],
                       [x0, Y_C0]]
                es = rect(x0 + 1.4, 3.0, x0 + 3.6, Y_C0)
                # En-suite door in its wall facing the bed, so the toilet can be seen from it.
                d_bed, d_es, w_at = (x0 + 0.7, Y_C0), (x0 + 2.5, 3.0), (x0 + 1.8, 0)
                outlook = "street"
                if row == "N":   # mirror in the corridor centre line
                    bed, es = mirror_y(bed, Y_N / 2), mirror_y(es, Y_N / 2)
                    d_bed, d_es, w_at = ((d_bed[0], Y_N - d_bed[1]), (d_es[0], Y_N - d_es[1]),
                                         (w_at[0], Y_N - w_at[1]))
                    outlook = "garden"
                b = f.room("G-B%02d" % n, "bedroom", P(bed), beds=1, household=H, vent=ach(2.0))
                e = f.room("G-ES%02d" % n, "ensuite", P(es), household=H, vent=ach(6.0))
                f.door(b, cor, (X(d_bed[0]), d_bed[1]), 1.0)
                f.door(e, b, (X(d_es[0]), d_es[1]), 0.9)
                f.window(b, (X(w_at[0]), w_at[1]), 1.5, outlook, height_m=1.6, sill_m=0.6)
    # The hearth: lounge, dining and kitchen open to each other.
    f.room("G-LNG", "lounge", rect(XL, 0, 16.8, Y_N), household=H, vent=ach(3.0),
           name="Hearth lounge")
    f.room("G-KIT", "kitchen", rect(16.8, 0, XR, Y_C0), household=H, vent=ach(6.0),
           name="Open kitchen")
    f.room("G-DIN", "dining", rect(16.8, Y_C0, XR, Y_N), household=H, vent=ach(3.0),
           name="Dining (one table)")
    f.door("G-CW", "G-LNG", (XL, 6.2), 1.2)
    f.door("G-CE", "G-DIN", (XR, 6.2), 1.2)
    f.door("G-LNG", "G-KIT", (16.8, 2.6), 2.4)
    f.door("G-LNG", "G-DIN", (16.8, 8.8), 3.0)
    f.door("G-KIT", "G-DIN", (19.8, Y_C0), 2.4)
    f.door("G-LNG", "TERRACE", (13.8, Y_N), 1.8)
    f.door("G-DIN", "TERRACE", (19.8, Y_N), 1.2)
    f.window("G-LNG", (11.8, Y_N), 1.2, "garden", height_m=2.1, sill_m=0.3)
    f.window("G-LNG", (15.8, Y_N), 1.4, "garden", height_m=2.1, sill_m=0.3)
    f.window("G-DIN", (17.9, Y_N), 1.4, "garden", height_m=2.1, sill_m=0.3)
    f.window("G-DIN", (21.7, Y_N), 1.4, "garden", height_m=2.1, sill_m=0.3)
    # Support rooms along the front, off the entrance.
    Y_F = -4.5
    f.room("G-STO", "store", rect(XL, Y_F, 13, 0), name="Store")
    f.room("G-ENT", "entrance", rect(13, Y_F, 17, 0), vent=ach(2.0), name="Front door")
    f.room("G-OFF", "office", rect(17, Y_F, 19.6, -2.2), name="Office")
    f.room("G-SWC", "wc", rect(17, -2.2, 19.6, 0), vent=ach(6.0), name="Staff WC")
    f.room("G-LAUN", "laundry", rect(19.6, Y_F, XR, 0), vent=ach(4.0), name="Laundry")
    f.door("G-STO", "G-LNG", (11.9, 0), 0.9, "staff_only")
    f.door("G-ENT", "outside", (15, Y_F), 1.2, "automatic")
    f.door("G-ENT", "G-LNG", (14.9, 0), 1.2)
    f.door("G-OFF", "G-ENT", (17, -3.35), 0.9, "staff_only")
    f.door("G-SWC", "G-ENT", (17, -1.1), 0.8, "staff_only")
    f.door("G-LAUN", "G-KIT", (21.2, 0), 1.0, "staff_only")
    f.window("G-ENT", (13.7, Y_F), 0.8, "street", height_m=2.1, sill_m=0.1)
    f.window("G-OFF", (18.3, Y_F), 1.0, "street")
    f.window("G-LAUN", (21.2, Y_F), 1.0, "street", height_m=1.0, sill_m=1.1)
    f.window("G-LAUN", (XR, -2.25), 0.8, "garden", height_m=1.0, sill_m=1.1)
    return p


# ---------------------------------------------------------------------------------------------
# 4. victorian-conversion: a converted double-fronted villa, three floors
# ---------------------------------------------------------------------------------------------

def bay(x0):
    """Canted bay on the front wall y = 0 between x0 and x0 + 3 (projects 0.9 m)."""
    return [[x0, 0], [x0 + 0.6, -0.9], [x0 + 2.4, -0.9], [x0 + 3.0, 0]]


def victorian_conversion():
    p = Plan(
        "Victorian conversion: a double-fronted villa converted into a home for 16",
        "A Victorian villa converted into a care home (the small 'existing' homes of England NMS "
        "23.8, 10 m2 singles and 16 m2 shared rooms): bay-windowed rooms, an L-shaped through "
        "lounge, a two-storey back addition, an angled 1990s garden room, original 0.7-0.76 m "
        "doors, three floors (the top one under lower ceilings), a lift cut in later, a few "
        "squeezed-in en-suites and shared bathrooms; mostly shared rooms, as in the crowded homes "
        "of Brown et al. 2021.",
        "existing", north_deg=180)
    H = p.household("H1", "The house")
    orig = 0.76   # original panelled doors
    bed_vent = ach(0.8)   # sash windows, chimney breasts, no mechanical ventilation
    p.add_outdoor("FRONT", "garden",
                  [[-2, -6], [14, -6], [14, 0], [11, 0], [10.4, -0.9], [8.6, -0.9], [8, 0],
                   [7, 0], [7, -1.2], [5, -1.2], [5, 0], [4, 0], [3.4, -0.9], [1.6, -0.9],
                   [1, 0], [-2, 0]], name="Front garden")
    p.add_outdoor("GARDEN", "garden",
                  [[-3, 10], [0, 10], [1.2, 15.6], [6.5, 14.2], [5, 10], [7, 10], [7, 16],
                   [12, 16], [12, 10], [15, 10], [15, 30], [-3, 30]], name="Rear garden")

    hall = [[5, 0], [7, 0], [7, 3.5], [6, 3.5], [6, 7.5], [7, 7.5], [7, 10], [5, 10]]
    stair = rect(6, 3.5, 7, 7.5)
    lift = rect(3.2, 7.5, 5, 10)
    front_left = [[0, 0]] + bay(1) + [[5, 0]]      # followed by the back of the room
    front_right = [[7, 0]] + bay(8) + [[12, 0]]

    # ---- ground floor (3.0 m ceilings) ------------------------------------------------------
    g = p.floor("G", "Ground floor", 0.0, 3.0)
    g.room("G-PORCH", "entrance", rect(5, -1.2, 7, 0), name="Porch")
    g.room("G-HALL", "corridor", hall, household=H, name="Hall")
    g.room("G-ST", "stair", stair, name="Original stair")
    g.room("G-LIFT", "lift", lift, name="Lift (added 2004)")
    g.room("G-LNG", "lounge", front_left + [[5, 5.5], [3.2, 5.5], [3.2, 10], [0, 10]],
           household=H, vent=ach(1.0), name="Through lounge (front and back parlours)")
    g.room("G-WC", "wc", rect(3.2, 5.5, 5, 7.5), household=H, vent=ach(4.0), name="WC")
    g.room("G-B01", "bedroom", front_right + [[12, 5], [7, 5]], beds=2, household=H,
           vent=bed_vent, name="Front bay bedroom")
    g.room("G-DIN", "dining", rect(7, 5, 12, 10), household=H, vent=ach(1.0), name="Dining room")
    g.room("G-KIT", "kitchen", rect(7, 10, 12, 13.5), vent=ach(6.0), name="Kitchen (back addition)")
    g.room("G-LAUN", "laundry", rect(7, 13.5, 12, 16), vent=ach(4.0), name="Laundry (old scullery)")
    g.room("G-GR", "garden_room", [[0, 10], [5, 10], [6.5, 14.2], [1.2, 15.6]], household=H,
           vent=ach(1.5), name="Garden room (1990s extension, set at an angle)")
    g.door("G-PORCH", "outside", (6, -1.2), 1.0)
    g.door("G-PORCH", "FRONT", (7, -0.6), 0.9)
    g.door("G-PORCH", "G-HALL", (6, 0), 0.84)
    g.door("G-LNG", "G-HALL", (5, 2.75), 0.9)
    g.door("G-WC", "G-HALL", (5, 6.5), 0.7)
    g.door("G-LIFT", "G-HALL", (5, 8.75), 0.8, "automatic")
    g.door("G-ST", "G-HALL", (6, 4.2), 0.8)
    g.door("G-B01", "G-HALL", (7, 1.75), orig)
    g.door("G-DIN", "G-HALL", (7, 8.75), 0.9)
    g.door("G-KIT", "G-DIN", (9.5, 10), 0.76, "staff_only")
    g.door("G-LAUN", "G-KIT", (9.5, 13.5), 0.76, "staff_only")
    g.door("G-LNG", "G-GR", (1.6, 10), 1.5)
    g.door("G-GR", "GARDEN", (3.85, 14.9), 1.5)
    g.door("G-HALL", "GARDEN", (6, 10), 0.8)
    g.window("G-LNG", (2.5, -0.9), 1.2, "street", height_m=2.0, sill_m=0.7, obstruction_deg=10)
    g.window("G-LNG", (1.3, -0.45), 0.6, "street", height_m=2.0, sill_m=0.7)
    g.window("G-LNG", (3.7, -0.45), 0.6, "street", height_m=2.0, sill_m=0.7)
    g.window("G-LNG", (0, 7.5), 1.0, "garden", height_m=1.8, sill_m=0.8, obstruction_deg=25)
    g.window("G-B01", (9.5, -0.9), 1.2, "street", height_m=2.0, sill_m=0.7, obstruction_deg=10)
    g.window("G-B01", (8.3, -0.45), 0.6, "street", height_m=2.0, sill_m=0.7)
    g.window("G-B01", (10.7, -0.45), 0.6, "street", height_m=2.0, sill_m=0.7)
    g.window("G-DIN", (12, 7.5), 1.2, "garden", height_m=1.8, sill_m=0.8, obstruction_deg=30)
    g.window("G-KIT", (12, 11.75), 1.0, "garden", height_m=1.2, sill_m=1.0, obstruction_deg=30)
    g.window("G-KIT", (7, 11.75), 1.0, "garden", height_m=1.2, sill_m=1.0)
    g.window("G-LAUN", (12, 14.75), 0.8, "garden", height_m=1.0, sill_m=1.1)
    g.window("G-GR", (5.75, 12.1), 2.4, "garden", height_m=2.0, sill_m=0.5)
    g.window("G-GR", (0.6, 12.8), 2.4, "garden", height_m=2.0, sill_m=0.5)

    # ---- first floor (2.8 m) ----------------------------------------------------------------
    f1 = p.floor("1", "First floor", 3.3, 2.8)
    f1.room("1-HALL", "corridor", hall, household=H, name="Landing")
    f1.room("1-ST", "stair", stair, name="Original stair")
    f1.room("1-LIFT", "lift", lift, name="Lift (added 2004)")
    f1.room("1-B01", "bedroom", front_left + [[5, 3.2], [3.6, 3.2], [3.6, 5], [0, 5]], beds=2,
            household=H, vent=bed_vent, name="Front bay bedroom")
    f1.room("1-ES01", "ensuite", rect(3.6, 3.2, 5, 5), household=H, vent=ach(6.0),
            name="Shower en-suite (squeezed in)")
    f1.room("1-B02", "bedroom", [[0, 5], [5, 5], [5, 6.2], [3.2, 6.2], [3.2, 10], [0, 10]],
            beds=1, household=H, vent=bed_vent, name="Back bedroom")
    f1.room("1-ES02", "ensuite", rect(3.2, 6.2, 5, 7.5), household=H, vent=ach(6.0),
            name="En-suite WC (squeezed in)")
    f1.room("1-B03", "bedroom", front_right + [[12, 5], [7, 5]], beds=2, household=H,
            vent=bed_vent, name="Front bay bedroom")
    f1.room("1-COR", "corridor", rect(7, 7.5, 8.2, 16), household=H, name="Passage to back addition")
    f1.room("1-B04", "bedroom", [[7, 5], [12, 5], [12, 9], [11, 10], [8.2, 10], [8.2, 7.5],
                                 [7, 7.5]], beds=2, household=H, vent=bed_vent,
            name="Back bedroom (chamfered corner)")
    f1.room("1-BATH", "bathroom", rect(8.2, 10, 12, 13), household=H, vent=ach(4.0),
            name="Shared bathroom")
    f1.room("1-B05", "bedroom", rect(8.2, 13, 12, 16), beds=1, household=H, vent=bed_vent,
            name="Back-addition bedroom")
    f1.door("1-ST", "1-HALL", (6, 4.2), 0.8)
    f1.door("1-LIFT", "1-HALL", (5, 8.75), 0.8, "automatic")
    f1.door("1-B01", "1-HALL", (5, 1.6), orig)
    f1.door("1-ES01", "1-B01", (3.6, 4.1), 0.7)
    f1.door("1-B02", "1-HALL", (5, 5.6), orig)
    f1.door("1-ES02", "1-B02", (3.2, 6.85), 0.7)
    f1.door("1-B03", "1-HALL", (7, 1.75), orig)
    f1.door("1-COR", "1-HALL", (7, 8.75), 0.8)
    f1.door("1-B04", "1-COR", (8.2, 8.75), orig)
    f1.door("1-BATH", "1-COR", (8.2, 11.5), 0.8)
    f1.door("1-B05", "1-COR", (8.2, 14.5), orig)
    f1.window("1-B01", (2.5, -0.9), 1.2, "street", height_m=1.8, sill_m=0.7, obstruction_deg=8)
    f1.window("1-B01", (1.3, -0.45), 0.6, "street", height_m=1.8, sill_m=0.7)
    f1.window("1-B01", (3.7, -0.45), 0.6, "street", height_m=1.8, sill_m=0.7)
    f1.window("1-B02", (0, 7.5), 1.0, "garden", height_m=1.6, sill_m=0.8)
    f1.window("1-B02", (1.6, 10), 1.0, "garden", height_m=1.6, sill_m=0.8)
    f1.window("1-B03", (9.5, -0.9), 1.2, "street", height_m=1.8, sill_m=0.7, obstruction_deg=8)
    f1.window("1-B03", (8.3, -0.45), 0.6, "street", height_m=1.8, sill_m=0.7)
    f1.window("1-B03", (10.7, -0.45), 0.6, "street", height_m=1.8, sill_m=0.7)
    f1.window("1-B04", (12, 7.0), 1.0, "garden", height_m=1.6, sill_m=0.8, obstruction_deg=25)
    f1.window("1-B04", (11.5, 9.5), 0.9, "garden", height_m=1.6, sill_m=0.8)
    f1.window("1-BATH", (12, 11.5), 0.6, "garden", height_m=0.9, sill_m=1.2)
    f1.window("1-B05", (12, 14.5), 1.0, "garden", height_m=1.4, sill_m=0.8)
    f1.window("1-B05", (10.1, 16), 1.0, "garden", height_m=1.4, sill_m=0.8)
    f1.window("1-COR", (7, 12.5), 0.6, "garden", height_m=1.2, sill_m=1.0)

    # ---- second floor (2.4 m, former servants' rooms) -----------------------------------------
    f2 = p.floor("2", "Second floor", 6.4, 2.4)
    f2.room("2-HALL", "corridor", hall[:-1] + [[5, 10], [5, 6.2], [3.2, 6.2], [3.2, 5], [5, 5]],
            household=H, name="Top landing")
    f2.room("2-ST", "stair", stair, name="Original stair")
    f2.room("2-LIFT", "lift", lift, name="Lift (added 2004)")
    f2.room("2-B01", "bedroom", [[0, 0], [5, 0], [5, 3.3], [3.4, 3.3], [3.4, 5], [0, 5]], beds=2,
            household=H, vent=bed_vent, name="Front attic bedroom")
    f2.room("2-ES01", "ensuite", rect(3.4, 3.3, 5, 5), household=H, vent=ach(6.0),
            name="Shower en-suite (squeezed in)")
    f2.room("2-B02", "bedroom", rect(0, 5, 3.2, 10), beds=1, household=H, vent=bed_vent,
            name="Back attic bedroom")
    f2.room("2-WC", "wc", rect(3.2, 6.2, 5, 7.5), household=H, vent=ach(4.0), name="WC")
    f2.room("2-B03", "bedroom", rect(7, 0, 12, 5), beds=2, household=H, vent=bed_vent,
            name="Front attic bedroom")
    f2.room("2-COR", "corridor", rect(7, 5, 8.2, 10), household=H, name="Passage")
    f2.room("2-B04", "bedroom", rect(8.2, 5, 12, 7.8), beds=1, household=H, vent=bed_vent,
            name="Back attic bedroom")
    f2.room("2-BATH", "bathroom", rect(8.2, 7.8, 12, 10), household=H, vent=ach(4.0),
            name="Shower room")
    f2.door("2-ST", "2-HALL", (6, 4.2), 0.8)
    f2.door("2-LIFT", "2-HALL", (5, 8.75), 0.8, "automatic")
    f2.door("2-B01", "2-HALL", (5, 1.65), orig)
    f2.door("2-ES01", "2-B01", (3.4, 4.15), 0.7)
    f2.door("2-B02", "2-HALL", (3.2, 5.6), orig)
    f2.door("2-WC", "2-HALL", (4.1, 6.2), 0.7)
    f2.door("2-B03", "2-HALL", (7, 1.75), orig)
    f2.door("2-COR", "2-HALL", (7, 8.75), 0.8)
    f2.door("2-B04", "2-COR", (8.2, 6.4), orig)
    f2.door("2-BATH", "2-COR", (8.2, 8.9), 0.76)
    f2.window("2-B01", (2.5, 0), 1.0, "street", height_m=1.2, sill_m=0.8)
    f2.window("2-B01", (0, 2.0), 0.8, "garden", height_m=1.2, sill_m=0.8)
    f2.window("2-B02", (0, 7.5), 0.8, "garden", height_m=1.2, sill_m=0.8)
    f2.window("2-B02", (1.6, 10), 0.8, "garden", height_m=1.2, sill_m=0.8)
    f2.window("2-B03", (9.5, 0), 1.0, "street", height_m=1.2, sill_m=0.8)
    f2.window("2-B03", (12, 2.5), 0.8, "garden", height_m=1.2, sill_m=0.8)
    f2.window("2-B04", (12, 6.4), 0.8, "garden", height_m=1.2, sill_m=0.8)
    f2.window("2-BATH", (10.1, 10), 0.6, "garden", height_m=0.8, sill_m=1.1)
    f2.window("2-HALL", (6, 10), 0.6, "garden", height_m=1.0, sill_m=1.0)

    p.link("STAIR-G1", "stair", "G-ST", "1-ST")
    p.link("STAIR-12", "stair", "1-ST", "2-ST")
    p.link("LIFT-G1", "lift", "G-LIFT", "1-LIFT")
    p.link("LIFT-12", "lift", "1-LIFT", "2-LIFT")
    return p


PLANS = {
    "legacy-corridor.json": legacy_corridor,
    "household-newbuild.json": household_newbuild,
    "green-house.json": green_house,
    "victorian-conversion.json": victorian_conversion,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: floorplans/)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for fname, build in PLANS.items():
        path = os.path.join(args.out, fname)
        text = build().to_json()
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
        print("wrote", path)


if __name__ == "__main__":
    main()

"""Write the bad-drawing fixtures in tests/dxf/fixtures/ with ezdxf, and expect.json: for each
fixture, the handles (as ezdxf assigned them), layer and diagnostic code the import must report.

Usage (from the repository root): .venv/bin/python tests/dxf/make_bad_fixtures.py
The outputs are committed; the Rust test (tests/dxf_bad.rs) needs no Python.
"""
import json
import os

import ezdxf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def base(units=6):
    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = units
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (4, 0), (4, 3), (0, 3)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("R1 lounge", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((2, 1.5))
    return doc, msp


def open_outline(msp):
    e = msp.add_lwpolyline([(10, 0), (14, 0), (14, 3), (10, 3)], close=False, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("R9 store", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((12, 1.5))
    return [("dxf-open-outline", e.dxf.handle, "A-AREA-BNDY")]


def tag_outside(msp):
    e = msp.add_text("X1 office", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((-5, -5))
    return [("dxf-tag-outside", e.dxf.handle, "A-AREA-IDEN")]


def two_tags(msp):
    msp.add_lwpolyline([(0, 3), (4, 3), (4, 6), (0, 6)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("R2 dining", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((1, 4.5))
    e = msp.add_mtext("R3\\Pkitchen", dxfattribs={"layer": "A-AREA-IDEN", "insert": (3, 4.5)})
    return [("dxf-two-tags", e.dxf.handle, "A-AREA-IDEN")]


def untagged(msp):
    e = msp.add_lwpolyline([(4, 0), (8, 0), (8, 3), (4, 3)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    return [("dxf-untagged-outline", e.dxf.handle, "A-AREA-BNDY")]


def door_one_room(msp):
    # Room R4 drawn 0.2 m away from R1 (outlines at wall faces, not centrelines).
    msp.add_lwpolyline([(0, -3.2), (4, -3.2), (4, -0.2), (0, -0.2)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("R4 office", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((2, -1.5))
    e = msp.add_line((1.5, 0), (2.5, 0), dxfattribs={"layer": "A-DOOR"})
    return [("dxf-door-one-room", e.dxf.handle, "A-DOOR")]


def self_intersecting(msp):
    e = msp.add_lwpolyline([(20, 0), (24, 3), (24, 0), (20, 3)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("R5 store", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((21, 1.5))
    return [("dxf-self-intersecting", e.dxf.handle, "A-AREA-BNDY")]


def unsupported(msp):
    s = msp.add_spline([(30, 0), (31, 1), (32, 0), (33, 1)], dxfattribs={"layer": "A-AREA-BNDY"})
    el = msp.add_ellipse((2, 0), major_axis=(0.5, 0), ratio=0.5, dxfattribs={"layer": "A-DOOR"})
    return [
        ("dxf-unsupported-entity", s.dxf.handle, "A-AREA-BNDY"),
        ("dxf-unsupported-entity", el.dxf.handle, "A-DOOR"),
    ]


CASES = {
    "open-outline": [open_outline],
    "tag-outside": [tag_outside],
    "two-tags": [two_tags],
    "untagged": [untagged],
    "door-one-room": [door_one_room],
    "self-intersecting": [self_intersecting],
    "unsupported": [unsupported],
    "many-problems": [open_outline, tag_outside, two_tags, untagged, door_one_room, self_intersecting, unsupported],
}


def main():
    os.makedirs(OUT, exist_ok=True)
    expect = {}
    for name, parts in CASES.items():
        doc, msp = base()
        found = []
        for part in parts:
            found += part(msp)
        doc.saveas(os.path.join(OUT, name + ".dxf"))
        expect[name] = [{"code": c, "handle": h, "layer": l} for c, h, l in found]
    doc, _ = base(units=3)  # miles: a unit carehome does not convert
    doc.saveas(os.path.join(OUT, "unknown-units.dxf"))
    expect["unknown-units"] = [{"code": "dxf-unknown-units", "handle": None, "layer": None}]
    with open(os.path.join(OUT, "not-a-drawing.dxf"), "w") as f:
        f.write("this is not a DXF file\n")
    expect["not-a-drawing"] = [{"code": "dxf-unreadable", "handle": None, "layer": None}]
    with open(os.path.join(OUT, "dwg-renamed.dxf"), "wb") as f:
        f.write(b"AC1032\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
    expect["dwg-renamed"] = [{"code": "dxf-unreadable", "handle": None, "layer": None}]
    with open(os.path.join(OUT, "expect.json"), "w") as f:
        json.dump(expect, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

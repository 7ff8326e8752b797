"""Write test drawings with ezdxf, an independent DXF writer, for tests/dxf_ezdxf.rs.

Usage: python gen_ezdxf.py OUT_DIR

The geometry is documented here and the expected values are computed by hand in the Rust test
(tests/dxf_ezdxf.rs); keep the two in step. Units are millimetres unless stated.

home-*.dxf (one storey):
  C1 entrance   rectangle (0,0)-(12000,2000)                                  24.0 m2
  L1 lounge     (0,2000)-(6000,2000)-(6000,6000)-(0,6000), closing edge bulge 1
                (a half circle of radius 2000 bulging to x<0)                24 + 2*pi m2
  BED_MODULE    block: outline (0,0)-(2000,1800) on A-AREA-BNDY at half scale, with a nested
                DOOR block (hinge at its origin, unit leaf and 90 deg swing) at (600,1800), scale 450
  B1            BED_MODULE at (0,-3600), scale 2                  -> [0,4000]x[-3600,0]
  B2            BED_MODULE at (8000,0), scale 2, rotation 180     -> [4000,8000]x[-3600,0]
  B3            BED_MODULE at (12000,-3600), xscale -2, yscale 2  -> [8000,12000]x[-3600,0]
  GARDEN        A-AREA-OUTD rectangle (0,-8000)-(12000,-3600)
  doors         LINEs (2500,2000)-(3500,2000) and (4800,0)-(5700,0) on A-DOOR; DOOR block at (12000,500) rot 90 scale 1000
  windows       LINE (1000,-3600)-(2500,-3600) on A-GLAZ; WIN block at (3000,6000) scale 2000 with
                attributes ID=W-L1 HEIGHT=1500 SILL=800
  tags          TEXT/MTEXT with formatting codes on A-AREA-IDEN
"""
import math
import os
import sys

import ezdxf


def home(version, units=4, mtext=True):
    doc = ezdxf.new(version)
    doc.header["$INSUNITS"] = units
    for name in ["A-AREA-BNDY", "A-AREA-IDEN", "A-DOOR", "A-GLAZ", "A-AREA-OUTD"]:
        doc.layers.add(name)
    msp = doc.modelspace()
    lw = version != "R12"

    def outline(space, pts, layer, bulges=None):
        bulges = bulges or [0] * len(pts)
        if lw:
            space.add_lwpolyline(
                [(x, y, 0, 0, b) for (x, y), b in zip(pts, bulges)],
                format="xyseb",
                close=True,
                dxfattribs={"layer": layer},
            )
        else:
            space.add_polyline2d(
                [(x, y, 0, 0, b) for (x, y), b in zip(pts, bulges)],
                format="xyseb",
                close=True,
                dxfattribs={"layer": layer},
            )

    door = doc.blocks.new("DOOR")
    door.add_line((0, 0), (0, 1))
    door.add_arc(center=(0, 0), radius=1, start_angle=0, end_angle=90)
    win = doc.blocks.new("WIN")
    win.add_line((-0.5, 0), (0.5, 0))
    win.add_line((-0.5, 0.05), (0.5, 0.05))
    mod = doc.blocks.new("BED_MODULE")
    outline(mod, [(0, 0), (2000, 0), (2000, 1800), (0, 1800)], "A-AREA-BNDY")
    mod.add_blockref("DOOR", (600, 1800), dxfattribs={"layer": "A-DOOR", "xscale": 450, "yscale": 450})

    outline(msp, [(0, 0), (12000, 0), (12000, 2000), (0, 2000)], "A-AREA-BNDY")
    outline(msp, [(0, 2000), (6000, 2000), (6000, 6000), (0, 6000)], "A-AREA-BNDY", [0, 0, 0, 1])
    outline(msp, [(0, -8000), (12000, -8000), (12000, -3600), (0, -3600)], "A-AREA-OUTD")
    msp.add_blockref("BED_MODULE", (0, -3600), dxfattribs={"xscale": 2, "yscale": 2})
    msp.add_blockref("BED_MODULE", (8000, 0), dxfattribs={"xscale": 2, "yscale": 2, "rotation": 180})
    msp.add_blockref("BED_MODULE", (12000, -3600), dxfattribs={"xscale": -2, "yscale": 2})
    msp.add_line((2500, 2000), (3500, 2000), dxfattribs={"layer": "A-DOOR"})
    msp.add_line((4800, 0), (5700, 0), dxfattribs={"layer": "A-DOOR"})
    msp.add_blockref("DOOR", (12000, 500), dxfattribs={"layer": "A-DOOR", "xscale": 1000, "yscale": 1000, "rotation": 90})
    msp.add_line((1000, -3600), (2500, -3600), dxfattribs={"layer": "A-GLAZ"})
    w = msp.add_blockref("WIN", (3000, 6000), dxfattribs={"layer": "A-GLAZ", "xscale": 2000, "yscale": 2000})
    for tag, value in [("ID", "W-L1"), ("HEIGHT", "1500"), ("SILL", "800")]:
        w.add_attrib(tag, value, insert=(3000, 6200), dxfattribs={"layer": "A-GLAZ"})

    iden = {"layer": "A-AREA-IDEN", "height": 200}
    msp.add_text("C1 entrance", dxfattribs=iden).set_placement((500, 1000))
    msp.add_text("B1 bedroom 1 household=H1", dxfattribs=iden).set_placement((2000, -1800))
    msp.add_text("%%uB2%%u bedroom", dxfattribs=iden).set_placement((6000, -1800))
    msp.add_text("GARDEN garden", dxfattribs=iden).set_placement((6000, -6000))
    if mtext:
        msp.add_mtext(r"{\fArial|b1;\H1.5x;L1}\Plounge", dxfattribs={"layer": "A-AREA-IDEN", "insert": (3000, 4000)})
        msp.add_mtext(r"\C1;B3\Pbedroom\P1", dxfattribs={"layer": "A-AREA-IDEN", "insert": (10000, -1800)})
    else:
        msp.add_text("L1 lounge", dxfattribs=iden).set_placement((3000, 4000))
        msp.add_text("B3 bedroom 1", dxfattribs=iden).set_placement((10000, -1800))
    return doc


def floors():
    """Two storeys in one drawing, by layer prefix `G$` and `1$`, joined by stair S1 (metres)."""
    doc = ezdxf.new("R2013")
    doc.header["$INSUNITS"] = 6
    msp = doc.modelspace()
    for f, elev in [("G", 0), ("1", 3.2)]:
        b, t, d = f + "$A-AREA-BNDY", f + "$A-AREA-IDEN", f + "$A-DOOR"
        msp.add_lwpolyline([(0, 0), (10, 0), (10, 2), (0, 2)], close=True, dxfattribs={"layer": b})
        msp.add_lwpolyline([(10, 0), (13, 0), (13, 2), (10, 2)], close=True, dxfattribs={"layer": b})
        msp.add_line((10, 0.5), (10, 1.5), dxfattribs={"layer": d})
        msp.add_text(f + "C " + ("entrance" if f == "G" else "corridor"), dxfattribs={"layer": t}).set_placement((1, 1))
        if f == "G":
            msp.add_line((0, 0.5), (0, 1.5), dxfattribs={"layer": d})
        msp.add_text(f + "S stair link=S1", dxfattribs={"layer": t}).set_placement((11, 1))
        extra = " height=2.6" if f == "1" else ""
        msp.add_text(f"FLOOR {f} elevation={elev}{extra}", dxfattribs={"layer": t}).set_placement((0, -2))
    return doc


def extras():
    """Metres. K1: an outline drawn mirrored (extrusion (0,0,-1), OCS x = -world x) covering
    [0,4]x[0,3]. S1..S3: a MINSERT of block STORE (outline (0,0)-(2,2)) at (0,3), 1 row x 3
    columns, column spacing 2 -> [0,2], [2,4], [4,6] x [3,5]. E1: a 4 m-radius CIRCLE at (10,0)."""
    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = 6
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (-4, 0), (-4, 3), (0, 3)], close=True,
                       dxfattribs={"layer": "A-AREA-BNDY", "extrusion": (0, 0, -1)})
    msp.add_text("K1 kitchen", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((2, 1.5))
    store = doc.blocks.new("STORE")
    store.add_lwpolyline([(0, 0), (2, 0), (2, 2), (0, 2)], close=True, dxfattribs={"layer": "A-AREA-BNDY"})
    ins = msp.add_blockref("STORE", (0, 3))
    ins.grid(size=(1, 3), spacing=(2, 2))
    for i in range(3):
        msp.add_text(f"S{i + 1} store", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((2 * i + 1, 4))
    msp.add_circle((10, 0), 4, dxfattribs={"layer": "A-AREA-BNDY"})
    msp.add_text("E1 activity", dxfattribs={"layer": "A-AREA-IDEN"}).set_placement((10, 0))
    return doc


def main(out):
    os.makedirs(out, exist_ok=True)
    home("R2018").saveas(os.path.join(out, "home-r2018.dxf"))
    home("R2018").saveas(os.path.join(out, "home-r2018-binary.dxf"), fmt="bin")
    home("R2000").saveas(os.path.join(out, "home-r2000.dxf"))
    home("R12", mtext=False).saveas(os.path.join(out, "home-r12.dxf"))
    home("R2010", units=0).saveas(os.path.join(out, "home-unitless.dxf"))
    floors().saveas(os.path.join(out, "floors.dxf"))
    extras().saveas(os.path.join(out, "extras.dxf"))
    print("ezdxf", ezdxf.__version__, "wrote", out)


if __name__ == "__main__":
    main(sys.argv[1])

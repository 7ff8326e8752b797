"""Write small IFC models with IfcOpenShell for tests/ifc_ifcopenshell.rs, and what IfcOpenShell
itself reads from them (the oracle): space names, storeys, elevations and footprint areas.

Each model: storey "Ground" at 0 and "First" at 3 m; on the ground an entrance "Foyer" (0..4 x 0..3 m)
and a "Schlafzimmer 1" across a wall of thickness t (0..4 x 3+t..6+t), a door in that wall (placed
at its jamb, width along its x axis, no space boundary: linked by geometry), a door from the foyer to
the outside; on the first floor one "Office" (rectangle profile, rotated placement) with a door to
a balcony (outside). Lengths in the
model's unit (m, mm or ft). Usage: python gen_ifcopenshell.py OUT_DIR
"""
import json, math, os, sys
import ifcopenshell, ifcopenshell.guid, ifcopenshell.geom, ifcopenshell.util.shape, ifcopenshell.util.placement

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
oracle = {}

def model(schema, unit, t_m):
    f = ifcopenshell.file(schema=schema)
    k = {"m": 1.0, "mm": 1000.0, "ft": 1 / 0.3048}[unit]
    L = lambda x: float(x) * k
    g = lambda: ifcopenshell.guid.new()
    if unit == "m":
        lu = f.createIfcSIUnit(None, "LENGTHUNIT", None, "METRE")
    elif unit == "mm":
        lu = f.createIfcSIUnit(None, "LENGTHUNIT", "MILLI", "METRE")
    else:
        m = f.createIfcSIUnit(None, "LENGTHUNIT", None, "METRE")
        dims = f.createIfcDimensionalExponents(1, 0, 0, 0, 0, 0, 0)
        mwu = f.createIfcMeasureWithUnit(f.createIfcLengthMeasure(0.3048), m)
        lu = f.createIfcConversionBasedUnit(dims, "LENGTHUNIT", "FOOT", mwu)
    ua = f.createIfcUnitAssignment([lu])
    person = f.createIfcPerson(None, "Test", None, None, None, None, None, None)
    org = f.createIfcOrganization(None, "carehome tests", None, None, None)
    app = f.createIfcApplication(org, "1", "gen_ifcopenshell", "gen")
    oh = f.createIfcOwnerHistory(f.createIfcPersonAndOrganization(person, org, None), app, None, "ADDED", None, None, None, 0)
    origin = f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, 0.0)), None, None)
    ctx = f.createIfcGeometricRepresentationContext(None, "Model", 3, 1e-5, origin, None)
    project = f.createIfcProject(g(), oh, "Test project", None, None, None, None, [ctx], ua)
    def place(rel, xyz, xdir=(1.0, 0.0, 0.0)):
        ax = f.createIfcAxis2Placement3D(
            f.createIfcCartesianPoint(tuple(L(c) for c in xyz)),
            f.createIfcDirection((0.0, 0.0, 1.0)),
            f.createIfcDirection(xdir),
        )
        return f.createIfcLocalPlacement(rel, ax)
    site_pl = place(None, (10.0, 20.0, 0.0))
    site = f.createIfcSite(g(), oh, "Site", None, None, site_pl, None, None, "ELEMENT", None, None, None, None, None)
    bld_pl = place(site_pl, (0.0, 0.0, 0.0))
    bld = f.createIfcBuilding(g(), oh, "Test home", None, None, bld_pl, None, None, "ELEMENT", None, None, None)
    f.createIfcRelAggregates(g(), oh, None, None, project, [site])
    f.createIfcRelAggregates(g(), oh, None, None, site, [bld])
    storeys = []
    for name, z in [("Ground", 0.0), ("First", 3.0)]:
        pl = place(bld_pl, (0.0, 0.0, z))
        st = f.createIfcBuildingStorey(g(), oh, name, None, None, pl, None, None, "ELEMENT", L(z))
        storeys.append((st, pl))
    f.createIfcRelAggregates(g(), oh, None, None, bld, [s for s, _ in storeys])
    def extruded(profile, h):
        solid = f.createIfcExtrudedAreaSolid(profile, origin, f.createIfcDirection((0.0, 0.0, 1.0)), L(h))
        rep = f.createIfcShapeRepresentation(ctx, "Body", "SweptSolid", [solid])
        return f.createIfcProductDefinitionShape(None, None, [rep])
    def poly_profile(pts):
        pl = f.createIfcPolyline([f.createIfcCartesianPoint((L(x), L(y))) for x, y in pts + [pts[0]]])
        return f.createIfcArbitraryClosedProfileDef("AREA", None, pl)
    def space(name, long, storey, pl, shape):
        sp = f.createIfcSpace(g(), oh, name, None, None, pl, shape, long, "ELEMENT", "INTERNAL", None)
        return sp
    g_st, g_pl = storeys[0]
    f_st, f_pl = storeys[1]
    s1 = space("S01", "Foyer", g_st, place(g_pl, (0, 0, 0)), extruded(poly_profile([(0, 0), (4, 0), (4, 3), (0, 3)]), 2.5))
    s2 = space("S02", "Schlafzimmer 1", g_st, place(g_pl, (0, 3 + t_m, 0)), extruded(poly_profile([(0, 0), (4, 0), (4, 3), (0, 3)]), 2.5))
    rect = f.createIfcRectangleProfileDef("AREA", None, f.createIfcAxis2Placement2D(f.createIfcCartesianPoint((L(2.5), L(1.5))), None), L(5.0), L(3.0))
    s3 = space("S11", "Office", f_st, place(f_pl, (1.0, 1.0, 0.0), (0.0, 1.0, 0.0)), extruded(rect, 2.6))
    f.createIfcRelAggregates(g(), oh, None, None, g_st, [s1, s2])
    f.createIfcRelAggregates(g(), oh, None, None, f_st, [s3])
    def door(name, x, y, w, xdir=(1.0, 0.0, 0.0)):
        d = f.createIfcDoor(g(), oh, name, None, None, place(g_pl, (x, y, 0.0), xdir), None, None, L(2.0), L(w))
        return d
    # Door in the wall between S01 and S02, placed at its left jamb (x = 1.55), mid-wall.
    d1 = door("Inner door", 1.55, 3 + t_m / 2, 0.9)
    # Door to the outside in the foyer's bottom edge, at its jamb x = 1.5 on the face y = 0.
    d2 = door("Front door", 1.5, 0.0, 1.0)
    f.createIfcRelContainedInSpatialStructure(g(), oh, None, None, [d1, d2], g_st)
    # The office's door onto a balcony (outside), on its edge x = 1 (world, relative to the site).
    d3 = f.createIfcDoor(g(), oh, "Balcony door", None, None, place(f_pl, (1.0, 3.0, 0.0), (0.0, 1.0, 0.0)), None, None, L(2.0), L(0.9))
    f.createIfcRelContainedInSpatialStructure(g(), oh, None, None, [d3], f_st)
    return f

variants = [("IFC2X3", "m", 0.1), ("IFC4", "m", 0.25), ("IFC4", "mm", 0.5), ("IFC2X3", "mm", 0.3), ("IFC4", "ft", 0.2)]
settings = ifcopenshell.geom.settings()
settings.set(settings.USE_WORLD_COORDS, True)
for schema, unit, t in variants:
    name = f"two-rooms-{schema}-{unit}.ifc"
    f = model(schema, unit, t)
    path = os.path.join(out, name)
    f.write(path)
    g = ifcopenshell.open(path)
    unit_m = ifcopenshell.util.unit.calculate_unit_scale(g) if hasattr(ifcopenshell.util, "unit") else None
    import ifcopenshell.util.unit as U
    unit_m = U.calculate_unit_scale(g)
    spaces = []
    for s in g.by_type("IfcSpace"):
        shape = ifcopenshell.geom.create_shape(settings, s)
        area = ifcopenshell.util.shape.get_footprint_area(shape.geometry)
        st = [r.RelatingObject for r in s.Decomposes][0]
        spaces.append({"name": s.Name, "long_name": s.LongName, "storey": st.Name,
                       "elevation_m": st.Elevation * unit_m, "area_m2": area})
    oracle[name] = {"wall_m": t, "unit_m": unit_m, "spaces": spaces, "doors": len(g.by_type("IfcDoor"))}
with open(os.path.join(out, "oracle.json"), "w") as fh:
    json.dump(oracle, fh, indent=1)
print("wrote", len(variants), "models to", out)

"""Write IFC models whose spaces have bodies of every kind the importer sections, with
IfcOpenShell's footprint areas (ifcopenshell.util.shape.get_footprint_area on its own
triangulation) and plan boxes as the oracle, for tests/ifc_ifcopenshell.rs.

One storey at 0 m, spaces side by side along x, each 2 m deep (y) unless said:
- X1 an L-shaped profile in a vertical plane extruded sideways (as Revit writes stair spaces):
  3 m long at the floor, 2.6 m above 1.2 m;
- X2 a faceted Brep of an L-shaped prism (4 x 3 m less 2 x 1.5 m), 2.5 m high;
- X3 an upright extrusion placed through an IfcMappedItem (map origin and a translating target);
- X4 an upright box clipped by a sloping half space above 2 m (IfcBooleanClippingResult);
- IFC4 only: X5 an IfcPolygonalFaceSet of the L prism, X6 an IfcTriangulatedFaceSet of a
  pentagonal prism.
Usage: python gen_bodies.py OUT_DIR
"""
import json, os, sys
import ifcopenshell, ifcopenshell.guid, ifcopenshell.geom, ifcopenshell.util.shape

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
L_SHAPE = [(0, 0), (4, 0), (4, 1.5), (2, 1.5), (2, 3), (0, 3)]
PENTAGON = [(0, 0), (3, 0), (3.5, 1.5), (1.5, 3), (-0.5, 1.5)]

def prism_faces(pts, h):
    n = len(pts)
    bottom = [(x, y, 0.0) for x, y in reversed(pts)]
    top = [(x, y, h) for x, y in pts]
    sides = [[(pts[k][0], pts[k][1], 0.0), (pts[(k + 1) % n][0], pts[(k + 1) % n][1], 0.0),
              (pts[(k + 1) % n][0], pts[(k + 1) % n][1], h), (pts[k][0], pts[k][1], h)] for k in range(n)]
    return [bottom, top] + sides

def model(schema):
    f = ifcopenshell.file(schema=schema)
    g = ifcopenshell.guid.new
    ua = f.createIfcUnitAssignment([f.createIfcSIUnit(None, "LENGTHUNIT", None, "METRE")])
    pt = lambda *c: f.createIfcCartesianPoint(tuple(float(x) for x in c))
    d = lambda *c: f.createIfcDirection(tuple(float(x) for x in c))
    origin = f.createIfcAxis2Placement3D(pt(0, 0, 0), None, None)
    ctx = f.createIfcGeometricRepresentationContext(None, "Model", 3, 1e-5, origin, None)
    person = f.createIfcPerson(None, "Test", None, None, None, None, None, None)
    org = f.createIfcOrganization(None, "carehome tests", None, None, None)
    app = f.createIfcApplication(org, "1", "gen_bodies", "gen")
    oh = f.createIfcOwnerHistory(f.createIfcPersonAndOrganization(person, org, None), app, None, "ADDED", None, None, None, 0)
    project = f.createIfcProject(g(), oh, "Bodies", None, None, None, None, [ctx], ua)
    place = lambda rel, x: f.createIfcLocalPlacement(rel, f.createIfcAxis2Placement3D(pt(x, 0, 0), None, None))
    site_pl = place(None, 0)
    site = f.createIfcSite(g(), oh, "Site", None, None, site_pl, None, None, "ELEMENT", None, None, None, None, None)
    bld = f.createIfcBuilding(g(), oh, "Bodies", None, None, site_pl, None, None, "ELEMENT", None, None, None)
    st_pl = place(site_pl, 0)
    st = f.createIfcBuildingStorey(g(), oh, "Ground", None, None, st_pl, None, None, "ELEMENT", 0.0)
    f.createIfcRelAggregates(g(), oh, None, None, project, [site])
    f.createIfcRelAggregates(g(), oh, None, None, site, [bld])
    f.createIfcRelAggregates(g(), oh, None, None, bld, [st])
    def poly(pts):
        return f.createIfcPolyline([pt(*p) for p in pts + [pts[0]]])
    def profile(pts):
        return f.createIfcArbitraryClosedProfileDef("AREA", None, poly(pts))
    def shape(items, kind):
        return f.createIfcProductDefinitionShape(None, None, [f.createIfcShapeRepresentation(ctx, "Body", kind, items)])
    spaces = []
    def space(name, x, items, kind):
        spaces.append(f.createIfcSpace(g(), oh, name, None, None, place(st_pl, x), shape(items, kind), name + " room", "ELEMENT", "INTERNAL", None))
    # X1: profile in the x-z plane (local x = world x, local y = z x x = world z), extruded 2 m
    # along local z = world -y from y = 2.
    side = f.createIfcAxis2Placement3D(pt(0, 2, 0), d(0, -1, 0), d(1, 0, 0))
    x1 = f.createIfcExtrudedAreaSolid(profile([(0, 0), (3, 0), (3, 1.2), (2.6, 1.2), (2.6, 2.5), (0, 2.5)]), side, d(0, 0, 1), 2.0)
    space("X1", 0, [x1], "SweptSolid")
    # X2: faceted Brep.
    faces = [f.createIfcFace([f.createIfcFaceOuterBound(f.createIfcPolyLoop([pt(*p) for p in fc]), True)]) for fc in prism_faces(L_SHAPE, 2.5)]
    space("X2", 10, [f.createIfcFacetedBrep(f.createIfcClosedShell(faces))], "Brep")
    # X3: mapped item.
    src = f.createIfcExtrudedAreaSolid(profile([(0, 0), (3, 0), (3, 2), (0, 2)]), origin, d(0, 0, 1), 2.5)
    rmap = f.createIfcRepresentationMap(f.createIfcAxis2Placement3D(pt(0.5, 0, 0), None, None),
                                        f.createIfcShapeRepresentation(ctx, "Body", "SweptSolid", [src]))
    target = f.createIfcCartesianTransformationOperator3D(None, None, pt(1, 0.5, 0), None, None)
    space("X3", 20, [f.createIfcMappedItem(rmap, target)], "MappedRepresentation")
    # X4: box clipped by a plane sloping up from 2 m.
    box = f.createIfcExtrudedAreaSolid(profile([(0, 0), (3.5, 0), (3.5, 2), (0, 2)]), origin, d(0, 0, 1), 3.0)
    plane = f.createIfcPlane(f.createIfcAxis2Placement3D(pt(0, 0, 2.0), d(-0.3, 0, 1), d(1, 0, 0.3)))
    clip = f.createIfcBooleanClippingResult("DIFFERENCE", box, f.createIfcHalfSpaceSolid(plane, False))
    space("X4", 30, [clip], "Clipping")
    if schema != "IFC2X3":
        pl = f.createIfcCartesianPointList3D([(float(x), float(y), z) for z in (0.0, 2.5) for x, y in L_SHAPE])
        n = len(L_SHAPE)
        idx = [list(range(n, 0, -1)), list(range(n + 1, 2 * n + 1))] + [[k + 1, (k + 1) % n + 1, (k + 1) % n + 1 + n, k + 1 + n] for k in range(n)]
        space("X5", 40, [f.createIfcPolygonalFaceSet(pl, True, [f.createIfcIndexedPolygonalFace(i) for i in idx], None)], "Tessellation")
        m = len(PENTAGON)
        pts = [(float(x), float(y), z) for z in (0.0, 2.5) for x, y in PENTAGON]
        tris = []
        for k in range(1, m - 1):
            tris.append([1, k + 2, k + 1])
            tris.append([m + 1, m + k + 1, m + k + 2])
        for k in range(m):
            a, b = k + 1, (k + 1) % m + 1
            tris += [[a, b, b + m], [a, b + m, a + m]]
        space("X6", 50, [f.createIfcTriangulatedFaceSet(f.createIfcCartesianPointList3D(pts), None, True, tris, None)], "Tessellation")
    f.createIfcRelAggregates(g(), oh, None, None, st, spaces)
    return f

settings = ifcopenshell.geom.settings()
settings.set(settings.USE_WORLD_COORDS, True)
oracle = {}
for schema in ["IFC2X3", "IFC4"]:
    name = f"bodies-{schema}.ifc"
    path = os.path.join(out, name)
    model(schema).write(path)
    g = ifcopenshell.open(path)
    oracle[name] = {}
    for s in g.by_type("IfcSpace"):
        shape = ifcopenshell.geom.create_shape(settings, s)  # kept alive while its geometry is read
        v = shape.geometry.verts
        oracle[name][s.Name] = {"area_m2": ifcopenshell.util.shape.get_footprint_area(shape.geometry),
                                "box": [min(v[0::3]), min(v[1::3]), max(v[0::3]), max(v[1::3])]}
with open(os.path.join(out, "bodies.json"), "w") as fh:
    json.dump(oracle, fh, indent=1)
print(json.dumps(oracle))

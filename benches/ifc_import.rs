//! IFC import (issue #17): a 102-space, 3-storey model (per storey a corridor and 33 bedrooms
//! across a 0.2 m wall, each with a door linked by IfcRelSpaceBoundary, and 300 property values
//! per space as BIM exports carry) read into a plan. Target: ≤ 1 s. Run: `cargo bench --bench
//! ifc_import`.

use carehome::ifc::{IfcOptions, import_bytes};
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

const STOREYS: usize = 3;
const BEDROOMS: usize = 33;
const PROPS_PER_SPACE: usize = 300;

/// The model as STEP text, written here (not by a tool) so the bench needs nothing installed.
fn model() -> String {
    let mut s = String::from(
        "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('bench','',(''),(''),'','','');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n",
    );
    let mut n = 100u64;
    let mut next = || {
        n += 1;
        n
    };
    s.push_str("#1=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);\n#2=IFCUNITASSIGNMENT((#1));\n");
    s.push_str("#3=IFCCARTESIANPOINT((0.,0.,0.));\n#4=IFCAXIS2PLACEMENT3D(#3,$,$);\n#5=IFCDIRECTION((0.,0.,1.));\n");
    s.push_str("#6=IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-5,#4,$);\n#7=IFCPROJECT('p',$,'Bench',$,$,$,$,(#6),#2);\n");
    s.push_str("#8=IFCLOCALPLACEMENT($,#4);\n#9=IFCBUILDING('b',$,'Bench home',$,$,#8,$,$,.ELEMENT.,$,$,$);\n");
    let mut storeys = Vec::new();
    let rect = |s: &mut String,
                next: &mut dyn FnMut() -> u64,
                x0: f64,
                y0: f64,
                x1: f64,
                y1: f64|
     -> u64 {
        let pts: Vec<u64> = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
            .iter()
            .map(|(x, y)| {
                let id = next();
                let _ = writeln!(
                    s,
                    "#{id}=IFCCARTESIANPOINT(({:.1},{:.1}));",
                    x * 1000.0,
                    y * 1000.0
                );
                id
            })
            .collect();
        let pl = next();
        let list: Vec<String> = pts.iter().map(|p| format!("#{p}")).collect();
        let _ = writeln!(s, "#{pl}=IFCPOLYLINE(({}));", list.join(","));
        let prof = next();
        let _ = writeln!(s, "#{prof}=IFCARBITRARYCLOSEDPROFILEDEF(.AREA.,$,#{pl});");
        let solid = next();
        let _ = writeln!(s, "#{solid}=IFCEXTRUDEDAREASOLID(#{prof},#4,#5,2600.);");
        let rep = next();
        let _ = writeln!(
            s,
            "#{rep}=IFCSHAPEREPRESENTATION(#6,'Body','SweptSolid',(#{solid}));"
        );
        let pds = next();
        let _ = writeln!(s, "#{pds}=IFCPRODUCTDEFINITIONSHAPE($,$,(#{rep}));");
        pds
    };
    for k in 0..STOREYS {
        let z = 3000.0 * k as f64;
        let (p, a, st) = (next(), next(), next());
        let pt = next();
        let _ = writeln!(
            s,
            "#{pt}=IFCCARTESIANPOINT((0.,0.,{z:.1}));\n#{a}=IFCAXIS2PLACEMENT3D(#{pt},$,$);\n#{p}=IFCLOCALPLACEMENT(#8,#{a});"
        );
        let _ = writeln!(
            s,
            "#{st}=IFCBUILDINGSTOREY('st{k}',$,'Level {k}',$,$,#{p},$,$,.ELEMENT.,{z:.1});"
        );
        storeys.push(st);
        let mut spaces = Vec::new();
        let len = BEDROOMS as f64 * 3.2;
        let corr_shape = rect(&mut s, &mut next, 0.0, 0.0, len, 2.0);
        let corr = next();
        let use_c = if k == 0 { "Entrance hall" } else { "Corridor" };
        let _ = writeln!(
            s,
            "#{corr}=IFCSPACE('c{k}',$,'C{k}',$,$,#{p},#{corr_shape},'{use_c}',.ELEMENT.,.INTERNAL.,$);"
        );
        spaces.push(corr);
        for b in 0..BEDROOMS {
            let x0 = b as f64 * 3.2;
            let shape = rect(&mut s, &mut next, x0, 2.2, x0 + 3.0, 6.2);
            let sp = next();
            let _ = writeln!(
                s,
                "#{sp}=IFCSPACE('s{k}-{b}',$,'B{k}{b:02}',$,$,#{p},#{shape},'Bedroom {b}',.ELEMENT.,.INTERNAL.,$);"
            );
            spaces.push(sp);
            for q in 0..PROPS_PER_SPACE {
                let id = next();
                let _ = writeln!(
                    s,
                    "#{id}=IFCPROPERTYSINGLEVALUE('P{q}',$,IFCLABEL('value {q}'),$);"
                );
            }
            let (dp, da, dpt, door, rel1, rel2) = (next(), next(), next(), next(), next(), next());
            let _ = writeln!(
                s,
                "#{dpt}=IFCCARTESIANPOINT(({:.1},2100.,{z:.1}));\n#{da}=IFCAXIS2PLACEMENT3D(#{dpt},$,$);\n#{dp}=IFCLOCALPLACEMENT(#8,#{da});",
                (x0 + 1.0) * 1000.0
            );
            let _ = writeln!(
                s,
                "#{door}=IFCDOOR('d{k}-{b}',$,'Door',$,$,#{dp},$,$,2000.,900.,$,$,$);"
            );
            let _ = writeln!(
                s,
                "#{rel1}=IFCRELSPACEBOUNDARY('r1{k}-{b}',$,$,$,#{corr},#{door},$,.PHYSICAL.,.INTERNAL.);"
            );
            let _ = writeln!(
                s,
                "#{rel2}=IFCRELSPACEBOUNDARY('r2{k}-{b}',$,$,$,#{sp},#{door},$,.PHYSICAL.,.INTERNAL.);"
            );
        }
        if k == 0 {
            let (dp, da, dpt, door, rel) = (next(), next(), next(), next(), next());
            let _ = writeln!(
                s,
                "#{dpt}=IFCCARTESIANPOINT((0.,500.,0.));\n#{da}=IFCAXIS2PLACEMENT3D(#{dpt},#5,$);\n#{dp}=IFCLOCALPLACEMENT(#8,#{da});"
            );
            let _ = writeln!(
                s,
                "#{door}=IFCDOOR('front',$,'Front door',$,$,#{dp},$,$,2100.,1000.,$,$,$);"
            );
            let _ = writeln!(
                s,
                "#{rel}=IFCRELSPACEBOUNDARY('rf',$,$,$,#{corr},#{door},$,.PHYSICAL.,.EXTERNAL.);"
            );
        }
        let agg = next();
        let list: Vec<String> = spaces.iter().map(|p| format!("#{p}")).collect();
        let _ = writeln!(
            s,
            "#{agg}=IFCRELAGGREGATES('a{k}',$,$,$,#{st},({}));",
            list.join(",")
        );
    }
    let agg = next();
    let list: Vec<String> = storeys.iter().map(|p| format!("#{p}")).collect();
    let _ = writeln!(
        s,
        "#{agg}=IFCRELAGGREGATES('ab',$,$,$,#9,({}));",
        list.join(",")
    );
    s.push_str("ENDSEC;\nEND-ISO-10303-21;\n");
    s
}

fn bench(c: &mut Criterion) {
    let text = model();
    let imported = import_bytes(text.as_bytes(), &IfcOptions::default());
    let plan = imported.plan.expect("the bench model imports");
    let rooms: usize = plan.floors.iter().map(|f| f.rooms.len()).sum();
    let doors: usize = plan.floors.iter().map(|f| f.doors.len()).sum();
    assert_eq!(
        (plan.floors.len(), rooms),
        (STOREYS, STOREYS * (BEDROOMS + 1))
    );
    assert_eq!(doors, STOREYS * BEDROOMS + 1);
    eprintln!(
        "bench model: {} bytes, {rooms} spaces, {doors} doors",
        text.len()
    );
    c.bench_function("ifc_import_102_spaces_3_storeys", |b| {
        b.iter(|| {
            black_box(import_bytes(
                black_box(text.as_bytes()),
                &IfcOptions::default(),
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

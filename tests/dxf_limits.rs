//! Resource limits of the DXF reader (src/limits.rs): a block that inserts itself, an array
//! (MINSERT) of a billion copies and blocks nested to expand exponentially are refused with a
//! message naming the entity and the limit, quickly and without exhausting memory.

use carehome::dxf::{ImportOptions, import_bytes};
use dxf::entities::{Entity, EntityType, Insert, Line};
use dxf::{Block, Drawing, Point};
use std::time::{Duration, Instant};

fn insert(name: &str, cols: i16, rows: i16) -> Entity {
    let ins = Insert {
        name: name.to_string(),
        column_count: cols,
        row_count: rows,
        column_spacing: 1.0,
        row_spacing: 1.0,
        ..Default::default()
    };
    Entity::new(EntityType::Insert(ins))
}

fn line() -> Entity {
    Entity::new(EntityType::Line(Line::new(
        Point::new(0.0, 0.0, 0.0),
        Point::new(1.0, 0.0, 0.0),
    )))
}

fn block(name: &str, entities: Vec<Entity>) -> Block {
    Block {
        name: name.to_string(),
        entities,
        ..Default::default()
    }
}

/// Import a drawing of `blocks` with `top` in model space; the codes found and the time taken.
fn import(blocks: Vec<Block>, top: Vec<Entity>) -> (Vec<carehome::diag::Diagnostic>, Duration) {
    let mut d = Drawing::new();
    for b in blocks {
        d.add_block(b);
    }
    for e in top {
        d.add_entity(e);
    }
    let mut bytes = Vec::new();
    d.save(&mut bytes).unwrap();
    let t = Instant::now();
    let imported = import_bytes(&bytes, &ImportOptions::default());
    (imported.diagnostics, t.elapsed())
}

fn find<'a>(diags: &'a [carehome::diag::Diagnostic], code: &str) -> &'a carehome::diag::Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

#[test]
fn a_block_that_inserts_itself_is_refused() {
    let (diags, took) = import(
        vec![block("SELF", vec![line(), insert("SELF", 1, 1)])],
        vec![insert("SELF", 1, 1)],
    );
    let d = find(&diags, "dxf-block-cycle");
    assert!(
        d.message.contains("inside itself") && d.message.contains("SELF → SELF"),
        "{}",
        d.message
    );
    assert!(d.element.is_some());
    assert!(took < Duration::from_secs(5));
}

#[test]
fn a_huge_minsert_array_is_refused() {
    // 32767 × 32767 copies is a valid DXF and a billion entities.
    let (diags, took) = import(
        vec![block("B", vec![line()])],
        vec![insert("B", 32767, 32767)],
    );
    let d = find(&diags, "dxf-array-too-large");
    assert!(
        d.message.contains("1073676289 copies") && d.message.contains("10000"),
        "{}",
        d.message
    );
    assert!(took < Duration::from_secs(5));
}

#[test]
fn exponential_nesting_stops_at_the_entity_cap() {
    // L0 holds 10 copies of L1, … L6 holds a line: 10^7 lines after expansion, past the 10^6 cap.
    let mut blocks = vec![block("L7", vec![line()])];
    for k in (0..7).rev() {
        let inner = format!("L{}", k + 1);
        blocks.push(block(
            &format!("L{k}"),
            (0..10).map(|_| insert(&inner, 1, 1)).collect(),
        ));
    }
    let (diags, took) = import(blocks, vec![insert("L0", 1, 1)]);
    let d = find(&diags, "dxf-too-many-entities");
    assert!(
        d.message.contains("more than 1000000 entities"),
        "{}",
        d.message
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("CAREHOME_MAX_DXF_ENTITIES")
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "dxf-too-many-entities")
            .count(),
        1
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let mut blocks = vec![block("D20", vec![line()])];
    for k in (0..20).rev() {
        blocks.push(block(
            &format!("D{k}"),
            vec![insert(&format!("D{}", k + 1), 1, 1)],
        ));
    }
    let (diags, _) = import(blocks, vec![insert("D0", 1, 1)]);
    let d = find(&diags, "dxf-block-too-deep");
    assert!(d.message.contains("more than 16 levels"), "{}", d.message);
}

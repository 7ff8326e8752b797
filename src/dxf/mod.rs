//! DXF import and export.
//!
//! Import ([`import_bytes`]): the drawing's model space is flattened (blocks expanded, arcs
//! replaced by chords within a stated tolerance, units converted to metres), then closed outlines
//! on the room layer become rooms named by the tags inside them, and door and window symbols are
//! snapped onto the room edges they sit on. Export ([`export_dxf`]) writes a plan as a correctly
//! layered drawing that imports back to the same plan. The layer convention and tag syntax are in
//! `docs/dxf.md`. No file I/O here: bytes in, bytes out.
//!
//! Sources: Autodesk, *AutoCAD 2018 DXF Reference* (group codes, `$INSUNITS`, OCS); AIA CAD
//! Layer Guidelines and U.S. National CAD Standard v6 (layer names).

pub mod export;
pub mod flatten;
pub mod import;
pub mod mapping;
pub mod tags;

pub use export::export_dxf;
pub use import::{
    CHORD_TOLERANCE_M, ImportOptions, Imported, Input, SNAP_M, Sources, Units, annotate,
    import_bytes, import_many, parse,
};
pub use mapping::LayerMapping;

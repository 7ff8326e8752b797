//! The plan format `carehome-plan/1`: serde types, JSON loading and element-level validation.
//!
//! ```
//! let src = std::fs::read_to_string("floorplans/green-house.json").unwrap();
//! let plan = carehome::plan::from_json_str(&src).expect("bundled plans parse");
//! assert_eq!(plan.schema, carehome::plan::PLAN_SCHEMA);
//! ```

mod id_text;
mod load;
pub mod normalise;
mod strict;
mod types;
pub mod validate;

pub use id_text::check_id_text;
pub use load::{
    Staged, from_json_staged, from_json_str, from_value, line_of_id, locate_lines, text_of,
};
pub use normalise::normalise;
pub use types::*;

/// The JSON Schema of the plan format, generated from the Rust types.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Plan)).expect("a schema is always serialisable")
}

//! The drawing → plan core shared by the readers of drawings and models (`dxf`, `ifc`): what a
//! room, a door or a guessed use is, independent of how a file is parsed (DESIGN.md §10).

pub mod report;
pub mod uses;

pub use report::{Guess, GuessReport};

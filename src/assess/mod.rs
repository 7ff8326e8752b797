//! Quality-of-life and infection-control indicators measured from geometry alone.
//!
//! Today: the geometry schedule ([`schedule`]): rooms by use, bedrooms and beds, single-room and
//! en-suite shares, residents per shared bathroom, the Brown et al. (2021) crowding index and
//! communal space per resident.

mod schedule;
pub mod vga;

pub use schedule::{FloorRow, HouseholdRow, Schedule, UseRow, schedule};

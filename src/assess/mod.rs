//! Quality-of-life and infection-control indicators measured from geometry alone.
//!
//! Today: the geometry schedule ([`schedule`]): rooms by use, bedrooms and beds, single-room and
//! en-suite shares, residents per shared bathroom, the Brown et al. (2021) crowding index and
//! communal space per resident; daylight ([`daylight`]): the BRE average daylight factor, the
//! limiting-depth rule and a point daylight-factor grid toward EN 17037.

pub mod daylight;
mod schedule;

pub use daylight::{
    AdfResult, DaylightReport, DaylightRow, DfGrid, LimitingDepth, assess_daylight, df_grid,
    limiting_depth, room_adf,
};

pub use schedule::{FloorRow, HouseholdRow, Schedule, UseRow, schedule};

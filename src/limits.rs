//! Every resource limit of carehome in one place, each with its reason and how to raise it.
//!
//! A limit exists so that bad or hostile input is refused with a message instead of hanging the
//! machine or exhausting its memory. The numbers are assumptions chosen far above any real care
//! home (the largest bundled plan, `floorplans/`, is under 100 kB with 64 rooms; the largest UK care
//! homes have about 200 beds) and far below what would hurt a laptop. Every error that hits one
//! names the limit and, where it can be raised, the environment variable that raises it.
//! `docs/limits.md` lists them with the plausible ranges of scenario, option and manifest fields.

/// Largest text input (plan JSON, option, scenario, manifest, profile or layer-mapping TOML), bytes.
/// Reason: these files are read whole and parsed into trees several times their size; a
/// 1000-room plan is about 2 MB. Raise with [`MAX_INPUT_MB_ENV`].
pub const MAX_TEXT_INPUT_BYTES: u64 = 32 << 20;

/// Largest DXF drawing, bytes. Reason: the DXF reader holds the whole drawing in memory (several
/// times the file size); a detailed floor of a large building is 10–50 MB. Raise with
/// [`MAX_INPUT_MB_ENV`].
pub const MAX_DRAWING_BYTES: u64 = 256 << 20;

/// Environment variable that raises both input size caps: a size in MiB.
pub const MAX_INPUT_MB_ENV: &str = "CAREHOME_MAX_INPUT_MB";

/// The size cap of an input file: `default`, or [`MAX_INPUT_MB_ENV`] MiB when that is set to a
/// positive whole number (an unparsable value keeps the default).
pub fn input_cap_bytes(default: u64) -> u64 {
    cap_from_mib(std::env::var(MAX_INPUT_MB_ENV).ok().as_deref(), default)
}

/// `value` (MiB, a positive whole number) in bytes, else `default`.
fn cap_from_mib(value: Option<&str>, default: u64) -> u64 {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&mb| mb > 0)
        .map_or(default, |mb| mb.saturating_mul(1 << 20))
}

/// Longest element id, characters. Reason: ids appear in every message, table and file name
/// stem; a real id is a room number ("B12"). Not raisable: an id this long is a mistake.
pub const MAX_ID_CHARS: usize = 200;

/// Longest plan or option name, characters. Reason: names are printed in tables and reports.
pub const MAX_NAME_CHARS: usize = 1_000;

/// Deepest DXF block nesting followed (an INSERT inside a block inside a block …). Reason: CAD
/// blocks nest a few levels; deeper is a drawing error or a cycle, and each level multiplies the
/// work.
pub const MAX_BLOCK_DEPTH: usize = 16;

/// Most copies one DXF INSERT may make (MINSERT columns × rows). Reason: a MINSERT of 32767 × 32767
/// is a valid DXF but a billion copies; a real array of windows or beds has tens.
pub const MAX_INSERT_ARRAY: u64 = 10_000;

/// Most entities a DXF drawing may expand to after blocks and arrays, in total. Reason: every
/// expanded entity is held in memory (about 1 kB with its geometry). Raise with
/// [`MAX_DXF_ENTITIES_ENV`].
pub const MAX_DXF_ENTITIES: u64 = 1_000_000;

/// Environment variable that raises [`MAX_DXF_ENTITIES`].
pub const MAX_DXF_ENTITIES_ENV: &str = "CAREHOME_MAX_DXF_ENTITIES";

/// The expanded-entity cap in effect ([`MAX_DXF_ENTITIES`] or its environment variable).
pub fn dxf_entity_cap() -> u64 {
    std::env::var(MAX_DXF_ENTITIES_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(MAX_DXF_ENTITIES)
}

/// Most replicates per sweep point or simulation. Reason: a Monte Carlo summary converges to a
/// few tenths of a percent by 10 000 replicates; more is a typing error.
pub const MAX_REPLICATES: u32 = 100_000;

/// Most simulated days. Reason: an outbreak in a care home runs weeks; a year covers any study.
pub const MAX_DAYS: u32 = 366;

/// Most values on one sweep axis (a grid axis or a list). Reason: a main-effect plot of more
/// values is unreadable and the grid grows as their product.
pub const MAX_AXIS_VALUES: usize = 10_000;

/// Largest memory a sweep's bookkeeping may be estimated to need before anything is allocated,
/// bytes (points × their parameters and results held while merging). Reason: stay well inside a
/// laptop's memory. Split the study (shards write to one folder) to go beyond.
pub const MAX_SWEEP_MEMORY_BYTES: u64 = 2 << 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_cap_variable_is_read_in_mib() {
        assert_eq!(cap_from_mib(None, 123), 123);
        assert_eq!(cap_from_mib(Some("64"), 123), 64 << 20);
        assert_eq!(cap_from_mib(Some(" 2 "), 123), 2 << 20);
        for bad in ["", "0", "-5", "1.5", "lots"] {
            assert_eq!(cap_from_mib(Some(bad), 123), 123, "{bad:?}");
        }
        assert_eq!(cap_from_mib(Some("18446744073709551615"), 1), u64::MAX);
    }
}

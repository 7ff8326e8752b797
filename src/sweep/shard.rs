//! Deterministic slices of a sweep: shard `I/N` (1 ≤ I ≤ N) takes the points whose position in
//! the design order is `I−1` modulo `N`. Round-robin rather than contiguous blocks, so each shard
//! gets a similar mix of plans and levels (and so a similar running time).

use super::point::Point;
use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count` (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole sweep.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// The points of this shard, in design order.
    pub fn select<'a>(&self, points: &'a [Point]) -> Vec<&'a Point> {
        points
            .iter()
            .enumerate()
            .filter(|(i, _)| (*i as u64) % self.count as u64 == (self.index - 1) as u64)
            .map(|(_, p)| p)
            .collect()
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("shard {s:?}: write I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            "2/3".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 3 }
        );
        for bad in ["0/3", "4/3", "x", "1/0", "1-3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}

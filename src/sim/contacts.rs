//! Contact episodes. People sitting or standing still: an episode opens when the second of a pair
//! arrives at a spot within [`CONTACT_M`] with a line of sight and closes when one leaves, so its
//! duration is exact and costs nothing per step. People walking: pairs are sampled every
//! `contact_sample_s` seconds; consecutive samples of a pair join into one episode (a gap of more
//! than 1.5 samples ends it), each sample counting for one sample interval.

use super::Zone;
use super::record::Contact;
use rustc_hash::FxHashMap as HashMap;

pub use super::record::{CLOSE_M, CONTACT_M};

#[derive(Clone, Copy, Debug)]
struct Open {
    t0_s: f64,
    last_s: f64,
    dist_m: f64,
    zone: Zone,
}

/// Open episodes and the closed ones.
#[derive(Debug, Default)]
pub struct Tracker {
    still: HashMap<(u32, u32), Open>,
    walk: HashMap<(u32, u32), Open>,
    pub closed: Vec<Contact>,
    sample_s: f64,
}

fn key(a: u32, b: u32) -> (u32, u32) {
    if a < b { (a, b) } else { (b, a) }
}

impl Tracker {
    pub fn new(sample_s: f64) -> Self {
        Tracker {
            sample_s,
            ..Default::default()
        }
    }

    fn close(&mut self, k: (u32, u32), o: Open, t1_s: f64) {
        let dur = t1_s - o.t0_s;
        if dur >= 1.0 {
            self.closed.push(Contact {
                a: k.0,
                b: k.1,
                zone: o.zone,
                t0_s: o.t0_s,
                dur_s: dur,
                dist_m: o.dist_m,
            });
        }
    }

    /// Two people still at spots `dist_m` apart from `t_s`.
    pub fn open_still(&mut self, a: u32, b: u32, t_s: f64, dist_m: f64, zone: Zone) {
        self.still.insert(
            key(a, b),
            Open {
                t0_s: t_s,
                last_s: t_s,
                dist_m,
                zone,
            },
        );
    }

    /// One of a still pair leaves at `t_s`.
    pub fn close_still(&mut self, a: u32, b: u32, t_s: f64) {
        let k = key(a, b);
        if let Some(o) = self.still.remove(&k) {
            self.close(k, o, t_s);
        }
    }

    /// A sampled pair (at least one walking) within contact distance at `t_s`.
    pub fn seen(&mut self, a: u32, b: u32, t_s: f64, dist_m: f64, zone: Zone) {
        let k = key(a, b);
        let gap = 1.5 * self.sample_s;
        match self.walk.get_mut(&k) {
            Some(o) if t_s - o.last_s <= gap => {
                o.last_s = t_s;
                o.dist_m = o.dist_m.min(dist_m);
            }
            _ => {
                if let Some(o) = self.walk.remove(&k) {
                    self.close(k, o, o.last_s + self.sample_s);
                }
                self.walk.insert(
                    k,
                    Open {
                        t0_s: t_s,
                        last_s: t_s,
                        dist_m,
                        zone,
                    },
                );
            }
        }
    }

    /// Close sampled episodes not seen since `t_s - 1.5 samples`.
    pub fn expire(&mut self, t_s: f64) {
        let gap = 1.5 * self.sample_s;
        let mut stale: Vec<(u32, u32)> = self
            .walk
            .iter()
            .filter(|(_, o)| t_s - o.last_s > gap)
            .map(|(k, _)| *k)
            .collect();
        stale.sort_unstable();
        for k in stale {
            let o = self.walk.remove(&k).expect("present");
            self.close(k, o, o.last_s + self.sample_s);
        }
    }

    /// Close everything at the end of the run; episodes come out sorted by start, then pair.
    pub fn finish(mut self, t_s: f64) -> Vec<Contact> {
        let mut still: Vec<_> = self.still.drain().collect();
        still.sort_unstable_by_key(|(k, _)| *k);
        for (k, o) in still {
            self.close(k, o, t_s);
        }
        let mut walk: Vec<_> = self.walk.drain().collect();
        walk.sort_unstable_by_key(|(k, _)| *k);
        for (k, o) in walk {
            let end = (o.last_s + self.sample_s).min(t_s);
            self.close(k, o, end);
        }
        let mut v = self.closed;
        v.sort_by(|x, y| {
            x.t0_s
                .total_cmp(&y.t0_s)
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
                .then(x.dur_s.total_cmp(&y.dur_s))
        });
        v
    }
}

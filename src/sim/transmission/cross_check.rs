//! The cross-check of our physics against Lasser et al. 2021's calibrated contact network.

use super::super::Role;
use super::model::Model;
use super::replicate::{DayState, ExposeBuffers};
use crate::epi::airborne::{RoomAir, infection_probability};
use serde::Serialize;

/// Mean risk of infection per pair-day of one fully infectious, unmasked person, by Lasser et al.
/// 2021's contact types (room air and close range together), from a movement pattern; `None`
/// where the pattern has no such pairs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LasserCrossCheck {
    /// Residents sharing a bedroom ("close", Lasser weight 1).
    pub room_mates: Option<f64>,
    /// Residents within 1.5 m of each other in a dining room on that day ("intermediate", 0.5).
    pub table_neighbours: Option<f64>,
    /// Other residents of the same household or floor group ("far", 0.25).
    pub same_area_residents: Option<f64>,
    /// Permanent carer or nurse to resident, any two ("far", 0.25).
    pub carer_to_resident: Option<f64>,
    /// Permanent carer or nurse to another permanent staff member ("far", 0.25).
    pub carer_to_staff: Option<f64>,
    /// Share of residents' face-to-face conversation time spent with other residents in the
    /// pattern (Siette et al. 2022 observed 0.548; [`CONVERSATION_WITH_RESIDENTS_SHARE`](super::CONVERSATION_WITH_RESIDENTS_SHARE)).
    pub resident_conversation_with_residents: Option<f64>,
    /// Expected infections per day caused by one fully infectious resident (all others
    /// susceptible), room air and close range.
    pub secondary_per_day_from_resident: (f64, f64),
    /// The same from one carer or nurse.
    pub secondary_per_day_from_carer: (f64, f64),
}

impl Model {
    /// Risk per pair-day of one fully infectious, unmasked person (room air + close range), by
    /// Lasser et al. 2021's contact types, averaged over the pattern days; and the expected number
    /// of infections per day such a person causes. Every other person is susceptible, nobody is
    /// isolated or absent. Used to compare our physics with Lasser's calibrated network
    /// (`docs/epi.md` §7).
    pub fn lasser_cross_check(&self) -> LasserCrossCheck {
        let n = self.roles.len();
        let nn = 2 * n;
        let mut sums = [(0.0, 0usize); 5];
        let (mut sec_res, mut sec_carer) = ((0.0, 0.0, 0usize), (0.0, 0.0, 0usize));
        let absent = vec![false; n];
        let isolated = vec![false; n];
        let mut buf = ExposeBuffers::default();
        let mut susceptible: Vec<bool> = (0..nn)
            .map(|j| j < n && self.roles[j] != Role::Visitor)
            .collect();
        let mut inf = vec![0.0; nn];
        let mut dose_air = vec![0.0; nn];
        let mut dose_cr = vec![0.0; nn];
        for e in 0..n {
            let re = self.roles[e];
            let carer = matches!(re, Role::Carer | Role::Nurse) && !self.agency[e];
            if re != Role::Resident && !carer {
                continue;
            }
            inf[e] = 1.0;
            susceptible[e] = false;
            for d in 0..self.pattern_days {
                let mut air: Vec<RoomAir> = (0..self.rooms)
                    .map(|z| RoomAir::new(self.volume_m3[z], self.loss_per_h[z]))
                    .collect();
                let day = DayState {
                    d,
                    inf: &inf,
                    susceptible: &susceptible,
                    absent: &absent,
                    isolated: &isolated,
                };
                self.expose(&day, &mut air, &mut buf, &mut dose_air, &mut dose_cr, None);
                let p = |j: usize| infection_probability(dose_air[j] + dose_cr[j]);
                let (mut pa, mut pc) = (0.0, 0.0);
                for j in 0..n {
                    let q = dose_air[j] + dose_cr[j];
                    if q > 0.0 {
                        pa += p(j) * dose_air[j] / q;
                        pc += p(j) * dose_cr[j] / q;
                    }
                }
                let sec = if carer { &mut sec_carer } else { &mut sec_res };
                sec.0 += pa;
                sec.1 += pc;
                sec.2 += 1;
                for j in 0..n {
                    if j != e && carer && self.roles[j].is_staff() && !self.agency[j] {
                        sums[4].0 += p(j);
                        sums[4].1 += 1;
                    }
                    if j == e || self.roles[j] != Role::Resident {
                        continue;
                    }
                    if carer {
                        sums[3].0 += p(j);
                        sums[3].1 += 1;
                    } else if self.bedroom[j].is_some() && self.bedroom[j] == self.bedroom[e] {
                        sums[0].0 += p(j);
                        sums[0].1 += 1;
                    } else if self.dining_pairs[d as usize]
                        .binary_search(&(e.min(j) as u32, e.max(j) as u32))
                        .is_ok()
                    {
                        sums[1].0 += p(j);
                        sums[1].1 += 1;
                    } else if self.group[j] == self.group[e] {
                        sums[2].0 += p(j);
                        sums[2].1 += 1;
                    }
                }
                dose_air.iter_mut().for_each(|x| *x = 0.0);
                dose_cr.iter_mut().for_each(|x| *x = 0.0);
            }
            inf[e] = 0.0;
            susceptible[e] = true;
        }
        let (mut rr, mut rs) = (0.0, 0.0);
        for c in self.pairs.iter().flatten() {
            match (self.roles[c.a as usize], self.roles[c.b as usize]) {
                (Role::Resident, Role::Resident) => rr += 2.0 * c.face_h,
                (Role::Resident, r) | (r, Role::Resident) if r.is_staff() => rs += c.face_h,
                _ => {}
            }
        }
        let mean = |(s, k): (f64, usize)| (k > 0).then(|| s / k as f64);
        let per = |(a, c, k): (f64, f64, usize)| {
            if k == 0 {
                (0.0, 0.0)
            } else {
                (a / k as f64, c / k as f64)
            }
        };
        LasserCrossCheck {
            room_mates: mean(sums[0]),
            table_neighbours: mean(sums[1]),
            same_area_residents: mean(sums[2]),
            carer_to_resident: mean(sums[3]),
            carer_to_staff: mean(sums[4]),
            resident_conversation_with_residents: (rr + rs > 0.0).then(|| rr / (rr + rs)),
            secondary_per_day_from_resident: per(sec_res),
            secondary_per_day_from_carer: per(sec_carer),
        }
    }
}

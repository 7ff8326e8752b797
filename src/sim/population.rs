//! Who lives and works in the home: residents from beds, staff by role, shift and cohort, agency
//! staff (a new person each shift they cover), visitors (created by the day's plan).

use super::scenario::{Cohorting, MealPlace, Scenario};
use super::spots::Spots;
use super::{Role, Zone, zone_count};
use crate::building::{Building, Side};
use crate::geom::P2;
use crate::ped::{Group, agent::uniform};
use crate::plan::{OutdoorUse, RoomUse};
use rand_chacha::ChaCha12Rng;

/// Early, late, night shift; office hours.
pub const SHIFTS: usize = 3;
pub const OFFICE: usize = 3;

/// Walking speed factor of residents with dementia. Assumption: people with dementia walk ≈10%
/// slower than peers (gait-speed studies report 10–20% lower usual speed, e.g. van Iersel et al.
/// 2004; the lower end is taken because care-home peers are already slow).
pub const DEMENTIA_SPEED_FACTOR: f64 = 0.9;

/// A person in the simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: u32,
    pub role: Role,
    /// Cohort group (see [`Population::groups`]); visitors: their resident's group.
    pub group: usize,
    /// Residents: bedroom zone and bed point.
    pub bedroom: Option<Zone>,
    pub bed: Option<P2>,
    pub mobility: Group,
    pub dementia: bool,
    pub wanders: bool,
    pub speed_m_s: f64,
    /// Staff: shift (0 early, 1 late, 2 night, 3 office hours).
    pub shift: Option<usize>,
    /// Agency or bank staff (a different person each shift, who also works elsewhere).
    pub agency: bool,
    /// Residents: dining room and seat number in it; lounge and seat; toilet.
    pub dining: Option<(Zone, usize)>,
    pub lounge: Option<(Zone, usize)>,
    pub toilet: Option<Zone>,
    /// Visitors: the resident visited.
    pub visiting: Option<u32>,
    /// Staff slot this person fills (index into [`Population::slots`]).
    pub slot: Option<usize>,
}

/// A cohort group: the residents a set of staff care for, and its places.
#[derive(Clone, Debug)]
pub struct CohortGroup {
    pub name: String,
    pub residents: Vec<u32>,
    pub floor: usize,
    /// Nurse station (or office / corridor) where staff of the group stand by.
    pub station: Zone,
    /// Dining rooms and lounges the group's residents use.
    pub dining: Vec<Zone>,
    pub lounges: Vec<Zone>,
    /// Rooms the group's domestic cleans, in order.
    pub clean: Vec<Zone>,
}

/// A staff position on a shift; filled each day by its permanent person or an agency person.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffSlot {
    pub role: Role,
    pub shift: usize,
    pub group: usize,
    /// The permanent person.
    pub person: u32,
    /// Index of this slot among its role, shift and group (to stagger breaks).
    pub rank: usize,
}

/// Shared places of the home.
#[derive(Clone, Debug)]
pub struct Places {
    /// The entrance visitors (and staff, when there is no staff entrance) use: the first
    /// entrance room that is not staff-only.
    pub entrance: Zone,
    /// The entrance staff use: the first staff-only entrance room, else [`Places::entrance`]
    /// (a separate staff entrance is one of the infection-control features `assess` reports).
    pub staff_entrance: Zone,
    pub staff_room: Zone,
    pub kitchen: Zone,
    pub office: Zone,
    pub visiting: Option<Zone>,
    pub garden: Option<Zone>,
    /// Corridors per floor (wandering).
    pub corridors: Vec<Vec<Zone>>,
}

/// Everyone, with the groups and places.
#[derive(Clone, Debug)]
pub struct Population {
    pub people: Vec<Person>,
    pub residents: usize,
    pub groups: Vec<CohortGroup>,
    pub slots: Vec<StaffSlot>,
    pub places: Places,
}

fn find(b: &Building, pred: impl Fn(usize) -> bool) -> Option<usize> {
    (0..b.rooms.len()).find(|&i| pred(i))
}

/// The room of `uses` (in order of preference) nearest to `from` (same floor first), not staff-only
/// when `residents`.
fn nearest_of(b: &Building, from: usize, uses: &[RoomUse], residents: bool) -> Option<usize> {
    let fr = &b.rooms[from];
    let mut best: Option<(u8, usize, f64, usize)> = None;
    for (i, r) in b.rooms.iter().enumerate() {
        let Some(rank) = uses.iter().position(|u| *u == r.room_use) else {
            continue;
        };
        if residents && b.is_staff_only(i) {
            continue;
        }
        let same_hh = fr.household.is_some() && r.household == fr.household;
        let tier = if same_hh {
            0
        } else if r.floor == fr.floor {
            1
        } else {
            2
        };
        let d = (r.centroid - fr.centroid).norm();
        let key = (tier, rank, d, i);
        if best.is_none_or(|b| {
            (key.0, key.1) < (b.0, b.1) || ((key.0, key.1) == (b.0, b.1) && key.2 < b.2)
        }) {
            best = Some(key);
        }
    }
    best.map(|b| b.3)
}

impl Population {
    /// Residents (one per bed, in room order), staff slots and their permanent people.
    pub fn new(b: &Building, spots: &Spots, sc: &Scenario, rng: &mut ChaCha12Rng) -> Self {
        let entrances = b.entrances();
        let staff_entrance = entrances.iter().copied().find(|&e| b.is_staff_only(e));
        let entrance = entrances
            .iter()
            .copied()
            .find(|&e| !b.is_staff_only(e))
            .or_else(|| entrances.first().copied())
            .or_else(|| {
                find(b, |i| {
                    b.rooms[i]
                        .doors
                        .iter()
                        .any(|&d| b.doors[d].sides.contains(&Side::Outside))
                })
            })
            .unwrap_or(0);
        let station_any = find(b, |i| b.rooms[i].room_use == RoomUse::NurseStation)
            .or_else(|| find(b, |i| b.rooms[i].room_use == RoomUse::Office))
            .unwrap_or(entrance);
        let staff_room = find(b, |i| b.rooms[i].room_use == RoomUse::Staff)
            .or_else(|| find(b, |i| b.rooms[i].room_use == RoomUse::Office))
            .unwrap_or(station_any);
        let kitchen = find(b, |i| {
            b.rooms[i].room_use == RoomUse::Kitchen && b.rooms[i].household.is_none()
        })
        .or_else(|| find(b, |i| b.rooms[i].room_use == RoomUse::Kitchen))
        .unwrap_or(staff_room);
        let office = find(b, |i| b.rooms[i].room_use == RoomUse::Office).unwrap_or(station_any);
        let visiting = find(b, |i| b.rooms[i].room_use == RoomUse::Visiting);
        let garden = b
            .outdoor
            .iter()
            .enumerate()
            .filter(|(k, o)| {
                matches!(o.outdoor_use, OutdoorUse::Garden | OutdoorUse::Courtyard | OutdoorUse::Terrace)
                    && !spots.seats[b.rooms.len() + k].is_empty()
                    && b.doors.iter().any(|d| {
                        d.sides.contains(&Side::Outdoor(*k))
                            && d.sides.iter().any(|s| matches!(s, Side::Room(r) if !b.is_staff_only(*r) && !b.rooms[*r].room_use.is_private()))
                    })
            })
            .map(|(k, _)| b.rooms.len() + k)
            .next();
        let mut corridors = vec![Vec::new(); b.floors.len()];
        for (i, r) in b.rooms.iter().enumerate() {
            if r.room_use == RoomUse::Corridor {
                corridors[r.floor].push(i);
            }
        }
        let places = Places {
            entrance,
            staff_entrance: staff_entrance.unwrap_or(entrance),
            staff_room,
            kitchen,
            office,
            visiting,
            garden,
            corridors,
        };

        // Residents.
        let m = &sc.residents.mobility;
        let mix = [m.independent, m.walking_aid, m.wheelchair, m.bed_bound];
        let total: f64 = mix.iter().sum();
        let mut people: Vec<Person> = Vec::new();
        let mut key_of: Vec<(String, usize, Option<usize>)> = Vec::new();
        for (z, r) in b.rooms.iter().enumerate() {
            for (k, &bed) in spots.beds[z].iter().enumerate() {
                let _ = k;
                let u = uniform(rng) * total;
                let mut acc = 0.0;
                let mut class = 3;
                for (c, s) in mix.iter().enumerate() {
                    acc += s;
                    if u < acc {
                        class = c;
                        break;
                    }
                }
                let mobility = [
                    Group::ResidentIndependent,
                    Group::ResidentWalkingAid,
                    Group::ResidentWheelchair,
                    Group::ResidentBedBound,
                ][class];
                let dementia = uniform(rng) < sc.residents.dementia_share;
                let wanders = dementia && class <= 1 && uniform(rng) < sc.residents.wandering_share;
                let mut speed = mobility.draw_speed_m_s(rng);
                if dementia {
                    speed *= DEMENTIA_SPEED_FACTOR;
                }
                let dining_room = match sc.routine.meals {
                    MealPlace::Central => (0..b.rooms.len())
                        .filter(|&i| b.rooms[i].room_use == RoomUse::Dining)
                        .max_by_key(|&i| (spots.seats[i].len(), std::cmp::Reverse(i))),
                    _ => nearest_of(b, z, &[RoomUse::Dining], true),
                };
                let lounge = nearest_of(
                    b,
                    z,
                    &[
                        RoomUse::Lounge,
                        RoomUse::Activity,
                        RoomUse::GardenRoom,
                        RoomUse::Dining,
                    ],
                    true,
                );
                let toilet = b
                    .ensuites_of(z)
                    .next()
                    .or_else(|| nearest_of(b, z, &[RoomUse::Wc, RoomUse::Bathroom], true));
                let group_key = match sc.staff.cohorting {
                    Cohorting::None => ("home".to_string(), 0, None),
                    Cohorting::Floor => (format!("floor {}", b.floors[r.floor].id), r.floor, None),
                    Cohorting::Household => match r.household {
                        Some(h) => (
                            format!("household {}", b.households[h].id),
                            r.floor,
                            Some(h),
                        ),
                        None => (format!("floor {}", b.floors[r.floor].id), r.floor, None),
                    },
                };
                let g = match key_of.iter().position(|k| k.0 == group_key.0) {
                    Some(g) => g,
                    None => {
                        key_of.push(group_key);
                        key_of.len() - 1
                    }
                };
                people.push(Person {
                    id: people.len() as u32,
                    role: Role::Resident,
                    group: g,
                    bedroom: Some(z),
                    bed: Some(bed),
                    mobility,
                    dementia,
                    wanders,
                    speed_m_s: speed,
                    shift: None,
                    agency: false,
                    dining: dining_room.map(|d| (d, 0)),
                    lounge: lounge.map(|l| (l, 0)),
                    toilet,
                    visiting: None,
                    slot: None,
                });
            }
        }
        let residents = people.len();
        // Seat numbers, in resident order per room.
        let mut used = vec![0usize; zone_count(b)];
        for p in &mut people {
            if let Some((d, _)) = p.dining {
                p.dining = Some((d, used[d]));
                used[d] += 1;
            }
        }
        let mut used = vec![0usize; zone_count(b)];
        for p in &mut people {
            if let Some((l, _)) = p.lounge {
                p.lounge = Some((l, used[l]));
                used[l] += 1;
            }
        }

        // Groups and their places.
        let mut groups: Vec<CohortGroup> = key_of
            .iter()
            .map(|(name, floor, hh)| {
                let station = (0..b.rooms.len())
                    .filter(|&i| b.rooms[i].room_use == RoomUse::NurseStation)
                    .min_by_key(|&i| {
                        let r = &b.rooms[i];
                        (
                            if hh.is_some() && r.household == *hh {
                                0
                            } else if r.floor == *floor {
                                1
                            } else {
                                2
                            },
                            i,
                        )
                    })
                    .unwrap_or(station_any);
                CohortGroup {
                    name: name.clone(),
                    residents: Vec::new(),
                    floor: *floor,
                    station,
                    dining: Vec::new(),
                    lounges: Vec::new(),
                    clean: Vec::new(),
                }
            })
            .collect();
        for p in &people {
            let g = &mut groups[p.group];
            g.residents.push(p.id);
            for z in [
                p.dining.map(|d| d.0),
                p.lounge.map(|l| l.0),
                p.bedroom,
                p.toilet,
            ]
            .into_iter()
            .flatten()
            {
                if !g.clean.contains(&z) {
                    g.clean.push(z);
                }
            }
            if let Some((d, _)) = p.dining
                && !g.dining.contains(&d)
            {
                g.dining.push(d);
            }
            if let Some((l, _)) = p.lounge
                && !g.lounges.contains(&l)
            {
                g.lounges.push(l);
            }
        }
        for g in &mut groups {
            g.clean.sort_unstable();
        }

        // Staff slots: carers and nurses per group and shift; domestics per group (early);
        // kitchen per shift (early, late); activity and manager office hours.
        let st = &sc.staff;
        let mut slots: Vec<StaffSlot> = Vec::new();
        let add = |role: Role, shift: usize, group: usize, n: usize, slots: &mut Vec<StaffSlot>| {
            for rank in 0..n {
                slots.push(StaffSlot {
                    role,
                    shift,
                    group,
                    person: 0,
                    rank,
                });
            }
        };
        for (gi, g) in groups.iter().enumerate() {
            let n = g.residents.len() as f64;
            if n == 0.0 {
                continue;
            }
            for shift in 0..SHIFTS {
                let per = if shift == 2 {
                    st.residents_per_carer_night
                } else {
                    st.residents_per_carer_day
                };
                add(
                    Role::Carer,
                    shift,
                    gi,
                    (n / per).ceil() as usize,
                    &mut slots,
                );
                let per_n = if shift == 2 {
                    st.residents_per_nurse_night
                } else {
                    st.residents_per_nurse_day
                };
                if per_n > 0.0 {
                    add(
                        Role::Nurse,
                        shift,
                        gi,
                        (n / per_n).ceil() as usize,
                        &mut slots,
                    );
                }
            }
            add(
                Role::Domestic,
                0,
                gi,
                (n / st.residents_per_domestic).ceil() as usize,
                &mut slots,
            );
        }
        for shift in 0..2 {
            add(Role::Kitchen, shift, 0, st.kitchen as usize, &mut slots);
        }
        add(Role::Activity, OFFICE, 0, st.activity as usize, &mut slots);
        add(Role::Manager, OFFICE, 0, st.manager as usize, &mut slots);
        for (k, s) in slots.iter_mut().enumerate() {
            let id = people.len() as u32;
            s.person = id;
            people.push(Person {
                id,
                role: s.role,
                group: s.group,
                bedroom: None,
                bed: None,
                mobility: Group::Adult,
                dementia: false,
                wanders: false,
                speed_m_s: Group::Adult.draw_speed_m_s(rng),
                shift: Some(s.shift),
                agency: false,
                dining: None,
                lounge: None,
                toilet: None,
                visiting: None,
                slot: Some(k),
            });
        }
        Population {
            people,
            residents,
            groups,
            slots,
            places,
        }
    }

    /// Add a person (agency staff or visitor) and return their id.
    pub fn push(&mut self, mut p: Person) -> u32 {
        p.id = self.people.len() as u32;
        self.people.push(p);
        self.people.len() as u32 - 1
    }
}

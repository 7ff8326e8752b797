//! A stochastic plan for each person for one day: a list of [`Slot`]s (from a time, be at a place
//! doing something). Residents' days follow the care routine; staff fill their shifts with tasks
//! (personal care, assisted toilet trips, repositioning, night checks, medication rounds, cleaning,
//! serving meals, activities) and stand by at a station, in the dining room or lounge between them.
//!
//! Times and durations (minutes unless named `_s`). Where no source is given the value is an
//! assumption, chosen inside the ranges reported for UK care homes:
//! - morning personal care [`CARE_MIN`] by mobility: 10 / 20 / 25 / 30 min (independent, walking
//!   aid, wheelchair, bed-bound), ×[`DEMENTIA_CARE_FACTOR`] with dementia (prompting). Assumption of
//!   the order of time-and-motion studies of nursing-home care, which put morning care at 15–40 min
//!   for dependent residents (e.g. Schnelle et al. 2004, Health Serv Res 39:225).
//! - bedtime care: 60% of morning care.
//! - toilet trips: every `routine.toilet_interval_h` (×0.6–1.4) while awake, 5–10 min;
//!   walking-aid and wheelchair users are helped by a carer.
//! - repositioning of bed-bound residents: every `routine.reposition_h`, 10 min, one carer.
//! - night checks: two per resident per night, 2 min at the bedside (UK homes check residents
//!   1–4-hourly at night; assumption).
//! - medication rounds: 08:30, lunch, supper, 21:00; [`MED_MIN`] per resident (assumption; the
//!   CHUMS study, Barber et al. 2009, found rounds of about 2 h per 30 residents including
//!   preparation).
//! - cleaning: bedrooms 15 min, other rooms 20 min, one pass a day (assumption).
//! - visits: Bernoulli per resident per day with p = visits per week / 7; afternoon (70%),
//!   late morning (15%) or early evening (15%).

use super::population::{Person, Population, SHIFTS};
use super::scenario::{MealPlace, Scenario, VisitPlace};
use super::spots::Spots;
use super::{Act, Loc, Role, Slot, Zone};
use crate::building::Building;
use crate::ped::{Group, agent::uniform};
use rand_chacha::ChaCha12Rng;

type PushFn<'a> = dyn FnMut(f64, Option<Loc>, Act, &mut Vec<Slot>) + 'a;

/// Morning personal-care minutes by mobility (independent, walking aid, wheelchair, bed-bound).
pub const CARE_MIN: [f64; 4] = [10.0, 20.0, 25.0, 30.0];
/// Care takes longer with dementia (prompting, reassurance). Assumption.
pub const DEMENTIA_CARE_FACTOR: f64 = 1.25;
/// Medication round, minutes per resident.
pub const MED_MIN: f64 = 3.0;
/// Toilet visit, minutes (uniform range).
pub const TOILET_MIN: (f64, f64) = (5.0, 10.0);
/// Residents' wake preference, hours (uniform range).
pub const WAKE_H: (f64, f64) = (6.5, 8.5);
/// Residents' bedtime preference, hours (uniform range).
pub const BED_H: (f64, f64) = (19.5, 21.5);
/// Breakfast is served from this hour (residents eat after their morning care).
pub const BREAKFAST_H: f64 = 7.5;
/// Afternoon garden time starts at this hour and lasts 30–60 min.
pub const GARDEN_H: f64 = 14.5;
/// Lounge activity sessions led by the activity coordinator, hours.
pub const SESSIONS_H: [(f64, f64); 2] = [(10.0, 12.0), (14.0, 16.0)];

fn mobility_class(g: Group) -> usize {
    match g {
        Group::ResidentIndependent | Group::Adult => 0,
        Group::ResidentWalkingAid => 1,
        Group::ResidentWheelchair | Group::ResidentPushedWheelchair => 2,
        Group::ResidentBedBound => 3,
    }
}

fn u(rng: &mut ChaCha12Rng, a: f64, b: f64) -> f64 {
    a + (b - a) * uniform(rng)
}

/// Morning care minutes for a resident (before the random factor).
pub fn care_minutes(p: &Person) -> f64 {
    let base = CARE_MIN[mobility_class(p.mobility)];
    if p.dementia {
        base * DEMENTIA_CARE_FACTOR
    } else {
        base
    }
}

/// A staff task: `[t0, t1)` minutes at `loc`.
#[derive(Clone, Copy, Debug)]
struct Task {
    t0: f64,
    t1: f64,
    loc: Loc,
    act: Act,
}

/// A resident's day as slots in minutes, with insertion.
#[derive(Clone, Debug, Default)]
struct Line {
    s: Vec<(f64, Loc, Act)>,
}

impl Line {
    fn push(&mut self, t: f64, loc: Loc, act: Act) {
        if let Some(last) = self.s.last_mut()
            && t <= last.0 + 1e-9
        {
            // Same start: the later entry replaces the earlier.
            *last = (last.0, loc, act);
            return;
        }
        self.s.push((t, loc, act));
    }
    fn at(&self, t: f64) -> (f64, Loc, Act) {
        let k = self.s.partition_point(|x| x.0 <= t);
        self.s[k.saturating_sub(1)]
    }
    /// Replace `[t0, t1)` with `loc, act`, resuming what was planned at `t1`.
    fn insert(&mut self, t0: f64, t1: f64, loc: Loc, act: Act) {
        let resume = self.at(t1);
        self.s.retain(|x| x.0 < t0 || x.0 >= t1);
        let k = self.s.partition_point(|x| x.0 < t0);
        self.s.insert(k, (t0, loc, act));
        if self.s.get(k + 1).is_none_or(|x| x.0 > t1 + 1e-9) && t1 < 1440.0 {
            self.s.insert(k + 1, (t1, resume.1, resume.2));
        }
    }
    /// True if any slot in `[t0, t1)` (or the one running at t0) has one of `acts`.
    fn busy(&self, t0: f64, t1: f64, acts: &[Act]) -> bool {
        acts.contains(&self.at(t0).2)
            || self
                .s
                .iter()
                .any(|x| x.0 >= t0 && x.0 < t1 && acts.contains(&x.2))
    }
}

/// State carried from one day to the next (who works the night across midnight).
#[derive(Clone, Debug, Default)]
pub struct Carry {
    /// Person covering each staff slot's night shift that started the evening before.
    night_person: Vec<Option<u32>>,
}

/// Shift windows in minutes: (start, end) pairs within the day.
fn windows(sc: &Scenario, shift: usize) -> Vec<(f64, f64)> {
    let [e, l, n] = sc.staff.shift_start_h.map(|h| h * 60.0);
    let h = sc.staff.handover_min;
    match shift {
        0 => vec![(e, l + h)],
        1 => vec![(l, n + h)],
        2 => vec![(0.0, e + h), (n, 1440.0)],
        _ => vec![(9.0 * 60.0, 17.0 * 60.0)],
    }
}

struct Ctx {
    /// Per staff slot: the windows, the tasks so far.
    win: Vec<Vec<(f64, f64)>>,
    tasks: Vec<Vec<Task>>,
}

impl Ctx {
    fn free(&self, slot: usize, t0: f64, t1: f64) -> bool {
        self.win[slot].iter().any(|&(a, b)| t0 >= a && t1 <= b)
            && self.tasks[slot]
                .iter()
                .all(|t| t1 + 1.0 <= t.t0 || t0 >= t.t1 + 1.0)
    }

    /// One care round: residents in order of their due time get a carer from `cands` for
    /// `dur[i]` minutes at `place[i]`, starting at the earliest free moment within `max_delay`
    /// minutes of `due[i]`. Returns each resident's start (the due time when no carer is free).
    fn care_round(
        &mut self,
        cands: &[usize],
        residents: &[u32],
        due: &[f64],
        dur: &[f64],
        place: &[Loc],
        max_delay: f64,
    ) -> Vec<(u32, f64)> {
        let mut order = residents.to_vec();
        order.sort_by(|a, c| due[*a as usize].total_cmp(&due[*c as usize]));
        order
            .into_iter()
            .map(|r| {
                let i = r as usize;
                match self.alloc(cands, due[i], dur[i], max_delay) {
                    Some((c, s)) => {
                        self.tasks[c].push(Task {
                            t0: s,
                            t1: s + dur[i],
                            loc: place[i],
                            act: Act::Work,
                        });
                        (r, s)
                    }
                    None => (r, due[i]),
                }
            })
            .collect()
    }

    /// Earliest start ≥ `t` (within `max_delay`) at which one of `cands` is free for `dur`.
    fn alloc(&self, cands: &[usize], t: f64, dur: f64, max_delay: f64) -> Option<(usize, f64)> {
        let mut s = t;
        while s <= t + max_delay {
            if let Some(&c) = cands.iter().find(|&&c| self.free(c, s, s + dur)) {
                return Some((c, s));
            }
            s += 1.0;
        }
        None
    }
}

/// Plan one day. Returns per person id (all of `pop.people`, which may grow with agency staff and
/// visitors) the slots in seconds since midnight; people not on site have a single `None` slot.
pub fn plan_day(
    b: &Building,
    spots: &Spots,
    pop: &mut Population,
    sc: &Scenario,
    day: u32,
    carry: &mut Carry,
    rng: &mut ChaCha12Rng,
) -> Vec<Vec<Slot>> {
    let rt = &sc.routine;
    let nslots = pop.slots.len();
    carry.night_person.resize(nslots, None);
    // Who fills each slot today (agency staff are new people).
    let mut on: Vec<u32> = Vec::with_capacity(nslots);
    let mut on_morning_night: Vec<u32> = Vec::with_capacity(nslots);
    for k in 0..nslots {
        let s = pop.slots[k].clone();
        let perm = s.person;
        let person = if uniform(rng) < sc.staff.agency_share && s.role != Role::Manager {
            let mut p = pop.people[perm as usize].clone();
            p.agency = true;
            p.speed_m_s = Group::Adult.draw_speed_m_s(rng);
            pop.push(p)
        } else {
            perm
        };
        on.push(person);
        on_morning_night.push(carry.night_person[k].unwrap_or(person));
        if s.shift == 2 {
            carry.night_person[k] = Some(person);
        }
    }
    let weekday = day % 7 < 5;
    let mut ctx = Ctx {
        win: (0..nslots)
            .map(|k| {
                let s = &pop.slots[k];
                if s.role == Role::Manager && !weekday {
                    Vec::new()
                } else {
                    windows(sc, s.shift)
                }
            })
            .collect(),
        tasks: vec![Vec::new(); nslots],
    };
    let h = sc.staff.handover_min;
    let br = sc.staff.break_min;
    // Handovers and breaks.
    for k in 0..nslots {
        let s = pop.slots[k].clone();
        let station = pop.groups[s.group].station;
        let sloc = spots.loc(station, spots.standing(station, k));
        if matches!(s.role, Role::Carer | Role::Nurse) && s.shift < SHIFTS {
            let w = windows(sc, s.shift);
            for &(a, bnd) in &w {
                if a > 0.0 {
                    ctx.tasks[k].push(Task {
                        t0: a,
                        t1: a + h,
                        loc: sloc,
                        act: Act::Handover,
                    });
                }
                if bnd < 1440.0 {
                    ctx.tasks[k].push(Task {
                        t0: bnd - h,
                        t1: bnd,
                        loc: sloc,
                        act: Act::Handover,
                    });
                }
            }
        }
        if s.role != Role::Manager && !ctx.win[k].is_empty() {
            let mid = match s.shift {
                2 => 2.0 * 60.0,
                _ => {
                    let w = ctx.win[k][0];
                    0.5 * (w.0 + w.1)
                }
            };
            let t0 = mid + (s.rank as f64) * br;
            let sr = pop.places.staff_room;
            ctx.tasks[k].push(Task {
                t0,
                t1: t0 + br,
                loc: spots.loc(sr, spots.standing(sr, k)),
                act: Act::Break,
            });
        }
    }
    let slot_info: Vec<(Role, usize)> = pop.slots.iter().map(|s| (s.role, s.group)).collect();
    let carers_of = |g: usize| -> Vec<usize> {
        (0..nslots)
            .filter(|&k| slot_info[k] == (Role::Carer, g))
            .collect()
    };
    let nres = pop.residents;
    let res: Vec<Person> = pop.people[..nres].to_vec();
    let bed_loc = |p: &Person| spots.loc(p.bedroom.unwrap(), p.bed.unwrap());
    // Morning and bedtime care.
    let mut care_start = vec![0.0; nres];
    let mut care_end = vec![0.0; nres];
    let mut bed_start = vec![0.0; nres];
    let mut factor = vec![1.0; nres];
    let mut wake = vec![0.0; nres];
    let mut bedt = vec![0.0; nres];
    for i in 0..nres {
        factor[i] = u(rng, 0.8, 1.2);
        wake[i] = u(rng, WAKE_H.0, WAKE_H.1) * 60.0;
        bedt[i] = u(rng, BED_H.0, BED_H.1) * 60.0;
    }
    // Care happens beside the bed; the bedtime round takes 60% of the morning's time.
    let beside: Vec<Loc> = res
        .iter()
        .map(|p| {
            let loc = bed_loc(p);
            spots.loc(loc.zone, spots.beside(b, loc.zone, loc.p))
        })
        .collect();
    let morning_min: Vec<f64> = (0..nres)
        .map(|i| care_minutes(&res[i]) * factor[i])
        .collect();
    let evening_min: Vec<f64> = (0..nres)
        .map(|i| 0.6 * care_minutes(&res[i]) * factor[i])
        .collect();
    for (g, grp) in pop.groups.iter().enumerate() {
        let cands = carers_of(g);
        for (r, s) in ctx.care_round(&cands, &grp.residents, &wake, &morning_min, &beside, 240.0) {
            care_start[r as usize] = s;
            care_end[r as usize] = s + morning_min[r as usize];
        }
        for (r, s) in ctx.care_round(&cands, &grp.residents, &bedt, &evening_min, &beside, 90.0) {
            bed_start[r as usize] = s;
        }
    }
    // Residents' base days.
    let communal = rt.communal_activities;
    let lunch = rt.lunch_h * 60.0;
    let supper = rt.supper_h * 60.0;
    let mut lines: Vec<Line> = Vec::with_capacity(nres);
    for i in 0..nres {
        let p = &res[i];
        let bed = bed_loc(p);
        let bound = mobility_class(p.mobility) == 3;
        let eat = |_meal: usize| -> Loc {
            match (p.dining, rt.meals, bound) {
                (Some((d, s)), MealPlace::Household | MealPlace::Central, false) => {
                    spots.loc(d, spots.seat(d, s))
                }
                _ => bed,
            }
        };
        let sit = |rng: &mut ChaCha12Rng, share: f64| -> (Loc, Act) {
            match p.lounge {
                Some((l, s)) if communal && !bound && uniform(rng) < share => {
                    (spots.loc(l, spots.seat(l, s)), Act::Lounge)
                }
                _ => (bed, Act::Rest),
            }
        };
        let mut line = Line::default();
        line.push(0.0, bed, Act::Sleep);
        line.push(care_start[i], bed, Act::Care);
        let bf0 = care_end[i].max(BREAKFAST_H * 60.0);
        if care_end[i] < bf0 {
            line.push(care_end[i], bed, Act::Rest);
        }
        let l0 = lunch + u(rng, -5.0, 5.0);
        let bf1 = (bf0 + rt.meal_min[0] * u(rng, 0.8, 1.2)).min(l0);
        if bf0 < l0 {
            line.push(bf0, eat(0), Act::Meal);
        }
        if bf1 < l0 {
            let (loc, act) = sit(rng, rt.lounge_share);
            line.push(bf1, loc, act);
        }
        line.push(l0, eat(1), Act::Meal);
        let l1 = l0 + rt.meal_min[1] * u(rng, 0.8, 1.2);
        let (loc, act) = sit(rng, rt.lounge_share);
        line.push(l1, loc, act);
        let s0 = supper + u(rng, -5.0, 5.0);
        if let Some(gz) = pop.places.garden
            && communal
            && !bound
            && uniform(rng) < rt.garden_share
        {
            let g0 = GARDEN_H * 60.0 + u(rng, 0.0, 30.0);
            let g1 = g0 + u(rng, 30.0, 60.0);
            if g1 < s0 {
                let k = (i + day as usize) % spots.seats[gz].len().max(1);
                line.push(
                    g0.max(l1 + 1.0),
                    spots.loc(gz, spots.seat(gz, k)),
                    Act::Garden,
                );
                line.push(g1, loc, act);
            }
        }
        line.push(s0, eat(2), Act::Meal);
        let s1 = s0 + rt.meal_min[2] * u(rng, 0.8, 1.2);
        let (loc, act) = sit(rng, 0.5 * rt.lounge_share);
        line.push(s1, loc, act);
        let bs = bed_start[i].max(s1 + 1.0);
        line.push(bs, bed, Act::Care);
        let be = bs + 0.6 * care_minutes(p) * factor[i];
        line.push(be, bed, Act::Sleep);
        lines.push(line);
    }
    // Visits (override the resident's day).
    let mut out_extra: Vec<(u32, Vec<Slot>)> = Vec::new();
    let vs = &sc.visitors;
    let p_visit = (vs.visits_per_resident_week / 7.0).min(1.0);
    let mut visit_seat = vec![0usize; super::zone_count(b)];
    for i in 0..nres {
        if uniform(rng) >= p_visit {
            continue;
        }
        let p = res[i].clone();
        let x = uniform(rng);
        let dur = vs.duration_min * u(rng, 0.5, 1.5);
        let (w0, w1) = if x < 0.7 {
            (14.0, 16.5)
        } else if x < 0.85 {
            (10.5, 11.5)
        } else {
            (18.0, 19.5)
        };
        let t0 = u(rng, w0, w1) * 60.0;
        let t1 = (t0 + dur).min(bed_start[i] - 1.0);
        if t1 <= t0 + 10.0 || lines[i].busy(t0, t1, &[Act::Care, Act::Sleep]) {
            continue;
        }
        let bound = mobility_class(p.mobility) == 3;
        let place = match vs.place {
            VisitPlace::Anywhere => {
                let y = uniform(rng);
                if y < 0.2 && pop.places.garden.is_some() && !bound {
                    VisitPlace::Garden
                } else if y < 0.5 && !bound {
                    VisitPlace::VisitingRoom
                } else {
                    VisitPlace::Bedroom
                }
            }
            v => v,
        };
        let bed = bed_loc(&p);
        let zone_seat = |z: Zone, k: usize| spots.loc(z, spots.seat(z, k));
        let (rloc, vloc) = match place {
            VisitPlace::Garden if !bound && pop.places.garden.is_some() => {
                let z = pop.places.garden.unwrap();
                let k = visit_seat[z];
                visit_seat[z] += 2;
                (zone_seat(z, k), zone_seat(z, k + 1))
            }
            VisitPlace::VisitingRoom | VisitPlace::Garden
                if !bound && (pop.places.visiting.is_some() || p.lounge.is_some()) =>
            {
                let z = pop.places.visiting.or(p.lounge.map(|l| l.0)).unwrap();
                let k = visit_seat[z];
                visit_seat[z] += 2;
                (zone_seat(z, k), zone_seat(z, k + 1))
            }
            _ => (bed, spots.loc(bed.zone, spots.beside(b, bed.zone, bed.p))),
        };
        lines[i].insert(t0, t1, rloc, Act::Visit);
        for _ in 0..vs.people_per_visit.max(1) {
            let v = pop.push(Person {
                id: 0,
                role: Role::Visitor,
                group: p.group,
                bedroom: None,
                bed: None,
                mobility: Group::Adult,
                dementia: false,
                wanders: false,
                speed_m_s: Group::Adult.draw_speed_m_s(rng),
                shift: None,
                agency: false,
                dining: None,
                lounge: None,
                toilet: None,
                visiting: Some(p.id),
                slot: None,
            });
            out_extra.push((
                v,
                vec![
                    Slot {
                        t_s: 0.0,
                        loc: None,
                        act: Act::Visit,
                    },
                    Slot {
                        t_s: t0 * 60.0,
                        loc: Some(vloc),
                        act: Act::Visit,
                    },
                    Slot {
                        t_s: t1 * 60.0,
                        loc: None,
                        act: Act::Visit,
                    },
                ],
            ));
        }
    }
    // Wandering.
    for i in 0..nres {
        let p = &res[i];
        if !p.wanders {
            continue;
        }
        let fl = spots.floor[p.bedroom.unwrap()];
        let cor = &pop.places.corridors[fl];
        if cor.is_empty() {
            continue;
        }
        for _ in 0..3 {
            let t0 = u(rng, 9.0, 20.0) * 60.0;
            let t1 = t0 + u(rng, 5.0, 15.0);
            if lines[i].busy(
                t0,
                t1,
                &[Act::Care, Act::Meal, Act::Visit, Act::Sleep, Act::Garden],
            ) {
                continue;
            }
            let z = cor[(uniform(rng) * cor.len() as f64) as usize % cor.len()];
            let k = (uniform(rng) * spots.stand[z].len() as f64) as usize;
            lines[i].insert(t0, t1, spots.loc(z, spots.standing(z, k)), Act::Wander);
        }
    }
    // Toilet trips, repositioning, night checks.
    for (g, grp) in pop.groups.iter().enumerate() {
        let cands = carers_of(g);
        for &r in &grp.residents {
            let i = r as usize;
            let p = &res[i];
            let class = mobility_class(p.mobility);
            let bed = bed_loc(p);
            let beside = spots.loc(bed.zone, spots.beside(b, bed.zone, bed.p));
            if class == 3 {
                let mut t = u(rng, 0.0, rt.reposition_h * 60.0);
                while t < 1430.0 {
                    if !lines[i].busy(t, t + 10.0, &[Act::Care, Act::Visit])
                        && let Some((c, s)) = ctx.alloc(&cands, t, 10.0, 30.0)
                        && !lines[i].busy(s, s + 10.0, &[Act::Care, Act::Visit])
                    {
                        ctx.tasks[c].push(Task {
                            t0: s,
                            t1: s + 10.0,
                            loc: beside,
                            act: Act::Work,
                        });
                        lines[i].insert(s, s + 10.0, bed, Act::Care);
                    }
                    t += rt.reposition_h * 60.0 * u(rng, 0.9, 1.1);
                }
            } else if let Some(tz) = p.toilet {
                let tp = spots.standing(tz, 0);
                let tloc = spots.loc(tz, tp);
                let tside = spots.loc(tz, spots.beside(b, tz, tp));
                let mut t = care_end[i] + u(rng, 0.3, 1.0) * rt.toilet_interval_h * 60.0;
                while t < bed_start[i] - 15.0 {
                    let dur = u(rng, TOILET_MIN.0, TOILET_MIN.1);
                    let blocked = [Act::Care, Act::Visit, Act::Sleep];
                    if class == 0 {
                        if !lines[i].busy(t, t + dur, &blocked) {
                            lines[i].insert(t, t + dur, tloc, Act::Toilet);
                        }
                    } else if let Some((c, s)) = ctx.alloc(&cands, t, dur, 20.0)
                        && !lines[i].busy(s, s + dur, &blocked)
                    {
                        ctx.tasks[c].push(Task {
                            t0: s,
                            t1: s + dur,
                            loc: tside,
                            act: Act::Work,
                        });
                        lines[i].insert(s, s + dur, tloc, Act::Toilet);
                    }
                    t += rt.toilet_interval_h * 60.0 * u(rng, 0.6, 1.4);
                }
            }
            // Night checks.
            for (a, c) in [(23.0, 1.0), (3.0, 5.0)] {
                let t = if a > c {
                    u(rng, a, 24.0 + c) * 60.0 % 1440.0
                } else {
                    u(rng, a, c) * 60.0
                };
                if lines[i].at(t).2 == Act::Sleep
                    && let Some((k, s)) = ctx.alloc(&cands, t, 2.0, 30.0)
                {
                    ctx.tasks[k].push(Task {
                        t0: s,
                        t1: s + 2.0,
                        loc: beside,
                        act: Act::Work,
                    });
                }
            }
        }
    }
    // Medication rounds.
    for (g, grp) in pop.groups.iter().enumerate() {
        let nurses: Vec<usize> = (0..nslots)
            .filter(|&k| pop.slots[k].role == Role::Nurse && pop.slots[k].group == g)
            .collect();
        if nurses.is_empty() {
            continue;
        }
        for t_round in [8.5 * 60.0, lunch + 10.0, supper + 10.0, 21.0 * 60.0] {
            let on_duty: Vec<usize> = nurses
                .iter()
                .copied()
                .filter(|&k| ctx.win[k].iter().any(|&(a, c)| t_round >= a && t_round < c))
                .collect();
            if on_duty.is_empty() {
                continue;
            }
            let mut order = grp.residents.clone();
            order.sort_by_key(|&r| (res[r as usize].bedroom, r));
            for (j, &r) in order.iter().enumerate() {
                let k = on_duty[j % on_duty.len()];
                let t0 = t_round + (j / on_duty.len()) as f64 * (MED_MIN + 1.0);
                let (_, loc, _) = lines[r as usize].at(t0);
                let at = spots.loc(loc.zone, spots.beside(b, loc.zone, loc.p));
                ctx.tasks[k].push(Task {
                    t0,
                    t1: t0 + MED_MIN,
                    loc: at,
                    act: Act::MedRound,
                });
            }
        }
    }
    // Domestics, kitchen, activity, manager.
    let all_dining: Vec<Zone> = {
        let mut v: Vec<Zone> = pop
            .groups
            .iter()
            .flat_map(|g| g.dining.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let all_lounges: Vec<Zone> = {
        let mut v: Vec<Zone> = pop
            .groups
            .iter()
            .flat_map(|g| g.lounges.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for k in 0..nslots {
        let s = pop.slots[k].clone();
        if ctx.win[k].is_empty() {
            continue;
        }
        let (a, c) = ctx.win[k][0];
        match s.role {
            Role::Domestic => {
                let grp = &pop.groups[s.group];
                let n_dom = (0..nslots)
                    .filter(|&j| {
                        pop.slots[j].role == Role::Domestic && pop.slots[j].group == s.group
                    })
                    .count();
                let mut t = a + 15.0;
                for (j, &z) in grp.clean.iter().enumerate() {
                    if j % n_dom != s.rank {
                        continue;
                    }
                    let dur = if b.rooms.get(z).is_some_and(|r| r.beds > 0) {
                        15.0
                    } else {
                        20.0
                    };
                    while !ctx.free(k, t, t + dur) && t < c {
                        t += 5.0;
                    }
                    if t + dur > c {
                        break;
                    }
                    let loc = spots.loc(z, spots.standing(z, j + 1));
                    ctx.tasks[k].push(Task {
                        t0: t,
                        t1: t + dur,
                        loc,
                        act: Act::Cleaning,
                    });
                    t += dur + 1.0;
                }
            }
            Role::Kitchen => {
                let meals: &[f64] = if s.shift == 0 {
                    &[8.5 * 60.0, lunch]
                } else {
                    &[supper]
                };
                for &m in meals {
                    for (j, &z) in all_dining.iter().enumerate() {
                        if j % sc.staff.kitchen.max(1) as usize != s.rank {
                            continue;
                        }
                        let t0 = m + 10.0 * (j / sc.staff.kitchen.max(1) as usize) as f64;
                        let loc = spots.loc(z, spots.standing(z, 7 + k));
                        ctx.tasks[k].push(Task {
                            t0,
                            t1: t0 + 10.0,
                            loc,
                            act: Act::Work,
                        });
                    }
                }
            }
            Role::Activity if communal && !all_lounges.is_empty() => {
                for (j, &(h0, h1)) in SESSIONS_H.iter().enumerate() {
                    let z = all_lounges[(2 * day as usize + j + s.rank) % all_lounges.len()];
                    let loc = spots.loc(z, spots.standing(z, 3 + s.rank));
                    ctx.tasks[k].push(Task {
                        t0: h0 * 60.0,
                        t1: h1 * 60.0,
                        loc,
                        act: Act::Work,
                    });
                }
            }
            Role::Manager => {
                let mut t = 11.0 * 60.0;
                for g in &pop.groups {
                    let z = g.station;
                    ctx.tasks[k].push(Task {
                        t0: t,
                        t1: t + 5.0,
                        loc: spots.loc(z, spots.standing(z, 5)),
                        act: Act::Work,
                    });
                    t += 7.0;
                }
            }
            _ => {}
        }
    }
    // Staff days: tasks, and standing by between them.
    let n_people = pop.people.len();
    let mut out: Vec<Vec<Slot>> = vec![
        vec![Slot {
            t_s: 0.0,
            loc: None,
            act: Act::Work
        }];
        n_people
    ];
    let dining_times = [
        (BREAKFAST_H * 60.0 + 30.0, BREAKFAST_H * 60.0 + 120.0),
        (lunch, lunch + rt.meal_min[1]),
        (supper, supper + rt.meal_min[2]),
    ];
    for k in 0..nslots {
        let s = pop.slots[k].clone();
        let grp = &pop.groups[s.group];
        let default = |t: f64| -> Loc {
            let z = match s.role {
                Role::Carer => {
                    let meal = dining_times.iter().any(|&(a, c)| t >= a && t < c);
                    let session = communal
                        && SESSIONS_H
                            .iter()
                            .any(|&(a, c)| t >= a * 60.0 && t < c * 60.0);
                    if meal && !grp.dining.is_empty() && rt.meals != MealPlace::Bedroom {
                        grp.dining[k % grp.dining.len()]
                    } else if session && !grp.lounges.is_empty() {
                        grp.lounges[k % grp.lounges.len()]
                    } else {
                        grp.station
                    }
                }
                Role::Nurse => grp.station,
                Role::Kitchen => pop.places.kitchen,
                Role::Domestic => pop.places.staff_room,
                _ => pop.places.office,
            };
            spots.loc(z, spots.standing(z, k + 2))
        };
        let mut tasks = std::mem::take(&mut ctx.tasks[k]);
        tasks.sort_by(|x, y| x.t0.total_cmp(&y.t0));
        let wins = ctx.win[k].clone();
        let mut slots: Vec<Slot> = Vec::new();
        let mut push = |t: f64, loc: Option<Loc>, act: Act, slots: &mut Vec<Slot>| {
            if let Some(last) = slots.last_mut()
                && t * 60.0 <= last.t_s + 1e-6
            {
                *last = Slot {
                    t_s: last.t_s,
                    loc,
                    act,
                };
                return;
            }
            if slots.last().is_some_and(|l| l.loc == loc && l.act == act) {
                return;
            }
            slots.push(Slot {
                t_s: t * 60.0,
                loc,
                act,
            });
        };
        push(0.0, None, Act::Work, &mut slots);
        for &(a, c) in &wins {
            let mut cur = a;
            let fill = |from: f64, to: f64, slots: &mut Vec<Slot>, push: &mut PushFn| {
                let mut t = from;
                while t < to - 1e-9 {
                    push(t, Some(default(t)), Act::Work, slots);
                    t = ((t / 30.0).floor() + 1.0) * 30.0;
                }
            };
            for tk in tasks.iter().filter(|tk| tk.t0 < c && tk.t1 > a) {
                let t0 = tk.t0.max(cur);
                if t0 >= tk.t1.min(c) {
                    continue;
                }
                fill(cur, t0, &mut slots, &mut push);
                push(t0, Some(tk.loc), tk.act, &mut slots);
                cur = tk.t1.min(c);
            }
            fill(cur, c, &mut slots, &mut push);
            if c < 1440.0 {
                push(c, None, Act::Work, &mut slots);
            }
        }
        // The morning part of a night shift belongs to last evening's person.
        if s.shift == 2 {
            let split = wins[0].1 * 60.0;
            let morning: Vec<Slot> = slots.iter().copied().filter(|x| x.t_s < split).collect();
            let mut evening: Vec<Slot> = vec![Slot {
                t_s: 0.0,
                loc: None,
                act: Act::Work,
            }];
            evening.extend(slots.iter().copied().filter(|x| x.t_s >= split));
            let pm = on_morning_night[k] as usize;
            let pe = on[k] as usize;
            if pm == pe {
                out[pm] = slots;
            } else {
                out[pm] = morning;
                if out[pm].last().is_some_and(|l| l.loc.is_some()) {
                    out[pm].push(Slot {
                        t_s: split,
                        loc: None,
                        act: Act::Work,
                    });
                }
                out[pe] = evening;
            }
        } else {
            out[on[k] as usize] = slots;
        }
    }
    for (i, line) in lines.into_iter().enumerate() {
        out[i] = line
            .s
            .into_iter()
            .map(|(t, loc, act)| Slot {
                t_s: t * 60.0,
                loc: Some(loc),
                act,
            })
            .collect();
    }
    for (v, sl) in out_extra {
        out[v as usize] = sl;
    }
    out
}

//! The exact well-mixed sweep of one room over one day: time split at every arrival and
//! departure, each occupant's inhaled dose from the cumulative concentration integral.

use crate::epi::airborne::RoomAir;

/// One person's stay in a room within a day, as the air sweep needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Occupant {
    /// Index into the dose vector.
    pub person: u32,
    /// Hours since the start of the day.
    pub t0_h: f64,
    pub t1_h: f64,
    /// Emission (quanta/h) after infectiousness and mask; 0 for a non-infectious person.
    pub emission_quanta_per_h: f64,
    /// Breathing rate × (1 − mask inhalation efficiency) (m³/h); 0 for a non-susceptible person.
    pub effective_inhalation_m3_per_h: f64,
}

/// Advances `air` over `[0, day_h]` with the given occupants, splitting time at every arrival and
/// departure (exact per piece), and adds each occupant's inhaled dose (quanta) to `dose`.
///
/// The cumulative integral F(t) = ∫₀ᵗ C is computed once at every event; an occupant present over
/// [t₀, t₁] inhales B·(F(t₁) − F(t₀)). Cost O(k log k) for k occupants.
pub fn sweep_room(air: &mut RoomAir, occupants: &[Occupant], day_h: f64, dose: &mut [f64]) {
    let mut scratch = SweepScratch::default();
    sweep_room_with(air, occupants, day_h, dose, &mut scratch);
}

/// Reusable buffers of [`sweep_room`].
#[derive(Default)]
pub(super) struct SweepScratch {
    ev: Vec<f64>,
    de: Vec<f64>,
    dn: Vec<i32>,
    f: Vec<f64>,
}

pub(super) fn sweep_room_with(
    air: &mut RoomAir,
    occupants: &[Occupant],
    day_h: f64,
    dose: &mut [f64],
    s: &mut SweepScratch,
) {
    if occupants.iter().all(|o| o.emission_quanta_per_h <= 0.0) && air.c_quanta_per_m3 <= 0.0 {
        return;
    }
    let span = |o: &Occupant| (o.t0_h.clamp(0.0, day_h), o.t1_h.clamp(0.0, day_h));
    s.ev.clear();
    s.ev.push(0.0);
    s.ev.push(day_h);
    for o in occupants {
        let (a, b) = span(o);
        s.ev.push(a);
        s.ev.push(b);
    }
    s.ev.sort_by(f64::total_cmp);
    s.ev.dedup();
    let m = s.ev.len();
    let at = |ev: &[f64], t: f64| ev.partition_point(|&x| x < t);
    s.de.clear();
    s.de.resize(m, 0.0);
    s.dn.clear();
    s.dn.resize(m, 0);
    for o in occupants {
        let (a, b) = span(o);
        if b > a && o.emission_quanta_per_h > 0.0 {
            let (i, j) = (at(&s.ev, a), at(&s.ev, b));
            s.de[i] += o.emission_quanta_per_h;
            s.de[j] -= o.emission_quanta_per_h;
            s.dn[i] += 1;
            s.dn[j] -= 1;
        }
    }
    s.f.clear();
    s.f.push(0.0);
    let (mut e, mut n, mut f) = (0.0, 0, 0.0);
    for k in 0..m - 1 {
        e += s.de[k];
        n += s.dn[k];
        if n == 0 {
            e = 0.0; // no rounding residue once the last emitter has left
        }
        f += air.advance(s.ev[k + 1] - s.ev[k], e);
        s.f.push(f);
    }
    for o in occupants {
        let (a, b) = span(o);
        if b > a && o.effective_inhalation_m3_per_h > 0.0 {
            let integral = s.f[at(&s.ev, b)] - s.f[at(&s.ev, a)];
            if integral > 0.0 {
                dose[o.person as usize] += o.effective_inhalation_m3_per_h * integral;
            }
        }
    }
}

//! Agents: body size, free walking speed and mobility class, with the sources of the numbers.

use rand_chacha::rand_core::Rng;

/// How a person moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mobility {
    /// Walks unaided.
    Independent,
    /// Walks with a frame, rollator or sticks.
    WalkingAid,
    /// Propels their own wheelchair.
    Wheelchair,
    /// Sits in a wheelchair pushed by a carer (the pair moves as one agent).
    PushedWheelchair,
    /// Moved in their bed by staff (the bed moves as one agent).
    BedBound,
}

/// The demographic and mobility groups a care home holds, with free walking speeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Adults 20–59 (staff, visitors).
    Adult,
    /// Residents walking unaided (age 80–99).
    ResidentIndependent,
    ResidentWalkingAid,
    ResidentWheelchair,
    ResidentPushedWheelchair,
    ResidentBedBound,
}

/// A free-speed distribution: a normal law truncated to `[min, max]`, m/s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedLaw {
    pub mean_m_s: f64,
    pub sd_m_s: f64,
    pub min_m_s: f64,
    pub max_m_s: f64,
}

impl Group {
    /// Free walking speed on the level.
    ///
    /// - Adult: Weidmann (1993) mean 1.34 m/s, sd 0.26 m/s, the values RiMEA (guideline 3.0,
    ///   test 7) uses for its age table; truncated to 0.9–1.8 m/s (mean ± 1.7 sd).
    /// - Resident walking unaided: Bohannon & Andrews (2011) comfortable gait speed at age 80–99,
    ///   women 0.94 m/s, men 0.97 m/s; sd 0.15 m/s, truncated to 0.6–1.25 m/s.
    /// - Walking aid: RiMEA's range for people with limited mobility, 0.46–0.76 m/s (as
    ///   DESIGN.md §4 records it); mean 0.61 m/s at the centre of the range.
    /// - Wheelchair, self-propelled: 0.5–1.0 m/s, mean 0.7 m/s. Assumption at the lower end of
    ///   the ~0.6–1.3 m/s manual wheelchair speeds reported for adults; older users are slower.
    /// - Pushed wheelchair: 0.8–1.2 m/s, mean 1.0 m/s (assumption: the carer's pace, slowed).
    /// - Bed: 0.5–0.9 m/s, mean 0.7 m/s (assumption: two staff pushing a bed).
    pub fn speed_law(self) -> SpeedLaw {
        let law = |mean_m_s, sd_m_s, min_m_s, max_m_s| SpeedLaw {
            mean_m_s,
            sd_m_s,
            min_m_s,
            max_m_s,
        };
        match self {
            Group::Adult => law(1.34, 0.26, 0.9, 1.8),
            Group::ResidentIndependent => law(0.95, 0.15, 0.6, 1.25),
            Group::ResidentWalkingAid => law(0.61, 0.08, 0.46, 0.76),
            Group::ResidentWheelchair => law(0.7, 0.12, 0.5, 1.0),
            Group::ResidentPushedWheelchair => law(1.0, 0.1, 0.8, 1.2),
            Group::ResidentBedBound => law(0.7, 0.1, 0.5, 0.9),
        }
    }

    pub fn mobility(self) -> Mobility {
        match self {
            Group::Adult | Group::ResidentIndependent => Mobility::Independent,
            Group::ResidentWalkingAid => Mobility::WalkingAid,
            Group::ResidentWheelchair => Mobility::Wheelchair,
            Group::ResidentPushedWheelchair => Mobility::PushedWheelchair,
            Group::ResidentBedBound => Mobility::BedBound,
        }
    }

    /// Draw a free speed from the group's law (by rejection, so the result is in range).
    pub fn draw_speed_m_s(self, rng: &mut impl Rng) -> f64 {
        let law = self.speed_law();
        loop {
            let v = law.mean_m_s + law.sd_m_s * standard_normal(rng);
            if (law.min_m_s..=law.max_m_s).contains(&v) {
                return v;
            }
        }
    }
}

impl Mobility {
    /// Radius of the disc that stands for the person (and their aid), metres.
    ///
    /// Independent: 0.2 m, JuPedSim's default agent radius (shoulder width ≈0.45 m, Weidmann 1993).
    /// Walking frame or rollator: 0.25 m (a 0.5 m wide frame; rollators are 0.5–0.65 m wide).
    /// Wheelchair: 0.3 m (0.6 m wide; ISO 7193 allows up to 0.7 m). Pushed wheelchair: 0.35 m.
    /// Bed: 0.45 m (a 0.9 m wide care bed). A disc understates the length of a chair or bed: a
    /// known limitation of disc models. With these widths a wheelchair and a walker can just pass
    /// in a 1.2 m corridor (0.6 + 0.5 = 1.1 m), as they do in practice by hugging the walls.
    pub fn radius_m(self) -> f64 {
        match self {
            Mobility::Independent => 0.2,
            Mobility::WalkingAid => 0.25,
            Mobility::Wheelchair => 0.3,
            Mobility::PushedWheelchair => 0.35,
            Mobility::BedBound => 0.45,
        }
    }

    /// Speed factor while passing through a door (within a door's portal zone). People with
    /// frames and wheelchairs slow down to line up with a door; 0.8 is an assumption standing in
    /// for door-passage studies of walking-aid users.
    pub fn door_speed_factor(self) -> f64 {
        match self {
            Mobility::Independent => 1.0,
            _ => 0.8,
        }
    }

    /// True when routes must avoid stairs.
    pub fn step_free(self) -> bool {
        !matches!(self, Mobility::Independent)
    }
}

/// A uniform number in [0, 1) from the top 53 bits of a u64.
pub fn uniform(rng: &mut impl Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal deviate (Box–Muller; one of the pair is dropped to keep the stream simple).
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1 = 1.0 - uniform(rng); // (0, 1]
    let u2 = uniform(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

"""Reference long-range doses from CAiMIRA for tests/epi.rs (run via benches/peer/caimira.sh).

Every CAiMIRA parameter is pinned so that CAiMIRA and carehome solve the same problem:

* emitter: ``EmittingPopulation`` with a known, fixed emission rate E (we read it as quanta/h);
  its ``aerosols()`` is 1, so no viral-load distribution, no expiration model and no exhalation
  mask enter the emission;
* particle: the default ``Particle()`` (no diameter), so the settling velocity is CAiMIRA's fixed
  1.88e-4 m/s, i.e. a deposition rate k = 1.88e-4 * 3600 / 1.5 m = 0.4512 1/h, and the fraction
  deposited in the respiratory tract is fixed at 0.6;
* virus: a subclass of ``Virus`` with a fixed half-life (no humidity/temperature dependence),
  ``infectious_dose = 0.6 * ln 2`` and ``transmissibility_factor = 1``, host immunity 0. CAiMIRA's
  P = 1 - exp(-vD / (ID50 / ln 2 * tf)) then equals Wells-Riley 1 - exp(-q) with the inhaled dose
  q = vD / 0.6 (quanta), because vD = 0.6 * q;
* ventilation: ``AirChange`` (1/h) active over the whole simulated span, so CAiMIRA has state
  changes up to the end of the last exposure;
* exposed: one person, fixed inhalation rate, inhalation mask efficiency as given.

Output: one line per case, ``name dose_quanta probability``, with full precision.
"""

import dataclasses
import math

import numpy as np

from caimira.calculator.models import models
from caimira.calculator.store.data_registry import DataRegistry

F_DEP = 0.6  # CAiMIRA's diameter-independent deposition fraction (Particle(diameter=None))


@dataclasses.dataclass(frozen=True)
class FixedHalflifeVirus(models.Virus):
    fixed_halflife_h: float = 1.1

    def halflife(self, humidity, inside_temp):
        return self.fixed_halflife_h


def run(name, volume_m3, ach, halflife_h, emission_quanta_per_h, infected, exposed,
        inhalation_m3_per_h, mask_inhale, span_h):
    reg = DataRegistry()
    virus = FixedHalflifeVirus(
        viral_load_in_sputum=1.0,
        infectious_dose=F_DEP * math.log(2),
        viable_to_RNA_ratio=1.0,
        transmissibility_factor=1.0,
        infectiousness_days=14,
        fixed_halflife_h=halflife_h,
    )
    activity = models.Activity(inhalation_m3_per_h, inhalation_m3_per_h)
    emitter = models.EmittingPopulation(
        number=1,
        presence=models.SpecificInterval(tuple(infected)),
        activity=activity,
        mask=models.Mask(0.0, 0.0),
        host_immunity=0.0,
        data_registry=reg,
        virus=virus,
        known_individual_emission_rate=emission_quanta_per_h,
    )
    conc = models.ConcentrationModel(
        data_registry=reg,
        room=models.Room(volume=volume_m3),
        ventilation=models.AirChange(active=models.SpecificInterval(((0.0, span_h),)), air_exch=ach),
        infected=emitter,
        evaporation_factor=0.3,
    )
    exposure = models.ExposureModel(
        data_registry=reg,
        concentration_model=conc,
        short_range=(),
        exposed=models.Population(
            number=1,
            presence=models.SpecificInterval(tuple(exposed)),
            activity=activity,
            mask=models.Mask(mask_inhale, 0.0),
            host_immunity=0.0,
        ),
        geographical_data=models.Cases(),
    )
    vd = float(np.asarray(exposure.deposited_exposure()))
    p = float(np.asarray(exposure.infection_probability())) / 100.0
    loss = float(np.asarray(conc.removal_rate(0.5)))
    print(f"{name} dose_quanta={vd / F_DEP!r} p={p!r} loss_per_h={loss!r}")


# name, V m3, ach, half-life h, E quanta/h, infected intervals h, exposed intervals h, IR m3/h,
# mask inhalation efficiency, span h
CASES = [
    ("A_office_4h", 50.0, 1.0, 1.1, 10.0, [(0.0, 4.0)], [(0.0, 4.0)], 0.51, 0.0, 4.0),
    ("B_arrive_after_left", 50.0, 1.0, 1.1, 10.0, [(0.0, 2.0)], [(2.5, 5.0)], 0.51, 0.0, 5.0),
    ("C_breaks_ffp2", 100.0, 3.0, 1.1, 50.0, [(0.0, 1.0), (1.5, 3.0)], [(0.0, 3.0)], 0.57, 0.865, 3.0),
    ("D_unventilated_8h", 30.0, 0.0, 1.1, 5.0, [(0.0, 8.0)], [(0.0, 8.0)], 1.25, 0.0, 8.0),
    ("E_lounge_long_halflife", 200.0, 0.5, 5.0, 20.0, [(1.0, 3.0)], [(0.0, 6.0)], 0.51, 0.5, 6.0),
]

if __name__ == "__main__":
    for case in CASES:
        run(*case)

"""JuPedSim side of the carehome peer benchmark (see jupedsim.sh).

Scenarios (the same ones examples/peer.rs runs in carehome):
  open N     -- open 100 m x 100 m room, N agents on a jittered lattice walk to one waypoint at
                the centre; dt 0.01 s; CollisionFreeSpeedModel at its default parameters.
  carehome   -- 60 m x 2 m corridor, 20 bedrooms of 4 m x 4 m (10 each side) with 0.9 m doors,
                a 10 m x 8 m lounge at the east end; 60 agents (3 per bedroom) walk to their own
                seat in the lounge; 10 simulated minutes; JuPedSim routes them on its navmesh.
Prints one line: name agents steps agent_steps wall_s rate arrived.
"""
import random
import sys
import time

import jupedsim as jps
import shapely
from shapely.ops import unary_union


def open_room(n, steps):
    geo = shapely.Polygon([(0, 0), (100, 0), (100, 100), (0, 100)])
    sim = jps.Simulation(model=jps.CollisionFreeSpeedModel(), geometry=geo, dt=0.01)
    wp = sim.add_waypoint_stage((50.0, 50.0), 0.5)
    journey = sim.add_journey(jps.JourneyDescription([wp]))
    rng = random.Random(1)
    side = int(n ** 0.5 + 0.999)
    pitch = 96.0 / side
    k = 0
    for i in range(side):
        for j in range(side):
            if k == n:
                break
            x = 2 + (i + 0.5) * pitch + rng.uniform(-0.1, 0.1)
            y = 2 + (j + 0.5) * pitch + rng.uniform(-0.1, 0.1)
            sim.add_agent(jps.CollisionFreeSpeedModelAgentParameters(
                position=(x, y), journey_id=journey, stage_id=wp))
            k += 1
    agent_steps = 0
    t0 = time.perf_counter()
    for _ in range(steps):
        agent_steps += sim.agent_count()
        sim.iterate()
    wall = time.perf_counter() - t0
    print(f"jupedsim open{n} agents={n} steps={steps} agent_steps={agent_steps} wall_s={wall:.3f} "
          f"rate={agent_steps / wall:.0f} arrived=na")


def carehome(minutes):
    parts = [shapely.box(0, 0, 60, 2), shapely.box(60, -3, 70, 5)]
    doors = []
    for i in range(10):
        x0 = 4 * i
        parts.append(shapely.box(x0 + 0.1, -4, x0 + 3.9, -0.1))  # south bedroom (walls 0.1 m)
        parts.append(shapely.box(x0 + 0.1, 2.1, x0 + 3.9, 6))    # north bedroom
        doors.append(shapely.box(x0 + 1.55, -0.1, x0 + 2.45, 0.0))
        doors.append(shapely.box(x0 + 1.55, 2.0, x0 + 2.45, 2.1))
    geo = unary_union(parts + doors)
    sim = jps.Simulation(model=jps.CollisionFreeSpeedModel(), geometry=geo, dt=0.01)
    starts, seats = carehome_agents()
    for (x, y), (sx, sy) in zip(starts, seats):
        wp = sim.add_waypoint_stage((sx, sy), 0.3)
        journey = sim.add_journey(jps.JourneyDescription([wp]))
        sim.add_agent(jps.CollisionFreeSpeedModelAgentParameters(
            position=(x, y), journey_id=journey, stage_id=wp))
    steps = int(minutes * 60 / 0.01)
    agent_steps = 0
    t0 = time.perf_counter()
    for _ in range(steps):
        agent_steps += sim.agent_count()
        sim.iterate()
    wall = time.perf_counter() - t0
    arrived = 0
    for a, (sx, sy) in zip(sim.agents(), seats):
        x, y = a.position
        if ((x - sx) ** 2 + (y - sy) ** 2) ** 0.5 < 0.5:
            arrived += 1
    print(f"jupedsim carehome agents={len(starts)} steps={steps} agent_steps={agent_steps} "
          f"wall_s={wall:.3f} rate={agent_steps / wall:.0f} arrived={arrived}")


def carehome_agents():
    """Start points (3 per bedroom) and seats (10 x 6 grid in the lounge), shared with Rust."""
    starts = []
    for i in range(10):
        x0 = 4 * i
        for (dx, dy) in [(1.0, -2.0), (2.0, -3.0), (3.0, -2.0)]:
            starts.append((x0 + dx, dy))
        for (dx, dy) in [(1.0, 4.0), (2.0, 5.0), (3.0, 4.0)]:
            starts.append((x0 + dx, dy))
    seats = [(61.0 + 0.85 * (k % 10), -2.2 + 1.2 * (k // 10)) for k in range(60)]
    # The first to arrive (nearest bedrooms, largest x) take the seats farthest from the lounge
    # door (60, 1); same rule as examples/peer.rs. Stable sorts, as Rust's sort_by.
    door = (60.0, 1.0)
    seats.sort(key=lambda s: -((s[0] - door[0]) ** 2 + (s[1] - door[1]) ** 2) ** 0.5)
    starts.sort(key=lambda s: -s[0])
    return starts, seats


if __name__ == "__main__":
    if sys.argv[1] == "open":
        open_room(int(sys.argv[2]), int(sys.argv[3]))
    else:
        carehome(float(sys.argv[2]))

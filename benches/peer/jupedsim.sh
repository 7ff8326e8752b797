#!/usr/bin/env bash
# Side-by-side benchmark: JuPedSim 1.4.2 (PyPI) against carehome, same scenarios, one run.
# Not run by CI. Usage: benches/peer/jupedsim.sh   (VENV=path to reuse a virtual environment)
#   open 100 / open 1000: open 100 m x 100 m room, agents to one waypoint, dt 0.01 s,
#                         CollisionFreeSpeedModel at JuPedSim's defaults, single thread;
#                         reports agent-steps per second for both and the ratio.
#   carehome:             60 m corridor, 20 bedrooms, lounge; 60 agents to the lounge;
#                         10 simulated minutes, routing included; wall time and arrivals.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-$root/target/peer-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "jupedsim==1.4.2" shapely
fi
(cd "$root" && cargo build --quiet --release --example peer)
peer="$root/target/release/examples/peer"
export RAYON_NUM_THREADS=1 OMP_NUM_THREADS=1

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

compare() { # label, python args, rust args
  # Both tools run REPEATS times, alternating, and the fastest run of each counts: the machine is
  # shared, and the best of several runs is the least disturbed measurement.
  local label="$1" py="$2" rs="$3" r j c jw cw
  local jbest="" cbest="" jwb=1e99 cwb=1e99
  for r in $(seq "${REPEATS:-3}"); do
    j="$("$venv/bin/python" "$here/jupedsim_peer.py" $py)"
    c="$("$peer" $rs)"
    jw="$(echo "$j" | field wall_s)"; cw="$(echo "$c" | field wall_s)"
    if python3 -c "import sys; sys.exit(0 if $jw < $jwb else 1)"; then jwb="$jw"; jbest="$j"; fi
    if python3 -c "import sys; sys.exit(0 if $cw < $cwb else 1)"; then cwb="$cw"; cbest="$c"; fi
  done
  echo "$jbest"
  echo "$cbest"
  local rj rc
  rj="$(echo "$jbest" | field rate)"; rc="$(echo "$cbest" | field rate)"
  python3 -c "print(f'  {\"$label\"}: carehome/jupedsim agent-steps/s ratio = {$rc/$rj:.1f}x, wall-time ratio = {$jwb/$cwb:.1f}x (best of ${REPEATS:-3})')"
}

echo "== open room, 100 agents, 2000 steps (20 s) =="
compare open100 "open 100 2000" "open 100 2000"
echo "== open room, 1000 agents, 1000 steps (10 s) =="
compare open1000 "open 1000 1000" "open 1000 1000"
echo "== open room, 100 agents, 5000 steps (50 s: a dense pile at the waypoint) =="
compare open100-dense "open 100 5000" "open 100 5000"
echo "== care home: 60 agents, bedrooms to lounge, 10 simulated minutes =="
compare carehome "carehome 10" "carehome 10"
echo "== carehome in the daily-life configuration (dt 0.1 s, T 0.5 s, squeezing, hard bodies) =="
echo "   (the peer scenarios and the care-home meetings; JuPedSim's figures for the same scenarios"
echo "   at its defaults: tests/ped_rimea.rs and the issue #24 notes)"
(cd "$root" && cargo test --quiet --release --test ped_shipped -- --nocapture --include-ignored 2>&1 \
  | grep -E "^(shipped|pushed)")

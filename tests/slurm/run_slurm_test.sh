#!/usr/bin/env bash
# Runs a sweep on a real single-node Slurm cluster started here, and checks its merged tables are
# byte-identical to a local run of the same manifest.
#
# Needs (installs nothing): root, and Debian's slurmctld, slurmd, slurm-client and munge packages
#   apt-get install -y slurmctld slurmd slurm-client munge
# Works without systemd: munged runs as the munge user, slurmctld and slurmd are started by hand
# with proctrack/linuxproc, task/none and no accounting, state under a temporary folder; every
# daemon this script starts is stopped by its PID on exit.
#
# Usage: tests/slurm/run_slurm_test.sh            (from the repository root)
# Env:   CAREHOME=path/to/carehome (default target/release/carehome, built if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

say() { printf '[slurm-test] %s\n' "$*"; }
die() { printf '[slurm-test] FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (slurmd runs jobs as root here)"
for cmd in slurmctld slurmd sbatch sinfo munged munge; do
  command -v "$cmd" >/dev/null || die "$cmd not found: apt-get install -y slurmctld slurmd slurm-client munge"
done

CAREHOME=${CAREHOME:-$ROOT/target/release/carehome}
if [ ! -x "$CAREHOME" ]; then
  say "building $CAREHOME"
  cargo build --release --locked
fi
CAREHOME=$(realpath "$CAREHOME")
MANIFEST=$ROOT/tests/sweep/synthetic-grid.toml

T=$(mktemp -d /tmp/carehome-slurm.XXXXXX)
chmod 755 "$T"
PIDS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ $rc -ne 0 ]; then
    for f in "$T"/slurmctld.log "$T"/slurmd.log; do
      [ -f "$f" ] && { echo "---- $f (tail)"; tail -n 30 "$f"; }
    done
    find "$T/out-slurm/slurm-logs" -type f -exec sh -c 'echo "---- $1"; cat "$1"' _ {} \; 2>/dev/null || true
  fi
  rm -rf "$T"
  exit $rc
}
trap cleanup EXIT INT TERM

# --- munge -------------------------------------------------------------------------------------
if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "using the munged already running"
else
  [ -s /etc/munge/munge.key ] || die "/etc/munge/munge.key is missing (the munge package creates it; or run mungekey)"
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  rm -f /run/munge/munged.pid
  runuser -u munge -- munged
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  PIDS+=("$(cat /run/munge/munged.pid)")
  munge -n </dev/null | unmunge >/dev/null || die "munged does not answer"
  say "started munged (pid ${PIDS[-1]})"
fi

# --- slurm.conf --------------------------------------------------------------------------------
HOST=$(hostname -s)
NCPU=$(nproc)
mkdir -p "$T/state" "$T/spool"
export SLURM_CONF=$T/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=carehome-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$NCPU State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

# --- daemons (foreground mode, backgrounded here, so $! is the daemon) ---------------------------
slurmctld -D -i -f "$SLURM_CONF" >"$T/slurmctld.out" 2>&1 &
PIDS+=($!)
say "started slurmctld (pid $!)"
sleep 1
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.out" 2>&1 &
PIDS+=($!)
say "started slurmd (pid $!)"

for i in $(seq 60); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true)
  [ "$state" = idle ] && break
  [ "$i" = 60 ] && { cat "$T/slurmctld.out" "$T/slurmd.out" >&2 || true; die "node not idle after 30 s (state: ${state:-none})"; }
  sleep 0.5
done
say "node $HOST idle with $NCPU CPU(s)"

# --- the sweep on Slurm --------------------------------------------------------------------------
"$CAREHOME" sweep slurm "$MANIFEST" --out "$T/out-slurm" --tasks 3 --cpus-per-task 1 --time 00:05:00 --partition debug
say "submitting $T/out-slurm/sweep.sbatch"
timeout 300 sbatch --wait "$T/out-slurm/sweep.sbatch" || die "sbatch --wait failed"
"$CAREHOME" sweep merge "$T/out-slurm"

# --- the same sweep locally ----------------------------------------------------------------------
"$CAREHOME" sweep run "$MANIFEST" --out "$T/out-local" --no-progress
"$CAREHOME" sweep merge "$T/out-local"

for f in points.csv replicates.csv; do
  cmp "$T/out-slurm/$f" "$T/out-local/$f" || die "$f differs between Slurm and the local run"
done
say "OK: Slurm job array (3 tasks) and local run give byte-identical points.csv and replicates.csv ($(($(wc -l <"$T/out-local/points.csv") - 1)) rows)"

#!/usr/bin/env bash
# Reference daylight factors from Radiance for tests/daylight.rs.
# Creates benches/peer/.venv, installs PyPI `pyradiance` (which bundles the Radiance binaries) and
# runs radiance_daylight.py. Pass --json to also print every point value.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyradiance
fi
exec "$venv/bin/python" "$here/radiance_daylight.py" "$@"

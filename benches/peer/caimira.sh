#!/usr/bin/env bash
# Peer check of carehome's well-mixed room model against CAiMIRA (CERN).
# Creates a throw-away venv, installs the `caimira` package from PyPI and prints the
# reference doses and probabilities that tests/epi.rs records.
#
#   benches/peer/caimira.sh            # uses $CAIMIRA_VENV or ./target/caimira-venv
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${CAIMIRA_VENV:-$here/../../target/caimira-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet caimira
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("# caimira", m.version("caimira"))'
"$venv/bin/python" "$here/caimira_reference.py"

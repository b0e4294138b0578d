#!/usr/bin/env bash
# Create .venv and install Bridge with its pinned dependency tree.
# A no-op (well under a second) when pyproject.toml and the constraints are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.installed
wanted=$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    exit 0
fi

python=$(command -v python3.11 || command -v python3)
if [[ ! -x .venv/bin/python ]]; then
    echo "Creating .venv with $($python --version)"
    "$python" -m venv .venv
fi
echo "Installing dependencies (pinned by requirements/constraints.txt)…"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/constraints.txt -e ".[dev]"
echo "$wanted" > "$stamp"

#!/usr/bin/env bash
# `make test`: install and start the real services, then lint and run the whole
# suite against them. Extra arguments go to pytest (e.g. `make test ARGS=-x`).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/venv.sh
scripts/services/up.sh
# shellcheck source=scripts/services/env.sh
source scripts/services/env.sh

echo "== lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python manage.py makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python manage.py spectacular --validate --fail-on-warn --file /dev/null

echo "== tests"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "pytest collected no tests: that is a failure, not a pass." >&2
    exit 1
fi
exit "$status"

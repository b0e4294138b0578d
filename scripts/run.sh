#!/usr/bin/env bash
# `make run`: Bridge on the embedded default — SQLite, in-memory channel layer,
# eager Celery tasks, database search — with demo data, served by daphne.
# Safe to re-run: every step is idempotent and skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/venv.sh

# The embedded default needs nothing but Python, whatever the shell exports.
unset DATABASE_URL REDIS_URL ELASTICSEARCH_URL
export DEBUG="${DEBUG:-true}"
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
# Links in emails and the sign-in hint point where this server listens.
export SITE_URL="${SITE_URL:-http://$host:$port}"
mkdir -p "${BRIDGE_VAR_DIR:-var}"

.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py seed_demo
# Deliveries a previous run left pending (there is no beat in the embedded default).
.venv/bin/python manage.py activity_sweep
echo
echo "Bridge is running at http://$host:$port/  (Ctrl-C to stop)"
exec .venv/bin/python -m bridge.serve --bind "$host" --port "$port" bridge.asgi:application

#!/usr/bin/env bash
# Stop the services that up.sh started (for developers; CI leaves them running).
set -euo pipefail
root=${BRIDGE_SERVICES_DIR:-/var/lib/bridge-services}
redis-cli -h 127.0.0.1 -p 6379 shutdown nosave 2>/dev/null || true
if [[ -f $root/es-run/elasticsearch.pid ]]; then
    kill "$(cat "$root/es-run/elasticsearch.pid")" 2>/dev/null || true
fi
pg_ctlcluster 15 main stop 2>/dev/null || true
echo "Stopped Redis, Elasticsearch and PostgreSQL."

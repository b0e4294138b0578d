# Sourced by scripts/test.sh: where the suite finds the services up.sh started.
export DATABASE_URL=${DATABASE_URL:-postgres://bridge:bridge@127.0.0.1:5432/bridge}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-http://127.0.0.1:9200}
export BRIDGE_CHROMIUM=${BRIDGE_CHROMIUM:-/usr/bin/chromium}

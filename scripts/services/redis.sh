#!/usr/bin/env bash
# Redis 7 from Debian: channel layer, Celery broker, cache. No persistence needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

apt_install redis-server

redis_answers() { [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; }

if ! redis_answers; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --logfile /var/log/redis-bridge.log
    wait_until 15 "Redis" redis_answers
fi
echo "redis: $(redis-cli -h 127.0.0.1 info server | grep -oP 'redis_version:\K\S+') on 127.0.0.1:6379"

"""Backing services, each enabled by its URL; unset means the embedded default."""

from datetime import timedelta

import environ
from celery.schedules import crontab
from redis.exceptions import ConnectionError as RedisConnectionError

from bridge import env

_env = environ.Env()

DATABASES = {"default": _env.db_url_config(env.DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.DATABASE_POOL_SIZE:
    # A connection pool per process. Under ASGI every request runs its sync code in
    # a fresh thread, so per-thread persistent connections (CONN_MAX_AGE) would
    # open a new PostgreSQL session per request; the pool hands a warm one over.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 1, "max_size": env.DATABASE_POOL_SIZE, "timeout": 10}
    }
    # Checked on checkout: a connection the server dropped (restart, failover) is
    # replaced instead of failing a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite serves one developer: wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

REDIS_URL = env.REDIS_URL

if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis outage reads as a miss (bridge/cache.py), and a hung Redis is given
            # up on within a second instead of holding the request.
            "BACKEND": "bridge.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bridge",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub, which ends the sockets when it may have missed a message
            # (realtime/layer.py, decision 0010).
            "BACKEND": "realtime.layer.WatchfulPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # After Redis restarts, the pool's connections to the old one
                        # are dead and redis-py's asyncio client does not retry by
                        # default: the first publish on each process would fail.
                        # One immediate retry on a fresh connection; while Redis is
                        # down it fails as fast as before.
                        "retry_on_error": [RedisConnectionError],
                    }
                ],
                "prefix": "bridge:channels",
            },
        }
    }
    # Sessions are read from the cache and written through to the database. Django's
    # cached_db backend does not catch cache errors, so it relies on the forgiving cache
    # above: with Redis down, every signed-in request would otherwise answer 500
    # (tests/realtime/test_live_stack.py kills Redis mid-test).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery (configured from Django settings with the CELERY_ namespace).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.CELERY_EAGER
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env.CELERY_QUEUE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60
# Tasks report through the database (deliveries), not through results.
CELERY_TASK_IGNORE_RESULT = True
# A request must never hang because the broker is down: publish fails fast and
# the outbox sweep re-sends later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE = {
    "activity-sweep": {"task": "activity.sweep", "schedule": timedelta(seconds=60)},
    # Search documents kept while Elasticsearch was down, written once it answers.
    "search-drain-backlog": {"task": "search.drain_backlog", "schedule": timedelta(seconds=5)},
    # The daily digest, early in the morning (UTC); each person's is idempotent per day.
    "network-digests": {"task": "network.send_digests", "schedule": crontab(hour=6, minute=0)},
    # Presence rows left behind by web processes that died with sockets open.
    "realtime-stale-connections": {
        "task": "realtime.forget_stale_connections",
        "schedule": timedelta(hours=1),
    },
    # Responses kept for Idempotency-Key replays live a day.
    "integrations-forget-idempotent-requests": {
        "task": "integrations.forget_idempotent_requests",
        "schedule": timedelta(hours=1),
    },
}

# The activity outbox: how long a dispatched delivery may stay unfinished before
# the sweep sends it again, and how retries back off.
ACTIVITY_DELIVERY_LEASE = timedelta(minutes=5)
ACTIVITY_MAX_ATTEMPTS = 10
ACTIVITY_RETRY_BASE_SECONDS = 2

# --- Outbound webhooks (integrations/webhooks/, docs/webhooks.md) -------------------
# Each delivery gets one request with this timeout, no redirects followed. Failed ones
# are retried after 30 s, then twice as long each time (±20 % jitter), for a day from
# their first attempt; then the delivery fails and its subscription is disabled.
WEBHOOK_TIMEOUT_SECONDS = 5.0
WEBHOOK_RETRY_BASE_SECONDS = 30
WEBHOOK_RETRY_WINDOW = timedelta(hours=24)
# After rotating a secret, the old one also signs for this long.
WEBHOOK_PREVIOUS_SECRET_LIFETIME = timedelta(hours=24)
# At most this many subscriptions per person.
WEBHOOK_MAX_SUBSCRIPTIONS = 25
# Production sends to public https URLs only. A developer's machine (DEBUG, as `make
# run` sets) may also send plain http to itself and its network; tests turn it on.
WEBHOOK_ALLOW_PRIVATE_URLS = env.DEBUG
# Beat hands due retries (and anything a lost message left) to the workers.
CELERY_BEAT_SCHEDULE["webhooks-sweep"] = {
    "task": "webhooks.sweep",
    "schedule": timedelta(seconds=15),
}

# Presence is told to a community's members this long after a change settles
# (realtime/announcer.py).
REALTIME_PRESENCE_SETTLE_SECONDS = 2.0
# Sockets' pings are recorded in one UPDATE per web process this often
# (realtime/heartbeats.py); a socket silent for 75 s no longer counts online.
REALTIME_HEARTBEAT_FLUSH_SECONDS = 5.0

# Search: Elasticsearch when configured, the database backend otherwise.
ELASTICSEARCH_URL = env.ELASTICSEARCH_URL
ELASTICSEARCH_INDEX_PREFIX = env.ELASTICSEARCH_INDEX_PREFIX
ELASTICSEARCH_REPLICAS = env.ELASTICSEARCH_REPLICAS
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"

# Email: an EMAIL_URL such as smtp+tls://user:password@mail.example.com:587.
if env.EMAIL_URL:
    globals().update(_env.email_url_config(env.EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = env.DEFAULT_FROM_EMAIL

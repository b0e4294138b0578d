"""Settings for the test suite: production settings plus a probe handler.

The real services come from the environment (`make test` sources
scripts/services/env.sh). Every test run gets its own Celery queue so that a
worker started by one run never eats another run's tasks.
"""

import os
import uuid
from datetime import timedelta

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# Tests talk plain http to 127.0.0.1; test_settings.py checks the HTTPS settings.
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("CELERY_QUEUE", f"bridge-test-{uuid.uuid4().hex[:12]}")
os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bridge_test")

from bridge.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.probe"]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Hashing strength is not under test; fast hashing keeps persona setup quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Retries back off by seconds in production; tests retry at once.
ACTIVITY_RETRY_BASE_SECONDS = 0
# Presence settles, and pings are recorded, quickly in tests (realtime/announcer.py,
# heartbeats.py).
REALTIME_PRESENCE_SETTLE_SECONDS = 0.3
REALTIME_HEARTBEAT_FLUSH_SECONDS = 0.3
ACTIVITY_DELIVERY_LEASE = timedelta(minutes=5)
# The test receivers listen on 127.0.0.1 over plain http (tests/integrations/).
WEBHOOK_ALLOW_PRIVATE_URLS = True

# Static files come straight from the apps: the suite does not run collectstatic.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every test resets sign-in lockouts; axes logs each reset at INFO.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "axes": {"level": "WARNING"}}}  # noqa: F405

# The suite makes thousands of API calls as a few people within a minute; the rate
# limits themselves are tested with low limits (tests/integrations/test_throttles.py).
API_RATE_LIMITS = {"token": 1_000_000, "person": 1_000_000}

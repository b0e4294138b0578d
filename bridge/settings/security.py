"""Secure by default: everything here is on unless running over plain http locally.

`manage.py check --deploy` must be clean with production settings (DEBUG off, a
SECRET_KEY, HTTPS on); tests/bridge/test_settings.py holds us to it.
"""

from datetime import timedelta

from bridge import env

CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.HTTPS
CSRF_COOKIE_SECURE = env.HTTPS
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy (see docker-compose.yml and docs/deployment.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.HTTPS else None
SECURE_SSL_REDIRECT = env.HTTPS
# Health probes come from the load balancer over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if env.HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.HTTPS
SECURE_HSTS_PRELOAD = env.HTTPS

# Password guessing: ten failures for one username from one address lock that
# pair out for fifteen minutes (HTTP 429); a success resets the count. Counted in
# Redis when there is one, so that every web process shares the count.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if env.REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)

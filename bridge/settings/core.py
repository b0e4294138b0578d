"""Django core: apps, middleware, templates, auth, static files, logging, API."""

from bridge import env

BASE_DIR = env.BASE_DIR
DEBUG = env.DEBUG
SECRET_KEY = env.SECRET_KEY
ALLOWED_HOSTS = env.ALLOWED_HOSTS

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and websockets from one process.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "axes",
    "django_guid",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "network",
    "ideas",
    "rewards",
    "activity",
    "realtime",
    "search",
    "integrations",
    "frontend",
]

MIDDLEWARE = [
    # First, so that everything after it, and every log line of the request, has its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags on every GET, 304 to a matching If-None-Match; API answers revalidated.
    "django.middleware.http.ConditionalGetMiddleware",
    "bridge.api_caching.ApiCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before anything reads it.
    "bridge.body_limit.ApiBodyLimitMiddleware",
    # After authentication: keys are each caller's own.
    "integrations.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After the others, as django-axes requires: it turns a locked-out sign-in into a 429.
    "axes.middleware.AxesMiddleware",
    # Sync only, and innermost: Django then runs the whole chain in one thread for a
    # request under ASGI, instead of hopping threads for every middleware.
    "network.membership_memo.MembershipMemoMiddleware",
]

ROOT_URLCONF = "bridge.urls"
ASGI_APPLICATION = "bridge.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.unread_notifications",
                "frontend.context_processors.points_balance",
            ],
        },
    },
]

AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins during a lockout
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

COMMUNITY_CREATION = env.COMMUNITY_CREATION
SITE_URL = env.SITE_URL
COMPANY_NAME = env.COMPANY_NAME
INVITATION_VALID_DAYS = 14

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.STATIC_ROOT
# Uploaded files are never served from MEDIA_URL: network/downloads.py serves
# each one after an access check (decision 0005).
MEDIA_URL = "media/"
MEDIA_ROOT = env.MEDIA_ROOT
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
ATTACHMENT_MAX_BYTES = env.ATTACHMENT_MAX_BYTES
IMAGE_UPLOAD_MAX_BYTES = env.IMAGE_UPLOAD_MAX_BYTES
ATTACHMENTS_PER_POST = env.ATTACHMENTS_PER_POST
# Decoded size limit per image (and per animation, all frames together): a small
# file that decodes to gigabytes of pixels is refused before it is decoded.
UPLOAD_MAX_PIXELS = 40_000_000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# With DEBUG on, serve straight from the apps so `make run` needs no rebuild.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    # A token first: an unauthenticated call then gets a 401 that says "Bearer".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "integrations.permissions.TokenHasScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "integrations.throttles.TokenRateThrottle",
        "integrations.throttles.PersonRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "bridge.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "bridge.pagination.Newest",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "bridge.api.exception_handler",
}
# Requests per minute (integrations/throttles.py): each token on its own, and each
# person over all their tokens and pages together. Calls without credentials are
# refused (401) before they count; sign-ins have their own lockout (django-axes).
API_RATE_LIMITS = {"token": env.API_RATE_PER_TOKEN, "person": env.API_RATE_PER_PERSON}
# How long a retried POST waits for the first one with its Idempotency-Key to finish.
IDEMPOTENCY_WAIT_SECONDS = 10
SPECTACULAR_SETTINGS = {
    "TITLE": "Bridge API",
    "DESCRIPTION": (
        "Communities, posts, ideas and rewards across the corporate firewall.\n\n"
        "Authenticate with `Authorization: Bearer <token>` (make one at /settings/tokens/); "
        "a token acts as its owner within its scopes. Errors are "
        '`{"type", "detail", "fields"}`; send `Idempotency-Key` on POSTs; reads carry ETags; '
        "limits answer 429 with `Retry-After`. The guide: docs/api.md in the repository."
    ),
    # Operations grouped by what they are about (communities, ideas…), not by "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from our own static files: no third-party script on our pages.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayRequestDuration": True},
    # Several models name a choice set "reason" or "kind"; give each enum its own name.
    "ENUM_NAME_OVERRIDES": {
        "NotificationReasonEnum": "network.models.notifications.Notification.Reason",
        "ReportReasonEnum": "network.models.moderation.Report.Reason",
        "ParticipationEnum": "ideas.models.Participation",
        "StageKindEnum": "ideas.models.Stage.Kind",
        "BoardFieldKindEnum": "ideas.models.BoardField.Kind",
        "ApiTokenKindEnum": "integrations.models.ApiToken.Kind",
    },
}

# Every response says which request it was (X-Request-ID), and every log line written
# while serving it carries the same id. A caller's own id is kept when it is a UUID
# (a correlation id from a proxy or an integration); anything else is replaced, so a
# header cannot write into the logs.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task is noise at INFO; failures still log as errors.
        "celery.app.trace": {"level": "WARNING"},
        # "X-Request-ID found in the header", per request, is noise at INFO; a
        # replaced (malformed) one still logs as a warning.
        "django_guid": {"level": "WARNING"},
        "elastic_transport.transport": {"level": "WARNING"},
    },
}

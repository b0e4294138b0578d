"""The one place that reads the process environment.

Every setting that can change between machines is read here, once, with a safe
default. An unset service URL means the embedded default (SQLite, in-memory
channel layer, eager tasks, database search).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG: bool = env.bool("DEBUG", default=False)

# A fixed key is only acceptable on a developer's machine with DEBUG on; anywhere
# else a missing SECRET_KEY must stop the process instead of signing sessions
# with a key that is public in this repository.
_DEVELOPMENT_SECRET_KEY = "django-insecure-bridge-local-development-only"  # noqa: S105
SECRET_KEY: str = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the embedded default keeps its SQLite database, uploads and static files.
VAR_DIR = Path(env.str("BRIDGE_VAR_DIR", default=str(BASE_DIR / "var")))

DATABASE_URL: str = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bridge.sqlite3'}")
# PostgreSQL connections each web or worker process keeps open (0: no pool).
DATABASE_POOL_SIZE: int = env.int("DATABASE_POOL_SIZE", default=10)
REDIS_URL: str = env.str("REDIS_URL", default="")
ELASTICSEARCH_URL: str = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX: str = env.str("ELASTICSEARCH_INDEX_PREFIX", default="bridge")
# Copies of each search shard on other nodes: 0 on one node, 1 on a cluster of three.
ELASTICSEARCH_REPLICAS: int = env.int("ELASTICSEARCH_REPLICAS", default=0)

# HTTPS is assumed in production: secure cookies, HSTS and the redirect follow it.
# Developers running plain http on 127.0.0.1 get DEBUG, which turns these off.
HTTPS: bool = env.bool("HTTPS", default=not DEBUG)

EMAIL_URL: str = env.str("EMAIL_URL", default="")
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Bridge <bridge@localhost>")

MEDIA_ROOT: Path = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads, checked by content (services/media.py): sizes in bytes.
ATTACHMENT_MAX_BYTES: int = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_BYTES: int = env.int("IMAGE_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)
ATTACHMENTS_PER_POST: int = env.int("ATTACHMENTS_PER_POST", default=10)
STATIC_ROOT: Path = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))

LOG_LEVEL: str = env.str("LOG_LEVEL", default="INFO")

# API rate limits, in requests per minute (429 with Retry-After beyond them).
API_RATE_PER_TOKEN: int = env.int("API_RATE_PER_TOKEN", default=600)
API_RATE_PER_PERSON: int = env.int("API_RATE_PER_PERSON", default=1200)

# Celery: tasks run in-process unless a broker is configured.
CELERY_EAGER: bool = env.bool("CELERY_EAGER", default=not REDIS_URL)
CELERY_QUEUE: str = env.str("CELERY_QUEUE", default="bridge")

# The address people use to reach Bridge, for links in emails.
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The company running Bridge, as shared posts disclose it ("I work at …").
COMPANY_NAME: str = env.str("COMPANY_NAME", default="Bridge")

# Who may create communities: every employee, or community managers only.
COMMUNITY_CREATION: str = env.str("COMMUNITY_CREATION", default="employees")
if COMMUNITY_CREATION not in {"employees", "managers"}:
    raise ImproperlyConfigured("COMMUNITY_CREATION must be 'employees' or 'managers'.")

"""The Celery app. Tasks are thin wrappers that take ids and call services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")

app = Celery("bridge")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fixup closes every database connection around every task unless
# this is set, paying a new PostgreSQL connection (and its auth) per task. Reuse
# them; tasks call close_old_connections() so CONN_MAX_AGE and health checks apply.
app.conf.CELERY_DB_REUSE_MAX = 1000
app.autodiscover_tasks()

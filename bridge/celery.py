"""The Celery app. Tasks are thin wrappers that take ids and call services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")

app = Celery("bridge")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""GET /healthz: each dependency with its status and latency.

A dependency is required when it is configured; the embedded default needs only
its database. 200 when every required one is up, 503 otherwise, so a load
balancer can take an unhealthy process out of rotation.
"""

import time
from collections.abc import Callable
from typing import Any

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bridge.celery import app as celery_app
from search.client import elasticsearch_enabled, get_client

TIMEOUT_SECONDS = 1.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _redis() -> str:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return "redis"


def _elasticsearch() -> str:
    health = get_client().options(request_timeout=TIMEOUT_SECONDS).cluster.health()
    if health["status"] == "red":
        raise RuntimeError("cluster status is red")
    return f"cluster {health['status']}"


def _celery() -> str:
    replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS, limit=1)
    if not replies:
        raise RuntimeError("no worker answered")
    return f"{len(replies)} worker(s) answered"


def _probe(check: Callable[[], str]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
        status = "up"
    except Exception as error:  # noqa: BLE001 -- any failure means the dependency is down
        detail = type(error).__name__
        status = "down"
    latency = round((time.perf_counter() - started) * 1000, 1)
    return {"status": status, "required": True, "latency_ms": latency, "detail": detail}


def _not_configured(detail: str) -> dict[str, Any]:
    return {"status": "disabled", "required": False, "latency_ms": None, "detail": detail}


def collect() -> dict[str, dict[str, Any]]:
    return {
        "database": _probe(_database),
        "redis": _probe(_redis) if settings.REDIS_URL else _not_configured("in-memory layer"),
        "elasticsearch": (
            _probe(_elasticsearch)
            if elasticsearch_enabled()
            else _not_configured("database search")
        ),
        "celery": (
            _not_configured("tasks run eagerly")
            if settings.CELERY_TASK_ALWAYS_EAGER
            else _probe(_celery)
        ),
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = collect()
    healthy = all(check["status"] == "up" for check in checks.values() if check["required"])
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )

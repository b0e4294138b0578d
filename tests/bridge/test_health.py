"""GET /healthz against the real services."""

import pytest


@pytest.fixture
def all_services(redis_url, elasticsearch_url, postgres_url):
    return True


def test_healthy_when_every_service_and_a_worker_answer(client, all_services, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "elasticsearch", "celery"}
    for name, check in body["checks"].items():
        assert check["status"] == "up", name
        assert check["required"] is True
        assert check["latency_ms"] >= 0
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert response["Cache-Control"].startswith("max-age=0")


def test_unavailable_when_no_worker_answers(client, db, all_services):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["celery"]["status"] == "down"


def test_unavailable_when_redis_is_unreachable(client, db, all_services, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens

    response = client.get("/healthz")

    assert response.status_code == 503
    redis_check = response.json()["checks"]["redis"]
    assert (redis_check["status"], redis_check["detail"]) == ("down", "ConnectionError")


def test_only_get_is_allowed(client, db):
    assert client.post("/healthz").status_code == 405

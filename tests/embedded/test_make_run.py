"""The embedded default, started the way `make run` starts it: nothing but Python.

scripts/run.sh runs with REDIS_URL, ELASTICSEARCH_URL and DATABASE_URL removed
from its environment, migrates a fresh SQLite database, seeds the demo and serves
with daphne. This test gives it an empty data directory and a free port.
"""

import json
import os
import re

import pytest

from tests.fixtures.processes import REPO, free_port, http_get, web_server


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("embedded")
    port = free_port()
    # Everything `make test` exports for the real services is removed by run.sh;
    # the test keeps it in the environment to prove that.
    env = {**os.environ, "BRIDGE_VAR_DIR": str(data_dir), "PORT": str(port)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with web_server(
        [str(REPO / "scripts" / "run.sh")],
        port=port,
        env=env,
        log_path=data_dir / "server.log",
        timeout=120,
    ) as base:
        yield base, data_dir


def test_health_reports_the_embedded_default(embedded_server):
    base, data_dir = embedded_server

    status, body = http_get(f"{base}/healthz")
    checks = json.loads(body)["checks"]

    assert status == 200
    assert checks["database"]["status"] == "up"
    assert checks["database"]["detail"] == "sqlite"
    assert {name: checks[name]["status"] for name in ("redis", "elasticsearch", "celery")} == {
        "redis": "disabled",
        "elasticsearch": "disabled",
        "celery": "disabled",
    }
    assert (data_dir / "bridge.sqlite3").exists()


def test_the_login_page_is_served_with_its_assets(embedded_server):
    base, _ = embedded_server

    status, body = http_get(f"{base}/login/")
    assert status == 200
    assert 'name="username"' in body
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', body):
        assert http_get(f"{base}{asset}")[0] == 200, asset
    assert "htmx" in body

    assert http_get(f"{base}/")[0] == 200  # redirected to the login page


def test_the_demo_logins_are_printed(embedded_server):
    _, data_dir = embedded_server
    log = (data_dir / "server.log").read_text()
    for username in ("ada", "linus", "grace", "margaret", "pat", "carla", "otto"):
        assert f"  {username} " in log
    assert "bridge-demo" in log

"""The embedded default, started the way `make run` starts it: nothing but Python.

scripts/run.sh runs with REDIS_URL, ELASTICSEARCH_URL and DATABASE_URL removed
from its environment, migrates a fresh SQLite database, seeds the demo and serves
with daphne. This test gives it an empty data directory and a free port.
"""

import json
import os
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures.services import wait_for

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("embedded")
    port = free_port()
    # Everything `make test` exports for the real services is removed by run.sh;
    # the test keeps it in the environment to prove that.
    env = {**os.environ, "BRIDGE_VAR_DIR": str(data_dir), "PORT": str(port)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [str(REPO / "scripts" / "run.sh")],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def serving() -> bool:
        if process.poll() is not None:
            pytest.fail(f"make run exited:\n{(data_dir / 'server.log').read_text()[-3000:]}")
        try:
            return get(f"{base}/healthz")[0] in (200, 503)
        except OSError:
            return False

    wait_for(serving, timeout=120, interval=0.5, message="the embedded server")
    yield base, data_dir
    process.terminate()
    process.wait(timeout=20)


def test_health_reports_the_embedded_default(embedded_server):
    base, data_dir = embedded_server

    status, body = get(f"{base}/healthz")
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

    status, body = get(f"{base}/login/")
    assert status == 200
    assert 'name="username"' in body
    assert "htmx" in body

    assert get(f"{base}/")[0] == 200  # redirected to the login page


def test_the_demo_logins_are_printed(embedded_server):
    _, data_dir = embedded_server
    log = (data_dir / "server.log").read_text()
    for username in ("ada", "linus", "grace", "margaret", "pat", "carla", "otto"):
        assert f"  {username} " in log
    assert "bridge-demo" in log

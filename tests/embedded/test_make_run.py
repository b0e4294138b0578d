"""The embedded default, started the way `make run` starts it: nothing but Python.

scripts/run.sh runs with REDIS_URL, ELASTICSEARCH_URL and DATABASE_URL removed
from its environment, migrates a fresh SQLite database, seeds the demo and serves
with daphne. This test gives it an empty data directory and a free port.
"""

import asyncio
import http.cookiejar
import json
import os
import re
import sqlite3
import urllib.parse
import urllib.request
from contextlib import closing

import pytest
import websockets

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
    base, data_dir = embedded_server
    log = (data_dir / "server.log").read_text()
    for username in ("ada", "linus", "grace", "margaret", "pat", "carla", "otto"):
        assert f"  {username} " in log
    assert "bridge-demo" in log
    assert f"Sign in at {base}/login/" in log, "where this server listens, not a default port"


class Browser:
    """Just enough of a browser for the embedded server: cookies, the CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)

    def request(self, path: str, data: dict | None = None, *, form: bool = False) -> dict | str:
        headers = {"Accept": "application/json", "Referer": f"{self.base}{path}"}
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self.cookie("csrftoken")
            if form:
                body = urllib.parse.urlencode(data).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                body = json.dumps(data).encode()
                headers["Content-Type"] = "application/json"
        url = f"{self.base}{path}"  # our own http:// server
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        with self.opener.open(request, timeout=10) as response:
            text = response.read().decode()
            is_json = response.headers.get_content_type() == "application/json"
            return json.loads(text) if is_json else text

    def sign_in(self, username: str) -> None:
        self.request("/login/")  # sets the CSRF cookie
        self.request("/login/", {"username": username, "password": "bridge-demo"}, form=True)


def test_the_live_socket_works_on_the_in_memory_layer(embedded_server):
    """Eager tasks and the in-memory channel layer, in daphne's one process: a post
    reaches a subscribed socket, with no Redis and no worker."""
    base, _ = embedded_server
    ada = Browser(base)
    ada.sign_in("ada")
    communities = ada.request("/api/v1/communities/")["results"]
    engineering = next(c for c in communities if c["slug"] == "engineering")
    topic = f"community:{engineering['id']}"

    async def scenario():
        async with websockets.connect(
            base.replace("http", "ws") + "/ws/",
            origin=base,
            additional_headers={"Cookie": f"sessionid={ada.cookie('sessionid')}"},
        ) as socket:
            assert json.loads(await socket.recv())["type"] == "hello"
            await socket.send(json.dumps({"type": "subscribe", "topic": topic}))
            assert json.loads(await socket.recv()) == {"type": "subscribed", "topic": topic}
            post = await asyncio.to_thread(
                ada.request, f"/api/v1/communities/{engineering['id']}/posts/", {"body": "Live?"}
            )
            async with asyncio.timeout(10):
                while True:
                    event = json.loads(await socket.recv())
                    if event.get("verb") == "post.created":
                        return post, event

    post, event = asyncio.run(scenario())
    assert event["object_id"] == str(post["id"])
    assert event["actor"]["name"] == "Ada Lovelace"


def test_the_embedded_ledger_refuses_to_rewrite_history(embedded_server):
    """The append-only triggers (rewards migration 0002) exist on SQLite too, after
    every migration: one that rebuilds a ledger table there would drop them."""
    _, data_dir = embedded_server
    with closing(sqlite3.connect(data_dir / "bridge.sqlite3")) as database:
        triggers = {
            name
            for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }

    assert {
        f"rewards_{table}_no_{operation}"
        for table in ("transfer", "entry")
        for operation in ("update", "delete")
    } <= triggers


def test_the_demo_programme_pays_the_demo_posts(embedded_server):
    """rewards/demo.py sets the programme up before the demo's content is written, so
    eager tasks award its posts and ideas: Ada has points, and they add up."""
    _, data_dir = embedded_server
    with closing(sqlite3.connect(data_dir / "bridge.sqlite3")) as database:
        (ada_balance, ada_entries) = database.execute(
            "SELECT account.balance, (SELECT SUM(amount) FROM rewards_entry"
            " WHERE account_id = account.id) FROM rewards_account account"
            " JOIN network_user person ON person.id = account.owner_id"
            " WHERE person.username = 'ada' AND account.kind = 'wallet'"
        ).fetchone()
        (everything,) = database.execute("SELECT SUM(amount) FROM rewards_entry").fetchone()

    assert ada_balance > 0
    assert ada_balance == ada_entries
    assert everything == 0


def test_search_answers_from_the_database_within_the_same_access_rules(embedded_server):
    """The embedded default searches through the database backend, behind the same
    interface and the same policy: #sso is talked about in Engineering (employees)
    and the Partner Network, so Carla, a customer, finds neither post, nor any count
    of them."""
    base, _ = embedded_server
    ada, carla = Browser(base), Browser(base)
    ada.sign_in("ada")
    carla.sign_in("carla")

    for_ada = ada.request("/api/v1/search?q=sso")
    for_carla = carla.request("/api/v1/search?q=sso")

    assert for_ada["backend"] == "database"
    assert for_ada["notice"] == "", "the embedded default is not a degraded mode"
    assert any("Release 2.4" in hit["snippet"] for hit in for_ada["results"])
    # She finds the #sso tag itself: an idea of the Customer Council carries it.
    assert [hit["kind"] for hit in for_carla["results"]] == ["hashtag"]
    assert for_carla["facets"]["community"] == []
    assert {facet["value"] for facet in for_carla["facets"]["type"]} == {"hashtag"}

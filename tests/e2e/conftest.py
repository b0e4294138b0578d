"""Browser tests: Debian's Chromium driven by Playwright against a real daphne.

The server is a separate daphne process on the test database with the Redis
channel layer, so the browser exercises HTTP, static files and websockets as in
production.
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.fixtures.processes import child_database_url, daphne_command, free_port, web_server
from tests.fixtures.services import require_env

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module; closed before other modules run.

    Playwright's sync API runs an event loop in the test thread while it is open:
    Django then refuses synchronous ORM calls from fixtures in that thread, and
    async_to_sync refuses to run. So the browser lives only as long as a module,
    and the escape hatch is open only meanwhile.
    """
    executable = os.environ.get("BRIDGE_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}: run the suite with `make test`.")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def server(transactional_db, tmp_path, browser) -> Iterator[str]:
    """daphne serving Bridge on the test database; yields its base URL.

    The test's pages are closed, and what they were asking finishes, before daphne
    is stopped: a request still running in a thread when daphne stops waits forever
    for the stopped event loop, and daphne with it (web_server then kills it).
    """
    require_env("REDIS_URL")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": child_database_url(),
    }
    command = daphne_command(port)
    with web_server(command, port=port, env=env, log_path=tmp_path / "daphne.log") as base:
        yield base
        for context in browser.contexts:
            context.close()
        time.sleep(0.5)  # for the requests the pages left behind to finish

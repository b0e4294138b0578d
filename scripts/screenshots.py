"""Take the README's screenshots from a running `make run` (http://127.0.0.1:8000).

.venv/bin/python scripts/screenshots.py
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = os.environ.get("BRIDGE_URL", "http://127.0.0.1:8000")
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sign_in(page: Page, username: str) -> None:
    page.goto(f"{BASE}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("bridge-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{BASE}/")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        desktop = browser.new_context(viewport={"width": 1280, "height": 760})
        page = desktop.new_page()
        page.goto(f"{BASE}/login/")
        page.get_by_label("Username").fill("carla")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
        page.screenshot(path=OUT / "login.png")
        sign_in(page, "ada")
        page.wait_for_selector("[data-live-status=live]")
        page.screenshot(path=OUT / "home.png")
        page.goto(f"{BASE}/people/")
        page.screenshot(path=OUT / "people.png")
        page.goto(f"{BASE}/styleguide/")
        page.screenshot(path=OUT / "styleguide.png", full_page=True)
        manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(manager, "linus")
        manager.get_by_role("link", name="Communities").click()
        manager.get_by_role("link", name="Customer Council").click()
        manager.screenshot(path=OUT / "community.png", full_page=True)
        manager.goto(f"{BASE}/moderation/")
        manager.screenshot(path=OUT / "moderation.png")
        customer = browser.new_context(viewport={"width": 1280, "height": 600}).new_page()
        sign_in(customer, "carla")
        customer.get_by_role("link", name="Notifications").click()
        customer.screenshot(path=OUT / "notifications.png")
        phone = browser.new_context(viewport={"width": 390, "height": 760}, device_scale_factor=1)
        page = phone.new_page()
        sign_in(page, "carla")
        page.wait_for_selector("[data-live-status=live]")
        page.screenshot(path=OUT / "home-mobile.png")
        browser.close()
    sys.stderr.write(f"screenshots written to {OUT}\n")


if __name__ == "__main__":
    main()

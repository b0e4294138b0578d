"""An employee posts with a picture: it shows in the post, and only to its readers."""

import os

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from network.models import Community
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def media_server(transactional_db, request, monkeypatch, tmp_path):
    """The web server, storing uploads in this test's own directory."""
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    return request.getfixturevalue("server")


def whiteboard(path):
    image = Image.new("RGB", (1200, 800), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate([(29, 95, 209), (30, 122, 69), (192, 54, 44)]):
        left = 120 + index * 340
        draw.rounded_rectangle((left, 200, left + 280, 600), radius=30, fill=colour)
    draw.line((260, 400, 940, 400), fill=(27, 31, 36), width=12)
    image.save(path, "JPEG")
    return path


def test_an_employee_posts_a_picture_and_it_shows_on_the_post(
    browser, media_server, persona, persona_password, tmp_path
):
    server = media_server
    persona("ada")
    persona("otto")
    engineering = Community.objects.get(slug="engineering")

    ada = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(ada, server, "ada", persona_password)
    expect(ada).to_have_url(f"{server}/")
    ada.goto(f"{server}/communities/{engineering.pk}/")
    ada.get_by_label("Post", exact=True).fill("Whiteboard from today's **architecture** review")
    ada.get_by_label("Attach files").set_input_files([str(whiteboard(tmp_path / "whiteboard.jpg"))])
    ada.get_by_role("button", name="Post", exact=True).click()

    post = ada.locator(".post").first
    expect(post).to_contain_text("architecture review")
    picture = post.get_by_role("img", name="whiteboard.jpg")
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()  # it loads lazily
    # The thumbnail, once loaded (decode() waits for it).
    assert picture.evaluate("img => img.decode().then(() => img.naturalWidth)") == 640

    post.get_by_role("link", name="Ada Lovelace").locator("xpath=..").locator(
        "a[href^='/posts/']"
    ).click()
    expect(ada.get_by_role("img", name="whiteboard.jpg")).to_be_visible()
    full_size = (
        ada.get_by_role("img", name="whiteboard.jpg").locator("xpath=..").get_attribute("href")
    )
    shown = ada.request.get(f"{server}{full_size}")
    assert shown.status == 200
    assert shown.headers["content-type"] == "image/jpeg"
    ada.screenshot(path=os.environ.get("BRIDGE_SCREENSHOT", str(tmp_path / "post.png")))

    otto = browser.new_context().new_page()
    sign_in(otto, server, "otto", persona_password)
    expect(otto).to_have_url(f"{server}/")
    assert otto.request.get(f"{server}{full_size}").status == 404

"""Files: attachments, avatars and covers — who may download them, what is refused,
and what is stored (re-encoded, metadata gone, random names)."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from activity.models import Activity
from network.models import Attachment, Community, Post
from network.services.media import avatar_set, cover_set
from network.services.posts import post_create, post_delete
from tests.fixtures.personas import client_for, community, signed_in
from tests.network import media_files as files

PERSONAS = ["ada", "linus", "grace", "margaret", "pat", "carla", "otto"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def put(client, url: str, data: dict):
    """Django's test client sends a PUT body as given: encode the form ourselves."""
    return client.put(url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT)


def attach(demo, slug: str, *uploads, author: str = "ada") -> Post:
    return post_create(
        actor=demo[author], community=community(slug), body="See attached", attachments=uploads
    )


# --- who may download ------------------------------------------------------------

READS = {
    "engineering": {"ada", "linus", "grace", "margaret"},  # open, internal
    "customer-council": {"ada", "linus", "carla", "margaret"},  # private, with a customer
    "product-council": {"ada", "margaret"},  # secret
}


@pytest.mark.parametrize("slug", sorted(READS))
@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_attachments_are_served_to_the_readers_of_their_post_only(demo, slug, who):
    post = attach(demo, slug, files.image(), files.pdf())
    picture, document = post.attachments.all()
    client = client_for(demo, who)

    expected = 200 if who in READS[slug] else 404
    assert client.get(picture.url).status_code == expected
    assert client.get(picture.thumbnail_url).status_code == expected
    assert client.get(document.url).status_code == expected


# Whom each persona may find (network/access.py::people_visible_to).
SEES_CARLA = {"ada", "linus", "margaret", "carla"}
SEES_OTTO = {"linus", "margaret", "otto"}


@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_avatars_are_served_to_those_who_may_see_the_person(demo, who):
    for owner in ("carla", "otto", "grace"):
        avatar_set(actor=demo[owner], person=demo[owner], upload=files.image())
    client = client_for(demo, who)

    for owner, seen_by in (
        ("carla", SEES_CARLA),
        ("otto", SEES_OTTO),
        ("grace", {"ada", "linus", "grace", "margaret"}),  # employees see employees
    ):
        demo[owner].refresh_from_db()
        expected = 200 if who in seen_by else 404
        assert client.get(demo[owner].avatar_url).status_code == expected, owner


# Who may know each community exists (network/access.py::communities_visible_to).
KNOWS = {
    "customer-council": {"ada", "linus", "grace", "margaret", "carla"},  # private: listed
    "product-council": {"ada", "margaret"},  # secret
    "early-access": {"ada", "linus", "grace", "margaret", "otto"},
}


@pytest.mark.parametrize("slug", sorted(KNOWS))
@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_covers_are_served_to_those_who_may_see_the_community(demo, slug, who):
    target = community(slug)
    cover_set(actor=demo["margaret"], community=target, upload=files.image())

    expected = 200 if who in KNOWS[slug] else 404
    assert client_for(demo, who).get(target.cover_url).status_code == expected


def test_a_deleted_posts_files_are_gone_for_everyone(demo):
    post = attach(demo, "customer-council", files.image(), files.pdf())
    urls = [a.url for a in post.attachments.all()] + [post.attachments.first().thumbnail_url]
    post_delete(actor=demo["ada"], post=post)

    for who in ("ada", "linus", "margaret", "carla"):
        client = signed_in(demo[who])
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_a_missing_file_is_the_same_404(demo):
    assert signed_in(demo["margaret"]).get("/files/attachments/999999/").status_code == 404
    assert signed_in(demo["ada"]).get(f"/files/people/{demo['ada'].pk}/avatar/").status_code == 404


# --- what is served --------------------------------------------------------------


def test_images_show_inline_and_documents_download_with_safe_headers(demo):
    post = attach(demo, "engineering", files.image("holiday.jpeg", "JPEG"), files.docx())
    picture, document = post.attachments.all()
    client = signed_in(demo["grace"])

    shown = client.get(picture.url)
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["Content-Disposition"] == 'inline; filename="holiday.jpg"'
    downloaded = client.get(document.url)
    assert downloaded["Content-Type"].startswith("application/vnd.openxmlformats")
    assert downloaded["Content-Disposition"] == 'attachment; filename="plan.docx"'
    for response in (shown, downloaded, client.get(picture.thumbnail_url)):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(picture.thumbnail_url)["Content-Type"] == "image/webp"


def test_text_files_are_served_as_text_to_download(demo):
    post = attach(demo, "engineering", files.text("figures.csv"))
    response = signed_in(demo["ada"]).get(post.attachments.get().url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"


def test_gps_and_camera_metadata_are_stripped_from_images(demo):
    upload = files.image("where.jpg", "JPEG", gps=True)
    assert b"SecretCam" in upload.read()
    upload.seek(0)
    post = attach(demo, "engineering", upload)

    served = b"".join(signed_in(demo["ada"]).get(post.attachments.get().url).streaming_content)
    assert b"SecretCam" not in served
    assert dict(Image.open(io.BytesIO(served)).getexif()) == {}


def test_stored_names_are_random_and_say_nothing_about_the_upload(demo, media_root):
    post = attach(demo, "engineering", files.image("Q3 layoffs plan.png"))
    attachment = post.attachments.get()

    assert "layoffs" not in attachment.file.name
    assert len(attachment.file.name.rsplit("/", 1)[-1]) > 40
    assert attachment.name == "Q3 layoffs plan.png"
    assert default_storage.exists(attachment.file.name)
    assert str(media_root) in default_storage.path(attachment.file.name)


def test_a_document_claiming_another_type_is_named_for_what_it_is(demo):
    post = attach(demo, "engineering", files.pdf("budget.docx"))
    attachment = post.attachments.get()

    assert (attachment.name, attachment.content_type) == ("budget.pdf", "application/pdf")


# --- the API ---------------------------------------------------------------------


def test_posting_with_attachments_over_the_api(demo):
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"
    response = signed_in(demo["ada"]).post(
        url, {"body": "Diagrams", "attachments": [files.image(), files.pdf()]}
    )

    assert response.status_code == 201, response.content
    picture, document = response.json()["attachments"]
    assert picture["is_image"] and picture["content_type"] == "image/png"
    assert (picture["width"], picture["height"]) == (64, 48)
    assert picture["thumbnail_url"].endswith("/thumbnail/")
    assert document == {
        "id": document["id"],
        "name": "report.pdf",
        "size": document["size"],
        "content_type": "application/pdf",
        "is_image": False,
        "width": None,
        "height": None,
        "url": f"/files/attachments/{document['id']}/",
        "thumbnail_url": None,
    }
    created = Activity.objects.get(verb="post.created")
    assert created.payload["attachments"] == [picture["id"], document["id"]]
    listed = signed_in(demo["grace"]).get(url).json()["results"][0]
    assert [a["id"] for a in listed["attachments"]] == [picture["id"], document["id"]]


@pytest.mark.parametrize(
    "upload",
    [
        files.html_as_png,
        files.svg_with_script,
        files.exe_as_pdf,
        files.corrupt_png,
        lambda: files.text("page.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
        lambda: files.text("logo.svg", b"<!-- hi -->\n<svg onload='alert(1)'></svg>"),
        lambda: files.text("page.html", b"Hello"),
    ],
    ids=[
        "html-as-png",
        "svg-with-script",
        "exe-as-pdf",
        "corrupt-image",
        "html-as-text",
        "svg-after-a-comment",
        "named-html",
    ],
)
def test_what_is_not_an_allowed_file_is_refused_on_its_field(demo, media_root, upload):
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"
    response = signed_in(demo["ada"]).post(
        url, {"body": "Look", "attachments": [files.image(), upload()]}
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["attachments"]
    assert not Post.objects.exists()
    assert stored_files(media_root) == []


def test_oversize_files_are_refused(demo, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"
    response = signed_in(demo["ada"]).post(url, {"body": "Big", "attachments": [files.image()]})

    assert response.status_code == 400
    assert "larger than 100" in response.json()["fields"]["attachments"][0]


def test_too_many_files_are_refused(demo, settings):
    settings.ATTACHMENTS_PER_POST = 2
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"
    response = signed_in(demo["ada"]).post(
        url, {"body": "Many", "attachments": [files.image(), files.pdf(), files.text()]}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"attachments": ["Attach at most 2 files."]}


def test_images_that_decode_to_too_many_pixels_are_refused(demo, settings):
    settings.UPLOAD_MAX_PIXELS = 1000  # a 64 x 48 image decodes to 3072
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"
    response = signed_in(demo["ada"]).post(url, {"body": "Bomb", "attachments": [files.image()]})

    assert response.status_code == 400
    assert "too large an image" in response.json()["fields"]["attachments"][0]


def test_my_avatar_over_the_api(demo, media_root, django_capture_on_commit_callbacks):
    ada = signed_in(demo["ada"])

    with django_capture_on_commit_callbacks(execute=True):
        first = put(ada, "/api/v1/me/avatar/", {"image": files.image(size=(400, 200))})
    assert first.status_code == 200, first.content
    with django_capture_on_commit_callbacks(execute=True):
        second = put(ada, "/api/v1/me/avatar/", {"image": files.image("me.gif", "GIF")})
    assert second.json()["url"] != first.json()["url"]
    assert ada.get("/api/v1/me/").json()["avatar_url"] == second.json()["url"]
    served = b"".join(ada.get(second.json()["url"]).streaming_content)
    assert Image.open(io.BytesIO(served)).size == (256, 256)
    assert len(stored_files(media_root)) == 1  # the replaced picture is gone
    person = signed_in(demo["linus"]).get(f"/api/v1/people/{demo['ada'].pk}/").json()
    assert person["avatar_url"] == second.json()["url"]

    with django_capture_on_commit_callbacks(execute=True):
        assert ada.delete("/api/v1/me/avatar/").status_code == 204
    assert ada.get("/api/v1/me/").json()["avatar_url"] is None
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: files.text("me.png", b"not an image"), "Upload a PNG, JPEG, GIF or WebP image."),
        (files.svg_with_script, "Upload a PNG, JPEG, GIF or WebP image."),
        (files.corrupt_png, "broken.png is not a readable image (corrupt or truncated)."),
    ],
    ids=["text", "svg", "corrupt"],
)
def test_a_bad_avatar_is_refused_on_its_field(demo, upload, message):
    response = put(signed_in(demo["ada"]), "/api/v1/me/avatar/", {"image": upload()})

    assert response.status_code == 400
    assert response.json()["fields"] == {"image": [message]}


def test_a_large_avatar_is_refused(demo, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 50
    response = put(signed_in(demo["ada"]), "/api/v1/me/avatar/", {"image": files.image()})

    assert response.status_code == 400
    assert "larger than 50" in response.json()["fields"]["image"][0]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("linus", 200), ("margaret", 200), ("ada", 403), ("carla", 403), ("otto", 404)],
)
def test_moderators_set_a_communitys_cover(demo, who, expected):
    target = community("customer-council")
    url = f"/api/v1/communities/{target.pk}/cover/"

    response = put(signed_in(demo[who]), url, {"image": files.image(size=(900, 300))})

    assert response.status_code == expected
    if expected == 200:
        detail = signed_in(demo["carla"]).get(f"/api/v1/communities/{target.pk}/").json()
        assert detail["cover_url"] == response.json()["url"]
        served = b"".join(signed_in(demo["carla"]).get(detail["cover_url"]).streaming_content)
        assert Image.open(io.BytesIO(served)).size == (1500, 500)
        assert Activity.objects.filter(verb="community.updated").last().payload == {
            "fields": ["cover"]
        }
        assert signed_in(demo[who]).delete(url).status_code == 204
        assert not Community.objects.get(pk=target.pk).cover


def test_attachment_rows_point_at_files_that_exist(demo):
    post = attach(demo, "engineering", files.image(), files.text())
    for attachment in Attachment.objects.filter(post=post):
        assert default_storage.exists(attachment.file.name)


@pytest.mark.parametrize("count", [1, 12])
def test_attachments_cost_one_query_for_a_whole_page(demo, count, django_assert_num_queries):
    for number in range(count):
        attach(demo, "customer-council", files.image(), files.pdf(), author="carla")
        assert number < count
    client = signed_in(demo["carla"])
    url = f"/api/v1/communities/{community('customer-council').pk}/posts/"
    # user; community; membership; the page with its polls; attachments; who can see
    # them
    with django_assert_num_queries(6):
        results = client.get(url).json()["results"]
    assert [len(post["attachments"]) for post in results] == [2] * count


def test_animations_keep_their_frames_and_lose_their_comments(demo):
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=b"made at HQ")
    upload = SimpleUploadedFile("spinner.gif", out.getvalue())
    post = attach(demo, "engineering", upload)

    served = b"".join(signed_in(demo["ada"]).get(post.attachments.get().url).streaming_content)
    animation = Image.open(io.BytesIO(served))
    assert (animation.format, animation.n_frames) == ("GIF", 3)
    assert b"made at HQ" not in served


def test_a_photo_taken_sideways_is_stored_upright(demo):
    image = Image.new("RGB", (60, 40), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    post = attach(demo, "engineering", SimpleUploadedFile("phone.jpg", out.getvalue()))

    attachment = post.attachments.get()
    assert (attachment.width, attachment.height) == (40, 60)


def test_an_image_named_like_a_document_is_an_image(demo):
    post = attach(demo, "engineering", files.image("scan.pdf"))

    attachment = post.attachments.get()
    assert (attachment.name, attachment.content_type) == ("scan.png", "image/png")
    assert attachment.thumbnail


def test_people_without_a_picture_have_no_avatar_url(demo):
    me = signed_in(demo["carla"]).get("/api/v1/me/").json()
    listed = signed_in(demo["ada"]).get("/api/v1/people/?q=carla").json()["results"]

    assert me["avatar_url"] is None
    assert [person["avatar_url"] for person in listed] == [None]

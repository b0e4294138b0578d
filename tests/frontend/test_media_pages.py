"""Pictures and files on the pages: the composer, the profile picture, a community cover."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from network.models import Community, Post
from tests.fixtures.personas import council, signed_in
from tests.network import media_files as files


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_member_posts_images_and_files_from_the_composer(demo):
    carla = signed_in(demo["carla"])

    response = carla.post(
        reverse("post-create", args=[council().pk]),
        {"body": "Our rollout", "attachments": [files.image("rollout.png"), files.pdf()]},
        follow=True,
    )

    page = response.content.decode()
    picture, document = Post.objects.get().attachments.all()
    assert f'<img src="/files/attachments/{picture.pk}/thumbnail/" alt="rollout.png"' in page
    assert f'href="/files/attachments/{document.pk}/" download>report.pdf</a>' in page
    assert re.search(r"file__size\">\d+\xa0bytes<", page)
    assert 'enctype="multipart/form-data"' in page


def test_a_refused_file_is_explained_next_to_the_field_and_the_text_is_kept(demo):
    carla = signed_in(demo["carla"])

    response = carla.post(
        reverse("post-create", args=[council().pk]),
        {"body": "Please read my notes", "attachments": [files.html_as_png()]},
        follow=True,
    )

    page = response.content.decode()
    assert not Post.objects.exists()
    assert re.search(
        r'<div class="field__error" id="id_attachments_error">cat.png: this type of file '
        r"is not accepted\.",
        page,
    )
    assert ">\nPlease read my notes</textarea>" in page
    assert "Posted." not in page
    # Shown once: the next visit has a clean composer.
    again = carla.get(reverse("community", args=[council().pk])).content.decode()
    assert "id_attachments_error" not in again


def test_people_set_and_remove_their_picture_from_their_profile(demo):
    ada = signed_in(demo["ada"])

    saved = ada.post(reverse("avatar-edit"), {"image": files.image()}, follow=True)

    demo["ada"].refresh_from_db()
    assert saved.status_code == 200
    assert f'src="{demo["ada"].avatar_url}"' in saved.content.decode()
    profile = signed_in(demo["linus"]).get(reverse("person", args=[demo["ada"].pk]))
    assert f'src="{demo["ada"].avatar_url}"' in profile.content.decode()

    ada.post(reverse("avatar-edit"), {"remove": "1"})
    demo["ada"].refresh_from_db()
    assert not demo["ada"].avatar
    profile = signed_in(demo["linus"]).get(reverse("person", args=[demo["ada"].pk]))
    assert 'class="avatar__image"' not in profile.content.decode()


def test_a_bad_picture_is_explained_next_to_its_field(demo):
    response = signed_in(demo["ada"]).post(reverse("avatar-edit"), {"image": files.exe_as_pdf()})

    assert response.status_code == 400
    assert (
        '<div class="field__error" id="id_image_error">Upload a PNG, JPEG, GIF or WebP image.'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("who", "expected"), [("linus", 200), ("ada", 403), ("carla", 403), ("otto", 404)]
)
def test_moderators_change_the_cover_from_the_community_page(demo, who, expected):
    url = reverse("community-cover", args=[council().pk])
    client = signed_in(demo[who]) if who else Client()

    assert client.get(url).status_code == expected
    if expected == 200:
        response = client.post(url, {"image": files.image(size=(600, 200))}, follow=True)
        cover_url = Community.objects.get(pk=council().pk).cover_url
        assert f'<img class="cover" src="{cover_url}"' in response.content.decode()
        refused = client.post(url, {"image": files.svg_with_script()})
        assert refused.status_code == 400
        assert "Upload a PNG, JPEG, GIF or WebP image." in refused.content.decode()

"""A board's cover: set by its moderators, served to those who may see the board,
refused when it is not an image (network/files.py checks it; tests/network/test_media.py
covers the checks themselves)."""

import io

import pytest
from PIL import Image

from activity.models import Activity
from ideas.models import Board
from ideas.services.boards import board_cover_set
from network.personas import PERSONAS
from tests.fixtures.personas import client_for, signed_in
from tests.network import media_files as files
from tests.network.test_media import put

# Who may see each demo board: the readers of its community.
SEES = {
    "customer": {"ada", "linus", "margaret", "carla"},  # the Customer Council: its members
    "internal": {"ada", "linus", "grace", "margaret"},  # Engineering: open to employees
}


@pytest.mark.parametrize("board", sorted(SEES))
@pytest.mark.parametrize("who", ["anonymous", *PERSONAS])
def test_a_boards_cover_is_served_to_those_who_may_see_the_board(demo_boards, demo, board, who):
    target = demo_boards[board]
    board_cover_set(actor=demo["margaret"], board=target, upload=files.image())

    response = client_for(demo, who).get(target.cover_url)

    assert response.status_code == (200 if who in SEES[board] else 404)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("linus", 200), ("margaret", 200), ("ada", 403), ("carla", 403), ("otto", 404)],
)
def test_the_boards_moderators_set_and_remove_its_cover(demo_boards, demo, who, expected):
    board = demo_boards["customer"]
    url = f"/api/v1/boards/{board.pk}/cover/"

    response = put(signed_in(demo[who]), url, {"image": files.image(size=(900, 300))})

    assert response.status_code == expected
    if expected == 200:
        detail = signed_in(demo["carla"]).get(f"/api/v1/boards/{board.pk}/").json()
        assert detail["cover_url"] == response.json()["url"]
        served = b"".join(signed_in(demo["carla"]).get(detail["cover_url"]).streaming_content)
        assert Image.open(io.BytesIO(served)).size == (1500, 500)
        assert Activity.objects.filter(verb="board.updated").last().payload == {
            "board_id": board.pk,
            "fields": ["cover"],
        }
        assert signed_in(demo[who]).delete(url).status_code == 204
        assert not Board.objects.get(pk=board.pk).cover


def test_what_is_not_an_image_is_refused_by_the_field(demo_boards, demo):
    board = demo_boards["customer"]
    url = f"/api/v1/boards/{board.pk}/cover/"

    api = put(signed_in(demo["linus"]), url, {"image": files.pdf()})
    page = signed_in(demo["linus"]).post(
        f"/boards/{board.pk}/cover/", {"image": files.pdf("plan.pdf")}
    )

    assert api.status_code == 400
    assert list(api.json()["fields"]) == ["image"]
    assert page.status_code == 400
    assert 'class="field__error"' in page.content.decode()
    assert not Board.objects.get(pk=board.pk).cover


def test_the_board_page_shows_the_cover_and_its_moderators_change_it(demo_boards, demo):
    board = demo_boards["customer"]
    linus = signed_in(demo["linus"])

    saved = linus.post(f"/boards/{board.pk}/cover/", {"image": files.image(size=(900, 300))})
    board.refresh_from_db()
    seen_by_carla = signed_in(demo["carla"]).get(f"/boards/{board.pk}/").content.decode()
    seen_by_linus = linus.get(f"/boards/{board.pk}/").content.decode()

    assert saved.status_code == 302
    assert f'src="{board.cover_url}"' in seen_by_carla
    assert "Change cover" in seen_by_linus and "Change cover" not in seen_by_carla
    assert signed_in(demo["carla"]).get(f"/boards/{board.pk}/cover/").status_code == 403

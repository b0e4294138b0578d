"""What the live pages are given: the topics they follow, who is online (members
only), and the fragments they fetch after an event (frontend/live.py)."""

import re

import pytest

from network.models import Affiliation, User
from network.services.conversations import comment_create, reaction_toggle
from network.services.moderation import HIDE, moderation_decide
from network.services.posts import post_create
from realtime import presence
from tests.fixtures.personas import community, council, signed_in
from tests.fixtures.standing import SLUGS, STANDING

PRESENCE = "data-live-presence"


def online_names(html: str) -> list[str]:
    block = html[html.index(PRESENCE) : html.index("</section>", html.index(PRESENCE))]
    return re.findall(r'data-name="([^"]+)"', block)


def an_employee_in_no_community() -> User:
    return User.objects.create(
        username="erin", first_name="Erin", last_name="Newcomer", affiliation=Affiliation.EMPLOYEE
    )


# --- Topics ----------------------------------------------------------------------


def test_each_page_declares_the_topic_it_follows(demo, demo_content):
    carla = signed_in(demo["carla"])
    post = demo_content["customer-council"].post

    home = carla.get("/").content.decode()
    assert 'data-live-topics="feed"' in home
    assert "data-live-new-posts" in home
    assert (
        f'data-live-topics="community:{council().pk}"'
        in carla.get(f"/communities/{council().pk}/").content.decode()
    )
    assert f'data-live-topics="post:{post.pk}"' in carla.get(f"/posts/{post.pk}/").content.decode()


def test_only_the_newest_first_page_of_the_feed_has_the_new_posts_bar(demo, demo_content):
    carla = signed_in(demo["carla"])

    assert "data-live-new-posts" not in carla.get("/?order=top").content.decode()
    assert "data-live-new-posts" not in carla.get("/?before=999").content.decode()


def test_a_community_one_may_not_read_is_not_followed(demo, demo_content):
    # Grace sees the Customer Council listed, but only its members read it.
    page = signed_in(demo["grace"]).get(f"/communities/{council().pk}/").content.decode()

    assert "data-live-topics" not in page
    assert PRESENCE not in page


# --- Presence ----------------------------------------------------------------------


def test_a_member_sees_who_of_the_members_is_online_on_first_paint(demo):
    presence.connection_open(demo["ada"], "test.ada")
    presence.connection_open(demo["pat"], "test.pat")  # online, but not in the council

    page = signed_in(demo["carla"]).get(f"/communities/{council().pk}/").content.decode()

    # Ada, and Carla herself, who is looking at the page; not Linus (offline) or Pat.
    assert online_names(page) == ["Ada Lovelace", "Carla Customer"]
    assert re.search(r"Online now <span[^>]*data-presence-count>2</span>", page)


def test_a_non_member_reading_an_open_community_sees_no_presence(demo):
    erin = an_employee_in_no_community()
    presence.connection_open(demo["ada"], "test.ada")

    page = signed_in(erin).get(f"/communities/{community('engineering').pk}/").content.decode()

    # She reads it and follows it live...
    assert 'id="posts-heading"' in page
    assert f'data-live-topics="community:{community("engineering").pk}"' in page
    # ...but who is online is for its members.
    assert PRESENCE not in page
    assert "Online now" not in page


@pytest.mark.parametrize("slug", SLUGS)
def test_presence_is_shown_to_members_only(demo, demo_content, slug):
    for who in STANDING:
        if who == "anonymous":
            continue
        page = signed_in(demo[who]).get(f"/communities/{community(slug).pk}/")
        shown = page.status_code == 200 and PRESENCE in page.content.decode()
        assert shown == (STANDING[who][SLUGS.index(slug)] in ("member", "owner")), who


# --- A comment -----------------------------------------------------------------------


def test_a_new_comment_comes_as_its_thread_and_a_reply_under_its_thread(demo, demo_content):
    post = demo_content["customer-council"].post
    top = comment_create(actor=demo["ada"], post=post, body="A *question*")
    reply = comment_create(actor=demo["linus"], post=post, body="An answer", parent=top)
    carla = signed_in(demo["carla"])

    thread = carla.get(f"/comments/{top.pk}/").content.decode()
    answer = carla.get(f"/comments/{reply.pk}/").content.decode()

    assert thread.lstrip().startswith(f'<div class="comment" id="thread-{top.pk}"')
    assert "A <em>question</em>" in thread
    assert "Reply to Ada Lovelace" in thread  # she takes part: the reply form comes too
    assert f'data-parent-id="{top.pk}"' in answer and "An answer" in answer
    assert "<html" not in thread  # a fragment, not a page


def test_a_comment_fragment_is_404_to_whoever_may_not_read_it(client, demo, demo_content):
    internal = demo_content["engineering"].comment

    assert signed_in(demo["carla"]).get(f"/comments/{internal.pk}/").status_code == 404
    assert signed_in(demo["pat"]).get(f"/comments/{internal.pk}/").status_code == 404
    assert signed_in(demo["grace"]).get(f"/comments/{internal.pk}/").status_code == 200
    response = client.get(f"/comments/{internal.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_reply_under_a_hidden_comment_is_missing_as_on_the_page(demo, demo_content):
    post = demo_content["customer-council"].post
    top = comment_create(actor=demo["ada"], post=post, body="Off topic")
    reply = comment_create(actor=demo["ada"], post=post, body="Still off topic", parent=top)
    moderation_decide(actor=demo["linus"], post=post, comment=top, action=HIDE, reason="spam")

    assert signed_in(demo["carla"]).get(f"/comments/{top.pk}/").status_code == 404
    assert signed_in(demo["carla"]).get(f"/comments/{reply.pk}/").status_code == 404
    assert (
        "Still off topic" not in signed_in(demo["carla"]).get(f"/posts/{post.pk}/").content.decode()
    )
    # The moderator reads both, as on the post's page.
    assert signed_in(demo["linus"]).get(f"/comments/{reply.pk}/").status_code == 200


# --- A post's counts ---------------------------------------------------------------


def test_counts_come_with_the_buttons_of_a_member_and_read_only_on_the_home_feed(
    demo, demo_content
):
    post = demo_content["customer-council"].post
    reaction_toggle(actor=demo["ada"], post=post, kind="like")
    comment_create(actor=demo["ada"], post=post, body="Two")
    carla = signed_in(demo["carla"])

    counts = carla.get(f"/posts/{post.pk}/counts/").content.decode()
    on_home = carla.get(f"/posts/{post.pk}/counts/?in=home").content.decode()

    assert f'id="post-foot-{post.pk}"' in counts
    assert '<span class="reaction__count">1</span>' in counts
    assert "2 comments" in counts
    assert "/react/" in counts  # she is a member: she can react from there
    assert "/react/" not in on_home and '<span class="reaction__count">1</span>' in on_home


def test_counts_are_404_to_whoever_may_not_read_the_post(client, demo, demo_content):
    internal = demo_content["product-council"].post

    assert signed_in(demo["carla"]).get(f"/posts/{internal.pk}/counts/").status_code == 404
    assert signed_in(demo["grace"]).get(f"/posts/{internal.pk}/counts/").status_code == 404
    assert client.get(f"/posts/{internal.pk}/counts/").status_code == 302


# --- New posts ---------------------------------------------------------------------


def test_new_post_cards_leave_out_what_the_reader_may_not_read(demo, demo_content):
    first = post_create(actor=demo["ada"], community=council(), body="First new one")
    second = post_create(actor=demo["linus"], community=council(), body="Second new one")
    internal = post_create(actor=demo["ada"], community=community("engineering"), body="Ours")
    ids = f"{first.pk},{internal.pk},abc,²,-1,99999999999999999999,,{second.pk}"

    cards = signed_in(demo["carla"]).get(f"/posts/cards/?ids={ids}&in=home").content.decode()

    assert "Ours" not in cards
    assert cards.index("Second new one") < cards.index("First new one")  # newest first
    assert cards.count('data-post-label="') == 2 and "In <a" in cards
    assert "post-react" not in cards and "/react/" not in cards  # as on the home feed


def test_new_post_cards_for_a_community_page_come_with_the_members_buttons(demo):
    post = post_create(actor=demo["ada"], community=council(), body="New")

    cards = signed_in(demo["carla"]).get(f"/posts/cards/?ids={post.pk}").content.decode()

    assert "/react/" in cards and "data-post-label" not in cards

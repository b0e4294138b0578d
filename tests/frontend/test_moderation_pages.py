"""Moderation pages: the Report disclosure, the queue, decisions and the audit trail."""

import pytest
from django.urls import reverse

from network.models import Report
from network.services.conversations import comment_create
from network.services.moderation import moderation_decide, report_create
from network.services.posts import post_create
from tests.fixtures.personas import EVERYONE, client_for, council, signed_in

PERSONAS = EVERYONE


@pytest.fixture
def ada_post(demo):
    return post_create(actor=demo["ada"], community=council(), body="Roadmap leak #roadmap")


# The community's queue and audit trail: its moderators and platform admins.
COMMUNITY_PAGES = {
    "anonymous": 302,  # to the sign-in page
    "ada": 403,
    "linus": 200,
    "grace": 403,
    "margaret": 200,
    "pat": 404,
    "carla": 403,
    "otto": 404,
}
GLOBAL_QUEUE = COMMUNITY_PAGES | {"ada": 200, "pat": 403, "otto": 403}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_opens_the_moderation_pages(demo, ada_post, who):
    report_create(actor=demo["carla"], post=ada_post, reason="confidential", note="Under NDA")
    client = client_for(demo, who)

    queue = client.get(reverse("community-moderation", args=[council().pk]))
    history = client.get(reverse("community-moderation", args=[council().pk]) + "?tab=history")
    audit = client.get(reverse("community-moderation-audit", args=[council().pk]))
    everything = client.get(reverse("moderation-queue"))

    assert queue.status_code == COMMUNITY_PAGES[who]
    assert history.status_code == COMMUNITY_PAGES[who]
    assert audit.status_code == COMMUNITY_PAGES[who]
    assert everything.status_code == GLOBAL_QUEUE[who]
    if queue.status_code == 200:
        body = queue.content.decode()
        assert "Roadmap leak" in body and "Confidential information" in body
        assert "Under NDA" in body and "Carla Customer" in body


# Reporting from a page: readers of the post, not its author.
REPORT = {
    "anonymous": 302,
    "ada": 403,
    "linus": 302,
    "grace": 404,
    "margaret": 302,
    "pat": 404,
    "carla": 302,
    "otto": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_reports_from_the_post_page(demo, ada_post, who):
    response = client_for(demo, who).post(
        reverse("post-report", args=[ada_post.pk]), {"reason": "spam"}
    )

    assert response.status_code == REPORT[who]
    reported = who not in {"anonymous"} and REPORT[who] == 302
    assert Report.objects.filter(post=ada_post).exists() == reported


def test_the_report_disclosure_works_over_htmx(demo, ada_post):
    carla = signed_in(demo["carla"])
    page = carla.get(reverse("post", args=[ada_post.pk])).content.decode()
    assert ">Report</summary>" in page
    own = signed_in(demo["ada"]).get(reverse("post", args=[ada_post.pk])).content.decode()
    assert ">Report</summary>" not in own  # nobody reports themselves

    url = reverse("post-report", args=[ada_post.pk])
    first = carla.post(url, {"reason": "off_topic", "note": "Wrong place"}, HTTP_HX_REQUEST="true")
    second = carla.post(url, {"reason": "spam"}, HTTP_HX_REQUEST="true")
    bad = carla.post(url, {"reason": "nonsense"}, HTTP_HX_REQUEST="true")

    assert "the moderators will look at it" in first.content.decode()
    assert "You have already reported this" in second.content.decode()
    assert 'role="alert"' in bad.content.decode()
    assert Report.objects.get().note == "Wrong place"


def test_a_moderator_sees_the_open_count_and_removes_from_the_queue(demo, ada_post):
    report_create(actor=demo["carla"], post=ada_post, reason="confidential")
    linus = signed_in(demo["linus"])
    community_page = linus.get(reverse("community", args=[council().pk])).content.decode()
    assert "Moderation (1 open)" in community_page
    member_page = signed_in(demo["ada"]).get(reverse("community", args=[council().pk]))
    assert "Moderation" not in member_page.content.decode()

    queue_url = reverse("community-moderation", args=[council().pk])
    response = linus.post(
        reverse("post-moderate", args=[ada_post.pk]),
        {"action": "remove", "reason": "Shares the unreleased roadmap", "next": queue_url},
        follow=True,
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == queue_url
    assert "Removed; the author is told why." in body
    assert "Nothing to review" in body
    history = linus.get(queue_url + "?tab=history").content.decode()
    assert "Removed by Linus Torvalds" in history and "Shares the unreleased roadmap" in history
    audit = linus.get(reverse("community-moderation-audit", args=[council().pk])).content.decode()
    assert "removed a post, closing 1 report" in audit
    # Gone for members; its author reads why.
    assert signed_in(demo["carla"]).get(reverse("post", args=[ada_post.pk])).status_code == 404
    notice = signed_in(demo["ada"]).get(reverse("post", args=[ada_post.pk]))
    assert notice.status_code == 410
    assert "Shares the unreleased roadmap" in notice.content.decode()


def test_a_removal_without_a_reason_is_refused_with_a_message(demo, ada_post):
    linus = signed_in(demo["linus"])

    response = linus.post(
        reverse("post-moderate", args=[ada_post.pk]), {"action": "remove"}, follow=True
    )

    assert "Say why it is removed" in response.content.decode()
    ada_post.refresh_from_db()
    assert ada_post.deleted_at is None


def test_a_hidden_post_leaves_the_pages_of_members(demo, ada_post):
    signed_in(demo["carla"]).put("/api/v1/hashtags/roadmap/follow/")
    moderation_decide(actor=demo["linus"], post=ada_post, action="hide", reason="Under NDA")
    pages = [
        reverse("community", args=[council().pk]),
        reverse("home"),
        reverse("hashtag", args=["roadmap"]),
    ]

    for url in pages:
        assert "Roadmap leak" not in signed_in(demo["carla"]).get(url).content.decode(), url
    assert signed_in(demo["carla"]).get(reverse("post", args=[ada_post.pk])).status_code == 404
    for who in ("linus", "ada", "margaret"):
        page = signed_in(demo[who]).get(reverse("post", args=[ada_post.pk])).content.decode()
        assert "Roadmap leak" in page
        assert "Hidden by moderators: Under NDA" in page
    moderator_feed = signed_in(demo["linus"]).get(pages[0]).content.decode()
    assert "Hidden by moderators" in moderator_feed


def test_a_hidden_comment_and_a_removed_one_on_the_post_page(demo, ada_post):
    hidden = comment_create(actor=demo["carla"], post=ada_post, body="Hidden words")
    removed = comment_create(actor=demo["carla"], post=ada_post, body="Removed words")
    moderation_decide(actor=demo["linus"], post=ada_post, comment=hidden, action="hide")
    moderation_decide(
        actor=demo["linus"], post=ada_post, comment=removed, action="remove", reason="Spam"
    )
    url = reverse("post", args=[ada_post.pk])

    ada = signed_in(demo["ada"]).get(url).content.decode()
    carla = signed_in(demo["carla"]).get(url).content.decode()
    linus = signed_in(demo["linus"]).get(url).content.decode()

    assert "Hidden words" not in ada and "Removed words" not in ada
    assert "Hidden words" in carla and "The moderators removed your comment: Spam" in carla
    assert "Removed words" not in carla  # the notice, not the text
    assert "Hidden words" in linus and "Removed words" not in linus


def test_platform_admins_find_the_global_queue_in_the_nav(demo):
    nav = signed_in(demo["margaret"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("moderation-queue")}"' in nav
    assert reverse("moderation-queue") not in signed_in(demo["ada"]).get("/").content.decode()


def test_unhiding_from_the_history_tab(demo, ada_post):
    report_create(actor=demo["carla"], post=ada_post, reason="spam")
    moderation_decide(actor=demo["linus"], post=ada_post, action="hide")
    linus = signed_in(demo["linus"])
    history = linus.get(reverse("community-moderation", args=[council().pk]) + "?tab=history")
    assert "Show again" in history.content.decode()

    linus.post(reverse("post-moderate", args=[ada_post.pk]), {"action": "unhide"})

    assert signed_in(demo["carla"]).get(reverse("post", args=[ada_post.pk])).status_code == 200


# Deciding from a page: moderators of the community and platform admins.
DECIDE = {
    "anonymous": 302,  # to the sign-in page
    "ada": 403,
    "linus": 302,  # back to the queue
    "grace": 404,
    "margaret": 302,
    "pat": 404,
    "carla": 403,
    "otto": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_decides_from_the_pages(demo, ada_post, who):
    report_create(actor=demo["carla"], post=ada_post, reason="spam")

    response = client_for(demo, who).post(
        reverse("post-moderate", args=[ada_post.pk]), {"action": "hide"}
    )

    assert response.status_code == DECIDE[who]
    ada_post.refresh_from_db()
    assert (ada_post.hidden_at is not None) == (who in {"linus", "margaret"})


@pytest.mark.parametrize("before", ["%C2%B2", "9" * 30, "-1", "abc"])
def test_the_audit_page_survives_odd_cursors(demo, before):
    url = f"/communities/{council().pk}/moderation/audit/?before={before}"
    assert signed_in(demo["linus"]).get(url).status_code == 200

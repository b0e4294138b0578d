"""Moderation over the API: reports, the queue, decisions, the audit trail.

Customer Council is private: linus owns it, ada and carla are members; margaret
(platform admin) moderates everywhere; grace is an employee outside it; pat and
otto cannot see it at all.
"""

import pytest

from activity.models import Activity, Audience
from network.models import Ban, Comment, Membership, Post, Report
from network.services.conversations import comment_create
from network.services.moderation import moderation_decide, report_create
from network.services.posts import post_create
from tests.fixtures.personas import EVERYONE, client_for, council, signed_in

PERSONAS = EVERYONE


@pytest.fixture
def ada_post(demo) -> Post:
    return post_create(actor=demo["ada"], community=council(), body="Roadmap leak #roadmap")


@pytest.fixture
def carla_comment(demo, ada_post) -> Comment:
    return comment_create(actor=demo["carla"], post=ada_post, body="Buy my product")


def report(demo, who: str, post: Post, comment: Comment | None = None, reason: str = "spam"):
    return report_create(actor=demo[who], post=post, comment=comment, reason=reason)


# --- Reporting ---------------------------------------------------------------------

# Readers of the council may report (not their own post); others get the 404 that a
# missing post gets; anonymous callers are refused by authentication.
REPORT_POST = {
    "anonymous": 401,
    "ada": 403,  # her own post
    "linus": 201,
    "grace": 404,
    "margaret": 201,
    "pat": 404,
    "carla": 201,
    "otto": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_report_a_post(demo, ada_post, who):
    response = client_for(demo, who).post(
        f"/api/v1/posts/{ada_post.pk}/reports/", {"reason": "confidential", "note": "NDA"}
    )

    assert response.status_code == REPORT_POST[who]
    assert Report.objects.count() == (1 if REPORT_POST[who] == 201 else 0)


REPORT_COMMENT = REPORT_POST | {"ada": 201, "carla": 403}  # carla wrote the comment


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_report_a_comment(demo, carla_comment, who):
    response = client_for(demo, who).post(
        f"/api/v1/comments/{carla_comment.pk}/reports/", {"reason": "spam"}
    )

    assert response.status_code == REPORT_COMMENT[who]
    if response.status_code == 201:
        assert response.json()["comment"] == carla_comment.pk
        assert response.json()["status"] == "open"


def test_reporting_twice_is_a_409(demo, ada_post):
    carla = signed_in(demo["carla"])
    url = f"/api/v1/posts/{ada_post.pk}/reports/"

    assert carla.post(url, {"reason": "spam"}).status_code == 201
    second = carla.post(url, {"reason": "other"})

    assert second.status_code == 409
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "reason"),
        ({"reason": "boring"}, "reason"),
        ({"reason": "spam", "note": "x" * 1001}, "note"),
    ],
)
def test_bad_reports_are_field_level_400s(demo, ada_post, data, field):
    response = signed_in(demo["carla"]).post(f"/api/v1/posts/{ada_post.pk}/reports/", data)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Report.objects.exists()


def test_a_report_tells_the_moderators_and_nobody_else(demo, ada_post):
    signed_in(demo["carla"]).post(
        f"/api/v1/posts/{ada_post.pk}/reports/", {"reason": "confidential"}
    )

    created = Activity.objects.get(verb="report.created")
    assert created.audience == Audience.STAFF  # never pushed to the community
    assert created.actor == demo["carla"]
    assert created.payload["notify"] == [demo["linus"].pk]
    assert created.payload["post_id"] == ada_post.pk
    assert created.payload["reason"] == "confidential"


# --- The queue ---------------------------------------------------------------------

QUEUE = {
    "anonymous": 401,
    "ada": 403,  # a member, not a moderator
    "linus": 200,
    "grace": 403,  # sees the community exists, does not moderate it
    "margaret": 200,
    "pat": 404,
    "carla": 403,
    "otto": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_communitys_queue(demo, ada_post, who):
    report(demo, "carla", ada_post)

    response = client_for(demo, who).get(f"/api/v1/communities/{council().pk}/moderation/queue/")

    assert response.status_code == QUEUE[who]
    if response.status_code == 200:
        assert [row["post_id"] for row in response.json()["results"]] == [ada_post.pk]


# The global queue: every community one moderates (ada owns Product Council).
GLOBAL_QUEUE = {
    "anonymous": 401,
    "ada": 200,
    "linus": 200,
    "grace": 403,
    "margaret": 200,
    "pat": 403,
    "carla": 403,
    "otto": 403,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_global_queue_holds_only_the_communities_one_moderates(demo, ada_post, who):
    report(demo, "carla", ada_post)

    response = client_for(demo, who).get("/api/v1/moderation/queue/")

    assert response.status_code == GLOBAL_QUEUE[who]
    if response.status_code == 200:
        expected = [] if who == "ada" else [ada_post.pk]
        assert [row["post_id"] for row in response.json()["results"]] == expected


def test_the_queue_groups_reports_by_target_oldest_first(demo, ada_post, carla_comment):
    report(demo, "carla", ada_post, reason="confidential")
    report(demo, "ada", ada_post, carla_comment, reason="spam")
    report(demo, "margaret", ada_post, reason="confidential")
    report(demo, "linus", ada_post, carla_comment, reason="off_topic")

    rows = (
        signed_in(demo["linus"])
        .get(f"/api/v1/communities/{council().pk}/moderation/queue/")
        .json()["results"]
    )

    assert [(r["target_type"], r["report_count"]) for r in rows] == [("post", 2), ("comment", 2)]
    assert rows[0]["reasons"] == [
        {"reason": "confidential", "label": "Confidential information", "count": 2}
    ]
    assert {r["reason"] for r in rows[1]["reasons"]} == {"spam", "off_topic"}
    assert rows[1]["comment_id"] == carla_comment.pk
    assert rows[1]["author"]["id"] == demo["carla"].pk
    assert rows[0]["state"] == "visible" and rows[0]["outcome"] == ""


def test_a_queue_page_costs_a_fixed_number_of_queries(demo, django_assert_num_queries):
    for number in range(6):
        post = post_create(actor=demo["ada"], community=council(), body=f"p{number}")
        report(demo, "carla", post)
        comment = comment_create(actor=demo["ada"], post=post, body=f"c{number}")
        report(demo, "carla", post, comment)
    linus = signed_in(demo["linus"])
    url = f"/api/v1/communities/{council().pk}/moderation/queue/"
    # session user; the community; linus's membership (moderator?); the page of groups;
    # their posts; their comments; their reports
    with django_assert_num_queries(7):
        response = linus.get(url)
    assert len(response.json()["results"]) == 12


# --- Decisions ---------------------------------------------------------------------

DECIDE = {
    "anonymous": 401,
    "ada": 403,  # sees her post, may not moderate it
    "linus": 200,
    "grace": 404,
    "margaret": 200,
    "pat": 404,
    "carla": 403,
    "otto": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_hide_a_post(demo, ada_post, who):
    report(demo, "carla", ada_post)

    response = client_for(demo, who).post(
        f"/api/v1/posts/{ada_post.pk}/moderation/", {"action": "hide", "reason": "Under NDA"}
    )

    assert response.status_code == DECIDE[who]
    ada_post.refresh_from_db()
    assert (ada_post.hidden_at is not None) == (DECIDE[who] == 200)


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_remove_a_comment(demo, carla_comment, who):
    expected = DECIDE | {"carla": 403}
    response = client_for(demo, who).post(
        f"/api/v1/comments/{carla_comment.pk}/moderation/", {"action": "remove", "reason": "Spam"}
    )

    assert response.status_code == expected[who]


def test_hiding_closes_the_reports_and_tells_the_author_and_the_reporters(demo, ada_post):
    report(demo, "carla", ada_post)
    report(demo, "margaret", ada_post)

    response = signed_in(demo["linus"]).post(
        f"/api/v1/posts/{ada_post.pk}/moderation/", {"action": "hide", "reason": "Under NDA"}
    )

    assert response.json() == {
        "action": "hide",
        "target_type": "post",
        "target_id": ada_post.pk,
        "reports_closed": 2,
        "author_banned": False,
    }
    assert set(Report.objects.values_list("outcome", flat=True)) == {"hidden"}
    hidden = Activity.objects.get(verb="post.hidden")
    assert hidden.audience == Audience.PERSONAL  # the author, not the community
    assert hidden.payload["notify"] == [demo["ada"].pk]
    assert hidden.payload["reason"] == "Under NDA"
    assert hidden.payload["post_id"] == ada_post.pk
    resolved = Activity.objects.get(verb="report.resolved")
    assert resolved.audience == Audience.STAFF
    assert resolved.payload["notify"] == sorted([demo["carla"].pk, demo["margaret"].pk])
    assert resolved.payload["outcome"] == "hidden"
    assert "reason" not in resolved.payload  # reporters learn the outcome only


def test_a_decision_taken_twice_is_a_409(demo, ada_post):
    report(demo, "carla", ada_post)
    linus = signed_in(demo["linus"])
    url = f"/api/v1/posts/{ada_post.pk}/moderation/"

    assert linus.post(url, {"action": "hide"}).status_code == 200
    assert linus.post(url, {"action": "hide"}).status_code == 409
    assert linus.post(url, {"action": "dismiss"}).status_code == 409  # no open reports left
    assert linus.post(url, {"action": "unhide"}).status_code == 200
    assert linus.post(url, {"action": "unhide"}).status_code == 409
    assert linus.post(url, {"action": "remove", "reason": "Leak"}).status_code == 200
    assert linus.post(url, {"action": "remove", "reason": "Leak"}).status_code == 404  # gone


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "action"),
        ({"action": "burn"}, "action"),
        ({"action": "remove"}, "reason"),
        ({"action": "remove", "reason": "   "}, "reason"),
        ({"action": "hide", "ban_author": True}, "reason"),
        ({"action": "remove", "reason": "x" * 1001}, "reason"),
    ],
)
def test_bad_decisions_are_field_level_400s(demo, ada_post, data, field):
    response = signed_in(demo["linus"]).post(
        f"/api/v1/posts/{ada_post.pk}/moderation/", data, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_dismissing_keeps_the_content_and_closes_the_reports(demo, ada_post):
    report(demo, "carla", ada_post)

    response = signed_in(demo["linus"]).post(
        f"/api/v1/posts/{ada_post.pk}/moderation/", {"action": "dismiss"}
    )

    assert response.json()["reports_closed"] == 1
    assert signed_in(demo["carla"]).get(f"/api/v1/posts/{ada_post.pk}/").status_code == 200
    assert Report.objects.get().outcome == "dismissed"
    assert not Activity.objects.filter(verb__startswith="post.hidden").exists()
    assert Activity.objects.get(verb="report.resolved").payload["notify"] == [demo["carla"].pk]
    open_queue = signed_in(demo["linus"]).get(
        f"/api/v1/communities/{council().pk}/moderation/queue/"
    )
    assert open_queue.json()["results"] == []
    history = signed_in(demo["linus"]).get(
        f"/api/v1/communities/{council().pk}/moderation/queue/?status=decided"
    )
    [decided] = history.json()["results"]
    assert decided["outcome"] == "dismissed"
    assert decided["decided_by"]["id"] == demo["linus"].pk


def test_removing_needs_a_reason_which_the_author_is_told(demo, carla_comment, ada_post):
    report(demo, "ada", ada_post, carla_comment)

    response = signed_in(demo["linus"]).post(
        f"/api/v1/comments/{carla_comment.pk}/moderation/",
        {"action": "remove", "reason": "Advertising is not allowed here"},
    )

    assert response.status_code == 200
    carla_comment.refresh_from_db()
    assert carla_comment.deleted_at is not None and carla_comment.removed_at is not None
    removed = Activity.objects.get(verb="comment.removed")
    assert removed.payload["notify"] == [demo["carla"].pk]
    assert removed.payload["reason"] == "Advertising is not allowed here"
    assert removed.payload["comment_id"] == carla_comment.pk
    # Gone for readers; its author still finds the notice in the thread.
    ada_thread = signed_in(demo["ada"]).get(f"/api/v1/posts/{ada_post.pk}/comments/").json()
    assert ada_thread["results"] == []
    carla_thread = signed_in(demo["carla"]).get(f"/api/v1/posts/{ada_post.pk}/comments/").json()
    [tombstone] = carla_thread["results"]
    assert tombstone["removed_at"] is not None
    assert tombstone["moderation_reason"] == "Advertising is not allowed here"


def test_removing_a_post_closes_the_reports_on_its_comments(demo, ada_post, carla_comment):
    report(demo, "carla", ada_post)
    report(demo, "ada", ada_post, carla_comment)

    moderation_decide(actor=demo["linus"], post=ada_post, action="remove", reason="Leak")

    assert set(Report.objects.values_list("outcome", flat=True)) == {"removed"}


def test_banning_the_author_from_the_queue(demo, ada_post, carla_comment):
    report(demo, "ada", ada_post, carla_comment)

    response = signed_in(demo["linus"]).post(
        f"/api/v1/comments/{carla_comment.pk}/moderation/",
        {"action": "remove", "reason": "Spam, again", "ban_author": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["author_banned"] is True
    assert Ban.objects.filter(community=council(), user=demo["carla"]).exists()
    assert not Membership.objects.filter(community=council(), user=demo["carla"]).exists()
    assert Activity.objects.filter(verb="member.banned").count() == 1


def test_a_refused_ban_undoes_the_whole_decision(demo, carla_comment, ada_post):
    owners_post = post_create(actor=demo["linus"], community=council(), body="Mine")
    report(demo, "carla", owners_post)

    response = signed_in(demo["margaret"]).post(
        f"/api/v1/posts/{owners_post.pk}/moderation/",
        {"action": "hide", "reason": "Testing", "ban_author": True},
        content_type="application/json",
    )

    assert response.status_code == 403  # owners cannot be banned
    owners_post.refresh_from_db()
    assert owners_post.hidden_at is None
    assert Report.objects.get().is_open
    assert not Activity.objects.filter(verb="post.hidden").exists()


# --- Audit trail -------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_who_reads_the_audit_trail(demo, ada_post, who):
    moderation_decide(actor=demo["linus"], post=ada_post, action="hide", reason="NDA")

    response = client_for(demo, who).get(f"/api/v1/communities/{council().pk}/moderation/activity/")

    assert response.status_code == QUEUE[who]
    if response.status_code == 200:
        [entry] = response.json()["results"]
        assert entry["verb"] == "post.hidden"
        assert entry["summary"] == "hid a post"
        assert entry["details"]["reason"] == "NDA"
        assert "notify" not in entry["details"]


def test_the_audit_trail_is_newest_first_and_paginated(demo, ada_post, carla_comment):
    linus = signed_in(demo["linus"])
    report(demo, "ada", ada_post, carla_comment)
    report(demo, "carla", ada_post)
    linus.post(f"/api/v1/comments/{carla_comment.pk}/moderation/", {"action": "dismiss"})
    linus.post(f"/api/v1/posts/{ada_post.pk}/moderation/", {"action": "hide"})
    linus.patch(
        f"/api/v1/communities/{council().pk}/members/{demo['ada'].pk}/",
        {"role": "moderator"},
        content_type="application/json",
    )
    linus.post(
        f"/api/v1/communities/{council().pk}/bans/",
        {"user_id": demo["carla"].pk, "reason": "Spam"},
    )
    url = f"/api/v1/communities/{council().pk}/moderation/activity/"

    entries = linus.get(url).json()["results"]
    assert [e["summary"] for e in entries] == [
        "banned Carla Customer",
        "made Ada Lovelace moderator",
        "hid a post, closing 1 report",
        "dismissed 1 report on a comment",
    ]
    first = linus.get(f"{url}?page_size=2").json()
    assert [e["verb"] for e in first["results"]] == ["member.banned", "membership.role_changed"]
    second = linus.get(first["next"]).json()
    assert [e["verb"] for e in second["results"]] == ["post.hidden", "report.resolved"]
    # report.created stays out of the trail; so does everything members do.
    assert not any(e["verb"] in {"report.created", "post.created"} for e in entries)


# --- Hidden content on every read surface ------------------------------------------


def _bodies(response) -> list[str]:
    return [post["body"] for post in response.json()["results"]]


@pytest.mark.parametrize(
    ("who", "sees"),
    [("carla", False), ("ada", True), ("linus", True), ("margaret", True)],
)
def test_a_hidden_post_leaves_every_surface_of_members(demo, ada_post, who, sees):
    """carla is a member; ada the author; linus the owner; margaret a platform admin."""
    comment_create(actor=demo["carla"], post=ada_post, body="A comment")
    signed_in(demo["linus"]).put(f"/api/v1/communities/{council().pk}/follow/")
    moderation_decide(actor=demo["linus"], post=ada_post, action="hide", reason="NDA")
    client = signed_in(demo[who])
    expected = ["Roadmap leak #roadmap"] if sees else []

    assert _bodies(client.get(f"/api/v1/communities/{council().pk}/posts/")) == expected
    assert _bodies(client.get("/api/v1/hashtags/roadmap/posts/")) == expected
    if who != "margaret":  # her home feed holds only what she belongs to or follows
        assert _bodies(client.get("/api/v1/feed/")) == expected
    detail = client.get(f"/api/v1/posts/{ada_post.pk}/")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        assert detail.json()["hidden_at"] is not None
        assert detail.json()["moderation_reason"] == "NDA"
    comments = client.get(f"/api/v1/posts/{ada_post.pk}/comments/")
    assert comments.status_code == (200 if sees else 404)
    reactions = client.post(f"/api/v1/posts/{ada_post.pk}/reactions/", {"kind": "like"})
    assert (reactions.status_code == 404) == (not sees)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("ada", False), ("carla", True), ("linus", True), ("margaret", True)],
)
def test_a_hidden_comment_leaves_the_thread_of_members(demo, ada_post, carla_comment, who, sees):
    """ada is a member here (and the post's author); carla wrote the comment."""
    reply = comment_create(actor=demo["ada"], post=ada_post, body="A reply", parent=carla_comment)
    moderation_decide(actor=demo["linus"], post=ada_post, comment=carla_comment, action="hide")
    client = signed_in(demo[who])

    threads = client.get(f"/api/v1/posts/{ada_post.pk}/comments/").json()["results"]
    assert [c["body"] for c in threads] == (["Buy my product"] if sees else [])
    if sees:
        assert threads[0]["hidden_at"] is not None
        assert [r["id"] for r in threads[0]["replies"]] == [reply.pk]
    post = client.get(f"/api/v1/posts/{ada_post.pk}/").json()
    # ada's count leaves out the hidden comment and the reply under it, as her thread does.
    assert post["comment_count"] == (2 if sees else 0)
    report_it = client.post(f"/api/v1/comments/{carla_comment.pk}/reports/", {"reason": "spam"})
    assert (report_it.status_code == 404) == (not sees)


def test_showing_again_brings_it_back_and_tells_the_author(demo, ada_post):
    moderation_decide(actor=demo["linus"], post=ada_post, action="hide", reason="Checking")
    carla = signed_in(demo["carla"])
    assert carla.get(f"/api/v1/posts/{ada_post.pk}/").status_code == 404

    signed_in(demo["linus"]).post(f"/api/v1/posts/{ada_post.pk}/moderation/", {"action": "unhide"})

    assert carla.get(f"/api/v1/posts/{ada_post.pk}/").status_code == 200
    unhidden = Activity.objects.get(verb="post.unhidden")
    assert unhidden.payload["notify"] == [demo["ada"].pk]
    assert unhidden.audience == Audience.PERSONAL

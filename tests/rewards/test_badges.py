"""Badges: earned automatically once when a person's awards reach the threshold;
HR awards and revokes by hand with a reason (others 403); a revoked award is kept;
the holder (and HR) export a badge as an Open Badges 3.0 credential, others 404."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction

from activity.models import Activity
from bridge.errors import Conflict
from network.services.posts import post_create
from rewards.models import BadgeAward, Transfer
from rewards.services import badges, ledger, rules
from rewards.services.awards import award_for_activity
from tests.fixtures.personas import client_for, community


def _post_and_deliver(person, times: int = 1) -> Activity:
    post = post_create(actor=person, community=community("engineering"), body="We shipped it")
    posted = Activity.objects.get(verb="post.created", object_id=str(post.pk))
    for _ in range(times):
        with transaction.atomic():
            award_for_activity(posted)
    return posted


@pytest.fixture
def posting(demo):
    """A rule rewarding posts, a badge for the first and one for the third."""
    grace = demo["grace"]
    rules.rule_create(actor=grace, name="Share our news", earning="post_created", points=10)
    first = badges.badge_create(actor=grace, name="First post", earning="post_created", threshold=1)
    third = badges.badge_create(
        actor=grace, name="Three posts", earning="post_created", threshold=3
    )
    return first, third


@pytest.fixture
def mentor(demo):
    """A manual badge HR gave linus."""
    grace, linus = demo["grace"], demo["linus"]
    badge = badges.badge_create(actor=grace, name="Mentor", description="Helps newcomers.")
    award = badges.badge_award(actor=grace, badge=badge, person=linus, reason="Onboarded ten")
    return badge, award


@pytest.mark.django_db
def test_a_badge_is_earned_once_when_the_awards_reach_its_threshold(demo, posting):
    ada = demo["ada"]
    first, third = posting

    _post_and_deliver(ada, times=3)  # replays award nothing, earn nothing
    assert list(BadgeAward.objects.values_list("badge", flat=True)) == [first.pk]
    _post_and_deliver(ada)
    _post_and_deliver(ada)
    _post_and_deliver(ada)

    held = BadgeAward.objects.filter(person=ada).order_by("badge__threshold")
    assert [award.badge for award in held] == [first, third]
    assert all(award.awarded_by is None and award.revoked_at is None for award in held)
    told = Activity.objects.filter(verb="badge.awarded").order_by("pk")
    assert [(a.audience, a.payload["notify"], a.payload["badge"]) for a in told] == [
        ("personal", [ada.pk], "First post"),
        ("personal", [ada.pk], "Three posts"),
    ]


@pytest.mark.django_db
def test_reversed_awards_do_not_count_and_a_revoked_badge_is_not_earned_again(demo, posting):
    ada, grace = demo["ada"], demo["grace"]
    first, third = posting
    _post_and_deliver(ada)
    _post_and_deliver(ada)
    ledger.reverse(
        actor=grace,
        transfer_to_undo=Transfer.objects.filter(kind=Transfer.Kind.AWARD).first(),
        reason="Posted by mistake",
    )
    _post_and_deliver(ada)
    assert not BadgeAward.objects.filter(badge=third).exists(), "2 standing awards of 3"

    badges.badge_revoke(actor=grace, award=BadgeAward.objects.get(badge=first), reason="Spam")
    _post_and_deliver(ada)

    assert BadgeAward.objects.filter(badge=third, person=ada).count() == 1
    assert BadgeAward.objects.filter(badge=first, revoked_at__isnull=True).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ada", "linus", "margaret", "carla", "pat"])
def test_only_hr_awards_and_revokes_by_hand(demo, mentor, who):
    badge, award = mentor
    client = client_for(demo, who)
    target = demo["ada"] if who != "ada" else demo["linus"]
    if who in ("carla", "pat"):
        target = demo["linus"]  # whom they may see

    given = client.post(
        f"/api/v1/rewards/badges/{badge.pk}/awards/",
        {"person_id": target.pk, "reason": "Why not"},
        content_type="application/json",
    )
    revoked = client.post(
        f"/api/v1/rewards/badge-awards/{award.pk}/revoke/",
        {"reason": "Why not"},
        content_type="application/json",
    )

    assert (given.status_code, revoked.status_code) == (403, 403)
    assert BadgeAward.objects.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_hr_awards_and_revokes_with_a_reason_and_the_award_is_kept(demo, mentor):
    badge, _ = mentor
    grace, ada = demo["grace"], demo["ada"]
    hr = client_for(demo, "grace")
    url = f"/api/v1/rewards/badges/{badge.pk}/awards/"

    no_reason = hr.post(url, {"person_id": ada.pk, "reason": " "}, content_type="application/json")
    given = hr.post(url, {"person_id": ada.pk, "reason": "Ran the meetup"}, "application/json")
    again = hr.post(url, {"person_id": ada.pk, "reason": "Twice"}, "application/json")
    award_id = given.json()["id"]
    revoke_url = f"/api/v1/rewards/badge-awards/{award_id}/revoke/"
    unexplained = hr.post(revoke_url, {}, content_type="application/json")
    revoked = hr.post(revoke_url, {"reason": "Wrong person"}, content_type="application/json")
    twice = hr.post(revoke_url, {"reason": "Again"}, content_type="application/json")

    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    assert given.status_code == 201 and given.json()["reason"] == "Ran the meetup"
    assert again.status_code == 409
    assert unexplained.status_code == 400 and "reason" in unexplained.json()["fields"]
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert twice.status_code == 409
    kept = BadgeAward.objects.get(pk=award_id)
    assert (kept.revoked_by, kept.revoked_reason) == (grace, "Wrong person")
    assert Activity.objects.filter(verb="badge.revoked", object_id=str(award_id)).get().payload[
        "notify"
    ] == [ada.pk]
    assert client_for(demo, "ada").get(f"/api/v1/people/{ada.pk}/badges/").json() == []


@pytest.mark.django_db
def test_a_badge_needs_a_name_and_complete_criteria(demo):
    hr = client_for(demo, "grace")
    url = "/api/v1/rewards/badges/"

    unnamed = hr.post(url, {"name": ""}, content_type="application/json")
    no_count = hr.post(url, {"name": "X", "earning": "post_created"}, "application/json")
    unknown = hr.post(url, {"name": "X", "earning": "nope", "threshold": 1}, "application/json")
    made = hr.post(
        url, {"name": "X", "earning": "post_created", "threshold": 2}, "application/json"
    )
    by_ada = client_for(demo, "ada").post(url, {"name": "Mine"}, content_type="application/json")

    assert unnamed.status_code == 400 and "name" in unnamed.json()["fields"]
    assert no_count.status_code == 400 and "threshold" in no_count.json()["fields"]
    assert unknown.status_code == 400 and "earning" in unknown.json()["fields"]
    assert made.status_code == 201 and made.json()["threshold"] == 2
    assert by_ada.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("linus", 200), ("grace", 200), ("ada", 404), ("pat", 404), ("anonymous", 401)],
)
def test_only_the_holder_and_hr_export_the_credential(demo, mentor, who, status):
    _, award = mentor
    response = client_for(demo, who).get(f"/api/v1/rewards/badge-awards/{award.pk}/credential/")
    assert response.status_code == status


@pytest.mark.django_db
def test_the_credential_is_an_open_badges_3_credential(demo, mentor, settings):
    badge, award = mentor
    linus = demo["linus"]

    credential = (
        client_for(demo, "linus").get(f"/api/v1/rewards/badge-awards/{award.pk}/credential/").json()
    )

    site = settings.SITE_URL.rstrip("/")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == site and credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"] == award.awarded_at.isoformat()
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"] == f"{site}/people/{linus.pk}/"
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert (achievement["name"], achievement["description"]) == ("Mentor", "Helps newcomers.")
    assert achievement["id"] == f"{site}/api/v1/rewards/badges/{badge.pk}/"
    assert achievement["criteria"]["narrative"]


@pytest.mark.django_db
def test_a_revoked_badge_is_no_longer_exported(demo, mentor):
    _, award = mentor
    badges.badge_revoke(actor=demo["grace"], award=award, reason="Left the programme")
    response = client_for(demo, "linus").get(f"/api/v1/rewards/badge-awards/{award.pk}/credential/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_persons_badges_are_listed_to_who_may_see_them_and_on_their_profile(demo, mentor):
    _, award = mentor
    ada, linus = demo["ada"], demo["linus"]

    seen = client_for(demo, "otto").get(f"/api/v1/people/{linus.pk}/badges/")
    hidden = client_for(demo, "otto").get(f"/api/v1/people/{ada.pk}/badges/")
    profile = client_for(demo, "ada").get(f"/people/{linus.pk}/")

    assert seen.status_code == 200
    assert [(a["id"], a["badge"]["name"]) for a in seen.json()] == [(award.pk, "Mentor")]
    assert hidden.status_code == 404
    assert "Mentor" in profile.content.decode() and "Helps newcomers." in profile.content.decode()

    badges.badge_revoke(actor=demo["grace"], award=award, reason="Left the programme")
    assert "Mentor" not in client_for(demo, "ada").get(f"/people/{linus.pk}/").content.decode()
    assert client_for(demo, "otto").get(f"/api/v1/people/{linus.pk}/badges/").json() == []


@pytest.mark.django_db
def test_a_retired_badge_is_no_longer_awarded_and_what_was_awarded_stays(demo, posting, mentor):
    first, _ = posting
    _, given = mentor
    hr, ada = client_for(demo, "grace"), client_for(demo, "ada")

    by_ada = ada.patch(f"/api/v1/rewards/badges/{first.pk}/", {"active": False}, "application/json")
    retired = hr.patch(f"/api/v1/rewards/badges/{first.pk}/", {"active": False}, "application/json")
    _post_and_deliver(demo["ada"])
    by_hand = hr.post(
        f"/api/v1/rewards/badges/{first.pk}/awards/",
        {"person_id": demo["ada"].pk, "reason": "Anyway"},
        content_type="application/json",
    )
    hr.patch(f"/api/v1/rewards/badges/{given.badge_id}/", {"active": False}, "application/json")

    assert by_ada.status_code == 403
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert by_hand.status_code == 409
    assert not BadgeAward.objects.filter(badge=first).exists()
    assert ada.get(f"/api/v1/rewards/badges/{first.pk}/").status_code == 404
    assert [b["name"] for b in ada.get("/api/v1/rewards/badges/").json()] == ["Three posts"]
    assert BadgeAward.objects.get(pk=given.pk).revoked_at is None, "awards made stay"


@pytest.mark.django_db(transaction=True)
def test_racing_awards_of_one_badge_make_one():
    from network.personas import seed_all

    people = {user.username: user for user in seed_all()}
    grace, ada = people["grace"], people["ada"]
    badge = badges.badge_create(actor=grace, name="Speaker")
    start = threading.Barrier(5)

    def give(n: int) -> object:
        try:
            start.wait()
            return badges.badge_award(actor=grace, badge=badge, person=ada, reason=f"Talk {n}")
        except Conflict as conflict:
            return conflict
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=5) as pool:
        outcomes = list(pool.map(give, range(5)))

    assert sum(isinstance(outcome, BadgeAward) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, Conflict) for outcome in outcomes) == 4
    assert BadgeAward.objects.filter(badge=badge, person=ada).count() == 1

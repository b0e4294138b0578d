"""The HR console's badges pages: create (with criteria or manual), retire and
restore, award by hand with a reason, revoke with a reason; errors by the field,
input kept, 409s shown on the page."""

import pytest
from django.urls import reverse

from rewards.models import Badge, BadgeAward
from rewards.services import badges as badge_services
from tests.fixtures.personas import EVERYONE, client_for
from tests.frontend.hr_console import CONSOLE, OTHERS, assert_refused

pytestmark = pytest.mark.django_db


def _badge(demo, **criteria) -> Badge:
    return badge_services.badge_create(actor=demo["grace"], name="Ambassador", **criteria)


def _award(demo, badge: Badge, who: str = "ada") -> BadgeAward:
    return badge_services.badge_award(
        actor=demo["grace"], badge=badge, person=demo[who], reason="Spoke at PyCon."
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_badges_pages(demo, who):
    badge = _badge(demo)
    client = client_for(demo, who)

    for url in (reverse("hr-badges"), reverse("hr-badge", args=[badge.pk])):
        response = client.get(url)
        assert response.status_code == CONSOLE[who]
        if who != "grace":
            assert_refused(response, who)


@pytest.mark.parametrize("who", OTHERS)
def test_only_hr_admins_create_award_retire_and_revoke(demo, who):
    badge = _badge(demo)
    award = _award(demo, badge)
    client = client_for(demo, who)

    assert_refused(client.post(reverse("hr-badges"), {"name": "Mine"}), who)
    assert_refused(client.post(reverse("hr-badge-active", args=[badge.pk]), {"active": "0"}), who)
    assert_refused(
        client.post(
            reverse("hr-badge-award", args=[badge.pk]), {"person": "linus", "reason": "Me"}
        ),
        who,
    )
    assert_refused(
        client.post(reverse("hr-badge-award-revoke", args=[award.pk]), {"reason": "No"}), who
    )

    badge.refresh_from_db()
    award.refresh_from_db()
    assert (Badge.objects.count(), badge.active, award.revoked_at) == (1, True, None)
    assert BadgeAward.objects.count() == 1


def test_hr_creates_a_badge_earned_from_an_earning(demo):
    response = client_for(demo, "grace").post(
        reverse("hr-badges"),
        {"name": "Idea machine", "earning": "idea_submitted", "threshold": "5"},
        follow=True,
    )

    assert response.status_code == 200
    badge = Badge.objects.get(name="Idea machine")
    assert (badge.earning, badge.threshold, badge.is_manual) == ("idea_submitted", 5, False)
    assert "Submits an idea: 5 awards" in response.content.decode()


def test_hr_creates_a_manual_badge(demo):
    client_for(demo, "grace").post(reverse("hr-badges"), {"name": "Hero", "earning": ""})

    assert Badge.objects.get(name="Hero").is_manual


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"name": " ", "description": "Typed by Grace"}, "name"),
        ({"name": "Typed by Grace", "earning": "idea_submitted"}, "threshold"),
        ({"name": "Typed by Grace", "threshold": "3"}, "threshold"),
        ({"name": "Typed by Grace", "earning": "nonsense", "threshold": "3"}, "earning"),
    ],
)
def test_bad_criteria_are_refused_by_the_field_and_kept(demo, typed, field):
    response = client_for(demo, "grace").post(reverse("hr-badges"), typed)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert "Typed by Grace" in page
    assert not Badge.objects.exists()


def test_hr_retires_and_restores_a_badge(demo):
    badge = _badge(demo)
    grace = client_for(demo, "grace")

    grace.post(reverse("hr-badge-active", args=[badge.pk]), {"active": "0"})
    badge.refresh_from_db()
    assert not badge.active
    page = grace.get(reverse("hr-badge", args=[badge.pk])).content.decode()
    assert ">Restore</button>" in page
    assert "Award by hand" not in page

    grace.post(reverse("hr-badge-active", args=[badge.pk]), {"active": "1"})
    badge.refresh_from_db()
    assert badge.active


def test_hr_awards_by_hand_with_a_reason(demo):
    badge = _badge(demo)
    response = client_for(demo, "grace").post(
        reverse("hr-badge-award", args=[badge.pk]),
        {"person": "ada", "reason": "Keynote at PyCon."},
        follow=True,
    )

    award = BadgeAward.objects.get(badge=badge)
    assert (award.person, award.awarded_by, award.reason) == (
        demo["ada"], demo["grace"], "Keynote at PyCon.",
    )  # fmt: skip
    page = response.content.decode()
    assert f'id="award-{award.pk}" data-revoked="no"' in page
    assert "Keynote at PyCon." in page


@pytest.mark.parametrize(
    ("typed", "field"),
    [({"person": "nobody-here", "reason": "Typed by Grace"}, "person"),
     ({"person": "ada", "reason": "  "}, "reason")],
)  # fmt: skip
def test_a_bad_award_is_refused_by_the_field_and_kept(demo, typed, field):
    badge = _badge(demo)
    response = client_for(demo, "grace").post(reverse("hr-badge-award", args=[badge.pk]), typed)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert f'value="{typed["person"]}"' in page
    assert not BadgeAward.objects.exists()


def test_awarding_a_badge_held_already_says_so_and_keeps_the_input(demo):
    badge = _badge(demo)
    _award(demo, badge)
    response = client_for(demo, "grace").post(
        reverse("hr-badge-award", args=[badge.pk]), {"person": "ada", "reason": "Twice"}
    )

    assert response.status_code == 400
    assert "holds “Ambassador” already" in response.content.decode()
    assert "Twice" in response.content.decode()
    assert BadgeAward.objects.count() == 1


def test_awarding_a_retired_badge_is_refused(demo):
    badge = _badge(demo)
    badge_services.badge_set_active(actor=demo["grace"], badge=badge, active=False)
    response = client_for(demo, "grace").post(
        reverse("hr-badge-award", args=[badge.pk]), {"person": "ada", "reason": "Still"}
    )

    assert response.status_code == 400
    assert "retired" in response.content.decode()
    assert not BadgeAward.objects.exists()


def test_hr_revokes_with_a_reason_and_the_award_stays(demo):
    award = _award(demo, _badge(demo))
    grace = client_for(demo, "grace")

    response = grace.post(
        reverse("hr-badge-award-revoke", args=[award.pk]), {"reason": "Left the programme."},
        follow=True,
    )  # fmt: skip

    award.refresh_from_db()
    assert (award.revoked_by, award.revoked_reason) == (demo["grace"], "Left the programme.")
    assert f'id="award-{award.pk}" data-revoked="yes"' in response.content.decode()

    again = grace.post(
        reverse("hr-badge-award-revoke", args=[award.pk]), {"reason": "Again"}, follow=True
    )
    assert "revoked already" in again.content.decode()
    award.refresh_from_db()
    assert award.revoked_reason == "Left the programme."


def test_a_revoke_without_a_reason_is_refused_by_the_field(demo):
    award = _award(demo, _badge(demo))
    response = client_for(demo, "grace").post(
        reverse("hr-badge-award-revoke", args=[award.pk]), {"reason": " "}
    )

    assert response.status_code == 400
    assert f'id="revoke-{award.pk}-reason_error"' in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None


def test_unknown_badges_and_awards_are_404s(demo):
    grace = client_for(demo, "grace")
    assert grace.get(reverse("hr-badge", args=[999999])).status_code == 404
    assert grace.post(reverse("hr-badge-award-revoke", args=[999999])).status_code == 404

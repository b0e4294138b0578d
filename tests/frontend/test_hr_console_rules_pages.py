"""The HR console's rules pages: list, create, change (a new version) and the
versions' history; errors next to the field with the input kept."""

import pytest
from django.urls import reverse

from rewards.models import Rule, RuleVersion
from rewards.services import rules as rule_services
from tests.fixtures.personas import EVERYONE, client_for, community
from tests.frontend.hr_console import CONSOLE, OTHERS, assert_refused

pytestmark = pytest.mark.django_db

NEW_RULE = {
    "name": "Ambassador posts",
    "earning": "post_created",
    "points": "5",
    "daily_cap": "20",
    "weekly_cap": "",
    "affiliations": ["employee", "partner"],
    "starts_at": "",
    "ends_at": "",
}


def _rule(demo, **terms) -> Rule:
    return rule_services.rule_create(
        actor=demo["grace"], name="Ideas", earning="idea_submitted", points=10, **terms
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_rules_pages(demo, who):
    rule = _rule(demo)
    client = client_for(demo, who)

    for url in (reverse("hr-rules"), reverse("hr-rule", args=[rule.pk])):
        response = client.get(url)
        assert response.status_code == CONSOLE[who]
        if who != "grace":
            assert_refused(response, who)


@pytest.mark.parametrize("who", OTHERS)
def test_only_hr_admins_create_or_change_rules(demo, who):
    rule = _rule(demo)
    client = client_for(demo, who)

    assert_refused(client.post(reverse("hr-rules"), NEW_RULE), who)
    assert_refused(client.post(reverse("hr-rule", args=[rule.pk]), NEW_RULE), who)

    assert Rule.objects.count() == 1
    assert rule.versions.count() == 1


def test_the_list_shows_each_rules_current_terms(demo):
    rule = _rule(demo, daily_cap=30, affiliations=["employee", "customer"])
    rule_services.rule_change(
        actor=demo["grace"], rule=rule, enabled=False, points=15, daily_cap=None,
        weekly_cap=50, affiliations=["employee"], communities=[community("engineering")],
        starts_at=None, ends_at=None,
    )  # fmt: skip

    page = client_for(demo, "grace").get(reverse("hr-rules")).content.decode()

    row = page[page.index(f'id="rule-{rule.pk}"') :][:2500]
    assert "Submits an idea" in row
    assert "<td data-points>15</td>" in row
    assert "— / 50" in row
    assert "Engineering" in row
    assert 'data-enabled="no"' in row
    assert "<td data-version>2</td>" in row


def test_hr_creates_a_rule(demo):
    response = client_for(demo, "grace").post(reverse("hr-rules"), NEW_RULE, follow=True)

    assert response.status_code == 200
    rule = Rule.objects.get(name="Ambassador posts")
    version = rule.versions.get()
    assert (rule.earning, version.points, version.daily_cap, version.weekly_cap) == (
        "post_created", 5, 20, None,
    )  # fmt: skip
    assert version.affiliations == ["employee", "partner"]
    assert version.created_by == demo["grace"]
    assert "is in force" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"earning": "likes_everything"}, "earning"),
        ({"points": "0"}, "points"),
        ({"points": "lots"}, "points"),
        ({"daily_cap": "-3"}, "daily_cap"),
        ({"affiliations": []}, "affiliations"),
        ({"affiliations": ["robots"]}, "affiliations"),
        ({"starts_at": "2026-12-01T10:00", "ends_at": "2026-11-01T10:00"}, "ends_at"),
        ({"starts_at": "tomorrow-ish"}, "starts_at"),
    ],
)
def test_bad_input_is_refused_by_the_field_and_kept(demo, change, field):
    typed = {**NEW_RULE, "name": "Typed by Grace", **change}
    response = client_for(demo, "grace").post(reverse("hr-rules"), typed)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    if field != "name":
        assert 'value="Typed by Grace"' in page
    assert not Rule.objects.exists()


def test_a_change_adds_a_version_and_the_history_says_who_and_when(demo):
    rule = _rule(demo)
    grace = client_for(demo, "grace")
    form = grace.get(reverse("hr-rule", args=[rule.pk])).content.decode()
    assert 'name="points" value="10"' in form  # the form starts from the current terms

    response = grace.post(
        reverse("hr-rule", args=[rule.pk]),
        {**NEW_RULE, "points": "25", "enabled": "", "communities": [community("engineering").pk]},
        follow=True,
    )

    assert "Version 2" in response.content.decode()
    latest = rule.versions.order_by("-number").first()
    assert (latest.number, latest.points, latest.enabled) == (2, 25, False)
    assert list(latest.communities.all()) == [community("engineering")]
    assert RuleVersion.objects.get(rule=rule, number=1).points == 10  # the past stays
    page = response.content.decode()
    assert 'id="rule-version-2"' in page and 'id="rule-version-1"' in page
    assert page.index('id="rule-version-2"') < page.index('id="rule-version-1"')
    version_2 = page[page.index('id="rule-version-2"') :][:800]
    assert demo["grace"].name in version_2
    assert "<td data-changed>points, daily cap, who takes part, communities, enabled</td>" in (
        version_2
    )


def test_a_bad_change_adds_no_version_and_keeps_the_input(demo):
    rule = _rule(demo)
    response = client_for(demo, "grace").post(
        reverse("hr-rule", args=[rule.pk]),
        {**NEW_RULE, "points": "33", "daily_cap": "0"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_daily_cap_error"' in page
    assert 'name="points" value="33"' in page
    assert rule.versions.count() == 1


def test_an_unknown_rule_is_a_404(demo):
    assert client_for(demo, "grace").get(reverse("hr-rule", args=[999999])).status_code == 404


def test_the_rules_pages_cost_the_same_queries_however_many(demo, django_assert_max_num_queries):
    for _ in range(5):
        rule = _rule(demo, communities=[community("engineering")])
        rule_services.rule_change(
            actor=demo["grace"], rule=rule, points=3, daily_cap=None, weekly_cap=None,
            affiliations=["employee"], starts_at=None, ends_at=None,
        )  # fmt: skip
    grace = client_for(demo, "grace")
    grace.get(reverse("hr-rules"))  # the session and the nav, read once

    # The nav's points balance is one of them (frontend/context_processors.py).
    with django_assert_max_num_queries(7):
        assert grace.get(reverse("hr-rules")).status_code == 200
    with django_assert_max_num_queries(11):
        assert grace.get(reverse("hr-rule", args=[rule.pk])).status_code == 200

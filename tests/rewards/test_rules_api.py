"""The rules API: HR admins list, create and change rules (a change is a new
version, terms left out kept); everyone else, reads included, is refused (403)."""

import pytest
from django.urls import reverse

from activity.models import Activity
from rewards.models import Rule, RuleVersion
from rewards.services import rules as rule_services
from tests.fixtures.personas import EVERYONE, client_for, community

pytestmark = pytest.mark.django_db

NEW_RULE = {"name": "Ambassador posts", "earning": "post_created", "points": 5}


def _rule(demo, **terms) -> Rule:
    return rule_services.rule_create(
        actor=demo["grace"], name="Ideas", earning="idea_submitted", points=10, **terms
    )


def _patch(client, rule: Rule, body: dict):
    return client.patch(
        reverse("api-reward-rule", args=[rule.pk]), body, content_type="application/json"
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_read_and_write_rules(demo, who):
    rule = _rule(demo)
    client = client_for(demo, who)
    refused = 401 if who == "anonymous" else 403
    expected = 200 if who == "grace" else refused

    assert client.get(reverse("api-reward-rules")).status_code == expected
    assert client.get(reverse("api-reward-rule", args=[rule.pk])).status_code == expected
    created = client.post(reverse("api-reward-rules"), NEW_RULE, content_type="application/json")
    assert created.status_code == (201 if who == "grace" else refused)
    assert _patch(client, rule, {"points": 99}).status_code == expected

    assert rule.versions.count() == (2 if who == "grace" else 1)
    assert Rule.objects.count() == (2 if who == "grace" else 1)


def test_hr_creates_a_rule_with_its_first_version(demo):
    engineering = community("engineering")
    response = client_for(demo, "grace").post(
        reverse("api-reward-rules"),
        {
            **NEW_RULE,
            "daily_cap": 20,
            "affiliations": ["partner", "employee"],
            "communities": [engineering.pk],
            "starts_at": "2026-12-01T09:00:00Z",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["earning"], body["earning_label"]) == (
        "Ambassador posts", "post_created", "Posts in a community",
    )  # fmt: skip
    current = body["current"]
    assert (current["number"], current["points"], current["daily_cap"]) == (1, 5, 20)
    assert current["affiliations"] == ["employee", "partner"]
    assert current["communities"] == [engineering.pk]
    assert current["created_by"] == {"id": demo["grace"].pk, "name": demo["grace"].name}
    assert body["versions"] == [current]
    assert Activity.objects.filter(verb="reward_rule.created", object_id=body["id"]).exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "earning", "points"}),
        ({**NEW_RULE, "earning": "likes"}, {"earning"}),
        ({**NEW_RULE, "points": 0}, {"points"}),
        ({**NEW_RULE, "name": "   "}, {"name"}),
        ({**NEW_RULE, "daily_cap": 0, "affiliations": ["robots"]}, {"daily_cap", "affiliations"}),
        ({**NEW_RULE, "affiliations": []}, {"affiliations"}),
        ({**NEW_RULE, "communities": [999999]}, {"communities"}),
        (
            {**NEW_RULE, "starts_at": "2026-12-02T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z"},
            {"ends_at"},
        ),
    ],
)
def test_bad_rules_are_400s_by_field_and_write_nothing(demo, body, fields):
    response = client_for(demo, "grace").post(
        reverse("api-reward-rules"), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert fields <= set(response.json()["fields"])
    assert not Rule.objects.exists()


def test_a_patch_is_a_new_version_keeping_the_terms_left_out(demo):
    rule = _rule(demo, daily_cap=30, affiliations=["employee", "customer"])
    response = _patch(client_for(demo, "grace"), rule, {"points": 15, "enabled": False})

    assert response.status_code == 200
    versions = response.json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    latest = versions[0]
    assert (latest["points"], latest["enabled"], latest["daily_cap"]) == (15, False, 30)
    assert latest["affiliations"] == ["customer", "employee"]
    assert RuleVersion.objects.get(rule=rule, number=1).points == 10  # the past stays


def test_a_patch_clears_a_cap_and_limits_communities(demo):
    rule = _rule(demo, daily_cap=30)
    engineering = community("engineering")
    response = _patch(
        client_for(demo, "grace"), rule, {"daily_cap": None, "communities": [engineering.pk]}
    )

    latest = response.json()["current"]
    assert (latest["daily_cap"], latest["communities"], latest["points"]) == (
        None, [engineering.pk], 10,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [({"points": -1}, "points"), ({"name": "Renamed"}, "name"), ({"earning": "x"}, "earning"),
     ({"ends_at": "2000-01-01T00:00:00Z", "starts_at": "2001-01-01T00:00:00Z"}, "ends_at")],
)  # fmt: skip
def test_a_bad_patch_is_a_400_and_adds_no_version(demo, body, field):
    rule = _rule(demo)
    response = _patch(client_for(demo, "grace"), rule, body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert rule.versions.count() == 1


def test_an_unknown_rule_is_a_404(demo):
    grace = client_for(demo, "grace")
    assert grace.get(reverse("api-reward-rule", args=[999999])).status_code == 404
    assert grace.patch(reverse("api-reward-rule", args=[999999]), {}).status_code == 404


def test_the_list_costs_the_same_queries_however_many_rules(demo, django_assert_max_num_queries):
    for n in range(6):
        rule = _rule(demo, communities=[community("engineering")])
        rule_services.rule_change(
            actor=demo["grace"], rule=rule, points=n + 1, daily_cap=None, weekly_cap=None,
            affiliations=["employee"], starts_at=None, ends_at=None,
        )  # fmt: skip
    grace = client_for(demo, "grace")

    with django_assert_max_num_queries(8):
        response = grace.get(reverse("api-reward-rules"))
    assert len(response.json()) == 6

"""The HR sync: people created or updated by external id, with a dry run
(POST /api/v1/people/sync/, network/services/people_sync.py, docs/people-sync.md)."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from activity.models import Activity, Delivery
from integrations import tokens
from integrations.scopes import Scope
from network.models import Membership, User
from tests.fixtures.personas import client_for, signed_in
from tests.search.delivering import deliver_search, indexed

URL = "/api/v1/people/sync/"


def sync(client: Client, people: list, *, dry_run: bool = False, **extra: object):
    return client.post(
        URL, {"dry_run": dry_run, "people": people, **extra}, content_type="application/json"
    )


def record(external_id: str, **fields: object) -> dict:
    """An HR record: an employee named after the id, with an email of their own."""
    return {
        "external_id": external_id,
        "email": f"{external_id.lower()}@bridge.example",
        "first_name": "Hedy",
        "last_name": external_id,
        "title": "Engineer",
        **fields,
    }


def report_of(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def by_kind(report: dict) -> dict[str, list[str]]:
    kinds = ("created", "updated", "unchanged", "deactivated", "errors")
    return {kind: [entry["external_id"] for entry in report[kind]] for kind in kinds}


@pytest.fixture
def hr(demo) -> Client:
    """Grace, the HR admin, signed in."""
    return signed_in(demo["grace"])


def link(hr: Client, person: User, external_id: str) -> None:
    """Give a persona an external id the way HR does: by their email."""
    report = report_of(sync(hr, [{"external_id": external_id, "email": person.email}]))
    assert by_kind(report)["updated"] == [external_id]


# -- creating, updating, idempotence ---------------------------------------------------


def test_new_people_are_created_with_a_username_from_their_email_and_no_password(hr, demo):
    response = sync(hr, [record("E1", email="Hedy.Lamarr@Bridge.Example", display_name="Hedy L")])

    report = report_of(response)
    assert report["created"] == [
        {
            "index": 0,
            "external_id": "E1",
            "username": "hedy.lamarr",
            "changes": {
                "email": {"old": None, "new": "Hedy.Lamarr@bridge.example"},
                "first_name": {"old": None, "new": "Hedy"},
                "last_name": {"old": None, "new": "E1"},
                "display_name": {"old": None, "new": "Hedy L"},
                "title": {"old": None, "new": "Engineer"},
            },
        }
    ]
    assert report["counts"] == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "errors": 0,
    }
    hedy = User.objects.get(external_id="E1")
    assert (hedy.username, hedy.email, hedy.affiliation) == (
        "hedy.lamarr",
        "Hedy.Lamarr@bridge.example",
        "employee",
    )
    assert hedy.is_active
    assert not hedy.has_usable_password(), "they get in through a sign-in route, not a guess"
    created = Activity.objects.get(verb="person.created", object_id=str(hedy.pk))
    assert (created.actor, created.audience) == (demo["grace"], "staff")
    assert created.payload == {
        "fields": ["display_name", "email", "first_name", "last_name", "title"],
        "by": "sync",
    }


def test_usernames_stay_unique_against_people_here_and_in_the_same_batch(hr, demo):
    # The personas have taken "ada"; two newcomers share a local part too.
    people = [
        record("E1", email="ada@elsewhere.example"),
        record("E2", email="ADA@another.example"),
        record("E3", email="ada-2@third.example"),
        record("E4", email="O'Brien+hr@bridge.example"),
        record("E5", email="+@bridge.example"),
    ]

    report = report_of(sync(hr, people))

    usernames = [entry["username"] for entry in report["created"]]
    assert usernames == ["ada-2", "ada-3", "ada-2-2", "obrienhr", "person"]
    assert set(
        User.objects.filter(external_id__isnull=False).values_list("username", flat=True)
    ) == set(usernames)


def test_a_known_external_id_updates_only_the_fields_sent(hr, demo):
    report_of(sync(hr, [record("E1", location="Vienna", department="Research")]))

    report = report_of(sync(hr, [{"external_id": "E1", "title": "Inventor", "location": "LA"}]))

    assert report["updated"] == [
        {
            "index": 0,
            "external_id": "E1",
            "username": "e1",
            "changes": {
                "title": {"old": "Engineer", "new": "Inventor"},
                "location": {"old": "Vienna", "new": "LA"},
            },
        }
    ]
    hedy = User.objects.get(external_id="E1")
    assert (hedy.title, hedy.location, hedy.department, hedy.first_name) == (
        "Inventor",
        "LA",
        "Research",
        "Hedy",
    ), "fields not sent are left as they are"
    updated = Activity.objects.get(verb="person.updated", object_id=str(hedy.pk))
    assert updated.payload == {"fields": ["location", "title"], "by": "sync"}


def test_sending_the_same_batch_twice_reports_it_unchanged_and_records_nothing(hr, demo):
    people = [record(f"E{n}", location=" Lisbon ") for n in range(3)]
    first = report_of(sync(hr, people))
    assert by_kind(first)["created"] == ["E0", "E1", "E2"]
    activities = Activity.objects.count()

    second = report_of(sync(hr, people))

    assert second["unchanged"] == [
        {"index": n, "external_id": f"E{n}", "username": f"e{n}"} for n in range(3)
    ]
    assert second["counts"]["unchanged"] == 3
    assert Activity.objects.count() == activities
    assert User.objects.get(external_id="E0").location == "Lisbon", "text is trimmed"


def test_a_person_without_an_external_id_is_linked_by_email_whatever_its_case(hr, demo):
    ada = demo["ada"]
    people_before = User.objects.count()

    report = report_of(sync(hr, [{"external_id": "E-ADA", "email": "ADA@BRIDGE.EXAMPLE"}]))

    assert report["updated"] == [
        {
            "index": 0,
            "external_id": "E-ADA",
            "username": "ada",
            "changes": {
                "external_id": {"old": None, "new": "E-ADA"},
                # The address as HR spells it (domains are kept in lower case).
                "email": {"old": "ada@bridge.example", "new": "ADA@bridge.example"},
            },
        }
    ]
    assert User.objects.count() == people_before
    ada.refresh_from_db()
    assert ada.external_id == "E-ADA"


def test_a_person_with_a_different_external_id_is_never_taken_over(hr, demo):
    ada = demo["ada"]
    link(hr, ada, "E-ADA")

    report = report_of(sync(hr, [record("E-OTHER", email=ada.email, title="Impostor")]))

    assert report["errors"] == [
        {
            "index": 0,
            "external_id": "E-OTHER",
            "fields": {"email": ["Already the address of the person with external id 'E-ADA'."]},
        }
    ]
    ada.refresh_from_db()
    assert (ada.external_id, ada.title) == ("E-ADA", "Engineer")
    assert not User.objects.filter(external_id="E-OTHER").exists()


def test_an_email_change_to_someone_elses_address_is_an_error(hr, demo):
    report_of(sync(hr, [record("E1")]))

    report = report_of(sync(hr, [{"external_id": "E1", "email": demo["linus"].email}]))

    assert report["errors"][0]["fields"] == {"email": ["Already the address of linus."]}


# -- bad rows ----------------------------------------------------------------------------

BAD_ROWS = [
    ({"email": "x@bridge.example"}, "external_id", "This field is required."),
    ({"external_id": "  "}, "external_id", "This field is required."),
    ({"external_id": 42}, "external_id", 'Must be text (send "" to clear a field).'),
    ({"external_id": "E" * 101}, "external_id", "at most 100 characters"),
    (record("B", salary="1"), "salary", "Unknown field"),
    (record("B", is_platform_admin=True), "is_platform_admin", "Unknown field"),
    (record("B", email="not-an-email"), "email", "Enter a valid email address."),
    (record("B", email=""), "email", "People from HR need an email address."),
    ({"external_id": "B"}, "email", "Needed to add a person."),
    (record("B", title=None), "title", 'Must be text (send "" to clear a field).'),
    (record("B", title="x" * 151), "title", "at most 150 characters"),
    (record("B", title="nul\x00byte"), "title", "Null characters are not allowed."),
    (record("B", affiliation="vendor"), "affiliation", "is not a valid choice"),
    (record("B", affiliation="partner"), "organisation", "need an organisation"),
    (
        record("B", affiliation="customer", organisation="Contoso", department="IT"),
        "department",
        "Departments are for employees.",
    ),
    (record("B", is_active="false"), "is_active", "Must be true or false."),
]


@pytest.mark.parametrize(("row", "field", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_field_and_the_others_apply(hr, demo, row, field, message):
    report = report_of(sync(hr, [record("GOOD1"), row, record("GOOD2")]))

    assert by_kind(report)["created"] == ["GOOD1", "GOOD2"]
    [error] = report["errors"]
    assert error["index"] == 1
    assert message in " ".join(error["fields"][field])
    assert set(
        User.objects.filter(external_id__isnull=False).values_list("external_id", flat=True)
    ) == {
        "GOOD1",
        "GOOD2",
    }


def test_rows_that_clash_within_the_batch_are_all_refused(hr, demo):
    people = [
        record("E1"),
        record("E1", title="Twice"),
        record("E2", email="same@bridge.example"),
        record("E3", email="SAME@bridge.example"),
        record("E4"),
    ]

    report = report_of(sync(hr, people))

    assert by_kind(report)["created"] == ["E4"]
    assert [(error["index"], list(error["fields"])) for error in report["errors"]] == [
        (0, ["external_id"]),
        (1, ["external_id"]),
        (2, ["email"]),
        (3, ["email"]),
    ]


def test_who_may_be_changed_by_whom(hr, demo):
    """Service accounts are not HR's; a platform admin is changed by a platform admin;
    nobody deactivates themselves."""
    robot = User.objects.create(
        username="crm-bot", email="crm@bridge.example", is_service_account=True
    )
    margaret, grace = demo["margaret"], demo["grace"]
    people = [
        {"external_id": "E-BOT", "email": robot.email},
        {"external_id": "E-MARGARET", "email": margaret.email},
        {"external_id": "E-GRACE", "email": grace.email, "is_active": False},
    ]

    report = report_of(sync(hr, people))

    assert [error["fields"] for error in report["errors"]] == [
        {"non_field_errors": ["A service account is not a person HR manages."]},
        {"non_field_errors": ["Only a platform administrator changes a platform administrator."]},
        {"is_active": ["You cannot deactivate yourself."]},
    ]
    as_admin = report_of(sync(signed_in(margaret), people[1:]))
    assert by_kind(as_admin)["updated"] == ["E-MARGARET"]
    assert by_kind(as_admin)["deactivated"] == ["E-GRACE"]


def test_an_employee_in_internal_communities_does_not_become_external(hr, demo):
    ada, linus = demo["ada"], demo["linus"]
    Membership.objects.filter(user=linus, community__audience="internal").delete()
    turn_partner = {"affiliation": "partner", "organisation": "Northwind Consulting"}
    people = [
        {"external_id": "E-ADA", "email": ada.email, **turn_partner},
        {"external_id": "E-LEFT", "email": linus.email, **turn_partner},
    ]

    report = report_of(sync(hr, people))

    assert report["errors"] == [
        {
            "index": 0,
            "external_id": "E-ADA",
            "fields": {
                "affiliation": ["Still a member of internal communities: remove them there first."]
            },
        }
    ]
    assert by_kind(report)["updated"] == ["E-LEFT"]
    ada.refresh_from_db()
    assert ada.affiliation == "employee"


# -- the dry run -------------------------------------------------------------------------


def _everything() -> tuple:
    """What a sync could change: every person's fields, the activities, deliveries."""
    people = sorted(
        (
            model_to_dict(person, exclude=["groups", "user_permissions"])
            for person in User.objects.all()
        ),
        key=lambda person: person["id"],
    )
    return people, Activity.objects.count(), Delivery.objects.count()


def test_a_dry_run_reports_exactly_what_the_real_run_does_and_writes_nothing(hr, demo):
    ada, carla, linus = demo["ada"], demo["carla"], demo["linus"]
    report_of(sync(hr, [record("E-OLD", is_active=False), record("E-SAME"), record("E-MOVE")]))
    link(hr, carla, "E-CARLA")
    people = [
        record("E-NEW"),  # created
        {"external_id": "E-ADA", "email": ada.email, "title": "Countess"},  # linked
        {"external_id": "E-MOVE", "location": "Graz"},  # updated
        record("E-SAME"),  # unchanged
        {"external_id": "E-CARLA", "is_active": False},  # deactivated
        {"external_id": "E-OLD", "is_active": True},  # reactivated
        {"external_id": "E-BAD", "email": linus.email.upper(), "hat": "red"},  # refused
    ]
    before = _everything()

    dry = report_of(sync(hr, people, dry_run=True))

    assert _everything() == before, "a dry run writes nothing"
    real = report_of(sync(hr, people))
    assert (dry.pop("dry_run"), real.pop("dry_run")) == (True, False)
    assert dry == real
    assert by_kind(real) == {
        "created": ["E-NEW"],
        "updated": ["E-ADA", "E-MOVE", "E-OLD"],
        "unchanged": ["E-SAME"],
        "deactivated": ["E-CARLA"],
        "errors": ["E-BAD"],
    }
    assert _everything() != before


# -- deactivation and reactivation ------------------------------------------------------


def test_deactivation_ends_sessions_and_reactivation_lets_them_back(hr, demo):
    ada = demo["ada"]
    link(hr, ada, "E-ADA")
    ada_browser = signed_in(ada)
    linus = signed_in(demo["linus"])
    assert ada_browser.get("/api/v1/me/").status_code == 200

    report = report_of(sync(hr, [{"external_id": "E-ADA", "is_active": False, "title": "Retired"}]))

    assert report["deactivated"] == [
        {
            "index": 0,
            "external_id": "E-ADA",
            "username": "ada",
            "changes": {
                "is_active": {"old": True, "new": False},
                "title": {"old": "Engineer", "new": "Retired"},
            },
        }
    ]
    ada.refresh_from_db()
    assert (ada.is_active, ada.title) == (False, "Retired")
    # As the deactivate endpoint: the activity that closes her sockets, after commit.
    deactivated = Activity.objects.get(verb="person.deactivated", object_id=str(ada.pk))
    assert (deactivated.actor, deactivated.audience) == (demo["grace"], "staff")
    assert set(deactivated.deliveries.values_list("handler", flat=True)) >= {
        "realtime.push",
        "search.index",
    }
    assert ada_browser.get("/api/v1/me/").status_code == 401, "her session ended at once"
    directory = linus.get("/api/v1/people/", {"page_size": 200}).json()["results"]
    assert "ada" not in {person["username"] for person in directory}

    again = report_of(sync(hr, [{"external_id": "E-ADA", "is_active": True}]))

    assert again["updated"][0]["changes"] == {"is_active": {"old": False, "new": True}}
    assert signed_in(ada).get("/api/v1/me/").status_code == 200
    directory = linus.get("/api/v1/people/", {"page_size": 200}).json()["results"]
    assert "ada" in {person["username"] for person in directory}
    reactivated = Activity.objects.filter(verb="person.updated", object_id=str(ada.pk)).latest("pk")
    assert reactivated.payload["fields"] == ["is_active"]


def test_created_and_changed_people_reach_search_as_a_profile_edit_does(search_indices, hr, demo):
    report_of(sync(hr, [record("E1", title="Inventor")]))
    hedy = User.objects.get(external_id="E1")
    deliver_search()
    assert indexed("person", hedy.pk)["title"] == "Inventor"

    report_of(sync(hr, [{"external_id": "E1", "title": "Actress", "is_active": False}]))
    deliver_search()

    document = indexed("person", hedy.pk)
    assert (document["title"], document["active"]) == ("Actress", False)


# -- cost --------------------------------------------------------------------------------

# The signed-in person, then reads up front (the people named, the usernames taken)
# and bulk writes in a transaction (people in batches of 500, activities,
# deliveries): 9 at most for these batches, none per row.
MAX_QUERIES = 9


@pytest.mark.parametrize("size", [10, 1000])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    hr, demo, size, django_assert_max_num_queries
):
    people = [record(f"E{n:04}", email=f"person{n}@bridge.example") for n in range(size)]
    changed = [{**row, "title": "Senior engineer"} for row in people]
    leaving = [{"external_id": row["external_id"], "is_active": False} for row in people]

    for batch, dry_run, kind in [
        (people, True, "created"),
        (people, False, "created"),
        (people, False, "unchanged"),
        (changed, False, "updated"),
        (leaving, False, "deactivated"),
    ]:
        with django_assert_max_num_queries(MAX_QUERIES):
            report = report_of(sync(hr, batch, dry_run=dry_run))
        assert report["counts"][kind] == size


# -- who may -----------------------------------------------------------------------------

EXPECTED = {
    "anonymous": 401,
    "ada": 403,
    "linus": 403,  # community manager
    "pat": 403,
    "carla": 403,
    "otto": 403,
    "grace": 200,  # HR admin
    "margaret": 200,  # platform admin
}


@pytest.mark.parametrize("who", EXPECTED)
def test_only_platform_and_hr_admins_sync(demo, who):
    response = sync(client_for(demo, who), [record("E1")])

    assert response.status_code == EXPECTED[who]
    assert User.objects.filter(external_id="E1").exists() == (EXPECTED[who] == 200)


def _token(owner: User, scopes: list[str]) -> Client:
    issued = tokens.issue(
        owner=owner,
        created_by=owner,
        name="hr-sync",
        scopes=scopes,
        expires_at=timezone.now() + timedelta(days=1),
    )
    return Client(headers={"Authorization": f"Bearer {issued.secret}"})


def test_a_token_needs_the_people_admin_scope(demo):
    grace = demo["grace"]

    refused = sync(_token(grace, [Scope.READ, Scope.WRITE_PROFILE]), [record("E1")])
    allowed = sync(_token(grace, [Scope.PEOPLE_ADMIN]), [record("E1")])

    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token lacks the `people:admin` scope."
    assert report_of(allowed)["counts"]["created"] == 1


# -- bad requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "people"),
        ({"people": "E1"}, "people"),
        ({"people": [record("E1"), "E2", 3]}, "people"),
        ({"people": [record(f"E{n}") for n in range(1001)]}, "people"),
        ({"people": [], "dry_run": "perhaps"}, "dry_run"),
        ({"people": [], "dryrun": True}, "dryrun"),
    ],
)
def test_a_bad_request_is_a_400_on_its_field(hr, demo, body, field):
    response = hr.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert field in response.json()["fields"]
    assert not User.objects.filter(external_id__isnull=False).exists()


def test_more_than_a_thousand_rows_is_refused_by_name(hr, demo):
    response = sync(hr, [record(f"E{n}") for n in range(1001)])

    assert response.json()["fields"]["people"] == [
        "Ensure this field has no more than 1000 elements."
    ]


def test_a_row_that_is_not_an_object_is_named_by_its_index(hr, demo):
    response = sync(hr, [record("E1"), "E2"])

    assert list(response.json()["fields"]["people"]) == ["1"]


def test_the_records_come_as_json(hr, demo):
    response = hr.post(URL, {"people": "E1"})

    assert response.status_code == 415


# -- external ids on people -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"),
    [("grace", True), ("margaret", True), ("ada", False), ("linus", False)],
)
def test_external_ids_are_shown_to_platform_and_hr_admins_only(hr, demo, who, shown):
    link(hr, demo["ada"], "E-ADA")
    client = signed_in(demo[who])
    expected = "E-ADA" if shown else None

    profile = client.get(f"/api/v1/people/{demo['ada'].pk}/").json()
    listed = client.get("/api/v1/people/", {"q": "Lovelace"}).json()["results"]

    assert profile["external_id"] == expected
    assert [person["external_id"] for person in listed] == [expected]

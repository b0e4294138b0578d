"""The reward catalog: HR adds, changes, pictures and withdraws items; everyone
signed in sees the active items open to their affiliation (real PostgreSQL)."""

import pytest

from activity.models import Activity, Audience
from rewards.integrity import ledger_problems
from rewards.models import Item
from tests.fixtures.personas import signed_in
from tests.network import media_files
from tests.network.test_media import put
from tests.rewards.redeeming import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()]


def test_hr_adds_an_item_open_to_employees_by_default(demo):
    grace = signed_in(demo["grace"])

    response = grace.post(
        "/api/v1/rewards/items/",
        {"name": " Team lunch ", "description": "For four.", "cost": 250, "stock": 5},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["name"], made["cost"], made["stock"]) == ("Team lunch", 250, 5)
    assert made["affiliations"] == ["employee"]
    assert made["active"] is True
    assert made["image_url"] is None
    told = Activity.objects.get(verb="reward_item.created", object_id=str(made["id"]))
    assert told.audience == Audience.STAFF
    assert told.actor == demo["grace"]


def test_bad_terms_get_every_error_by_field_and_write_nothing(demo):
    grace = signed_in(demo["grace"])

    shapeless = grace.post(
        "/api/v1/rewards/items/",
        {"name": "   ", "cost": 0, "stock": -1},
        content_type="application/json",
    )
    unknown_affiliation = grace.post(
        "/api/v1/rewards/items/",
        {"name": "Mug", "cost": 5, "affiliations": ["employee", "martian"]},
        content_type="application/json",
    )
    nobody = grace.post(
        "/api/v1/rewards/items/",
        {"name": "Mug", "cost": 5, "affiliations": []},
        content_type="application/json",
    )

    assert shapeless.status_code == 400
    assert set(shapeless.json()["fields"]) == {"name", "cost", "stock"}
    assert unknown_affiliation.status_code == 400
    assert "affiliations" in unknown_affiliation.json()["fields"]
    assert nobody.status_code == 400
    assert "affiliations" in nobody.json()["fields"]
    assert not Item.objects.exists()


def test_people_see_the_active_items_open_to_their_affiliation(demo):
    grace = demo["grace"]
    make_item(grace, name="Hoodie")
    make_item(grace, name="Partner summit pass", affiliations=["partner", "employee"])
    make_item(grace, name="Customer swag", affiliations=["customer"])
    make_item(grace, name="Old mug", active=False)

    assert _names(signed_in(demo["ada"]).get("/api/v1/rewards/items/")) == [
        "Hoodie",
        "Partner summit pass",
    ]
    assert _names(signed_in(demo["pat"]).get("/api/v1/rewards/items/")) == ["Partner summit pass"]
    assert _names(signed_in(demo["carla"]).get("/api/v1/rewards/items/")) == ["Customer swag"]
    assert _names(signed_in(grace).get("/api/v1/rewards/items/")) == [
        "Customer swag",
        "Hoodie",
        "Old mug",
        "Partner summit pass",
    ]


def test_hr_changes_terms_and_withdraws_an_item(demo):
    item = make_item(demo["grace"], name="Hoodie", cost=10, stock=None)
    grace, ada = signed_in(demo["grace"]), signed_in(demo["ada"])

    changed = grace.patch(
        f"/api/v1/rewards/items/{item.pk}/",
        {"cost": 12, "stock": 3, "affiliations": ["employee", "customer"]},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["cost"], changed.json()["stock"]) == (12, 3)
    assert changed.json()["affiliations"] == ["customer", "employee"]
    assert _names(signed_in(demo["carla"]).get("/api/v1/rewards/items/")) == ["Hoodie"]

    withdrawn = grace.post(f"/api/v1/rewards/items/{item.pk}/deactivate/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["active"] is False
    assert ada.get(f"/api/v1/rewards/items/{item.pk}/").status_code == 404
    assert ada.post(f"/api/v1/rewards/items/{item.pk}/redeem/").status_code == 404
    assert grace.get(f"/api/v1/rewards/items/{item.pk}/").status_code == 200
    verbs = Activity.objects.filter(object_type="reward_item").values_list("verb", flat=True)
    assert sorted(verbs) == [
        "reward_item.created",
        "reward_item.deactivated",
        "reward_item.updated",
    ]


def test_a_partial_change_keeps_the_other_terms_and_checks_what_it_changes(demo):
    item = make_item(demo["grace"], name="Hoodie", cost=10, stock=4)
    grace = signed_in(demo["grace"])

    refused = grace.patch(
        f"/api/v1/rewards/items/{item.pk}/", {"cost": 0}, content_type="application/json"
    )
    changed = grace.patch(
        f"/api/v1/rewards/items/{item.pk}/", {"stock": None}, content_type="application/json"
    )

    assert refused.status_code == 400
    assert "cost" in refused.json()["fields"]
    assert changed.status_code == 200
    item.refresh_from_db()
    assert (item.name, item.cost, item.stock) == ("Hoodie", 10, None)


def test_an_items_picture_is_served_to_those_who_may_see_the_item(demo):
    item = make_item(demo["grace"], name="Hoodie")
    grace = signed_in(demo["grace"])

    response = put(
        grace,
        f"/api/v1/rewards/items/{item.pk}/image/",
        {"image": media_files.image(size=(900, 300))},
    )

    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith(f"/files/reward-items/{item.pk}/image/")
    served = signed_in(demo["ada"]).get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert signed_in(demo["carla"]).get(url).status_code == 404  # not open to customers
    assert grace.delete(f"/api/v1/rewards/items/{item.pk}/image/").status_code == 204
    assert signed_in(demo["ada"]).get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_on_the_image_field(demo):
    item = make_item(demo["grace"], name="Hoodie")

    response = put(
        signed_in(demo["grace"]),
        f"/api/v1/rewards/items/{item.pk}/image/",
        {"image": media_files.pdf("hoodie.pdf")},
    )

    assert response.status_code == 400
    assert "image" in response.json()["fields"]
    item.refresh_from_db()
    assert not item.image

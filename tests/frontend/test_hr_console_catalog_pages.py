"""The HR console's catalog pages: items with their stock, add (with a picture),
change, withdraw; a refused picture leaves nothing behind (real PostgreSQL and
real image decoding)."""

import pytest
from django.urls import reverse

from rewards.models import Item
from tests.fixtures.personas import EVERYONE, client_for
from tests.frontend.hr_console import CONSOLE, OTHERS, assert_refused
from tests.network import media_files
from tests.rewards.redeeming import make_item

pytestmark = pytest.mark.django_db

NEW_ITEM = {
    "name": "Bridge hoodie",
    "description": "Warm.",
    "cost": "120",
    "stock": "4",
    "affiliations": ["employee", "partner"],
}


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_catalog_pages(demo, who):
    item = make_item(demo["grace"])
    client = client_for(demo, who)

    for url in (reverse("hr-catalog"), reverse("hr-catalog-item", args=[item.pk])):
        response = client.get(url)
        assert response.status_code == CONSOLE[who]
        if who != "grace":
            assert_refused(response, who)


@pytest.mark.parametrize("who", OTHERS)
def test_only_hr_admins_change_the_catalog(demo, who):
    item = make_item(demo["grace"], stock=2)
    client = client_for(demo, who)

    assert_refused(client.post(reverse("hr-catalog"), NEW_ITEM), who)
    assert_refused(client.post(reverse("hr-catalog-item", args=[item.pk]), NEW_ITEM), who)
    assert_refused(client.post(reverse("hr-catalog-item-deactivate", args=[item.pk])), who)

    item.refresh_from_db()
    assert (Item.objects.count(), item.name, item.stock, item.active) == (1, "Hoodie", 2, True)


def test_the_list_shows_cost_stock_and_state(demo):
    limited = make_item(demo["grace"], name="Mug", stock=3)
    unlimited = make_item(demo["grace"], name="Day off", cost=500)

    page = client_for(demo, "grace").get(reverse("hr-catalog")).content.decode()

    mug = page[page.index(f'id="item-{limited.pk}"') :][:1200]
    assert "<td data-stock>3</td>" in mug
    day_off = page[page.index(f'id="item-{unlimited.pk}"') :][:1200]
    assert "<td data-cost>500</td>" in day_off
    assert "<td data-stock>unlimited</td>" in day_off
    assert 'aria-label="Withdraw Mug"' in page


def test_hr_adds_an_item_with_a_picture(demo):
    response = client_for(demo, "grace").post(
        reverse("hr-catalog"),
        {**NEW_ITEM, "image": media_files.image(size=(900, 300))},
        follow=True,
    )

    assert response.status_code == 200
    item = Item.objects.get(name="Bridge hoodie")
    assert (item.cost, item.stock, item.affiliations) == (120, 4, ["employee", "partner"])
    assert item.image
    assert item.image_url in response.content.decode()


def test_a_file_that_is_not_an_image_adds_no_item_and_keeps_the_terms(demo):
    response = client_for(demo, "grace").post(
        reverse("hr-catalog"), {**NEW_ITEM, "image": media_files.pdf("hoodie.pdf")}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_image_error"' in page
    assert 'value="Bridge hoodie"' in page
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"cost": "0"}, "cost"),
        ({"cost": "a lot"}, "cost"),
        ({"stock": "-1"}, "stock"),
        ({"affiliations": []}, "affiliations"),
        ({"affiliations": ["robots"]}, "affiliations"),
    ],
)
def test_bad_terms_are_refused_by_the_field_and_kept(demo, change, field):
    typed = {**NEW_ITEM, "description": "Typed by Grace", **change}
    response = client_for(demo, "grace").post(reverse("hr-catalog"), typed)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert "Typed by Grace" in page
    assert not Item.objects.exists()


def test_hr_changes_an_item_and_removes_its_picture(demo):
    item = make_item(demo["grace"], stock=1)
    grace = client_for(demo, "grace")
    grace.post(
        reverse("hr-catalog-item", args=[item.pk]),
        {**NEW_ITEM, "active": "on", "image": media_files.image(size=(900, 300))},
    )
    item.refresh_from_db()
    assert (item.name, item.cost, item.stock) == ("Bridge hoodie", 120, 4)
    assert item.image

    grace.post(
        reverse("hr-catalog-item", args=[item.pk]),
        {**NEW_ITEM, "active": "on", "remove_image": "on"},
    )

    item.refresh_from_db()
    assert not item.image


def test_a_bad_change_changes_nothing_and_keeps_the_input(demo):
    item = make_item(demo["grace"], stock=1)
    response = client_for(demo, "grace").post(
        reverse("hr-catalog-item", args=[item.pk]),
        {**NEW_ITEM, "name": "Renamed", "image": media_files.corrupt_png()},
    )

    assert response.status_code == 400
    assert 'id="id_image_error"' in response.content.decode()
    assert 'value="Renamed"' in response.content.decode()
    item.refresh_from_db()
    assert (item.name, item.stock) == ("Hoodie", 1)


def test_hr_withdraws_an_item(demo):
    item = make_item(demo["grace"])
    response = client_for(demo, "grace").post(
        reverse("hr-catalog-item-deactivate", args=[item.pk]), follow=True
    )

    assert "is withdrawn" in response.content.decode()
    item.refresh_from_db()
    assert not item.active
    assert f'id="item-{item.pk}" data-active="no"' in response.content.decode()


def test_an_unknown_item_is_a_404(demo):
    grace = client_for(demo, "grace")
    assert grace.get(reverse("hr-catalog-item", args=[999999])).status_code == 404
    assert grace.post(reverse("hr-catalog-item-deactivate", args=[999999])).status_code == 404


def test_hr_offers_a_withdrawn_item_again(demo):
    item = make_item(demo["grace"], active=False)
    grace = client_for(demo, "grace")
    form = grace.get(reverse("hr-catalog-item", args=[item.pk])).content.decode()
    assert 'id="id_active">' in form  # unchecked: it is withdrawn

    grace.post(reverse("hr-catalog-item", args=[item.pk]), {**NEW_ITEM, "active": "on"})

    item.refresh_from_db()
    assert item.active


def test_the_catalog_costs_the_same_queries_however_long(demo, django_assert_max_num_queries):
    for n in range(6):
        make_item(demo["grace"], name=f"Item {n}")
    grace = client_for(demo, "grace")
    grace.get(reverse("hr-catalog"))

    with django_assert_max_num_queries(5):
        assert grace.get(reverse("hr-catalog")).status_code == 200

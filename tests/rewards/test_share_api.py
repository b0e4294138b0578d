"""The share hub's REST API: who lists, reads, creates and changes items, and one's
own link and text, with the disclosure the client cannot take out."""

import pytest
from django.urls import reverse

from rewards.models import ShareItem, ShareLink
from rewards.services import share
from tests.fixtures.personas import EVERYONE, client_for

NEW = {
    "title": "Our Lyon office",
    "url": "https://example.com/lyon",
    "suggested_text": "Proud of Lyon!",
}
CREATE = {who: 403 for who in EVERYONE} | {"anonymous": 401, "grace": 201}
# Employee-only item: employees and HR see it, external people do not know it exists.
READ = {"anonymous": 401, "ada": 200, "linus": 200, "grace": 200, "margaret": 200} | {
    who: 404 for who in ("pat", "carla", "otto")
}
CHANGE = {who: 403 if READ[who] == 200 else READ[who] for who in EVERYONE} | {"grace": 200}
LINK = READ


def _item(demo, **terms) -> ShareItem:
    return share.share_item_create(actor=demo["grace"], **(NEW | terms))


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_create_items(demo, who):
    response = client_for(demo, who).post(
        reverse("api-share-items"),
        NEW | {"affiliations": ["employee"]},
        content_type="application/json",
    )

    assert response.status_code == CREATE[who]
    assert ShareItem.objects.exists() == (CREATE[who] == 201)


@pytest.mark.parametrize("who", EVERYONE)
def test_reading_an_employee_only_item(demo, who):
    item = _item(demo)

    assert (
        client_for(demo, who).get(reverse("api-share-item", args=[item.pk])).status_code
        == (READ[who])
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_changing_an_item(demo, who):
    item = _item(demo)

    response = client_for(demo, who).patch(
        reverse("api-share-item", args=[item.pk]),
        {"title": "Changed"},
        content_type="application/json",
    )

    assert response.status_code == CHANGE[who]
    item.refresh_from_db()
    assert (item.title == "Changed") == (CHANGE[who] == 200)


@pytest.mark.parametrize("who", EVERYONE)
def test_my_link(demo, who):
    item = _item(demo)

    response = client_for(demo, who).get(reverse("api-share-link", args=[item.pk]))

    assert response.status_code == LINK[who]
    if LINK[who] == 200:
        link = ShareLink.objects.get(ambassador=demo[who])
        assert response.json()["url"].endswith(f"/s/{link.token}")
        assert response.json()["text"].endswith(response.json()["disclosure"])


def test_the_list_shows_what_one_may_share_and_hr_everything(demo):
    employees = _item(demo)
    customers = _item(demo, title="Customer story", affiliations=["employee", "customer"])
    retired = share.share_item_retire(actor=demo["grace"], item=_item(demo, title="Old"))

    def listed(who):
        response = client_for(demo, who).get(reverse("api-share-items"))
        return {row["id"] for row in response.json()}

    assert listed("ada") == {employees.pk, customers.pk}
    assert listed("carla") == {customers.pk}
    assert listed("pat") == set()
    assert listed("grace") == {employees.pk, customers.pk, retired.pk}


def test_bad_terms_are_a_400_field_by_field(demo):
    response = client_for(demo, "grace").post(
        reverse("api-share-items"),
        {"title": "", "url": "ftp://example.com/x", "suggested_text": "Hi", "affiliations": []},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"title", "url", "affiliations"}
    assert not ShareItem.objects.exists()


def test_hr_retires_with_active_false(demo):
    item = _item(demo)

    response = client_for(demo, "grace").patch(
        reverse("api-share-item", args=[item.pk]),
        {"active": False},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert client_for(demo, "ada").get(reverse("api-share-link", args=[item.pk])).status_code == 404


def test_rewording_cannot_remove_the_disclosure(demo):
    item = _item(demo)
    ada = client_for(demo, "ada")

    response = ada.put(
        reverse("api-share-link", args=[item.pk]),
        {"text": "Just my words, no disclosure"},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["words"] == "Just my words, no disclosure"
    assert body["text"].startswith("Just my words, no disclosure\n\n")
    assert body["text"].endswith("I work at Bridge and may be rewarded for sharing. #employee")


def test_too_long_words_are_a_400(demo):
    item = _item(demo)

    response = client_for(demo, "ada").put(
        reverse("api-share-link", args=[item.pk]),
        {"text": "x" * 1001},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "text" in response.json()["fields"]


def test_communications_staff_create_and_change_items(demo):
    linus = demo["linus"]
    linus.is_communications = True
    linus.save(update_fields=["is_communications"])
    comms = client_for(demo, "linus")

    created = comms.post(
        reverse("api-share-items"),
        NEW | {"affiliations": ["employee"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    changed = comms.patch(
        reverse("api-share-item", args=[created.json()["id"]]),
        {"active": False},
        content_type="application/json",
    )
    assert changed.status_code == 200

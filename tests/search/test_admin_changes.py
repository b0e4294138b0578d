"""Changes made in the Django admin reach search like the services' changes do:
the admin records the same activities (network/admin.py), and memberships are
not edited there at all."""

import pytest
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse

from activity.models import Activity
from network.models import Community, Membership, User
from tests.fixtures.personas import community
from tests.search.delivering import deliver_search, indexed


@pytest.fixture
def platform_staff(demo) -> Client:
    margaret = demo["margaret"]
    margaret.is_staff = margaret.is_superuser = True
    margaret.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(margaret)
    return client


def _field_values(form, data: dict) -> None:
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for number, part in enumerate(field.widget.decompress(value)):
                data[form.add_prefix(f"{name}_{number}")] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        elif isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(item) for item in value]
        elif value is not None:
            data[form.add_prefix(name)] = str(value)


def change_form_data(response) -> dict:
    """What the admin's change page would post back unchanged, inlines included."""
    data: dict = {}
    _field_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _field_values(formset.management_form, data)
        for form in formset.forms:
            _field_values(form, data)
    return data


def test_an_employee_added_in_the_admin_is_found_and_a_deactivation_ends_it(
    search_indices, demo, platform_staff
):
    added = platform_staff.post(
        reverse("admin:network_user_add"),
        {
            "username": "hedy",
            "usable_password": "true",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    hedy = User.objects.get(username="hedy")
    assert Activity.objects.filter(verb="person.created", object_id=str(hedy.pk)).exists()
    deliver_search()
    assert indexed("person", hedy.pk)["active"] is True

    url = reverse("admin:network_user_change", args=[hedy.pk])
    data = change_form_data(platform_staff.get(url))
    data["last_name"] = "Lamarr"
    data.pop("is_active")
    assert platform_staff.post(url, data).status_code == 302
    recorded = Activity.objects.filter(object_type="person", object_id=str(hedy.pk))
    assert recorded.latest("pk").verb == "person.deactivated"
    deliver_search()
    assert indexed("person", hedy.pk)["active"] is False


def test_a_community_made_secret_in_the_admin_is_reindexed_and_keeps_its_audience(
    search_indices, demo, platform_staff
):
    engineering = community("engineering")
    deliver_search()
    assert indexed("community", engineering.pk)["visibility"] != "secret"
    url = reverse("admin:network_community_change", args=[engineering.pk])
    page = platform_staff.get(url)
    data = change_form_data(page)
    data["visibility"] = Community.Visibility.SECRET
    data["audience"] = Community.Audience.CUSTOMER  # fixed once created: ignored
    members = Membership.objects.filter(community=engineering).count()

    response = platform_staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Activity.objects.filter(verb="community.updated", community=engineering).exists()
    deliver_search()
    assert indexed("community", engineering.pk)["visibility"] == "secret"
    engineering.refresh_from_db()
    assert engineering.audience == Community.Audience.INTERNAL
    assert Membership.objects.filter(community=engineering).count() == members


def test_memberships_are_shown_in_the_admin_but_not_edited_there(demo, platform_staff):
    engineering, customer = community("engineering"), demo["carla"]
    assert customer.is_external
    url = reverse("admin:network_community_change", args=[engineering.pk])
    page = platform_staff.get(url)
    assert str(demo["ada"]) in page.content.decode()
    assert 'name="memberships-0-role"' not in page.content.decode()
    # A forged extra row (the rules would refuse a customer in an internal community).
    data = change_form_data(page)
    extra = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(extra + 1)
    data[f"memberships-{extra}-user"] = str(customer.pk)
    data[f"memberships-{extra}-role"] = Membership.Role.OWNER

    platform_staff.post(url, data)

    assert not Membership.objects.filter(community=engineering, user=customer).exists()

"""Invitations: moderators invite by email; invitees sign up or sign in through the link."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activity import relay
from activity.models import Delivery
from network.invitations import invitation_from_token, invitation_token
from network.models import Invitation, Membership, User
from tests.fixtures.personas import community, signed_in


def invitations_url(slug: str, suffix: str = "") -> str:
    return f"/api/v1/communities/{community(slug).pk}/invitations/{suffix}"


def send_emails() -> None:
    """Run the email handler as the worker would, in this process."""
    for delivery in Delivery.objects.filter(handler="network.invitation_email", status="pending"):
        relay.deliver(delivery.pk)


def invite(demo, email="new@acme.example", organisation="Acme", slug="customer-council"):
    response = signed_in(demo["linus"]).post(
        invitations_url(slug), {"email": email, "organisation": organisation}
    )
    assert response.status_code == 201, response.content
    return Invitation.objects.get(pk=response.json()["id"])


def test_a_moderator_invites_and_the_email_says_only_what_the_invitee_may_know(demo, mailoutbox):
    invitation = invite(demo)
    send_emails()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new@acme.example"]
    assert "Customer Council" in mail.subject
    link = re.search(r"http://\S+/invitations/(\S+)/", mail.body)
    assert link, mail.body
    assert invitation_from_token(link.group(1)) == invitation
    assert "Contoso and friends" not in mail.body, "the community's inside stays inside"


@pytest.mark.parametrize(
    ("who", "expected"), [("ada", 403), ("carla", 403), ("otto", 404), ("margaret", 201)]
)
def test_only_moderators_invite(demo, who, expected):
    response = signed_in(demo[who]).post(
        invitations_url("customer-council"), {"email": "x@acme.example", "organisation": "Acme"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "organisation": "Acme"}, "email"),
        ({"email": "new@acme.example"}, "organisation"),
        ({"email": "", "organisation": "Acme"}, "email"),
    ],
)
def test_bad_invitations_are_field_level_400s(demo, payload, field):
    response = signed_in(demo["linus"]).post(invitations_url("customer-council"), payload)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_conflicting_invitations_are_409s(demo):
    invite(demo)
    linus = signed_in(demo["linus"])

    again = linus.post(
        invitations_url("customer-council"), {"email": "NEW@acme.example", "organisation": "Acme"}
    )
    member = linus.post(invitations_url("customer-council"), {"email": "carla@contoso.example"})

    assert (again.status_code, member.status_code) == (409, 409)


def test_internal_communities_only_invite_employees_with_accounts(demo):
    response = signed_in(demo["linus"]).post(
        invitations_url("engineering"), {"email": "carla@contoso.example"}
    )
    assert response.status_code == 400


def test_a_new_customer_signs_up_through_the_link_and_lands_in_the_community(demo):
    link = reverse("invitation", args=[invitation_token(invite(demo))])
    browser = Client()

    assert b"Create your account for Acme" in browser.get(link).content
    response = browser.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "New",
            "username": "nia",
            "password": "a-long-passphrase",
            "password_again": "a-long-passphrase",
        },
    )

    nia = User.objects.get(username="nia")
    assert (nia.affiliation, nia.organisation, nia.email) == (
        "customer",
        "Acme",
        "new@acme.example",
    )
    assert response["Location"] == reverse("community", args=[community("customer-council").pk])
    assert Membership.objects.filter(user=nia, community__slug="customer-council").exists()
    assert browser.get("/api/v1/me/").json()["username"] == "nia"
    assert browser.get(reverse("community", args=[community("engineering").pk])).status_code == 404
    assert Client().get(link).status_code == 410, "single use"


def test_a_weak_password_is_explained_and_nothing_is_created(demo):
    link = reverse("invitation", args=[invitation_token(invite(demo))])

    response = Client().post(
        link,
        {
            "first_name": "Nia",
            "last_name": "New",
            "username": "nia",
            "password": "12345678",
            "password_again": "12345678",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert 'value="Nia"' in response.content.decode()
    assert not User.objects.filter(username="nia").exists()


def test_revoked_expired_and_forged_links_do_not_work(demo):
    revoked = invite(demo, email="a@acme.example")
    expired = invite(demo, email="b@acme.example")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = signed_in(demo["linus"]).post(
        invitations_url("customer-council", f"{revoked.pk}/revoke/")
    )
    assert response.status_code == 200

    for invitation in (revoked, expired):
        assert (
            Client().get(reverse("invitation", args=[invitation_token(invitation)])).status_code
            == 410
        )
    forged = invitation_token(revoked)[:-2] + "xx"
    assert Client().get(reverse("invitation", args=[forged])).status_code == 404


def test_an_existing_account_signs_in_to_accept_and_only_its_owner_can(demo):
    invitation = invite(demo, email="carla@contoso.example", organisation="", slug="early-access")
    link = reverse("invitation", args=[invitation_token(invitation)])

    assert b"Sign in to accept" in Client().get(link).content
    otto = signed_in(demo["otto"])
    otto.post(link)
    assert not Membership.objects.filter(
        user=demo["carla"], community__slug="early-access"
    ).exists()

    signed_in(demo["carla"]).post(link)
    assert Membership.objects.filter(user=demo["carla"], community__slug="early-access").exists()


def test_bulk_invitations_answer_row_by_row(demo):
    text = "email,organisation\nnew1@acme.example, Acme\nnot-an-email\ncarla@contoso.example\n"

    response = signed_in(demo["linus"]).post(
        invitations_url("customer-council", "bulk/"), {"text": text}
    )

    assert response.status_code == 200
    assert [(row["row"], row["status"]) for row in response.json()] == [
        (1, "invited"),
        (2, "error"),
        (3, "error"),
    ]
    assert "already a member" in response.json()[2]["error"]


def test_bulk_invitations_from_the_page_show_a_result_table(demo):
    response = signed_in(demo["linus"]).post(
        reverse("community-invite-bulk", args=[community("customer-council").pk]),
        {"text": "new2@acme.example, Acme\nbad"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Invited" in body and "Enter a valid email address." in body

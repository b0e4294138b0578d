"""The API token pages: one's own tokens at /settings/tokens/, service accounts and
their integration tokens at /settings/integrations/ (platform admins). A new secret
is shown once, in a response nobody caches, and works; nobody sees another's."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations import service_accounts, tokens
from integrations.models import ApiToken
from network.models import User
from tests.fixtures.personas import EVERYONE, client_for, signed_in
from tests.integrations.tokens import bearer

SECRET = re.compile(r"brg_[A-Za-z0-9_-]{43}")
TOKENS = {who: 200 for who in EVERYONE} | {"anonymous": 302}
INTEGRATIONS = {who: 403 for who in EVERYONE} | {"anonymous": 302, "margaret": 200}
_FORM = {"name": "Sync", "scopes": ["read"], "expires_in": "never"}


def _token(owner: User, name: str = "laptop", *, by: User | None = None, **fields) -> ApiToken:
    fields.setdefault("expires_at", timezone.now() + timedelta(days=30))
    fields.setdefault("scopes", ["read"])
    return tokens.issue(owner=owner, created_by=by or owner, name=name, **fields).token


def _account(margaret: User, username: str = "crm-sync", **fields) -> User:
    return service_accounts.create(
        actor=margaret, username=username, display_name=fields.pop("display_name", "CRM"), **fields
    )


def _make(client: Client, **data) -> tuple:
    data = {"name": "CRM sync", "scopes": ["read"], "expires_in": "30"} | data
    response = client.post(reverse("tokens"), data)
    return response, response.content.decode()


# --- Who opens which page ------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_signed_in_has_a_tokens_page_and_only_platform_admins_integrations(demo, who):
    client = client_for(demo, who)

    assert client.get(reverse("tokens")).status_code == TOKENS[who]
    assert client.get(reverse("integrations")).status_code == INTEGRATIONS[who]


@pytest.mark.parametrize("who", ["ada", "grace", "anonymous"])
def test_only_platform_admins_make_service_accounts_and_their_tokens(demo, who):
    account = _account(demo["margaret"])
    client = client_for(demo, who)

    made = client.post(
        reverse("service-account-create"), {"username": "hr-sync", "display_name": "HR"}
    )
    token = client.post(
        reverse("integration-token-create", args=[account.pk]),
        {f"account-{account.pk}-{key}": value for key, value in _FORM.items()},
    )

    expected = 302 if who == "anonymous" else 403
    assert (made.status_code, token.status_code) == (expected, expected)
    assert not User.objects.filter(username="hr-sync").exists()
    assert not ApiToken.objects.filter(owner=account).exists()


def test_the_nav_links_integrations_for_platform_admins_only(demo):
    link = f'href="{reverse("integrations")}"'

    assert link in client_for(demo, "margaret").get(reverse("home")).content.decode()
    assert link not in client_for(demo, "grace").get(reverse("home")).content.decode()


def test_ones_own_profile_and_its_edit_page_link_the_tokens_page(persona):
    ada, linus = persona("ada"), persona("linus")
    link = f'href="{reverse("tokens")}"'

    assert link in signed_in(ada).get(reverse("person", args=[ada.pk])).content.decode()
    assert link in signed_in(ada).get(reverse("profile-edit")).content.decode()
    assert link not in signed_in(ada).get(reverse("person", args=[linus.pk])).content.decode()


# --- One's own tokens ------------------------------------------------------------------


def test_the_list_shows_ones_own_tokens_only(persona):
    ada, linus, margaret = persona("ada"), persona("linus"), persona("margaret")
    _token(ada, "Ada's laptop")
    _token(linus, "Linus's script")
    _token(margaret, "Margaret's own")
    _token(_account(margaret), "CRM token", by=margaret, expires_at=None)

    adas = signed_in(ada).get(reverse("tokens")).content.decode()
    margarets = signed_in(margaret).get(reverse("tokens")).content.decode()

    assert "Ada&#x27;s laptop" in adas
    assert "Linus" not in adas and "Margaret" not in adas
    assert "Margaret&#x27;s own" in margarets
    assert "CRM token" not in margarets  # it is on the integrations page


def test_a_row_says_what_the_token_is(persona):
    ada = persona("ada")
    token = _token(ada, scopes=["read", "write:posts"])

    page = signed_in(ada).get(reverse("tokens")).content.decode()

    row = _row(page, token)
    assert f"<code>{token.prefix}…</code>" in row
    assert "<code>read</code>, <code>write:posts</code>" in row
    assert "never" in row  # not used yet
    assert 'data-status="active"' in row and ">Revoke</button>" in row


def test_a_new_token_is_shown_once_works_and_is_kept_nowhere(persona, caplog):
    ada = persona("ada")
    client = signed_in(ada)
    caplog.set_level(logging.DEBUG)

    response, page = _make(client, name="CRM sync", scopes=["read"], expires_in="30")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = SECRET.search(page).group()
    assert "you won't see it again" in page
    assert f'value="{secret}"' in page and 'data-copy="new-token-secret"' in page
    token = ApiToken.objects.get(owner=ada)
    assert (token.name, token.kind, token.scopes) == ("CRM sync", "personal", ["read"])
    assert token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    me = bearer(secret).get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "ada"
    # Nowhere else: not in the session, a message, the log or the next page.
    assert secret not in str(dict(client.session.items()))
    assert not list(get_messages(response.wsgi_request))
    assert secret not in caplog.text
    again = client.get(reverse("tokens"))
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_the_form_offers_only_the_scopes_open_to_its_owner(persona):
    ada, grace = persona("ada"), persona("grace")

    adas = signed_in(ada).get(reverse("tokens")).content.decode()
    graces = signed_in(grace).get(reverse("tokens")).content.decode()

    assert 'value="read"' in adas and "Read everything its owner can see" in adas
    assert 'value="people:admin"' not in adas and 'value="rewards:admin"' not in adas
    assert 'value="people:admin"' in graces and 'value="rewards:admin"' in graces


def test_a_forged_scope_beyond_the_owner_is_refused(persona):
    ada = persona("ada")

    response, page = _make(signed_in(ada), scopes=["read", "people:admin"])

    assert response.status_code == 400
    assert "people:admin is not open to this account" in page
    assert not ApiToken.objects.filter(owner=ada).exists()
    assert not SECRET.search(page)


def test_a_refusal_shows_next_to_its_field_and_keeps_what_was_typed(persona):
    ada = persona("ada")

    response, page = _make(signed_in(ada), name="CRM sync", scopes=[], expires_in="180")

    assert response.status_code == 400
    assert '<div class="field__error" id="id_scopes_error">Choose at least one scope.</div>' in page
    assert 'value="CRM sync"' in page
    assert '<option value="180" selected>' in page
    assert not ApiToken.objects.exists()


def test_a_personal_token_cannot_be_made_without_an_expiry(persona):
    ada = persona("ada")

    response, page = _make(signed_in(ada), expires_in="never")

    assert response.status_code == 400
    assert "Select a valid choice" in page
    assert 'value="never"' not in page  # and it is never offered
    assert not ApiToken.objects.exists()


def test_people_revoke_their_own_tokens(persona):
    ada = persona("ada")
    token = _token(ada)
    client = signed_in(ada)

    response = client.post(reverse("token-revoke", args=[token.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    row = _row(client.get(reverse("tokens")).content.decode(), token)
    assert 'data-status="revoked"' in row and "Revoke</button>" not in row


def test_a_revoked_token_stops_working(persona):
    ada = persona("ada")
    _, page = _make(signed_in(ada))
    secret = SECRET.search(page).group()
    token = ApiToken.objects.get(owner=ada)

    signed_in(ada).post(reverse("token-revoke", args=[token.pk]))

    assert bearer(secret).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("who", ["linus", "grace", "margaret"])
def test_nobody_revokes_anothers_personal_token(persona, who):
    token = _token(persona("ada"))

    response = signed_in(persona(who)).post(reverse("token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_a_post(persona):
    ada = persona("ada")
    token = _token(ada)

    assert signed_in(ada).get(reverse("token-revoke", args=[token.pk])).status_code == 405


def test_an_expired_token_is_marked_expired_with_nothing_to_revoke(persona):
    ada = persona("ada")
    token = _token(ada)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))

    row = _row(signed_in(ada).get(reverse("tokens")).content.decode(), token)

    assert 'data-status="expired"' in row and "Revoke</button>" not in row


# --- Integrations --------------------------------------------------------------------


def test_an_admin_makes_a_service_account_and_a_token_without_expiry(persona):
    margaret = persona("margaret")
    client = signed_in(margaret)

    made = client.post(
        reverse("service-account-create"),
        {"username": "hr-sync", "display_name": "HR system", "is_hr_admin": "on", "email": ""},
    )

    account = User.objects.get(username="hr-sync")
    assert made.status_code == 302
    assert made["Location"] == f"{reverse('integrations')}#account-{account.pk}"
    assert account.is_service_account and account.is_hr_admin
    page = client.get(reverse("integrations")).content.decode()
    assert "HR system" in page
    assert f'name="account-{account.pk}-scopes" value="people:admin"' in page
    assert '<option value="never">No expiry</option>' in page

    response = client.post(
        reverse("integration-token-create", args=[account.pk]),
        {
            f"account-{account.pk}-name": "Workday",
            f"account-{account.pk}-scopes": ["read", "people:admin"],
            f"account-{account.pk}-expires_in": "never",
        },
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = SECRET.search(response.content.decode()).group()
    token = ApiToken.objects.get(owner=account)
    assert (token.kind, token.expires_at, token.created_by) == ("integration", None, margaret)
    assert token.scopes == ["read", "people:admin"]
    assert bearer(secret).get("/api/v1/me/").json()["username"] == "hr-sync"
    assert secret not in client.get(reverse("integrations")).content.decode()


def test_an_admin_revokes_an_integration_token_and_returns_to_its_account(persona):
    margaret = persona("margaret")
    account = _account(margaret)
    token = _token(account, by=margaret, expires_at=None)

    response = signed_in(margaret).post(reverse("token-revoke", args=[token.pk]))

    assert response["Location"] == f"{reverse('integrations')}#account-{account.pk}"
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_integration_token_offers_only_its_accounts_scopes(persona):
    margaret = persona("margaret")
    account = _account(margaret)  # not an HR admin
    field = f"account-{account.pk}-scopes"

    page = signed_in(margaret).get(reverse("integrations")).content.decode()
    forged = signed_in(margaret).post(
        reverse("integration-token-create", args=[account.pk]),
        {
            f"account-{account.pk}-name": "Sync",
            field: ["people:admin"],
            f"account-{account.pk}-expires_in": "never",
        },
    )

    assert f'name="{field}" value="read"' in page
    assert f'name="{field}" value="people:admin"' not in page
    assert forged.status_code == 400
    assert "people:admin is not open to this account" in forged.content.decode()
    assert not ApiToken.objects.filter(owner=account).exists()


def test_a_person_is_no_service_account_to_make_tokens_for(persona):
    margaret, ada = persona("margaret"), persona("ada")

    response = signed_in(margaret).post(
        reverse("integration-token-create", args=[ada.pk]),
        {f"account-{ada.pk}-{key}": value for key, value in _FORM.items()},
    )

    assert response.status_code == 404
    assert not ApiToken.objects.exists()


def test_a_taken_username_is_refused_next_to_the_field_with_the_rest_kept(persona):
    margaret = persona("margaret")
    _account(margaret, "crm-sync")

    response = signed_in(margaret).post(
        reverse("service-account-create"),
        {"username": "crm-sync", "display_name": "Another CRM", "email": "crm@bridge.example"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_username_error">A user with that username already exists.' in page
    assert 'value="Another CRM"' in page and 'value="crm@bridge.example"' in page
    assert User.objects.filter(is_service_account=True).count() == 1


def test_the_integrations_page_costs_the_same_queries_however_many_accounts(
    persona, django_assert_max_num_queries
):
    margaret = persona("margaret")
    for number in range(4):
        account = _account(margaret, f"sync-{number}")
        _token(account, by=margaret, expires_at=None)
        _token(account, "second", by=margaret)
    client = signed_in(margaret)
    client.get(reverse("integrations"))  # the session and the nav, read once

    with django_assert_max_num_queries(5):
        assert client.get(reverse("integrations")).status_code == 200


def _row(page: str, token: ApiToken) -> str:
    match = re.search(rf'<tr id="token-{token.pk}".*?</tr>', page, re.DOTALL)
    assert match, f"no row for token {token.pk}"
    return match.group()

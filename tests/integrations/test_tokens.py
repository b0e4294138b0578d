"""API tokens: made, shown once, used, narrowed by scopes and their owner, revoked."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from activity.models import Activity
from integrations.models import ApiToken
from integrations.scopes import Scope
from network.models import User
from tests.fixtures.personas import council, signed_in
from tests.integrations.tokens import bearer, issue

pytestmark = pytest.mark.django_db

IN_A_MONTH = (timezone.now() + timedelta(days=30)).isoformat()


def create(client: Client, **body: object):
    return client.post("/api/v1/tokens/", body, content_type="application/json")


def test_a_token_is_shown_once_and_only_its_hash_is_kept(persona):
    ada = persona("ada")
    response = create(signed_in(ada), name="CRM", scopes=["read"], expires_at=IN_A_MONTH)
    assert response.status_code == 201, response.json()
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("brg_") and len(secret) >= 40
    assert body["prefix"] == secret[:12]
    stored = ApiToken.objects.get(pk=body["id"])
    assert secret not in {stored.digest, stored.prefix, str(stored.scopes)}
    listed = signed_in(ada).get("/api/v1/tokens/").json()["results"]
    assert [token["id"] for token in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in signed_in(ada).get(f"/api/v1/tokens/{body['id']}/").json()


def test_a_token_acts_as_its_owner_and_records_when_it_was_used(persona):
    ada = persona("ada")
    secret = issue(ada, ["read"])
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "ada"
    assert ApiToken.objects.get(owner=ada).last_used_at is not None


def test_writes_with_a_token_need_no_csrf_token(persona):
    ada = persona("ada")
    client = Client(
        enforce_csrf_checks=True,
        headers={"Authorization": f"Bearer {issue(ada, ['write:profile'])}"},
    )
    response = client.patch("/api/v1/me/", {"title": "Lead"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert User.objects.get(pk=ada.pk).title == "Lead"


def test_without_credentials_the_api_answers_401_and_says_how(db):
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["type"] == "not_authenticated"


@pytest.mark.parametrize(
    "header",
    ["Bearer brg_unknown", "Bearer", "Bearer two parts", "Bearer not-ours", "bearer brg_\xe9"],
)
def test_a_bad_token_is_refused_with_401(db, header):
    response = Client(headers={"Authorization": header}).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["type"] in {"authentication_failed", "not_authenticated"}


def test_revoked_expired_and_deactivated_owners_tokens_stop_working(persona):
    ada, linus, grace = persona("ada"), persona("linus"), persona("grace")
    revoked, expired, orphaned = (
        issue(ada, ["read"]),
        issue(linus, ["read"]),
        issue(grace, ["read"]),
    )
    token = ApiToken.objects.get(owner=ada)
    assert signed_in(ada).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    ApiToken.objects.filter(owner=linus).update(expires_at=timezone.now() - timedelta(seconds=1))
    User.objects.filter(pk=grace.pk).update(is_active=False)
    for secret in (revoked, expired, orphaned):
        response = bearer(secret).get("/api/v1/me/")
        assert response.status_code == 401
        assert response.json()["detail"] == "This token is not valid: unknown, expired or revoked."
    listed = signed_in(ada).get("/api/v1/tokens/").json()["results"]
    assert listed[0]["revoked_at"] is not None and listed[0]["active"] is False


def test_a_token_never_reads_what_its_owner_may_not(demo, demo_content):
    carla = demo["carla"]  # a customer: in the customer council, never in engineering
    secret = issue(
        carla, [scope.value for scope in Scope if scope.value in ("read", "write:posts")]
    )
    internal = demo_content["engineering"].post
    shared = demo_content[council().slug].post
    assert bearer(secret).get(f"/api/v1/posts/{internal.pk}/").status_code == 404
    assert bearer(secret).get(f"/api/v1/posts/{shared.pk}/").status_code == 200
    comment = bearer(secret).post(
        f"/api/v1/posts/{internal.pk}/comments/", {"body": "hi"}, content_type="application/json"
    )
    assert comment.status_code == 404


def test_a_token_loses_what_its_owner_loses(persona):
    grace = persona("grace")  # HR
    secret = issue(grace, ["read", "rewards:admin"])
    assert bearer(secret).get("/api/v1/rewards/rules/").status_code == 200
    User.objects.filter(pk=grace.pk).update(is_hr_admin=False)
    assert bearer(secret).get("/api/v1/rewards/rules/").status_code == 403


def test_people_cannot_give_a_token_scopes_they_could_never_use(persona):
    ada = persona("ada")
    response = create(
        signed_in(ada), name="x", scopes=["read", "rewards:admin"], expires_at=IN_A_MONTH
    )
    assert response.status_code == 400
    assert "rewards:admin" in response.json()["fields"]["scopes"][0]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("expires_at", "message"),
    [
        (None, "A personal token needs an expiry date."),
        ("2001-01-01T00:00:00Z", "Choose a time in the future."),
        (
            (timezone.now() + timedelta(days=400)).isoformat(),
            "A personal token lasts a year at most.",
        ),
    ],
)
def test_a_personal_token_expires_within_a_year(persona, expires_at, message):
    response = create(signed_in(persona("ada")), name="x", scopes=["read"], expires_at=expires_at)
    assert response.status_code == 400
    assert response.json()["fields"]["expires_at"] == [message]


def test_an_unnamed_token_with_unknown_scopes_is_refused_field_by_field(persona):
    response = create(signed_in(persona("ada")), name="", scopes=["read", "everything"])
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"name", "scopes"}


def test_tokens_expire_in_90_days_unless_told(persona):
    response = create(signed_in(persona("ada")), name="x", scopes=["read"])
    expires_at = ApiToken.objects.get(pk=response.json()["id"]).expires_at
    assert abs(expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)


def test_tokens_are_managed_when_signed_in_never_with_a_token(persona):
    ada = persona("ada")
    secret = issue(
        ada, [scope.value for scope in Scope if scope not in ("rewards:admin", "people:admin")]
    )
    client = bearer(secret)
    token_id = ApiToken.objects.get(owner=ada).pk
    for response in (
        client.get("/api/v1/tokens/"),
        create(client, name="more", scopes=["read"], expires_at=IN_A_MONTH),
        client.delete(f"/api/v1/tokens/{token_id}/"),
    ):
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "This operation is not open to API tokens; sign in to do it."
        )
    assert ApiToken.objects.get(pk=token_id).revoked_at is None


def test_people_see_and_revoke_only_their_own_tokens(persona):
    ada, linus = persona("ada"), persona("linus")
    issue(ada, ["read"])
    theirs = ApiToken.objects.get(owner=ada)
    assert signed_in(linus).get(f"/api/v1/tokens/{theirs.pk}/").status_code == 404
    assert signed_in(linus).delete(f"/api/v1/tokens/{theirs.pk}/").status_code == 404
    assert signed_in(linus).get("/api/v1/tokens/").json()["results"] == []
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_platform_admins_make_service_accounts_and_their_integration_tokens(persona):
    margaret, ada = persona("margaret"), persona("ada")
    admin = signed_in(margaret)
    account = admin.post(
        "/api/v1/service-accounts/",
        {"username": "hr-sync", "display_name": "HR sync", "is_hr_admin": True},
        content_type="application/json",
    )
    assert account.status_code == 201, account.json()
    account_id = account.json()["id"]
    assert not User.objects.get(pk=account_id).has_usable_password()
    token = create(
        admin, name="Workday", scopes=["read", "people:admin"], expires_at=None, owner=account_id
    )
    assert token.status_code == 201, token.json()
    assert token.json()["kind"] == "integration" and token.json()["expires_at"] is None
    me = bearer(token.json()["secret"]).get("/api/v1/me/").json()
    assert me["username"] == "hr-sync"
    # Others may neither list service accounts nor mint tokens for them.
    assert signed_in(ada).get("/api/v1/service-accounts/").status_code == 403
    stolen = create(
        signed_in(ada), name="x", scopes=["read"], expires_at=IN_A_MONTH, owner=account_id
    )
    assert stolen.status_code == 403
    # The admin lists the account's token beside their own; the account's is revocable.
    listed = admin.get("/api/v1/tokens/").json()["results"]
    assert [t["owner"]["username"] for t in listed] == ["hr-sync"]


def test_making_and_revoking_a_token_is_in_the_audit_log_without_the_secret(persona):
    ada = persona("ada")
    body = create(signed_in(ada), name="CRM", scopes=["read"], expires_at=IN_A_MONTH).json()
    signed_in(ada).delete(f"/api/v1/tokens/{body['id']}/")
    logged = Activity.objects.filter(object_type="api_token").order_by("pk")
    assert [a.verb for a in logged] == ["token.created", "token.revoked"]
    assert all(body["secret"] not in str(a.payload) for a in logged)
    assert logged[0].payload["scopes"] == ["read"]

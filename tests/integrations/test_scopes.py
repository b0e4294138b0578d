"""Token scopes, as a matrix: every scope against every operation of the API.

A token with the wrong scope is refused before the view runs (403, whatever the
ids); with the right one, the call goes on to the view, which answers as it would
for the owner (here mostly 404: the ids do not exist). Session-only operations
(managing tokens) refuse every token.
"""

from pathlib import Path

import pytest
from rest_framework.permissions import SAFE_METHODS

from integrations.operations import scope_table
from integrations.permissions import TokenHasScope
from integrations.scopes import Scope
from network.models import User
from tests.integrations.operations import requestable_operations
from tests.integrations.tokens import bearer, issue

pytestmark = pytest.mark.django_db

# The schema and its docs are public: they describe the API, they hold no data.
PUBLIC = {"SpectacularAPIView", "SpectacularRedocView", "SpectacularSwaggerView"}
OPERATIONS = requestable_operations()
SCOPE_REFUSAL = "This token lacks the `{}` scope."
SESSION_ONLY = "This operation is not open to API tokens; sign in to do it."


def required(operation) -> str | None:
    if getattr(operation.view, "session_only", False):
        return None
    if operation.method.upper() in SAFE_METHODS:
        return Scope.READ
    return operation.view.write_scope


def test_the_api_has_the_operations_this_matrix_is_about():
    assert len(OPERATIONS) > 140
    assert {op.method for op in OPERATIONS} == {"get", "post", "put", "patch", "delete"}


def test_every_writing_operation_names_a_real_scope():
    unnamed = [
        str(op)
        for op in OPERATIONS
        if op.method != "get"
        and not getattr(op.view, "session_only", False)
        and getattr(op.view, "write_scope", None) not in Scope.values
    ]
    assert unnamed == []


def test_every_view_checks_scopes():
    unchecked = {
        op.view.__name__
        for op in OPERATIONS
        if not any(isinstance(check, TokenHasScope) for check in op.view().get_permissions())
    }
    assert unchecked == PUBLIC


@pytest.fixture
def everything_owner(persona) -> User:
    """Someone whose tokens may carry every scope: only the scope can refuse them."""
    owner = persona("margaret")
    User.objects.filter(pk=owner.pk).update(is_hr_admin=True, is_communications=True)
    owner.refresh_from_db()
    return owner


@pytest.mark.parametrize("scope", Scope.values)
def test_a_token_may_make_exactly_the_calls_its_scope_covers(everything_owner, scope):
    client = bearer(issue(everything_owner, [scope]))
    wrong = []
    for operation in OPERATIONS:
        if operation.view.__name__ in PUBLIC:
            continue
        if operation.method == "get":
            response = client.get(operation.path)
        else:
            response = client.generic(
                operation.method.upper(), operation.path, "{}", "application/json"
            )
        assert response.status_code < 500, (str(operation), response.content[:300])
        is_json = response.headers.get("Content-Type") == "application/json"
        body = response.json() if is_json and not response.streaming else {}
        detail = body.get("detail") if isinstance(body, dict) else None
        needed = required(operation)
        if needed is None:
            expected_refusal = SESSION_ONLY
        elif needed == scope:
            expected_refusal = None
        else:
            expected_refusal = SCOPE_REFUSAL.format(needed)
        refused = (
            detail
            if response.status_code == 403
            and detail in {SESSION_ONLY, SCOPE_REFUSAL.format(needed)}
            else None
        )
        if refused != expected_refusal:
            wrong.append(f"{operation}: {response.status_code} {detail!r}")
    assert wrong == []


def test_the_documented_scopes_are_the_enforced_ones():
    documented = Path(__file__).parents[2] / "docs" / "api-scopes.md"
    assert documented.read_text() == scope_table(), (
        "docs/api-scopes.md is out of date: DEBUG=true manage.py api_scopes > docs/api-scopes.md"
    )

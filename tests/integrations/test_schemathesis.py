"""Schemathesis against the live schema, with every persona's token.

For every operation of /api/schema/, Schemathesis generates requests from the schema
and sends each one with the token of every demo persona (and with none). Every
answer must be no 5xx, conform to the schema (status, content type, body, headers),
and leak nothing: each community's post, comment and idea carries a canary word,
and no answer may contain the canary of anything its caller may not read, nor the
name of a secret community they may not see.

The people and their content are made once for the module and committed (the
database is emptied at its end); each operation's test runs in a transaction that
rolls back what its generated requests wrote.
"""

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import schemathesis
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as CHECK_REGISTRY
from schemathesis.config import SchemathesisConfig

from ideas import access as idea_access
from ideas.demo import seed_ideas
from ideas.models import Idea
from integrations import tokens
from network import access
from network.models import Comment, Community, Post, User
from network.personas import seed_all
from network.services.conversations import comment_create
from network.services.posts import post_create

pytestmark = pytest.mark.django_db

# A visitor, an employee, a community manager, HR, the platform admin, a partner and
# a customer: every kind of reader the access policy tells apart.
EVERYONE = ["anonymous", "ada", "linus", "grace", "margaret", "pat", "carla"]
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
]
EXAMPLES_PER_OPERATION = 10

# The schema the application serves at /api/schema/ (test_the_schema_is_the_served_one),
# made here because the tests are generated before any request can be made.
SERVED_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
# Fuzzing only: the coverage phase's boundary cases run to hundreds per operation, too
# many to send as seven callers in the suite's time.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SERVED_SCHEMA, default=str)), config=CONFIG
)
schema.app = get_wsgi_application()


@dataclass
class Caller:
    username: str
    headers: dict[str, str]
    forbidden: list[str]  # words no answer to this caller may contain


@dataclass
class World:
    callers: list[Caller]
    calls: Counter = field(default_factory=Counter)


def _canaries() -> None:
    """A post, a comment and an idea with a canary word in each community."""
    for community in Community.objects.all():
        owner = community.memberships.order_by("pk").first().user
        post = post_create(actor=owner, community=community, body=f"canary-post-{community.pk}")
        comment_create(actor=owner, post=post, body=f"canary-comment-{community.pk}")
    for idea in Idea.objects.all():
        word = f"canary-idea-{idea.pk}"
        Idea.objects.filter(pk=idea.pk).update(body=word, body_html=f"<p>{word}</p>")


def _forbidden_for(user: User | None) -> list[str]:
    reader = user or AnonymousUser()
    words = [
        post.body
        for post in Post.objects.filter(body__startswith="canary-").exclude(
            pk__in=access.posts_visible_to(reader)
        )
    ]
    words += [
        comment.body
        for comment in Comment.objects.filter(body__startswith="canary-").exclude(
            pk__in=access.comments_visible_to(reader)
        )
    ]
    words += [
        idea.body for idea in Idea.objects.exclude(pk__in=idea_access.ideas_visible_to(reader))
    ]
    words += [
        community.name
        for community in Community.objects.filter(visibility="secret")
        if not access.can_see_community(reader, community)
    ]
    return words


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, request) -> Iterator[World]:
    with django_db_blocker.unblock():
        yield from _world(request)
        call_command("flush", interactive=False, verbosity=0)


def _world(request) -> Iterator[World]:
    people = {user.username: user for user in seed_all()}
    seed_ideas()
    _canaries()
    callers = []
    for username in EVERYONE:
        user = people.get(username)
        headers = {}
        if user is not None:
            secret = tokens.issue(
                owner=user,
                created_by=user,
                name="schemathesis",
                scopes=tokens.scopes_open_to(user),
                expires_at=timezone.now() + timedelta(days=1),
            ).secret
            headers = {"Authorization": f"Bearer {secret}"}
        callers.append(Caller(username, headers, _forbidden_for(user)))
    assert any(caller.forbidden for caller in callers)
    found = World(callers)
    yield found
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    total = sum(found.calls.values())
    reporter.write_line(
        f"\nSchemathesis: {total} requests, {len(found.calls)} operations x "
        f"{len(EVERYONE)} callers ({EXAMPLES_PER_OPERATION} generated cases per operation)"
    )


@pytest.fixture
def callers(world: World) -> Iterator[World]:
    """As Django's test client does: a request's end must not close the connection
    that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield world
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema_and_its_secrets(case, callers: World):
    for caller in callers.callers:
        response = case.call(headers=caller.headers)
        callers.calls[case.operation.label] += 1
        case.validate_response(response, checks=_checks(), headers=caller.headers)
        leaked = [word for word in caller.forbidden if word in response.text]
        assert leaked == [], f"{case.operation.label} as {caller.username} leaked {leaked}"


def _checks() -> list:
    return CHECK_REGISTRY.get_by_names(CHECKS)


def test_the_schema_is_the_served_one(db):
    served = Client().get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert served.json() == json.loads(json.dumps(SERVED_SCHEMA, default=str))

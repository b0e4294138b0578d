"""Bad input on every write endpoint of the network API: never a 500.

Each endpoint names who calls it, a valid body, and the kind of each of its fields;
each kind lists bad values and what the API must answer to them. Every case asserts:

- the status is the expected one (400 for input the API cannot take);
- a 400 carries field-level errors, ``{field: [messages]}`` (bridge/api.py), naming
  the field that was wrong;
- script-laden text that is accepted comes back sanitized (no ``<script``, no
  ``javascript:``, no ``on*=`` attribute in ``body_html``).

To cover a new endpoint, add an ``Endpoint`` to ENDPOINTS; a new kind of field, a
list to KINDS.
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.db import transaction

from network.models import Community, Hashtag
from tests.fixtures.personas import signed_in

HUGE = "x" * 1_000_000
# Short enough for a name (120 characters).
SCRIPT = (
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">a</a>[a](javascript:alert(1))'
)
TOO_BIG_INT = 10**30
OK = {200, 201, 204}
BAD = {400}


class _Executable(HTMLParser):
    """Collects what a browser would run: script elements, on* attributes and
    javascript: URLs (text that merely shows them, escaped, is harmless)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if value and "javascript:" in value.replace(" ", "").lower():
                self.found.append(f"{name}={value}")


def executable(html: str) -> list[str]:
    parser = _Executable()
    parser.feed(html)
    return parser.found


def cases(**values: tuple[object, set[int]]) -> dict[str, tuple[object, set[int]]]:
    return values


# Each kind: bad (or odd) value -> the statuses the API may answer.
COMMON = cases(
    a_list=(["a", "b"], BAD),
    an_object=({"a": 1}, BAD),
    null=(None, BAD),
    nul_byte=("a\x00b", BAD),
)
KINDS: dict[str, dict[str, tuple[object, set[int]]]] = {
    "text": COMMON
    | cases(
        empty=("", BAD),
        blank=("   \n ", BAD),
        huge=(HUGE, BAD),
        number=(42, OK),
        script=(SCRIPT, OK),
    ),
    "optional text": COMMON | cases(empty=("", OK), huge=(HUGE, BAD), script=(SCRIPT, OK)),
    "name": COMMON | cases(empty=("", BAD), huge=(HUGE, BAD), script=(SCRIPT, OK)),
    "choice": COMMON
    | cases(empty=("", BAD), unknown=("nope", BAD), number=(3, BAD), huge=(HUGE, BAD)),
    "id": cases(
        word=("abc", BAD),
        # A number that names nobody: 400 where validated, 404 where looked up.
        negative=(-1, BAD | {404}),
        huge=(TOO_BIG_INT, BAD | {404}),
        a_list=([1], BAD),
        an_object=({"a": 1}, BAD),
        decimal=(1.5, BAD),
    ),
    "ids": cases(
        empty=([], BAD),
        word=("abc", BAD),
        words=(["a"], BAD),
        huge=([TOO_BIG_INT], BAD),
        negative=([-1], BAD),
        too_many=(list(range(1, 50)), BAD),
        an_object=({"a": 1}, BAD),
        null=(None, BAD),
    ),
    "email": COMMON
    | cases(empty=("", BAD), not_an_email=("not-an-email", BAD), huge=(HUGE + "@x.example", BAD)),
    "url": COMMON
    | cases(
        javascript=("javascript:alert(1)", BAD),
        plain_http=("http://example.com", BAD),
        not_a_url=("not a url", BAD),
        huge=("https://example.com/" + HUGE, BAD),
        empty=("", OK),
    ),
    "flag": cases(
        maybe=("maybe", BAD),
        two=(2, BAD),
        a_list=([True], BAD),
        an_object=({"a": 1}, BAD),
        null=(None, BAD),
        huge=(HUGE, BAD),
    ),
    "poll": cases(
        a_string=("yes", BAD),
        a_list=([], BAD),
        no_options=({"options": []}, BAD),
        one_option=({"options": ["only"]}, BAD),
        too_many=({"options": [str(n) for n in range(11)]}, BAD),
        options_a_string=({"options": "a,b"}, BAD),
        huge_option=({"options": [HUGE, "b"]}, BAD),
        nested_lists=({"options": [["a"], "b"]}, BAD),
        twice_the_same=({"options": ["a", "a"]}, BAD),
        nul_byte=({"options": ["a\x00", "b"]}, BAD),
        multiple_maybe=({"options": ["a", "b"], "multiple": "maybe"}, BAD),
        closes_not_a_date=({"options": ["a", "b"], "closes_at": "yesterday"}, BAD),
        closes_impossible=({"options": ["a", "b"], "closes_at": "2026-13-45T25:00:00Z"}, BAD),
        closes_in_the_past=({"options": ["a", "b"], "closes_at": "2000-01-01T00:00:00Z"}, BAD),
        closes_a_number=({"options": ["a", "b"], "closes_at": 12}, BAD),
        closes_far_away=({"options": ["a", "b"], "closes_at": "9999-12-31T23:59:59Z"}, OK),
        script=({"options": [SCRIPT, "b"]}, OK),
    ),
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str  # formatted with the ids of demo_content in Customer Council
    actor: str
    valid: dict
    fields: dict[str, str]  # field -> kind
    every_field_optional: bool = False
    overrides: dict[tuple[str, str], set[int]] = field(default_factory=dict)


ENDPOINTS = {
    "write a post": Endpoint(
        "post",
        "/api/v1/communities/{community}/posts/",
        "ada",
        {"body": "Hello"},
        {"body": "text", "poll": "poll"},
    ),
    "edit a post": Endpoint(
        "patch", "/api/v1/posts/{post}/", "linus", {"body": "Edited"}, {"body": "text"}
    ),
    "comment": Endpoint(
        "post",
        "/api/v1/posts/{post}/comments/",
        "carla",
        {"body": "Hello"},
        {"body": "text", "parent": "id"},
    ),
    "react": Endpoint(
        "post", "/api/v1/posts/{post}/reactions/", "carla", {"kind": "like"}, {"kind": "choice"}
    ),
    "vote": Endpoint(
        "post",
        "/api/v1/posts/{post}/poll/vote/",
        "carla",
        {"options": ["{option}"]},
        {"options": "ids"},
    ),
    "my profile": Endpoint(
        "patch",
        "/api/v1/me/",
        "carla",
        {"title": "Head of IT"},
        {
            "first_name": "optional text",
            "display_name": "optional text",
            "title": "optional text",
            "location": "optional text",
            "bio": "optional text",
            "linkedin_url": "url",
            "x_url": "url",
            "blog_url": "url",
            "website_url": "url",
        },
    ),
    "create a community": Endpoint(
        "post",
        "/api/v1/communities/",
        "linus",
        {"name": "Bad input", "audience": "internal", "visibility": "open"},
        {
            "name": "name",
            "audience": "choice",
            "visibility": "choice",
            "description": "optional text",
            "rules": "optional text",
        },
    ),
    "edit a community": Endpoint(
        "patch",
        "/api/v1/communities/{community}/",
        "linus",
        {"description": "Changed"},
        {
            "name": "name",
            "visibility": "choice",
            "audience": "choice",
            "description": "optional text",
            "rules": "optional text",
        },
    ),
    "change a role": Endpoint(
        "patch",
        "/api/v1/communities/{community}/members/{carla}/",
        "linus",
        {"role": "moderator"},
        {"role": "choice"},
    ),
    "ban": Endpoint(
        "post",
        "/api/v1/communities/{community}/bans/",
        "linus",
        {"user_id": "{carla}", "reason": "Spam"},
        {"user_id": "id", "reason": "text"},
    ),
    "ask to join": Endpoint(
        "post",
        "/api/v1/communities/{community}/join-requests/",
        "grace",
        {"message": "Let me in"},
        {"message": "optional text"},
        every_field_optional=True,
    ),
    "invite": Endpoint(
        "post",
        "/api/v1/communities/{community}/invitations/",
        "linus",
        {"email": "new.person@contoso.example", "organisation": "Contoso"},
        {"email": "email", "organisation": "name"},
    ),
    "invite many": Endpoint(
        "post",
        "/api/v1/communities/{community}/invitations/bulk/",
        "linus",
        {"text": "new.person@contoso.example, Contoso"},
        {"text": "text"},
        # Rows that are not invitations are reported row by row, with a 200.
        overrides={("text", "number"): OK, ("text", "script"): OK},
    ),
    "report a post": Endpoint(
        "post",
        "/api/v1/posts/{post}/reports/",
        "carla",
        {"reason": "spam"},
        {"reason": "choice", "note": "optional text"},
    ),
    "moderate a post": Endpoint(
        "post",
        "/api/v1/posts/{post}/moderation/",
        "linus",
        {"action": "hide", "reason": "Off topic"},
        {"action": "choice", "reason": "optional text", "ban_author": "flag"},
    ),
    "notification settings": Endpoint(
        "patch",
        "/api/v1/me/notification-settings/",
        "carla",
        {"email_digest": False},
        {"email_mentions": "flag", "email_digest": "flag", "notify_reactions": "flag"},
    ),
}

CASES = [
    pytest.param(name, field_name, label, id=f"{name}: {field_name} {label}")
    for name, endpoint in ENDPOINTS.items()
    for field_name, kind in endpoint.fields.items()
    for label in KINDS[kind]
]


def _ids(demo, demo_content) -> dict[str, int]:
    council = demo_content["customer-council"]
    return {
        "community": council.community.pk,
        "post": council.post.pk,
        "option": council.post.poll.options.first().pk,
        "carla": demo["carla"].pk,
    }


def _fill(value: object, ids: dict[str, int]) -> object:
    """Put the fixture's ids into a valid body's "{placeholders}"."""
    if isinstance(value, str) and value.startswith("{"):
        return ids[value.strip("{}")]
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


def _send(client, method: str, url: str, body: object, content_type: str = "application/json"):
    payload = body if isinstance(body, str) else json.dumps(body)
    with transaction.atomic():
        response = getattr(client, method)(url, payload, content_type=content_type)
        transaction.set_rollback(True)
    return response


def assert_field_errors(response, *fields: str) -> None:
    """A 400 in the API's shape: {type, detail, fields: {field: [messages]}} (nested
    for nested input)."""
    body = response.json()
    assert set(body) == {"type", "detail", "fields"}, body
    assert body["type"] == "validation_error" and body["detail"], body
    errors = body["fields"]
    assert isinstance(errors, dict), errors

    def messages(value: object) -> bool:
        if isinstance(value, dict):
            return all(messages(v) for v in value.values())
        return isinstance(value, list) and all(isinstance(m, str) or messages(m) for m in value)

    assert all(messages(value) for value in errors.values()), errors
    assert set(fields) & set(errors), errors


def assert_sanitized(data: object) -> None:
    """No executable markup anywhere in what comes back as HTML."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_html"):
                assert not executable(value), value
            else:
                assert_sanitized(value)
    elif isinstance(data, list):
        for item in data:
            assert_sanitized(item)


@pytest.mark.parametrize(("name", "field_name", "label"), CASES)
def test_bad_input_never_breaks_the_api(demo, demo_content, name, field_name, label):
    endpoint = ENDPOINTS[name]
    value, expected = KINDS[endpoint.fields[field_name]][label]
    expected = endpoint.overrides.get((field_name, label), expected)
    ids = _ids(demo, demo_content)
    body = {key: _fill(v, ids) for key, v in endpoint.valid.items()} | {field_name: value}

    response = _send(
        signed_in(demo[endpoint.actor]), endpoint.method, endpoint.url.format(**ids), body
    )

    assert response.status_code in expected, (response.status_code, response.content[:500])
    if response.status_code == 400:
        assert_field_errors(response, field_name)
    if response.content and response.status_code in OK:
        assert_sanitized(response.json())


NOT_AN_OBJECT = {
    "not JSON": ("{not json", "application/json"),
    "a JSON list": ("[1, 2]", "application/json"),
    "a JSON string": ('"body"', "application/json"),
    "an empty body": ("", "application/json"),
    "an unknown content type": ("body=x", "text/plain"),
}


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("label", NOT_AN_OBJECT)
def test_a_body_that_is_not_an_object_is_a_400(demo, demo_content, name, label):
    body, content_type = NOT_AN_OBJECT[label]
    endpoint = ENDPOINTS[name]
    ids = _ids(demo, demo_content)
    client = signed_in(demo[endpoint.actor])

    response = _send(client, endpoint.method, endpoint.url.format(**ids), body, content_type)

    # Nothing to change, or nothing required: a no-op or a request with defaults.
    if label == "an empty body" and (endpoint.method == "patch" or endpoint.every_field_optional):
        assert response.status_code in {200, 201, 400}, response.content[:300]
    else:
        assert response.status_code in {400, 415}, (label, response.content[:300])
        assert set(response.json()) == {"type", "detail", "fields"}, response.content[:300]


def test_a_sanitized_post_keeps_its_text_but_nothing_executable(demo, demo_content):
    council = Community.objects.get(slug="customer-council")
    client = signed_in(demo["ada"])

    post = client.post(
        f"/api/v1/communities/{council.pk}/posts/",
        {"body": SCRIPT},
        content_type="application/json",
    ).json()
    page = client.get(f"/posts/{post['id']}/").content.decode()

    assert not executable(post["body_html"])
    assert "alert(1)" in post["body_html"]  # shown as text
    for raw in ("<script>alert", "<img src=x onerror", '<a href="javascript:'):
        assert raw not in page


# --- Query strings and paths --------------------------------------------------
BAD_QUERIES = [
    "/api/v1/people/?q=" + "x" * 100_000,
    "/api/v1/people/?q=a%00b",
    "/api/v1/people/?page=abc",
    "/api/v1/people/?page=99999999999999999999",
    "/api/v1/people/?page_size=-5",
    "/api/v1/people/?page_size=abc",
    "/api/v1/feed/?cursor=garbage",
    "/api/v1/feed/?before=%C2%B2",
    "/api/v1/feed/?before=99999999999999999999",
    "/api/v1/feed/?order=top&page=%C2%B2",
    "/api/v1/notifications/?cursor=garbage",
    "/api/v1/activity/?after=%C2%B2",
    "/api/v1/feed/?page_size=100000",
    "/api/v1/communities/?page=-1",
    "/api/v1/communities/{community}/mentionable/?q=a%00",
    "/api/v1/communities/{community}/mentionable/?q=" + "x" * 100_000,
    "/api/v1/communities/{community}/posts/?cursor=%00",
    "/api/v1/posts/{post}/comments/?page=abc",
    "/api/v1/hashtags/a%00b/posts/",
    "/api/v1/hashtags/" + "x" * 5000 + "/posts/",
    "/api/v1/communities/99999999999999999999/",
    "/api/v1/posts/99999999999999999999/",
    "/api/v1/people/99999999999999999999/",
]


# The mention picker answers from the database here, sparing every case its own
# indices; tests/search/test_suggest.py sends bad input to both backends.
@pytest.mark.usefixtures("database_search")
@pytest.mark.parametrize("url", BAD_QUERIES, ids=lambda url: url[:80])
def test_bad_query_strings_and_ids_are_answered(demo, demo_content, url):
    response = signed_in(demo["carla"]).get(url.format(**_ids(demo, demo_content)))
    assert response.status_code in {200, 400, 404}, response.content[:300]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/v1/hashtags/a%00b/follow/"),
        ("put", "/api/v1/hashtags/" + "x" * 5000 + "/follow/"),
        ("put", "/api/v1/hashtags/%3Cscript%3E/follow/"),
        ("put", "/api/v1/people/99999999999999999999/follow/"),
        ("delete", "/api/v1/communities/99999999999999999999/follow/"),
        ("post", "/api/v1/posts/99999999999999999999/reactions/"),
        ("post", "/api/v1/notifications/99999999999999999999/read/"),
        ("delete", "/api/v1/comments/99999999999999999999/"),
        ("delete", "/api/v1/communities/99999999999999999999/members/99999999999999999999/"),
        ("patch", "/api/v1/communities/1/members/99999999999999999999/"),
    ],
)
def test_bad_paths_on_writes_are_answered(demo, method, url):
    response = _send(signed_in(demo["carla"]), method, url, {"kind": "like"})
    assert response.status_code in {204, 400, 404}, response.content[:300]


def test_the_hashtag_follow_rejects_what_is_not_a_hashtag(demo):
    client = signed_in(demo["carla"])

    response = _send(client, "put", "/api/v1/hashtags/%3Cscript%3E/follow/", None)

    assert response.status_code == 404
    assert not Hashtag.objects.filter(name__contains="<").exists()

"""Bad input on every network form of the pages: never a 500.

A form that cannot take what was typed answers 200 with the error next to the
field (``id_<field>_error``, from partials/field.html) and what the person typed
still in the field; a form that takes it redirects (or, for bulk invitations,
shows its result table). Script-laden text that is accepted is shown harmless.

Each form names its URL, who fills it, a valid submission and the kind of each
field; KINDS lists bad values per kind with the outcome expected. Add a form to
FORMS, a value to KINDS.
"""

from dataclasses import dataclass, field
from html import escape

import pytest
from django.db import transaction
from django.test import Client

from network.invitations import invitation_token
from network.models import Community
from network.services.invitations import invitation_create
from tests.fixtures.personas import signed_in

HUGE = "x" * 1_000_000
SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a>'
ERROR, DONE = "error", "done"


def cases(**values: tuple[object, str]) -> dict[str, tuple[object, str]]:
    return values


COMMON = cases(nul_byte=("a\x00b", ERROR), several_values=(["one", "two"], DONE))
KINDS: dict[str, dict[str, tuple[object, str]]] = {
    "text": COMMON
    | cases(empty=("", ERROR), blank=("  \n ", ERROR), huge=(HUGE, ERROR), script=(SCRIPT, DONE)),
    "optional text": COMMON | cases(empty=("", DONE), huge=(HUGE, ERROR), script=(SCRIPT, DONE)),
    "choice": cases(
        empty=("", ERROR), unknown=("nope", ERROR), huge=(HUGE, ERROR), script=(SCRIPT, ERROR)
    ),
    "id": cases(
        word=("abc", ERROR),
        odd_digits=("²", ERROR),
        huge=("9" * 30, ERROR),
        negative=("-1", ERROR),
        missing=("99999", ERROR),
    ),
    "datetime": cases(
        word=("yesterday", ERROR),
        impossible=("2026-13-45T25:61", ERROR),
        past=("2000-01-01T10:00", ERROR),
        huge=(HUGE, ERROR),
    ),
    "poll answers": cases(
        one=("only one", ERROR),
        eleven=("\n".join(str(n) for n in range(11)), ERROR),
        twice=("same\nsame", ERROR),
        long_answer=("x" * 201 + "\nb", ERROR),
        huge=(HUGE, ERROR),
        script=(SCRIPT + "\nb", DONE),
    ),
    "email": COMMON
    | cases(
        several_values=(["new.person@contoso.example", "not-an-email"], ERROR),
        empty=("", ERROR),
        not_an_email=("not-an-email", ERROR),
        huge=(HUGE + "@x.example", ERROR),
    ),
    "url": COMMON
    | cases(
        several_values=(["https://example.com", "not a url"], ERROR),
        javascript=("javascript:alert(1)", ERROR),
        plain_http=("http://example.com", ERROR),
        not_a_url=("not a url", ERROR),
        huge=("https://example.com/" + HUGE, ERROR),
        empty=("", DONE),
    ),
    "username": COMMON
    | cases(
        empty=("", ERROR), spaces=("has spaces", ERROR), script=(SCRIPT, ERROR), huge=(HUGE, ERROR)
    ),
    "password": cases(
        empty=("", ERROR), short=("abc", ERROR), digits=("12345678", ERROR), huge=(HUGE, ERROR)
    ),
}


@dataclass(frozen=True)
class PageForm:
    url: str  # formatted with the ids below
    actor: str | None  # None: signed out
    valid: dict
    fields: dict[str, str]  # field -> kind
    done_status: int = 302
    # Where an error shows when it is not on the field itself, per field
    # ("form": above the fields, for hidden ones).
    error_at: dict[str, str] = field(default_factory=dict)
    # Fields typed twice (a password and its confirmation).
    same_as: dict[str, str] = field(default_factory=dict)
    # The composer redirects back to its page, errors and text kept in the session
    # (files cannot be given back): the page it lands on is what the person sees.
    redirects_back: bool = False
    keeps: frozenset[str] | None = None  # fields whose text comes back (None: all)


NEWCOMER = {
    "first_name": "New",
    "last_name": "Person",
    "username": "newperson",
    "password": "a-long-Passphrase-42",
    "password_again": "a-long-Passphrase-42",
}
FORMS = {
    "composer": PageForm(
        "/communities/{community}/posts/",
        "ada",
        {"body": "Hello"},
        {"body": "text", "poll_options": "poll answers", "poll_closes_at": "datetime"},
        error_at={"poll_options": "form"},
        redirects_back=True,
        keeps=frozenset({"body"}),
    ),
    "poll closing time": PageForm(
        "/communities/{community}/posts/",
        "ada",
        {"body": "Lunch?", "poll_options": "Yes\nNo"},
        {"poll_closes_at": "datetime"},
        redirects_back=True,
        keeps=frozenset({"body"}),
    ),
    "edit a post": PageForm("/posts/{post}/", "linus", {"body": "Edited"}, {"body": "text"}),
    "comment": PageForm(
        "/posts/{post}/comments/",
        "carla",
        {"body": "Hello"},
        {"body": "text", "parent": "id"},
        error_at={"parent": "form"},
    ),
    "my profile": PageForm(
        "/settings/profile/",
        "carla",
        {"first_name": "Carla", "last_name": "Customer"},
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
    "new community": PageForm(
        "/communities/new/",
        "linus",
        {"name": "Bad input", "audience": "internal", "visibility": "open"},
        {
            "name": "text",
            "audience": "choice",
            "visibility": "choice",
            "description": "optional text",
            "rules": "optional text",
        },
    ),
    "invite": PageForm(
        "/communities/{community}/invite/",
        "linus",
        {"email": "new.person@contoso.example", "organisation": "Contoso"},
        {"email": "email", "organisation": "optional text"},
    ),
    "invite many": PageForm(
        "/communities/{community}/invite/bulk/",
        "linus",
        {"text": "new.person@contoso.example, Contoso"},
        {"text": "text"},
        done_status=200,
    ),
    "ask to join": PageForm(
        "/communities/{community}/request/",
        "grace",
        {"message": "Let me in"},
        {"message": "optional text"},
    ),
    "sign up from an invitation": PageForm(
        "/invitations/{token}/",
        None,
        NEWCOMER,
        {
            "first_name": "text",
            "last_name": "text",
            "username": "username",
            "password": "password",
        },
        same_as={"password": "password_again"},
    ),
}

# Outcomes that differ from the kind's, with the reason.
OVERRIDES = {
    # A new person needs their company: the invitation says so, next to the field.
    ("invite", "organisation", "empty"): ERROR,
    # Several lines are several rows, each with its own result.
    ("invite many", "text", "several_values"): DONE,
    # A username is checked against Django's rules; NUL is refused like any odd character.
    ("sign up from an invitation", "username", "nul_byte"): ERROR,
    ("sign up from an invitation", "first_name", "blank"): ERROR,
}

CASES = [
    pytest.param(form, field_name, label, id=f"{form}: {field_name} {label}")
    for form, spec in FORMS.items()
    for field_name, kind in spec.fields.items()
    for label in KINDS[kind]
]


@pytest.fixture
def ids(demo, demo_content) -> dict[str, object]:
    council = Community.objects.get(slug="customer-council")
    invitation = invitation_create(
        actor=demo["linus"], community=council, email="newcomer@acme.example", organisation="Acme"
    )
    return {
        "community": council.pk,
        "post": demo_content["customer-council"].post.pk,
        "token": invitation_token(invitation),
    }


def _submit(client: Client, url: str, data: dict, *, follow: bool = False):
    with transaction.atomic():
        response = client.post(url, data, follow=follow)
        transaction.set_rollback(True)
    return response


def _typed(value: object) -> str | None:
    """What must still be in the field after an error (when it is printable)."""
    if not isinstance(value, str) or "\x00" in value or not value.strip():
        return None
    return escape(value[:1000])


@pytest.mark.parametrize(("form", "field_name", "label"), CASES)
def test_bad_input_on_a_page_form(demo, ids, form, field_name, label):
    spec = FORMS[form]
    value, outcome = KINDS[spec.fields[field_name]][label]
    outcome = OVERRIDES.get((form, field_name, label), outcome)
    client = signed_in(demo[spec.actor]) if spec.actor else Client()

    data = spec.valid | {field_name: value}
    if field_name in spec.same_as:
        data[spec.same_as[field_name]] = value

    response = _submit(client, spec.url.format(**ids), data, follow=spec.redirects_back)

    page = response.content.decode()
    at = spec.error_at.get(field_name, field_name)
    shown = 'role="alert"' if at == "form" else f'id="id_{at}_error"'
    if outcome == ERROR:
        assert response.status_code == 200, response.status_code
        assert shown in page, f"no error next to {field_name}"
        typed = _typed(value)
        kept = spec.keeps is None or field_name in spec.keeps
        if typed and kept and spec.fields[field_name] != "password":
            assert typed in page, "what was typed is lost"
    elif spec.redirects_back:
        assert response.status_code == 200
        assert "Posted." in page, page[:2000]
    else:
        assert response.status_code == spec.done_status, page[:2000]
    for raw in ("<script>alert", "<img src=x onerror", '<a href="javascript:'):
        assert raw not in page


def test_accepted_script_laden_text_is_shown_harmless(demo, ids):
    ada, carla = signed_in(demo["ada"]), signed_in(demo["carla"])
    ada.post(
        f"/communities/{ids['community']}/posts/", {"body": SCRIPT, "poll_options": f"{SCRIPT}\nb"}
    )
    carla.post("/settings/profile/", {"first_name": "Carla", "bio": SCRIPT, "title": SCRIPT})
    signed_in(demo["linus"]).post(f"/communities/{ids['community']}/request/", {"message": SCRIPT})

    pages = [
        ada.get(f"/communities/{ids['community']}/"),
        ada.get(f"/people/{demo['carla'].pk}/"),
        ada.get("/people/?q=carla"),
        ada.get("/"),
        signed_in(demo["linus"]).get(f"/communities/{ids['community']}/"),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        for raw in ("<script>alert", "<img src=x onerror", '<a href="javascript:'):
            assert raw not in html


# --- Query strings, paths and buttons -----------------------------------------
BAD_GETS = {
    "/people/?q=a%00b": 200,
    "/people/?q=" + "x" * 100_000: 200,
    "/people/?page=abc": 200,
    "/people/?page=99999999999999999999": 200,
    "/?before=%C2%B2": 200,  # "²" is a digit that int() refuses
    "/?before=99999999999999999999": 200,
    "/?before=-1": 200,
    "/notifications/?before=%C2%B2": 200,
    "/notifications/?before=99999999999999999999": 200,
    "/notifications/99999999999999999999/": 404,
    "/hashtags/a%00b/": 404,
    "/hashtags/%3Cscript%3E/": 404,
    "/hashtags/" + "x" * 5000 + "/": 404,
    "/communities/99999999999999999999/": 404,
    "/posts/99999999999999999999/": 404,
    "/people/99999999999999999999/": 404,
    "/invitations/garbage/": 404,
    "/posts/cards/?ids=%C2%B2,99999999999999999999,abc,-1,,": 200,
    "/posts/cards/?ids=" + "1," * 50_000: 200,
    "/posts/99999999999999999999/counts/": 404,
    "/comments/99999999999999999999/": 404,
    "/invitations/" + "x" * 5000 + "/": 404,
}


@pytest.mark.parametrize("url", BAD_GETS, ids=lambda url: url[:60])
def test_bad_query_strings_and_paths_on_pages(demo, demo_content, url):
    assert signed_in(demo["carla"]).get(url).status_code == BAD_GETS[url]


BAD_BUTTONS = [
    ("/follow/", {"kind": "person", "key": "²"}, {404}),
    ("/follow/", {"kind": "community", "key": "9" * 30}, {404}),
    ("/follow/", {"kind": "hashtag", "key": "a\x00b"}, {404}),
    ("/follow/", {"kind": "hashtag", "key": "<script>"}, {404}),
    ("/follow/", {"kind": "nope", "key": "1"}, {404}),
    ("/follow/", {"kind": "hashtag", "key": "fine", "next": "javascript:alert(1)"}, {302}),
    ("/posts/{post}/react/", {"kind": "nope"}, {302}),
    ("/posts/{post}/react/", {"kind": ["like", "nope"]}, {302}),
    ("/posts/{post}/poll/", {"options": "²"}, {302}),
    ("/posts/{post}/poll/", {"options": "9" * 30}, {302}),
    ("/posts/{post}/poll/", {"options": ["abc", ""]}, {302}),
    ("/posts/{post}/poll/", {"options": "1", "next": "https://evil.example/"}, {302}),
    ("/posts/{post}/pin/", {"pinned": "maybe"}, {302}),
]


@pytest.mark.parametrize(("url", "data", "expected"), BAD_BUTTONS, ids=lambda v: str(v)[:40])
def test_bad_button_input_on_pages(demo, demo_content, url, data, expected):
    post = demo_content["customer-council"].post.pk
    response = _submit(signed_in(demo["linus"]), url.format(post=post), data)
    assert response.status_code in expected
    if response.status_code == 302:
        assert response["Location"].startswith("/"), response["Location"]

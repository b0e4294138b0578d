"""One membership lookup per person and community per request.

A page or an API call asks network.access several questions about the same
community (may she read it, is she a member, a moderator, may she vote here), and
each asked the database for the same Membership row: four times on an idea board's
detail, twice on every vote (bench/ideas.py). Within a request the answer is
remembered. The services that write memberships (network/services/memberships.py,
communities.py) call forget() after each write, so a request that changes a
membership and then asks again reads the new one.

Only requests remember (MembershipMemoMiddleware), and blocks that ask to
(remembering(): search's re-check of a page of hits): services called from Celery
tasks, the shell or tests ask the database every time, so nothing outlives the
request or block it was read in.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from network.models import Membership

_MISSING = object()
# (user id, community id) -> Membership or None, while a request is served; and
# (_ALL, user id) -> all of that person's memberships, once they were read at once.
_answers: ContextVar[dict | None] = ContextVar("membership_answers", default=None)
_ALL = "all"


def remembered(
    user_id: int, community_id: int, look_up: Callable[[], Membership | None]
) -> Membership | None:
    """The membership look_up() finds, asked once per request."""
    answers = _answers.get()
    if answers is None:
        return look_up()
    key = (user_id, community_id)
    found = answers.get(key, _MISSING)
    if found is _MISSING:
        found = answers[key] = None if (_ALL, user_id) in answers else look_up()
    return found


def remember_all(user_id: int, memberships: Iterable[Membership]) -> None:
    """Every membership a person has, read at once: a community not among them is
    then answered with None, without asking (a batch of rows from many communities
    costs one query, not one per community)."""
    answers = _answers.get()
    if answers is None:
        return
    memberships = list(memberships)
    for membership in memberships:
        answers[user_id, membership.community_id] = membership
    answers[_ALL, user_id] = memberships


def all_remembered(user_id: int) -> list[Membership] | None:
    """Every membership of the person, if remember_all() was told them since the
    last forget(); None otherwise."""
    answers = _answers.get()
    return None if answers is None else answers.get((_ALL, user_id))


def forget() -> None:
    """Forget every answer of this request: a membership was just written."""
    answers = _answers.get()
    if answers is not None:
        answers.clear()


@contextmanager
def remembering() -> Iterator[None]:
    """Remember for the length of a block, or of the request already remembering."""
    if _answers.get() is not None:
        yield
        return
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


class MembershipMemoMiddleware:
    """Remember memberships for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _answers.set({})
        try:
            return self.get_response(request)
        finally:
            _answers.reset(token)

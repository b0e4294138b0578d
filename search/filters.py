"""The reader's filter, as Elasticsearch clauses: the queryset rules of
network/access.py, stated over the fields documents carry (decision 0015).

`scope_of(reader)` reads from the database, once per search, which communities the
reader may read, is in and moderates; `reader_filter(scope, kinds)` turns that into
one clause per kind. Every clause is at most as wide as the policy it mirrors: what
it lets through is checked again against network/access.py before it is shown,
but facet counts come from it alone, so it must never be wider.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from network import access
from network.models import Community, Membership, User
from search.documents import CONTENT_KINDS

NOTHING = Q("bool", must_not=[Q("match_all")])


@dataclass(frozen=True)
class Scope:
    """What one reader may read, as ids."""

    reader_id: int
    everything: bool  # platform admins read (and moderate) every community
    external: bool
    readable: tuple[int, ...]  # communities whose content they may read
    member_of: tuple[int, ...]
    moderates: tuple[int, ...]


def scope_of(reader: User | AnonymousUser) -> Scope | None:
    """None for someone who may read nothing (signed out, deactivated)."""
    if not (reader.is_authenticated and reader.is_active):
        return None
    if reader.is_platform_admin:
        return Scope(reader.pk, True, reader.is_external, (), (), ())
    # Remembered as well (within a request): the re-check of the hits then asks the
    # database for no membership of its own.
    memberships = access.memberships_of(reader)
    member_of = tuple(membership.community_id for membership in memberships)
    moderating = (Membership.Role.OWNER, Membership.Role.MODERATOR)
    moderates = tuple(m.community_id for m in memberships if m.role in moderating)
    # Unordered: the ids are a filter, not a list to show.
    readable = tuple(access.communities_readable_by(reader).order_by().values_list("pk", flat=True))
    return Scope(reader.pk, False, reader.is_external, readable, member_of, moderates)


def _content(scope: Scope) -> Query:
    """network.access.posts_visible_to: a readable community, not deleted, and not
    hidden unless the reader wrote it or moderates its community."""
    clause = ~Q("term", deleted=True)
    if scope.everything:
        return clause
    visible_despite_hiding = Q("term", author_id=scope.reader_id)
    if scope.moderates:
        visible_despite_hiding |= Q("terms", community_id=list(scope.moderates))
    return (
        clause
        & Q("terms", community_id=list(scope.readable))
        & (~Q("term", hidden=True) | visible_despite_hiding)
    )


def _idea(scope: Scope) -> Query:
    # Merged duplicates only redirect to the idea they were merged into.
    return _content(scope) & ~Q("term", merged=True)


def _person(scope: Scope) -> Query:
    """network.access.people_visible_to, active people only (as the directory)."""
    active = Q("term", active=True)
    if scope.everything:
        return active
    sharing_a_community = Q("terms", community_ids=list(scope.member_of))
    if scope.external:
        return active & (sharing_a_community | Q("ids", values=[str(scope.reader_id)]))
    return active & (Q("term", affiliation="employee") | sharing_a_community)


def _community(scope: Scope) -> Query:
    """network.access.communities_visible_to."""
    if scope.everything:
        return Q("match_all")
    mine = Q("ids", values=[str(pk) for pk in scope.member_of])
    if scope.external:
        return mine
    return ~Q("term", visibility=Community.Visibility.SECRET) | mine


def _hashtag(scope: Scope) -> Query:
    """A hashtag used in a community the reader may read."""
    if scope.everything:
        return Q("match_all")
    return Q("terms", community_ids=list(scope.readable))


FILTERS = {
    "post": _content,
    "comment": _content,
    "idea": _idea,
    "person": _person,
    "community": _community,
    "hashtag": _hashtag,
}


def filter_for(scope: Scope | None, kind: str) -> Query:
    """What of one kind the reader may see."""
    if scope is None:
        return NOTHING
    return FILTERS[kind](scope)


def reader_filter(scope: Scope | None, kinds: Iterable[str]) -> Query:
    """One query over several kinds' aliases: each document passes its own kind's rule.

    Posts, comments and ideas share one clause (the idea rule: only ideas are ever
    merged), so that the reader's community list is sent and matched once, not
    three times (bench/search.py).
    """
    if scope is None:
        return NOTHING
    kinds = list(kinds)
    content = [kind for kind in kinds if kind in CONTENT_KINDS]
    clauses = [Q("terms", type=content) & _idea(scope)] if content else []
    clauses += [
        Q("term", type=kind) & filter_for(scope, kind) for kind in kinds if kind not in content
    ]
    return Q("bool", should=clauses, minimum_should_match=1)

"""Type-ahead: people, communities and hashtags whose names start with what is
being typed, for the search box and the mention picker.

Elasticsearch answers with match_bool_prefix under the reader's filter
(search/filters.py); the database answers with istartswith over the policy's
querysets. Either way every suggestion is checked again against the database
policy before it is returned: the index is eventually consistent, so a person
who just left a community may still be listed there for a second.
"""

import re
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q as DbQ
from django.db.models import QuerySet
from django.urls import reverse
from elasticsearch.dsl import Q, Search

from network import access
from network.models import Community, Hashtag, User
from search.client import get_read_client
from search.documents import document_for
from search.fallback import answer
from search.filters import Scope, reader_filter, scope_of
from search.indices import alias_for
from search.results import SUGGEST_KINDS, Answer, Suggestion

Reader = User | AnonymousUser
Row = User | Community | Hashtag
Found = list[tuple[str, int]]  # (kind, id) in the index's order

MAX_TEXT = 100
# Room for suggestions the database re-check drops, so a stale index rarely
# leaves the box short.
OVERFETCH = 2
WORDS = 4


def cleaned(text: str) -> str:
    """What is typed, without the @ or # that says which kind is meant (and without
    NUL characters, which no name holds and PostgreSQL refuses)."""
    return (text or "")[:MAX_TEXT].replace("\x00", "").strip().lstrip("@#").strip()


def suggest(
    reader: Reader,
    text: str,
    *,
    kinds: Sequence[str] = SUGGEST_KINDS,
    community: Community | None = None,
    limit: int = 8,
) -> Answer:
    """At most `limit` suggestions the reader may see, people first, then
    communities, then hashtags (best matches first within each). With `community`
    (the mention picker) people are narrowed to those who can read it."""
    kinds = tuple(kind for kind in SUGGEST_KINDS if kind in kinds)
    text = cleaned(text)
    rows, backend, notice = answer(
        lambda: _from_elasticsearch(reader, text, kinds, community, limit),
        lambda: _from_database(reader, text, kinds, community, limit),
    )
    return Answer(items=[_suggestion(row) for row in rows], backend=backend, notice=notice)


# --- Elasticsearch --------------------------------------------------------------
def _matching(text: str, kinds: Iterable[str]) -> Q:
    if not text:
        return Q("match_all")
    # Every word typed, the last one as a prefix: "customer co" is not "Product Council".
    by_name = Q("match_bool_prefix", name={"query": text, "operator": "and"})
    if "person" in kinds:
        by_name |= Q("prefix", username={"value": text, "case_insensitive": True})
    return by_name


def _readers_of(community: Community) -> Q:
    """network.access.people_who_can_read over person documents."""
    readers = Q("term", community_ids=community.pk)
    if community.visibility == Community.Visibility.OPEN:
        readers |= Q("term", affiliation="employee")
    return Q("term", active=True) & readers


def _from_elasticsearch(
    reader: Reader, text: str, kinds: Sequence[str], community: Community | None, limit: int
) -> list[Row]:
    scope = scope_of(reader)
    aliases = ",".join(alias_for(document_for(kind)) for kind in kinds)
    search = (
        Search(using=get_read_client(), index=aliases)
        .query(_matching(text, kinds))
        .filter(reader_filter(scope, kinds))
        # Ties (everything, when nothing is typed yet) in the order of the names.
        .sort("_score", {"name.exact": {"order": "asc"}})
        .source(["type"])
        .extra(size=limit * OVERFETCH)
    )
    if community is not None:
        search = search.filter(~Q("term", type="person") | _readers_of(community))
    found = [(hit.type, int(hit.meta.id)) for hit in search.execute()]
    return _rechecked(reader, scope, found, community, limit)


def _rechecked(
    reader: Reader, scope: Scope | None, found: Found, community: Community | None, limit: int
) -> list[Row]:
    """The best `limit` rows of what the index found that the database policy still
    lets the reader see, grouped by kind (best first within each)."""
    if scope is None:
        return []
    ids = {kind: [pk for hit_kind, pk in found if hit_kind == kind] for kind in SUGGEST_KINDS}
    allowed = {
        "person": _people(reader, community).in_bulk(ids["person"]),
        "community": access.communities_visible_to(reader).in_bulk(ids["community"]),
        "hashtag": _hashtags(reader).in_bulk(ids["hashtag"]),
    }
    rows = [allowed[kind][pk] for kind, pk in found if pk in allowed[kind]][:limit]
    return sorted(rows, key=lambda row: SUGGEST_KINDS.index(_kind(row)))


# --- The database ---------------------------------------------------------------
def _people(reader: Reader, community: Community | None) -> QuerySet[User]:
    people = access.people_visible_to(reader).filter(is_active=True)
    if community is not None:
        people = people.filter(pk__in=access.people_who_can_read(community).values("pk"))
    return people


def _hashtags(reader: Reader) -> QuerySet[Hashtag]:
    readable = access.communities_readable_by(reader).values("pk")
    return Hashtag.objects.filter(
        pk__in=Hashtag.objects.filter(posts__community__in=readable).values("pk")
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)[:WORDS]


def _name_starts(fields: Sequence[str], text: str) -> DbQ:
    """Every typed word starts one of the fields' words."""
    condition = DbQ()
    for word in _words(text):
        starts = DbQ()
        for field in fields:
            starts |= DbQ(**{f"{field}__istartswith": word})
            starts |= DbQ(**{f"{field}__icontains": f" {word}"})
        condition &= starts
    return condition


def _from_database(
    reader: Reader, text: str, kinds: Sequence[str], community: Community | None, limit: int
) -> list[Row]:
    person_fields = ("username", "first_name", "last_name", "display_name")
    querysets = {
        "person": _people(reader, community)
        .filter(_name_starts(person_fields, text))
        .order_by("first_name", "last_name", "pk"),
        "community": access.communities_visible_to(reader)
        .filter(_name_starts(("name",), text))
        .order_by("name", "pk"),
        "hashtag": _hashtags(reader).filter(_name_starts(("name",), text)).order_by("name"),
    }
    rows: list[Row] = []
    for kind in kinds:
        rows += list(querysets[kind][: limit - len(rows)])
        if len(rows) >= limit:
            break
    return rows


# --- What the box shows -------------------------------------------------------
def _kind(row: Row) -> str:
    return {User: "person", Community: "community", Hashtag: "hashtag"}[type(row)]


def _suggestion(row: Row) -> Suggestion:
    if isinstance(row, User):
        return Suggestion(
            kind="person",
            id=row.pk,
            label=row.name,
            detail=row.title or row.get_affiliation_display(),
            value=f"@{row.username}",
            url=reverse("person", args=[row.pk]),
        )
    if isinstance(row, Community):
        return Suggestion(
            kind="community",
            id=row.pk,
            label=row.name,
            detail=row.get_audience_display(),
            value=row.name,
            url=reverse("community", args=[row.pk]),
        )
    return Suggestion(
        kind="hashtag",
        id=row.pk,
        label=f"#{row.name}",
        value=f"#{row.name}",
        url=reverse("hashtag", args=[row.name]),
    )


def people_of(suggested: Answer) -> list[User]:
    """The people suggested, as rows in their order (the mention picker's API shape)."""
    ids = [item.id for item in suggested.items if item.kind == "person"]
    by_id = User.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]

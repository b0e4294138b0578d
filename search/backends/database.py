"""Search in the database: the embedded default (SQLite, no Elasticsearch) and the
answer while Elasticsearch is unreachable. The same `Query` and `Results` as the
Elasticsearch backend, inside the access policy's querysets (search/visibility.py),
so nothing is ever re-checked: what these find is what the reader may see.

Simpler on purpose: words match as case-insensitive substrings (icontains, on
every database), there is no scoring, so "relevance" falls back to newest first,
and the counts and snippets come from the rows themselves.
"""

from datetime import UTC, datetime
from functools import reduce
from operator import and_, or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Model, Q, QuerySet
from django.utils.dateparse import parse_datetime

from network.models import User
from search import cursor as cursors
from search.facets import Counts, facet_values, selected
from search.presenting import hit_for
from search.query_text import ParsedText, parse
from search.results import FACETS, RESULT_KINDS, Query, Results
from search.serialize import queryset_for
from search.visibility import visible

BACKEND = "database"
TEXT_FIELDS = {
    "post": ("body",),
    "comment": ("body",),
    "idea": ("title", "body"),
    "person": ("display_name", "first_name", "last_name", "username", "title", "organisation"),
    "community": ("name", "description"),
    "hashtag": ("name",),
}
DATE_FIELDS = {"person": "date_joined", "hashtag": None}  # the rest: created_at
# The field each facet reads, per kind; a kind without it has no value for it.
FACET_FIELDS = {
    "community": {
        "post": "community_id",
        "comment": "post__community_id",
        "idea": "board__community_id",
    },
    "affiliation": {
        "post": "author__affiliation",
        "comment": "author__affiliation",
        "idea": "author__affiliation",
        "person": "affiliation",
    },
    "hashtag": {"post": "hashtags__name", "comment": "post__hashtags__name", "idea": "tags__name"},
    "stage": {"idea": "stage__name"},
}
RANK = {kind: position for position, kind in enumerate(RESULT_KINDS)}
NOTHING = Q(pk__in=[])
EARLIEST = datetime.min.replace(tzinfo=UTC)


def date_field(kind: str) -> str | None:
    return DATE_FIELDS.get(kind, "created_at")


def _any_field(kind: str, text: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__icontains": text}) for field in TEXT_FIELDS[kind]))


def text_filter(kind: str, parsed: ParsedText) -> Q:
    """Every word and phrase somewhere in the row's text; no excluded one anywhere."""
    clauses = [_any_field(kind, term) for term in parsed.wanted]
    clauses += [~_any_field(kind, term) for term in parsed.excluded]
    return reduce(and_, clauses, Q())


def date_filter(kind: str, query: Query) -> Q:
    field = date_field(kind)
    if not (query.since or query.until):
        return Q()
    if field is None:  # undated (hashtags): outside any date range
        return NOTHING
    clause = Q()
    if query.since:
        clause &= Q(**{f"{field}__date__gte": query.since})
    if query.until:
        clause &= Q(**{f"{field}__date__lte": query.until})
    return clause


def facet_filter(kind: str, facet: str, values: tuple[str, ...]) -> Q:
    if facet == "type":
        return Q() if kind in values else NOTHING
    field = FACET_FIELDS[facet].get(kind)
    if field is None:
        return NOTHING
    if facet == "community":
        values = tuple(int(value) for value in values if value.isdigit())
    # A subquery, so that a many-valued field (hashtags) never repeats a row.
    model = queryset_for(kind).model
    return Q(pk__in=model.objects.filter(**{f"{field}__in": values}).values("pk"))


def selection(kind: str, query: Query, *, but: str | None = None) -> Q:
    """Every selected facet's filter for one kind, except the facet `but`."""
    chosen = selected(query)
    return reduce(
        and_,
        (
            facet_filter(kind, facet, values)
            for facet, values in chosen.items()
            if values and facet != but
        ),
        Q(),
    )


def matching(reader: User | AnonymousUser, kind: str, query: Query, parsed: ParsedText) -> QuerySet:
    return visible(reader, kind).filter(text_filter(kind, parsed), date_filter(kind, query))


def count_facets(reader: User | AnonymousUser, query: Query, parsed: ParsedText) -> Counts:
    counts: Counts = {facet: {} for facet in FACETS}
    for kind in RESULT_KINDS:
        base = matching(reader, kind, query, parsed)
        counts["type"][kind] = base.filter(selection(kind, query, but="type")).count()
        for facet in FACETS[1:]:
            field = FACET_FIELDS[facet].get(kind)
            if field is None:
                continue
            rows = (
                base.filter(selection(kind, query, but=facet))
                .exclude(**{f"{field}__isnull": True})
                .values(field)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
            for row in rows:
                value = str(row[field])
                counts[facet][value] = counts[facet].get(value, 0) + row["n"]
    return counts


def _sort_key(kind: str, row: Model) -> tuple:
    """Newest first across kinds; undated rows (hashtags) last; then kind, then id."""
    field = date_field(kind)
    moment = getattr(row, field) if field else None
    return (int(moment is not None), moment or EARLIEST, RANK[kind], row.pk)


def _cursor_values(key: tuple) -> tuple:
    dated, moment, rank, pk = key
    return (dated, moment.isoformat() if dated else "", rank, pk)


def after_cursor(kind: str, after: tuple) -> Q:
    """Rows that come after the cursor's (dated?, moment, kind rank, id), newest first."""
    dated, moment, rank, pk = after
    field = date_field(kind)
    if field is None:
        if dated:
            return Q()
        return Q(pk__lt=pk) if RANK[kind] == rank else Q() if RANK[kind] < rank else NOTHING
    if not dated:
        return NOTHING
    when = parse_datetime(moment)
    if when is None:
        raise cursors.InvalidCursor("This is not a valid cursor.")
    same_moment = Q(**{field: when})
    if RANK[kind] == rank:
        same_moment &= Q(pk__lt=pk)
    elif RANK[kind] > rank:
        same_moment = NOTHING
    return Q(**{f"{field}__lt": when}) | same_moment


def _after(query: Query) -> tuple | None:
    if not query.cursor:
        return None
    cursor = cursors.decode_for(query.cursor, backend=BACKEND, sort=query.sort, length=4)
    dated, moment, rank, pk = cursor.after
    if not (
        dated in (0, 1)
        and isinstance(moment, str)
        and isinstance(rank, int)
        and isinstance(pk, int)
    ):
        raise cursors.InvalidCursor("This is not a valid cursor.")
    return (dated, moment, rank, pk)


def search(reader: User | AnonymousUser, query: Query) -> Results:
    """A page of what the reader may see, newest first (relevance too: no scores
    here), and the facets' counts; a keyset cursor continues it."""
    parsed = parse(query.text)
    after = _after(query)
    candidates = []
    for kind in RESULT_KINDS:
        rows = matching(reader, kind, query, parsed).filter(selection(kind, query))
        if after is not None:
            rows = rows.filter(after_cursor(kind, after))
        field = date_field(kind)
        order = [f"-{field}", "-pk"] if field else ["-pk"]
        candidates += [(kind, row) for row in rows.distinct().order_by(*order)[: query.size + 1]]
    candidates.sort(key=lambda item: _sort_key(*item), reverse=True)
    page = candidates[: query.size]
    next_cursor = None
    if len(candidates) > query.size:
        last = _cursor_values(_sort_key(*page[-1]))
        next_cursor = cursors.encode(cursors.Cursor(BACKEND, query.sort, last))
    return Results(
        hits=[hit_for(kind, row, parsed.wanted) for kind, row in page],
        facets=facet_values(count_facets(reader, query, parsed), query, reader),
        next_cursor=next_cursor,
        backend=BACKEND,
    )

"""Search on Elasticsearch (decision 0015): the text query scores, the reader's
filter (search/filters.py) only filters, facets count under that filter, and
every hit is re-checked against the access policy before it is shown.

All result kinds are searched at once, through their aliases: the type is a facet
like the others (multi-select: each facet counts with every other selection
applied, and the hits get all of them as a post_filter).
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from elasticsearch.dsl import A, AttrDict, Q, Search
from elasticsearch.dsl.query import Query as EsQuery

from network import membership_memo
from network.models import User
from search import cursor as cursors
from search.client import get_read_client
from search.documents import document_for
from search.facets import FACET_SIZE, Counts, facet_values, selected
from search.filters import reader_filter, scope_of
from search.indices import alias_for
from search.presenting import hit_for
from search.query_text import ParsedText, parse
from search.results import FACETS, RESULT_KINDS, Hit, Query, Results, Sort
from search.visibility import visible_rows

BACKEND = "elasticsearch"
# Names and titles weigh more than bodies; an idea is also found by its tags (a
# post's hashtags are words of its body already; a comment's are its post's).
FIELDS = [
    "name^4",
    "title^3",
    "username^3",
    "tags^2",
    "organisation",
    "department",
    "description",
    "body",
]
SORTS = {
    Sort.RELEVANCE: ["_score", {"created_at": {"order": "desc", "missing": "_last"}}, "-key"],
    Sort.NEWEST: [{"created_at": {"order": "desc", "missing": "_last"}}, "-key"],
}
FACET_FIELDS = {
    "type": ("type",),
    "community": ("community_id",),
    # The author's, for content; the person's own, for people.
    "affiliation": ("author_affiliation", "affiliation"),
    "hashtag": ("hashtags",),
    "stage": ("stage",),
}
ROUNDS = 4  # fetches per page at most, when re-checking drops hits


def _matching(text: str, *, phrase: bool) -> EsQuery:
    if phrase:
        return Q("multi_match", query=text, fields=FIELDS, type="phrase")
    return Q("multi_match", query=text, fields=FIELDS, operator="and")


def text_query(parsed: ParsedText) -> EsQuery:
    """Every word and phrase must match somewhere; no excluded one may."""
    must = [_matching(word, phrase=False) for word in parsed.words]
    must += [_matching(phrase, phrase=True) for phrase in parsed.phrases]
    must_not = [_matching(word, phrase=False) for word in parsed.excluded_words]
    must_not += [_matching(phrase, phrase=True) for phrase in parsed.excluded_phrases]
    return Q("bool", must=must or [Q("match_all")], must_not=must_not)


def date_range(since: date | None, until: date | None) -> list[EsQuery]:
    """created_at within whole days, both ends included."""
    bounds = {}
    if since:
        bounds["gte"] = f"{since.isoformat()}||/d"
    if until:
        bounds["lte"] = f"{until.isoformat()}||/d"  # rounded up: the end of that day
    if not bounds:
        return []
    return [Q("range", created_at={**bounds, "time_zone": settings.TIME_ZONE})]


def facet_filter(facet: str, values: tuple[str, ...]) -> EsQuery:
    clauses = [Q("terms", **{field: list(values)}) for field in FACET_FIELDS[facet]]
    return Q("bool", should=clauses, minimum_should_match=1)


def selection_filters(query: Query) -> dict[str, EsQuery]:
    return {
        facet: facet_filter(facet, values) for facet, values in selected(query).items() if values
    }


def _all_of(clauses: list[EsQuery]) -> EsQuery:
    return Q("bool", filter=clauses) if clauses else Q("match_all")


def _bucket_name(facet: str, field: str) -> str:
    return f"{facet}__{field}"


def add_facets(search: Search, chosen: dict[str, EsQuery]) -> Search:
    """Each facet counts under every selection but its own (multi-select). A facet
    with no other selection to apply counts at the top level: a filter bucket
    matching everything would only cost time."""
    for facet in FACETS:
        others = [clause for name, clause in chosen.items() if name != facet]
        parent = search.aggs
        if others:
            parent = search.aggs.bucket(facet, A("filter", filter=_all_of(others)))
        for field in FACET_FIELDS[facet]:
            parent.bucket(_bucket_name(facet, field), A("terms", field=field, size=FACET_SIZE))
    return search


def counts_of(aggregations: AttrDict) -> Counts:
    counts: Counts = {}
    for facet in FACETS:
        parent = aggregations[facet] if facet in aggregations else aggregations
        values: dict[str, int] = {}
        for field in FACET_FIELDS[facet]:
            for bucket in parent[_bucket_name(facet, field)].buckets:
                value = str(bucket.key)
                values[value] = values.get(value, 0) + bucket.doc_count
        counts[facet] = values
    return counts


def build(reader: User | AnonymousUser, query: Query, parsed: ParsedText) -> Search:
    aliases = [alias_for(document_for(kind)) for kind in RESULT_KINDS]
    client = get_read_client()
    chosen = selection_filters(query)
    reader_clause = reader_filter(scope_of(reader), RESULT_KINDS)
    search = Search(using=client, index=",".join(aliases)).query(
        Q(
            "bool",
            must=[text_query(parsed)],
            filter=[reader_clause, *date_range(query.since, query.until)],
        )
    )
    if chosen:
        search = search.post_filter(_all_of(list(chosen.values())))
    return search.sort(*SORTS[query.sort]).source(["type", "key", "created_at"])


def recheck(reader: User | AnonymousUser, es_hits: list) -> dict[tuple[str, int], object]:
    """The rows the policy lets the reader see now: one query per kind."""
    ids: dict[str, list[int]] = {}
    for es_hit in es_hits:
        ids.setdefault(es_hit.type, []).append(int(es_hit.meta.id))
    rows = {}
    for kind, pks in ids.items():
        for row in visible_rows(reader, kind, pks):
            rows[kind, row.pk] = row
    return rows


def _after(query: Query) -> list | None:
    """The cursor's sort values, checked to be what this sort's fields hold (numbers,
    then the key), so that an edited cursor is refused rather than sent on."""
    if not query.cursor:
        return None
    length = len(SORTS[query.sort])
    cursor = cursors.decode_for(query.cursor, backend=BACKEND, sort=query.sort, length=length)
    *numbers, key = cursor.after
    if not (isinstance(key, str) and all(isinstance(value, int | float) for value in numbers)):
        raise cursors.InvalidCursor("This is not a valid cursor.")
    return list(cursor.after)


def search(reader: User | AnonymousUser, query: Query) -> Results:
    """A page of hits the reader may see, in order, with the facets' counts.

    Hits the policy no longer shows (the index lags a moment behind a moderator
    or a membership change) are dropped, and more are fetched so that the page
    still fills; the cursor continues after the last hit looked at.
    """
    # The reader's memberships, read once for the query (scope_of), answer the re-check.
    with membership_memo.remembering():
        return _search(reader, query)


def _search(reader: User | AnonymousUser, query: Query) -> Results:
    after = _after(query)
    parsed = parse(query.text)
    base = build(reader, query, parsed)
    # A few spare hits for those the re-check drops (rare: the index lags by about a
    # second).
    fetch = query.size + 5
    hits: list[Hit] = []
    counts: Counts = {}
    last_sort, exhausted = None, False
    for round_number in range(ROUNDS):
        # No total: nothing shows one, and counting every match exactly keeps
        # Elasticsearch from skipping those that cannot make the page.
        page = base.extra(size=fetch, track_total_hits=False)
        if round_number == 0:
            page = add_facets(page, selection_filters(query))
        if after is not None:
            page = page.extra(search_after=after)
        response = page.execute()
        if round_number == 0:
            counts = counts_of(response.aggregations)
        es_hits = list(response.hits)
        rows = recheck(reader, es_hits)
        for es_hit in es_hits:
            last_sort = list(es_hit.meta.sort)
            row = rows.get((es_hit.type, int(es_hit.meta.id)))
            if row is not None:
                hits.append(hit_for(es_hit.type, row, parsed.wanted, whole_words=True))
            if len(hits) == query.size:
                break
        exhausted = len(es_hits) < fetch and (
            not es_hits or last_sort == list(es_hits[-1].meta.sort)
        )
        if len(hits) == query.size or exhausted:
            break
        after = last_sort
    next_cursor = None
    if last_sort is not None and not exhausted:
        next_cursor = cursors.encode(cursors.Cursor(BACKEND, query.sort, tuple(last_sort)))
    return Results(
        hits=hits,
        facets=facet_values(counts, query, reader),
        next_cursor=next_cursor,
        backend=BACKEND,
    )

"""The home feed, built at read time: newest first, or "top" (engagement with time
decay). Decision 0008 explains the shape; docs/network.md ("Feeds") the rules.

A page is two queries before its polls and "Visible to" counts:

1. ``feed_scope``: the reader's memberships, follows and the communities they may
   read (``access.communities_readable_by``), in one small query.
2. the page: its candidates come from LATERAL joins over the reader's communities,
   followed people and followed hashtags, each walking its own index newest first
   and stopping at the page, so a page reads a few hundred index entries whether
   the feed is dense or sparse and however deep the reader scrolls. The page
   itself is then read through ``access.posts_visible_to`` (access first, always)
   with its engagement.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import (
    BigIntegerField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Power
from django.utils import timezone

from network import access
from network.models import Comment, Follow, Membership, Post, Reaction, User
from network.selectors import count_per_post, with_engagement

# "Top" ranks the newest TOP_CANDIDATES posts of the reader's feed written in the
# TOP_WINDOW before the page's snapshot time; it pages through them by number.
TOP_WINDOW = timedelta(days=7)
TOP_CANDIDATES = 200
TOP_GRAVITY = 1.5
# How long one "top" snapshot may be paged before a reader starts afresh.
TOP_SNAPSHOT_AGE = timedelta(hours=6)


@dataclass(frozen=True)
class FeedScope:
    """Where a person's home feed comes from, all of it readable by them."""

    communities: tuple[int, ...]  # every post of these: memberships, followed ones
    people: tuple[int, ...]  # followed people...
    hashtags: tuple[int, ...]  # ...and hashtags, looked for in `elsewhere`
    elsewhere: tuple[int, ...]  # the other communities the person may read


def feed_scope(user: User) -> FeedScope:
    """The reader's memberships, follows and readable communities, in one query."""
    if not user.is_authenticated:
        return FeedScope((), (), (), ())
    none = Cast(Value(None), BigIntegerField())  # typed, or UNION cannot match the columns
    columns = ("scope_community", "scope_person", "scope_hashtag", "scope_readable")
    memberships = (
        Membership.objects.filter(user=user)
        .annotate(
            scope_community=F("community_id"),
            scope_person=none,
            scope_hashtag=none,
            scope_readable=none,
        )
        .values_list(*columns)
        .order_by()  # no ORDER BY inside a UNION (SQLite refuses it)
    )
    follows = (
        Follow.objects.filter(follower=user)
        .annotate(
            scope_community=F("community_id"),
            scope_person=F("person_id"),
            scope_hashtag=F("hashtag_id"),
            scope_readable=none,
        )
        .values_list(*columns)
        .order_by()  # no ORDER BY inside a UNION (SQLite refuses it)
    )
    readable = (
        access.communities_readable_by(user)
        .annotate(
            scope_community=none,
            scope_person=none,
            scope_hashtag=none,
            scope_readable=F("pk"),
        )
        .values_list(*columns)
        .order_by()  # no ORDER BY inside a UNION (SQLite refuses it)
    )
    rows = list(memberships.union(follows, readable, all=True))
    can_read = {row[3] for row in rows if row[3] is not None}
    # A followed community the person may no longer read adds nothing.
    communities = {row[0] for row in rows if row[0] is not None} & can_read
    return FeedScope(
        communities=tuple(sorted(communities)),
        people=tuple(sorted({row[1] for row in rows if row[1] is not None})),
        hashtags=tuple(sorted({row[2] for row in rows if row[2] is not None})),
        elsewhere=tuple(sorted(can_read - communities)),
    )


def _lateral(
    source: str,
    ids: tuple[int, ...],
    limit: int,
    *,
    before: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    within: tuple[int, ...] | None = None,
) -> tuple[str, list]:
    """``limit`` posts for each id of a source (community, author, hashtag) on
    PostgreSQL: a LATERAL join over the ids walks each one's own index newest
    first, and is planned once however many ids there are."""
    posts, tags = Post._meta.db_table, Post.hashtags.through._meta.db_table
    tables, key, post_id = {
        "community": (f"{posts} post", "post.community_id", "post.id"),
        "author": (f"{posts} post", "post.author_id", "post.id"),
        "hashtag": (
            f"{tags} tag JOIN {posts} post ON post.id = tag.post_id",
            "tag.hashtag_id",
            "tag.post_id",  # bounds the walk of the (hashtag, post) index
        ),
    }[source]
    where, params = [f"{key} = scope.id", "post.deleted_at IS NULL"], [list(ids)]
    for condition, value in (
        ("post.community_id = ANY(%s::bigint[])", list(within or ())),
        (f"{post_id} < %s", before),
        ("post.created_at > %s", since),
        ("post.created_at <= %s", until),
    ):
        if value:
            where.append(condition)
            params.append(value)
    order = "post.created_at DESC, post.id DESC" if since else f"{post_id} DESC"
    sql = (
        "SELECT page.id, page.created_at FROM unnest(%s::bigint[]) AS scope(id) "  # noqa: S608
        f"CROSS JOIN LATERAL (SELECT post.id, post.created_at FROM {tables} "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s) AS page"
    )
    return sql, [*params, limit]


def _branches_postgresql(
    scope: FeedScope,
    limit: int,
    *,
    before: int | None,
    since: datetime | None,
    until: datetime | None,
) -> list[tuple[str, list]]:
    branches = []
    if scope.communities:
        branches.append(
            _lateral("community", scope.communities, limit, before=before, since=since, until=until)
        )
    if scope.elsewhere:
        # Their rows older than a window are dropped afterwards: a third is plenty.
        few = limit if since is None else max(limit // 3, 1)
        elsewhere = {"before": before, "until": until, "within": scope.elsewhere}
        if scope.people:
            branches.append(_lateral("author", scope.people, few, **elsewhere))
        if scope.hashtags:
            branches.append(_lateral("hashtag", scope.hashtags, few, **elsewhere))
    return branches


def _branches(
    scope: FeedScope,
    limit: int,
    *,
    before: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[str, list]]:
    """Small, index-ordered queries, one per source, each cut at ``limit`` rows, as SQL:
    posts older than the post ``before``, or written between ``since`` and ``until``.

    Posts of followed people and hashtags are looked for only in the readable
    communities outside the scope's own: that keeps the branches disjoint from the
    per-community ones and away from what the reader may not read.

    In a window of time, communities are walked by date on their (community,
    created_at) index and stop at the window's start. Hashtags and people are
    always walked by id, the order of their indexes: a date condition there makes
    PostgreSQL read every recent post of the company instead, so the window's start
    is applied to their rows afterwards (_candidates).
    """
    if connection.vendor == "postgresql":
        return _branches_postgresql(scope, limit, before=before, since=since, until=until)
    # Elsewhere (SQLite, the embedded default): one query per community, person
    # and hashtag.
    posts = Post.objects.filter(deleted_at__isnull=True)
    if before is not None:
        posts = posts.filter(pk__lt=before)
    if until is not None:
        posts = posts.filter(created_at__lte=until)
    in_community = posts.order_by("-pk")
    if since is not None:
        in_community = posts.filter(created_at__gt=since).order_by("-created_at", "-pk")
    branches = [in_community.filter(community_id=c) for c in scope.communities]
    if scope.elsewhere:
        elsewhere = posts.filter(community_id__in=scope.elsewhere).order_by("-pk")
        branches += [elsewhere.filter(author_id=person) for person in scope.people]
        branches += [elsewhere.filter(hashtags=hashtag) for hashtag in scope.hashtags]
    return [
        branch.values("id", "created_at")[:limit].query.sql_with_params() for branch in branches
    ]


def _candidates(
    branches: list[tuple[str, list]], *, order: str, limit: int, since: datetime | None = None
) -> RawSQL | None:
    """SELECT id FROM (branch UNION branch ...) ORDER BY ... LIMIT: the page's ids.

    Written out because Django cannot put a UNION of LIMITed queries in an IN;
    each branch is wrapped in a derived table so SQLite accepts it too.
    """
    if not branches:
        return None
    parts, params = [], []
    for number, (sql, branch_params) in enumerate(branches):
        parts.append(f"SELECT * FROM ({sql}) AS source_{number}")  # noqa: S608 -- our SQL
        params.extend(branch_params)
    union = " UNION ".join(parts)
    where = ""
    if since is not None:
        where = " WHERE created_at > %s"
        params.append(since)
    return RawSQL(  # noqa: S611 -- composed of ORM-compiled SQL and parameters only
        f"SELECT id FROM ({union}) AS feed{where} ORDER BY {order} LIMIT %s",  # noqa: S608
        (*params, limit),
    )


def home_feed(user: User, *, before: int | None = None, size: int = 20) -> QuerySet[Post]:
    """Up to ``size + 1`` posts of the person's home feed, newest first, older than
    the post id ``before`` (the cursor); the extra post says there is a next page.

    Access first: the candidates come only from communities the person may read,
    and the page is read through access.posts_visible_to, which may still set some
    aside (a row-level rule such as moderation's hiding). Twice the page's worth of
    candidates keeps such posts from cutting a page short and ending the feed.
    """
    scope = feed_scope(user)
    wanted = 2 * size + 1
    branches = _branches(scope, wanted, before=before)
    ids = _candidates(branches, order="id DESC", limit=wanted)
    if ids is None:
        return Post.objects.none()
    posts = access.posts_visible_to(user).filter(pk__in=ids).order_by("-pk")
    return with_engagement(posts, user)[: size + 1]


class EpochSeconds(Func):
    """A timestamp in seconds since 1970, on PostgreSQL and on SQLite."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler: object, connection: object, **extra: object) -> tuple:
        template = "CAST(strftime('%%%%s', %(expressions)s) AS REAL)"
        return self.as_sql(compiler, connection, template=template, **extra)


def top_score(as_of: datetime) -> ExpressionWrapper:
    """(reactions + 2 x comments + 1) / (age in hours at ``as_of`` + 2) ^ 1.5"""
    age_hours = (Value(as_of.timestamp()) - EpochSeconds("created_at")) / Value(3600.0)
    engagement = (
        count_per_post(Reaction.objects.all())
        + Value(2) * count_per_post(Comment.objects.filter(deleted_at__isnull=True))
        + Value(1)
    )
    return ExpressionWrapper(
        Cast(engagement, FloatField()) / Power(age_hours + Value(2.0), Value(TOP_GRAVITY)),
        output_field=FloatField(),
    )


def top_snapshot(value: str | None) -> datetime:
    """The snapshot time a "top" page ranks at: the one its reader is paging (an
    ISO 8601 time from the previous page's link), or now for a first page, a
    malformed one, one from the future, or one older than TOP_SNAPSHOT_AGE."""
    now = timezone.now()
    try:
        as_of = datetime.fromisoformat(value or "")
    except ValueError:
        return now
    if as_of.tzinfo is None:
        return now
    return as_of if now - TOP_SNAPSHOT_AGE <= as_of <= now else now


def home_feed_top(user: User, *, as_of: datetime, page: int = 1, size: int = 20) -> QuerySet[Post]:
    """Page ``page`` (from 1) of the home feed ranked by engagement with time decay,
    ``size + 1`` posts at most (the extra one says there is a next page).

    Ranks the newest TOP_CANDIDATES posts of the feed written in the TOP_WINDOW
    before ``as_of``, with their ages taken at ``as_of``: every page of one
    snapshot ranks the same posts on the same clock (decision 0008).
    """
    offset = (page - 1) * size
    if offset >= TOP_CANDIDATES:
        return Post.objects.none()
    since = as_of - TOP_WINDOW
    scope = feed_scope(user)
    branches = _branches(scope, TOP_CANDIDATES, since=since, until=as_of)
    ids = _candidates(branches, order="created_at DESC, id DESC", limit=TOP_CANDIDATES, since=since)
    if ids is None:
        return Post.objects.none()
    # Rank the candidates by their ids and counts alone; then read the page with
    # its authors, communities and engagement for its own posts only.
    ranked = (
        access.posts_visible_to(user)
        .filter(pk__in=ids)
        .annotate(score=top_score(as_of))
        .order_by("-score", "-pk")
        .values("pk")[offset : min(offset + size + 1, TOP_CANDIDATES)]
    )
    posts = (
        access.posts_visible_to(user)
        .filter(pk__in=ranked)
        .annotate(score=top_score(as_of))
        .order_by("-score", "-pk")
    )
    return with_engagement(posts, user)

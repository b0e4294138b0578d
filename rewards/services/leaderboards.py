"""Leaderboards: who earned the most points in a period, read from the ledger.

Earned means what came into wallets as awards and HR's adjustments, less their
reversals, dated by the entry (a reversal counts in the period it was made). A
community's board counts the awards earned by that community's activities
(`Transfer.activity`). A department's board counts its people.

Opting out hides a person from every board; their points still count (in the
board's total, and in their wallet). A reader sees only the people they may see
(network.access.people_visible_to), and a community's board only if they may read
the community.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

import activity
from network import access
from network.models import Community, User
from rewards.models import Account, Entry, LeaderboardPreference, Transfer

PERIODS = ("week", "month", "all")
EARNED = (Transfer.Kind.AWARD, Transfer.Kind.ADJUSTMENT)
MAX_ROWS = 100


@dataclass(frozen=True)
class Row:
    rank: int
    person: User
    points: int


@dataclass(frozen=True)
class Board:
    period: str
    since: datetime | None
    community: Community | None
    department: str
    total_points: int  # everyone's, listed or not
    rows: list[Row]


def period_start(period: str, now: datetime | None = None) -> datetime | None:
    """The start of the current ISO week or calendar month, in the site's time zone."""
    now = timezone.localtime(now or timezone.now())
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return None


def _earned_entries(since: datetime | None, until: datetime) -> QuerySet[Entry]:
    entries = Entry.objects.filter(account__kind=Account.Kind.WALLET, created_at__lte=until)
    entries = entries.filter(
        Q(transfer__kind__in=EARNED)
        | Q(transfer__kind=Transfer.Kind.REVERSAL, transfer__reverses__kind__in=EARNED)
    )
    return entries.filter(created_at__gte=since) if since is not None else entries


def _in_community(entries: QuerySet[Entry], community: Community) -> QuerySet[Entry]:
    """Awards (and their reversals) earned by the community's activities."""
    return entries.filter(
        Q(transfer__kind=Transfer.Kind.AWARD, transfer__activity__community=community)
        | Q(
            transfer__kind=Transfer.Kind.REVERSAL,
            transfer__reverses__kind=Transfer.Kind.AWARD,
            transfer__reverses__activity__community=community,
        )
    )


def leaderboard(
    *,
    reader: User,
    period: str = "all",
    community: Community | None = None,
    department: str = "",
    at: datetime | None = None,
) -> Board:
    """The board for a period, optionally one community's or one department's, as it
    stood at `at` (now). The caller checked that the reader may read the community
    (access_readable_community)."""
    at = at or timezone.now()
    since = period_start(period, at)
    entries = _earned_entries(since, at)
    if community is not None:
        entries = _in_community(entries, community)
    if department:
        entries = entries.filter(account__owner__department__iexact=department)
    total = entries.aggregate(total=Sum("amount"))["total"] or 0
    visible = access.people_visible_to(reader).filter(is_active=True).values("pk")
    standings = (
        entries.filter(account__owner__in=visible)
        .exclude(account__owner__leaderboard_preference__listed=False)
        .values("account__owner")
        .annotate(points=Sum("amount"))
        .filter(points__gt=0)
        .order_by("-points", "account__owner")[:MAX_ROWS]
    )
    standings = list(standings)
    people = User.objects.in_bulk([row["account__owner"] for row in standings])
    rows, rank, previous = [], 0, None
    for position, row in enumerate(standings, start=1):
        if row["points"] != previous:  # ties share a rank: 1, 1, 3
            rank, previous = position, row["points"]
        rows.append(Row(rank=rank, person=people[row["account__owner"]], points=row["points"]))
    return Board(period, since, community, department, total, rows)


def access_readable_community(reader: User, community_id: int) -> Community:
    """A community whose board the reader may see: one they may read. Otherwise 404,
    like the community's content."""
    community = access.access_community(reader, community_id)
    if not access.can_read_community(reader, community):
        raise access.NotFound("No such community.")
    return community


def is_listed(person: User) -> bool:
    preference = LeaderboardPreference.objects.filter(person=person).first()
    return preference is None or preference.listed


def listing_set(*, actor: User, listed: bool) -> bool:
    """A person chooses whether leaderboards list them (their points count either way)."""
    with transaction.atomic():
        LeaderboardPreference.objects.update_or_create(person=actor, defaults={"listed": listed})
        activity.record(
            actor=actor,
            verb="leaderboard.listing_changed",
            object_type="user",
            object_id=actor.pk,
            payload={"listed": listed},
        )
    return listed

"""Reads of the ledger for HR and for a person: one's ledger, the programme's
reports and its audit trail. The HR console's pages and the REST API share them,
so both show the same figures. Callers check who may read what (HR, or the
person themselves); these functions only shape it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from activity.models import Activity
from network.access import one_or_none
from network.models import User
from rewards.models import Account, Entry, Transfer

PAGE_SIZE = 50
PERIODS = ("week", "month", "quarter", "year")
NO_DEPARTMENT = "(no department)"

# The programme's history in the activity stream: points moving, rules, badges,
# redemptions, the catalog, sharing and budgets.
AUDIT_PREFIXES = (
    "points.",
    "rule.",
    "reward_rule.",
    "badge.",
    "redemption.",
    "item.",
    "reward_item.",
    "share.",
    "budget.",
)
EARNING_KINDS = (Transfer.Kind.AWARD, Transfer.Kind.ADJUSTMENT)


# --- People and their ledgers ---------------------------------------------------------


def find_people(query: str) -> QuerySet[User]:
    """People whose name, username or email contains the query, by name."""
    people = User.objects.all()
    for word in (query or "").split()[:5]:
        people = people.filter(
            Q(display_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    return people.order_by("display_name", "last_name", "first_name", "pk")


@dataclass(frozen=True)
class PersonLedger:
    person: User
    balance: int
    held: int
    transfers: list[Transfer]
    # The id to ask for the next (older) page with, None on the last page.
    older: int | None


def transfers_of(person: User) -> QuerySet[Transfer]:
    """Every transfer touching the person's accounts, newest first, each with what
    it did to their wallet and their hold (`wallet_amount`, `hold_amount`)."""
    mine = Q(entries__account__owner=person)
    return (
        Transfer.objects.filter(
            pk__in=Entry.objects.filter(account__owner=person).values("transfer")
        )
        .annotate(
            wallet_amount=Sum("entries__amount", filter=mine & Q(entries__account__kind="wallet")),
            hold_amount=Sum("entries__amount", filter=mine & Q(entries__account__kind="hold")),
        )
        .select_related("actor", "rule_version__rule", "reverses", "reversal")
        .order_by("-pk")
    )


def balance_of(kind: str, person: User) -> int:
    """An account's balance; none yet is zero (accounts are made on first use)."""
    account = one_or_none(Account.objects.all(), key=f"{kind}:{person.pk}")
    return account.balance if account is not None else 0


def ledger_of(person: User, *, before: int | None = None, size: int = PAGE_SIZE) -> PersonLedger:
    """A page of the person's ledger: the transfers older than `before` (keyset by id,
    so a page never shifts while new transfers arrive)."""
    found = transfers_of(person)
    if before is not None:
        found = found.filter(pk__lt=before)
    page = list(found[: size + 1])
    older = page[size - 1].pk if len(page) > size else None
    return PersonLedger(
        person=person,
        balance=balance_of(Account.Kind.WALLET, person),
        held=balance_of(Account.Kind.HOLD, person),
        transfers=page[:size],
        older=older,
    )


# --- Reports --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    name: str
    start: datetime  # included
    end: datetime  # excluded

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.end - timedelta(days=1)).date()


def period_of(name: str, day: date) -> Period:
    """The week (from Monday), month, quarter or year holding `day`, in the site's
    time zone, as [start, end)."""
    if name == "week":
        first = day - timedelta(days=day.weekday())
        after = first + timedelta(days=7)
    elif name == "month":
        first = day.replace(day=1)
        after = _add_months(first, 1)
    elif name == "quarter":
        first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        after = _add_months(first, 3)
    elif name == "year":
        first = day.replace(month=1, day=1)
        after = first.replace(year=first.year + 1)
    else:
        raise ValueError(f"A period is one of {', '.join(PERIODS)}.")
    zone = timezone.get_default_timezone()
    return Period(
        name=name,
        start=datetime.combine(first, time.min, tzinfo=zone),
        end=datetime.combine(after, time.min, tzinfo=zone),
    )


def _add_months(first: date, months: int) -> date:
    month = first.month - 1 + months
    return first.replace(year=first.year + month // 12, month=month % 12 + 1)


def period_asked(params: Mapping[str, str]) -> Period:
    """The period asked for (`period`, default month; `date`, default today in the
    site's time zone); a 400 by field otherwise."""
    errors = {}
    name = params.get("period") or "month"
    if name not in PERIODS:
        errors["period"] = f"Choose among {', '.join(PERIODS)}."
    raw = params.get("date") or ""
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        errors["date"] = "Give a date as YYYY-MM-DD."
    if not errors:
        try:
            return period_of(name, day)
        except (ValueError, OverflowError):  # the year 9999 has no next one
            errors["date"] = "Give a date between the years 1 and 9998."
    raise ValidationError(errors)


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    issued: int
    redeemed: int
    outstanding: int


@dataclass(frozen=True)
class Report:
    period: Period
    issued: int
    redeemed: int
    outstanding: int
    departments: list[DepartmentFigures]


def _issued() -> Q:
    """Wallet entries that issue points: awards, adjustments (either sign) and the
    reversals of either."""
    return Q(account__kind=Account.Kind.WALLET) & (
        Q(transfer__kind__in=EARNING_KINDS)
        | Q(transfer__kind=Transfer.Kind.REVERSAL, transfer__reverses__kind__in=EARNING_KINDS)
    )


def _redeemed() -> Q:
    """Hold entries that spend points: settlements and their reversals."""
    return Q(account__kind=Account.Kind.HOLD) & (
        Q(transfer__kind=Transfer.Kind.SETTLEMENT)
        | Q(
            transfer__kind=Transfer.Kind.REVERSAL,
            transfer__reverses__kind=Transfer.Kind.SETTLEMENT,
        )
    )


def report(period: Period) -> Report:
    """Points issued and redeemed in the period, per department of the person whose
    wallet or hold they reached, and what is owed now (two aggregate queries)."""
    moved = (
        Entry.objects.filter(
            transfer__created_at__gte=period.start, transfer__created_at__lt=period.end
        )
        .values("account__owner__department")
        .annotate(
            issued=Sum("amount", filter=_issued(), default=0),
            # Settlements take points out of the hold: a negative entry.
            spent=Sum("amount", filter=_redeemed(), default=0),
        )
    )
    owed = (
        Account.objects.filter(kind__in=[Account.Kind.WALLET, Account.Kind.HOLD])
        .values("owner__department")
        .annotate(total=Sum("balance", default=0))
    )
    figures: dict[str, list[int]] = {
        department: [0, 0, 0]
        for department in User.objects.values_list("department", flat=True).distinct()
    }
    for row in moved:
        line = figures.setdefault(row["account__owner__department"] or "", [0, 0, 0])
        line[0] += row["issued"]
        line[1] -= row["spent"]
    for row in owed:
        figures.setdefault(row["owner__department"] or "", [0, 0, 0])[2] += row["total"]
    departments = [
        DepartmentFigures(name or NO_DEPARTMENT, *numbers)
        for name, numbers in sorted(figures.items(), key=lambda item: (not item[0], item[0]))
    ]
    return Report(
        period=period,
        issued=sum(d.issued for d in departments),
        redeemed=sum(d.redeemed for d in departments),
        outstanding=sum(d.outstanding for d in departments),
        departments=departments,
    )


def transfers_in(period: Period) -> QuerySet[Entry]:
    """Every entry of every transfer made in the period, oldest first (for CSV)."""
    return entries_between(Entry.objects.all(), start=period.start, end=period.end)


def entries_between(
    entries: QuerySet[Entry], *, start: datetime | None, end: datetime | None
) -> QuerySet[Entry]:
    """The entries of transfers made in [start, end) (either open), oldest first,
    with what a line of the export shows."""
    if start is not None:
        entries = entries.filter(transfer__created_at__gte=start)
    if end is not None:
        entries = entries.filter(transfer__created_at__lt=end)
    return entries.select_related("transfer__actor", "account__owner").order_by("transfer_id", "pk")


def _moment(raw: str, *, end: bool) -> datetime:
    """A date (its whole day, in the site's time zone) or an ISO 8601 time (naive:
    the site's time zone). A date that ends a range counts up to its last moment."""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        moment = datetime.fromisoformat(raw)  # ValueError for the caller
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
    zone = timezone.get_default_timezone()
    return datetime.combine(day + timedelta(days=1) if end else day, time.min, tzinfo=zone)


def range_asked(params: Mapping[str, str]) -> tuple[datetime | None, datetime | None]:
    """`from` and `to` as [start, end): each a date (`to`'s day included) or an ISO
    8601 time (`to` excluded); either may be left out. A 400 by field otherwise."""
    found: dict[str, datetime | None] = {}
    errors = {}
    for name in ("from", "to"):
        raw = (params.get(name) or "").strip()
        try:
            found[name] = _moment(raw, end=name == "to") if raw else None
        except (ValueError, OverflowError):
            errors[name] = "Give a date (YYYY-MM-DD) or an ISO 8601 time."
    start, end = found.get("from"), found.get("to")
    if not errors and start is not None and end is not None and end <= start:
        errors["to"] = "Give a time after `from`."
    if errors:
        raise ValidationError(errors)
    return start, end


# --- The audit trail ------------------------------------------------------------------


def audit_trail(*, person: User | None = None, verb: str = "") -> QuerySet[Activity]:
    """The programme's activities, newest first; about a person (their points, their
    redemptions and badges, or what they did) and of one verb, when asked."""
    prefixes = Q()
    for prefix in AUDIT_PREFIXES:
        prefixes |= Q(verb__startswith=prefix)
    found = Activity.objects.filter(prefixes)
    if verb:
        found = found.filter(verb=verb)
    if person is not None:
        found = found.filter(Q(actor=person) | Q(payload__notify__contains=[person.pk]))
    return found.select_related("actor").order_by("-pk")


def audit_page(
    activities: QuerySet[Activity], *, before: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[Activity], int | None]:
    """A keyset page (ids below `before`) and the id to ask for the next one."""
    if before is not None:
        activities = activities.filter(pk__lt=before)
    page = list(activities[: size + 1])
    return page[:size], (page[size - 1].pk if len(page) > size else None)

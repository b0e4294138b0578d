"""Programme budgets: what a programme's rules may award in a month.

A programme's budget for a month is a ledger account (kind `budget`), funded from
issuance by HR (a `funding` transfer). Its rules' awards move points budget → wallet
(rewards/services/awards.py), so the ledger's own never-below-zero UPDATE is what
stops them when the budget is spent, however many race. Rules outside programmes
keep drawing on issuance, unlimited. A month without a budget awards nothing for
the programme's rules: a programme is defined by its budget.

Periods are calendar months in the site's time zone; an activity draws on the
budget of the month it happened in, however late its delivery runs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network.access import NotFound, one_or_none
from network.models import User
from rewards.access import is_hr
from rewards.models import Account, Budget, Programme, Rule, Transfer
from rewards.services import ledger

# The biggest budget HR may set for a month: far above any programme, far below
# what a bigint holds, so that a typo of a few digits is refused.
MAX_AMOUNT = 10**9


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins manage programmes and their budgets.")


def month_of(at: datetime) -> date:
    """The period (the month's first day) an instant belongs to, in the site's zone."""
    return timezone.localtime(at).date().replace(day=1)


def parse_period(text: str) -> date:
    """ "2026-11" → 2026-11-01; anything else is refused on the field `period`."""
    try:
        return datetime.strptime((text or "").strip(), "%Y-%m").date()  # noqa: DTZ007 -- a month, no time
    except ValueError:
        raise ValidationError({"period": "Give a month as YYYY-MM, such as 2026-11."}) from None


# --- Programmes -------------------------------------------------------------------------


def _clean_programme(name: str, description: str, programme: Programme | None) -> dict:
    name, description = (name or "").strip(), (description or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Name the programme."
    elif len(name) > Programme._meta.get_field("name").max_length:
        errors["name"] = "At most 120 characters."
    elif Programme.objects.filter(name__iexact=name).exclude(pk=getattr(programme, "pk", None)):
        errors["name"] = "Another programme has this name."
    if len(description) > Programme._meta.get_field("description").max_length:
        errors["description"] = "At most 2000 characters."
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": description}


def _record(actor: User, verb: str, programme: Programme, **payload: object) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="reward_programme",
        object_id=programme.pk,
        audience=Audience.STAFF,
        payload={"name": programme.name, **payload},
    )


def _saved(programme: Programme) -> Programme:
    """Save; a name taken by a request racing this one is the same refusal as a
    name taken before."""
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:
        raise ValidationError({"name": "Another programme has this name."}) from None
    return programme


def programme_create(*, actor: User, name: str, description: str = "") -> Programme:
    _check_hr(actor)
    cleaned = _clean_programme(name, description, None)
    with transaction.atomic():
        programme = _saved(Programme(created_by=actor, **cleaned))
        _record(actor, "budget.programme_created", programme)
    return programme


def programme_change(
    *, actor: User, programme: Programme, name: str, description: str = ""
) -> Programme:
    _check_hr(actor)
    cleaned = _clean_programme(name, description, programme)
    with transaction.atomic():
        programme.name, programme.description = cleaned["name"], cleaned["description"]
        _saved(programme)
        _record(actor, "budget.programme_changed", programme)
    return programme


def programme_set_rules(*, actor: User, programme: Programme, rules: Sequence[Rule]) -> Programme:
    """The rules that draw on the programme's budget from now on: exactly `rules`
    (taken from another programme if they were in one); the programme's other rules
    go back to issuance. An award already made keeps where it came from; one
    delivered later draws on the rule's programme then."""
    _check_hr(actor)
    chosen = sorted({rule.pk for rule in rules})
    with transaction.atomic():
        Rule.objects.filter(programme=programme).exclude(pk__in=chosen).update(programme=None)
        Rule.objects.filter(pk__in=chosen).update(programme=programme)
        _record(actor, "budget.rules_assigned", programme, rules=chosen)
    return programme


# --- Budgets ----------------------------------------------------------------------------


def _clean_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError({"amount": "A whole number of points, 0 or more."})
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": f"At most {MAX_AMOUNT} points a month."})
    return amount


def _locked_budget(actor: User, programme: Programme, period: date) -> Budget:
    """The programme's budget for the period, made (at 0) if need be, its row locked
    so that changes of its amount happen one at a time."""
    if not Budget.objects.filter(programme=programme, period=period).exists():
        account = ledger.budget_account(f"budget:{programme.pk}:{period:%Y-%m}")
        try:
            with transaction.atomic():
                Budget.objects.create(
                    programme=programme, period=period, account=account, updated_by=actor
                )
        except IntegrityError:  # made meanwhile by another request
            pass
    return (
        Budget.objects.select_for_update(of=("self",))  # the account: by the transfer
        .select_related("account")
        .get(programme=programme, period=period)
    )


def budget_set(*, actor: User, programme: Programme, period: date, amount: int) -> Budget:
    """Set what the programme may award in the period's month. Raising it funds the
    difference (issuance → budget); lowering it gives the difference back, refused
    (409) below what is spent already. Setting the amount it has changes nothing, so
    the same request sent twice funds once; each change is one `funding` transfer,
    keyed by the budget's revision."""
    _check_hr(actor)
    amount = _clean_amount(amount)
    period = period.replace(day=1)
    with transaction.atomic():
        budget = _locked_budget(actor, programme, period)
        difference, before = amount - budget.amount, budget.amount
        if difference == 0:
            return budget
        budget.revision += 1
        issuance = ledger.system_account(Account.Kind.ISSUANCE)
        try:
            ledger.transfer(
                kind=Transfer.Kind.FUNDING,
                key=f"funding:{budget.pk}:{budget.revision}",
                reason=f"{programme.name}, {period:%B %Y}: {before} → {amount} points",
                actor=actor,
                lines=[
                    ledger.Line(issuance, -difference),
                    ledger.Line(budget.account, difference),
                ],
            )
        except ledger.NotEnoughPoints:
            budget.account.refresh_from_db()
            spent = budget.amount - budget.account.balance
            raise Conflict(
                f"{spent} points of this budget are spent already: it cannot go below {spent}.",
                details={"spent": spent},
            ) from None
        budget.account.refresh_from_db(fields=["balance"])  # moved by the transfer
        budget.amount, budget.updated_by = amount, actor
        budget.save(update_fields=["amount", "revision", "updated_by", "updated_at"])
        _record(
            actor, "budget.set", programme, period=f"{period:%Y-%m}", before=before, amount=amount
        )
    return budget


def award_source(rule: Rule, at: datetime) -> Account | None:
    """Where an award under `rule` for an activity at `at` takes its points from:
    issuance for a rule outside programmes; else the programme's budget for that
    month; None when the programme has no budget that month (no award). The caller
    locks a budget's row to cut the award to its balance (services/awards.py).

    That lock makes one budget row a hot spot: every award of the programme that
    month waits on it until its delivery commits. Awards come at the pace people
    post and ideas move, and a delivery holds the lock for milliseconds
    (tests/rewards/test_budgets.py races 50 awards on one budget); a programme
    that outgrows it would split its month into several budget accounts."""
    if rule.programme_id is None:
        return ledger.system_account(Account.Kind.ISSUANCE)
    budget = one_or_none(
        Budget.objects.select_related("account"),
        programme_id=rule.programme_id,
        period=month_of(at),
    )
    return budget.account if budget is not None else None


# --- Reading ----------------------------------------------------------------------------


def programmes_for(actor: User) -> list[Programme]:
    """Every programme, with its rules: HR admins only (403 for others)."""
    _check_hr(actor)
    return list(Programme.objects.prefetch_related("rules"))


def programme_for(actor: User, programme_id: int) -> Programme:
    """One programme: HR admins only (403 for others, before whether it exists)."""
    _check_hr(actor)
    found = one_or_none(Programme.objects.prefetch_related("rules"), pk=programme_id)
    if found is None:
        raise NotFound("No such programme.")
    return found


@dataclass(frozen=True)
class BudgetFigures:
    """A month of a programme's budget: what HR set, what awards took, what is left.
    Spent is what was funded less what remains, so reversed awards count back."""

    period: date
    amount: int
    spent: int
    remaining: int

    @property
    def spent_percent(self) -> int:
        return min(100, round(100 * self.spent / self.amount)) if self.amount else 0


def figures(budget: Budget) -> BudgetFigures:
    remaining = budget.account.balance
    return BudgetFigures(budget.period, budget.amount, budget.amount - remaining, remaining)


def programme_budgets(programme: Programme) -> list[BudgetFigures]:
    """Every month the programme has a budget for, the latest first."""
    return [figures(budget) for budget in programme.budgets.select_related("account")]


def budget_in(programme: Programme, period: date) -> BudgetFigures:
    """The programme's figures for a month; all zero when it has no budget then."""
    budget = one_or_none(programme.budgets.select_related("account"), period=period)
    return figures(budget) if budget is not None else BudgetFigures(period, 0, 0, 0)

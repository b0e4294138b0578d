"""Automatic awards: an activity that a rule rewards earns its earners points, once
per (rule version, activity, person), within the rule's caps.

Runs in the activity delivery's transaction (rewards/handlers.py): a worker killed
mid-award leaves nothing, and the retried delivery awards. Caps are counted under
the earner's wallet lock, so two awards racing for the last points of a cap never
both get them. A rule in a programme draws on the programme's budget for the
activity's month (rewards/services/budgets.py): cut to what it has left, like a
cap, and nothing when it is spent or there is none.
"""

from datetime import datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from activity.models import Activity
from network.models import User
from rewards.earnings import EARNINGS
from rewards.models import Account, Entry, RuleVersion, Transfer
from rewards.services import badges, budgets, ledger


def versions_in_force(verb: str, at: datetime) -> list[RuleVersion]:
    """Each rule's latest version made by `at`, for the rules rewarding `verb`."""
    earnings = [key for key, earning in EARNINGS.items() if verb in earning.verbs]
    candidates = (
        RuleVersion.objects.filter(rule__earning__in=earnings, created_at__lte=at)
        .select_related("rule")
        .prefetch_related("communities")
        .order_by("rule_id", "-number")
    )
    latest: dict[int, RuleVersion] = {}
    for version in candidates:
        latest.setdefault(version.rule_id, version)
    return list(latest.values())


def _applies(version: RuleVersion, activity: Activity) -> bool:
    if not version.enabled:
        return False
    if version.starts_at is not None and activity.created_at < version.starts_at:
        return False
    if version.ends_at is not None and activity.created_at >= version.ends_at:
        return False
    communities = {community.pk for community in version.communities.all()}
    return not communities or activity.community_id in communities


def _earned_since(version: RuleVersion, wallet: Account, since: datetime) -> int:
    """Points this rule (any version) has put in the wallet since `since`."""
    return (
        Entry.objects.filter(
            account=wallet,
            transfer__rule_version__rule_id=version.rule_id,
            transfer__kind=Transfer.Kind.AWARD,
            created_at__gte=since,
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def _within_caps(version: RuleVersion, wallet: Account, at: datetime) -> int:
    """The points of `version` still allowed by its caps, for an activity at `at`."""
    allowed = version.points
    day = timezone.localtime(at).replace(hour=0, minute=0, second=0, microsecond=0)
    week = day - timedelta(days=day.weekday())
    for cap, since in ((version.daily_cap, day), (version.weekly_cap, week)):
        if cap is not None:
            allowed = min(allowed, cap - _earned_since(version, wallet, since))
    return max(allowed, 0)


def award_for_activity(activity: Activity) -> list[Transfer]:
    """The awards an activity earns under the rules in force when it happened."""
    made = []
    for version in versions_in_force(activity.verb, activity.created_at):
        if not _applies(version, activity):
            continue
        earners = EARNINGS[version.rule.earning].earners(activity)
        for person in User.objects.filter(pk__in=earners, is_active=True).order_by("pk"):
            if person.affiliation not in version.affiliations:
                continue
            transfer = _award(version, person, activity)
            if transfer is not None:
                made.append(transfer)
                badges.award_earned(person, version.rule.earning)
    return made


def _locked(accounts: list[Account]) -> dict[int, Account]:
    """Lock the accounts' rows, in id order like the ledger's own UPDATEs, so that an
    award never waits on a transfer (a reversal, say) that waits on it. NO KEY: other
    transfers' entries may still reference the rows (their foreign key checks pass)."""
    rows = Account.objects.select_for_update(no_key=True).filter(pk__in=[a.pk for a in accounts])
    return {account.pk: account for account in rows.order_by("pk")}


def _award(version: RuleVersion, person: User, activity: Activity) -> Transfer | None:
    key = f"award:{version.pk}:{activity.pk}:{person.pk}"
    if Transfer.objects.filter(key=key).exists():
        return None  # awarded by an earlier delivery
    source = budgets.award_source(version.rule, activity.created_at)
    if source is None:
        return None  # the programme has no budget for that month
    wallet = ledger.account_of(Account.Kind.WALLET, person)
    # Caps are counted alone under the wallet's lock; a budget's balance is read
    # under its own, so the transfer below cannot find it lower. Both are locked
    # now, in id order, even an issuance shard: locking the wallet alone first would
    # wait for the shard later, against a transfer holding the shard and waiting
    # for the wallet.
    from_budget = source.kind == Account.Kind.BUDGET
    locked = _locked([wallet, source])
    points = _within_caps(version, wallet, activity.created_at)
    if from_budget:
        points = min(points, locked[source.pk].balance)  # cut to what is left, like a cap
    if points == 0:
        return None
    transfer, _ = ledger.transfer(
        kind=Transfer.Kind.AWARD,
        key=key,
        reason=version.rule.name,
        rule_version=version,
        earned_by=activity,
        lines=[
            ledger.Line(source, -points),
            ledger.Line(wallet, points),
        ],
    )
    return transfer

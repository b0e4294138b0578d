"""Each line of HR's audit trail as a sentence ("Grace adjusted Ada's points by -20:
duplicate award"), for the console and the API alike. The activity holds ids; the
transfers and people it names are read in bulk, a few queries a page.
"""

from activity.models import Activity
from network.models import User
from rewards.models import Transfer


def _points(amount: int) -> str:
    # A real minus sign (U+2212): it reads as a number where a hyphen reads as a dash.
    sign = "\N{MINUS SIGN}" if amount < 0 else ""
    return f"{sign}{abs(amount)} point{'s' if abs(amount) != 1 else ''}"


def _wallet_owner(transfer: Transfer) -> tuple[int | None, int]:
    """The person a transfer is about and what it did to their wallet (or hold)."""
    personal = [e for e in transfer.entries.all() if e.account.owner_id is not None]
    wallet = [e for e in personal if e.account.kind == "wallet"] or personal
    if not wallet:
        return None, 0
    return wallet[0].account.owner_id, wallet[0].amount


def _transfer_sentence(transfer: Transfer, people: dict[int, User]) -> str:
    owner_id, amount = _wallet_owner(transfer)
    owner = people.get(owner_id)
    whose = f"{owner.name}'s" if owner is not None else "someone's"
    kind = transfer.kind
    if kind == Transfer.Kind.ADJUSTMENT:
        text = f"adjusted {whose} points by {_points(amount)}"
    elif kind == Transfer.Kind.AWARD:
        rule = transfer.rule_version.rule.name if transfer.rule_version else ""
        text = f"awarded {whose} wallet {_points(amount)}" + (f" ({rule})" if rule else "")
    elif kind == Transfer.Kind.REVERSAL:
        text = f"reversed transfer #{transfer.reverses_id} ({_points(amount)} to {whose} wallet)"
    elif kind == Transfer.Kind.HOLD:
        text = f"held {_points(-amount)} of {whose} wallet for a redemption"
    elif kind == Transfer.Kind.RELEASE:
        text = f"released {_points(amount)} back to {whose} wallet"
    else:
        text = f"settled {_points(abs(amount))} of {whose} held points for a reward"
    return f"{text}: {transfer.reason}" if transfer.reason else text


def _other_sentence(entry: Activity, people: dict[int, User]) -> str:
    payload = entry.payload or {}
    notify = payload.get("notify") or []
    person = people.get(notify[0]) if notify else None
    whose = f" for {person.name}" if person is not None else ""
    thing, _, verb = entry.verb.partition(".")
    thing = thing.replace("reward_", "").replace("_", " ")
    name = payload.get("badge") or payload.get("name") or f"#{entry.object_id}"
    text = f"{verb.replace('_', ' ')} {thing} {name}{whose}"
    note = payload.get("reason") or payload.get("note")
    return f"{text}: {note}" if note else text


def describe(activities: list[Activity]) -> dict[int, str]:
    """A sentence per activity, its actor first ("The system" for automatic ones)."""
    transfer_ids = [
        int(a.object_id)
        for a in activities
        if a.verb.startswith("points.") and str(a.object_id).isdecimal()
    ]
    transfers = (
        Transfer.objects.select_related("rule_version__rule")
        .prefetch_related("entries__account")
        .in_bulk(transfer_ids)
    )
    wanted = {n for a in activities for n in (a.payload or {}).get("notify") or []}
    people = User.objects.in_bulk([pk for pk in wanted if isinstance(pk, int)])
    lines = {}
    for entry in activities:
        actor = entry.actor.name if entry.actor_id else "The system"
        is_transfer = entry.verb.startswith("points.") and str(entry.object_id).isdecimal()
        found = transfers.get(int(entry.object_id)) if is_transfer else None
        text = (
            _transfer_sentence(found, people)
            if found is not None
            else _other_sentence(entry, people)
        )
        lines[entry.pk] = f"{actor} {text}"
    return lines

"""CSV downloads of the ledger, and what the ledger's exports hold. Streaming and
the spreadsheet-safe cells (formulas neutralised, numbers kept as numbers) are
bridge/exports.py's, shared with every export.
"""

from collections.abc import Iterable, Iterator

from bridge.exports import Export, csv_response, iso
from rewards.models import Entry

__all__ = ["csv_response"]


# --- What each download holds -----------------------------------------------------------


def ledger_rows(transfers: Iterable) -> Iterator[list[object]]:
    """A person's ledger (rewards.ledger_views.transfers_of), one transfer a row."""
    for t in transfers:
        yield [
            t.pk,
            t.created_at.isoformat(),
            t.kind,
            t.wallet_amount or 0,
            t.hold_amount or 0,
            t.reason,
            t.rule_version.rule.name if t.rule_version else "",
            t.rule_version.number if t.rule_version else "",
            t.actor.username if t.actor else "",
            t.reverses_id or "",
            getattr(getattr(t, "reversal", None), "pk", ""),
        ]


LEDGER_HEADER = [
    "transfer",
    "date",
    "kind",
    "wallet",
    "hold",
    "reason",
    "rule",
    "rule_version",
    "actor",
    "reverses",
    "reversed_by",
]

REPORT_HEADER = ["period_start", "period_end", "department", "issued", "redeemed", "outstanding"]


def report_rows(report) -> Iterator[list[object]]:  # noqa: ANN001 -- ledger_views.Report
    start, end = report.period.first_day.isoformat(), report.period.last_day.isoformat()
    for line in report.departments:
        yield [start, end, line.department, line.issued, line.redeemed, line.outstanding]
    yield [start, end, "All", report.issued, report.redeemed, report.outstanding]


ENTRIES_HEADER = ["transfer", "date", "kind", "account", "person", "amount", "reason", "actor"]


def entry_record(e: Entry) -> dict[str, object]:
    """One entry of a transfer, as HR's CSV and the API's export write it."""
    owner = e.account.owner
    return {
        "transfer": e.transfer_id,
        "date": iso(e.transfer.created_at),
        "kind": e.transfer.kind,
        "account": e.account.key,
        "person": owner.username if owner else "",
        "amount": e.amount,
        "reason": e.transfer.reason,
        "actor": e.transfer.actor.username if e.transfer.actor else "",
    }


def entry_rows(entries: Iterable[Entry]) -> Iterator[list[object]]:
    """Every entry of the transfers in a period (rewards.ledger_views.transfers_in)."""
    for e in entries:
        yield list(entry_record(e).values())


def entries_export(name: str, entries: Iterable[Entry]) -> Export:
    """Ledger entries (rewards.access.entries_visible_to) as an API export."""
    return Export(name=name, header=ENTRIES_HEADER, records=map(entry_record, entries))

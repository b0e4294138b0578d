"""CSV downloads of the ledger: streamed row by row, so a year of transfers never
sits in memory, and safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is a formula to
Excel and LibreOffice: a reason typed as `=HYPERLINK(...)` would run when HR opens
the file. Such cells get a leading apostrophe, which spreadsheets show as text.
Numbers are written as numbers (a negative amount is not a formula).
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file that hands back what is written: csv.writer writes, we stream."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: list[str], rows: Iterable[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(
    filename: str, header: list[str], rows: Iterable[list[object]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


def entry_rows(entries: Iterable) -> Iterator[list[object]]:
    """Every entry of the transfers in a period (rewards.ledger_views.transfers_in)."""
    for e in entries:
        owner = e.account.owner
        yield [
            e.transfer_id,
            e.transfer.created_at.isoformat(),
            e.transfer.kind,
            e.account.key,
            owner.username if owner else "",
            e.amount,
            e.transfer.reason,
            e.transfer.actor.username if e.transfer.actor else "",
        ]

"""Exports as CSV or JSON: streamed row by row, safe to open in a spreadsheet.

Each app says what its rows hold (`network/exports.py`, `ideas/exports.py`,
`rewards/csv_export.py`); this module writes them out.

- **Streamed.** Rows come from a queryset's `.iterator(chunk_size=…)` and leave as
  they are written, so 100,000 rows never sit in memory together, under WSGI and
  under ASGI (daphne) alike: see `ExportResponse`.
- **Safe in a spreadsheet.** A cell that starts with = + - @ (or a tab or carriage
  return) is a formula to Excel and LibreOffice: a title typed as `=HYPERLINK(...)`
  would run when someone opens the file. Such cells get a leading apostrophe, which
  spreadsheets show as text (OWASP, "CSV Injection"). Numbers stay numbers (a
  negative amount is not a formula). JSON needs none of this.
"""

import csv
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV = "csv"
JSON = "json"
CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", JSON: "application/json"}
# Under ASGI, rows are read this many bytes at a time on the request's thread.
BATCH_BYTES = 64 * 1024


class _Echo:
    """A file that hands back what is written: csv.writer writes, we stream."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def json_lines(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array, one record a line."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    separator = "[\n"
    for record in records:
        yield separator + encoder.encode(record)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, as every export writes times."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _next_batch(parts: Iterator[bytes]) -> bytes:
    batch, size = [], 0
    for part in parts:
        batch.append(part)
        size += len(part)
        if size >= BATCH_BYTES:
            break
    return b"".join(batch)


class ExportResponse(StreamingHttpResponse):
    """A StreamingHttpResponse that streams under ASGI too.

    Served by ASGI, Django's own reads a synchronous iterator to its end into a list
    before it sends a byte (and warns). Rows come from the database, which Django
    reads synchronously; so here they are read a batch at a time with sync_to_async,
    which keeps the request's thread, and with it the connection and its cursor.
    Under WSGI (and in the test client) the rows stream as usual.
    """

    async def __aiter__(self) -> AsyncIterator[bytes]:
        parts = iter(self.streaming_content)
        take = sync_to_async(_next_batch)
        while batch := await take(parts):
            yield batch


def streamed(lines: Iterator[str], *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = ExportResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # People's names, emails and points: kept by no cache on the way.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    return streamed(csv_lines(header, rows), content_type=CONTENT_TYPES[CSV], filename=filename)


@dataclass(frozen=True)
class Export:
    """What an export holds: `records` (dicts, as JSON writes them) and, for CSV,
    `header` and `row` (a record as the header's cells; by default its values under
    those names)."""

    name: str  # the file's name, without its extension
    header: Sequence[str]
    records: Iterable[dict]
    row: Callable[[dict], Sequence[object]] | None = None

    def csv_rows(self) -> Iterator[Sequence[object]]:
        for record in self.records:
            yield self.row(record) if self.row else [record[name] for name in self.header]


def export_response(export: Export, format_: str) -> StreamingHttpResponse:
    """The export as a CSV or JSON download."""
    filename = f"{export.name}.{format_}"
    if format_ == CSV:
        return csv_response(filename, export.header, export.csv_rows())
    return streamed(json_lines(export.records), content_type=CONTENT_TYPES[JSON], filename=filename)

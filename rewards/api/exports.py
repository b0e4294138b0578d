"""The ledger's entries as a download, for HR's and payroll's systems (thin: the
entries are rewards.access's, their lines rewards.csv_export's).

HR admins export every entry; anyone else signed in, the entries on their own
wallet and hold. The same columns as HR's transfers CSV in the console.
"""

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from bridge.exports_api import ExportView, export_schema
from rewards import csv_export, ledger_views
from rewards.access import entries_visible_to, is_hr
from rewards.models import Transfer


class EntryRecordSerializer(serializers.Serializer):
    """One line of the ledger export (documentation: the rows are written directly)."""

    transfer = serializers.IntegerField()
    date = serializers.DateTimeField(help_text="When the transfer was made (ISO 8601, UTC).")
    kind = serializers.CharField(help_text=", ".join(Transfer.Kind.values))
    account = serializers.CharField(help_text="`wallet:<person id>`, `hold:…`, or a system one.")
    person = serializers.CharField(help_text="The account owner's username; blank: a system one.")
    amount = serializers.IntegerField(help_text="Points into (+) or out of (-) the account.")
    reason = serializers.CharField()
    actor = serializers.CharField(help_text="The HR admin's username; blank: automatic.")


RANGE = [
    OpenApiParameter(
        "from",
        str,
        required=False,
        description="From this date (YYYY-MM-DD, site time zone) or ISO 8601 time, included.",
    ),
    OpenApiParameter(
        "to",
        str,
        required=False,
        description="Up to this date (its whole day) or ISO 8601 time (excluded).",
    ),
]


class LedgerExportView(ExportView):
    @export_schema(
        summary="Ledger entries as CSV or JSON: every entry for HR admins, one's own "
        "for anyone else; oldest first",
        record=EntryRecordSerializer(many=True),
        csv_columns=", ".join(csv_export.ENTRIES_HEADER),
        parameters=RANGE,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        start, end = ledger_views.range_asked(request.query_params)
        entries = ledger_views.entries_between(
            entries_visible_to(request.user), start=start, end=end
        )
        who = "ledger" if is_hr(request.user) else "my-ledger"
        name = f"{who}-{timezone.localdate().isoformat()}"
        return self.export(
            request, csv_export.entries_export(name, entries.iterator(chunk_size=2000))
        )

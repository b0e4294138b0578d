"""Reports in the HR console: points issued and redeemed per department in a
period, what is owed now, and CSV downloads of the report and of the period's
transfers. The figures are rewards.ledger_views.report's, as in the API."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards import csv_export, ledger_views


def _period_or_errors(request: HttpRequest) -> tuple[ledger_views.Period | None, dict]:
    try:
        return ledger_views.period_asked(request.GET), {}
    except ValidationError as error:
        return None, error.message_dict


@require_GET
@hr_console
def reports(request: HttpRequest) -> HttpResponse:
    period, errors = _period_or_errors(request)
    return render(
        request,
        "frontend/hr/reports.html",
        {
            "tabs": console_tabs("hr-reports"),
            "periods": ledger_views.PERIODS,
            "chosen": {
                "period": request.GET.get("period") or "month",
                "date": request.GET.get("date") or timezone.localdate().isoformat(),
            },
            "errors": errors,
            "report": ledger_views.report(period) if period else None,
            "query": request.GET.urlencode(),
        },
        status=400 if errors else 200,
    )


def _csv_of(request: HttpRequest, what: str) -> HttpResponse:
    period, _ = _period_or_errors(request)
    if period is None:
        return reports(request)
    stamp = f"{period.name}-{period.first_day.isoformat()}"
    if what == "report":
        rows = csv_export.report_rows(ledger_views.report(period))
        return csv_export.csv_response(f"points-{stamp}.csv", csv_export.REPORT_HEADER, rows)
    rows = csv_export.entry_rows(ledger_views.transfers_in(period).iterator(chunk_size=1000))
    return csv_export.csv_response(f"transfers-{stamp}.csv", csv_export.ENTRIES_HEADER, rows)


@require_GET
@hr_console
def report_csv(request: HttpRequest) -> HttpResponse:
    return _csv_of(request, "report")


@require_GET
@hr_console
def transfers_csv(request: HttpRequest) -> HttpResponse:
    return _csv_of(request, "transfers")

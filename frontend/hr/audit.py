"""The programme's audit trail in the HR console: the rewards activities from the
activity stream, newest first, by person and verb, one sentence each."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bridge.params import whole_number
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from network.access import one_or_none
from network.models import User
from rewards import audit, ledger_views

MAX_VERB = 64


@require_GET
@hr_console
def audit_trail(request: HttpRequest) -> HttpResponse:
    person_id = whole_number(request.GET.get("person"))
    person = one_or_none(User.objects.all(), pk=person_id) if person_id is not None else None
    raw_person = request.GET.get("person", "").strip()
    # A person asked for who is not there shows nothing, not everyone's history.
    person_error = "No such person." if raw_person and person is None else ""
    verb = request.GET.get("verb", "").strip()[:MAX_VERB]
    trail = ledger_views.audit_trail(person=person, verb=verb)
    entries, older = ledger_views.audit_page(
        trail.none() if person_error else trail,
        before=whole_number(request.GET.get("before")),
    )
    lines = audit.describe(entries)
    for entry in entries:
        entry.summary = lines[entry.pk]
    filters = {k: v for k, v in (("person", person_id), ("verb", verb)) if v}
    return render(
        request,
        "frontend/hr/audit.html",
        {
            "tabs": console_tabs("hr-audit"),
            "entries": entries,
            "older": older,
            "person": person,
            "verb": verb,
            "filters": filters,
            "raw_person": raw_person[:20],
            "person_error": person_error,
        },
        status=400 if person_error else 200,
    )

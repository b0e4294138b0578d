"""The programme's audit trail in the HR console: the rewards activities from the
activity stream, newest first, by person and verb, one sentence each."""

from django.db.models import Q
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
MAX_PERSON = 150
# Offered as suggestions in the verb filter; any verb may be typed.
VERB_HINTS = (
    "points.award",
    "points.adjustment",
    "points.reversal",
    "points.hold",
    "points.release",
    "points.settlement",
    "redemption.requested",
    "redemption.approved",
    "redemption.declined",
    "redemption.cancelled",
    "badge.awarded",
    "badge.revoked",
    "reward_rule.created",
    "reward_item.created",
)


def _person(given: str) -> User | None:
    """The person by id, or by username or email (HR knows people by those)."""
    if not given:
        return None
    person_id = whole_number(given)
    if person_id is not None:
        return one_or_none(User.objects.all(), pk=person_id)
    return User.objects.filter(Q(username=given) | Q(email__iexact=given)).first()


@require_GET
@hr_console
def audit_trail(request: HttpRequest) -> HttpResponse:
    raw_person = request.GET.get("person", "").strip()[:MAX_PERSON]
    person = _person(raw_person)
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
    filters = {k: v for k, v in (("person", raw_person), ("verb", verb)) if v}
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
            "raw_person": raw_person,
            "person_error": person_error,
            "verb_hints": VERB_HINTS,
        },
        status=400 if person_error else 200,
    )

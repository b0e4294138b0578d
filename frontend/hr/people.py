"""People's ledgers in the HR console: find a person, read their ledger, adjust
their points or reverse a transfer, download the ledger as CSV."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridge.errors import Conflict
from bridge.params import whole_number
from frontend.feedback import add_form_errors
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from network.models import User
from rewards import csv_export, ledger_views
from rewards.services import ledger
from rewards.services.ledger import NotEnoughPoints

PEOPLE_PER_PAGE = 25


class AdjustmentForm(forms.Form):
    points = forms.IntegerField(
        min_value=-1_000_000_000,
        max_value=1_000_000_000,
        help_text="Positive gives points, negative takes them back.",
    )
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept for good."
    )
    # Made when the form is shown: a form sent twice (a double click, a reload)
    # is one adjustment, because the ledger posts a key once.
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)


@require_GET
@hr_console
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(ledger_views.find_people(query), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "frontend/hr/people.html",
        {"tabs": console_tabs("hr-people"), "query": query, "page": page},
    )


def _ledger_page(
    request: HttpRequest,
    person: User,
    form: AdjustmentForm,
    status: int = 200,
    refused: dict | None = None,
) -> HttpResponse:
    """The ledger page; `refused`: a reversal refused, shown on its transfer's row
    with the reason typed ({"transfer": id, "error": text, "reason": text})."""
    return render(
        request,
        "frontend/hr/ledger.html",
        {
            "tabs": console_tabs("hr-people"),
            "ledger": ledger_views.ledger_of(
                person, before=whole_number(request.GET.get("before"))
            ),
            "form": form,
            "refused": refused or {},
        },
        status=status,
    )


def _fresh_form() -> AdjustmentForm:
    return AdjustmentForm(initial={"key": uuid.uuid4().hex})


@require_http_methods(["GET", "POST"])
@hr_console
def person_ledger(request: HttpRequest, person_id: int) -> HttpResponse:
    """The ledger; its form adjusts the person's points (POST)."""
    person = get_object_or_404(User, pk=person_id)
    if request.method == "GET":
        return _ledger_page(request, person, _fresh_form())
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            ledger.adjust(
                actor=request.user,
                person=person,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                key=f"adjustment:{request.user.pk}:{person.pk}:{form.cleaned_data['key']}",
            )
        except NotEnoughPoints as error:
            form.add_error("points", error.message)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{person.name}'s points were adjusted.")
            return redirect("hr-person-ledger", person.pk)
    return _ledger_page(request, person, form, status=400)


@require_POST
@hr_console
def reverse_transfer(request: HttpRequest, person_id: int, transfer_id: int) -> HttpResponse:
    """Reverse a transfer on a person's ledger; refused, the page again with the
    error on that transfer's row and the reason as typed."""
    person = get_object_or_404(User, pk=person_id)
    undone = get_object_or_404(ledger_views.transfers_of(person), pk=transfer_id)
    reason = request.POST.get("reason", "")[:2000]
    try:
        ledger.reverse(actor=request.user, transfer_to_undo=undone, reason=reason)
    except (Conflict, ValidationError) as error:
        text = error.message if isinstance(error, Conflict) else " ".join(error.messages)
        refused = {"transfer": undone.pk, "error": text, "reason": reason}
        status = 409 if isinstance(error, Conflict) else 400
        return _ledger_page(request, person, _fresh_form(), status=status, refused=refused)
    messages.success(request, f"Transfer #{undone.pk} was reversed.")
    return redirect(reverse("hr-person-ledger", args=[person.pk]) + f"#transfer-{undone.pk}")


@require_GET
@hr_console
def person_ledger_csv(request: HttpRequest, person_id: int) -> StreamingHttpResponse:
    person = get_object_or_404(User, pk=person_id)
    rows = csv_export.ledger_rows(ledger_views.transfers_of(person).iterator(chunk_size=500))
    return csv_export.csv_response(f"ledger-{person.username}.csv", csv_export.LEDGER_HEADER, rows)

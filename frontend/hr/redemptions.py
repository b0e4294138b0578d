"""The redemptions queue: HR approves or declines what people asked for.

Pending ones come first, oldest first (the longest wait is served first), each with
what HR needs to decide without leaving the page: the item's stock left and the
person's balance. Decided ones are the history tab. A refusal by the service (a
409: out of stock, decided meanwhile by another HR admin) is a message on the
queue, never an error page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bridge.errors import Conflict
from frontend.feedback import add_form_errors
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards import access
from rewards.models import Account, Redemption
from rewards.services import redemptions as redemption_services

PER_PAGE = 50
Status = Redemption.Status
VIEWS = {"pending": "Pending", "decided": "Decided"}


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Why (the person reads it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _listed(view: str) -> QuerySet[Redemption]:
    found = Redemption.objects.select_related("item", "person", "decided_by")
    if view == "pending":
        return found.filter(status=Status.PENDING).order_by("created_at", "pk")
    return found.exclude(status=Status.PENDING).order_by("-decided_at", "-pk")


def _balances(redemptions: list[Redemption]) -> dict[int, int]:
    """Each person's points to spend, in one query (no account yet: zero)."""
    keys = {f"{Account.Kind.WALLET}:{r.person_id}": r.person_id for r in redemptions}
    found = Account.objects.filter(key__in=keys).values_list("key", "balance")
    return {keys[key]: balance for key, balance in found}


def _render_queue(
    request: HttpRequest,
    view: str,
    *,
    failed: tuple[int, DeclineForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = Paginator(_listed(view), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    balances = _balances(rows)
    for redemption in rows:
        redemption.balance = balances.get(redemption.person_id, 0)
        redemption.decline_form = (
            failed[1]
            if failed and failed[0] == redemption.pk
            else DeclineForm(auto_id=f"decline-{redemption.pk}-%s")
        )
    return render(
        request,
        "frontend/hr/redemptions.html",
        {
            "tabs": console_tabs("hr-redemptions"),
            "view": view,
            "views": VIEWS,
            "page": page,
            "redemptions": rows,
        },
        status=status,
    )


@require_GET
@hr_console
def queue(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "pending")
    return _render_queue(request, view if view in VIEWS else "pending")


def _back_to_queue() -> HttpResponse:
    return redirect(reverse("hr-redemptions"))


@require_POST
@hr_console
def approve(request: HttpRequest, redemption_id: int) -> HttpResponse:
    redemption = access.access_redemption(request.user, redemption_id)
    try:
        redemption_services.redemption_approve(actor=request.user, redemption=redemption)
    except Conflict as error:
        messages.error(
            request, f"{redemption.person.name}, {redemption.item.name}: {error.message}"
        )
    else:
        messages.success(request, f"Approved: {redemption.item.name} for {redemption.person.name}.")
    return _back_to_queue()


@require_POST
@hr_console
def decline(request: HttpRequest, redemption_id: int) -> HttpResponse:
    redemption = access.access_redemption(request.user, redemption_id)
    form = DeclineForm(request.POST, auto_id=f"decline-{redemption.pk}-%s")
    if form.is_valid():
        try:
            redemption_services.redemption_decline(
                actor=request.user, redemption=redemption, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            messages.error(
                request, f"{redemption.person.name}, {redemption.item.name}: {error.message}"
            )
            return _back_to_queue()
        else:
            messages.success(
                request,
                f"Declined: {redemption.item.name} for {redemption.person.name}; "
                "the points are back in their wallet.",
            )
            return _back_to_queue()
    return _render_queue(request, "pending", failed=(redemption.pk, form), status=400)

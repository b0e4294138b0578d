"""The console's "Share hub" tab: HR and communications staff curate what people
share outside and see the clicks each item brought. Views parse the form, call one
service, render.

The one console page communications staff open: its door is `curators_only`, not
`hr_console`, and they see this tab alone.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontend.feedback import add_form_errors
from frontend.hr.guard import curators_only
from frontend.hr.sections import console_tabs
from network.models import Affiliation
from rewards.access import is_hr
from rewards.models import ShareItem
from rewards.services import share

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShareItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    # A CharField, not a URLField: the service checks the address, so the page and
    # the API refuse the same ones in the same words.
    url = forms.CharField(label="Address to share", max_length=500, help_text="https://…")
    suggested_text = forms.CharField(
        label="Suggested words", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    affiliations = forms.MultipleChoiceField(
        label="Who may share it",
        choices=Affiliation.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Affiliation.EMPLOYEE],
        help_text="Each says their relation to the company when they share.",
    )
    active = forms.BooleanField(required=False, initial=True, label="In the hub")
    starts_at = forms.DateTimeField(required=False, widget=WHEN, label="From (optional)")
    ends_at = forms.DateTimeField(required=False, widget=WHEN, label="Until (optional)")


def _tabs(request: HttpRequest) -> list[dict[str, object]]:
    tabs = console_tabs("hr-share")
    return tabs if is_hr(request.user) else [tab for tab in tabs if tab["current"]]


def _initial(item: ShareItem) -> dict:
    return {name: getattr(item, name) for name in share.EDITABLE}


def _page(request: HttpRequest, form: ShareItemForm, item: ShareItem | None) -> HttpResponse:
    return render(
        request,
        "frontend/hr/share.html",
        {
            "tabs": _tabs(request),
            "items": share.items_with_counts(),
            "form": form,
            "editing": item,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _save(request: HttpRequest, item: ShareItem | None) -> HttpResponse:
    form = ShareItemForm(request.POST)
    if form.is_valid():
        try:
            if item is None:
                share.share_item_create(actor=request.user, **form.cleaned_data)
            else:
                share.share_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Saved: the hub shows it to those it is open to.")
            return redirect("hr-share")
    return _page(request, form, item)


@curators_only
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _page(request, ShareItemForm(), None)


@curators_only
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    found = share.access_item(request.user, item_id)
    if request.method == "POST":
        return _save(request, found)
    return _page(request, ShareItemForm(initial=_initial(found)), found)


@curators_only
@require_POST
def retire(request: HttpRequest, item_id: int) -> HttpResponse:
    found = share.access_item(request.user, item_id)
    share.share_item_retire(actor=request.user, item=found)
    messages.success(request, "Retired: links already shared still lead there, but count nothing.")
    return redirect("hr-share")

"""The reward catalog: HR adds items, changes their terms and picture, and
withdraws them (rewards.services.catalog; the picture is checked and re-encoded
there, as for every image).

A new item and its picture are saved together: a refused picture leaves no item
behind, so HR fixes the form and sends it again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontend.feedback import add_form_errors
from frontend.hr.forms import ItemEditForm, ItemForm
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards import access
from rewards.models import Item, Redemption
from rewards.services import catalog as catalog_services


def _items() -> list[Item]:
    pending = Count("redemptions", filter=Q(redemptions__status=Redemption.Status.PENDING))
    return list(Item.objects.annotate(pending=pending).order_by("-active", "name", "pk"))


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"tabs": console_tabs("hr-catalog"), **context}, status=status)


@require_http_methods(["GET", "POST"])
@hr_console
def item_list(request: HttpRequest) -> HttpResponse:
    """GET: the catalog and a form for a new item. POST: add it."""
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                item = catalog_services.item_create(actor=request.user, **form.terms())
                if form.cleaned_data["image"]:
                    catalog_services.item_image_set(
                        actor=request.user, item=item, upload=form.cleaned_data["image"]
                    )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"“{item.name}” is in the catalog.")
            return redirect("hr-catalog")
    return _page(
        request,
        "frontend/hr/catalog.html",
        {"items": _items(), "form": form},
        status=400 if form.is_bound else 200,
    )


def _initial(item: Item) -> dict:
    return {
        "name": item.name,
        "description": item.description,
        "cost": item.cost,
        "stock": item.stock,
        "affiliations": item.affiliations,
        "active": item.active,
    }


@require_http_methods(["GET", "POST"])
@hr_console
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.access_item(request.user, item_id)
    if request.method == "GET":
        return _page(
            request,
            "frontend/hr/item.html",
            {"item": item, "form": ItemEditForm(initial=_initial(item))},
        )
    form = ItemEditForm(request.POST, request.FILES)
    if form.is_valid():
        terms = form.terms()
        remove_image = terms.pop("remove_image")
        try:
            with transaction.atomic():
                catalog_services.item_update(actor=request.user, item=item, **terms)
                if form.cleaned_data["image"]:
                    catalog_services.item_image_set(
                        actor=request.user, item=item, upload=form.cleaned_data["image"]
                    )
                elif remove_image:
                    catalog_services.item_image_remove(actor=request.user, item=item)
        except ValidationError as error:
            add_form_errors(form, error)
            item.refresh_from_db()  # the page shows the item as it stands, not half-changed
        else:
            messages.success(request, f"“{item.name}” is saved.")
            return redirect("hr-catalog")
    return _page(request, "frontend/hr/item.html", {"item": item, "form": form}, status=400)


@require_POST
@hr_console
def item_deactivate(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.access_item(request.user, item_id)
    catalog_services.item_deactivate(actor=request.user, item=item)
    messages.success(
        request, f"“{item.name}” is withdrawn; its pending redemptions still wait for you."
    )
    return redirect("hr-catalog")

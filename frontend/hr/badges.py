"""Badges: HR creates them (earned automatically from an earning's count, or
given by hand), retires and restores them, awards them by hand and revokes
awards, each with a reason that stays on the award (rewards.services.badges)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from bridge.errors import Conflict
from frontend.feedback import add_form_errors
from frontend.hr.forms import BadgeAwardForm, BadgeForm, ReasonForm
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from network.models import User
from rewards.earnings import EARNINGS
from rewards.models import Badge, BadgeAward
from rewards.services import badges as badge_services


def _criteria(badge: Badge) -> str:
    if badge.is_manual:
        return "Awarded by HR"
    label = EARNINGS[badge.earning].label if badge.earning in EARNINGS else badge.earning
    return f"{label}: {badge.threshold} awards"


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"tabs": console_tabs("hr-badges"), **context}, status=status)


@require_http_methods(["GET", "POST"])
@hr_console
def badge_list(request: HttpRequest) -> HttpResponse:
    """GET: the badges and a form for a new one. POST: create it."""
    form = BadgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            badge = badge_services.badge_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"The badge “{badge.name}” is ready.")
            return redirect("hr-badge", badge_id=badge.pk)
    holders = Count("awards", filter=Q(awards__revoked_at__isnull=True))
    badges = list(Badge.objects.annotate(holders=holders).order_by("-active", "name", "pk"))
    for badge in badges:
        badge.criteria = _criteria(badge)
    return _page(
        request,
        "frontend/hr/badges.html",
        {"badges": badges, "form": form},
        status=400 if form.is_bound else 200,
    )


def _render_badge(
    request: HttpRequest,
    badge: Badge,
    *,
    award_form: BadgeAwardForm | None = None,
    failed_revoke: tuple[int, ReasonForm] | None = None,
) -> HttpResponse:
    awards = list(
        badge.awards.select_related("person", "awarded_by", "revoked_by").order_by(
            "-awarded_at", "-pk"
        )
    )
    for award in awards:
        award.revoke_form = (
            failed_revoke[1]
            if failed_revoke and failed_revoke[0] == award.pk
            else ReasonForm(auto_id=f"revoke-{award.pk}-%s")
        )
    failed = (award_form is not None and award_form.is_bound) or failed_revoke is not None
    return _page(
        request,
        "frontend/hr/badge.html",
        {
            "badge": badge,
            "criteria": _criteria(badge),
            "awards": awards,
            "award_form": award_form or BadgeAwardForm(),
        },
        status=400 if failed else 200,
    )


@require_http_methods(["GET"])
@hr_console
def badge_detail(request: HttpRequest, badge_id: int) -> HttpResponse:
    return _render_badge(request, get_object_or_404(Badge, pk=badge_id))


@require_POST
@hr_console
def badge_active(request: HttpRequest, badge_id: int) -> HttpResponse:
    """Retire (active=0) or restore (active=1) a badge."""
    badge = get_object_or_404(Badge, pk=badge_id)
    active = request.POST.get("active") == "1"
    badge_services.badge_set_active(actor=request.user, badge=badge, active=active)
    messages.success(
        request, f"“{badge.name}” is {'awarded again' if active else 'retired; awards made stay'}."
    )
    return redirect("hr-badge", badge_id=badge.pk)


@require_POST
@hr_console
def badge_award(request: HttpRequest, badge_id: int) -> HttpResponse:
    badge = get_object_or_404(Badge, pk=badge_id)
    form = BadgeAwardForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(
            username=form.cleaned_data["person"].strip(), is_active=True
        ).first()
        if person is None:
            form.add_error("person", "Nobody here goes by that username.")
        else:
            try:
                badge_services.badge_award(
                    actor=request.user,
                    badge=badge,
                    person=person,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{person.name} holds “{badge.name}”.")
                return redirect("hr-badge", badge_id=badge.pk)
    return _render_badge(request, badge, award_form=form)


@require_POST
@hr_console
def award_revoke(request: HttpRequest, award_id: int) -> HttpResponse:
    award = get_object_or_404(BadgeAward.objects.select_related("badge", "person"), pk=award_id)
    form = ReasonForm(request.POST, auto_id=f"revoke-{award.pk}-%s")
    if form.is_valid():
        try:
            badge_services.badge_revoke(
                actor=request.user, award=award, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect("hr-badge", badge_id=award.badge_id)
        else:
            messages.success(request, f"“{award.badge.name}” is revoked from {award.person.name}.")
            return redirect("hr-badge", badge_id=award.badge_id)
    return _render_badge(request, award.badge, failed_revoke=(award.pk, form))

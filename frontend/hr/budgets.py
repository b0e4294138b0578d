"""The console's budgets: programmes, this month's budget, spent and remaining, and
per programme the forms to rename it, set a month's budget and choose its rules.
Thin: parse a form, call one service (rewards/services/budgets.py), render; a
refusal shows next to its field with what HR typed."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bridge.errors import Conflict
from frontend.feedback import add_form_errors
from frontend.hr.budget_forms import BudgetForm, ProgrammeForm, RulesForm
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards.models import Programme
from rewards.services import budgets


def _this_month() -> date:
    return budgets.month_of(timezone.now())


@require_http_methods(["GET", "POST"])
@hr_console
def budget_list(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            programme = budgets.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{programme.name} is ready: give it a budget.")
            return redirect("hr-budget", programme_id=programme.pk)
    month = _this_month()
    rows = [
        {"programme": programme, "figures": budgets.budget_in(programme, month)}
        for programme in budgets.programmes_for(request.user)
    ]
    return render(
        request,
        "frontend/hr/budgets.html",
        {"tabs": console_tabs("hr-budgets"), "rows": rows, "month": month, "form": form},
        status=400 if form.is_bound else 200,  # a valid form has redirected
    )


def _render_programme(
    request: HttpRequest, programme: Programme, status: int = 200, **forms: Form
) -> HttpResponse:
    month = _this_month()
    return render(
        request,
        "frontend/hr/budget.html",
        {
            "tabs": console_tabs("hr-budgets"),
            "programme": programme,
            "month": month,
            "this_month": budgets.budget_in(programme, month),
            "periods": budgets.programme_budgets(programme),
            "programme_form": forms.get("programme_form")
            or ProgrammeForm(
                initial={"name": programme.name, "description": programme.description}
            ),
            "budget_form": forms.get("budget_form")
            or BudgetForm(initial={"period": f"{month:%Y-%m}"}),
            "rules_form": forms.get("rules_form")
            or RulesForm(initial={"rules": list(programme.rules.all())}),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@hr_console
def budget_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The programme; a POST renames it or changes its description."""
    programme = budgets.programme_for(request.user, programme_id)
    if request.method == "GET":
        return _render_programme(request, programme)
    form = ProgrammeForm(request.POST)
    if form.is_valid():
        try:
            budgets.programme_change(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("hr-budget", programme_id=programme.pk)
    programme.refresh_from_db()
    return _render_programme(request, programme, status=400, programme_form=form)


@require_POST
@hr_console
def budget_set(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = budgets.programme_for(request.user, programme_id)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            budgets.budget_set(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:  # below what is spent: the amount is what was refused
            form.add_error("amount", error.message)
        else:
            period = form.cleaned_data["period"]
            messages.success(request, f"The budget for {period:%B %Y} is set.")
            return redirect("hr-budget", programme_id=programme.pk)
    return _render_programme(request, programme, status=400, budget_form=form)


@require_POST
@hr_console
def budget_rules(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = budgets.programme_for(request.user, programme_id)
    form = RulesForm(request.POST)
    if form.is_valid():
        budgets.programme_set_rules(
            actor=request.user, programme=programme, rules=list(form.cleaned_data["rules"])
        )
        messages.success(request, "The programme's rules are saved.")
        return redirect("hr-budget", programme_id=programme.pk)
    return _render_programme(request, programme, status=400, rules_form=form)

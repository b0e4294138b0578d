"""The programme's rules: HR lists them, creates them and changes their terms.

A change is a new version (rewards.services.rules.rule_change): the rule's page
shows every version, who made it and when, because past awards keep the terms
they were made under.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from frontend.feedback import add_form_errors
from frontend.hr.forms import RuleChangeForm, RuleCreateForm
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards.earnings import EARNINGS
from rewards.models import Rule, RuleVersion
from rewards.services import rules as rule_services


def rules_with_versions() -> list[Rule]:
    """Every rule with its versions, newest first (`rule.current` is the latest),
    in a fixed number of queries however many rules."""
    versions = RuleVersion.objects.select_related("created_by").prefetch_related("communities")
    found = list(
        Rule.objects.prefetch_related(
            Prefetch("versions", queryset=versions.order_by("-number"), to_attr="history")
        ).order_by("name", "pk")
    )
    for rule in found:
        rule.current = rule.history[0] if rule.history else None
        rule.earning_label = (
            EARNINGS[rule.earning].label if rule.earning in EARNINGS else rule.earning
        )
    return found


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"tabs": console_tabs("hr-rules"), **context}, status=status)


@require_http_methods(["GET", "POST"])
@hr_console
def rule_list(request: HttpRequest) -> HttpResponse:
    """GET: the rules and a form for a new one. POST: create it."""
    form = RuleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = rule_services.rule_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"The rule “{rule.name}” is in force.")
            return redirect("hr-rule", rule_id=rule.pk)
    return _page(
        request,
        "frontend/hr/rules.html",
        {"rules": rules_with_versions(), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@hr_console
def rule_detail(request: HttpRequest, rule_id: int) -> HttpResponse:
    """GET: the rule's versions and a form with its current terms. POST: a new version."""
    rule = get_object_or_404(Rule, pk=rule_id)
    history = list(
        rule.versions.select_related("created_by")
        .prefetch_related("communities")
        .order_by("-number")
    )
    if request.method == "POST":
        form = RuleChangeForm(request.POST)
        if form.is_valid():
            try:
                version = rule_services.rule_change(
                    actor=request.user, rule=rule, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, f"Version {version.number} of “{rule.name}” is in force.")
                return redirect("hr-rule", rule_id=rule.pk)
    else:
        form = RuleChangeForm(initial=RuleChangeForm.initial_from(history[0]) if history else None)
    return _page(
        request,
        "frontend/hr/rule.html",
        {
            "rule": rule,
            "earning_label": EARNINGS[rule.earning].label
            if rule.earning in EARNINGS
            else rule.earning,
            "history": history,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )

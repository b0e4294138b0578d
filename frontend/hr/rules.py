"""The programme's rules: HR lists them, creates them and changes their terms.

A change is a new version (rewards.services.rules.rule_change): the rule's page
shows every version, who made it and when, because past awards keep the terms
they were made under.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontend.feedback import add_form_errors
from frontend.hr.forms import RuleChangeForm, RuleCreateForm
from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards import rulebook
from rewards.earnings import EARNINGS
from rewards.models import Rule, RuleVersion
from rewards.services import rules as rule_services


def _labelled(rule: Rule) -> Rule:
    rule.earning_label = EARNINGS[rule.earning].label if rule.earning in EARNINGS else rule.earning
    return rule


# What a version can change, as the history names it.
TERM_LABELS = {
    "points": "points",
    "daily_cap": "daily cap",
    "weekly_cap": "weekly cap",
    "affiliations": "who takes part",
    "communities": "communities",
    "starts_at": "start",
    "ends_at": "end",
    "enabled": "enabled",
}


def _terms(version: RuleVersion) -> dict[str, object]:
    values = {name: getattr(version, name) for name in TERM_LABELS if name != "communities"}
    return {**values, "communities": sorted(c.pk for c in version.communities.all())}


def _mark_changes(history: list[RuleVersion]) -> list[RuleVersion]:
    """Each version's `changed`: the terms it changed from the one before (newest first)."""
    for newer, older in zip(history, [*history[1:], None], strict=True):
        if older is None:
            newer.changed = "First version"
            continue
        before, after = _terms(older), _terms(newer)
        changed = [label for name, label in TERM_LABELS.items() if before[name] != after[name]]
        newer.changed = ", ".join(changed) or "Nothing (saved as it was)"
    return history


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
    rules = [_labelled(rule) for rule in rulebook.rules_with_history()]
    return _page(
        request,
        "frontend/hr/rules.html",
        {"rules": rules, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@hr_console
def rule_detail(request: HttpRequest, rule_id: int) -> HttpResponse:
    """GET: the rule's versions and a form with its current terms. POST: a new version."""
    rule = _labelled(rulebook.rule_with_history(rule_id))
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
        current = rule.current
        form = RuleChangeForm(initial=RuleChangeForm.initial_from(current) if current else None)
    return _page(
        request,
        "frontend/hr/rule.html",
        {"rule": rule, "history": _mark_changes(rule.history), "form": form},
        status=400 if form.is_bound else 200,
    )

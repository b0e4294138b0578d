"""Reading the programme's rules with their versions, for HR's console and API.

One prefetch, newest version first (`rule.history`, `rule.current`), so a list
costs the same queries however many rules and versions.
"""

from django.db.models import Prefetch, QuerySet

from network.access import NotFound, one_or_none
from rewards.models import Rule, RuleVersion


def _with_history() -> QuerySet[Rule]:
    versions = (
        RuleVersion.objects.select_related("created_by")
        .prefetch_related("communities")
        .order_by("-number")
    )
    return Rule.objects.prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="history")
    ).order_by("name", "pk")


def _current(rule: Rule) -> Rule:
    rule.current = rule.history[0] if rule.history else None
    return rule


def rules_with_history() -> list[Rule]:
    return [_current(rule) for rule in _with_history()]


def rule_with_history(rule_id: int) -> Rule:
    """The rule, or NotFound (404)."""
    found = one_or_none(_with_history(), pk=rule_id)
    if found is None:
        raise NotFound("No such rule.")
    return _current(found)

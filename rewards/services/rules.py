"""HR's programme rules: what earns points, how many, for whom, with what caps.

A change never rewrites the past: it adds a version, and each award records the
version that made it (rewards/services/awards.py judges an activity by the version
in force when it happened).
"""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from activity.models import Audience
from network.models import Affiliation, Community, User
from rewards.access import is_hr
from rewards.earnings import EARNINGS
from rewards.models import Rule, RuleVersion


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins set the programme's rules.")


def _clean_terms(
    *,
    points: int,
    daily_cap: int | None,
    weekly_cap: int | None,
    affiliations: Sequence[str],
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> dict:
    errors: dict[str, str] = {}
    if points < 1:
        errors["points"] = "Award at least one point."
    for name, cap in (("daily_cap", daily_cap), ("weekly_cap", weekly_cap)):
        if cap is not None and cap < 1:
            errors[name] = "A cap is at least one point; leave it empty for none."
    unknown = sorted(set(affiliations) - set(Affiliation.values))
    if unknown or not affiliations:
        errors["affiliations"] = f"Choose among {', '.join(Affiliation.values)}."
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = "The end comes after the start."
    if errors:
        raise ValidationError(errors)
    return {
        "points": points,
        "daily_cap": daily_cap,
        "weekly_cap": weekly_cap,
        "affiliations": sorted(set(affiliations)),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


def _record(actor: User, rule: Rule, version: RuleVersion, verb: str) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="reward_rule",
        object_id=rule.pk,
        audience=Audience.STAFF,
        payload={"version": version.number, "points": version.points},
    )


def rule_create(
    *,
    actor: User,
    name: str,
    earning: str,
    points: int,
    daily_cap: int | None = None,
    weekly_cap: int | None = None,
    affiliations: Sequence[str] = (Affiliation.EMPLOYEE,),
    communities: Sequence[Community] = (),
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Rule:
    _check_hr(actor)
    if earning not in EARNINGS:
        raise ValidationError({"earning": f"Choose one of {', '.join(EARNINGS)}."})
    if not (name or "").strip():
        raise ValidationError({"name": "Name the rule."})
    terms = _clean_terms(
        points=points,
        daily_cap=daily_cap,
        weekly_cap=weekly_cap,
        affiliations=affiliations,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    with transaction.atomic():
        rule = Rule.objects.create(name=name.strip(), earning=earning, created_by=actor)
        version = RuleVersion.objects.create(rule=rule, number=1, created_by=actor, **terms)
        version.communities.set(communities)
        _record(actor, rule, version, "reward_rule.created")
    return rule


def rule_change(
    *,
    actor: User,
    rule: Rule,
    enabled: bool = True,
    communities: Sequence[Community] = (),
    **terms: object,
) -> RuleVersion:
    """New terms for a rule from now on (a new version); `enabled=False` pauses it."""
    _check_hr(actor)
    cleaned = _clean_terms(**terms)
    with transaction.atomic():
        rule = Rule.objects.select_for_update().get(pk=rule.pk)  # one version number at a time
        latest = rule.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = RuleVersion.objects.create(
            rule=rule, number=latest + 1, enabled=enabled, created_by=actor, **cleaned
        )
        version.communities.set(communities)
        _record(actor, rule, version, "reward_rule.changed")
    return version

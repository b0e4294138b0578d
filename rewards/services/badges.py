"""Badges: HR defines them; a person earns one automatically when their awards for
an earning reach the badge's threshold, or HR gives it by hand with a reason. HR may
revoke one with a reason; the award stays, marked revoked (who, when, why).

A person holds a badge at most once at a time (a partial unique constraint, so two
deliveries racing to award it make one). A badge HR revoked is not earned again
automatically: HR's decision stands until HR awards it again by hand.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network.models import User
from rewards.access import is_hr
from rewards.earnings import EARNINGS
from rewards.models import Account, Badge, BadgeAward, Transfer


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins create, award and revoke badges.")


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why: the reason stays on the award for good."})
    return reason


def _record(actor: User | None, award: BadgeAward, verb: str, **extra: object) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="badge_award",
        object_id=award.pk,
        audience=Audience.PERSONAL,
        payload={"notify": [award.person_id], "badge": award.badge.name, **extra},
    )


def badge_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    earning: str = "",
    threshold: int | None = None,
) -> Badge:
    """A new badge: with an earning and a threshold it is earned automatically (from
    the next award on); without, HR awards it by hand."""
    _check_hr(actor)
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "Name the badge."
    earning = earning or ""
    if earning and earning not in EARNINGS:
        errors["earning"] = f"Choose one of {', '.join(EARNINGS)}, or none for a manual badge."
    if earning and (threshold is None or threshold < 1):
        errors["threshold"] = "How many awards earn it: at least one."
    if not earning and threshold is not None:
        errors["threshold"] = "A manual badge has no threshold; choose an earning for one."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        badge = Badge.objects.create(
            name=name.strip(),
            description=(description or "").strip(),
            earning=earning,
            threshold=threshold if earning else None,
            created_by=actor,
        )
        activity.record(
            actor=actor,
            verb="badge.created",
            object_type="badge",
            object_id=badge.pk,
            audience=Audience.STAFF,
            payload={"name": badge.name, "earning": earning, "threshold": badge.threshold},
        )
    return badge


def badge_set_active(*, actor: User, badge: Badge, active: bool) -> Badge:
    """HR retires a badge (no longer awarded, by rule or by hand) or brings it back.
    Awards already made stay."""
    _check_hr(actor)
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.active != active:
            badge.active = active
            badge.save(update_fields=["active"])
            activity.record(
                actor=actor,
                verb="badge.activated" if active else "badge.retired",
                object_type="badge",
                object_id=badge.pk,
                audience=Audience.STAFF,
                payload={"name": badge.name},
            )
    return badge


def _give(badge: Badge, person: User, *, awarded_by: User | None, reason: str) -> BadgeAward:
    """Create the award, or Conflict if the person holds the badge (the constraint
    decides when two requests race)."""
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                badge=badge, person=person, awarded_by=awarded_by, reason=reason
            )
    except IntegrityError:
        raise Conflict(f"{person.name} holds “{badge.name}” already.") from None
    _record(awarded_by, award, "badge.awarded", reason=reason)
    return award


def badge_award(*, actor: User, badge: Badge, person: User, reason: str) -> BadgeAward:
    """HR gives a badge by hand, with a reason (also a badge with criteria)."""
    _check_hr(actor)
    reason = _check_reason(reason)
    if not badge.active:
        raise Conflict("This badge is retired: it is no longer awarded.")
    with transaction.atomic():
        return _give(badge, person, awarded_by=actor, reason=reason)


def badge_revoke(*, actor: User, award: BadgeAward, reason: str) -> BadgeAward:
    """HR takes a badge back, with a reason; the award is kept, marked revoked."""
    _check_hr(actor)
    reason = _check_reason(reason)
    with transaction.atomic():
        award = (
            BadgeAward.objects.select_for_update(of=("self",))
            .select_related("badge")
            .get(pk=award.pk)
        )
        if award.revoked_at is not None:
            raise Conflict("This badge was revoked already.")
        award.revoked_at, award.revoked_by, award.revoked_reason = timezone.now(), actor, reason
        award.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        _record(actor, award, "badge.revoked", reason=reason)
    return award


def _awards_for(person: User, earning: str) -> int:
    """The person's standing awards for rules of an earning (reversed ones don't count)."""
    return (
        Transfer.objects.filter(
            kind=Transfer.Kind.AWARD,
            rule_version__rule__earning=earning,
            entries__account__key=f"{Account.Kind.WALLET}:{person.pk}",
            reversal__isnull=True,
        )
        .distinct()
        .count()
    )


def award_earned(person: User, earning: str) -> list[BadgeAward]:
    """Badges the person has now earned through `earning`, awarded once. Called by
    rewards/services/awards.py after each award, in the delivery's transaction."""
    candidates = Badge.objects.filter(active=True, earning=earning).exclude(
        awards__person=person  # held, or revoked by HR: never awarded again by itself
    )
    if not candidates:
        return []
    count = _awards_for(person, earning)
    made = []
    for badge in candidates:
        if count < badge.threshold:
            continue
        try:
            made.append(_give(badge, person, awarded_by=None, reason=""))
        except Conflict:
            continue  # awarded meanwhile by a delivery racing this one
    return made


# --- Reading -------------------------------------------------------------------------


def badges_of(person: User) -> QuerySet[BadgeAward]:
    """The badges a person holds now (not revoked), newest first."""
    return BadgeAward.objects.filter(person=person, revoked_at__isnull=True).select_related("badge")


def credential(award: BadgeAward) -> dict:
    """The award as an Open Badges 3.0 OpenBadgeCredential (W3C VC data model 2.0),
    unsigned: a wallet can read it, and check it against this site, but it carries
    no proof."""
    site = settings.SITE_URL.rstrip("/")
    badge = award.badge
    narrative = (
        f"Earned with {badge.threshold} award(s) for “{EARNINGS[badge.earning].label}”."
        if badge.earning in EARNINGS
        else "Awarded by the company's HR team."
    )
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"{site}/api/v1/rewards/badge-awards/{award.pk}/credential/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.name,
        "issuer": {"id": site, "type": ["Profile"], "name": "Bridge", "url": site},
        "validFrom": award.awarded_at.isoformat(),
        "credentialSubject": {
            "id": f"{site}/people/{award.person_id}/",
            "type": ["AchievementSubject"],
            "name": award.person.name,
            "achievement": {
                "id": f"{site}/api/v1/rewards/badges/{badge.pk}/",
                "type": ["Achievement"],
                "name": badge.name,
                "description": badge.description or badge.name,
                "criteria": {"narrative": narrative},
            },
        },
    }

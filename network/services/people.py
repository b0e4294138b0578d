"""Writes about people: each service checks, then does, then records an activity."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from network.models import User

# What people may change about themselves. Affiliation and organisation are set
# when they join (by invitation for externals) and changed only by administrators.
PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "display_name",
        "title",
        "department",
        "bio",
        "location",
        "linkedin_url",
        "x_url",
        "blog_url",
        "website_url",
    }
)


def profile_update(*, actor: User, person: User, changes: dict[str, str]) -> User:
    """Change a profile: people edit their own; platform admins anyone's."""
    if actor.pk != person.pk and not actor.is_platform_admin:
        raise PermissionDenied("You can only change your own profile.")
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in unknown})
    if person.is_external and changes.get("department"):
        raise ValidationError({"department": "Departments are for employees."})
    for field, value in changes.items():
        setattr(person, field, value)
    person.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        person.save(update_fields=sorted(changes) or None)
        activity.record(
            actor=actor,
            verb="person.profile_updated",
            object_type="person",
            object_id=person.pk,
            payload={"fields": sorted(changes)},
        )
    return person


def person_deactivate(*, actor: User, person: User) -> User:
    """Switch a person off: every session and socket of theirs ends at once.

    Django rejects an inactive user's session on its next request and the
    realtime handler closes their open sockets; their content stays, attributed.
    """
    if not actor.is_platform_admin:
        raise PermissionDenied("Only platform administrators can deactivate people.")
    if actor.pk == person.pk:
        raise ValidationError("You cannot deactivate yourself.")
    if not person.is_active:
        return person
    with transaction.atomic():
        do_people_deactivate(actor=actor, people=[person])
    return person


def do_people_deactivate(
    *, actor: User, people: Sequence[User], payload: dict[str, Any] | None = None
) -> None:
    """The deactivation itself, for callers that have checked who may do it and
    whom (``person_deactivate``; the HR sync, for many people at once).

    One UPDATE and one ``person.deactivated`` activity each, in the caller's
    transaction: the activity is what ends their sockets (realtime) and drops them
    from search's directory, whoever deactivated them.
    """
    if not people:
        return
    User.objects.filter(pk__in=[person.pk for person in people]).update(is_active=False)
    for person in people:
        person.is_active = False
    activity.record_many(
        [
            {
                "actor": actor,
                "verb": "person.deactivated",
                "object_type": "person",
                "object_id": person.pk,
                "audience": "staff",
                "payload": payload or {},
            }
            for person in people
        ]
    )

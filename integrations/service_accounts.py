"""Service accounts: people records that systems act as, through integration tokens."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

import activity
from activity.models import Audience
from network.models import Affiliation, User


@transaction.atomic
def create(
    *, actor: User, username: str, display_name: str, email: str = "", is_hr_admin: bool = False
) -> User:
    if not actor.is_platform_admin:
        raise PermissionDenied("Only platform admins manage service accounts.")
    account = User(
        username=username,
        display_name=display_name,
        email=email,
        affiliation=Affiliation.EMPLOYEE,
        is_service_account=True,
        is_hr_admin=is_hr_admin,
    )
    # It acts only through its tokens: no password can sign it in.
    account.set_unusable_password()
    account.full_clean()
    account.save()
    activity.record(
        actor=actor,
        verb="service_account.created",
        object_type="person",
        object_id=account.pk,
        audience=Audience.STAFF,
    )
    return account


def service_accounts_for(actor: User) -> QuerySet[User]:
    """The service accounts ``actor`` manages: every one, for platform admins."""
    if not actor.is_platform_admin:
        raise PermissionDenied("Only platform admins manage service accounts.")
    return User.objects.filter(is_service_account=True).order_by("username", "pk")

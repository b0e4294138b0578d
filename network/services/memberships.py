"""Who is in a community: joining, requests, leaving, removal, bans and roles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network import access, membership_memo
from network.models import Ban, Community, JoinRequest, Membership, User
from network.services.communities import ensure_writable


def _record(
    actor: User, verb: str, membership_or_request: object, community: Community, **payload: object
) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type=type(membership_or_request).__name__.lower(),
        object_id=membership_or_request.pk,
        community=community,
        payload=payload,
    )


def _check_may_enter(user: User, community: Community) -> None:
    if user.is_external and not community.is_external:
        raise ValidationError("External people cannot join internal communities.")
    if Ban.objects.filter(community=community, user=user).exists():
        raise PermissionDenied("You are banned from this community.")


def membership_add(
    *, actor: User, community: Community, user: User, role: str = Membership.Role.MEMBER
) -> Membership:
    """Put a person in a community (seeding, accepted invitations and requests)."""
    _check_may_enter(user, community)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            community=community, user=user, defaults={"role": role}
        )
        if created:
            membership_memo.forget()
            _record(actor, "membership.added", membership, community, user_id=user.pk, role=role)
    return membership


def community_join(*, actor: User, community: Community) -> Membership:
    """Join an open community."""
    ensure_writable(community)
    if access.membership_of(actor, community) is not None:
        raise Conflict("You are already a member.")
    if community.visibility != Community.Visibility.OPEN:
        raise PermissionDenied("This community is private: ask to join instead.")
    return membership_add(actor=actor, community=community, user=actor)


def join_request_create(*, actor: User, community: Community, message: str = "") -> JoinRequest:
    ensure_writable(community)
    if community.visibility == Community.Visibility.OPEN:
        raise Conflict("This community is open: join it directly.")
    if access.membership_of(actor, community) is not None:
        raise Conflict("You are already a member.")
    _check_may_enter(actor, community)
    request = JoinRequest(community=community, user=actor, message=message)
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
            # The requester and the moderators are told; the members are not.
            activity.record(
                actor=actor,
                verb="join_request.created",
                object_type="joinrequest",
                object_id=request.pk,
                community=community,
                audience=Audience.STAFF,
                payload={"user_id": actor.pk},
            )
    except IntegrityError:
        raise Conflict("You have already asked to join; the moderators will decide.") from None
    return request


def join_request_decide(*, actor: User, request: JoinRequest, approve: bool) -> JoinRequest:
    community = request.community
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators decide on requests.")
    ensure_writable(community)
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != JoinRequest.Status.PENDING:
            raise Conflict(f"This request was already {request.status}.")
        request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        request.decided_by, request.decided_at = actor, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            membership_add(actor=actor, community=community, user=request.user)
        activity.record(
            actor=actor,
            verb=f"join_request.{request.status}",
            object_type="joinrequest",
            object_id=request.pk,
            community=community,
            audience=Audience.PERSONAL,
            payload={"user_id": request.user_id, "notify": [request.user_id]},
        )
    return request


def _last_owner(membership: Membership) -> bool:
    return (
        membership.role == Membership.Role.OWNER
        and not Membership.objects.filter(
            community=membership.community_id, role=Membership.Role.OWNER
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_leave(*, actor: User, community: Community) -> None:
    membership = access.membership_of(actor, community)
    if membership is None:
        raise Conflict("You are not a member.")
    if _last_owner(membership):
        raise Conflict("You are the last owner: make someone else an owner before leaving.")
    with transaction.atomic():
        _record(actor, "membership.left", membership, community, user_id=actor.pk)
        membership.delete()
        membership_memo.forget()


def membership_remove(*, actor: User, community: Community, user: User) -> None:
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators can remove members.")
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is None:
        raise Conflict("This person is not a member.")
    if membership.role == Membership.Role.OWNER and not access.is_owner(actor, community):
        raise PermissionDenied("Only owners can remove an owner.")
    if _last_owner(membership):
        raise Conflict("A community keeps at least one owner.")
    with transaction.atomic():
        _record(actor, "membership.removed", membership, community, user_id=user.pk)
        membership.delete()
        membership_memo.forget()


def member_ban(*, actor: User, community: Community, user: User, reason: str) -> Ban:
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators can ban.")
    if access.is_owner(user, community) and not user.is_platform_admin:
        raise PermissionDenied("Owners cannot be banned; remove their ownership first.")
    if user.pk == actor.pk:
        raise ValidationError("You cannot ban yourself.")
    ban = Ban(community=community, user=user, reason=reason, banned_by=actor)
    ban.full_clean(exclude=["banned_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            Membership.objects.filter(community=community, user=user).delete()
            membership_memo.forget()
            JoinRequest.objects.filter(
                community=community, user=user, status=JoinRequest.Status.PENDING
            ).delete()
            ban.save()
            _record(actor, "member.banned", ban, community, user_id=user.pk)
    except IntegrityError:
        raise Conflict("This person is already banned.") from None
    return ban


def membership_set_role(*, actor: User, community: Community, user: User, role: str) -> Membership:
    if not access.is_owner(actor, community):
        raise PermissionDenied("Only owners manage roles.")
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Choose one of {', '.join(Membership.Role.values)}."})
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is None:
        raise Conflict("This person is not a member.")
    if role != Membership.Role.OWNER and _last_owner(membership):
        raise Conflict("A community keeps at least one owner.")
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        membership_memo.forget()
        _record(actor, "membership.role_changed", membership, community, user_id=user.pk, role=role)
    return membership

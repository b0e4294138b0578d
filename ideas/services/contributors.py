"""Co-creation: co-authors invited by an idea's authors, and ideas building on others."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import BuildsOn, Contributor, Idea
from ideas.services.following import follow_on_taking_part
from network import access as network_access
from network.models import User


def coauthor_invite(*, actor: User, idea: Idea, invitee: User) -> Contributor:
    """An idea's author or co-authors invite a member of the community to co-author it."""
    if not idea.contributors.filter(user=actor, status=Contributor.Status.ACCEPTED).exists():
        raise PermissionDenied("Only the idea's authors can invite co-authors.")
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one.")
    community = idea.board.community
    if not invitee.is_active or network_access.membership_of(invitee, community) is None:
        raise ValidationError({"user": "Invite a member of the idea's community."})
    with transaction.atomic():
        contributor, created = Contributor.objects.select_for_update().get_or_create(
            idea=idea,
            user=invitee,
            defaults={
                "role": Contributor.Role.COAUTHOR,
                "status": Contributor.Status.INVITED,
                "invited_by": actor,
            },
        )
        if not created:
            if contributor.status != Contributor.Status.DECLINED:
                raise Conflict(f"{invitee.name} is already invited or an author.")
            contributor.status, contributor.invited_by = Contributor.Status.INVITED, actor
            contributor.responded_at = None
            contributor.save(update_fields=["status", "invited_by", "responded_at"])
        activity.record(
            actor=actor,
            verb="idea.coauthor_invited",
            object_type="idea",
            object_id=idea.pk,
            community=community,
            payload={"board_id": idea.board_id, "user_id": invitee.pk, "notify": [invitee.pk]},
        )
    return contributor


def coauthor_respond(*, actor: User, idea: Idea, accept: bool) -> Contributor:
    """The invitee accepts (and may edit the idea from then on) or declines."""
    with transaction.atomic():
        contributor = (
            Contributor.objects.select_for_update()
            .filter(idea=idea, user=actor, status=Contributor.Status.INVITED)
            .first()
        )
        if contributor is None:
            raise Conflict("You have no pending invitation to co-author this idea.")
        contributor.status = Contributor.Status.ACCEPTED if accept else Contributor.Status.DECLINED
        contributor.responded_at = timezone.now()
        contributor.save(update_fields=["status", "responded_at"])
        if accept:
            follow_on_taking_part(user=actor, idea=idea)
        activity.record(
            actor=actor,
            verb="idea.coauthor_joined" if accept else "idea.coauthor_declined",
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload={"board_id": idea.board_id, "user_id": actor.pk},
        )
    return contributor


def builds_on_add(*, actor: User, idea: Idea, source: Idea) -> BuildsOn:
    """Say that an idea builds on another of the same community (shown on both)."""
    if not access.can_edit_idea(actor, idea):
        raise PermissionDenied("Only the idea's authors can say what it builds on.")
    if source.pk == idea.pk:
        raise ValidationError({"source": "An idea cannot build on itself."})
    # Both are read by the same people only within one community.
    if source.board.community_id != idea.board.community_id:
        raise ValidationError({"source": "Choose an idea of the same community."})
    with transaction.atomic():
        link, created = BuildsOn.objects.get_or_create(
            idea=idea, source=source, defaults={"created_by": actor}
        )
        if not created:
            raise Conflict("This idea already builds on that one.")
        activity.record(
            actor=actor,
            verb="idea.builds_on",
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload={"board_id": idea.board_id, "source_id": source.pk},
        )
    return link


def builds_on_remove(*, actor: User, link: BuildsOn) -> None:
    """Its authors take back that an idea builds on another; taking it back twice
    changes nothing (the second request finds no link)."""
    idea = link.idea
    if not access.can_edit_idea(actor, idea):
        raise PermissionDenied("Only the idea's authors can say what it builds on.")
    with transaction.atomic():
        deleted, _ = BuildsOn.objects.filter(pk=link.pk).delete()
        if not deleted:
            return
        activity.record(
            actor=actor,
            verb="idea.builds_on_removed",
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload={"board_id": idea.board_id, "source_id": link.source_id},
        )


def credits(idea: Idea) -> list[User]:
    """Everyone credited for an idea: its author, then co-authors in the order they joined."""
    return [
        c.user
        for c in idea.contributors.select_related("user")
        .filter(status=Contributor.Status.ACCEPTED)
        .order_by("role", "responded_at", "pk")  # "author" sorts before "coauthor"
    ]

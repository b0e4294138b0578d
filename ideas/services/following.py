"""Following ideas: the people told when an idea moves.

Authors, accepted co-authors and voters follow an idea by taking part in it
(`follow_on_taking_part`, called from those services inside their transaction,
whose own activity says what happened). Anyone who may read an idea may also
follow or unfollow it explicitly.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

import activity
from activity.models import Audience
from ideas import access
from ideas.models import Follower, Idea
from network.models import User


def follow_on_taking_part(*, user: User, idea: Idea) -> None:
    """Make `user` a follower of `idea`, quietly; call inside the caller's transaction.
    One INSERT ... ON CONFLICT DO NOTHING: no read first, no savepoint."""
    Follower.objects.bulk_create([Follower(idea=idea, user=user)], ignore_conflicts=True)


def _check_may_read(actor: User, idea: Idea) -> None:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("Sign in to follow ideas.")
    if not access.ideas_visible_to(actor).filter(pk=idea.pk).exists():
        raise access.NotFound("No such idea.")


def idea_follow(*, actor: User, idea: Idea) -> Follower:
    """Follow an idea; following it again changes nothing."""
    _check_may_read(actor, idea)
    with transaction.atomic():
        follower, created = Follower.objects.get_or_create(idea=idea, user=actor)
        if created:
            # Personal: nobody else needs to hear who follows what.
            activity.record(
                actor=actor,
                verb="idea.followed",
                object_type="idea",
                object_id=idea.pk,
                community=idea.board.community,
                audience=Audience.PERSONAL,
                payload={"board_id": idea.board_id},
            )
    return follower


def idea_unfollow(*, actor: User, idea: Idea) -> None:
    """Stop following; voters and co-authors stay told of moves through those roles."""
    _check_may_read(actor, idea)
    with transaction.atomic():
        deleted, _ = Follower.objects.filter(idea=idea, user=actor).delete()
        if deleted:
            activity.record(
                actor=actor,
                verb="idea.unfollowed",
                object_type="idea",
                object_id=idea.pk,
                community=idea.board.community,
                audience=Audience.PERSONAL,
                payload={"board_id": idea.board_id},
            )

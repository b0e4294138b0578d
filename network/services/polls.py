"""Polls in posts: asking, voting, and when results may be seen."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import activity
from bridge.errors import Conflict
from network import access
from network.models import Poll, PollOption, PollVote, Post, User
from network.services.communities import ensure_writable

MAX_OPTIONS = 10


def clean_poll(options: Sequence[str], closes_at: datetime | None) -> list[str]:
    cleaned = [option.strip() for option in options if option and option.strip()]
    if not 2 <= len(cleaned) <= MAX_OPTIONS:  # noqa: PLR2004 -- a poll has at least two answers
        raise ValidationError({"poll": f"Give between 2 and {MAX_OPTIONS} answers."})
    if any(len(option) > 200 for option in cleaned):  # noqa: PLR2004 -- the column's size
        raise ValidationError({"poll": "Keep each answer under 200 characters."})
    if len({option.lower() for option in cleaned}) != len(cleaned):
        raise ValidationError({"poll": "Each answer must be different."})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"poll": "The closing time must be in the future."})
    return cleaned


def poll_attach(
    *, post: Post, options: Sequence[str], multiple: bool, closes_at: datetime | None
) -> Poll:
    """Called by post_create inside its transaction, with already-cleaned options."""
    poll = Poll.objects.create(post=post, multiple=multiple, closes_at=closes_at)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, text=text, position=number) for number, text in enumerate(options)
    )
    return poll


def poll_vote(*, actor: User, poll: Poll, option_ids: Sequence[int]) -> list[PollVote]:
    """Vote, or change one's vote, until the poll closes."""
    post = poll.post
    if access.membership_of(actor, post.community) is None:
        raise PermissionDenied("Join the community to vote.")
    ensure_writable(post.community)
    if poll.is_closed:
        raise Conflict("This poll is closed.")
    chosen = list(PollOption.objects.filter(poll=poll, pk__in=set(option_ids)))
    if not chosen or len(chosen) != len(set(option_ids)):
        raise ValidationError({"options": "Choose among this poll's answers."})
    if not poll.multiple and len(chosen) > 1:
        raise ValidationError({"options": "Choose one answer."})
    with transaction.atomic():
        # Lock the poll row so that two quick votes by one person cannot both land.
        Poll.objects.select_for_update().get(pk=poll.pk)
        PollVote.objects.filter(option__poll=poll, user=actor).delete()
        votes = PollVote.objects.bulk_create(
            PollVote(option=option, user=actor) for option in chosen
        )
        activity.record(
            actor=actor,
            verb="poll.voted",
            object_type="poll",
            object_id=poll.pk,
            community=post.community,
            payload={"post_id": post.pk},
        )
    return votes


def results_visible(*, viewer: User, poll: Poll, voted: bool) -> bool:
    return voted or poll.is_closed

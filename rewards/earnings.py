"""What a rule can reward: each earning names the activities that show it and who
earned it. HR's rules (rewards.models.Rule) pick one by key and set the points.

Who earns is read from the activity and the database at delivery time, in the
delivery's transaction (rewards/handlers.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from activity.models import Activity
from ideas.models import Idea, Stage
from ideas.services.contributors import credits


@dataclass(frozen=True)
class Earning:
    label: str
    verbs: frozenset[str]
    earners: Callable[[Activity], list[int]]  # the people credited, by id


def _the_actor(activity: Activity) -> list[int]:
    return [activity.actor_id] if activity.actor_id is not None else []


def _idea_contributors_when(reached: Callable[[Stage], bool]) -> Callable[[Activity], list[int]]:
    """Every credited contributor of an idea that moved to a stage `reached` accepts:
    its author and the co-authors who accepted, as they stand at the move."""

    def earners(activity: Activity) -> list[int]:
        stage = Stage.objects.filter(pk=activity.payload.get("to")).first()
        if stage is None or not reached(stage):
            return []
        idea = Idea.objects.filter(pk=activity.object_id).first()
        return [person.pk for person in credits(idea)] if idea is not None else []

    return earners


def _the_ambassador(activity: Activity) -> list[int]:
    """A share click credits the person whose link it was, never the visitor."""
    ambassador = activity.payload.get("ambassador")
    return [ambassador] if ambassador is not None else []


def _helpful_comment_author(activity: Activity) -> list[int]:
    """The comment's author, on the first mark of that comment only: unmarking and
    marking again records new activities (new award keys), which pay nothing more.
    Never the person who marked (the service refuses marking one's own comment)."""
    author = activity.payload.get("comment_author_id")
    if author is None or author == activity.actor_id:
        return []
    marked_before = Activity.objects.filter(
        verb="comment.marked_helpful",
        object_type=activity.object_type,
        object_id=activity.object_id,
        pk__lt=activity.pk,
    ).exists()
    return [] if marked_before else [author]


def _referring_inviter(activity: Activity) -> list[int]:
    """The inviter, on the invitee's first accepted invitation only: a person is
    referred once, however often they are invited again (after leaving, or into
    another community). Nobody refers themselves."""
    inviter = activity.payload.get("invited_by")
    if inviter is None or inviter == activity.actor_id:
        return []
    accepted_before = Activity.objects.filter(
        verb="invitation.accepted", actor_id=activity.actor_id, pk__lt=activity.pk
    ).exists()
    return [] if accepted_before else [inviter]


# Default stages name it "Accepted" (ideas/services/boards.py); a board that calls
# it otherwise rewards "in progress" or "delivered" instead.
ACCEPTED_STAGE = "accepted"

EARNINGS: MappingProxyType[str, Earning] = MappingProxyType(
    {
        "post_created": Earning("Posts in a community", frozenset({"post.created"}), _the_actor),
        "idea_submitted": Earning("Submits an idea", frozenset({"idea.submitted"}), _the_actor),
        "idea_coauthored": Earning(
            "Co-authors an idea", frozenset({"idea.coauthor_joined"}), _the_actor
        ),
        "idea_accepted": Earning(
            "An idea of theirs is accepted (every contributor)",
            frozenset({"idea.stage_changed"}),
            _idea_contributors_when(lambda stage: stage.name.lower() == ACCEPTED_STAGE),
        ),
        "idea_delivered": Earning(
            "An idea of theirs is delivered (every contributor)",
            frozenset({"idea.stage_changed"}),
            _idea_contributors_when(lambda stage: stage.kind == Stage.Kind.DELIVERED),
        ),
        "share_clicked": Earning(
            "A click on their share link (a new visitor a day, no bots, not their own)",
            frozenset({"share.clicked"}),
            _the_ambassador,
        ),
        "answer_helpful": Earning(
            "A comment of theirs is marked helpful (once per comment)",
            frozenset({"comment.marked_helpful"}),
            _helpful_comment_author,
        ),
        "referral_accepted": Earning(
            "Someone they invited joins (once per person)",
            frozenset({"invitation.accepted"}),
            _referring_inviter,
        ),
    }
)

EARNING_VERBS = frozenset(verb for earning in EARNINGS.values() for verb in earning.verbs)

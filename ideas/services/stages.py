"""Moving ideas between a board's stages, with a public note; the people concerned are told."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Contributor, Follower, Idea, Stage, StageChange, Vote
from network.models import User

MAX_NOTE = 5000


def people_to_tell(idea: Idea, *, actor: User) -> list[int]:
    """Followers, voters and accepted contributors of an idea who may still read it,
    without the actor, as sorted ids."""
    concerned = (
        set(Follower.objects.filter(idea=idea).values_list("user_id", flat=True))
        | set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True))
        | set(
            Contributor.objects.filter(idea=idea, status=Contributor.Status.ACCEPTED).values_list(
                "user_id", flat=True
            )
        )
    ) - {actor.pk}
    readers = access.readers_of(idea.board).filter(pk__in=concerned)
    return sorted(readers.values_list("pk", flat=True))


def stage_move(*, actor: User, idea: Idea, stage: Stage, note: str = "") -> StageChange:
    """A board moderator moves an idea to another stage, with a public note (the
    reason, when declining); its followers, voters and co-authors are told."""
    if not access.is_board_moderator(actor, idea.board):
        raise PermissionDenied("Only the board's moderators can move ideas between stages.")
    if stage.board_id != idea.board_id:
        raise ValidationError({"stage_id": "Choose a stage of the idea's board."})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE} characters."})
    if stage.kind == Stage.Kind.DECLINED and not note:
        raise ValidationError({"note": "Say why the idea is declined: the note is public."})
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one: move that one.")
    with transaction.atomic():
        # Two moderators moving the same idea at once: the second sees the first's move.
        idea = (
            Idea.objects.select_for_update(of=("self",))  # the idea's row, not its board's
            .select_related("board__community")
            .get(pk=idea.pk)
        )
        if idea.stage_id == stage.pk:
            raise Conflict(f"This idea is already in {stage.name}.")
        change = StageChange.objects.create(
            idea=idea, from_stage_id=idea.stage_id, to_stage=stage, note=note, moved_by=actor
        )
        idea.stage, idea.stage_changed_at = stage, change.created_at
        idea.save(update_fields=["stage", "stage_changed_at"])
        activity.record(
            actor=actor,
            verb="idea.stage_changed",
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload={
                "board_id": idea.board_id,
                "from": change.from_stage_id,
                "to": stage.pk,
                "note": note,
                "notify": people_to_tell(idea, actor=actor),
            },
        )
    return change

"""Idea boards: a community's moderators put a question to its members."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from ideas import access as board_access
from ideas.models import Board, BoardField, Participation, Stage
from network import access, files
from network.markup import render_markdown
from network.models import Community, User
from network.services import media
from network.services.communities import ensure_writable

# Where ideas go unless a board says otherwise: (name, kind).
DEFAULT_STAGES = (
    ("Submitted", Stage.Kind.OPEN),
    ("Under review", Stage.Kind.OPEN),
    ("Accepted", Stage.Kind.OPEN),
    ("In progress", Stage.Kind.OPEN),
    ("Delivered", Stage.Kind.DELIVERED),
    ("Declined", Stage.Kind.DECLINED),
)
MAX_STAGES = 12
MAX_FIELDS = 10
MAX_CHOICES = 20


def _clean_stages(stages: Sequence[dict[str, Any]] | None) -> list[tuple[str, str]]:
    if not stages:
        return list(DEFAULT_STAGES)
    cleaned = []
    for stage in stages:
        name = str(stage.get("name", "")).strip()
        kind = stage.get("kind", Stage.Kind.OPEN)
        if not name or len(name) > 60:  # noqa: PLR2004 -- the column's size
            raise ValidationError({"stages": "Name each stage, in under 60 characters."})
        if kind not in Stage.Kind.values:
            raise ValidationError({"stages": f"A stage's kind is one of {Stage.Kind.values}."})
        cleaned.append((name, kind))
    names = [name.casefold() for name, _ in cleaned]
    if len(set(names)) != len(names):
        raise ValidationError({"stages": "Each stage needs its own name."})
    if not 2 <= len(cleaned) <= MAX_STAGES:  # noqa: PLR2004 -- a path has two ends
        raise ValidationError({"stages": f"Give between 2 and {MAX_STAGES} stages."})
    if cleaned[0][1] != Stage.Kind.OPEN:
        raise ValidationError({"stages": "Ideas start in the first stage: it must be open."})
    return cleaned


def _clean_fields(fields: Sequence[dict[str, Any]] | None) -> list[dict[str, Any]]:
    cleaned = []
    for field in fields or ():
        label = str(field.get("label", "")).strip()
        kind = field.get("kind")
        choices = [str(c).strip() for c in field.get("choices") or () if str(c).strip()]
        if not label or len(label) > 120:  # noqa: PLR2004 -- the column's size
            raise ValidationError({"fields": "Label each field, in under 120 characters."})
        if kind not in BoardField.Kind.values:
            raise ValidationError({"fields": f"A field's kind is one of {BoardField.Kind.values}."})
        if kind == BoardField.Kind.CHOICE and not 2 <= len(choices) <= MAX_CHOICES:  # noqa: PLR2004
            raise ValidationError({"fields": f"A choice field offers 2 to {MAX_CHOICES} choices."})
        cleaned.append(
            {
                "label": label,
                "kind": kind,
                "choices": choices if kind == BoardField.Kind.CHOICE else [],
                "required": bool(field.get("required", False)),
            }
        )
    if len(cleaned) > MAX_FIELDS:
        raise ValidationError({"fields": f"A form asks at most {MAX_FIELDS} questions."})
    return cleaned


def board_create(
    *,
    actor: User,
    community: Community,
    title: str,
    description: str = "",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    who_may_submit: str = Participation.MEMBERS,
    who_may_vote: str = Participation.MEMBERS,
    who_may_comment: str = Participation.MEMBERS,
    allow_down_votes: bool = False,
    vote_budget: int | None = None,
    hide_counts_until_voted: bool = False,
    stages: Sequence[dict[str, Any]] | None = None,
    fields: Sequence[dict[str, Any]] | None = None,
) -> Board:
    """A community's moderators open a board, with its stages and submission form."""
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators can open an idea board.")
    ensure_writable(community)
    title = (title or "").strip()
    if not title or len(title) > 200:  # noqa: PLR2004 -- the column's size
        raise ValidationError({"title": "Ask a question or set a challenge, under 200 characters."})
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": "The board must close after it opens."})
    if vote_budget is not None and vote_budget < 1:
        raise ValidationError({"vote_budget": "Give at least one vote, or no limit."})
    stage_rows = _clean_stages(stages)
    field_rows = _clean_fields(fields)
    board = Board(
        community=community,
        title=title,
        description=description.strip(),
        description_html=render_markdown(description.strip()),
        opens_at=opens_at,
        closes_at=closes_at,
        who_may_submit=who_may_submit,
        who_may_vote=who_may_vote,
        who_may_comment=who_may_comment,
        allow_down_votes=allow_down_votes,
        vote_budget=vote_budget,
        hide_counts_until_voted=hide_counts_until_voted,
        created_by=actor,
    )
    board.full_clean(exclude=["description_html"])  # the choices, field by field
    with transaction.atomic():
        board.save()
        Stage.objects.bulk_create(
            Stage(board=board, name=name, kind=kind, position=position)
            for position, (name, kind) in enumerate(stage_rows)
        )
        BoardField.objects.bulk_create(
            BoardField(board=board, position=position, **row)
            for position, row in enumerate(field_rows)
        )
        activity.record(
            actor=actor,
            verb="board.created",
            object_type="board",
            object_id=board.pk,
            community=community,
        )
    return board


def _check_cover_editor(actor: User, board: Board) -> None:
    if not board_access.is_board_moderator(actor, board):
        raise PermissionDenied("Only the board's moderators can change its cover.")
    ensure_writable(board.community)


def _record_cover(actor: User, board: Board) -> None:
    activity.record(
        actor=actor,
        verb="board.updated",
        object_type="board",
        object_id=board.pk,
        community=board.community,
        payload={"board_id": board.pk, "fields": ["cover"]},
    )


def board_cover_set(*, actor: User, board: Board, upload: object) -> Board:
    """The board's moderators give it a cover image (a 3:1 banner, as communities)."""
    _check_cover_editor(actor, board)
    clean = media.cleaned_image(files.clean_cover, upload)
    with media.removed_on_failure() as stored, transaction.atomic():
        media.image_store(board, "cover", clean, stored)
        _record_cover(actor, board)
    return board


def board_cover_remove(*, actor: User, board: Board) -> Board:
    _check_cover_editor(actor, board)
    if not board.cover:
        return board
    with transaction.atomic():
        media.image_clear(board, "cover")
        _record_cover(actor, board)
    return board

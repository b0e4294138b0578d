"""Outcomes: what a delivered idea achieved, recorded by its moderators or contributors."""

import hashlib
import json
from datetime import UTC
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from activity.models import Activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Idea, Stage
from ideas.services.ideas import name_shown
from network.models import User

MAX_OUTCOME = 5000
MAX_UNIT = 40
# Idea.outcome_value is a DecimalField(max_digits=14, decimal_places=2).
MAX_OUTCOME_VALUE = Decimal("999999999999.99")


def _clean_outcome(outcome: str, value: Decimal | None, unit: str) -> tuple[str, str]:
    outcome, unit = (outcome or "").strip(), (unit or "").strip()
    errors = {}
    if not outcome:
        errors["outcome"] = "Say what the idea achieved."
    elif len(outcome) > MAX_OUTCOME:
        errors["outcome"] = f"Keep it under {MAX_OUTCOME} characters."
    if value is not None and (not value.is_finite() or abs(value) > MAX_OUTCOME_VALUE):
        errors["value"] = "Give a number under a trillion, with at most two decimals."
    if len(unit) > MAX_UNIT:
        errors["unit"] = f"Keep the unit under {MAX_UNIT} characters."
    elif unit and value is None:
        errors["unit"] = "A unit goes with a value."
    if errors:
        raise ValidationError(errors)
    return outcome, unit


def outcome_version(idea: Idea) -> str:
    """The outcome as it is, digested: what a form or a client read it as, and sends
    back as ``base_outcome_version``.

    Why a digest of the content rather than a counter or a timestamp: it needs no
    column (nor migration), cannot tie as two saves in the same instant would, and
    compares exactly what would be lost. If the outcome went from A to B and back to
    A, saving over A loses nothing the person had not seen, so it is not a conflict.
    """
    value = "" if idea.outcome_value is None else f"{idea.outcome_value:.2f}"
    content = json.dumps([idea.outcome, value, idea.outcome_unit])
    return hashlib.sha256(content.encode()).hexdigest()[:16]


class OutcomeConflict(Conflict):
    """Someone recorded an outcome after this one was started from another."""

    def __init__(self, idea: Idea, reader: User) -> None:
        last = (
            Activity.objects.filter(
                verb="idea.outcome_recorded", object_type="idea", object_id=str(idea.pk)
            )
            .select_related("actor")
            .order_by("-id")
            .first()
        )
        who = (name_shown(reader, last.actor) if last else None) or "Someone"
        when = f" on {last.created_at.astimezone(UTC):%d %b %Y at %H:%M UTC}" if last else ""
        super().__init__(
            f"{who} recorded an outcome{when}, after you started from the one before. "
            "Read theirs, then save yours again.",
            details={"current_outcome_version": outcome_version(idea)},
        )
        self.idea = idea


def outcome_record(
    *,
    actor: User,
    idea: Idea,
    outcome: str,
    value: Decimal | None = None,
    unit: str = "",
    base_outcome_version: str | None = None,
) -> Idea:
    """The board's moderators or the idea's contributors say what a delivered idea
    achieved (free text, and optionally a figure with its unit). With
    ``base_outcome_version`` (outcome_version() of the outcome the person started
    from), an outcome recorded meanwhile is an OutcomeConflict, not overwritten."""
    if not access.may_record_outcome(actor, idea):
        raise PermissionDenied("Only the board's moderators and the idea's authors can.")
    outcome, unit = _clean_outcome(outcome, value, unit)
    with transaction.atomic():
        # The idea's row only: a move waits for this, the stage itself is not changed.
        idea = Idea.objects.select_for_update(of=("self",)).select_related("stage").get(pk=idea.pk)
        if idea.stage.kind != Stage.Kind.DELIVERED:
            raise Conflict("Outcomes are recorded once the idea is delivered.")
        # Compared under the row lock: of two saves from the same outcome, one wins.
        if base_outcome_version is not None and base_outcome_version != outcome_version(idea):
            raise OutcomeConflict(idea, actor)
        idea.outcome, idea.outcome_unit = outcome, unit
        idea.outcome_value = None if value is None else value.quantize(Decimal("0.01"))
        idea.save(update_fields=["outcome", "outcome_value", "outcome_unit"])
        activity.record(
            actor=actor,
            verb="idea.outcome_recorded",
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload={"board_id": idea.board_id},
        )
    return idea

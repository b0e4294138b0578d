"""Ideas: submitting one to a board, and shaping it with its co-authors."""

from collections.abc import Sequence
from datetime import UTC
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Attachment, Board, BoardField, Contributor, Idea, Revision
from ideas.services.following import follow_on_taking_part
from network.access import people_visible_to
from network.markup import hashtag_name
from network.models import Hashtag, User
from network.services import media
from network.services.mentions import render_with_mentions

MAX_BODY = 20000
MAX_TAGS = 10


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title or len(title) > 200:  # noqa: PLR2004 -- the column's size
        errors["title"] = "Give the idea a title, under 200 characters."
    if not body:
        errors["body"] = "Describe the idea."
    elif len(body) > MAX_BODY:
        errors["body"] = f"Keep it under {MAX_BODY} characters."
    if errors:
        raise ValidationError(errors)
    return title, body


def clean_tags(tags: Sequence[str]) -> list[str]:
    """The tags as stored (lowercase, no #, no repeats); the pages' forms check them
    with it too, so that a bad tag is said along with every other error."""
    names = []
    for tag in tags:
        name = hashtag_name(str(tag).lstrip("#"))
        if name is None:
            raise ValidationError({"tags": f"{str(tag)[:50]!r} is not a tag: letters, digits, _."})
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": f"Use at most {MAX_TAGS} tags."})
    return names


def _clean_value(field: BoardField, value: Any) -> Any:
    """One answer, as stored; ValidationError in the field's words when it is wrong."""
    if field.kind == BoardField.Kind.NUMBER:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(f"{field.label}: give a number.") from None
        if not number.is_finite():
            raise ValidationError(f"{field.label}: give a number.")
        return str(number)
    text = str(value).strip()
    if field.kind == BoardField.Kind.CHOICE and text not in field.choices:
        raise ValidationError(f"{field.label}: choose one of {', '.join(field.choices)}.")
    if len(text) > 2000:  # noqa: PLR2004 -- an answer, not an essay
        raise ValidationError(f"{field.label}: keep it under 2,000 characters.")
    return text


def clean_field_values(board: Board, values: dict[str, Any]) -> dict[str, Any]:
    """The answers to a board's form, keyed by field id; every problem at once."""
    fields = {str(field.pk): field for field in board.fields.all()}
    unknown = set(values) - set(fields)
    errors = [f"{key!r} is not a question of this board." for key in sorted(unknown)]
    cleaned = {}
    for key, field in fields.items():
        value = values.get(key)
        if value is None or str(value).strip() == "":
            if field.required:
                errors.append(f"{field.label}: this question needs an answer.")
            continue
        try:
            cleaned[key] = _clean_value(field, value)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"field_values": errors})
    return cleaned


def name_shown(reader: User, person: User | None) -> str | None:
    """``person``'s name if ``reader`` may see them (a moderator may be a platform
    admin a customer cannot find anywhere); None otherwise, or when they left."""
    if person is None or not people_visible_to(reader).filter(pk=person.pk).exists():
        return None
    return person.name


class EditConflict(Conflict):
    """Someone saved a newer revision than the one an edit started from: saving it
    would silently undo theirs. ``latest`` is that revision, for the page to show."""

    def __init__(self, latest: Revision, base: int, reader: User) -> None:
        who = name_shown(reader, latest.editor)
        when = latest.created_at.astimezone(UTC).strftime("%d %b %Y at %H:%M UTC")
        super().__init__(
            f"{who or 'Someone'} edited this idea on {when} (revision {latest.number}), after "
            f"the revision {base} you started from. Read their version, then save yours again.",
            details={
                "current_revision": latest.number,
                "edited_by": who,
                "edited_at": latest.created_at.isoformat(),
            },
        )
        self.latest = latest
        self.editor_name = who


def latest_revision(idea: Idea) -> Revision | None:
    """The revision an edit starts from (number 1 is the idea as submitted)."""
    return idea.revisions.select_related("editor").order_by("-number").first()


def _check_base(idea: Idea, base_revision: int | None, actor: User) -> None:
    """Optimistic concurrency: an edit says which revision it started from; read
    under the idea's row lock, so of two edits on the same base exactly one wins."""
    if base_revision is None:
        return  # integrations that do not send it keep last-write-wins
    latest = latest_revision(idea)
    if latest is None or base_revision > latest.number:
        raise ValidationError({"base_revision": f"The idea has no revision {base_revision}."})
    if base_revision < latest.number:
        raise EditConflict(latest, base_revision, actor)


def _record_revision(idea: Idea, editor: User, tags: list[str]) -> Revision:
    number = (idea.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    return Revision.objects.create(
        idea=idea,
        number=number,
        editor=editor,
        title=idea.title,
        body=idea.body,
        field_values=idea.field_values,
        tags=tags,
    )


def _set_tags(idea: Idea, names: list[str]) -> None:
    idea.tags.set([Hashtag.objects.get_or_create(name=name)[0] for name in names])


def idea_submit(
    *,
    actor: User,
    board: Board,
    title: str,
    body: str,
    tags: Sequence[str] = (),
    field_values: dict[str, Any] | None = None,
    attachments: Sequence[object] = (),
) -> Idea:
    """Submit an idea; ``attachments`` are uploaded files, checked by content
    (network/services/media.py) and stored with the idea or not at all."""
    if not access.may_take_part(actor, board, board.who_may_submit):
        raise PermissionDenied("You may not submit ideas to this board.")
    if not access.is_open(board):
        raise Conflict("This board is not taking ideas now.")
    title, body = _clean_text(title, body)
    names = clean_tags(tags)
    values = clean_field_values(board, field_values or {})
    cleaned = media.clean_attachments(attachments) if attachments else []
    body_html, mentioned = render_with_mentions(actor=actor, community=board.community, text=body)
    with media.removed_on_failure() as stored, transaction.atomic():
        idea = Idea.objects.create(
            board=board,
            author=actor,
            title=title,
            body=body,
            body_html=body_html,
            field_values=values,
            stage=board.stages.order_by("position").first(),
            stage_changed_at=timezone.now(),
        )
        _set_tags(idea, names)
        Contributor.objects.create(
            idea=idea,
            user=actor,
            role=Contributor.Role.AUTHOR,
            status=Contributor.Status.ACCEPTED,
        )
        _record_revision(idea, actor, names)
        follow_on_taking_part(user=actor, idea=idea)
        saved = media.uploads_save(
            make=lambda _position, _clean: Attachment(idea=idea, uploaded_by=actor),
            cleaned=cleaned,
            stored=stored,
        )
        activity.record(
            actor=actor,
            verb="idea.submitted",
            object_type="idea",
            object_id=idea.pk,
            community=board.community,
            payload={
                "board_id": board.pk,
                "notify": sorted({u.pk for u in mentioned} - {actor.pk}),
                "attachments": [a.pk for a in saved],
            },
        )
    return idea


def idea_edit(
    *,
    actor: User,
    idea: Idea,
    title: str,
    body: str,
    tags: Sequence[str] = (),
    field_values: dict[str, Any] | None = None,
    base_revision: int | None = None,
) -> Idea:
    """Its author, accepted co-authors and the board's moderators edit an idea; each
    edit is kept as a revision with who made it. ``base_revision``, the revision the
    editor started from, makes a stale edit an EditConflict (409) instead of
    overwriting the newer one."""
    if not access.can_edit_idea(actor, idea):
        raise PermissionDenied("Only the idea's authors can edit it.")
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one: edit that one.")
    title, body = _clean_text(title, body)
    names = clean_tags(tags)
    values = clean_field_values(idea.board, field_values or {})
    board = idea.board
    body_html, mentioned = render_with_mentions(actor=actor, community=board.community, text=body)
    with transaction.atomic():
        # One edit at a time: revision numbers are taken under the idea's row lock.
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        _check_base(idea, base_revision, actor)
        idea.title, idea.body, idea.body_html = title, body, body_html
        idea.field_values, idea.edited_at = values, timezone.now()
        idea.save(update_fields=["title", "body", "body_html", "field_values", "edited_at"])
        _set_tags(idea, names)
        revision = _record_revision(idea, actor, names)
        activity.record(
            actor=actor,
            verb="idea.edited",
            object_type="idea",
            object_id=idea.pk,
            community=board.community,
            payload={
                "board_id": board.pk,
                "revision": revision.number,
                "notify": sorted({u.pk for u in mentioned} - {actor.pk}),
            },
        )
    return idea

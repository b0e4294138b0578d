"""The moderators' idea pages: opening a board, its settings (review criteria,
roles), the funnel, reviewers' scorecards and merging duplicates.

Access is the API's: a board or idea the reader may not see is a 404 before
anything else; what a reader sees but may not do is the services' 403. A
scorecard is the exception: to everyone but the board's reviewers it does not
exist (404), as in ideas/services/review.py.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridge.errors import Conflict
from bridge.params import whole_number
from frontend import idea_admin_forms as admin_forms
from frontend.feedback import add_form_errors, attempt
from ideas import access
from ideas.models import Board, BoardRole, Idea, Merge
from ideas.services import boards as board_services
from ideas.services import funnel as funnel_services
from ideas.services import merges as merge_services
from ideas.services import review as review_services
from network import access as network_access
from network.access import NotFound
from network.models import User

MINUTE, HOUR, DAY = 60, 3600, 86400


def humanise_seconds(seconds: float | None) -> str:
    """A time in stage as people say it: "5 minutes", "3 hours", "12 days"."""
    if seconds is None:
        return "—"
    for unit, size in (("day", DAY), ("hour", HOUR), ("minute", MINUTE)):
        # Two of a unit before switching to it: "36 hours" reads better than "1 day".
        if seconds >= 2 * size or (unit == "minute" and seconds >= size):
            count = round(seconds / size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "under a minute"


def _moderated_board(user: User, board_id: int) -> Board:
    board = access.access_board(user, board_id)  # 404 first: the board may be unknown to them
    if not access.is_board_moderator(user, board):
        raise PermissionDenied("Only the board's moderators can do this.")
    return board


# --- Opening a board ----------------------------------------------------------------------


def _board_form_context(
    community: Any, form: Any, stages: list, fields: list, errors: dict
) -> dict:
    return {
        "community": community,
        "form": form,
        "stage_rows": stages,
        "field_rows": fields,
        "stage_errors": errors.get("stages", []),
        "field_errors": errors.get("fields", []),
    }


@login_required
@require_http_methods(["GET", "POST"])
def board_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community = network_access.access_community(request.user, community_id)
    if not network_access.is_moderator(request.user, community):
        raise PermissionDenied("Only the community's moderators can open an idea board.")
    data = request.POST if request.method == "POST" else None
    form = admin_forms.BoardForm(data)
    stages, fields = admin_forms.stage_rows(data), admin_forms.field_rows(data)
    errors: dict[str, list[str]] = {}
    if data is not None:
        valid = [row.is_valid() for row in (form, *stages, *fields)]
        stage_list = [row.row() for row in stages if row.is_valid() and row.row()]
        if not stage_list:
            # The service would fall back to the default stages: clearing them all is a mistake.
            errors = {"stages": ["Name at least two stages."]}
        elif all(valid):
            try:
                board = board_services.board_create(
                    actor=request.user,
                    community=community,
                    **form.cleaned_data,
                    stages=stage_list,
                    fields=[row.row() for row in fields if row.row()],
                )
            except ValidationError as error:
                # Stage and question errors show above their rows, the rest by their field.
                refused = error.message_dict if hasattr(error, "error_dict") else {}
                errors = {key: refused.pop(key, []) for key in ("stages", "fields")}
                if refused or not hasattr(error, "error_dict"):
                    add_form_errors(form, ValidationError(refused or error.messages))
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The board is open for ideas.")
                return redirect("idea-board", board_id=board.pk)
    return render(
        request,
        "frontend/ideas/admin/board_new.html",
        _board_form_context(community, form, stages, fields, errors),
    )


# --- Board settings: review criteria and roles ----------------------------------------------


def _members(board: Board) -> Any:
    return User.objects.filter(is_active=True, memberships__community=board.community_id).order_by(
        "last_name", "first_name", "pk"
    )


def _render_settings(
    request: HttpRequest,
    board: Board,
    criteria_rows: list | None = None,
    criteria_errors: list | None = None,
    role_form: admin_forms.RoleForm | None = None,
) -> HttpResponse:
    criteria = list(board.criteria.all())
    return render(
        request,
        "frontend/ideas/admin/settings.html",
        {
            "board": board,
            "community": board.community,
            "criteria_rows": criteria_rows or admin_forms.criterion_rows(criteria),
            "criteria_errors": criteria_errors or [],
            "roles": BoardRole.objects.filter(board=board)
            .select_related("user")
            .order_by("role", "user__last_name", "pk"),
            "role_form": role_form or admin_forms.RoleForm(members=_members(board)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_settings(request: HttpRequest, board_id: int) -> HttpResponse:
    """GET: the settings page. POST: replace the review criteria."""
    board = _moderated_board(request.user, board_id)
    if request.method == "GET":
        return _render_settings(request, board)
    rows = admin_forms.criterion_rows(list(board.criteria.all()), request.POST)
    if not all([row.is_valid() for row in rows]):
        return _render_settings(request, board, criteria_rows=rows)
    try:
        review_services.criteria_set(
            actor=request.user, board=board, criteria=[row.row() for row in rows if row.row()]
        )
    except ValidationError as error:
        return _render_settings(request, board, criteria_rows=rows, criteria_errors=error.messages)
    except Conflict as error:
        return _render_settings(request, board, criteria_rows=rows, criteria_errors=[error.message])
    messages.success(request, "Review criteria saved.")
    return redirect("idea-board-settings", board_id=board.pk)


@login_required
@require_POST
def role_grant(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _moderated_board(request.user, board_id)
    form = admin_forms.RoleForm(request.POST, members=_members(board))
    if not form.is_valid():
        return _render_settings(request, board, role_form=form)
    user, role = form.cleaned_data["user"], form.cleaned_data["role"]
    try:
        review_services.board_role_grant(actor=request.user, board=board, user=user, role=role)
    except ValidationError as error:
        add_form_errors(form, error, aliases={"user_id": "user"})
        return _render_settings(request, board, role_form=form)
    messages.success(request, f"{user.name} is now a {role} of this board.")
    return redirect("idea-board-settings", board_id=board.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _moderated_board(request.user, board_id)
    granted = BoardRole.objects.filter(board=board, pk=whole_number(request.POST.get("role_id")))
    held = granted.select_related("user").first()
    if held is None:
        raise NotFound("No such role.")
    attempt(
        request,
        lambda: review_services.board_role_revoke(
            actor=request.user, board=board, user=held.user, role=held.role
        ),
        f"{held.user.name} is no longer a {held.role} of this board.",
    )
    return redirect("idea-board-settings", board_id=board.pk)


# --- The funnel -------------------------------------------------------------------------------


@login_required
@require_GET
def board_funnel(request: HttpRequest, board_id: int) -> HttpResponse:
    board = access.access_board(request.user, board_id)
    rows = funnel_services.board_funnel(actor=request.user, board=board, now=timezone.now())
    for row in rows:
        row["median"] = humanise_seconds(row["median_seconds"])
        row["mean"] = humanise_seconds(row["mean_seconds"])
    return render(
        request,
        "frontend/ideas/admin/funnel.html",
        {"board": board, "community": board.community, "rows": rows},
    )


# --- On an idea's page: scorecard and merges ---------------------------------------------------


def idea_tools(user: User, idea: Idea) -> dict[str, Any]:
    """What the idea page shows its board's reviewers and moderators, nothing for
    anyone else (the template leaves the sections out when these are empty)."""
    board = idea.board
    if not access.is_reviewer(user, board):
        return {"scorecard": None, "merge_candidates": None, "merged_from": []}
    card = review_services.scorecard(actor=user, idea=idea)
    for criterion in card["criteria"]:
        mine = next((s for s in criterion["scores"] if s.reviewer_id == user.pk), None)
        criterion["my_value"] = str(mine.value) if mine else ""
        criterion["my_comment"] = mine.comment if mine else ""
    moderator = access.is_board_moderator(user, board)
    return {
        "scorecard": card,
        "score_choices": admin_forms.SCORE_CHOICES,
        "merge_candidates": (
            Idea.objects.filter(board=board, merged_into__isnull=True)
            .exclude(pk=idea.pk)
            .order_by("-created_at", "-pk")
            if moderator
            else None
        ),
        "merged_from": (
            Merge.objects.filter(target=idea, undone_at__isnull=True).select_related("source")
            if moderator
            else []
        ),
    }


def _reviewed_idea(user: User, idea_id: int) -> Idea:
    idea = access.access_idea(user, idea_id)
    if not access.is_reviewer(user, idea.board):
        raise NotFound("No such scorecard.")  # participants never learn that one exists
    return idea


@login_required
@require_POST
def scores_save(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Save the reviewer's scores, one per criterion given a value (all or none)."""
    idea = _reviewed_idea(request.user, idea_id)
    saved = 0
    try:
        with transaction.atomic():
            for criterion in idea.board.criteria.all():
                raw = request.POST.get(f"value-{criterion.pk}", "")
                if not raw:
                    continue
                review_services.score_set(
                    actor=request.user,
                    idea=idea,
                    criterion=criterion,
                    # Anything but 1 to 5 is refused by the service, in words.
                    value=whole_number(raw) or 0,
                    comment=request.POST.get(f"comment-{criterion.pk}", ""),
                )
                saved += 1
    except (ValidationError, Conflict) as error:
        text = error.message if isinstance(error, Conflict) else "; ".join(error.messages)
        messages.error(request, f"Scores not saved: {text}")
    else:
        messages.success(request, f"{saved} score{'' if saved == 1 else 's'} saved.")
    return redirect(reverse("idea", args=[idea.pk]) + "#scorecard")


@login_required
@require_http_methods(["GET", "POST"])
def idea_merge(request: HttpRequest, idea_id: int) -> HttpResponse:
    """GET ``?target=``: confirm merging this idea into the target. POST: merge."""
    source = access.access_idea(request.user, idea_id)
    if not access.is_board_moderator(request.user, source.board):
        raise PermissionDenied("Only the board's moderators can merge its ideas.")
    if source.merged_into_id is not None:
        messages.error(request, "This idea was already merged.")
        return redirect("idea", idea_id=source.pk)
    raw = request.POST.get("target") if request.method == "POST" else request.GET.get("target")
    target = (
        Idea.objects.filter(board=source.board, pk=whole_number(raw))
        .select_related("board")
        .first()
    )
    if target is None:
        messages.error(request, "Choose an idea of this board to merge into.")
        return redirect("idea", idea_id=source.pk)
    if request.method == "GET":
        return render(
            request,
            "frontend/ideas/admin/merge_confirm.html",
            {"source": source, "target": target, "board": source.board},
        )
    merged = attempt(
        request,
        lambda: merge_services.merge(actor=request.user, source=source, target=target),
        f"“{source.title}” is merged into this idea.",
    )
    return redirect("idea", idea_id=target.pk if merged else source.pk)


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    made = Merge.objects.select_related("source__board", "target").filter(pk=merge_id).first()
    if made is None:
        raise NotFound("No such merge.")
    access.access_idea(request.user, made.source_id)  # 404 to whoever may not see the ideas
    undone = attempt(
        request,
        lambda: merge_services.unmerge(actor=request.user, merge=made),
        f"Merge undone: “{made.source.title}” stands on its own again.",
    )
    return redirect("idea", idea_id=made.source_id if undone else made.target_id)

"""An idea's page after submission: its discussion, following it, its stage moves
and its outcome; and the fragments its live page fetches again when the board's
events say something changed (static/frontend/js/live-idea-flow.js).

Access is the API's: a 404 for an idea or comment the reader may not see, a 403
from the services for what they may not do. With htmx, each action answers with
its part of the page (a refused form with its errors and what was typed);
without JavaScript, with the idea's page.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bridge.errors import Conflict
from frontend import idea_flow_parts as parts
from frontend.feedback import add_form_errors, attempt
from frontend.idea_flow_forms import CommentForm, OutcomeForm, StageMoveForm
from frontend.ideas import render_idea
from ideas import access
from ideas.models import Idea
from ideas.services import discussion as discussion_services
from ideas.services import following as following_services
from ideas.services import outcomes as outcome_services
from ideas.services import stages as stage_services

# A comment service (delete, hide, unhide) and a following one (follow, unfollow).
CommentAction = Callable[..., object]
FollowAction = Callable[..., object]

# --- Discussion ----------------------------------------------------------------------


def _render_comments(request: HttpRequest, idea: Idea, error: str = "") -> HttpResponse:
    return render(
        request,
        "frontend/ideas/_comments.html",
        {"flow_discussion": parts.discussion(request, idea), "comments_error": error},
    )


@login_required
@require_GET
def idea_comments(request: HttpRequest, idea_id: int) -> HttpResponse:
    """The comments the reader may see (the live page fetches them again)."""
    return _render_comments(request, access.access_idea(request.user, idea_id))


@login_required
@require_POST
def comment_post(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        try:
            comment = discussion_services.comment_create(
                actor=request.user, idea=idea, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
    if request.htmx:
        # A fresh form after a comment (the list comes along, swapped out of band);
        # the refused one with its errors and what was typed.
        return render(
            request,
            "frontend/ideas/_comment_form.html",
            {
                "flow_discussion": parts.discussion(request, idea, None if comment else form),
                "with_comments": comment is not None,
            },
        )
    if comment is None:
        return render_idea(request, idea, flow={"comment_form": form})
    return redirect(reverse("idea", args=[idea.pk]) + f"#comment-{comment.pk}")


def _comment_action(
    request: HttpRequest, comment_id: int, action: CommentAction, success: str
) -> HttpResponse:
    """Delete, hide or restore a comment: the list comes back (htmx), or the page."""
    comment = access.access_comment(request.user, comment_id)
    idea = comment.idea
    if request.htmx:
        error = ""
        try:
            action(actor=request.user, comment=comment)
        except Conflict as refused:
            error = refused.message
        return _render_comments(request, idea, error)
    attempt(request, lambda: action(actor=request.user, comment=comment), success)
    return redirect(reverse("idea", args=[idea.pk]) + "#discussion-heading")


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _comment_action(
        request, comment_id, discussion_services.comment_delete, "Comment deleted."
    )


@login_required
@require_POST
def comment_hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _comment_action(request, comment_id, discussion_services.comment_hide, "Comment hidden.")


@login_required
@require_POST
def comment_unhide(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _comment_action(
        request, comment_id, discussion_services.comment_unhide, "Comment shown again."
    )


# --- Following -----------------------------------------------------------------------


def _follow_action(
    request: HttpRequest, idea_id: int, action: FollowAction, success: str
) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    action(actor=request.user, idea=idea)
    if request.htmx:
        return render(
            request,
            "frontend/ideas/_follow.html",
            {"flow_following": parts.following(request, idea)},
        )
    messages.success(request, success)
    return redirect("idea", idea_id=idea.pk)


@login_required
@require_POST
def idea_follow(request: HttpRequest, idea_id: int) -> HttpResponse:
    return _follow_action(
        request,
        idea_id,
        following_services.idea_follow,
        "You follow this idea: you will hear when it moves.",
    )


@login_required
@require_POST
def idea_unfollow(request: HttpRequest, idea_id: int) -> HttpResponse:
    return _follow_action(
        request, idea_id, following_services.idea_unfollow, "You no longer follow this idea."
    )


# --- Stage and outcome ---------------------------------------------------------------


def _render_stage(request: HttpRequest, idea: Idea, **forms: forms.Form) -> HttpResponse:
    return render(
        request,
        "frontend/ideas/_stage.html",
        # The page's stage badge, swapped out of band, follows the move.
        {"flow_stage": parts.stage(request, idea, **forms), "with_badge": True},
    )


@login_required
@require_GET
def idea_stage(request: HttpRequest, idea_id: int) -> HttpResponse:
    """The idea's stage, history and outcome (the live page fetches it after a move)."""
    return _render_stage(request, access.access_idea(request.user, idea_id))


def _stage_form_answer(
    request: HttpRequest, idea: Idea, done: bool, **forms: forms.Form
) -> HttpResponse:
    if request.htmx:
        # Read again: the stage or the outcome moved.
        fresh = access.access_idea(request.user, idea.pk)
        return _render_stage(request, fresh, **({} if done else forms))
    if not done:
        return render_idea(request, idea, flow=forms)
    return redirect(reverse("idea", args=[idea.pk]) + "#stage-heading")


@login_required
@require_POST
def stage_move(request: HttpRequest, idea_id: int) -> HttpResponse:
    """A board moderator moves the idea; the note is required for a declined stage."""
    idea = access.access_idea(request.user, idea_id)
    if not access.is_board_moderator(request.user, idea.board):
        # Checked before the form: the board's stages are the moderators' to choose.
        raise PermissionDenied("Only the board's moderators can move ideas between stages.")
    form = StageMoveForm(request.POST, board=idea.board)
    done = False
    if form.is_valid():
        try:
            stage_services.stage_move(
                actor=request.user,
                idea=idea,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_form_errors(form, error, aliases={"stage_id": "stage"})
        except Conflict as error:
            form.add_error("stage", error.message)
        else:
            done = True
            if not request.htmx:
                messages.success(request, f"Moved to {form.cleaned_data['stage'].name}.")
    return _stage_form_answer(request, idea, done, move_form=form)


@login_required
@require_POST
def outcome_record(request: HttpRequest, idea_id: int) -> HttpResponse:
    """The board's moderators or the idea's contributors say what it achieved."""
    idea = access.access_idea(request.user, idea_id)
    if not access.may_record_outcome(request.user, idea):
        raise PermissionDenied("Only the board's moderators and the idea's authors can.")
    form = OutcomeForm(request.POST)
    done = False
    if form.is_valid():
        try:
            outcome_services.outcome_record(
                actor=request.user,
                idea=idea,
                outcome=form.cleaned_data["outcome"],
                value=form.cleaned_data["value"],
                unit=form.cleaned_data["unit"],
                base_outcome_version=form.cleaned_data["base_version"] or None,
            )
        except outcome_services.OutcomeConflict as error:
            # What she typed stays, above it the outcome recorded meanwhile (the stage
            # part is read again), and saving again replaces that one.
            form.rebase(outcome_services.outcome_version(error.idea))
            form.add_error(None, error.message)
            idea = access.access_idea(request.user, idea.pk)
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            done = True
            if not request.htmx:
                messages.success(request, "The outcome is recorded.")
    return _stage_form_answer(request, idea, done, outcome_form=form)

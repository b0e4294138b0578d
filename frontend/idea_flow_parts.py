"""What an idea's page shows of its life after submission (discussion, following,
stage and outcome), as template context: the idea page and the fragments its
live page fetches (frontend/idea_flow.py) are built from the same parts.

Every part asks ideas.access again for the reader in hand: the comments they may
see, and the forms only for those the services would let act.
"""

from django.http import HttpRequest

from frontend.idea_flow_forms import CommentForm, OutcomeForm, StageMoveForm
from ideas import access, selectors
from ideas.models import Follower, Idea, Stage, StageChange
from ideas.services.contributors import credits
from ideas.services.outcomes import outcome_version
from network import access as network_access


def may_comment(request: HttpRequest, idea: Idea) -> bool:
    board = idea.board
    return idea.merged_into_id is None and access.may_take_part(
        request.user, board, board.who_may_comment
    )


def discussion(request: HttpRequest, idea: Idea, comment_form: CommentForm | None = None) -> dict:
    """The comments the reader may see (hidden ones only to their author and the
    board's moderators), and the comment form for those who may comment."""
    comments = list(selectors.idea_comments(request.user, idea))
    return {
        "idea": idea,
        "comments": comments,
        "visible_comment_count": sum(1 for c in comments if c.hidden_at is None),
        "is_moderator": access.is_board_moderator(request.user, idea.board),
        "comment_form": comment_form or (CommentForm() if may_comment(request, idea) else None),
    }


def following(request: HttpRequest, idea: Idea) -> dict:
    return {
        "idea": idea,
        "is_following": Follower.objects.filter(idea=idea, user=request.user).exists(),
    }


def _history(request: HttpRequest, idea: Idea) -> list[StageChange]:
    """The idea's moves, each with `mover_shown`: the moderator who moved it is named
    only to readers who may see that person (as in the API's history)."""
    changes = list(selectors.stage_history(idea))
    movers = {change.moved_by_id for change in changes if change.moved_by_id}
    visible = set(
        network_access.people_visible_to(request.user)
        .filter(pk__in=movers)
        .values_list("pk", flat=True)
    )
    for change in changes:
        change.mover_shown = change.moved_by_id in visible
    return changes


def stage(
    request: HttpRequest,
    idea: Idea,
    move_form: StageMoveForm | None = None,
    outcome_form: OutcomeForm | None = None,
) -> dict:
    """The current stage, its public history with notes, the outcome of a delivered
    idea with who is credited for it; the move form for the board's moderators, the
    outcome form for them and the idea's contributors once it is delivered."""
    board = idea.board
    delivered = idea.stage.kind == Stage.Kind.DELIVERED
    if move_form is None and access.is_board_moderator(request.user, board):
        move_form = StageMoveForm(board=board, initial={"stage": idea.stage_id})
    if outcome_form is None and delivered and access.may_record_outcome(request.user, idea):
        outcome_form = OutcomeForm(
            initial={
                "outcome": idea.outcome,
                "value": idea.outcome_value,
                "unit": idea.outcome_unit,
                "base_version": outcome_version(idea),
            }
        )
    return {
        "idea": idea,
        "stage_history": _history(request, idea),
        "delivered": delivered,
        # An outcome is told with the people it is credited to, as the API's detail does.
        "credited": credits(idea) if delivered and idea.outcome else [],
        "move_form": move_form,
        # A refused form comes back with its error even when the idea is not delivered
        # (moved back meanwhile); a fresh one is offered only on delivered ideas.
        "outcome_form": outcome_form,
    }


def everything(request: HttpRequest, idea: Idea, **forms: object) -> dict:
    """All the parts, for the idea's page; `forms` are bound forms coming back with
    their errors (comment_form, move_form, outcome_form)."""
    comment_form = forms.get("comment_form")
    move_form, outcome_form = forms.get("move_form"), forms.get("outcome_form")
    return {
        "flow_discussion": discussion(request, idea, comment_form),
        "flow_following": following(request, idea),
        "flow_stage": stage(request, idea, move_form, outcome_form),
    }

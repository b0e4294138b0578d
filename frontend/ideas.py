"""Idea board pages: a board and its ideas, submitting one, an idea's own page
(editing, co-authors), voting, and the fragments its live page fetches.

Access is the API's: ideas.access answers 404 for a board or idea the reader may
not see, the services answer 403 for what they see but may not do. A refused
change that is no one's fault (a budget used up, a closed board: 409 in the API)
is said next to the button or as a message, never as an error page.
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activity.selectors import latest_activity_id
from bridge.errors import Conflict
from bridge.params import whole_number
from frontend import idea_flow_parts
from frontend.feedback import add_form_errors, attempt
from frontend.idea_forms import BuildsOnForm, CoauthorForm, IdeaEditForm, IdeaForm
from ideas import access, ranking, selectors
from ideas.models import Board, BuildsOn, Contributor, Idea, Stage
from ideas.services import contributors as contributor_services
from ideas.services import ideas as idea_services
from ideas.services import votes as vote_services
from network.models import Community, User
from search import similar

# The orders a board's list offers, by `sort` value (ideas/ranking.py).
SORTS = {
    "hot": "Hot",
    "top": "Top",
    "new": "Newest",
    "discussed": "Most discussed",
    "random": "Shuffled",
}
PAGE_SIZE = 50
# A "N new ideas" bar rarely holds more; past this, the reader reloads the page.
MAX_CARDS = 50
SIMILAR_TEXT_MAX = 2000
VOTE_VALUES = {"1": 1, "-1": -1}


def _sorts_for(user: User, board: Board) -> dict[str, str]:
    """The orders this reader may choose: on boards that hide counts until one has
    voted, ordering by votes would give them away (moderators excepted)."""
    if board.hide_counts_until_voted and not access.is_board_moderator(user, board):
        return {k: v for k, v in SORTS.items() if k not in ranking.SORTS_REVEALING_VOTES}
    return SORTS


def _with_reader_state(user: User, board: Board, ideas: Iterable[Idea]) -> list[Idea]:
    """Each idea with what this reader sees of its votes: their own vote, and the
    count only where the board shows it to them (ideas.selectors.counts_shown)."""
    ideas = list(ideas)
    votes = selectors.my_votes(user, ideas)
    shown = selectors.counts_shown(user, board, votes)
    for idea in ideas:
        idea.my_vote = votes.get(idea.pk)
        idea.count_shown = shown(idea)
        idea.score = idea.up_votes - idea.down_votes
        idea.takes_votes = idea.merged_into_id is None and idea.stage.kind == Stage.Kind.OPEN
    return ideas


def community_boards(user: User, community: Community) -> list[Board]:
    """The boards listed on a community's page, with their state and idea count."""
    boards = list(
        selectors.community_boards(user, community)
        .annotate(idea_count=Count("ideas", filter=Q(ideas__merged_into__isnull=True)))
        .order_by("-created_at", "-pk")
    )
    for board in boards:
        board.community = community
        board.is_open = access.is_open(board)
    return boards


@login_required
@require_GET
def board_detail(request: HttpRequest, board_id: int) -> HttpResponse:
    board = access.access_board(request.user, board_id)
    sorts = _sorts_for(request.user, board)
    default = ranking.default_sort(hides_vote_counts=board.hide_counts_until_voted)
    sort = request.GET.get("sort") if request.GET.get("sort") in sorts else default
    ranked = selectors.ranked_ideas(request.user, board, sort)
    ideas = selectors.in_order(board, list(ranked.values_list("pk", flat=True)[:PAGE_SIZE]))
    return render(
        request,
        "frontend/ideas/board.html",
        {
            "board": board,
            "community": board.community,
            "is_open": access.is_open(board),
            "me": selectors.my_board(request.user, board),
            "ideas": _with_reader_state(request.user, board, ideas),
            "sorts": sorts,
            "sort": sort,
            "live_cursor": latest_activity_id(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_submit(request: HttpRequest, board_id: int) -> HttpResponse:
    board = access.access_board(request.user, board_id)
    if not access.may_take_part(request.user, board, board.who_may_submit):
        raise PermissionDenied("You may not submit ideas to this board.")
    if not access.is_open(board):
        messages.error(request, "This board is not taking ideas now.")
        return redirect("idea-board", board_id=board.pk)
    form = IdeaForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            idea = idea_services.idea_submit(
                actor=request.user, board=board, **form.service_arguments()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your idea is on the board.")
            return redirect("idea", idea_id=idea.pk)
    return render(
        request,
        "frontend/ideas/submit.html",
        {"board": board, "community": board.community, "form": form},
    )


@login_required
@require_GET
def similar_ideas(request: HttpRequest, board_id: int) -> HttpResponse:
    """Ideas of the board like the one being typed (the submit form asks as you type)."""
    board = access.access_board(request.user, board_id)
    # The form's own field names: the submit form posts these, the edit form its prefixed ones.
    text = " ".join(
        request.GET.get(name, "") for name in ("title", "body", "edit-title", "edit-body")
    )[:SIMILAR_TEXT_MAX]
    exclude = whole_number(request.GET.get("exclude"))
    ideas = similar.similar_ideas(request.user, board, text, exclude=exclude).items
    return render(
        request,
        "frontend/ideas/_similar.html",
        {"board": board, "ideas": _with_reader_state(request.user, board, ideas)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    if idea.merged_into_id is not None:
        # A merged duplicate lives on in the idea it was merged into.
        return redirect("idea", idea_id=idea.merged_into_id)
    form, conflict = None, None
    if request.method == "POST":
        if not access.can_edit_idea(request.user, idea):
            raise PermissionDenied("Only the idea's authors can edit it.")
        form = IdeaEditForm.for_idea(idea, request.POST)
        if form.is_valid():
            try:
                idea_services.idea_edit(actor=request.user, idea=idea, **form.service_arguments())
            except idea_services.EditConflict as error:
                # What they typed stays; the page shows the newer revision, and saving
                # again goes on top of it.
                conflict = error
                form.rebase(error.latest.number)
                idea = access.access_idea(request.user, idea.pk)
            except ValidationError as error:
                add_form_errors(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Saved: a new revision of the idea.")
                return redirect("idea", idea_id=idea.pk)
    return render_idea(request, idea, form=form, edit_conflict=conflict)


def _coauthor_candidates(idea: Idea) -> QuerySet[User]:
    """Members of the idea's community not already its authors or invited."""
    taken = idea.contributors.exclude(status=Contributor.Status.DECLINED).values("user_id")
    return (
        User.objects.filter(is_active=True, memberships__community=idea.board.community_id)
        .exclude(pk__in=taken)
        .order_by("last_name", "first_name", "pk")
    )


def _builds_on_candidates(user: User, idea: Idea) -> QuerySet[Idea]:
    """The board's other ideas the person may see that this one does not build on yet
    (merged duplicates live on in the idea they were merged into)."""
    linked = BuildsOn.objects.filter(idea=idea).values("source_id")
    return (
        access.ideas_visible_to(user)
        .filter(board=idea.board_id, merged_into__isnull=True)
        .exclude(pk=idea.pk)
        .exclude(pk__in=linked)
        .order_by("title", "pk")
    )


def _text_context(
    request: HttpRequest,
    idea: Idea,
    form: IdeaEditForm | None = None,
    edit_conflict: idea_services.EditConflict | None = None,
) -> dict:
    """What an edit changes on the idea's page: its text, the edit form (on top of
    the latest revision) and the history. The page and its live fragment share it."""
    board = idea.board
    can_edit = access.can_edit_idea(request.user, idea)
    fields = {str(field.pk): field for field in board.fields.all()}
    revisions = list(idea.revisions.select_related("editor"))
    return {
        "idea": _with_reader_state(request.user, board, [idea])[0],
        "board": board,
        "community": board.community,
        "answers": [
            (fields[key].label, value) for key, value in idea.field_values.items() if key in fields
        ],
        "revisions": revisions,
        "latest_revision": revisions[0] if revisions else None,
        "can_edit": can_edit,
        "form": form or (IdeaEditForm.for_idea(idea) if can_edit else None),
        "edit_conflict": edit_conflict,
    }


def render_idea(
    request: HttpRequest,
    idea: Idea,
    *,
    form: IdeaEditForm | None = None,
    edit_conflict: idea_services.EditConflict | None = None,
    coauthor_form: CoauthorForm | None = None,
    flow: dict | None = None,
    builds_on_form: BuildsOnForm | None = None,
) -> HttpResponse:
    """An idea's page; bound forms come back with their errors and what was typed
    (`flow`: those of its discussion, stage and outcome, frontend/idea_flow.py)."""
    board = idea.board
    text = _text_context(request, idea, form, edit_conflict)
    contributors = list(idea.contributors.select_related("user", "invited_by"))
    mine = next((c for c in contributors if c.user_id == request.user.pk), None)
    is_author = mine is not None and mine.status == Contributor.Status.ACCEPTED
    visible = access.ideas_visible_to(request.user)
    return render(
        request,
        "frontend/ideas/idea.html",
        {
            **text,
            "me": selectors.my_board(request.user, board),
            "credits": contributor_services.credits(idea),
            "invited": [c for c in contributors if c.status == Contributor.Status.INVITED],
            "my_invitation": mine if mine and mine.status == Contributor.Status.INVITED else None,
            "builds_on": BuildsOn.objects.filter(idea=idea, source__in=visible)
            .select_related("source")
            .order_by("pk"),
            "built_upon": BuildsOn.objects.filter(source=idea, idea__in=visible)
            .select_related("idea")
            .order_by("pk"),
            "coauthor_form": coauthor_form
            or (CoauthorForm(candidates=_coauthor_candidates(idea)) if is_author else None),
            "builds_on_form": builds_on_form
            or (
                BuildsOnForm(candidates=_builds_on_candidates(request.user, idea))
                if text["can_edit"] and idea.merged_into_id is None
                else None
            ),
            "live_cursor": latest_activity_id(),
            **idea_flow_parts.everything(request, idea, **(flow or {})),
        },
    )


@login_required
@require_GET
def idea_text(request: HttpRequest, idea_id: int) -> HttpResponse:
    """The parts of the idea's page an edit changes (the live page fetches them after
    idea.edited); a merged idea answers 404, and the page is left alone."""
    idea = access.access_idea(request.user, idea_id)
    if idea.merged_into_id is not None:
        raise Http404("This idea was merged into another one.")
    return render(request, "frontend/ideas/_idea_text.html", _text_context(request, idea))


@login_required
@require_POST
def coauthor_invite(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    if not idea.contributors.filter(user=request.user, status=Contributor.Status.ACCEPTED).exists():
        raise PermissionDenied("Only the idea's authors can invite co-authors.")
    form = CoauthorForm(request.POST, candidates=_coauthor_candidates(idea))
    if not form.is_valid():
        return render_idea(request, idea, coauthor_form=form)
    invitee = form.cleaned_data["user"]
    try:
        contributor_services.coauthor_invite(actor=request.user, idea=idea, invitee=invitee)
    except ValidationError as error:
        add_form_errors(form, error)
        return render_idea(request, idea, coauthor_form=form)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{invitee.name} is invited to co-author the idea.")
    return redirect("idea", idea_id=idea.pk)


@login_required
@require_POST
def coauthor_respond(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    accept = request.POST.get("accept") == "1"
    attempt(
        request,
        lambda: contributor_services.coauthor_respond(actor=request.user, idea=idea, accept=accept),
        "You are a co-author: you can edit the idea." if accept else "Invitation declined.",
    )
    return redirect("idea", idea_id=idea.pk)


@login_required
@require_POST
def builds_on_add(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Its authors say which idea of the board this one builds on (shown on both)."""
    idea = access.access_idea(request.user, idea_id)
    if not access.can_edit_idea(request.user, idea):
        raise PermissionDenied("Only the idea's authors can say what it builds on.")
    form = BuildsOnForm(request.POST, candidates=_builds_on_candidates(request.user, idea))
    if form.is_valid():
        source = form.cleaned_data["source"]
        try:
            contributor_services.builds_on_add(actor=request.user, idea=idea, source=source)
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error("source", error.message)
        else:
            messages.success(request, f"It builds on “{source.title}”, said on both ideas.")
            return redirect(reverse("idea", args=[idea.pk]) + "#links-heading")
    return render_idea(request, idea, builds_on_form=form)


@login_required
@require_POST
def builds_on_remove(request: HttpRequest, idea_id: int, link_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    # Only this idea's links, to ideas the reader may see: anything else is not found.
    link = get_object_or_404(
        BuildsOn.objects.select_related("idea__board__community", "source"),
        pk=link_id,
        idea=idea,
        source__in=access.ideas_visible_to(request.user),
    )
    contributor_services.builds_on_remove(actor=request.user, link=link)
    messages.success(request, f"It no longer builds on “{link.source.title}”.")
    return redirect(reverse("idea", args=[idea.pk]) + "#links-heading")


# --- Voting, and the fragments of the live board ----------------------------------------


def _from_page(request: HttpRequest) -> str:
    """The page a vote button is on, for the redirect without JavaScript."""
    return "board" if "board" in (request.POST.get("from"), request.GET.get("from")) else "idea"


def _render_vote(request: HttpRequest, idea: Idea, error: str = "") -> HttpResponse:
    board = idea.board
    return render(
        request,
        "frontend/ideas/_vote.html",
        {
            "idea": _with_reader_state(request.user, board, [idea])[0],
            "board": board,
            "me": selectors.my_board(request.user, board),
            "vote_error": error,
            "from_page": _from_page(request),
            # After a vote the reader's remaining votes change too (an out-of-band swap).
            "with_budget": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_vote(request: HttpRequest, idea_id: int) -> HttpResponse:
    """GET: an idea's vote box as the reader sees it (the live board fetches it after
    a vote). POST: vote (``value`` 1, or -1 where the board allows it)."""
    idea = access.access_idea(request.user, idea_id)
    if request.method == "GET":
        return _render_vote(request, idea)
    # Anything but 1 or -1 is refused by the service, in words, next to the button.
    value = VOTE_VALUES.get(request.POST.get("value", "1"), 0)
    return _vote_action(
        request, idea, lambda: vote_services.vote_cast(actor=request.user, idea=idea, value=value)
    )


@login_required
@require_POST
def idea_vote_withdraw(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = access.access_idea(request.user, idea_id)
    return _vote_action(
        request, idea, lambda: vote_services.vote_withdraw(actor=request.user, idea=idea)
    )


def _vote_action(request: HttpRequest, idea: Idea, action: Callable[[], object]) -> HttpResponse:
    """Run a vote service; htmx gets the idea's vote box back, with the refusal (a used
    up budget, a closed board) next to the button. A 403 stays a 403."""
    error = ""
    try:
        action()
    except Conflict as refused:
        error = refused.message
    except ValidationError as refused:
        error = "; ".join(refused.messages)
    if request.htmx:
        # Read again: the counts moved.
        return _render_vote(request, access.access_idea(request.user, idea.pk), error)
    if error:
        messages.error(request, error)
    # Without JavaScript, back to the page the button was on.
    if request.POST.get("from") == "board":
        return redirect("idea-board", board_id=idea.board_id)
    return redirect("idea", idea_id=idea.pk)


@login_required
@require_GET
def idea_cards(request: HttpRequest, board_id: int) -> HttpResponse:
    """The cards of new ideas (``?ids=3,5,8``) of a board, newest first, for the
    "N new ideas" bar; what the reader may not see is simply left out."""
    board = access.access_board(request.user, board_id)
    ids = {whole_number(raw) for raw in request.GET.get("ids", "").split(",")[:MAX_CARDS]}
    ids.discard(None)
    ideas = selectors.board_ideas(board).filter(pk__in=ids).order_by("-created_at", "-pk")
    return render(
        request,
        "frontend/ideas/_cards.html",
        {
            "board": board,
            "me": selectors.my_board(request.user, board),
            "ideas": _with_reader_state(request.user, board, ideas),
        },
    )

"""Pages for pictures: one's avatar (on the profile page), a community's cover and
an idea board's."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bridge.errors import Conflict
from frontend.forms import ImageForm, ProfileForm
from ideas import access as board_access
from ideas.services import boards as board_services
from network import access
from network.services import media


def _add_errors(form: ImageForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        form.add_error("image", error.message_dict.get("image", error.messages))
    else:
        form.add_error("image", error.messages)


@login_required
@require_POST
def avatar_edit(request: HttpRequest) -> HttpResponse:
    if request.POST.get("remove"):
        media.avatar_remove(actor=request.user, person=request.user)
        messages.success(request, "Your picture is removed.")
        return redirect("profile-edit")
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            media.avatar_set(
                actor=request.user, person=request.user, upload=form.cleaned_data["image"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your picture is saved.")
            return redirect("profile-edit")
    return render(
        request,
        "frontend/people/edit.html",
        {"form": ProfileForm(instance=request.user), "avatar_form": form},
        status=400,
    )


def _cover_page(
    request: HttpRequest,
    *,
    set_cover: Callable[[object], object],
    remove_cover: Callable[[], object],
    back: HttpResponse,
    template: str,
    context: dict,
) -> HttpResponse:
    """A cover's page (a community's or a board's): GET shows it, POST saves or
    removes it and goes `back`; refusals show by the field, what was chosen kept."""
    form = ImageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                remove_cover()
                messages.success(request, "The cover is removed.")
                return back
            if form.is_valid():
                set_cover(form.cleaned_data["image"])
                messages.success(request, "The cover is saved.")
                return back
        except ValidationError as error:
            _add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
        status = 400
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def cover_edit(request: HttpRequest, community_id: int) -> HttpResponse:
    community = access.access_community(request.user, community_id)
    if not access.is_moderator(request.user, community):
        raise PermissionDenied
    return _cover_page(
        request,
        set_cover=lambda image: media.cover_set(
            actor=request.user, community=community, upload=image
        ),
        remove_cover=lambda: media.cover_remove(actor=request.user, community=community),
        back=redirect("community", community_id=community.pk),
        template="frontend/communities/cover.html",
        context={"community": community},
    )


@login_required
def board_cover_edit(request: HttpRequest, board_id: int) -> HttpResponse:
    board = board_access.access_board(request.user, board_id)
    if not board_access.is_board_moderator(request.user, board):
        raise PermissionDenied
    return _cover_page(
        request,
        set_cover=lambda image: board_services.board_cover_set(
            actor=request.user, board=board, upload=image
        ),
        remove_cover=lambda: board_services.board_cover_remove(actor=request.user, board=board),
        back=redirect("idea-board", board_id=board.pk),
        template="frontend/ideas/admin/cover.html",
        context={"board": board, "community": board.community},
    )

"""An idea's files and a board's cover, served to those who may read the idea or
the board (network/downloads.py explains the headers and why there is no public
media URL)."""

from django.http import FileResponse, HttpRequest
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from ideas import access
from ideas.models import Attachment, Board
from network.access import NotFound
from network.downloads import file_version, serve_file, serve_thumbnail, serve_upload


def _attachment(request: HttpRequest, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("No such file.")
    access.access_idea(request.user, attachment.idea_id)  # the same 404 when hidden
    return attachment


@require_safe
def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    return serve_upload(_attachment(request, attachment_id))


@require_safe
def attachment_thumbnail(request: HttpRequest, attachment_id: int) -> FileResponse:
    return serve_thumbnail(_attachment(request, attachment_id))


@require_safe
def board_cover(request: HttpRequest, board_id: int) -> FileResponse:
    board = access.access_board(request.user, board_id)
    return serve_file(board.cover, content_type="image/webp", filename="cover.webp", inline=True)


def board_cover_url(board: Board) -> str | None:
    if not board.cover:
        return None
    return f"{reverse('file-board-cover', args=[board.pk])}?v={file_version(board.cover)}"


urlpatterns = [
    path("boards/<int:board_id>/cover/", board_cover, name="file-board-cover"),
    path("idea-attachments/<int:attachment_id>/", attachment_file, name="idea-file"),
    path(
        "idea-attachments/<int:attachment_id>/thumbnail/",
        attachment_thumbnail,
        name="idea-file-thumbnail",
    ),
]

"""An idea's files, served to those who may read the idea (network/downloads.py
explains the headers and why there is no public media URL)."""

from django.http import FileResponse, HttpRequest
from django.urls import path
from django.views.decorators.http import require_safe

from ideas import access
from ideas.models import Attachment
from network.access import NotFound
from network.downloads import serve_thumbnail, serve_upload


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


urlpatterns = [
    path("idea-attachments/<int:attachment_id>/", attachment_file, name="idea-file"),
    path(
        "idea-attachments/<int:attachment_id>/thumbnail/",
        attachment_thumbnail,
        name="idea-file-thumbnail",
    ),
]

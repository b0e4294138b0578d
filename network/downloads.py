"""Every uploaded file is served here, after the access policy said yes.

There is no public media URL, and no sign-in redirect (an anonymous visitor may
see nothing, so gets the same 404). Attachments are served to those who may read the
post (`access_post`: a deleted post's files are gone with it), avatars to those
who may see the person, covers to those who may see the community. Everything
else, and everything missing, is the same 404. The answers tell browsers and
proxies to keep the file private, not to guess its type, not to run it, and to
download anything that is not an image (decision 0005).
"""

import hashlib

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from network import access
from network.models import Attachment, Community, User
from network.models.media import StoredUpload

# A browser may reuse its private copy for a while: short enough that losing
# access soon takes effect, long enough that a feed's images are not refetched.
MAX_AGE = 300


def serve_file(
    stored: FieldFile | str, *, content_type: str, filename: str, inline: bool
) -> FileResponse:
    name = stored.name if isinstance(stored, FieldFile) else stored
    if not name or not default_storage.exists(name):
        raise access.NotFound("No such file.")
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering it, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, max_age=MAX_AGE)
    return response


def _attachment(request: HttpRequest, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise access.NotFound("No such file.")
    access.access_post(request.user, attachment.post_id)  # 404 when hidden or deleted
    return attachment


def serve_upload(upload: StoredUpload) -> FileResponse:
    """An attached file, once its owner's access check has passed."""
    content_type = upload.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return serve_file(
        upload.file, content_type=content_type, filename=upload.name, inline=upload.is_image
    )


def serve_thumbnail(upload: StoredUpload) -> FileResponse:
    return serve_file(
        upload.thumbnail,
        content_type="image/webp",
        filename=f"{upload.name.rsplit('.', 1)[0]}.webp",
        inline=True,
    )


@require_safe
def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    return serve_upload(_attachment(request, attachment_id))


@require_safe
def attachment_thumbnail(request: HttpRequest, attachment_id: int) -> FileResponse:
    return serve_thumbnail(_attachment(request, attachment_id))


@require_safe
def avatar(request: HttpRequest, person_id: int) -> FileResponse:
    person = access.access_person(request.user, person_id)
    return serve_file(person.avatar, content_type="image/webp", filename="avatar.webp", inline=True)


@require_safe
def cover(request: HttpRequest, community_id: int) -> FileResponse:
    community = access.access_community(request.user, community_id)
    return serve_file(
        community.cover, content_type="image/webp", filename="cover.webp", inline=True
    )


def file_version(stored: FieldFile) -> str:
    """Changes with the file, so that a new picture is never hidden by a cached one."""
    return hashlib.sha256(stored.name.encode()).hexdigest()[:12]


def avatar_url(person: User) -> str | None:
    if not person.avatar:
        return None
    return f"{reverse('file-avatar', args=[person.pk])}?v={file_version(person.avatar)}"


def cover_url(community: Community) -> str | None:
    if not community.cover:
        return None
    return f"{reverse('file-cover', args=[community.pk])}?v={file_version(community.cover)}"


def attachment_url(attachment: Attachment) -> str:
    return reverse("file-attachment", args=[attachment.pk])


def thumbnail_url(attachment: Attachment) -> str | None:
    if not attachment.thumbnail:
        return None
    return reverse("file-thumbnail", args=[attachment.pk])


urlpatterns = [
    path("attachments/<int:attachment_id>/", attachment_file, name="file-attachment"),
    path(
        "attachments/<int:attachment_id>/thumbnail/",
        attachment_thumbnail,
        name="file-thumbnail",
    ),
    path("people/<int:person_id>/avatar/", avatar, name="file-avatar"),
    path("communities/<int:community_id>/cover/", cover, name="file-cover"),
]

"""Writes for files: avatars, community covers, and the attachments of a post (and,
through uploads_save, of an idea).

Files are checked and re-encoded (network/files.py) before any row is written;
they are saved to the default storage under random names, inside the same
transaction as their rows, and removed again if that transaction fails. A
replaced avatar or cover is deleted from storage once the change is committed.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

import activity
from network import access, files
from network.models import Attachment, Community, Post, User
from network.models.media import StoredUpload
from network.services.communities import ensure_writable


def _forget_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """Names stored inside the block are deleted again if the block fails (the
    transaction that would have pointed at them is rolled back)."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def image_store(instance: object, field: str, clean: files.CleanFile, stored: list[str]) -> None:
    """Save a checked image into `instance.<field>` and its row, in the caller's
    transaction; the file it replaces goes once that commits. Call inside
    removed_on_failure() (whose list is `stored`) and transaction.atomic()."""
    stored_file = getattr(instance, field)
    old = stored_file.name
    stored_file.save(clean.name, ContentFile(clean.content), save=False)
    stored.append(stored_file.name)
    instance.save(update_fields=[field])
    _forget_after_commit(old)


def image_clear(instance: object, field: str) -> None:
    """Empty `instance.<field>`; the file goes once the caller's transaction commits."""
    _forget_after_commit(getattr(instance, field).name)
    setattr(instance, field, "")
    instance.save(update_fields=[field])


def cleaned_image(clean: Callable[[object], files.CleanFile], upload: object) -> files.CleanFile:
    """`upload` checked and re-encoded by `clean`, its errors under "image"."""
    try:
        return clean(upload)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None


# --- avatars -------------------------------------------------------------------


def avatar_set(*, actor: User, person: User, upload: object) -> User:
    """People change their own avatar (platform admins anyone's)."""
    if actor.pk != person.pk and not actor.is_platform_admin:
        raise PermissionDenied("You can only change your own picture.")
    clean = cleaned_image(files.clean_avatar, upload)
    with removed_on_failure() as stored, transaction.atomic():
        image_store(person, "avatar", clean, stored)
    return person


def avatar_remove(*, actor: User, person: User) -> User:
    if actor.pk != person.pk and not actor.is_platform_admin:
        raise PermissionDenied("You can only change your own picture.")
    if not person.avatar:
        return person
    with transaction.atomic():
        image_clear(person, "avatar")
    return person


# --- community covers -----------------------------------------------------------


def _check_cover_editor(actor: User, community: Community) -> None:
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators can change its cover.")
    ensure_writable(community)


def _record_cover(actor: User, community: Community) -> None:
    activity.record(
        actor=actor,
        verb="community.updated",
        object_type="community",
        object_id=community.pk,
        community=community,
        payload={"fields": ["cover"]},
    )


def cover_set(*, actor: User, community: Community, upload: object) -> Community:
    """Moderators and owners give their community a cover image."""
    _check_cover_editor(actor, community)
    clean = cleaned_image(files.clean_cover, upload)
    with removed_on_failure() as stored, transaction.atomic():
        image_store(community, "cover", clean, stored)
        _record_cover(actor, community)
    return community


def cover_remove(*, actor: User, community: Community) -> Community:
    _check_cover_editor(actor, community)
    if not community.cover:
        return community
    with transaction.atomic():
        image_clear(community, "cover")
        _record_cover(actor, community)
    return community


# --- attachments ----------------------------------------------------------------


def clean_attachments(uploads: Sequence[object]) -> list[files.CleanFile]:
    """Check every file of a new post or idea; all the errors at once, on ``attachments``."""
    limit = settings.ATTACHMENTS_PER_POST
    if len(uploads) > limit:
        raise ValidationError({"attachments": f"Attach at most {limit} files."})
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(files.clean_attachment(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return cleaned


def uploads_save(
    *,
    make: Callable[[int, files.CleanFile], StoredUpload],
    cleaned: Sequence[files.CleanFile],
    stored: list[str],
) -> list[StoredUpload]:
    """Store checked files as rows made by ``make(position, clean)`` (unsaved, of a
    StoredUpload model); call inside the owner's transaction, in a
    ``removed_on_failure()`` block whose list is ``stored``."""
    created = []
    for position, clean in enumerate(cleaned):
        upload = make(position, clean)
        upload.name, upload.size = clean.name, len(clean.content)
        upload.content_type, upload.width, upload.height = (
            clean.content_type,
            clean.width,
            clean.height,
        )
        upload.position = position
        upload.file.save(clean.name, ContentFile(clean.content), save=False)
        stored.append(upload.file.name)
        if clean.thumbnail is not None:
            upload.thumbnail.save("thumbnail.webp", ContentFile(clean.thumbnail), save=False)
            stored.append(upload.thumbnail.name)
        upload.save()
        created.append(upload)
    return created


def attachments_save(
    *, post: Post, uploader: User, cleaned: Sequence[files.CleanFile], stored: list[str]
) -> list[Attachment]:
    """Store a new post's checked files (see uploads_save)."""
    return uploads_save(
        make=lambda _position, _clean: Attachment(post=post, uploaded_by=uploader),
        cleaned=cleaned,
        stored=stored,
    )

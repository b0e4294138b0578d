"""Files attached to posts (and, through StoredUpload, to ideas). Avatars and covers
are fields on User and Community."""

from django.db import models

from network.models.people import User
from network.models.posts import Post
from network.storage import attachment_path, thumbnail_path


class StoredUpload(models.Model):
    """A file someone attached, as services/media.py stored it after checking the
    content: images re-encoded (no metadata), documents of an allowed type. Served
    only after an access check on what it is attached to (decision 0005)."""

    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(upload_to=thumbnail_path, max_length=200, blank=True)
    name = models.CharField(max_length=200, help_text="Shown and offered when downloading.")
    size = models.PositiveBigIntegerField(help_text="Bytes, as stored.")
    content_type = models.CharField(max_length=100)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1] if "." in self.name else ""


class Attachment(StoredUpload):
    """An image or document posted with a post; it is seen by who sees the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")

    class Meta(StoredUpload.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.name} on post #{self.post_id}"

    @property
    def url(self) -> str:
        from network.downloads import attachment_url  # the URL lives with the view serving it

        return attachment_url(self)

    @property
    def thumbnail_url(self) -> str | None:
        from network.downloads import thumbnail_url

        return thumbnail_url(self)

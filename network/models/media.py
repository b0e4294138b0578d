"""Files attached to posts. Avatars and covers are fields on User and Community."""

from django.db import models

from network.models.people import User
from network.models.posts import Post
from network.storage import attachment_path, thumbnail_path


class Attachment(models.Model):
    """An image or document posted with a post; it is seen by who sees the post.

    Everything stored is what services/media.py produced after checking the
    content: images re-encoded (no metadata), documents of an allowed type.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
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
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} on post #{self.post_id}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1] if "." in self.name else ""

    @property
    def url(self) -> str:
        from network.downloads import attachment_url  # the URL lives with the view serving it

        return attachment_url(self)

    @property
    def thumbnail_url(self) -> str | None:
        from network.downloads import thumbnail_url

        return thumbnail_url(self)

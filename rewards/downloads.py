"""A reward item's image, served to those who may see the item (network/downloads.py
explains the headers and why there is no public media URL)."""

from django.http import FileResponse, HttpRequest
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from network.downloads import file_version, serve_file
from rewards import access
from rewards.models import Item


@require_safe
def item_image(request: HttpRequest, item_id: int) -> FileResponse:
    item = access.access_item(request.user, item_id)
    return serve_file(item.image, content_type="image/webp", filename="item.webp", inline=True)


def item_image_url(item: Item) -> str | None:
    if not item.image:
        return None
    return f"{reverse('file-reward-item-image', args=[item.pk])}?v={file_version(item.image)}"


urlpatterns = [
    path("reward-items/<int:item_id>/image/", item_image, name="file-reward-item-image"),
]

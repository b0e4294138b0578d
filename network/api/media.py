"""REST API for files: one's avatar, a community's cover, and what attachments look like.

Uploads are multipart (`image`, or `attachments` on a new post); downloads are the
URLs given here, served by network/downloads.py after an access check.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from network import access
from network.models import Attachment, Community
from network.services import media


class AttachmentSerializer(serializers.ModelSerializer):
    is_image = serializers.BooleanField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="Download (images open inline).")
    thumbnail_url = serializers.CharField(
        read_only=True, allow_null=True, help_text="A WebP preview, for images."
    )

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "size",
            "content_type",
            "is_image",
            "width",
            "height",
            "url",
            "thumbnail_url",
        ]
        read_only_fields = fields


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(
        help_text="PNG, JPEG, GIF or WebP; checked by content, cropped and re-encoded."
    )


class ImageURLSerializer(serializers.Serializer):
    url = serializers.CharField(allow_null=True)


class AvatarView(APIView):
    write_scope = Scope.WRITE_PROFILE
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses=ImageURLSerializer,
        summary="Set my picture",
    )
    def put(self, request: Request) -> Response:
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = media.avatar_set(
            actor=request.user, person=request.user, upload=serializer.validated_data["image"]
        )
        return Response({"url": person.avatar_url})

    @extend_schema(request=None, responses={204: None}, summary="Remove my picture")
    def delete(self, request: Request) -> Response:
        media.avatar_remove(actor=request.user, person=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImageFieldView(APIView):
    """PUT a picture (multipart "image"), DELETE it. Subclasses find the object the
    picture belongs to (with the access check) and call the services that store and
    remove it; each names its operations with extend_schema_view."""

    parser_classes = [MultiPartParser]

    def owner(self, request: Request, **kwargs: int) -> object:
        raise NotImplementedError

    def store(self, request: Request, owner: object, upload: object) -> str | None:
        """Save the picture; its URL."""
        raise NotImplementedError

    def remove(self, request: Request, owner: object) -> None:
        raise NotImplementedError

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses=ImageURLSerializer,
        description="The picture in the multipart field `image`: checked by its content, "
        "re-encoded, and served only to those who may see what it belongs to.",
    )
    def put(self, request: Request, **kwargs: int) -> Response:
        owner = self.owner(request, **kwargs)
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"url": self.store(request, owner, serializer.validated_data["image"])})

    @extend_schema(request=None, responses={204: None}, description="Remove the picture.")
    def delete(self, request: Request, **kwargs: int) -> Response:
        self.remove(request, self.owner(request, **kwargs))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    put=extend_schema(summary="Set a community's cover (moderators)"),
    delete=extend_schema(summary="Remove a community's cover"),
)
class CoverView(ImageFieldView):
    write_scope = Scope.WRITE_COMMUNITIES

    def owner(self, request: Request, community_id: int) -> Community:
        return access.access_community(request.user, community_id)

    def store(self, request: Request, owner: Community, upload: object) -> str | None:
        return media.cover_set(actor=request.user, community=owner, upload=upload).cover_url

    def remove(self, request: Request, owner: Community) -> None:
        media.cover_remove(actor=request.user, community=owner)

"""REST API for files: one's avatar, a community's cover, and what attachments look like.

Uploads are multipart (`image`, or `attachments` on a new post); downloads are the
URLs given here, served by network/downloads.py after an access check.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network import access
from network.models import Attachment
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


class CoverView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses=ImageURLSerializer,
        summary="Set a community's cover (moderators)",
    )
    def put(self, request: Request, community_id: int) -> Response:
        community = access.access_community(request.user, community_id)
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        community = media.cover_set(
            actor=request.user, community=community, upload=serializer.validated_data["image"]
        )
        return Response({"url": community.cover_url})

    @extend_schema(request=None, responses={204: None}, summary="Remove a community's cover")
    def delete(self, request: Request, community_id: int) -> Response:
        community = access.access_community(request.user, community_id)
        media.cover_remove(actor=request.user, community=community)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""REST API for posts."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network import access
from network.api.people import PersonSerializer
from network.models import Post, PostRevision
from network.services import posts as post_services


class PostSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    body = serializers.CharField(max_length=post_services.MAX_BODY, trim_whitespace=True)

    class Meta:
        model = Post
        fields = ["id", "community", "author", "body", "body_html", "created_at", "edited_at"]
        read_only_fields = ["id", "community", "author", "body_html", "created_at", "edited_at"]


class RevisionSerializer(serializers.ModelSerializer):
    edited_by = PersonSerializer(read_only=True)

    class Meta:
        model = PostRevision
        fields = ["body", "edited_by", "created_at"]


class Newest(CursorPagination):
    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CommunityPostsView(generics.ListCreateAPIView):
    """A community's posts, newest first; members post."""

    serializer_class = PostSerializer
    pagination_class = Newest

    def _community(self):  # noqa: ANN202
        community = access.access_community(self.request.user, self.kwargs["community_id"])
        if not access.can_read_community(self.request.user, community):
            raise access.NotFound("No such community.")
        return community

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return (
            access.posts_visible_to(self.request.user)
            .filter(community=self._community())
            .select_related("author")
        )

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = post_services.post_create(
            actor=request.user, community=self._community(), body=serializer.validated_data["body"]
        )
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class PostView(APIView):
    @extend_schema(responses=PostSerializer)
    def get(self, request: Request, post_id: int) -> Response:
        return Response(PostSerializer(access.access_post(request.user, post_id)).data)

    @extend_schema(request=PostSerializer, responses=PostSerializer)
    def patch(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        serializer = PostSerializer(post, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        post = post_services.post_edit(
            actor=request.user, post=post, body=serializer.validated_data.get("body", post.body)
        )
        return Response(PostSerializer(post).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, post_id: int) -> Response:
        post_services.post_delete(
            actor=request.user, post=access.access_post(request.user, post_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostRevisionsView(APIView):
    @extend_schema(responses=RevisionSerializer(many=True), summary="Edit history (moderators)")
    def get(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        revisions = post_services.post_history(actor=request.user, post=post)
        return Response(RevisionSerializer(revisions, many=True).data)

"""REST API for posts."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge import pagination
from bridge.list_params import TimeOrdered
from integrations.scopes import Scope
from network import access, selectors
from network.api.media import AttachmentSerializer
from network.api.people import PersonSerializer
from network.models import Comment, Poll, Post, PostRevision, Reaction
from network.services import conversations
from network.services import polls as poll_services
from network.services import posts as post_services
from search.suggest import people_of, suggest


class PollOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    votes = serializers.IntegerField(
        allow_null=True, help_text="Hidden until you vote or it closes."
    )


class PollSerializer(serializers.Serializer):
    multiple = serializers.BooleanField()
    closes_at = serializers.DateTimeField(allow_null=True)
    closed = serializers.BooleanField()
    my_votes = serializers.ListField(child=serializers.IntegerField())
    results_visible = serializers.BooleanField()
    total_votes = serializers.IntegerField(allow_null=True)
    options = PollOptionSerializer(many=True)


class PollInputSerializer(serializers.Serializer):
    options = serializers.ListField(
        child=serializers.CharField(max_length=200), min_length=2, max_length=10
    )
    multiple = serializers.BooleanField(default=False)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)


class PostCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=post_services.MAX_BODY)
    poll = PollInputSerializer(required=False)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Multipart only: images (PNG, JPEG, GIF, WebP) and documents (PDF, "
        "Word, Excel, PowerPoint, text, CSV), checked by content.",
    )


class VoteSerializer(serializers.Serializer):
    options = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=10)


class PostSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    body = serializers.CharField(max_length=post_services.MAX_BODY, trim_whitespace=True)
    comment_count = serializers.SerializerMethodField()
    visible_to = serializers.SerializerMethodField()
    poll = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()
    my_reactions = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "community",
            "author",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "comment_count",
            "reactions",
            "my_reactions",
            "visible_to",
            "poll",
            "pinned_at",
            "attachments",
            "hidden_at",
            "moderation_reason",
        ]
        read_only_fields = [
            "id",
            "community",
            "author",
            "body_html",
            "created_at",
            "edited_at",
            "pinned_at",
            "attachments",
            "hidden_at",
            "moderation_reason",
        ]

    def get_visible_to(self, post: Post) -> str:
        """Who can read it: one query for all the communities of a page."""
        audiences = self.context.setdefault("audiences", {})
        if post.community_id not in audiences:
            page = getattr(self.parent, "instance", None) or [post]
            communities = {p.community_id: p.community for p in page}
            audiences.update(selectors.visible_to_many(list(communities.values())))
        return audiences[post.community_id]

    @extend_schema_field(PollSerializer(allow_null=True))
    def get_poll(self, post: Post) -> dict | None:
        return selectors.poll_summary(post)

    def get_comment_count(self, post: Post) -> int:
        return getattr(post, "comment_count", 0)

    def get_reactions(self, post: Post) -> dict[str, int]:
        return {entry["kind"]: entry["count"] for entry in post.reaction_summary()}

    def get_my_reactions(self, post: Post) -> list[str]:
        return [entry["kind"] for entry in post.reaction_summary() if entry["mine"]]


class CommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    body = serializers.CharField(max_length=5000)
    parent = serializers.IntegerField(source="parent_id", required=False, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "post",
            "parent",
            "author",
            "body",
            "body_html",
            "created_at",
            "hidden_at",
            "removed_at",
            "moderation_reason",
            "helpful_at",
        ]
        read_only_fields = [
            "id",
            "post",
            "author",
            "body_html",
            "created_at",
            "hidden_at",
            "removed_at",
            "moderation_reason",
            "helpful_at",
        ]


class ThreadSerializer(CommentSerializer):
    replies = CommentSerializer(many=True, read_only=True)

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "replies"]


class ReactionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reaction.Kind.choices)
    reacted = serializers.BooleanField(read_only=True)


class RevisionSerializer(serializers.ModelSerializer):
    edited_by = PersonSerializer(read_only=True)

    class Meta:
        model = PostRevision
        fields = ["body", "edited_by", "created_at"]


class Newest(pagination.Newest):
    page_size = 20
    max_page_size = 100


class CommunityPostsView(generics.ListCreateAPIView):
    """A community's posts, newest first; members post."""

    write_scope = Scope.WRITE_POSTS

    serializer_class = PostSerializer
    pagination_class = Newest
    filter_backends = [TimeOrdered]

    def _community(self):  # noqa: ANN202
        community = access.access_community(self.request.user, self.kwargs["community_id"])
        if not access.can_read_community(self.request.user, community):
            raise access.NotFound("No such community.")
        return community

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.community_posts(self.request.user, self._community())

    @extend_schema(
        request={
            "application/json": PostCreateSerializer,
            "multipart/form-data": PostCreateSerializer,
        },
        responses={201: PostSerializer},
    )
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        # A community one may see but not read is no secret: posting there is a
        # 403 from the service (join first), as on the page; a hidden one is a 404.
        community = access.access_community(request.user, self.kwargs["community_id"])
        serializer = PostCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        poll = serializer.validated_data.get("poll")
        post = post_services.post_create(
            actor=request.user,
            community=community,
            body=serializer.validated_data["body"],
            poll_options=poll["options"] if poll else None,
            poll_multiple=poll["multiple"] if poll else False,
            poll_closes_at=poll.get("closes_at") if poll else None,
            attachments=serializer.validated_data.get("attachments", []),
        )
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class PostView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(responses=PostSerializer)
    def get(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        post = selectors.with_engagement(Post.objects.filter(pk=post.pk), request.user).get()
        return Response(PostSerializer(post).data)

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


class PinnedPostsView(generics.ListAPIView):
    """A community's announcements (pinned posts), to show above its posts."""

    serializer_class = PostSerializer
    pagination_class = None

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        community = access.access_community(self.request.user, self.kwargs["community_id"])
        if not access.can_read_community(self.request.user, community):
            raise access.NotFound("No such community.")
        return selectors.pinned_posts(self.request.user, community)


class PinView(APIView):
    write_scope = Scope.MODERATE
    pinned = True

    @extend_schema(request=None, responses=PostSerializer, summary="Pin or unpin (moderators)")
    def post(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        post = post_services.post_pin(actor=request.user, post=post, pinned=self.pinned)
        return Response(PostSerializer(post).data)


class PostRevisionsView(APIView):
    @extend_schema(responses=RevisionSerializer(many=True), summary="Edit history (moderators)")
    def get(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        revisions = post_services.post_history(actor=request.user, post=post)
        return Response(RevisionSerializer(revisions, many=True).data)


class Threads(pagination.CursorPage):
    """Top-level comments oldest first, as the post's page shows them."""

    ordering = ("created_at", "id")


class CommentsView(generics.ListCreateAPIView):
    """A post's comments as threads (top-level comments with their replies)."""

    write_scope = Scope.WRITE_POSTS

    pagination_class = Threads
    filter_backends = [TimeOrdered]  # by each thread's first comment

    def get_serializer_class(self):  # noqa: ANN201 -- DRF's signature
        return ThreadSerializer if self.request.method == "GET" else CommentSerializer

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        post = access.access_post(self.request.user, self.kwargs["post_id"])
        return selectors.post_threads(post, self.request.user)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        post = access.access_post(request.user, self.kwargs["post_id"])
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parent_id = serializer.validated_data.get("parent_id")
        parent = Comment.objects.filter(pk=parent_id, post=post).first() if parent_id else None
        if parent_id and parent is None:
            raise serializers.ValidationError({"parent": ["Reply to a comment on this post."]})
        comment = conversations.comment_create(
            actor=request.user, post=post, body=serializer.validated_data["body"], parent=parent
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(responses={204: None})
    def delete(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        conversations.comment_delete(actor=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReactionsView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(
        request=ReactionSerializer,
        responses=ReactionSerializer,
        summary="Add a reaction, or take it back",
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        serializer = ReactionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind = serializer.validated_data["kind"]
        reacted = conversations.reaction_toggle(actor=request.user, post=post, kind=kind)
        return Response({"kind": kind, "reacted": reacted})


class HashtagPostsView(generics.ListAPIView):
    """Posts with a hashtag that the caller may read."""

    serializer_class = PostSerializer
    pagination_class = Newest
    filter_backends = [TimeOrdered]

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.hashtag_posts(self.request.user, self.kwargs["tag"])


class MentionableView(generics.ListAPIView):
    """The mention picker for a community: at most ten people, by name prefix."""

    serializer_class = PersonSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Start of a name")])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        community = access.access_community(self.request.user, self.kwargs["community_id"])
        if access.membership_of(self.request.user, community) is None:
            raise PermissionDenied("Only members mention people here.")
        query = self.request.query_params.get("q", "")[:100]
        suggested = suggest(
            self.request.user, query, kinds=("person",), community=community, limit=10
        )
        return people_of(suggested)


class PollVoteView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(
        request=VoteSerializer,
        responses=PollSerializer,
        summary="Vote, or change your vote, until the poll closes",
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = access.access_post(request.user, post_id)
        poll = Poll.objects.filter(post=post).first()
        if poll is None:
            raise access.NotFound("This post has no poll.")
        serializer = VoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        poll_services.poll_vote(
            actor=request.user, poll=poll, option_ids=serializer.validated_data["options"]
        )
        post = selectors.with_engagement(Post.objects.filter(pk=post.pk), request.user).get()
        return Response(selectors.poll_summary(post))

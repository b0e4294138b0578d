"""REST API for moderation: reports, the queue, decisions and the audit trail."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from bridge.pagination import CursorPage, Newest
from integrations.scopes import Scope
from network import access
from network import selectors_moderation as moderation_selectors
from network.api.people import PersonSerializer
from network.models import Comment, Community, Post, Report
from network.services import moderation

# --- Reports ---------------------------------------------------------------------


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    note = serializers.CharField(
        max_length=moderation.MAX_NOTE, required=False, allow_blank=True, default=""
    )


class ReportSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "post", "comment", "reason", "note", "status", "created_at"]
        read_only_fields = fields

    def get_status(self, report: Report) -> str:
        return report.outcome or "open"


def _report(request: Request, post: Post, comment: Comment | None) -> Response:
    serializer = ReportInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    report = moderation.report_create(
        actor=request.user, post=post, comment=comment, **serializer.validated_data
    )
    return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class PostReportView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(
        request=ReportInputSerializer,
        responses={201: ReportSerializer},
        summary="Report a post to its community's moderators (once)",
    )
    def post(self, request: Request, post_id: int) -> Response:
        return _report(request, access.access_post(request.user, post_id), None)


class CommentReportView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(
        request=ReportInputSerializer,
        responses={201: ReportSerializer},
        summary="Report a comment to its community's moderators (once)",
    )
    def post(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        return _report(request, comment.post, comment)


# --- Decisions -------------------------------------------------------------------


class DecisionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(moderation.ACTIONS.items()))
    reason = serializers.CharField(
        max_length=moderation.MAX_REASON,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to remove or to ban; the author is told.",
    )
    ban_author = serializers.BooleanField(
        default=False, help_text="Also ban the author from the community."
    )


class DecisionSerializer(serializers.Serializer):
    action = serializers.CharField()
    target_type = serializers.ChoiceField(choices=["post", "comment"])
    target_id = serializers.IntegerField()
    reports_closed = serializers.IntegerField()
    author_banned = serializers.BooleanField()


def _decide(request: Request, post: Post, comment: Comment | None) -> Response:
    serializer = DecisionInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    decision = moderation.moderation_decide(
        actor=request.user, post=post, comment=comment, **serializer.validated_data
    )
    return Response(DecisionSerializer(decision).data)


class PostDecisionView(APIView):
    write_scope = Scope.MODERATE

    @extend_schema(
        request=DecisionInputSerializer,
        responses=DecisionSerializer,
        summary="Hide, show again, remove or dismiss reports on a post (moderators)",
    )
    def post(self, request: Request, post_id: int) -> Response:
        return _decide(request, access.access_post(request.user, post_id), None)


class CommentDecisionView(APIView):
    write_scope = Scope.MODERATE

    @extend_schema(
        request=DecisionInputSerializer,
        responses=DecisionSerializer,
        summary="Hide, show again, remove or dismiss reports on a comment (moderators)",
    )
    def post(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        return _decide(request, comment.post, comment)


# --- The queue -------------------------------------------------------------------


class CommunityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "name", "audience"]


class ReasonCountSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class QueueReportSerializer(serializers.ModelSerializer):
    reporter = PersonSerializer(read_only=True)

    class Meta:
        model = Report
        fields = ["id", "reporter", "reason", "note", "created_at"]


class QueueItemSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=["post", "comment"])
    post_id = serializers.IntegerField()
    comment_id = serializers.IntegerField(allow_null=True)
    community = CommunityBriefSerializer()
    author = PersonSerializer(source="target.author")
    body_html = serializers.CharField(source="target.body_html")
    state = serializers.ChoiceField(choices=["visible", "hidden", "removed", "deleted"])
    report_count = serializers.IntegerField()
    reasons = ReasonCountSerializer(many=True)
    reports = QueueReportSerializer(many=True)
    first_reported_at = serializers.DateTimeField()
    last_reported_at = serializers.DateTimeField()
    outcome = serializers.CharField(help_text="Empty while the reports are open.")
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = PersonSerializer(allow_null=True)
    decision_reason = serializers.CharField()


STATUS_PARAMETER = OpenApiParameter(
    "status", str, enum=["open", "decided"], description="open (default) or decided"
)


class QueuePage(CursorPage):
    page_size = 25
    max_page_size = 100


class QueueBaseView(generics.ListAPIView):
    serializer_class = QueueItemSerializer
    pagination_class = QueuePage

    def community_ids(self):  # noqa: ANN201 -- a subquery of community ids
        raise NotImplementedError

    @extend_schema(parameters=[STATUS_PARAMETER])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def _decided(self) -> bool:
        return self.request.query_params.get("status") == "decided"

    def get_cursor_ordering(self) -> tuple[str, ...]:
        # A target has one open row and one row per decision on it.
        if self._decided():
            return ("-decided_at", "-post_id", "-comment_id")
        return ("first_reported_at", "post_id", "comment_id")

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        ids = self.community_ids()
        if self._decided():
            return moderation_selectors.decided_groups(ids)
        return moderation_selectors.open_groups(ids)

    def paginate_queryset(self, queryset):  # noqa: ANN001, ANN201 -- DRF's signature
        rows = super().paginate_queryset(queryset)
        return moderation_selectors.queue_items(list(rows))


class CommunityQueueView(QueueBaseView):
    """A community's reported posts and comments, one row per target, oldest first
    (``status=decided``: the decisions, newest first). Moderators only."""

    def community_ids(self):  # noqa: ANN201
        community = moderator_community(self.request, self.kwargs["community_id"])
        return Community.objects.filter(pk=community.pk).values("pk")


class QueueView(QueueBaseView):
    """Every community the caller moderates (platform admins: all), in one queue."""

    def community_ids(self):  # noqa: ANN201
        if not moderation_selectors.moderates_anything(self.request.user):
            raise PermissionDenied("The moderation queue is for moderators.")
        return moderation_selectors.queue_community_ids(self.request.user)


def moderator_community(request: Request, community_id: int) -> Community:
    """A community the caller moderates: 404 if they cannot see it, 403 if not theirs."""
    community = access.access_community(request.user, community_id)
    if not access.is_moderator(request.user, community):
        raise PermissionDenied("Only the community's moderators see this.")
    return community


# --- Audit trail -----------------------------------------------------------------


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.CharField()
    actor = PersonSerializer(allow_null=True)
    summary = serializers.SerializerMethodField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    details = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_summary(self, entry: object) -> str:
        return self.context["summaries"].get(entry.pk, "")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_details(self, entry: object) -> dict[str, object]:
        """The activity's payload, without the list of people it notified."""
        return {key: value for key, value in entry.payload.items() if key != "notify"}


class AuditView(generics.ListAPIView):
    """The community's moderation history, newest first: decisions on reported
    content, bans, removals, role changes, join decisions. Moderators only."""

    serializer_class = AuditEntrySerializer
    pagination_class = Newest
    filter_backends = [TimeOrdered]

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        community = moderator_community(self.request, self.kwargs["community_id"])
        return moderation_selectors.audit_trail(community)

    def get_serializer(self, *args: object, **kwargs: object) -> serializers.BaseSerializer:
        page = list(args[0]) if args else []
        kwargs["context"] = {
            **self.get_serializer_context(),
            "summaries": moderation_selectors.describe(page),
        }
        return self.serializer_class(*args, **kwargs)

"""REST API for reviewing ideas: criteria, board roles, scores and scorecards, the
moderators' funnel, and merging duplicates (thin: parse, call a service, render).

Scorecards answer 404 to whoever is not a reviewer or moderator of the board, so
that participants cannot even tell whether an idea was scored.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ideas import access
from ideas.api.serializers import StageSerializer
from ideas.models import BoardRole, Criterion, Merge, Score
from ideas.services import funnel as funnel_services
from ideas.services import merges as merge_services
from ideas.services import review as review_services
from integrations.scopes import Scope
from network import access as network_access
from network.api.people import PersonSerializer
from network.models import User


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "position"]


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=review_services.MAX_NAME)
    description = serializers.CharField(
        max_length=review_services.MAX_DESCRIPTION, required=False, allow_blank=True, default=""
    )


class CriteriaInputSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True, max_length=review_services.MAX_CRITERIA)


class RoleInputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=BoardRole.Role.choices)


class RoleSerializer(serializers.Serializer):
    user = PersonSerializer()
    role = serializers.CharField()


class ScoreInputSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    value = serializers.IntegerField(
        min_value=review_services.LOWEST, max_value=review_services.HIGHEST
    )
    comment = serializers.CharField(
        max_length=review_services.MAX_COMMENT, required=False, allow_blank=True, default=""
    )


class ScoreSerializer(serializers.ModelSerializer):
    reviewer = PersonSerializer(read_only=True)

    class Meta:
        model = Score
        fields = ["id", "criterion", "reviewer", "value", "comment", "updated_at"]


class CriterionScoresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    mean = serializers.FloatField(allow_null=True, help_text="None before the first score.")
    count = serializers.IntegerField()
    scores = ScoreSerializer(
        many=True, help_text="Every reviewer's for moderators; a reviewer's own otherwise."
    )


class ScorecardSerializer(serializers.Serializer):
    idea_id = serializers.IntegerField()
    all_reviewers = serializers.BooleanField(help_text="Whether `scores` lists every reviewer's.")
    criteria = CriterionScoresSerializer(many=True)


class FunnelStageSerializer(serializers.Serializer):
    stage = StageSerializer()
    count = serializers.IntegerField(
        help_text="Ideas now in this stage (duplicates merged away not counted)."
    )
    median_seconds = serializers.FloatField(allow_null=True, help_text="Time in this stage so far.")
    mean_seconds = serializers.FloatField(allow_null=True)


class MergeInputSerializer(serializers.Serializer):
    target_id = serializers.IntegerField()


class MergeSerializer(serializers.ModelSerializer):
    """A merge, with how much moved (not who: voters stay private)."""

    merged_by = PersonSerializer(read_only=True)
    undone_by = PersonSerializer(read_only=True)
    moved = serializers.SerializerMethodField()

    class Meta:
        model = Merge
        fields = [
            "id",
            "source",
            "target",
            "merged_by",
            "created_at",
            "undone_at",
            "undone_by",
            "moved",
        ]

    def get_moved(self, merge: Merge) -> dict[str, int]:
        moved = merge.moved
        return {
            "votes": len(moved.get("votes", [])),
            "votes_counted_once": len(moved.get("set_aside_votes", [])),
            "comments": len(moved.get("comments", [])),
            "followers": len(moved.get("followers", []))
            + len(moved.get("set_aside_followers", [])),
        }


class CriteriaView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(responses=CriterionSerializer(many=True), summary="What reviewers score on")
    def get(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        return Response(CriterionSerializer(board.criteria.all(), many=True).data)

    @extend_schema(
        request=CriteriaInputSerializer,
        responses=CriterionSerializer(many=True),
        summary="Replace the criteria (board moderators, before the first score)",
    )
    def put(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        serializer = CriteriaInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made = review_services.criteria_set(
            actor=request.user, board=board, criteria=serializer.validated_data["criteria"]
        )
        return Response(CriterionSerializer(made, many=True).data)


class RolesView(APIView):
    write_scope = Scope.WRITE_IDEAS

    def _parse(self, request: Request, board_id: int) -> tuple:
        board = access.access_board(request.user, board_id)
        serializer = RoleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = get_object_or_404(
            network_access.people_visible_to(request.user), pk=serializer.validated_data["user_id"]
        )
        return board, user, serializer.validated_data["role"]

    @extend_schema(
        request=RoleInputSerializer,
        responses={201: RoleSerializer},
        summary="Name a moderator or reviewer of the board (board moderators)",
    )
    def post(self, request: Request, board_id: int) -> Response:
        board, user, role = self._parse(request, board_id)
        granted = review_services.board_role_grant(
            actor=request.user, board=board, user=user, role=role
        )
        return Response(RoleSerializer(granted).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RoleInputSerializer, responses={204: None}, summary="Take a role back")
    def delete(self, request: Request, board_id: int) -> Response:
        board, user, role = self._parse(request, board_id)
        review_services.board_role_revoke(actor=request.user, board=board, user=user, role=role)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _scorecard(user: User, idea_id: int) -> Response:
    idea = access.access_idea(user, idea_id)
    return Response(ScorecardSerializer(review_services.scorecard(actor=user, idea=idea)).data)


class ScoresView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(
        request=ScoreInputSerializer,
        responses=ScorecardSerializer,
        summary="Score an idea on one criterion (reviewers); answers the scorecard",
    )
    def put(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        if not access.is_reviewer(request.user, idea.board):
            # Like the scorecard: who may not score may not know scores exist.
            raise network_access.NotFound("No such scorecard.")
        serializer = ScoreInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        criterion = Criterion.objects.filter(
            pk=serializer.validated_data["criterion_id"], board=idea.board
        ).first()
        if criterion is None:
            raise serializers.ValidationError({"criterion_id": ["Not a criterion of this board."]})
        review_services.score_set(
            actor=request.user,
            idea=idea,
            criterion=criterion,
            value=serializer.validated_data["value"],
            comment=serializer.validated_data["comment"],
        )
        return _scorecard(request.user, idea_id)


class ScorecardView(APIView):
    @extend_schema(
        responses=ScorecardSerializer, summary="An idea's scores (reviewers, moderators)"
    )
    def get(self, request: Request, idea_id: int) -> Response:
        return _scorecard(request.user, idea_id)


class FunnelView(APIView):
    @extend_schema(
        responses=FunnelStageSerializer(many=True),
        summary="Ideas per stage and time in stage (board moderators)",
    )
    def get(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        stages = funnel_services.board_funnel(actor=request.user, board=board, now=timezone.now())
        return Response(FunnelStageSerializer(stages, many=True).data)


class MergeView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(
        request=MergeInputSerializer,
        responses={201: MergeSerializer},
        summary="Merge this duplicate into another idea of the board (board moderators)",
    )
    def post(self, request: Request, idea_id: int) -> Response:
        source = access.access_idea(request.user, idea_id)
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = access.access_idea(request.user, serializer.validated_data["target_id"])
        made = merge_services.merge(actor=request.user, source=source, target=target)
        return Response(MergeSerializer(made).data, status=status.HTTP_201_CREATED)


class UndoMergeView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(
        request=None, responses=MergeSerializer, summary="Undo a merge (board moderators)"
    )
    def post(self, request: Request, merge_id: int) -> Response:
        merge = (
            Merge.objects.filter(source__in=access.ideas_visible_to(request.user), pk=merge_id)
            .select_related("source__board__community", "target__board__community")
            .first()
        )
        if merge is None:
            raise network_access.NotFound("No such merge.")
        undone = merge_services.unmerge(actor=request.user, merge=merge)
        return Response(MergeSerializer(undone).data)

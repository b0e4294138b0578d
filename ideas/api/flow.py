"""REST API for an idea's life after submission: discussion, following, stage
moves and outcomes (thin: parse, call a service or selector, render)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from bridge.pagination import CursorPage
from ideas import access, selectors
from ideas.api import flow_serializers as s
from ideas.api.serializers import IdeaDetailSerializer
from ideas.api.views import idea_context
from ideas.models import Stage
from ideas.services import discussion, following, outcomes, stages
from integrations.scopes import Scope
from network import access as network_access


class CommentsPage(CursorPage):
    ordering = ("created_at", "id")


class IdeaCommentsView(generics.GenericAPIView):
    write_scope = Scope.WRITE_IDEAS
    pagination_class = CommentsPage
    filter_backends = [TimeOrdered]
    serializer_class = s.IdeaCommentSerializer

    @extend_schema(
        responses=s.IdeaCommentSerializer(many=True), summary="An idea's discussion, oldest first"
    )
    def get(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        page = self.paginate_queryset(
            self.filter_queryset(selectors.idea_comments(request.user, idea))
        )
        return self.get_paginated_response(s.IdeaCommentSerializer(page, many=True).data)

    @extend_schema(
        request=s.IdeaCommentInputSerializer,
        responses={201: s.IdeaCommentSerializer},
        summary="Comment on an idea",
    )
    def post(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.IdeaCommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = discussion.comment_create(
            actor=request.user, idea=idea, body=serializer.validated_data["body"]
        )
        return Response(s.IdeaCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class IdeaCommentView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=None, responses={204: None}, summary="Delete one's comment")
    def delete(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        discussion.comment_delete(actor=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdeaCommentHideView(APIView):
    write_scope = Scope.MODERATE
    hide = True

    @extend_schema(
        request=None,
        responses=s.IdeaCommentSerializer,
        summary="Hide (or restore) a comment: the board's moderators",
    )
    def post(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        change = discussion.comment_hide if self.hide else discussion.comment_unhide
        comment = change(actor=request.user, comment=comment)
        return Response(s.IdeaCommentSerializer(comment).data)


class FollowView(APIView):
    write_scope = Scope.WRITE_PROFILE

    @extend_schema(request=None, responses=s.FollowingSerializer, summary="Follow an idea")
    def put(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        following.idea_follow(actor=request.user, idea=idea)
        return Response({"following": True})

    @extend_schema(request=None, responses={200: s.FollowingSerializer}, summary="Unfollow an idea")
    def delete(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        following.idea_unfollow(actor=request.user, idea=idea)
        return Response({"following": False})


def _history(request: Request, changes: list) -> list[dict]:
    movers = {change.moved_by_id for change in changes if change.moved_by_id}
    visible = set(
        network_access.people_visible_to(request.user)
        .filter(pk__in=movers)
        .values_list("pk", flat=True)
    )
    context = {"visible_people": visible}
    return s.StageChangeSerializer(changes, many=True, context=context).data


class StageMoveView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(
        request=s.StageMoveInputSerializer,
        responses={201: s.StageChangeSerializer},
        summary="Move an idea to another stage (the board's moderators)",
    )
    def post(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.StageMoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stage = Stage.objects.filter(pk=serializer.validated_data["stage_id"]).first()
        if stage is None:
            raise ValidationError({"stage_id": ["Choose a stage of the idea's board."]})
        change = stages.stage_move(
            actor=request.user, idea=idea, stage=stage, note=serializer.validated_data["note"]
        )
        return Response(_history(request, [change])[0], status=status.HTTP_201_CREATED)


class StageHistoryView(APIView):
    @extend_schema(
        responses=s.StageChangeSerializer(many=True),
        summary="An idea's moves between stages, with their public notes",
    )
    def get(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        return Response(_history(request, list(selectors.stage_history(idea))))


class OutcomeView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(
        request=s.OutcomeInputSerializer,
        responses={200: IdeaDetailSerializer, 409: s.OutcomeConflictSerializer},
        summary="Record what a delivered idea achieved",
    )
    def put(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcomes.outcome_record(actor=request.user, idea=idea, **serializer.validated_data)
        idea = access.access_idea(request.user, idea_id)
        context = idea_context(request.user, idea.board, [idea])
        return Response(IdeaDetailSerializer(idea, context=context).data)

"""REST API for idea boards, ideas and votes (thin: parse, call a service, render)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ideas import access, ranking, selectors
from ideas.api import serializers as s
from ideas.models import Board, BuildsOn, Idea
from ideas.services import boards as board_services
from ideas.services import contributors as contributor_services
from ideas.services import ideas as idea_services
from ideas.services import votes as vote_services
from integrations.scopes import Scope
from network import access as network_access
from network.models import User
from search import similar


def idea_context(user: User, board: Board, ideas: list[Idea]) -> dict:
    votes = selectors.my_votes(user, ideas)
    return {"my_votes": votes, "counts_shown": selectors.counts_shown(user, board, votes)}


def _board_detail(user: User, board: Board) -> dict:
    board.is_open = access.is_open(board)
    board.me = selectors.my_board(user, board)
    return s.BoardDetailSerializer(board).data


class CommunityBoardsView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(responses=s.BoardSerializer(many=True), summary="A community's idea boards")
    def get(self, request: Request, community_id: int) -> Response:
        community = network_access.access_community(request.user, community_id)
        boards = list(selectors.community_boards(request.user, community))
        for board in boards:
            board.is_open = access.is_open(board)
        return Response(s.BoardSerializer(boards, many=True).data)

    @extend_schema(
        request=s.BoardCreateSerializer,
        responses={201: s.BoardDetailSerializer},
        summary="Open an idea board (the community's moderators)",
    )
    def post(self, request: Request, community_id: int) -> Response:
        community = network_access.access_community(request.user, community_id)
        serializer = s.BoardCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        board = board_services.board_create(
            actor=request.user, community=community, **serializer.validated_data
        )
        return Response(_board_detail(request.user, board), status=status.HTTP_201_CREATED)


class BoardView(APIView):
    @extend_schema(responses=s.BoardDetailSerializer)
    def get(self, request: Request, board_id: int) -> Response:
        return Response(_board_detail(request.user, access.access_board(request.user, board_id)))


class IdeasPage(PageNumberPagination):
    """Page numbers, not a cursor: a board's ideas are ranked by votes, activity or
    chance, and a rank moves while one reads, so there is no key to hold a place by
    (docs/api.md, "Pagination"). ``sort=new`` pages the same way: one scheme per
    endpoint."""

    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"


class BoardIdeasView(generics.GenericAPIView):
    """A board's ideas (GET, ranked) and submitting one (POST). The list pages by number
    (``page``, with ``count``) because its ranking changes under the reader, unlike
    the API's other lists, which page by cursor."""

    write_scope = Scope.WRITE_IDEAS
    pagination_class = IdeasPage
    serializer_class = s.IdeaSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=list(ranking.ORDERINGS),
                description="hot (default), top (Wilson lower bound), new, discussed, random "
                "(per person; the default on boards that hide counts, where hot and top are "
                "for moderators only)",
            )
        ],
        responses=s.IdeaSerializer(many=True),
        summary="A board's ideas, ranked",
    )
    def get(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        ranked = selectors.ranked_ideas(request.user, board, request.query_params.get("sort"))
        page = selectors.in_order(
            board, self.paginate_queryset(ranked.values_list("pk", flat=True))
        )
        context = idea_context(request.user, board, page)
        return self.get_paginated_response(s.IdeaSerializer(page, many=True, context=context).data)

    @extend_schema(
        request={
            "application/json": s.IdeaInputSerializer,
            "multipart/form-data": s.IdeaSubmitSerializer,
        },
        responses={201: s.IdeaDetailSerializer},
    )
    def post(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        serializer = s.IdeaSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = idea_services.idea_submit(
            actor=request.user, board=board, **serializer.validated_data
        )
        context = idea_context(request.user, board, [idea])
        return Response(
            s.IdeaDetailSerializer(idea, context=context).data, status=status.HTTP_201_CREATED
        )


class SimilarIdeasView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("text", str, description="What is being typed")],
        responses=s.IdeaSerializer(many=True),
        summary="Ideas of the board like the one being written",
    )
    def get(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        text = request.query_params.get("text", "")[:2000]
        ideas = similar.similar_ideas(request.user, board, text).items
        context = idea_context(request.user, board, ideas)
        return Response(s.IdeaSerializer(ideas, many=True, context=context).data)


class IdeaView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(responses=s.IdeaDetailSerializer)
    def get(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        context = idea_context(request.user, idea.board, [idea])
        return Response(s.IdeaDetailSerializer(idea, context=context).data)

    @extend_schema(
        request=s.IdeaEditSerializer,
        responses={200: s.IdeaDetailSerializer, 409: s.EditConflictSerializer},
        summary="Edit an idea (a new revision); 409 when base_revision is not the latest",
    )
    def put(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.IdeaEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = idea_services.idea_edit(actor=request.user, idea=idea, **serializer.validated_data)
        idea = access.access_idea(request.user, idea.pk)
        context = idea_context(request.user, idea.board, [idea])
        return Response(s.IdeaDetailSerializer(idea, context=context).data)


class RevisionsView(APIView):
    @extend_schema(
        responses=s.IdeaRevisionSerializer(many=True), summary="Every edit, newest first"
    )
    def get(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        revisions = idea.revisions.select_related("editor")
        return Response(s.IdeaRevisionSerializer(revisions, many=True).data)


class VoteView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=s.VoteInputSerializer, responses=s.VoteResultSerializer, summary="Vote")
    def put(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.VoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vote = vote_services.vote_cast(
            actor=request.user, idea=idea, value=serializer.validated_data["value"]
        )
        return self._result(request, idea, vote.value)

    # 200 with the counts: a DELETE's bare serializer would be documented as a 204.
    @extend_schema(
        request=None, responses={200: s.VoteResultSerializer}, summary="Withdraw one's vote"
    )
    def delete(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        vote_services.vote_withdraw(actor=request.user, idea=idea)
        return self._result(request, idea, None)

    def _result(self, request: Request, idea: Idea, my_vote: int | None) -> Response:
        """The idea's counts after the vote: the vote service read them under the
        idea's lock and moved them. The reader's vote is the one just cast or
        withdrawn: reading the idea and the vote back again took a third of the
        request (bench/ideas.py)."""
        shown = selectors.counts_shown(
            request.user, idea.board, {} if my_vote is None else {idea.pk: my_vote}
        )(idea)
        result = {
            "idea": idea.pk,
            "up_votes": idea.up_votes if shown else None,
            "down_votes": idea.down_votes if shown else None,
            "my_vote": my_vote,
        }
        return Response(s.VoteResultSerializer(result).data)


class CoauthorsView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=s.InviteSerializer, responses={201: None}, summary="Invite a co-author")
    def post(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitee = get_object_or_404(
            network_access.people_visible_to(request.user), pk=serializer.validated_data["user_id"]
        )
        contributor_services.coauthor_invite(actor=request.user, idea=idea, invitee=invitee)
        return Response(status=status.HTTP_201_CREATED)


class CoauthorResponseView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=s.RespondSerializer, responses={204: None}, summary="Accept or decline")
    def post(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contributor_services.coauthor_respond(
            actor=request.user, idea=idea, accept=serializer.validated_data["accept"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class BuildsOnView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=s.BuildsOnSerializer, responses={201: None}, summary="Builds on")
    def post(self, request: Request, idea_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        serializer = s.BuildsOnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = access.access_idea(request.user, serializer.validated_data["source_id"])
        contributor_services.builds_on_add(actor=request.user, idea=idea, source=source)
        return Response(status=status.HTTP_201_CREATED)


class BuildsOnLinkView(APIView):
    write_scope = Scope.WRITE_IDEAS

    @extend_schema(request=None, responses={204: None}, summary="No longer builds on")
    def delete(self, request: Request, idea_id: int, source_id: int) -> Response:
        idea = access.access_idea(request.user, idea_id)
        link = network_access.one_or_none(
            BuildsOn.objects.select_related("idea__board"), idea=idea, source_id=source_id
        )
        if link is None:
            raise network_access.NotFound("This idea does not build on that one.")
        contributor_services.builds_on_remove(actor=request.user, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)

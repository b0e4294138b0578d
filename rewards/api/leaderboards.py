"""REST API for leaderboards and a person's choice to be listed on them."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from rewards.services import leaderboards


class LeaderboardQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=leaderboards.PERIODS, default="all")
    community = serializers.IntegerField(required=False, min_value=1)
    department = serializers.CharField(required=False, max_length=150, default="")


class LeaderboardPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField()


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    person = LeaderboardPersonSerializer()
    points = serializers.IntegerField()


class LeaderboardSerializer(serializers.Serializer):
    period = serializers.CharField()
    since = serializers.DateTimeField(allow_null=True)
    community = serializers.IntegerField(source="community.pk", allow_null=True, default=None)
    department = serializers.CharField()
    total_points = serializers.IntegerField(help_text="Everyone's, listed or not.")
    rows = LeaderboardRowSerializer(many=True)


class LeaderboardListingSerializer(serializers.Serializer):
    listed = serializers.BooleanField()


class LeaderboardView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=list(leaderboards.PERIODS)),
            OpenApiParameter("community", int),
            OpenApiParameter("department", str),
        ],
        responses={200: LeaderboardSerializer, 404: None},  # 404: a community not read
        summary="Who earned the most points: this week, month or ever; per community or department",
    )
    def get(self, request: Request) -> Response:
        query = LeaderboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        community_id = query.validated_data.get("community")
        community = (
            leaderboards.access_readable_community(request.user, community_id)
            if community_id is not None
            else None
        )
        board = leaderboards.leaderboard(
            reader=request.user,
            period=query.validated_data["period"],
            community=community,
            department=query.validated_data["department"].strip(),
        )
        return Response(LeaderboardSerializer(board).data)


class ListingView(APIView):
    write_scope = Scope.REWARDS

    @extend_schema(responses=LeaderboardListingSerializer, summary="Whether leaderboards list me")
    def get(self, request: Request) -> Response:
        return Response({"listed": leaderboards.is_listed(request.user)})

    @extend_schema(
        request=LeaderboardListingSerializer,
        responses=LeaderboardListingSerializer,
        summary="Choose whether leaderboards list me (my points count either way)",
    )
    def put(self, request: Request) -> Response:
        serializer = LeaderboardListingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        listed = leaderboards.listing_set(
            actor=request.user, listed=serializer.validated_data["listed"]
        )
        return Response({"listed": listed})

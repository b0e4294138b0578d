"""The catch-up stream: what a client missed while its socket was away."""

from datetime import timedelta

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from activity.selectors import activities_after, readable_by
from realtime.events import activity_event

MAX_LIMIT = 500
MAX_OVERLAP_SECONDS = 60


class CatchUpQuery(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, max_value=2**63 - 1)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=100)
    overlap = serializers.IntegerField(min_value=0, max_value=MAX_OVERLAP_SECONDS, default=0)


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ActivityEventSerializer(serializers.Serializer):
    """The same shape as the `activity` events of the live socket."""

    type = serializers.CharField()
    id = serializers.IntegerField()
    post_id = serializers.IntegerField(allow_null=True)
    board_id = serializers.IntegerField(allow_null=True)
    verb = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    community_id = serializers.IntegerField(allow_null=True)
    actor = ActorSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CatchUpView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, required=True, description="The last id you saw"),
            OpenApiParameter("limit", int, description=f"At most this many (1 to {MAX_LIMIT})"),
            OpenApiParameter(
                "overlap",
                int,
                description="Also re-send what was created this many seconds before `after` "
                f"(0 to {MAX_OVERLAP_SECONDS}); ask on the first page only and drop ids you have",
            ),
        ],
        responses=inline_serializer(
            "CatchUp",
            {
                "results": ActivityEventSerializer(many=True),
                "has_more": serializers.BooleanField(),
                "cursor": serializers.IntegerField(
                    help_text="Pass as `after` for the next page (results may skip ids)"
                ),
            },
        ),
        summary="Activities you may see after a given id, oldest first",
    )
    def get(self, request: Request) -> Response:
        query = CatchUpQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit = query.validated_data["limit"]
        found = activities_after(
            request.user,
            after=query.validated_data["after"],
            limit=limit + 1,
            overlap=timedelta(seconds=query.validated_data["overlap"]),
        )
        page = found[:limit]
        return Response(
            {
                "results": [activity_event(a) for a in readable_by(request.user, page)],
                "has_more": len(found) > limit,
                "cursor": max([a.pk for a in page], default=query.validated_data["after"]),
            }
        )

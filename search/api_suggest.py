"""GET /api/v1/search/suggest: type-ahead for API clients (search/suggest.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network import access
from search.results import SUGGEST_KINDS
from search.suggest import MAX_TEXT, suggest

MAX_LIMIT = 20


class SuggestQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=True)
    kind = serializers.ListField(
        child=serializers.ChoiceField(choices=SUGGEST_KINDS), required=False, max_length=3
    )
    community = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=8)


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SUGGEST_KINDS)
    id = serializers.IntegerField()
    label = serializers.CharField()
    detail = serializers.CharField()
    value = serializers.CharField()
    url = serializers.CharField()


class SuggestAnswerSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, source="items")
    backend = serializers.CharField()
    notice = serializers.CharField()


class SuggestView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="The start of a name"),
            OpenApiParameter(
                "kind", str, many=True, enum=SUGGEST_KINDS, description="Kinds (default: all)"
            ),
            OpenApiParameter(
                "community", int, description="Only people who can read this community"
            ),
            OpenApiParameter("limit", int, description=f"At most this many (1-{MAX_LIMIT})"),
        ],
        responses={200: SuggestAnswerSerializer, 404: None},  # 404: a community not seen
        summary="Type-ahead: people, communities and hashtags the caller may see",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        query = SuggestQuerySerializer(data={**params.dict(), "kind": params.getlist("kind")})
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        community = None
        if "community" in asked:
            community = access.access_community(request.user, asked["community"])
        answer = suggest(
            request.user,
            asked["q"],
            kinds=asked.get("kind") or SUGGEST_KINDS,
            community=community,
            limit=asked["limit"],
        )
        return Response(SuggestAnswerSerializer(answer).data)

"""GET /api/v1/search: the search as JSON (thin: validate, call the service, render).

The same parameters as the search page; errors are 400 with a message per field.
"""

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.models import Affiliation
from search import cursor as cursors
from search.presenting import url_of
from search.results import MAX_PAGE_SIZE, PAGE_SIZE, RESULT_KINDS, Hit, Query, Results, Sort
from search.service import search

MAX_TEXT = 500


def _values(field: serializers.Field) -> serializers.ListField:
    """A repeatable parameter (?type=post&type=idea)."""
    return serializers.ListField(child=field, required=False, default=list, max_length=50)


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, default="")
    type = _values(serializers.ChoiceField(choices=RESULT_KINDS))
    community = _values(serializers.IntegerField(min_value=1))
    affiliation = _values(serializers.ChoiceField(choices=Affiliation.values))
    hashtag = _values(serializers.CharField(max_length=50))
    stage = _values(serializers.CharField(max_length=60))
    since = serializers.DateField(required=False, allow_null=True, input_formats=["%Y-%m-%d"])
    until = serializers.DateField(required=False, allow_null=True, input_formats=["%Y-%m-%d"])
    sort = serializers.ChoiceField(choices=[sort.value for sort in Sort], default=Sort.RELEVANCE)
    cursor = serializers.CharField(required=False, allow_blank=True, max_length=cursors.MAX_LENGTH)
    size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=PAGE_SIZE)

    def validate_hashtag(self, value: list[str]) -> list[str]:
        return [tag.lstrip("#").strip().lower() for tag in value if tag.lstrip("#").strip()]

    def validate(self, data: dict) -> dict:
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise ValidationError({"until": ["The end date must be on or after the start date."]})
        if data.get("cursor"):
            try:
                cursor = cursors.decode(data["cursor"])
            except cursors.InvalidCursor as error:
                raise ValidationError({"cursor": [str(error)]}) from None
            if cursor.sort != data["sort"]:
                raise ValidationError(
                    {"cursor": ["This cursor belongs to another sort order; start again."]}
                )
        return data

    def to_query(self) -> Query:
        data = self.validated_data
        return Query(
            text=data["q"].strip(),
            types=tuple(dict.fromkeys(data["type"])),
            community_ids=tuple(dict.fromkeys(data["community"])),
            affiliations=tuple(dict.fromkeys(data["affiliation"])),
            hashtags=tuple(dict.fromkeys(data["hashtag"])),
            stages=tuple(dict.fromkeys(data["stage"])),
            since=data.get("since"),
            until=data.get("until"),
            sort=Sort(data["sort"]),
            cursor=data.get("cursor") or None,
            size=data["size"],
        )


class CommunityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AuthorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    affiliation = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RESULT_KINDS)
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="HTML: escaped, with <mark> around matches.")
    snippet = serializers.CharField(help_text="HTML: escaped, with <mark> around matches.")
    url = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)
    community = CommunityRefSerializer(required=False, allow_null=True)
    author = AuthorRefSerializer(required=False, allow_null=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResponseSerializer(serializers.Serializer):
    results = ResultSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    next_cursor = serializers.CharField(allow_null=True)
    backend = serializers.ChoiceField(choices=["elasticsearch", "database"])
    notice = serializers.CharField(allow_blank=True)


def community_of(hit: Hit) -> Model | None:
    row = hit.object
    if hit.kind == "post":
        return row.community
    if hit.kind == "comment":
        return row.post.community
    if hit.kind == "idea":
        return row.board.community
    return None


def result_data(hit: Hit) -> dict:
    community = community_of(hit)
    author = getattr(hit.object, "author", None) if community is not None else None
    return {
        "kind": hit.kind,
        "id": hit.id,
        "title": str(hit.title),
        "snippet": str(hit.snippet),
        "url": url_of(hit.kind, hit.object),
        "created_at": hit.created_at,
        "community": {"id": community.pk, "name": community.name} if community else None,
        "author": (
            {"id": author.pk, "name": author.name, "affiliation": author.affiliation}
            if author
            else None
        ),
    }


def response_data(results: Results) -> dict:
    return {
        "results": [result_data(hit) for hit in results.hits],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                for v in values
            ]
            for name, values in results.facets.items()
        },
        "next_cursor": results.next_cursor,
        "backend": results.backend,
        "notice": results.notice,
    }


def run_search(request: Request, query: Query) -> Results:
    """The service's answer; a cursor of another search is the caller's error."""
    try:
        return search(request.user, query)
    except cursors.InvalidCursor as error:
        raise ValidationError({"cursor": [str(error)]}) from None


class SearchView(APIView):
    @extend_schema(
        parameters=[SearchParametersSerializer],
        responses=SearchResponseSerializer,
        description=(
            "Posts, comments, ideas, people, communities and hashtags the caller may "
            "see, with facets whose counts apply every other selected filter."
        ),
    )
    def get(self, request: Request) -> Response:
        parameters = SearchParametersSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        results = run_search(request, parameters.to_query())
        # Built as SearchResponseSerializer describes it (for the schema): running the
        # serializer again over data built for it only costs time.
        return Response(response_data(results))

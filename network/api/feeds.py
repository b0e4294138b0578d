"""REST API for the home feed and for following."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from bridge.params import whole_number
from integrations.scopes import Scope
from network import access, feed
from network.api.posts import PostSerializer
from network.markup import hashtag_name
from network.models import Hashtag
from network.services import follows


class FeedPagination(BasePagination):
    """The home feed's pages: ``?before=<post id>`` when newest first;
    ``?order=top&as_of=<ISO time>&page=<n>`` when top (decision 0008).

    The selector reads one post more than the page, which tells whether there is a
    next one; the page's posts are the view's whole query.
    """

    page_size = 20
    max_page_size = 100

    def paginate_queryset(
        self, queryset: object, request: Request, view: object = None
    ) -> list | None:
        self.request = request
        self.view = view
        posts = list(queryset)
        size = view.page_size
        self.next_params = None
        if len(posts) > size:
            posts = posts[:size]
            if view.order == "top":
                self.next_params = {"as_of": view.as_of.isoformat(), "page": view.page + 1}
            else:
                self.next_params = {"before": posts[-1].pk}
        return posts

    def get_paginated_response(self, data: list) -> Response:
        next_url = None
        if self.next_params is not None:
            url = self.request.build_absolute_uri()
            for key, value in self.next_params.items():
                url = replace_query_param(url, key, value)
            next_url = url
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: object) -> list[dict]:
        def integer(name: str, description: str) -> dict:
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "integer"},
            }

        return [
            {
                "name": "order",
                "in": "query",
                "required": False,
                "description": "newest (default) or top: engagement with time decay.",
                "schema": {"type": "string", "enum": ["newest", "top"]},
            },
            integer("page_size", f"Posts per page, at most {self.max_page_size}."),
            integer("before", "Newest: posts older than this post id (from `next`)."),
            {
                "name": "as_of",
                "in": "query",
                "required": False,
                "description": "Top: the snapshot time its pages rank at (from `next`).",
                "schema": {"type": "string", "format": "date-time"},
            },
            integer("page", "Top: the page number, from 1 (from `next`)."),
        ]


def _positive(request: Request, name: str, default: int | None) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    number = whole_number(value)
    if number is None or number < 1:
        raise ValidationError({name: "A positive whole number."})
    return number


class FeedView(generics.ListAPIView):
    """Your home feed: your communities and what you follow, newest first or top.

    Newest pages by post id (``before``, a keyset, like the API's cursors); top keeps
    page numbers over a snapshot (``as_of``), because its ranking changes under the
    reader (decision 0008, docs/api.md "Pagination"). Either way, follow ``next``."""

    serializer_class = PostSerializer
    pagination_class = FeedPagination

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        request = self.request
        self.order = request.query_params.get("order", "newest")
        if self.order not in ("newest", "top"):
            raise ValidationError({"order": "newest or top."})
        size = _positive(request, "page_size", FeedPagination.page_size)
        self.page_size = min(size, FeedPagination.max_page_size)
        if self.order == "newest":
            before = _positive(request, "before", None)
            return feed.home_feed(request.user, before=before, size=self.page_size)
        self.as_of = feed.top_snapshot(request.query_params.get("as_of"))
        self.page = _positive(request, "page", 1)
        return feed.home_feed_top(
            request.user, as_of=self.as_of, page=self.page, size=self.page_size
        )


class FollowView(APIView):
    """PUT follows, DELETE unfollows: a person, a community or a hashtag."""

    write_scope = Scope.WRITE_PROFILE

    kind = ""

    def _target(self, request: Request, key: str) -> dict:
        if self.kind == "person":
            return {"person": access.access_person(request.user, int(key))}
        if self.kind == "community":
            return {"community": access.access_community(request.user, int(key))}
        name = hashtag_name(key)
        if name is None:
            raise access.NotFound("No such hashtag.")
        return {"hashtag": Hashtag.objects.get_or_create(name=name)[0]}

    @extend_schema(request=None, responses={204: None})
    def put(self, request: Request, key: str) -> Response:
        follows.follow(actor=request.user, **self._target(request, key))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, key: str) -> Response:
        follows.unfollow(actor=request.user, **self._target(request, key))
        return Response(status=status.HTTP_204_NO_CONTENT)

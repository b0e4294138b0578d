"""REST API for the home feed and for following."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network import access, selectors
from network.api.posts import Newest, PostSerializer
from network.markup import hashtag_name
from network.models import Hashtag
from network.services import follows


class FeedView(generics.ListAPIView):
    """Your home feed, newest first: your communities and what you follow."""

    serializer_class = PostSerializer
    pagination_class = Newest

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.home_feed(self.request.user)


class FollowView(APIView):
    """PUT follows, DELETE unfollows: a person, a community or a hashtag."""

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

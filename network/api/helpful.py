"""REST API for marking a comment helpful (network/services/helpful.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from network import access
from network.api.posts import CommentSerializer
from network.services import helpful

ERRORS = {
    403: None,  # the post's author or a moderator only; never one's own comment
    404: None,  # a comment the caller may not read
    409: None,  # the community is archived
}


class HelpfulView(APIView):
    write_scope = Scope.WRITE_POSTS

    @extend_schema(
        request=None,
        responses={200: CommentSerializer, **ERRORS},
        summary="Mark a comment helpful (the post's author or a moderator)",
        description="Idempotent: marking a helpful comment again changes nothing. "
        "Several comments of a post may be helpful.",
    )
    def put(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        comment = helpful.comment_mark_helpful(actor=request.user, comment=comment)
        return Response(CommentSerializer(comment).data)

    @extend_schema(
        request=None,
        responses={200: CommentSerializer, **ERRORS},
        summary="Take back a comment's helpful mark",
    )
    def delete(self, request: Request, comment_id: int) -> Response:
        comment = access.access_comment(request.user, comment_id)
        comment = helpful.comment_unmark_helpful(actor=request.user, comment=comment)
        return Response(CommentSerializer(comment).data)

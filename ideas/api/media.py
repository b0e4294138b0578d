"""REST API for a board's cover image (the board's moderators)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ideas import access
from ideas.services import boards as board_services
from network.api.media import ImageUploadSerializer, ImageURLSerializer


class BoardCoverView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses=ImageURLSerializer,
        summary="Set a board's cover (its moderators)",
    )
    def put(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        board = board_services.board_cover_set(
            actor=request.user, board=board, upload=serializer.validated_data["image"]
        )
        return Response({"url": board.cover_url})

    @extend_schema(request=None, responses={204: None}, summary="Remove a board's cover")
    def delete(self, request: Request, board_id: int) -> Response:
        board = access.access_board(request.user, board_id)
        board_services.board_cover_remove(actor=request.user, board=board)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""REST API for a board's cover image (the board's moderators)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request

from ideas import access
from ideas.models import Board
from ideas.services import boards as board_services
from integrations.scopes import Scope
from network.api.media import ImageFieldView


@extend_schema_view(
    put=extend_schema(summary="Set a board's cover (its moderators)"),
    delete=extend_schema(summary="Remove a board's cover"),
)
class BoardCoverView(ImageFieldView):
    write_scope = Scope.WRITE_IDEAS

    def owner(self, request: Request, board_id: int) -> Board:
        return access.access_board(request.user, board_id)

    def store(self, request: Request, owner: Board, upload: object) -> str | None:
        return board_services.board_cover_set(
            actor=request.user, board=owner, upload=upload
        ).cover_url

    def remove(self, request: Request, owner: Board) -> None:
        board_services.board_cover_remove(actor=request.user, board=owner)

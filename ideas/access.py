"""Who may see and do what on idea boards, on top of network/access.py.

A board is read by whoever may read its community: it inherits the community's
audience, so a customer never sees a board of an internal community. Taking part
(submitting, voting, commenting) is for the community's members, narrowed by the
board's settings. Moderating a board is for the community's moderators, the
platform admins and the board's named moderators. Reviewing is for the board's
named reviewers and its moderators.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from ideas.models import Board, BoardRole, Comment, Idea, Participation
from network import access
from network.access import NotFound
from network.models import User


def boards_visible_to(user: User | AnonymousUser) -> QuerySet[Board]:
    return Board.objects.filter(community__in=access.communities_readable_by(user))


def access_board(user: User | AnonymousUser, board_id: int) -> Board:
    """The board, or NotFound when it does not exist or the person may not see it."""
    board = access.one_or_none(Board.objects.select_related("community"), pk=board_id)
    # can_read_community is boards_visible_to's rule for one board, without the
    # subqueries: a single idea or board is looked up on every request.
    if board is None or not access.can_read_community(user, board.community):
        raise NotFound("No such board.")
    return board


def ideas_visible_to(user: User | AnonymousUser) -> QuerySet[Idea]:
    """Ideas of the boards a person may see, merged duplicates included (they redirect)."""
    return Idea.objects.filter(board__in=boards_visible_to(user))


def access_idea(user: User | AnonymousUser, idea_id: int) -> Idea:
    idea = access.one_or_none(
        Idea.objects.select_related("board__community", "stage", "author"), pk=idea_id
    )
    if idea is None or not can_read_idea(user, idea):
        raise NotFound("No such idea.")
    return idea


def can_read_idea(user: User | AnonymousUser, idea: Idea) -> bool:
    """ideas_visible_to, for one idea loaded with its board's community. As
    access_board: planning that query's joins and subqueries costs more than running
    it (bench/ideas.py)."""
    return access.can_read_community(user, idea.board.community)


def _has_role(user: User, board: Board, role: str) -> bool:
    return BoardRole.objects.filter(board=board, user=user, role=role).exists()


def is_board_moderator(user: User | AnonymousUser, board: Board) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return access.is_moderator(user, board.community) or _has_role(
        user, board, BoardRole.Role.MODERATOR
    )


def is_reviewer(user: User | AnonymousUser, board: Board) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return is_board_moderator(user, board) or _has_role(user, board, BoardRole.Role.REVIEWER)


def may_take_part(user: User | AnonymousUser, board: Board, who: str) -> bool:
    """Whether a person is among `who` (a Participation) on this board."""
    if not user.is_authenticated or not user.is_active or who == Participation.NOBODY:
        return False
    if who == Participation.MODERATORS:
        return is_board_moderator(user, board)
    if access.membership_of(user, board.community) is None:
        return False
    if who == Participation.EMPLOYEES:
        return not user.is_external
    if who == Participation.EXTERNAL:
        return user.is_external
    return True  # every member


def is_open(board: Board) -> bool:
    """Submissions and votes are taken between the board's open and close dates."""
    now = timezone.now()
    if board.archived_at is not None or board.community.is_archived:
        return False
    if board.opens_at is not None and now < board.opens_at:
        return False
    return board.closes_at is None or now < board.closes_at


def can_submit(user: User | AnonymousUser, board: Board) -> bool:
    return is_open(board) and may_take_part(user, board, board.who_may_submit)


def can_vote(user: User | AnonymousUser, board: Board) -> bool:
    return is_open(board) and may_take_part(user, board, board.who_may_vote)


def boards_moderated_by(user: User | AnonymousUser) -> QuerySet[Board]:
    """The queryset form of is_board_moderator."""
    if not user.is_authenticated or not user.is_active:
        return Board.objects.none()
    if user.is_platform_admin:
        return Board.objects.all()
    named = BoardRole.objects.filter(user=user, role=BoardRole.Role.MODERATOR).values("board_id")
    return Board.objects.filter(
        Q(community__in=access.moderated_community_ids(user)) | Q(pk__in=named)
    )


def comments_visible_to(user: User | AnonymousUser) -> QuerySet[Comment]:
    """Comments under the ideas a person may read; a hidden one only for its author
    and the board's moderators; deleted ones for nobody."""
    comments = Comment.objects.filter(idea__in=ideas_visible_to(user), deleted_at__isnull=True)
    if not user.is_authenticated:
        return comments.filter(hidden_at__isnull=True)
    return comments.filter(
        Q(hidden_at__isnull=True)
        | Q(author=user)
        | Q(idea__board__in=boards_moderated_by(user).values("pk"))
    )


def access_comment(user: User | AnonymousUser, comment_id: int) -> Comment:
    comment = (
        comments_visible_to(user)
        .select_related("idea__board__community", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise NotFound("No such comment.")
    return comment


def readers_of(board: Board) -> QuerySet[User]:
    """Active people who may read a board's ideas: the queryset form of
    ideas_visible_to, the other way round (for whom to tell)."""
    readers = access.people_who_can_read(board.community).values("pk")
    return User.objects.filter(Q(pk__in=readers) | Q(is_platform_admin=True), is_active=True)


def may_record_outcome(user: User | AnonymousUser, idea: Idea) -> bool:
    """The board's moderators and the idea's accepted contributors."""
    return can_edit_idea(user, idea)


def can_edit_idea(user: User | AnonymousUser, idea: Idea) -> bool:
    """Its author and accepted co-authors, and the board's moderators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_board_moderator(user, idea.board):
        return True
    return idea.contributors.filter(user=user, status="accepted").exists()


__all__ = [
    "NotFound",
    "access_board",
    "access_comment",
    "access_idea",
    "boards_moderated_by",
    "boards_visible_to",
    "can_edit_idea",
    "can_submit",
    "can_vote",
    "comments_visible_to",
    "ideas_visible_to",
    "is_board_moderator",
    "is_open",
    "is_reviewer",
    "may_record_outcome",
    "may_take_part",
    "readers_of",
]

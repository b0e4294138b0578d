"""What a socket may subscribe to, and which channel-layer groups each topic means.

Every topic is resolved through network.access before its groups are joined, and
again whenever access may have changed; a topic the person may not see resolves to
an error, never to a group.
"""

from dataclasses import dataclass

from ideas import access as ideas_access
from network import access
from network.models import User
from realtime.events import board_group, community_group, post_group, presence_group

# Ids are 64-bit: longer numbers cannot name anything.
MAX_ID_DIGITS = 18


class TopicRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Resolved:
    groups: frozenset[str]
    # The community whose presence the person may follow (members only), if any.
    presence_of: int | None = None


def _numeric_id(topic: str, kind: str) -> int:
    raw = topic.removeprefix(f"{kind}:")
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        raise TopicRefused("invalid", f"Write the topic as {kind}:<id>, with a numeric id.")
    return int(raw)


def _feed(user: User) -> Resolved:
    ids = access.community_ids_of_member(user)
    return Resolved(frozenset(community_group(cid) for cid in ids))


def _community(user: User, community_id: int) -> Resolved:
    try:
        community = access.access_community(user, community_id)
    except access.NotFound:
        raise TopicRefused("not_found", "No such community.") from None
    if not access.can_read_community(user, community):
        raise TopicRefused("forbidden", "Only members can follow this community.")
    groups = {community_group(community.pk)}
    if access.membership_of(user, community) is not None:
        groups.add(presence_group(community.pk))
        return Resolved(frozenset(groups), presence_of=community.pk)
    return Resolved(frozenset(groups))


def _post(user: User, post_id: int) -> Resolved:
    try:
        post = access.access_post(user, post_id)
    except access.NotFound:
        raise TopicRefused("not_found", "No such post.") from None
    return Resolved(frozenset({post_group(post.pk)}))


def _board(user: User, board_id: int) -> Resolved:
    """Whoever may read a board (its community's readers) follows its ideas live."""
    try:
        board = ideas_access.access_board(user, board_id)
    except access.NotFound:
        raise TopicRefused("not_found", "No such board.") from None
    return Resolved(frozenset({board_group(board.pk)}))


def resolve(user: User, topic: object) -> Resolved:
    """The groups a topic stands for, if the person may follow it now."""
    if not isinstance(topic, str):
        raise TopicRefused(
            "invalid", "A topic is a string such as feed, community:12, post:34 or board:5."
        )
    if topic == "feed":
        return _feed(user)
    if topic.startswith("community:"):
        return _community(user, _numeric_id(topic, "community"))
    if topic.startswith("post:"):
        return _post(user, _numeric_id(topic, "post"))
    if topic.startswith("board:"):
        return _board(user, _numeric_id(topic, "board"))
    raise TopicRefused(
        "invalid",
        f"Unknown topic {topic[:40]!r}: use feed, community:<id>, post:<id> or board:<id>.",
    )

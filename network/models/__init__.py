"""The network's models, by sub-domain; import them from here."""

from network.models.communities import Ban, Community, Invitation, JoinRequest, Membership
from network.models.follows import Follow
from network.models.media import Attachment
from network.models.moderation import Report
from network.models.notifications import Notification, NotificationSettings
from network.models.people import Affiliation, ProfileURLField, User
from network.models.posts import (
    Comment,
    Hashtag,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostRevision,
    Reaction,
)

__all__ = [
    "Affiliation",
    "Attachment",
    "Ban",
    "Comment",
    "Community",
    "Follow",
    "Hashtag",
    "Invitation",
    "JoinRequest",
    "Membership",
    "Notification",
    "NotificationSettings",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "PostRevision",
    "ProfileURLField",
    "Reaction",
    "Report",
    "User",
]

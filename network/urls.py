from django.urls import path

from network.api import (
    communities,
    exports,
    feeds,
    helpful,
    invitations,
    media,
    moderation,
    notifications,
    people,
    people_sync,
    posts,
)

urlpatterns = [
    path("notifications/", notifications.NotificationsView.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        notifications.UnreadCountView.as_view(),
        name="api-notifications-unread",
    ),
    path(
        "notifications/read-all/",
        notifications.MarkAllReadView.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.MarkReadView.as_view(),
        name="api-notification-read",
    ),
    path(
        "me/notification-settings/",
        notifications.NotificationSettingsView.as_view(),
        name="api-notification-settings",
    ),
    path(
        "posts/<int:post_id>/reports/", moderation.PostReportView.as_view(), name="api-post-report"
    ),
    path(
        "comments/<int:comment_id>/reports/",
        moderation.CommentReportView.as_view(),
        name="api-comment-report",
    ),
    path(
        "posts/<int:post_id>/moderation/",
        moderation.PostDecisionView.as_view(),
        name="api-post-moderation",
    ),
    path(
        "comments/<int:comment_id>/moderation/",
        moderation.CommentDecisionView.as_view(),
        name="api-comment-moderation",
    ),
    path("moderation/queue/", moderation.QueueView.as_view(), name="api-moderation-queue"),
    path(
        "communities/<int:community_id>/moderation/queue/",
        moderation.CommunityQueueView.as_view(),
        name="api-community-moderation-queue",
    ),
    path(
        "communities/<int:community_id>/moderation/activity/",
        moderation.AuditView.as_view(),
        name="api-community-moderation-activity",
    ),
    path("feed/", feeds.FeedView.as_view(), name="api-feed"),
    path(
        "people/<int:key>/follow/",
        feeds.FollowView.as_view(kind="person"),
        name="api-follow-person",
    ),
    path(
        "communities/<int:key>/follow/",
        feeds.FollowView.as_view(kind="community"),
        name="api-follow-community",
    ),
    path(
        "hashtags/<str:key>/follow/",
        feeds.FollowView.as_view(kind="hashtag"),
        name="api-follow-hashtag",
    ),
    path("posts/<int:post_id>/poll/vote/", posts.PollVoteView.as_view(), name="api-poll-vote"),
    path("hashtags/<str:tag>/posts/", posts.HashtagPostsView.as_view(), name="api-hashtag-posts"),
    path(
        "communities/<int:community_id>/mentionable/",
        posts.MentionableView.as_view(),
        name="api-mentionable",
    ),
    path(
        "communities/<int:community_id>/posts/pinned/",
        posts.PinnedPostsView.as_view(),
        name="api-pinned-posts",
    ),
    path("posts/<int:post_id>/pin/", posts.PinView.as_view(pinned=True), name="api-post-pin"),
    path("posts/<int:post_id>/unpin/", posts.PinView.as_view(pinned=False), name="api-post-unpin"),
    path("posts/<int:post_id>/comments/", posts.CommentsView.as_view(), name="api-comments"),
    path("posts/<int:post_id>/reactions/", posts.ReactionsView.as_view(), name="api-reactions"),
    path("comments/<int:comment_id>/", posts.CommentView.as_view(), name="api-comment"),
    path(
        "comments/<int:comment_id>/helpful/",
        helpful.HelpfulView.as_view(),
        name="api-comment-helpful",
    ),
    path(
        "communities/<int:community_id>/posts/",
        posts.CommunityPostsView.as_view(),
        name="api-community-posts",
    ),
    path("posts/<int:post_id>/", posts.PostView.as_view(), name="api-post"),
    path(
        "posts/<int:post_id>/revisions/",
        posts.PostRevisionsView.as_view(),
        name="api-post-revisions",
    ),
    path("me/", people.MeView.as_view(), name="api-me"),
    path("me/avatar/", media.AvatarView.as_view(), name="api-me-avatar"),
    path(
        "communities/<int:community_id>/cover/",
        media.CoverView.as_view(),
        name="api-community-cover",
    ),
    path("people/", people.PeopleView.as_view(), name="api-people"),
    path("people/sync/", people_sync.PeopleSyncView.as_view(), name="api-people-sync"),
    path("people/<int:person_id>/", people.PersonView.as_view(), name="api-person"),
    path(
        "people/<int:person_id>/deactivate/",
        people.PersonDeactivateView.as_view(),
        name="api-person-deactivate",
    ),
    path("communities/", communities.CommunitiesView.as_view(), name="api-communities"),
    path(
        "communities/<int:community_id>/", communities.CommunityView.as_view(), name="api-community"
    ),
    path(
        "communities/<int:community_id>/join/",
        communities.CommunityActionView.as_view(action_name="join"),
        name="api-community-join",
    ),
    path(
        "communities/<int:community_id>/leave/",
        communities.CommunityActionView.as_view(action_name="leave"),
        name="api-community-leave",
    ),
    path(
        "communities/<int:community_id>/archive/",
        communities.CommunityActionView.as_view(action_name="archive"),
        name="api-community-archive",
    ),
    path(
        "communities/<int:community_id>/members/",
        communities.MembersView.as_view(),
        name="api-community-members",
    ),
    path(
        "communities/<int:community_id>/members/export/",
        exports.MembersExportView.as_view(),
        name="api-community-members-export",
    ),
    path(
        "communities/<int:community_id>/members/<int:user_id>/",
        communities.MemberView.as_view(),
        name="api-community-member",
    ),
    path(
        "communities/<int:community_id>/bans/",
        communities.BansView.as_view(),
        name="api-community-bans",
    ),
    path(
        "communities/<int:community_id>/join-requests/",
        communities.JoinRequestsView.as_view(),
        name="api-join-requests",
    ),
    path(
        "communities/<int:community_id>/invitations/",
        invitations.InvitationsView.as_view(),
        name="api-invitations",
    ),
    path(
        "communities/<int:community_id>/invitations/bulk/",
        invitations.BulkInvitationsView.as_view(),
        name="api-invitations-bulk",
    ),
    path(
        "communities/<int:community_id>/invitations/<int:invitation_id>/revoke/",
        invitations.RevokeInvitationView.as_view(),
        name="api-invitation-revoke",
    ),
    path(
        "communities/<int:community_id>/join-requests/<int:request_id>/approve/",
        communities.JoinRequestDecisionView.as_view(approve=True),
        name="api-join-approve",
    ),
    path(
        "communities/<int:community_id>/join-requests/<int:request_id>/decline/",
        communities.JoinRequestDecisionView.as_view(approve=False),
        name="api-join-decline",
    ),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import (
    communities,
    invitations,
    live,
    media,
    moderation,
    notifications,
    people,
    posts,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("follow/", views.follow_toggle, name="follow"),
    path("communities/", communities.community_list, name="communities"),
    path("communities/new/", communities.community_create, name="community-create"),
    path("communities/<int:community_id>/", communities.community_detail, name="community"),
    path("communities/<int:community_id>/join/", communities.join, name="community-join"),
    path(
        "communities/<int:community_id>/request/",
        communities.request_to_join,
        name="community-request",
    ),
    path("communities/<int:community_id>/leave/", communities.leave, name="community-leave"),
    path("communities/<int:community_id>/archive/", communities.archive, name="community-archive"),
    path(
        "communities/<int:community_id>/requests/<int:request_id>/",
        communities.decide,
        name="community-decide",
    ),
    path("communities/<int:community_id>/invite/", invitations.invite, name="community-invite"),
    path(
        "communities/<int:community_id>/invite/bulk/",
        invitations.invite_bulk,
        name="community-invite-bulk",
    ),
    path(
        "communities/<int:community_id>/invitations/<int:invitation_id>/revoke/",
        invitations.revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("communities/<int:community_id>/posts/", posts.post_create, name="post-create"),
    path("posts/<int:post_id>/", posts.post_detail, name="post"),
    path("posts/<int:post_id>/delete/", posts.post_delete, name="post-delete"),
    path("posts/<int:post_id>/comments/", posts.comment_create, name="comment-create"),
    path("posts/<int:post_id>/react/", posts.react, name="post-react"),
    path("posts/<int:post_id>/pin/", posts.post_pin, name="post-pin"),
    path("posts/<int:post_id>/poll/", posts.poll_vote, name="poll-vote"),
    path("hashtags/<str:tag>/", posts.hashtag, name="hashtag"),
    path("comments/<int:comment_id>/delete/", posts.comment_delete, name="comment-delete"),
    # Fragments the live pages fetch after an event (frontend/live.py).
    path("posts/cards/", live.post_cards, name="post-cards"),
    path("posts/<int:post_id>/counts/", live.post_counts, name="post-counts"),
    path("comments/<int:comment_id>/", live.comment_fragment, name="comment"),
    path("posts/<int:target_id>/report/", moderation.report, {"kind": "post"}, name="post-report"),
    path(
        "comments/<int:target_id>/report/",
        moderation.report,
        {"kind": "comment"},
        name="comment-report",
    ),
    path(
        "posts/<int:target_id>/moderate/", moderation.decide, {"kind": "post"}, name="post-moderate"
    ),
    path(
        "comments/<int:target_id>/moderate/",
        moderation.decide,
        {"kind": "comment"},
        name="comment-moderate",
    ),
    path("moderation/", moderation.queue, name="moderation-queue"),
    path(
        "communities/<int:community_id>/moderation/",
        moderation.community_queue,
        name="community-moderation",
    ),
    path(
        "communities/<int:community_id>/moderation/audit/",
        moderation.audit,
        name="community-moderation-audit",
    ),
    path("people/", people.directory, name="directory"),
    path("people/<int:person_id>/", people.profile, name="person"),
    path("people/<int:person_id>/deactivate/", people.deactivate, name="person-deactivate"),
    path("settings/profile/", people.profile_edit, name="profile-edit"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/",
        notifications.notification_open,
        name="notification-open",
    ),
    path("notifications/read-all/", notifications.mark_all_read, name="notifications-read-all"),
    path(
        "settings/notifications/",
        notifications.notification_settings,
        name="notification-settings",
    ),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("settings/profile/avatar/", media.avatar_edit, name="avatar-edit"),
    path("communities/<int:community_id>/cover/", media.cover_edit, name="community-cover"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

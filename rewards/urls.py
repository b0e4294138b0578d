from django.urls import path

from rewards.api import badges, leaderboards

urlpatterns = [
    path("rewards/badges/", badges.BadgesView.as_view(), name="api-badges"),
    path("rewards/badges/<int:badge_id>/", badges.BadgeView.as_view(), name="api-badge"),
    path(
        "rewards/badges/<int:badge_id>/awards/",
        badges.BadgeAwardsView.as_view(),
        name="api-badge-awards",
    ),
    path(
        "rewards/badge-awards/<int:award_id>/revoke/",
        badges.RevokeView.as_view(),
        name="api-badge-award-revoke",
    ),
    path(
        "rewards/badge-awards/<int:award_id>/credential/",
        badges.CredentialView.as_view(),
        name="api-badge-award-credential",
    ),
    path(
        "people/<int:person_id>/badges/",
        badges.PersonBadgesView.as_view(),
        name="api-person-badges",
    ),
    path("rewards/leaderboard/", leaderboards.LeaderboardView.as_view(), name="api-leaderboard"),
    path(
        "rewards/leaderboard/listing/",
        leaderboards.ListingView.as_view(),
        name="api-leaderboard-listing",
    ),
]

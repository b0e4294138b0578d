from django.urls import path

from rewards.api import (
    badges,
    budgets,
    catalog,
    exports,
    leaderboards,
    ledgers,
    reports,
    rules,
    share,
)

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
    path("rewards/items/", catalog.ItemsView.as_view(), name="api-reward-items"),
    path("rewards/items/<int:item_id>/", catalog.ItemView.as_view(), name="api-reward-item"),
    path(
        "rewards/items/<int:item_id>/deactivate/",
        catalog.ItemDeactivateView.as_view(),
        name="api-reward-item-deactivate",
    ),
    path(
        "rewards/items/<int:item_id>/image/",
        catalog.ItemImageView.as_view(),
        name="api-reward-item-image",
    ),
    path(
        "rewards/items/<int:item_id>/redeem/",
        catalog.RedeemView.as_view(),
        name="api-reward-item-redeem",
    ),
    path("rewards/redemptions/", catalog.RedemptionsView.as_view(), name="api-redemptions"),
    path(
        "rewards/redemptions/<int:redemption_id>/",
        catalog.RedemptionView.as_view(),
        name="api-redemption",
    ),
    path(
        "rewards/redemptions/<int:redemption_id>/approve/",
        catalog.ApproveView.as_view(),
        name="api-redemption-approve",
    ),
    path(
        "rewards/redemptions/<int:redemption_id>/decline/",
        catalog.DeclineView.as_view(),
        name="api-redemption-decline",
    ),
    path(
        "rewards/redemptions/<int:redemption_id>/cancel/",
        catalog.CancelView.as_view(),
        name="api-redemption-cancel",
    ),
    path("rewards/me/", catalog.MeView.as_view(), name="api-rewards-me"),
    path("rewards/programmes/", budgets.ProgrammesView.as_view(), name="api-programmes"),
    path(
        "rewards/programmes/<int:programme_id>/",
        budgets.ProgrammeView.as_view(),
        name="api-programme",
    ),
    path(
        "rewards/programmes/<int:programme_id>/budgets/<str:period>/",
        budgets.ProgrammeBudgetView.as_view(),
        name="api-programme-budget",
    ),
    path(
        "rewards/programmes/<int:programme_id>/rules/",
        budgets.ProgrammeRulesView.as_view(),
        name="api-programme-rules",
    ),
    path("rewards/me/ledger/", ledgers.MyLedgerView.as_view(), name="api-rewards-my-ledger"),
    path(
        "rewards/people/<int:person_id>/ledger/",
        ledgers.PersonLedgerView.as_view(),
        name="api-rewards-person-ledger",
    ),
    path(
        "rewards/people/<int:person_id>/adjustments/",
        ledgers.AdjustmentsView.as_view(),
        name="api-rewards-adjustments",
    ),
    path(
        "rewards/transfers/<int:transfer_id>/reverse/",
        ledgers.ReverseView.as_view(),
        name="api-rewards-transfer-reverse",
    ),
    path(
        "rewards/ledger/export/",
        exports.LedgerExportView.as_view(),
        name="api-rewards-ledger-export",
    ),
    path("rewards/reports/", reports.ReportView.as_view(), name="api-rewards-report"),
    path("rewards/rules/", rules.RulesView.as_view(), name="api-reward-rules"),
    path("rewards/rules/<int:rule_id>/", rules.RuleView.as_view(), name="api-reward-rule"),
    path("rewards/share/items/", share.ShareItemsView.as_view(), name="api-share-items"),
    path(
        "rewards/share/items/<int:item_id>/",
        share.ShareItemView.as_view(),
        name="api-share-item",
    ),
    path(
        "rewards/share/items/<int:item_id>/link/",
        share.MyLinkView.as_view(),
        name="api-share-link",
    ),
]

from django.urls import path

from rewards.api import catalog

urlpatterns = [
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
]

from django.urls import path

from frontend.hr import badges, catalog, home, redemptions, rules

urlpatterns = [
    path("", home.home, name="hr-home"),
    path("rules/", rules.rule_list, name="hr-rules"),
    path("rules/<int:rule_id>/", rules.rule_detail, name="hr-rule"),
    path("catalog/", catalog.item_list, name="hr-catalog"),
    path("catalog/<int:item_id>/", catalog.item_edit, name="hr-catalog-item"),
    path(
        "catalog/<int:item_id>/deactivate/",
        catalog.item_deactivate,
        name="hr-catalog-item-deactivate",
    ),
    path("redemptions/", redemptions.queue, name="hr-redemptions"),
    path(
        "redemptions/<int:redemption_id>/approve/",
        redemptions.approve,
        name="hr-redemption-approve",
    ),
    path(
        "redemptions/<int:redemption_id>/decline/",
        redemptions.decline,
        name="hr-redemption-decline",
    ),
    path("badges/", badges.badge_list, name="hr-badges"),
    path("badges/<int:badge_id>/", badges.badge_detail, name="hr-badge"),
    path("badges/<int:badge_id>/active/", badges.badge_active, name="hr-badge-active"),
    path("badges/<int:badge_id>/award/", badges.badge_award, name="hr-badge-award"),
    path(
        "badge-awards/<int:award_id>/revoke/",
        badges.award_revoke,
        name="hr-badge-award-revoke",
    ),
]

from django.urls import path

from frontend.hr import (
    audit,
    badges,
    budgets,
    catalog,
    home,
    people,
    redemptions,
    reports,
    rules,
    share,
)

urlpatterns = [
    path("", home.home, name="hr-home"),
    path("budgets/", budgets.budget_list, name="hr-budgets"),
    path("budgets/<int:programme_id>/", budgets.budget_detail, name="hr-budget"),
    path("budgets/<int:programme_id>/budget/", budgets.budget_set, name="hr-budget-set"),
    path("budgets/<int:programme_id>/rules/", budgets.budget_rules, name="hr-budget-rules"),
    path("people/", people.people, name="hr-people"),
    path("people/<int:person_id>/ledger/", people.person_ledger, name="hr-person-ledger"),
    path(
        "people/<int:person_id>/ledger.csv", people.person_ledger_csv, name="hr-person-ledger-csv"
    ),
    path(
        "people/<int:person_id>/transfers/<int:transfer_id>/reverse/",
        people.reverse_transfer,
        name="hr-transfer-reverse",
    ),
    path("reports/", reports.reports, name="hr-reports"),
    path("reports/points.csv", reports.report_csv, name="hr-report-csv"),
    path("reports/transfers.csv", reports.transfers_csv, name="hr-transfers-csv"),
    path("audit/", audit.audit_trail, name="hr-audit"),
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
    path("share/", share.items, name="hr-share"),
    path("share/<int:item_id>/", share.item, name="hr-share-item"),
    path("share/<int:item_id>/retire/", share.retire, name="hr-share-retire"),
]

from django.urls import path

from frontend.hr import audit, budgets, home, people, reports

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
]

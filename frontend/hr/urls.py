from django.urls import path

from frontend.hr import budgets, home

urlpatterns = [
    path("", home.home, name="hr-home"),
    path("budgets/", budgets.budget_list, name="hr-budgets"),
    path("budgets/<int:programme_id>/", budgets.budget_detail, name="hr-budget"),
    path("budgets/<int:programme_id>/budget/", budgets.budget_set, name="hr-budget-set"),
    path("budgets/<int:programme_id>/rules/", budgets.budget_rules, name="hr-budget-rules"),
]

"""The budgets console's forms: they parse what HR typed; the rules (names taken,
never below what is spent) are the service's (rewards/services/budgets.py)."""

from datetime import date

from django import forms

from rewards.models import Rule
from rewards.services import budgets


class ProgrammeForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name")
    description = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MonthInput(forms.DateInput):
    input_type = "month"


class BudgetForm(forms.Form):
    period = forms.CharField(
        label="Month",
        widget=MonthInput(attrs={"placeholder": "YYYY-MM"}),
        help_text="The month the budget is for, as YYYY-MM.",
    )
    amount = forms.IntegerField(
        label="Budget (points)",
        min_value=0,
        max_value=budgets.MAX_AMOUNT,
        help_text="Lowering it gives points back; it cannot go below what is spent.",
    )

    def clean_period(self) -> date:
        try:
            return budgets.parse_period(self.cleaned_data["period"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["period"]) from None


class RulesForm(forms.Form):
    rules = forms.ModelMultipleChoiceField(
        queryset=Rule.objects.select_related("programme"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Rules paid from this programme's budget",
        help_text="A rule taken from another programme leaves it; unticked rules draw on "
        "issuance, unlimited.",
    )

"""Forms of the HR console's rules, catalog and badges pages.

They only turn what was typed into values; the services (rewards/services/*.py)
check the rules of the programme, and their refusals come back next to the field
(frontend.feedback.add_form_errors).
"""

from django import forms

from frontend.forms import ACCEPTED_IMAGES
from network.models import Affiliation, Community
from rewards.earnings import EARNINGS
from rewards.models import RuleVersion

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
POINTS_MAX = 1_000_000
COUNT_MAX = 2_000_000_000


def _moment(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )


def _affiliations(help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Who takes part",
        choices=Affiliation.choices,
        initial=[Affiliation.EMPLOYEE],
        widget=forms.CheckboxSelectMultiple,
        required=False,  # none chosen: the service says what to choose, by the field
        help_text=help_text,
    )


def _cap(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=POINTS_MAX,
        help_text="Most points one person earns from this rule; empty for no cap.",
    )


def earning_choices() -> list[tuple[str, str]]:
    return [(key, earning.label) for key, earning in EARNINGS.items()]


class RuleTermsForm(forms.Form):
    """What a rule version holds: the terms HR changes (rewards.services.rules)."""

    points = forms.IntegerField(label="Points per award", min_value=1, max_value=POINTS_MAX)
    daily_cap = _cap("Daily cap")
    weekly_cap = _cap("Weekly cap")
    affiliations = _affiliations("Employees by default; open it to partners or customers.")
    communities = forms.ModelMultipleChoiceField(
        label="Only in these communities",
        queryset=Community.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="None chosen: activity in every community counts.",
    )
    starts_at = _moment("Starts")
    ends_at = _moment("Ends")

    @classmethod
    def initial_from(cls, version: RuleVersion) -> dict:
        return {
            "points": version.points,
            "daily_cap": version.daily_cap,
            "weekly_cap": version.weekly_cap,
            "affiliations": version.affiliations,
            "communities": list(version.communities.all()),
            "starts_at": version.starts_at,
            "ends_at": version.ends_at,
            "enabled": version.enabled,
        }


class RuleCreateForm(RuleTermsForm):
    name = forms.CharField(label="Name", max_length=120)
    earning = forms.ChoiceField(label="What earns the points", choices=earning_choices)
    field_order = ["name", "earning"]


class RuleChangeForm(RuleTermsForm):
    enabled = forms.BooleanField(
        label="Enabled", required=False, help_text="Off: the rule awards nothing from now on."
    )


class ItemForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost = forms.IntegerField(label="Cost in points", min_value=1, max_value=COUNT_MAX)
    stock = forms.IntegerField(
        label="Stock",
        required=False,
        min_value=0,
        max_value=COUNT_MAX,
        help_text="How many are left; empty for unlimited.",
    )
    affiliations = _affiliations("Who may redeem it.")
    image = forms.FileField(
        label="Picture",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_IMAGES}),
        help_text="PNG, JPEG, GIF or WebP; optional.",
    )

    def terms(self) -> dict:
        """The item's fields for the catalog services (the picture goes on its own)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "image"}


class ItemEditForm(ItemForm):
    active = forms.BooleanField(
        label="Offered", required=False, help_text="Off: withdrawn from the catalog."
    )
    remove_image = forms.BooleanField(label="Remove the picture", required=False)


class BadgeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    earning = forms.ChoiceField(
        label="Earned by",
        required=False,
        choices=lambda: [("", "Nobody automatically: HR awards it by hand"), *earning_choices()],
    )
    threshold = forms.IntegerField(
        label="After how many awards",
        required=False,
        min_value=1,
        max_value=COUNT_MAX,
        help_text="With an earning only.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BadgeAwardForm(ReasonForm):
    person = forms.CharField(
        label="Person (username)",
        max_length=150,
        help_text="Their username, as on their profile.",
    )
    field_order = ["person", "reason"]

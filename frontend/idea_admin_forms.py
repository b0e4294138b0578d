"""Forms of the moderators' idea pages: opening a board (with its stages and
questions as fixed rows), its review criteria, its roles, a reviewer's scores.

Rows are plain forms with a numbered prefix rather than a formset: no management
form to get wrong, and an empty row simply means "none here". The services check
everything again (ideas/services/boards.py, review.py).
"""

from typing import Any

from django import forms

from ideas.models import BoardField, BoardRole, Criterion, Participation, Stage
from ideas.services.boards import DEFAULT_STAGES

STAGE_ROWS = 8
FIELD_ROWS = 4
CRITERION_ROWS = 6
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _moment_field(label: str) -> forms.DateTimeField:
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=widget,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )


def _who(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Participation.choices, initial=Participation.MEMBERS
    )


class BoardForm(forms.Form):
    """A new board's question and rules."""

    title = forms.CharField(label="Question or challenge", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
    )
    opens_at = _moment_field("Opens")
    closes_at = _moment_field("Closes")
    who_may_submit = _who("Who may submit ideas")
    who_may_vote = _who("Who may vote")
    who_may_comment = _who("Who may comment")
    allow_down_votes = forms.BooleanField(label="Allow down votes", required=False)
    vote_budget = forms.IntegerField(
        label="Votes per person",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Leave empty for no limit.",
    )
    hide_counts_until_voted = forms.BooleanField(
        label="Hide vote counts until the person has voted", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The board must close after it opens.")
        return data


class StageRow(forms.Form):
    name = forms.CharField(label="Stage", max_length=60, required=False)
    kind = forms.ChoiceField(label="Kind", choices=Stage.Kind.choices, initial=Stage.Kind.OPEN)

    def row(self) -> dict[str, str] | None:
        name = self.cleaned_data.get("name", "").strip()
        return {"name": name, "kind": self.cleaned_data["kind"]} if name else None


class FieldRow(forms.Form):
    label = forms.CharField(label="Question", max_length=120, required=False)
    kind = forms.ChoiceField(label="Kind", choices=BoardField.Kind.choices)
    choices = forms.CharField(
        label="Choices, one per line",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label="Required", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("label", "").strip() and data.get("choices", "").strip():
            self.add_error("label", "Label this question, or clear its choices.")
        return data

    def row(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("label", "").strip():
            return None
        return {
            "label": data["label"].strip(),
            "kind": data["kind"],
            "choices": [line.strip() for line in data["choices"].splitlines() if line.strip()],
            "required": data["required"],
        }


class CriterionRow(forms.Form):
    name = forms.CharField(label="Criterion", max_length=120, required=False)
    description = forms.CharField(label="What it means", max_length=1000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name", "").strip() and data.get("description", "").strip():
            self.add_error("name", "Name this criterion, or clear its description.")
        return data

    def row(self) -> dict[str, str] | None:
        name = self.cleaned_data.get("name", "").strip()
        if not name:
            return None
        return {"name": name, "description": self.cleaned_data.get("description", "")}


def rows(form_class: type[forms.Form], prefix: str, count: int, data: Any, initial: list) -> list:
    """`count` numbered row forms, the first ones filled with `initial`."""
    return [
        form_class(
            data,
            prefix=f"{prefix}-{index}",
            initial=initial[index] if index < len(initial) else None,
        )
        for index in range(count)
    ]


def stage_rows(data: Any = None) -> list[StageRow]:
    initial = [{"name": name, "kind": kind} for name, kind in DEFAULT_STAGES]
    return rows(StageRow, "stage", STAGE_ROWS, data, initial)


def field_rows(data: Any = None) -> list[FieldRow]:
    return rows(FieldRow, "field", FIELD_ROWS, data, [])


def criterion_rows(criteria: list[Criterion], data: Any = None) -> list[CriterionRow]:
    initial = [{"name": c.name, "description": c.description} for c in criteria]
    return rows(CriterionRow, "criterion", max(CRITERION_ROWS, len(criteria) + 2), data, initial)


class RoleForm(forms.Form):
    """Name a member of the board's community its moderator or reviewer."""

    user = forms.ModelChoiceField(label="Member", queryset=None, empty_label="Choose a member…")
    role = forms.ChoiceField(label="Role", choices=BoardRole.Role.choices)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["user"].label_from_instance = lambda user: user.name


SCORE_CHOICES = [("", "Not scored"), *((str(n), str(n)) for n in range(1, 6))]

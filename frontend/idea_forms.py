"""Forms of the idea pages: an idea (with its board's own questions), a co-author, and
the idea it builds on.

They check what a browser can get wrong (a missing title, a choice not offered, a
number that is not one) so that each error shows next to its field; the services
check everything again, for the API as well.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ideas.models import Board, BoardField, Idea
from ideas.services.ideas import clean_tags, latest_revision
from network.models import User

FIELD_PREFIX = "field_"


def _answer_field(field: BoardField) -> forms.Field:
    """The form field asking one of the board's questions, by its kind."""
    common = {"label": field.label, "required": field.required}
    if field.kind == BoardField.Kind.CHOICE:
        choices = [("", "Choose…"), *((choice, choice) for choice in field.choices)]
        return forms.ChoiceField(choices=choices, **common)
    if field.kind == BoardField.Kind.NUMBER:
        number = forms.NumberInput(attrs={"step": "any"})
        return forms.DecimalField(max_digits=20, decimal_places=6, widget=number, **common)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), **common)


class IdeaForm(forms.Form):
    """A new idea, or an edit of one (each edit becomes a revision)."""

    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        label="Description",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, *italic*, [links](https://…), lists. @mention people.",
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=600,
        help_text="Separated by spaces or commas, e.g. onboarding sso.",
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board_fields = list(board.fields.all())
        for field in self.board_fields:
            self.fields[f"{FIELD_PREFIX}{field.pk}"] = _answer_field(field)

    def clean_tags(self) -> list[str]:
        """Checked here, not only by the service (which runs once the form is valid):
        a bad tag is then said along with every other error of the same submit."""
        typed = [tag for tag in re.split(r"[\s,]+", self.cleaned_data["tags"]) if tag]
        try:
            return clean_tags(typed)
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from None

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"{FIELD_PREFIX}{field.pk}"] for field in self.board_fields]

    def service_arguments(self) -> dict[str, Any]:
        """What idea_submit / idea_edit take, from the cleaned data."""
        data = self.cleaned_data
        values = {}
        for field in self.board_fields:
            value = data.get(f"{FIELD_PREFIX}{field.pk}")
            if value not in (None, ""):
                values[str(field.pk)] = str(value)
        return {
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
            "field_values": values,
        }


class IdeaEditForm(IdeaForm):
    """An edit of an idea, on top of the revision the page showed (`base_revision`):
    the service refuses it if someone saved a newer one meanwhile."""

    # Not required: a page rendered before the field existed still saves (last write wins).
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    @classmethod
    def for_idea(cls, idea: Idea, data: Any = None) -> "IdeaEditForm":
        """The edit form, filled with the idea as it is now."""
        latest = latest_revision(idea)
        initial = {
            "title": idea.title,
            "body": idea.body,
            "tags": " ".join(tag.name for tag in idea.tags.all()),
            "base_revision": latest.number if latest else None,
            **{f"{FIELD_PREFIX}{key}": value for key, value in idea.field_values.items()},
        }
        return cls(data, board=idea.board, initial=initial, prefix="edit")

    def rebase(self, number: int) -> None:
        """After a conflict: what was typed stays, and saving again goes on top of
        revision ``number``, the one the person has now been shown."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_revision")] = str(number)

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "base_revision": self.cleaned_data["base_revision"]}


class CoauthorForm(forms.Form):
    """Invite a member of the idea's community who is not yet among its contributors."""

    user = forms.ModelChoiceField(
        label="Invite a co-author", queryset=User.objects.none(), empty_label="Choose a member…"
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: user.name


class BuildsOnForm(forms.Form):
    """Say that the idea builds on another idea of its board the author may see."""

    source = forms.ModelChoiceField(
        label="This idea builds on",
        queryset=Idea.objects.none(),
        empty_label="Choose an idea of this board…",
        error_messages={"invalid_choice": "Choose one of this board's other ideas."},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = candidates
        self.fields["source"].label_from_instance = lambda idea: idea.title

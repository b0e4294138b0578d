"""Forms of an idea's life after submission: a comment, a stage move, an outcome.

They catch what a browser can get wrong so that each error shows next to its
field with what was typed; the services (ideas/services/) check everything again.
"""

from typing import Any

from django import forms

from ideas.models import Board, Stage
from ideas.services.discussion import MAX_COMMENT
from ideas.services.outcomes import MAX_OUTCOME, MAX_UNIT
from ideas.services.stages import MAX_NOTE


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown; @mention people to tell them.",
        error_messages={"required": "Write something."},
    )


class StageMoveForm(forms.Form):
    """The board's stages to choose from; the note is public (required to decline)."""

    stage = forms.ModelChoiceField(
        label="Move to stage",
        queryset=Stage.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the board's stages."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Public: everyone who reads the idea sees it. Say why when declining.",
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, prefix="stage", **kwargs)
        self.fields["stage"].queryset = board.stages.order_by("position", "pk")


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="What it achieved",
        max_length=MAX_OUTCOME,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the idea achieved."},
    )
    value = forms.DecimalField(
        label="Value",
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
        help_text="Optional: a figure, such as hours saved.",
    )
    unit = forms.CharField(label="Unit", required=False, max_length=MAX_UNIT)
    # The outcome the form was filled from (outcomes.outcome_version): one recorded
    # meanwhile is a conflict, not overwritten. Not required: a page rendered before
    # the field existed still saves.
    base_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="outcome", **kwargs)

    def rebase(self, version: str) -> None:
        """After a conflict: what was typed stays, and saving again replaces the
        outcome the person has now been shown."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = version

from django import forms

from network.models import Community


class StyleguideForm(forms.Form):
    """A sample form for the styleguide page; never saved."""

    name = forms.CharField(label="Community name", help_text="Shown to every member.")
    audience = forms.ChoiceField(label="Audience", choices=Community.Audience.choices)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)

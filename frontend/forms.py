from django import forms

from network.models import Community, User


class StyleguideForm(forms.Form):
    """A sample form for the styleguide page; never saved."""

    name = forms.CharField(label="Community name", help_text="Shown to every member.")
    audience = forms.ChoiceField(label="Audience", choices=Community.Audience.choices)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "display_name",
            "title",
            "department",
            "location",
            "bio",
            "linkedin_url",
            "x_url",
            "blog_url",
            "website_url",
        ]
        help_texts = {
            "display_name": "Leave empty to use your first and last name.",
            "linkedin_url": "https://www.linkedin.com/in/…",
            "x_url": "https://x.com/…",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_external:
            # Externals are known by their organisation, set when they were invited.
            del self.fields["department"]


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "audience", "visibility", "description", "rules"]
        help_texts = {
            "audience": "Who may ever be inside. Fixed once the community exists.",
            "visibility": "Open: any employee can join. Private: listed, people ask to join. "
            "Secret: only members know it exists.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "rules": forms.Textarea(attrs={"rows": 4}),
        }


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Message to the moderators",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from network.models import Community, User

ACCEPTED_ATTACHMENTS = (
    "image/png,image/jpeg,image/gif,image/webp,application/pdf,.docx,.xlsx,.pptx,.txt,.csv"
)
ACCEPTED_IMAGES = "image/png,image/jpeg,image/gif,image/webp"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their content is checked by the service."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_ATTACHMENTS}))
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImageForm(forms.Form):
    """An avatar or a cover: the service checks, crops and re-encodes it."""

    image = forms.FileField(
        label="New picture",
        widget=forms.FileInput(attrs={"accept": ACCEPTED_IMAGES}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)
        self.fields["image"].help_text = f"PNG, JPEG, GIF or WebP, up to {limit}."


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


class SignupForm(forms.Form):
    """An invited partner or customer creating their account."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    username = forms.RegexField(
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text="Letters, digits and @ . + - _ only.",
        error_messages={"invalid": "Use letters, digits and @ . + - _ only."},
    )
    password = forms.CharField(
        # Generous for passphrases; a megabyte is not a password.
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only digits, not common.",
    )
    password_again = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    organisation = forms.CharField(
        label="Their company",
        required=False,
        max_length=200,
        help_text="Needed for people new to Bridge.",
    )


class BulkInviteForm(forms.Form):
    text = forms.CharField(
        label="Invite many",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=100_000,
        help_text="One per line: email, organisation — or paste a CSV with those columns.",
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Post",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: **bold**, *italic*, [links](https://…), lists, `code`.",
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ComposerForm(PostForm):
    """A new post, which may carry a poll (the body is then its question)."""

    poll_options = forms.CharField(
        label="Poll answers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: one answer per line (2 to 10) turns the post into a poll.",
    )
    poll_multiple = forms.BooleanField(label="Allow several answers", required=False)
    attachments = MultipleFileField(
        label="Attach files",
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        count = settings.ATTACHMENTS_PER_POST
        size = filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        self.fields["attachments"].help_text = (
            "Images show in the post; PDF, Word, Excel, PowerPoint, text and CSV files are "
            f"offered for download. Up to {count} files of {size} each."
        )

    poll_closes_at = forms.DateTimeField(
        label="Poll closes",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_poll_closes_at(self) -> datetime | None:
        # Said here, next to the field; the service says it again for the API.
        closes_at = self.cleaned_data["poll_closes_at"]
        if closes_at is not None and closes_at <= timezone.now():
            raise forms.ValidationError("The closing time must be in the future.")
        return closes_at

    def clean_poll_options(self) -> list[str] | None:
        lines = [line.strip() for line in self.cleaned_data["poll_options"].splitlines()]
        return [line for line in lines if line] or None

    @classmethod
    def from_draft(cls, session: SessionBase) -> "ComposerForm":
        """The composer as the person left it: their text back, and the errors of
        their last attempt next to the fields (files cannot be given back)."""
        form = cls(initial={"body": session.pop("draft_post", "")})
        errors = session.pop("draft_post_errors", None)
        if errors:
            # An unbound form shows these as if it had just been submitted.
            form._errors = ErrorDict()
            for name, messages in errors.items():
                key = name if name in form.fields else "__all__"
                form._errors.setdefault(key, form.error_class()).extend(messages)
        return form

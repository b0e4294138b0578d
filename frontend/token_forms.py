"""The forms of the API token pages (frontend/tokens.py): a token, and a service
account. They parse what was typed; integrations.tokens and
integrations.service_accounts decide, and their refusals go next to these fields."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from integrations import tokens
from integrations.scopes import Scope
from network.models import User

LIFETIMES = [(str(days), f"{days} days") for days in (7, 30, 90, 180, 365)]
NEVER = "never"


class TokenForm(forms.Form):
    """A new token for ``owner``: it offers only the scopes open to that owner.

    ``no_expiry`` adds "No expiry", for integration tokens: the service refuses it
    for personal ones.
    """

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What it is for, so that you know it again: “CRM sync”, “my laptop”.",
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        widget=forms.CheckboxSelectMultiple,
        required=False,  # none chosen: the service says what to choose, by the field
        error_messages={
            "invalid_choice": "%(value)s is not open to this account: "
            "a token never grants more than its owner may do."
        },
    )
    expires_in = forms.ChoiceField(label="Expires after", choices=LIFETIMES, initial="90")

    def __init__(
        self, *args: object, owner: User, no_expiry: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        open_to_owner = tokens.scopes_open_to(owner)
        self.fields["scopes"].choices = [
            (scope.value, scope.label) for scope in Scope if scope.value in open_to_owner
        ]
        if no_expiry:
            self.fields["expires_in"].choices = [*LIFETIMES, (NEVER, "No expiry")]

    def expires_at(self) -> datetime | None:
        chosen = self.cleaned_data["expires_in"]
        return None if chosen == NEVER else timezone.now() + timedelta(days=int(chosen))


class ServiceAccountForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="How the account shows in the audit log and in API answers: “crm-sync”.",
    )
    display_name = forms.CharField(label="Display name", max_length=150)
    is_hr_admin = forms.BooleanField(
        label="HR admin",
        required=False,
        help_text="For an HR system that keeps people in step: its tokens may then carry "
        "people:admin and rewards:admin.",
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        help_text="Optional: whom to tell when something goes wrong with it.",
    )

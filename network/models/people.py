"""People: employees, and partners and customers from other organisations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from network.storage import avatar_path
from network.validators import ProfileURLValidator


class Affiliation(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    PARTNER = "partner", "Partner"
    CUSTOMER = "customer", "Customer"


class ProfileURLField(models.URLField):
    """A URL people type about themselves; forms assume https when they omit it."""

    def formfield(self, **kwargs: object) -> object:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class User(AbstractUser):
    """A person: an employee, or a partner or customer from another organisation.

    Staff roles are flags rather than Django groups because the access policy
    (network/access.py) reads them on every request and they are few and fixed.
    """

    display_name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150, blank=True)
    department = models.CharField(max_length=150, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=150, blank=True)
    linkedin_url = ProfileURLField(
        "LinkedIn", blank=True, validators=[ProfileURLValidator("linkedin.com")]
    )
    x_url = ProfileURLField(
        "X", blank=True, validators=[ProfileURLValidator("x.com", "twitter.com")]
    )
    blog_url = ProfileURLField("Blog", blank=True, validators=[ProfileURLValidator()])
    website_url = ProfileURLField("Website", blank=True, validators=[ProfileURLValidator()])
    affiliation = models.CharField(
        max_length=16, choices=Affiliation.choices, default=Affiliation.EMPLOYEE
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="The company an external person works for."
    )
    # A square WebP made by services/media.py; served only by network/downloads.py.
    avatar = models.FileField(upload_to=avatar_path, max_length=200, blank=True, editable=False)
    is_platform_admin = models.BooleanField(default=False)
    is_hr_admin = models.BooleanField(default=False)
    is_community_manager = models.BooleanField(default=False)
    # Communications staff curate the share hub (rewards/services/share.py) with HR.
    is_communications = models.BooleanField(default=False)
    # A service account is how a system (CRM, HR, chat) acts in Bridge: platform
    # admins create it and its integration tokens; it never signs in with a password.
    is_service_account = models.BooleanField(default=False)
    # The HR system's id for this person: bulk sync creates or updates by it.
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="network_user_email_ci_unique", condition=~models.Q(email="")
            ),
            models.CheckConstraint(
                condition=models.Q(affiliation="employee") | ~models.Q(organisation=""),
                name="network_user_external_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def avatar_url(self) -> str | None:
        from network.downloads import avatar_url  # the URL lives with the view serving it

        return avatar_url(self)

    @property
    def is_employee(self) -> bool:
        return self.affiliation == Affiliation.EMPLOYEE

    @property
    def is_external(self) -> bool:
        return not self.is_employee

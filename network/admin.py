"""The Django admin for people and communities, the platform's back office.

Its saves bypass the services, so they record the activities the services would:
without them search would keep a changed person or community as it was, open
sockets would not re-check a community whose visibility changed, and the audit
trail would not show who changed what.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest

import activity
from activity.models import Audience
from network.models import Community, Membership, User


def record_change(
    request: HttpRequest, form: ModelForm, *, change: bool, **activity_fields: object
) -> None:
    """Record an admin save as an activity (nothing when a change changed nothing),
    naming the fields, never their values: a password's hash is one of them."""
    if change and not form.changed_data:
        return
    activity.record(
        actor=request.user,
        payload={"fields": sorted(form.changed_data), "by": "admin"},
        **activity_fields,
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "affiliation",
        "organisation",
        "is_active",
    ]
    list_filter = [
        "affiliation",
        "is_active",
        "is_platform_admin",
        "is_hr_admin",
        "is_community_manager",
        "is_communications",
    ]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            "Bridge",
            {
                "fields": [
                    "display_name",
                    "title",
                    "affiliation",
                    "organisation",
                    "is_platform_admin",
                    "is_hr_admin",
                    "is_community_manager",
                    "is_communications",
                ]
            },
        ),
    ]

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            verb = "person.deactivated"  # as the service records it: their sessions end
        else:
            verb = "person.updated" if change else "person.created"
        record_change(
            request,
            form,
            change=change,
            verb=verb,
            object_type="person",
            object_id=obj.pk,
            audience=Audience.STAFF,
        )


class MembershipInline(admin.TabularInline):
    """Shown, not edited: people join and leave through the community's pages and
    the API, where the rules are checked (no external person in an internal
    community, no banned one back) and the change is recorded."""

    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Community | None = None) -> bool:
        return False


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "audience", "visibility", "created_at"]
    list_filter = ["audience", "visibility"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Community | None = None) -> list:
        # Fixed once created (docs/network.md): a new audience would read the history.
        return ["audience"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Community, form: ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        record_change(
            request,
            form,
            change=change,
            verb="community.updated" if change else "community.created",
            object_type="community",
            object_id=obj.pk,
            community=obj,
        )

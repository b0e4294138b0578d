from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from network.models import Community, Membership, User


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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "audience", "visibility", "created_at"]
    list_filter = ["audience", "visibility"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]

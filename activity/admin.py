from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from activity import relay
from activity.models import Activity, Delivery


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["handler", "status", "attempts", "last_error", "due_at", "done_at"]

    def has_add_permission(self, request: HttpRequest, obj: Activity | None = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The audit log: read-only, because history is never rewritten."""

    list_display = [
        "id",
        "created_at",
        "actor",
        "verb",
        "object_type",
        "object_id",
        "community",
        "audience",
    ]
    list_filter = ["verb", "audience"]
    search_fields = ["verb", "object_type", "object_id", "actor__username"]
    list_select_related = ["actor", "community"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Activity | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Activity | None = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "activity", "handler", "status", "attempts", "due_at", "done_at"]
    list_filter = ["status", "handler"]
    readonly_fields = [
        "activity",
        "handler",
        "status",
        "attempts",
        "last_error",
        "due_at",
        "done_at",
    ]
    actions = ["requeue"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Requeue failed deliveries")
    def requeue(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = relay.requeue_failed(queryset.values_list("pk", flat=True))
        self.message_user(request, f"Requeued {count} deliveries.", messages.SUCCESS)

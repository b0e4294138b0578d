"""REST API for a person's notifications and how they want to be told."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from integrations.scopes import Scope
from network import inbox
from network.api.posts import Newest
from network.models import Notification, NotificationSettings
from network.services import notifications as notification_services


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Notification.Reason.choices)
    text = serializers.CharField(help_text="What happened, in words.")
    excerpt = serializers.CharField(help_text="The words concerned, while you may read them.")
    url = serializers.CharField(help_text="The page to open, relative to the site.")
    created_at = serializers.DateTimeField()
    unread = serializers.BooleanField()
    actor_name = serializers.CharField()


class NotificationSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationSettings
        fields = NotificationSettings.CHOICES


class NotificationsView(generics.ListAPIView):
    """Your notifications, newest first; `?unread=true` for the unread ones."""

    serializer_class = NoticeSerializer
    pagination_class = Newest
    filter_backends = [TimeOrdered]

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        unread_only = self.request.query_params.get("unread", "").lower() in ("1", "true")
        return inbox.notifications_for(self.request.user, unread_only=unread_only)

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only unread ones")])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        notices = inbox.present(request.user, page)
        return self.get_paginated_response(NoticeSerializer(notices, many=True).data)


class UnreadCountView(APIView):
    @extend_schema(
        responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}),
        summary="How many notifications you have not read",
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": inbox.unread_count(request.user)})


class MarkReadView(APIView):
    write_scope = Scope.WRITE_PROFILE

    @extend_schema(request=None, responses={204: None}, summary="Mark one notification read")
    def post(self, request: Request, notification_id: int) -> Response:
        notification = inbox.access_notification(request.user, notification_id)
        notification_services.notification_mark_read(actor=request.user, notification=notification)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkAllReadView(APIView):
    write_scope = Scope.WRITE_PROFILE

    @extend_schema(
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
        summary="Mark all your notifications read",
    )
    def post(self, request: Request) -> Response:
        marked = notification_services.notifications_mark_all_read(actor=request.user)
        return Response({"marked": marked})


class NotificationSettingsView(APIView):
    write_scope = Scope.WRITE_PROFILE

    @extend_schema(responses=NotificationSettingsSerializer, summary="How you want to be told")
    def get(self, request: Request) -> Response:
        current = notification_services.settings_for(request.user)
        return Response(NotificationSettingsSerializer(current).data)

    @extend_schema(
        request=NotificationSettingsSerializer,
        responses=NotificationSettingsSerializer,
        summary="Change how you want to be told",
    )
    def patch(self, request: Request) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = notification_services.notification_settings_update(
            actor=request.user, **serializer.validated_data
        )
        return Response(NotificationSettingsSerializer(updated).data)

"""REST API for webhook subscriptions and their deliveries (docs/webhooks.md).

Your own subscriptions; platform admins see everyone's. Someone else's answer 404;
an admin doing to another's what only its owner may do gets 403.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from bridge.pagination import Newest
from integrations.scopes import Scope
from integrations.webhooks import events, selectors, services
from integrations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

VERB_CHOICES = list(events.EVENT_TYPES.items())


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SubscriptionSerializer(serializers.ModelSerializer):
    owner = RefSerializer(read_only=True)
    community = RefSerializer(read_only=True, allow_null=True)
    verbs = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "verbs",
            "community",
            "owner",
            "active",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SubscriptionWithSecretSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every delivery (docs/webhooks.md). Shown this once: keep it.",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


def with_secret(issued: services.WithSecret) -> dict:
    return SubscriptionWithSecretSerializer(issued.subscription).data | {"secret": issued.secret}


class SubscriptionWriteSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=2000, help_text="https, on a public address. Deliveries are POSTed here."
    )
    description = serializers.CharField(max_length=200, allow_blank=True, default="")
    verbs = serializers.ListField(
        child=serializers.ChoiceField(choices=VERB_CHOICES),
        min_length=1,
        max_length=len(VERB_CHOICES),
        help_text="The event types to hear of (GET /api/v1/webhooks/event-types/).",
    )
    community = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only events of this community (one you are a member of); null for all of yours.",
    )


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["started_at", "duration_ms", "status_code", "error", "response_excerpt", "manual"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    activity_id = serializers.IntegerField(read_only=True, allow_null=True)
    attempts = AttemptSerializer(source="attempt_log", many=True, read_only=True)
    next_attempt_at = serializers.SerializerMethodField(
        help_text="When it is tried next, while it is pending."
    )

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "activity_id",
            "state",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "delivered_at",
            "created_at",
            "payload",
            "attempts",
        ]
        read_only_fields = fields

    def get_next_attempt_at(self, delivery: WebhookDelivery) -> str | None:
        if delivery.state != WebhookDelivery.State.PENDING:
            return None
        return serializers.DateTimeField().to_representation(delivery.next_attempt_at)


class SubscriptionMixin:
    def subscription(self) -> WebhookSubscription:
        return selectors.access_subscription(self.request.user, self.kwargs["subscription_id"])


class WebhooksView(generics.ListCreateAPIView):
    """Your webhook subscriptions, newest first (platform admins: everyone's)."""

    write_scope = Scope.WEBHOOKS
    serializer_class = SubscriptionSerializer
    pagination_class = Newest

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        return selectors.subscriptions_visible_to(self.request.user).select_related(
            "owner", "community"
        )

    @extend_schema(
        request=SubscriptionWriteSerializer,
        responses={201: SubscriptionWithSecretSerializer},
        summary="Subscribe a URL to event types; the answer holds its secret, once",
    )
    def post(self, request: Request) -> Response:
        data = SubscriptionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        issued = services.subscription_create(
            actor=request.user,
            url=fields["url"],
            verbs=fields["verbs"],
            community_id=fields["community"],
            description=fields["description"],
        )
        return Response(with_secret(issued), status=status.HTTP_201_CREATED)


class WebhookView(SubscriptionMixin, generics.RetrieveUpdateDestroyAPIView):
    """One subscription. PATCH changes its URL, event types, community or description;
    DELETE removes it with its deliveries."""

    write_scope = Scope.WEBHOOKS
    serializer_class = SubscriptionSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self) -> WebhookSubscription:
        return self.subscription()

    @extend_schema(request=SubscriptionWriteSerializer(partial=True))
    def patch(self, request: Request, subscription_id: int) -> Response:
        subscription = self.subscription()
        data = SubscriptionWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {
            ("community_id" if name == "community" else name): value
            for name, value in data.validated_data.items()
            if name in request.data
        }
        updated = services.subscription_update(
            actor=request.user, subscription=subscription, **changes
        )
        return Response(SubscriptionSerializer(updated).data)

    def perform_destroy(self, instance: WebhookSubscription) -> None:
        services.subscription_delete(actor=self.request.user, subscription=instance)


class RotateSecretView(SubscriptionMixin, APIView):
    write_scope = Scope.WEBHOOKS

    @extend_schema(
        request=None,
        responses={200: SubscriptionWithSecretSerializer},
        summary="A new secret, shown once; the old one also signs for 24 hours",
    )
    def post(self, request: Request, subscription_id: int) -> Response:
        issued = services.subscription_rotate_secret(
            actor=request.user, subscription=self.subscription()
        )
        return Response(with_secret(issued))


class EnableView(SubscriptionMixin, APIView):
    write_scope = Scope.WEBHOOKS

    @extend_schema(
        request=None,
        responses={200: SubscriptionSerializer},
        summary="Resume sending: the deliveries still pending go, in order",
    )
    def post(self, request: Request, subscription_id: int) -> Response:
        enabled = services.subscription_enable(actor=request.user, subscription=self.subscription())
        return Response(SubscriptionSerializer(enabled).data)


class DisableView(SubscriptionMixin, APIView):
    write_scope = Scope.WEBHOOKS

    @extend_schema(
        request=None,
        responses={200: SubscriptionSerializer},
        summary="Pause: nothing is sent or recorded for it until it is enabled",
    )
    def post(self, request: Request, subscription_id: int) -> Response:
        disabled = services.subscription_disable(
            actor=request.user, subscription=self.subscription()
        )
        return Response(SubscriptionSerializer(disabled).data)


class PingView(SubscriptionMixin, APIView):
    write_scope = Scope.WEBHOOKS

    @extend_schema(
        request=None,
        responses={202: DeliverySerializer},
        summary="Send a webhook.ping event now; its delivery shows how it went",
    )
    def post(self, request: Request, subscription_id: int) -> Response:
        ping = services.subscription_ping(actor=request.user, subscription=self.subscription())
        ping = selectors.deliveries_of(ping.subscription).get(pk=ping.pk)
        return Response(DeliverySerializer(ping).data, status=status.HTTP_202_ACCEPTED)


class DeliveriesView(SubscriptionMixin, generics.ListAPIView):
    """A subscription's deliveries, newest first, each with its attempts."""

    serializer_class = DeliverySerializer
    pagination_class = Newest
    filter_backends = [TimeOrdered]

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return selectors.deliveries_of(self.subscription())


class DeliveryView(SubscriptionMixin, generics.RetrieveAPIView):
    serializer_class = DeliverySerializer

    def get_object(self) -> WebhookDelivery:
        return selectors.access_delivery(self.subscription(), self.kwargs["delivery_id"])


class RedeliverView(SubscriptionMixin, APIView):
    write_scope = Scope.WEBHOOKS

    @extend_schema(
        request=None,
        responses={202: DeliverySerializer},
        summary="Send this event again now: same webhook-id, same payload",
    )
    def post(self, request: Request, subscription_id: int, delivery_id: int) -> Response:
        found = selectors.access_delivery(self.subscription(), delivery_id)
        services.delivery_redeliver(actor=request.user, delivery=found)
        found = selectors.access_delivery(found.subscription, delivery_id)
        return Response(DeliverySerializer(found).data, status=status.HTTP_202_ACCEPTED)


class EventTypesView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "WebhookEventType",
            {"type": serializers.CharField(), "description": serializers.CharField()},
            many=True,
        ),
        summary="The event types a webhook may subscribe to",
    )
    def get(self, request: Request) -> Response:
        return Response(
            [{"type": verb, "description": text} for verb, text in events.EVENT_TYPES.items()]
        )

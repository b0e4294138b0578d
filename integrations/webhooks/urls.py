from django.urls import path

from integrations.webhooks import api

urlpatterns = [
    path("", api.WebhooksView.as_view(), name="api-webhooks"),
    path("event-types/", api.EventTypesView.as_view(), name="api-webhook-event-types"),
    path("<int:subscription_id>/", api.WebhookView.as_view(), name="api-webhook"),
    path(
        "<int:subscription_id>/rotate-secret/",
        api.RotateSecretView.as_view(),
        name="api-webhook-rotate-secret",
    ),
    path("<int:subscription_id>/enable/", api.EnableView.as_view(), name="api-webhook-enable"),
    path("<int:subscription_id>/disable/", api.DisableView.as_view(), name="api-webhook-disable"),
    path("<int:subscription_id>/ping/", api.PingView.as_view(), name="api-webhook-ping"),
    path(
        "<int:subscription_id>/deliveries/",
        api.DeliveriesView.as_view(),
        name="api-webhook-deliveries",
    ),
    path(
        "<int:subscription_id>/deliveries/<int:delivery_id>/",
        api.DeliveryView.as_view(),
        name="api-webhook-delivery",
    ),
    path(
        "<int:subscription_id>/deliveries/<int:delivery_id>/redeliver/",
        api.RedeliverView.as_view(),
        name="api-webhook-redeliver",
    ),
]

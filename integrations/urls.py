from django.urls import path

from integrations.api import tokens

urlpatterns = [
    path("tokens/", tokens.TokensView.as_view(), name="api-tokens"),
    path("tokens/<int:token_id>/", tokens.TokenView.as_view(), name="api-token"),
    path("service-accounts/", tokens.ServiceAccountsView.as_view(), name="api-service-accounts"),
]

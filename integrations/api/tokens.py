"""REST API for API tokens and the service accounts that integration tokens act as.

Tokens are managed by people who are signed in, never with a token: a leaked
token must not be able to mint or extend others (``session_only``).
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from bridge.pagination import Newest
from integrations import service_accounts, tokens
from integrations.models import ApiToken
from integrations.scopes import Scope
from network.api.people import PersonSerializer
from network.models import User


class TokenSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "kind",
            "prefix",
            "scopes",
            "owner",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, token: ApiToken) -> bool:
        return token.is_usable()


class IssuedTokenSerializer(TokenSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The token itself. Shown this once; only a hash is kept."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices), min_length=1, max_length=len(Scope)
    )
    expires_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="Defaults to 90 days from now. Personal tokens last a year at most; "
        "only integration tokens may be null (no expiry).",
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_service_account=True, is_active=True),
        required=False,
        help_text="A service account's id, to make an integration token (platform admins). "
        "Leave out for a personal token.",
    )


class TokensView(generics.ListCreateAPIView):
    """Your personal tokens; platform admins also see service accounts' tokens."""

    session_only = True
    serializer_class = TokenSerializer
    pagination_class = Newest

    def get_queryset(self) -> QuerySet[ApiToken]:
        return tokens.tokens_managed_by(self.request.user)

    @extend_schema(request=TokenCreateSerializer, responses={201: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        issued = tokens.issue(
            owner=fields.get("owner", request.user),
            created_by=request.user,
            name=fields["name"],
            scopes=fields["scopes"],
            expires_at=fields["expires_at"] if "expires_at" in fields else tokens.default_expiry(),
        )
        body = IssuedTokenSerializer(issued.token).data | {"secret": issued.secret}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenView(generics.RetrieveDestroyAPIView):
    """One token; DELETE revokes it at once (it stays listed, marked revoked)."""

    session_only = True
    serializer_class = TokenSerializer
    lookup_url_kwarg = "token_id"

    def get_queryset(self) -> QuerySet[ApiToken]:
        return tokens.tokens_managed_by(self.request.user)

    def perform_destroy(self, instance: ApiToken) -> None:
        tokens.revoke(instance, actor=self.request.user)


class ServiceAccountSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "display_name", "email", "is_hr_admin", "is_active"]
        read_only_fields = ["id", "name", "is_active"]
        extra_kwargs = {
            "display_name": {"required": True, "allow_blank": False},
            "email": {"required": False},
        }


class ServiceAccountsView(generics.ListCreateAPIView):
    """Service accounts: how CRM, HR and chat systems act in Bridge (platform admins)."""

    session_only = True
    serializer_class = ServiceAccountSerializer
    pagination_class = Newest

    def get_queryset(self) -> QuerySet[User]:
        if not self.request.user.is_platform_admin:
            raise PermissionDenied("Only platform admins manage service accounts.")
        return User.objects.filter(is_service_account=True)

    def post(self, request: Request) -> Response:
        data = ServiceAccountSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = service_accounts.create(actor=request.user, **data.validated_data)
        return Response(ServiceAccountSerializer(account).data, status=status.HTTP_201_CREATED)

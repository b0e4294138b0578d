"""REST API for community invitations (moderators)."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from bridge.pagination import CursorPage
from integrations.scopes import Scope
from network import access, selectors
from network.models import Community, Invitation
from network.services import invitations as invitation_services


class InvitationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "organisation", "status", "created_at", "expires_at"]
        read_only_fields = ["id", "status", "created_at", "expires_at"]
        # Uniqueness is the service's to check (a 409, not a 400).
        validators = []


class BulkSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=100_000)


class BulkRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    email = serializers.CharField()
    status = serializers.ChoiceField(choices=["invited", "error"])
    error = serializers.CharField()


def _moderated(request: Request, community_id: int) -> Community:
    community = access.access_community(request.user, community_id)
    if not access.is_moderator(request.user, community):
        raise PermissionDenied("Only the community's moderators manage invitations.")
    return community


class NewestFirst(CursorPage):
    ordering = ("-created_at", "-id")


class InvitationsView(generics.ListCreateAPIView):
    """A community's open invitations, newest first (moderators)."""

    write_scope = Scope.WRITE_COMMUNITIES
    serializer_class = InvitationSerializer
    pagination_class = NewestFirst
    filter_backends = [TimeOrdered]

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.open_invitations(_moderated(self.request, self.kwargs["community_id"]))

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        community = _moderated(request, self.kwargs["community_id"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = invitation_services.invitation_create(
            actor=request.user, community=community, **serializer.validated_data
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class BulkInvitationsView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES

    @extend_schema(
        request=BulkSerializer,
        responses=BulkRowSerializer(many=True),
        summary="Invite from a pasted list or CSV: one result per row",
    )
    def post(self, request: Request, community_id: int) -> Response:
        community = _moderated(request, community_id)
        serializer = BulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = invitation_services.invitations_bulk(
            actor=request.user, community=community, text=serializer.validated_data["text"]
        )
        return Response(BulkRowSerializer(rows, many=True).data)


class RevokeInvitationView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES

    @extend_schema(request=None, responses=InvitationSerializer)
    def post(self, request: Request, community_id: int, invitation_id: int) -> Response:
        community = _moderated(request, community_id)
        invitation = Invitation.objects.filter(community=community, pk=invitation_id).first()
        if invitation is None:
            raise access.NotFound("No such invitation.")
        invitation = invitation_services.invitation_revoke(
            actor=request.user, invitation=invitation
        )
        return Response(InvitationSerializer(invitation).data)

"""REST API for communities and their members."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import CreatedWindow, TimeOrdered
from bridge.pagination import CursorPage
from integrations.scopes import Scope
from network import access, selectors
from network.api.people import PersonSerializer
from network.models import Community, JoinRequest, Membership
from network.services import communities as community_services
from network.services import memberships as membership_services


class CommunitySerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    my_role = serializers.SerializerMethodField()
    is_archived = serializers.BooleanField(read_only=True)
    cover_url = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Community
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "rules",
            "audience",
            "visibility",
            "member_count",
            "my_role",
            "is_archived",
            "created_at",
            "cover_url",
        ]
        read_only_fields = [
            "id",
            "slug",
            "member_count",
            "my_role",
            "is_archived",
            "created_at",
            "cover_url",
        ]

    def get_my_role(self, community: Community) -> str | None:
        roles = self.context.get("my_roles", {})
        return roles.get(community.pk)

    def validate_audience(self, value: str) -> str:
        if self.instance is not None and value != self.instance.audience:
            raise serializers.ValidationError("The audience is fixed when a community is created.")
        return value


class MemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Membership
        fields = ["person", "role", "joined_at"]
        read_only_fields = ["person", "joined_at"]


class JoinRequestSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = JoinRequest
        fields = ["id", "person", "message", "status", "created_at", "decided_at"]
        read_only_fields = ["id", "person", "status", "created_at", "decided_at"]


class BanSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=1000)


class ByName(CursorPage):
    """Communities in alphabetical order."""

    ordering = ("name", "id")


class ByMemberName(CursorPage):
    """Members by last name, then first name, as the directory lists people."""

    ordering = ("user__last_name", "user__first_name", "id")


class OldestFirst(CursorPage):
    """Join requests in the order they came."""

    ordering = ("created_at", "id")


def _community(request: Request, community_id: int) -> Community:
    return access.access_community(request.user, community_id)


def _readable(request: Request, community_id: int) -> Community:
    """A community whose content the caller may read; otherwise it looks missing."""
    community = _community(request, community_id)
    if not access.can_read_community(request.user, community):
        raise access.NotFound("No such community.")
    return community


class CommunitiesView(generics.ListCreateAPIView):
    write_scope = Scope.WRITE_COMMUNITIES
    serializer_class = CommunitySerializer
    pagination_class = ByName
    filter_backends = [CreatedWindow]  # ordered by name: no `ordering`

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.communities_listed(self.request.user)

    def get_serializer_context(self) -> dict:
        return {
            **super().get_serializer_context(),
            "my_roles": selectors.my_roles(self.request.user),
        }

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        community = community_services.community_create(
            actor=request.user, **serializer.validated_data
        )
        community.member_count = 1
        data = CommunitySerializer(community, context={"my_roles": {community.pk: "owner"}}).data
        return Response(data, status=status.HTTP_201_CREATED)


class CommunityView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES

    def _render(self, request: Request, community: Community) -> Response:
        community.member_count = community.memberships.count()
        context = {"my_roles": selectors.my_roles(request.user)}
        return Response(CommunitySerializer(community, context=context).data)

    @extend_schema(responses=CommunitySerializer)
    def get(self, request: Request, community_id: int) -> Response:
        return self._render(request, _community(request, community_id))

    @extend_schema(request=CommunitySerializer, responses=CommunitySerializer)
    def patch(self, request: Request, community_id: int) -> Response:
        community = _community(request, community_id)
        serializer = CommunitySerializer(community, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k != "audience"}
        community = community_services.community_update(
            actor=request.user, community=community, changes=changes
        )
        return self._render(request, community)


class CommunityActionView(APIView):
    """POST-only actions on a community: join, leave, archive."""

    write_scope = Scope.WRITE_COMMUNITIES

    action_name = ""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, community_id: int) -> Response:
        community = _community(request, community_id)
        if self.action_name == "join":
            membership_services.community_join(actor=request.user, community=community)
        elif self.action_name == "leave":
            membership_services.membership_leave(actor=request.user, community=community)
        else:
            community_services.community_archive(actor=request.user, community=community)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembersView(generics.ListAPIView):
    serializer_class = MemberSerializer
    pagination_class = ByMemberName

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        community = _readable(self.request, self.kwargs["community_id"])
        return selectors.members_of(community)


class MemberView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES

    def _target(self, request: Request, community_id: int, user_id: int):  # noqa: ANN202
        community = _readable(request, community_id)
        return community, access.access_person(request.user, user_id)

    @extend_schema(
        request=MemberSerializer,
        responses=MemberSerializer,
        summary="Change a member's role (owners)",
    )
    def patch(self, request: Request, community_id: int, user_id: int) -> Response:
        community, person = self._target(request, community_id, user_id)
        role = request.data.get("role", "") if isinstance(request.data, dict) else ""
        membership = membership_services.membership_set_role(
            actor=request.user, community=community, user=person, role=role
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(responses={204: None}, summary="Remove a member (moderators)")
    def delete(self, request: Request, community_id: int, user_id: int) -> Response:
        community, person = self._target(request, community_id, user_id)
        membership_services.membership_remove(actor=request.user, community=community, user=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BansView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES

    @extend_schema(
        request=BanSerializer,
        responses={201: None},
        summary="Ban a person from the community (moderators)",
    )
    def post(self, request: Request, community_id: int) -> Response:
        community = _community(request, community_id)
        serializer = BanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = access.access_person(request.user, serializer.validated_data["user_id"])
        membership_services.member_ban(
            actor=request.user,
            community=community,
            user=person,
            reason=serializer.validated_data["reason"],
        )
        return Response(status=status.HTTP_201_CREATED)


class JoinRequestsView(generics.ListCreateAPIView):
    """Moderators list pending requests; anyone eligible asks to join."""

    write_scope = Scope.WRITE_COMMUNITIES

    serializer_class = JoinRequestSerializer
    pagination_class = OldestFirst
    filter_backends = [TimeOrdered]

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        community = _community(self.request, self.kwargs["community_id"])
        if not access.is_moderator(self.request.user, community):
            raise PermissionDenied("Only moderators see join requests.")
        return selectors.pending_requests(community)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        community = _community(request, self.kwargs["community_id"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        join_request = membership_services.join_request_create(
            actor=request.user,
            community=community,
            message=serializer.validated_data.get("message", ""),
        )
        return Response(JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)


class JoinRequestDecisionView(APIView):
    write_scope = Scope.WRITE_COMMUNITIES
    approve = True

    @extend_schema(request=None, responses=JoinRequestSerializer)
    def post(self, request: Request, community_id: int, request_id: int) -> Response:
        community = _community(request, community_id)
        join_request = JoinRequest.objects.filter(community=community, pk=request_id).first()
        if join_request is None or not access.is_moderator(request.user, community):
            raise access.NotFound("No such request.")
        join_request = membership_services.join_request_decide(
            actor=request.user, request=join_request, approve=self.approve
        )
        return Response(JoinRequestSerializer(join_request).data)

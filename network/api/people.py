"""REST API for people (thin: serializers, then one selector or service)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.pagination import CursorPage
from integrations.scopes import Scope
from network import access, selectors
from network.models import User
from network.services.people import person_deactivate, profile_update
from network.services.people_sync import may_sync_people


def _roles(user: User) -> list[str]:
    flags = {
        "platform_admin": user.is_platform_admin,
        "hr_admin": user.is_hr_admin,
        "community_manager": user.is_community_manager,
        "communications": user.is_communications,
    }
    return [role for role, held in flags.items() if held]


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    avatar_url = serializers.CharField(read_only=True, allow_null=True)
    external_id = serializers.SerializerMethodField(
        help_text="The HR system's id: shown to platform and HR admins, null for others."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "title",
            "department",
            "affiliation",
            "organisation",
            "location",
            "is_active",
            "avatar_url",
            "external_id",
        ]
        read_only_fields = fields

    def get_external_id(self, person: User) -> str | None:
        # Always present, so the shape is one for everyone; the value only for
        # those who run the HR sync (a serializer without a request shows none).
        request = self.context.get("request")
        if request is None or not may_sync_people(request.user):
            return None
        return person.external_id


class PersonDetailSerializer(PersonSerializer):
    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "bio",
            "linkedin_url",
            "x_url",
            "blog_url",
            "website_url",
        ]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    avatar_url = serializers.CharField(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "first_name",
            "last_name",
            "display_name",
            "title",
            "department",
            "affiliation",
            "organisation",
            "bio",
            "location",
            "linkedin_url",
            "x_url",
            "blog_url",
            "website_url",
            "roles",
            "avatar_url",
        ]
        read_only_fields = [
            "id",
            "username",
            "name",
            "email",
            "affiliation",
            "organisation",
            "roles",
            "avatar_url",
        ]

    def get_roles(self, user: User) -> list[str]:
        return _roles(user)


class DirectoryPagination(CursorPage):
    """Alphabetical by last name, then first name (network.selectors.directory)."""

    ordering = ("last_name", "first_name", "id")


class MeView(APIView):
    write_scope = Scope.WRITE_PROFILE

    @extend_schema(responses=MeSerializer, summary="The signed-in person")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer, summary="Change my profile")
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person = profile_update(
            actor=request.user, person=request.user, changes=serializer.validated_data
        )
        return Response(MeSerializer(person).data)


class PeopleView(generics.ListAPIView):
    """The directory: active people the caller may find."""

    serializer_class = PersonSerializer
    pagination_class = DirectoryPagination

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Words in name, title, organisation")]
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # noqa: ANN201 -- DRF's signature
        return selectors.directory(self.request.user, query=self.request.query_params.get("q", ""))


class PersonView(APIView):
    @extend_schema(responses=PersonDetailSerializer, summary="A person's profile")
    def get(self, request: Request, person_id: int) -> Response:
        person = access.access_person(request.user, person_id)
        return Response(PersonDetailSerializer(person, context={"request": request}).data)


class PersonDeactivateView(APIView):
    write_scope = Scope.PEOPLE_ADMIN

    @extend_schema(
        request=None,
        responses=PersonDetailSerializer,
        summary="Deactivate a person (platform admins)",
    )
    def post(self, request: Request, person_id: int) -> Response:
        person = access.access_person(request.user, person_id)
        person = person_deactivate(actor=request.user, person=person)
        return Response(
            PersonDetailSerializer(person, context={"request": request}).data,
            status=status.HTTP_200_OK,
        )

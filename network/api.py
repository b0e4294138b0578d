"""REST API for people and communities (thin: serializers plus selectors)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.models import User


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "title",
            "affiliation",
            "organisation",
            "roles",
        ]
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        flags = {
            "platform_admin": user.is_platform_admin,
            "hr_admin": user.is_hr_admin,
            "community_manager": user.is_community_manager,
        }
        return [role for role, held in flags.items() if held]


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="The signed-in person")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

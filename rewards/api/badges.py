"""REST API for badges: HR defines, awards and revokes them; anyone who may see a
person sees their badges; the holder (and HR) export one as an Open Badges 3.0
credential. Thin: parse, call a service, render."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from network import access
from network.models import User
from rewards.earnings import EARNINGS
from rewards.models import Badge, BadgeAward
from rewards.services import badges


class BadgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Badge
        fields = ["id", "name", "description", "earning", "threshold", "active", "created_at"]


class BadgeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    earning = serializers.ChoiceField(
        choices=list(EARNINGS), required=False, allow_blank=True, default=""
    )
    threshold = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class BadgeAwardSerializer(serializers.ModelSerializer):
    badge = BadgeSerializer(read_only=True)
    person_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = BadgeAward
        fields = ["id", "badge", "person_id", "awarded_at", "reason", "revoked_at"]


class BadgeActiveInputSerializer(serializers.Serializer):
    active = serializers.BooleanField()


class BadgeAwardInputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)


class BadgeRevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


def _access_badge(user: User, badge_id: int) -> Badge:
    found = access.one_or_none(Badge.objects.all(), pk=badge_id)
    if found is None or not (found.active or user.is_hr_admin):
        raise access.NotFound("No such badge.")
    return found


def _access_award(user: User, award_id: int) -> BadgeAward:
    """An award its holder and HR see, and, while it stands, whoever sees the holder."""
    visible = Q(person=user) | Q(revoked_at__isnull=True, person__in=access.people_visible_to(user))
    awards = BadgeAward.objects.select_related("badge", "person")
    if not user.is_hr_admin:
        awards = awards.filter(visible)
    found = access.one_or_none(awards, pk=award_id)
    if found is None:
        raise access.NotFound("No such badge award.")
    return found


class BadgesView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(responses=BadgeSerializer(many=True), summary="The programme's badges")
    def get(self, request: Request) -> Response:
        found = (
            Badge.objects.all() if request.user.is_hr_admin else Badge.objects.filter(active=True)
        )
        return Response(BadgeSerializer(found, many=True).data)

    @extend_schema(
        request=BadgeInputSerializer,
        responses={201: BadgeSerializer},
        summary="Create a badge (HR admins): with an earning and a threshold, or manual",
    )
    def post(self, request: Request) -> Response:
        serializer = BadgeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        badge = badges.badge_create(actor=request.user, **serializer.validated_data)
        return Response(BadgeSerializer(badge).data, status=status.HTTP_201_CREATED)


class BadgeView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(responses=BadgeSerializer, summary="A badge")
    def get(self, request: Request, badge_id: int) -> Response:
        return Response(BadgeSerializer(_access_badge(request.user, badge_id)).data)

    @extend_schema(
        request=BadgeActiveInputSerializer,
        responses=BadgeSerializer,
        summary="Retire a badge or bring it back (HR admins); awards made stay",
    )
    def patch(self, request: Request, badge_id: int) -> Response:
        badge = _access_badge(request.user, badge_id)
        serializer = BadgeActiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        badge = badges.badge_set_active(
            actor=request.user, badge=badge, active=serializer.validated_data["active"]
        )
        return Response(BadgeSerializer(badge).data)


class BadgeAwardsView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=BadgeAwardInputSerializer,
        responses={201: BadgeAwardSerializer},
        summary="Award a badge by hand, with a reason (HR admins)",
    )
    def post(self, request: Request, badge_id: int) -> Response:
        badge = _access_badge(request.user, badge_id)
        serializer = BadgeAwardInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = access.access_person(request.user, serializer.validated_data["person_id"])
        award = badges.badge_award(
            actor=request.user,
            badge=badge,
            person=person,
            reason=serializer.validated_data["reason"],
        )
        return Response(BadgeAwardSerializer(award).data, status=status.HTTP_201_CREATED)


class RevokeView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=BadgeRevokeInputSerializer,
        responses=BadgeAwardSerializer,
        summary="Revoke a badge, with a reason (HR admins); the award is kept, marked revoked",
    )
    def post(self, request: Request, award_id: int) -> Response:
        award = _access_award(request.user, award_id)
        serializer = BadgeRevokeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award = badges.badge_revoke(
            actor=request.user, award=award, reason=serializer.validated_data["reason"]
        )
        return Response(BadgeAwardSerializer(award).data)


class PersonBadgesView(APIView):
    @extend_schema(
        responses=BadgeAwardSerializer(many=True), summary="The badges a person holds now"
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = access.access_person(request.user, person_id)
        return Response(BadgeAwardSerializer(badges.badges_of(person), many=True).data)


class CredentialView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        summary="A badge as an Open Badges 3.0 credential (unsigned): its holder and HR",
    )
    def get(self, request: Request, award_id: int) -> Response:
        award = _access_award(request.user, award_id)
        if award.revoked_at is not None or not (
            award.person_id == request.user.pk or request.user.is_hr_admin
        ):
            raise access.NotFound("No such credential.")
        return Response(badges.credential(award))

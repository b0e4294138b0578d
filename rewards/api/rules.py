"""REST API for the programme's rules, HR admins only, reads included.

Why reads are HR's too: a rule's versions name the HR admin behind each change,
and a rule limited to communities names them, secret ones included, which the
reader may not know exist. What a person can earn is theirs to read where their
own points are shown; the rulebook with its history is HR's working tool. The
rules are no secret, so anyone else signed in gets 403 (not 404).

Thin: parse, call rewards.services.rules, render. A PATCH is a new version: the
terms it leaves out are the current version's.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.permissions import TokenHasScope
from integrations.scopes import Scope
from network.models import Affiliation, Community
from rewards import rulebook
from rewards.access import is_hr
from rewards.api.serializers import RedeemerSerializer
from rewards.earnings import EARNINGS
from rewards.models import Rule, RuleVersion
from rewards.services import rules as rule_services

TERMS = ("points", "daily_cap", "weekly_cap", "affiliations", "starts_at", "ends_at")


class IsHRAdmin(BasePermission):
    message = "The programme's rules are for HR admins."

    def has_permission(self, request: Request, view: object) -> bool:
        return is_hr(request.user)


class RuleVersionSerializer(serializers.ModelSerializer):
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    created_by = RedeemerSerializer(read_only=True)  # a person's id and name

    class Meta:
        model = RuleVersion
        fields = [
            "number",
            "enabled",
            "points",
            "daily_cap",
            "weekly_cap",
            "affiliations",
            "communities",
            "starts_at",
            "ends_at",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class RuleSerializer(serializers.ModelSerializer):
    earning_label = serializers.SerializerMethodField()
    current = RuleVersionSerializer(
        read_only=True, allow_null=True, help_text="The terms in force (the latest version)."
    )
    versions = RuleVersionSerializer(
        source="history", many=True, read_only=True, help_text="Every version, newest first."
    )

    class Meta:
        model = Rule
        fields = ["id", "name", "earning", "earning_label", "created_at", "current", "versions"]
        read_only_fields = fields

    def get_earning_label(self, rule: Rule) -> str:
        return EARNINGS[rule.earning].label if rule.earning in EARNINGS else rule.earning


class RuleTermsSerializer(serializers.Serializer):
    """A version's terms; the service checks them together (every error by field)."""

    points = serializers.IntegerField(min_value=1, max_value=1_000_000)
    daily_cap = serializers.IntegerField(
        min_value=1, max_value=1_000_000, required=False, allow_null=True, default=None
    )
    weekly_cap = serializers.IntegerField(
        min_value=1, max_value=1_000_000, required=False, allow_null=True, default=None
    )
    affiliations = serializers.ListField(
        child=serializers.ChoiceField(choices=Affiliation.values),
        required=False,
        default=[Affiliation.EMPLOYEE.value],
        help_text="Who takes part (default: employees).",
    )
    communities = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Community.objects.all(),
        required=False,
        default=list,
        help_text="Only activity in these communities counts; none: all.",
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RuleCreateSerializer(RuleTermsSerializer):
    name = serializers.CharField(max_length=120)
    earning = serializers.ChoiceField(choices=list(EARNINGS))


class RuleChangeSerializer(RuleTermsSerializer):
    """New terms: those left out stay as they are now."""

    enabled = serializers.BooleanField(required=False, help_text="False pauses the rule.")

    def validate(self, data: dict) -> dict:
        fixed = sorted({"name", "earning"} & set(self.initial_data))
        if fixed:
            raise serializers.ValidationError(
                {name: "Fixed once the rule is made: create a new rule instead." for name in fixed}
            )
        return data


class RulesView(APIView):
    write_scope = Scope.REWARDS_ADMIN
    permission_classes = [IsAuthenticated, TokenHasScope, IsHRAdmin]

    @extend_schema(
        responses=RuleSerializer(many=True),
        summary="The programme's rules with their versions (HR admins)",
    )
    def get(self, request: Request) -> Response:
        return Response(RuleSerializer(rulebook.rules_with_history(), many=True).data)

    @extend_schema(
        request=RuleCreateSerializer,
        responses={201: RuleSerializer},
        summary="Create a rule (HR admins): its version 1",
    )
    def post(self, request: Request) -> Response:
        serializer = RuleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = rule_services.rule_create(actor=request.user, **serializer.validated_data)
        return Response(
            RuleSerializer(rulebook.rule_with_history(rule.pk)).data, status=status.HTTP_201_CREATED
        )


class RuleView(APIView):
    write_scope = Scope.REWARDS_ADMIN
    permission_classes = [IsAuthenticated, TokenHasScope, IsHRAdmin]

    @extend_schema(responses=RuleSerializer, summary="A rule with its versions (HR admins)")
    def get(self, request: Request, rule_id: int) -> Response:
        return Response(RuleSerializer(rulebook.rule_with_history(rule_id)).data)

    @extend_schema(
        request=RuleChangeSerializer(partial=True),
        responses=RuleSerializer,
        summary="Change a rule's terms (HR admins): a new version from now on; terms left "
        "out stay as they are",
    )
    def patch(self, request: Request, rule_id: int) -> Response:
        rule = rulebook.rule_with_history(rule_id)
        serializer = RuleChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        rule_services.rule_change(actor=request.user, rule=rule, **_merged(rule, serializer))
        return Response(RuleSerializer(rulebook.rule_with_history(rule.pk)).data)


def _merged(rule: Rule, serializer: RuleChangeSerializer) -> dict:
    """The current version's terms, overridden by those the request gives."""
    current = rule.current
    given = serializer.validated_data
    merged: dict = {name: getattr(current, name) if current else None for name in TERMS}
    merged["enabled"] = current.enabled if current else True
    merged["communities"] = list(current.communities.all()) if current else []
    merged.update(
        {name: given[name] for name in (*TERMS, "enabled", "communities") if name in given}
    )
    return merged

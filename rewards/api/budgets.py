"""REST API for programme budgets (HR admins only; others 403): programmes, their
rules, and per month what HR set, what awards spent and what remains. Thin: parse,
call a service, render (rewards/services/budgets.py)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from rewards.models import Programme, Rule
from rewards.services import budgets


class BudgetFiguresSerializer(serializers.Serializer):
    period = serializers.SerializerMethodField(help_text="The month, YYYY-MM.")
    amount = serializers.IntegerField(help_text="What HR set for the month.")
    spent = serializers.IntegerField(help_text="What awards took (reversed awards count back).")
    remaining = serializers.IntegerField()

    def get_period(self, figures: budgets.BudgetFigures) -> str:
        return f"{figures.period:%Y-%m}"


class ProgrammeRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rule
        fields = ["id", "name", "earning"]


class ProgrammeSerializer(serializers.ModelSerializer):
    rules = ProgrammeRuleSerializer(many=True, read_only=True)
    this_month = serializers.SerializerMethodField()
    budgets = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "name", "description", "rules", "this_month", "budgets", "created_at"]

    @extend_schema_field(BudgetFiguresSerializer)
    def get_this_month(self, programme: Programme) -> dict:
        """The current month's figures, zero when it has no budget (then no awards)."""
        figures = budgets.budget_in(programme, budgets.month_of(timezone.now()))
        return BudgetFiguresSerializer(figures).data

    @extend_schema_field(BudgetFiguresSerializer(many=True))
    def get_budgets(self, programme: Programme) -> list:
        """Every month with a budget, the latest first."""
        return BudgetFiguresSerializer(budgets.programme_budgets(programme), many=True).data


class ProgrammeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class BudgetInputSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=0, max_value=budgets.MAX_AMOUNT)


class RulesInputSerializer(serializers.Serializer):
    rule_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)

    def validate_rule_ids(self, rule_ids: list[int]) -> list[Rule]:
        found = list(Rule.objects.filter(pk__in=rule_ids))
        missing = sorted(set(rule_ids) - {rule.pk for rule in found})
        if missing:
            raise serializers.ValidationError(f"No such rule: {', '.join(map(str, missing))}.")
        return found


class ProgrammesView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        responses=ProgrammeSerializer(many=True),
        summary="Programmes with their rules and monthly budgets (HR admins)",
    )
    def get(self, request: Request) -> Response:
        found = budgets.programmes_for(request.user)
        return Response(ProgrammeSerializer(found, many=True).data)

    @extend_schema(
        request=ProgrammeInputSerializer,
        responses={201: ProgrammeSerializer},
        summary="Create a programme (HR admins); it awards nothing until it has a budget",
    )
    def post(self, request: Request) -> Response:
        serializer = ProgrammeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = budgets.programme_create(actor=request.user, **serializer.validated_data)
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)


class ProgrammeView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(responses=ProgrammeSerializer, summary="A programme (HR admins)")
    def get(self, request: Request, programme_id: int) -> Response:
        return Response(ProgrammeSerializer(budgets.programme_for(request.user, programme_id)).data)

    @extend_schema(
        request=ProgrammeInputSerializer,
        responses=ProgrammeSerializer,
        summary="Rename a programme or change its description (HR admins)",
    )
    def patch(self, request: Request, programme_id: int) -> Response:
        programme = budgets.programme_for(request.user, programme_id)
        serializer = ProgrammeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = budgets.programme_change(
            actor=request.user, programme=programme, **serializer.validated_data
        )
        return Response(ProgrammeSerializer(programme).data)


class ProgrammeBudgetView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=BudgetInputSerializer,
        responses={200: BudgetFiguresSerializer},
        summary="Set a programme's budget for a month, YYYY-MM (HR admins)",
        description=(
            "Raising it funds the difference from issuance; lowering it gives the difference "
            "back, refused with 409 below what is spent already. Setting the amount it has "
            "changes nothing, so the request is safe to repeat."
        ),
    )
    def put(self, request: Request, programme_id: int, period: str) -> Response:
        programme = budgets.programme_for(request.user, programme_id)
        serializer = BudgetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = budgets.budget_set(
            actor=request.user,
            programme=programme,
            period=budgets.parse_period(period),
            amount=serializer.validated_data["amount"],
        )
        return Response(BudgetFiguresSerializer(budgets.figures(budget)).data)


class ProgrammeRulesView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=RulesInputSerializer,
        responses=ProgrammeSerializer,
        summary="The rules that draw on a programme's budget, exactly these (HR admins)",
    )
    def put(self, request: Request, programme_id: int) -> Response:
        programme = budgets.programme_for(request.user, programme_id)
        serializer = RulesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = budgets.programme_set_rules(
            actor=request.user, programme=programme, rules=serializer.validated_data["rule_ids"]
        )
        return Response(ProgrammeSerializer(budgets.programme_for(request.user, programme.pk)).data)

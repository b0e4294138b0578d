"""REST API for HR's reports: points issued and redeemed in a period, per
department, and what the programme owes now (rewards.ledger_views.report)."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rewards import ledger_views
from rewards.access import is_hr


class DepartmentPointsSerializer(serializers.Serializer):
    department = serializers.CharField()
    issued = serializers.IntegerField()
    redeemed = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class PointsReportSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.name")
    start = serializers.DateField(source="period.first_day")
    end = serializers.DateField(source="period.last_day", help_text="The period's last day.")
    issued = serializers.IntegerField(
        help_text="Awards and adjustments (either sign) less their reversals, in the period."
    )
    redeemed = serializers.IntegerField(
        help_text="Settled redemptions less their reversals, in the period."
    )
    outstanding = serializers.IntegerField(
        help_text="Owed now: every wallet and every hold, whatever the period."
    )
    departments = DepartmentPointsSerializer(many=True)


class ReportView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=list(ledger_views.PERIODS), required=False),
            OpenApiParameter("date", str, required=False, description="A day of the period."),
        ],
        responses=PointsReportSerializer,
        summary="Points issued and redeemed per department in a period, and owed now (HR)",
    )
    def get(self, request: Request) -> Response:
        if not is_hr(request.user):
            raise PermissionDenied("Reports are for HR admins.")
        report = ledger_views.report(ledger_views.period_asked(request.query_params))
        return Response(PointsReportSerializer(report).data)

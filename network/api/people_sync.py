"""REST API for the HR sync: ``POST /api/v1/people/sync/`` (docs/people-sync.md).

The body's shape is checked here (a list of at most 1,000 objects, nothing else);
each row is checked by the service, which reports a bad row instead of refusing
the batch.
"""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from network.models import Affiliation
from network.services import people_sync as sync


class PersonRecordSerializer(serializers.Serializer):
    """One HR record, as documented; the service validates it (models' rules)."""

    external_id = serializers.CharField(max_length=100, help_text="The HR system's id.")
    email = serializers.EmailField(required=False, help_text="Needed to add a person.")
    first_name = serializers.CharField(required=False, allow_blank=True)
    last_name = serializers.CharField(required=False, allow_blank=True)
    display_name = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True)
    department = serializers.CharField(
        required=False, allow_blank=True, help_text="Employees only."
    )
    location = serializers.CharField(required=False, allow_blank=True)
    affiliation = serializers.ChoiceField(choices=Affiliation.choices, required=False)
    organisation = serializers.CharField(
        required=False, allow_blank=True, help_text="Needed for partners and customers."
    )
    is_active = serializers.BooleanField(
        required=False, help_text="false deactivates (sessions end), true reactivates."
    )


@extend_schema_field(PersonRecordSerializer(many=True))
class PersonRecordsField(serializers.ListField):
    """Objects, checked row by row by the service (documented as records)."""

    child = serializers.DictField()


class PeopleSyncSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(
        default=False, help_text="Report what would change, and change nothing."
    )
    people = PersonRecordsField(max_length=sync.MAX_ROWS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return attrs


class ChangeSerializer(serializers.Serializer):
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField()


class UnchangedPersonSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The row's place in `people`, from 0.")
    external_id = serializers.CharField()
    username = serializers.CharField()


class SyncedPersonSerializer(UnchangedPersonSerializer):
    changes = serializers.DictField(
        child=ChangeSerializer(), help_text="Each field written, with its old and new value."
    )


class RowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class SyncCountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    deactivated = serializers.IntegerField()
    errors = serializers.IntegerField()


class SyncReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    created = SyncedPersonSerializer(many=True)
    updated = SyncedPersonSerializer(many=True)
    unchanged = UnchangedPersonSerializer(many=True)
    deactivated = SyncedPersonSerializer(many=True)
    errors = RowErrorSerializer(many=True)
    counts = SyncCountsSerializer()


class PeopleSyncView(APIView):
    write_scope = Scope.PEOPLE_ADMIN
    parser_classes = [JSONParser]  # records are JSON objects, not form fields

    @extend_schema(
        request=PeopleSyncSerializer,
        responses=SyncReportSerializer,
        summary="Create or update people from an HR system (platform and HR admins)",
        description=(
            "Upserts up to 1,000 people by `external_id`. Rows that fail are reported "
            "in `errors` and the others apply; `dry_run` reports the same and writes "
            "nothing. Sending a batch twice reports it unchanged."
        ),
    )
    def post(self, request: Request) -> Response:
        sync.check_may_sync_people(request.user)  # who may, before what they sent
        serializer = PeopleSyncSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = sync.people_sync(actor=request.user, **serializer.validated_data)
        return Response(SyncReportSerializer(report).data)

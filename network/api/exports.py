"""A community's members as CSV or JSON (thin: network/exports.py says who and what)."""

from django.http import StreamingHttpResponse
from rest_framework import serializers
from rest_framework.request import Request

from bridge.exports_api import ExportView, export_schema
from network import access
from network.exports import MEMBER_COLUMNS, members_export
from network.models import Affiliation, Membership


class MemberRecordSerializer(serializers.Serializer):
    """One row of the members export (documentation: the rows are written directly)."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField(
        allow_null=True,
        help_text="Null (blank in CSV) unless the caller may see it: their own, and "
        "everyone's for HR and platform admins.",
    )
    affiliation = serializers.CharField(help_text=", ".join(Affiliation.values))
    organisation = serializers.CharField(help_text="Blank for employees.")
    role = serializers.CharField(help_text=", ".join(Membership.Role.values))
    joined_at = serializers.DateTimeField(help_text="ISO 8601, UTC.")


class MembersExportView(ExportView):
    @export_schema(
        summary="A community's members as CSV or JSON (its owners and moderators, and "
        "platform admins; 404 to whoever may not see the community, 403 to others)",
        record=MemberRecordSerializer(many=True),
        csv_columns=", ".join(MEMBER_COLUMNS),
    )
    def get(self, request: Request, community_id: int) -> StreamingHttpResponse:
        community = access.access_community(request.user, community_id)
        return self.export(request, members_export(actor=request.user, community=community))

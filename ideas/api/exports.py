"""A board's ideas as CSV or JSON (thin: ideas/exports.py says what each may read)."""

from django.http import StreamingHttpResponse
from rest_framework import serializers
from rest_framework.request import Request

from bridge.exports_api import ExportView, export_schema
from ideas import access
from ideas.exports import IDEA_COLUMNS, ideas_export


class StageMoveRecordSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_ = serializers.CharField(help_text="The stage it left.")
    to = serializers.CharField(help_text="The stage it entered.")
    note = serializers.CharField(help_text="The moderator's public note (blank: none).")
    moved_by = serializers.CharField(
        allow_null=True, help_text="Null when the reader may not see that person."
    )

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")  # a Python keyword
        return fields


class IdeaRecordSerializer(serializers.Serializer):
    """One row of the ideas export (documentation: the rows are written directly)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    author_id = serializers.IntegerField()
    author = serializers.CharField(help_text="The author's name.")
    status = serializers.CharField(
        help_text="The current stage's kind (open, delivered, declined), or merged for a "
        "duplicate merged into another.",
    )
    stage = serializers.CharField(help_text="The current stage's name.")
    up_votes = serializers.IntegerField(
        allow_null=True, help_text="Null on boards that hide counts from this reader."
    )
    down_votes = serializers.IntegerField(allow_null=True)
    comment_count = serializers.IntegerField()
    tags = serializers.ListField(child=serializers.CharField(), help_text="CSV: space-separated.")
    merged_into = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(help_text="The last edit or stage move.")
    stage_changed_at = serializers.DateTimeField()
    stage_history = StageMoveRecordSerializer(
        many=True,
        help_text="Oldest first. CSV: one cell, `<time> <from> -> <to>` separated by ` | `.",
    )
    scores = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        required=False,
        help_text="The mean score per criterion: only for the board's reviewers and "
        "moderators (CSV: a `score: <criterion>` column each).",
    )


class BoardIdeasExportView(ExportView):
    @export_schema(
        summary="A board's ideas as CSV or JSON, with votes, stage, status and stage "
        "history; oldest first (whoever reads the board)",
        record=IdeaRecordSerializer(many=True),
        csv_columns=", ".join(IDEA_COLUMNS) + ", and `score: <criterion>` for reviewers",
    )
    def get(self, request: Request, board_id: int) -> StreamingHttpResponse:
        board = access.access_board(request.user, board_id)
        return self.export(request, ideas_export(actor=request.user, board=board))

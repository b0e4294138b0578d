"""What the ideas API reads and writes."""

import json
from typing import Any

from rest_framework import serializers
from rest_framework.utils import html

from ideas.models import Attachment, Board, BoardField, Idea, Participation, Revision, Stage
from ideas.services import ideas as idea_services
from ideas.services import outcomes as outcome_services
from network.api.people import PersonSerializer


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "kind", "position"]


class StageInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=Stage.Kind.choices, default=Stage.Kind.OPEN)


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = BoardField
        fields = ["id", "label", "kind", "choices", "required", "position"]


class FieldInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=BoardField.Kind.choices)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, max_length=20
    )
    required = serializers.BooleanField(default=False)


class BoardSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)
    fields = FieldSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Taking ideas and votes now.")
    cover_url = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Board
        fields = [
            "id",
            "community",
            "title",
            "description",
            "description_html",
            "cover_url",
            "opens_at",
            "closes_at",
            "is_open",
            "who_may_submit",
            "who_may_vote",
            "who_may_comment",
            "allow_down_votes",
            "vote_budget",
            "hide_counts_until_voted",
            "stages",
            "fields",
            "created_at",
        ]


class BoardCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    who_may_submit = serializers.ChoiceField(Participation.choices, default="members")
    who_may_vote = serializers.ChoiceField(Participation.choices, default="members")
    who_may_comment = serializers.ChoiceField(Participation.choices, default="members")
    allow_down_votes = serializers.BooleanField(default=False)
    vote_budget = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1000
    )
    hide_counts_until_voted = serializers.BooleanField(default=False)
    stages = StageInputSerializer(many=True, required=False)
    fields = FieldInputSerializer(many=True, required=False)


class MyBoardSerializer(serializers.Serializer):
    """What the reader may do on the board, and their votes."""

    can_submit = serializers.BooleanField()
    can_vote = serializers.BooleanField()
    is_moderator = serializers.BooleanField()
    votes_used = serializers.IntegerField()
    votes_left = serializers.IntegerField(allow_null=True, help_text="None: no limit.")


class BoardDetailSerializer(BoardSerializer):
    me = MyBoardSerializer(read_only=True)

    class Meta(BoardSerializer.Meta):
        fields = [*BoardSerializer.Meta.fields, "me"]


class IdeaAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True)
    thumbnail_url = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "width", "height", "url", "thumbnail_url"]


class IdeaSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    stage = StageSerializer(read_only=True)
    tags = serializers.SerializerMethodField()
    up_votes = serializers.SerializerMethodField()
    down_votes = serializers.SerializerMethodField()
    my_vote = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "board",
            "author",
            "title",
            "body",
            "body_html",
            "tags",
            "field_values",
            "stage",
            "stage_changed_at",
            "up_votes",
            "down_votes",
            "my_vote",
            "comment_count",
            "created_at",
            "edited_at",
            "merged_into",
            "outcome",
            "outcome_value",
            "outcome_unit",
        ]

    def get_tags(self, idea: Idea) -> list[str]:
        return sorted(tag.name for tag in idea.tags.all())

    def _counts_shown(self, idea: Idea) -> bool:
        return self.context.get("counts_shown", lambda _idea: True)(idea)

    def get_up_votes(self, idea: Idea) -> int | None:
        """Hidden (null) on boards that hide counts until the reader has voted."""
        return idea.up_votes if self._counts_shown(idea) else None

    def get_down_votes(self, idea: Idea) -> int | None:
        return idea.down_votes if self._counts_shown(idea) else None

    def get_my_vote(self, idea: Idea) -> int | None:
        return self.context.get("my_votes", {}).get(idea.pk)


class AnswersField(serializers.DictField):
    """Answers by field id: an object in JSON, or its JSON text in a multipart form
    (which has no objects)."""

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and self.field_name in dictionary:
            return dictionary.get(self.field_name)  # the JSON text, parsed below
        return super().get_value(dictionary)

    def to_internal_value(self, data: object) -> dict:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError("Send the answers as a JSON object.") from None
        return super().to_internal_value(data)


class IdeaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=idea_services.MAX_BODY)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=51), required=False, max_length=10
    )
    field_values = AnswersField(required=False, help_text="Answers by field id.")


class IdeaEditSerializer(IdeaInputSerializer):
    base_revision = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The revision (the idea's `revision`) this edit started from. When the "
        "idea has a newer one, the edit is refused with 409 instead of overwriting it. "
        "Without it, the edit is saved whatever happened meanwhile.",
    )


class EditConflictSerializer(serializers.Serializer):
    """The 409 of a stale edit: who saved the newer revision, and when. Other
    conflicts (a merged idea) carry the detail alone."""

    detail = serializers.CharField()
    current_revision = serializers.IntegerField(required=False)
    edited_by = serializers.CharField(
        required=False, allow_null=True, help_text="Null: they have left, or you may not see them."
    )
    edited_at = serializers.DateTimeField(required=False)


class IdeaSubmitSerializer(IdeaInputSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Multipart only: images (PNG, JPEG, GIF, WebP) and documents (PDF, "
        "Word, Excel, PowerPoint, text, CSV), checked by content.",
    )


class ContributorSerializer(serializers.Serializer):
    user = PersonSerializer()
    role = serializers.CharField()
    status = serializers.CharField()


class IdeaDetailSerializer(IdeaSerializer):
    revision = serializers.SerializerMethodField()
    outcome_version = serializers.SerializerMethodField()
    contributors = serializers.SerializerMethodField()
    builds_on = serializers.SerializerMethodField()
    built_upon_by = serializers.SerializerMethodField()
    attachments = IdeaAttachmentSerializer(many=True, read_only=True)

    class Meta(IdeaSerializer.Meta):
        fields = [
            *IdeaSerializer.Meta.fields,
            "revision",
            "outcome_version",
            "attachments",
            "contributors",
            "builds_on",
            "built_upon_by",
        ]

    def get_revision(self, idea: Idea) -> int:
        """The latest revision's number: send it back as an edit's `base_revision`."""
        latest = idea_services.latest_revision(idea)
        return latest.number if latest else 0

    def get_outcome_version(self, idea: Idea) -> str:
        """The outcome as read: send it back as `base_outcome_version` when changing it."""
        return outcome_services.outcome_version(idea)

    def get_contributors(self, idea: Idea) -> list[dict]:
        rows = idea.contributors.select_related("user").exclude(status="declined")
        return ContributorSerializer(rows, many=True).data

    def get_builds_on(self, idea: Idea) -> list[dict]:
        return [
            {"id": link.source_id, "title": link.source.title}
            for link in idea.builds_on_links.select_related("source")
        ]

    def get_built_upon_by(self, idea: Idea) -> list[dict]:
        return [
            {"id": link.idea_id, "title": link.idea.title}
            for link in idea.built_upon_links.select_related("idea")
        ]


class IdeaRevisionSerializer(serializers.ModelSerializer):
    editor = PersonSerializer(read_only=True)

    class Meta:
        model = Revision
        fields = ["number", "editor", "title", "body", "field_values", "tags", "created_at"]


class VoteInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=[1, -1], default=1)


class VoteResultSerializer(serializers.Serializer):
    """The idea's counts after a vote, and the reader's vote. Not the whole idea:
    building IdeaSerializer's fields was a fifth of a vote's time (bench/ideas.py),
    and GET /api/v1/ideas/<id>/ has the rest."""

    idea = serializers.IntegerField(help_text="The idea's id.")
    up_votes = serializers.IntegerField(
        allow_null=True, help_text="Null on boards that hide counts until one has voted."
    )
    down_votes = serializers.IntegerField(allow_null=True)
    my_vote = serializers.IntegerField(allow_null=True, help_text="1, -1, or null: no vote.")


class InviteSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()


class RespondSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class BuildsOnSerializer(serializers.Serializer):
    source_id = serializers.IntegerField()

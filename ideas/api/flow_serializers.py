"""What the API reads and writes for an idea's life after submission: its
discussion, followers, stage moves and outcome."""

from rest_framework import serializers

from ideas.api.serializers import StageSerializer
from ideas.models import Comment, StageChange
from ideas.services import discussion, outcomes, stages
from network.api.people import PersonSerializer


class IdeaCommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    is_hidden = serializers.SerializerMethodField(
        help_text="Hidden by moderators: only its author and they see it."
    )

    class Meta:
        model = Comment
        fields = ["id", "idea", "author", "body", "body_html", "created_at", "is_hidden"]

    def get_is_hidden(self, comment: Comment) -> bool:
        return comment.hidden_at is not None


class IdeaCommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=discussion.MAX_COMMENT, help_text="Markdown.")


class FollowingSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class StageMoveInputSerializer(serializers.Serializer):
    stage_id = serializers.IntegerField()
    note = serializers.CharField(
        max_length=stages.MAX_NOTE,
        required=False,
        allow_blank=True,
        default="",
        help_text="Public. Required when declining: the reason.",
    )


class StageChangeSerializer(serializers.ModelSerializer):
    from_stage = StageSerializer(read_only=True)
    to_stage = StageSerializer(read_only=True)
    moved_by = serializers.SerializerMethodField()

    class Meta:
        model = StageChange
        fields = ["id", "idea", "from_stage", "to_stage", "note", "moved_by", "created_at"]

    def get_moved_by(self, change: StageChange) -> dict | None:
        """The moderator who moved it, when the reader may see them."""
        visible = self.context.get("visible_people", set())
        if change.moved_by is None or change.moved_by_id not in visible:
            return None
        return PersonSerializer(change.moved_by).data


class OutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=outcomes.MAX_OUTCOME)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    unit = serializers.CharField(
        max_length=outcomes.MAX_UNIT, required=False, allow_blank=True, default=""
    )
    base_outcome_version = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The idea's `outcome_version` when this outcome was started. If someone "
        "recorded another outcome since, the request is refused with 409 instead of "
        "overwriting it. Without it, the outcome is saved whatever happened meanwhile.",
    )


class OutcomeConflictSerializer(serializers.Serializer):
    """The 409 of a stale outcome: who recorded the newer one, and when, in `detail`."""

    detail = serializers.CharField()
    current_outcome_version = serializers.CharField(
        required=False, help_text="Only when the outcome changed meanwhile."
    )

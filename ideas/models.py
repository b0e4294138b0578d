"""Idea boards (campaigns) inside communities, their ideas, contributors and votes.

A board belongs to a community and inherits its audience: whoever may read the
community may read its boards (ideas/access.py). What each person may do on a
board (submit, vote, comment) is the board's own setting, always within the
community's membership.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from ideas import ranking
from network.models import Community, Hashtag, User
from network.models.media import StoredUpload
from network.storage import cover_path


class Participation(models.TextChoices):
    """Who may do something on a board. Always among the community's members."""

    MEMBERS = "members", "Every member"
    EMPLOYEES = "employees", "Members who are employees"
    EXTERNAL = "external", "Members from outside the company"
    MODERATORS = "moderators", "Board moderators only"
    NOBODY = "nobody", "Nobody"


class Board(models.Model):
    """A question or challenge put to a community, open for ideas for a while."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="boards")
    title = models.CharField(max_length=200, help_text="The question or challenge.")
    description = models.TextField(max_length=20000, blank=True, help_text="Markdown.")
    description_html = models.TextField(editable=False, blank=True)
    # A 3:1 banner, re-encoded (network/files.py), served by ideas/downloads.py.
    cover = models.FileField(upload_to=cover_path, max_length=200, blank=True, editable=False)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    who_may_submit = models.CharField(
        max_length=16, choices=Participation.choices, default=Participation.MEMBERS
    )
    who_may_vote = models.CharField(
        max_length=16, choices=Participation.choices, default=Participation.MEMBERS
    )
    who_may_comment = models.CharField(
        max_length=16, choices=Participation.choices, default=Participation.MEMBERS
    )
    allow_down_votes = models.BooleanField(default=False)
    # Votes a person may have on the board's ideas at once; none: no limit.
    vote_budget = models.PositiveSmallIntegerField(null=True, blank=True)
    # Against the bandwagon: counts stay hidden until one has voted, and the default
    # order is random per person.
    hide_counts_until_voted = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="ideas_board_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(vote_budget__isnull=True) | Q(vote_budget__gt=0),
                name="ideas_board_vote_budget_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cover_url(self) -> str | None:
        from ideas.downloads import board_cover_url  # the URL lives with the view serving it

        return board_cover_url(self)


class BoardRole(models.Model):
    """People a board names beyond the community's own moderators."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", "Moderator"  # moves ideas, merges, sees scorecards
        REVIEWER = "reviewer", "Reviewer"  # scores ideas on the board's criteria

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="board_roles")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user", "role"], name="ideas_boardrole_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of board #{self.board_id}"


class Stage(models.Model):
    """A step on an idea's path. The first by position is where ideas start."""

    class Kind(models.TextChoices):
        OPEN = "open", "Open"  # submitted, under review, accepted, in progress
        DELIVERED = "delivered", "Delivered"  # outcomes are recorded here
        DECLINED = "declined", "Declined"  # needs a reason

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OPEN)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "position"], name="ideas_stage_position"),
            models.UniqueConstraint(fields=["board", "name"], name="ideas_stage_name"),
        ]

    def __str__(self) -> str:
        return self.name


class BoardField(models.Model):
    """A question of the board's submission form, beyond title and description."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        CHOICE = "choice", "Choice"
        NUMBER = "number", "Number"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="fields")
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True, help_text="For choice fields.")
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "position"], name="ideas_field_position"),
        ]

    def __str__(self) -> str:
        return self.label


def _board_order_index(name: str, *order: str) -> models.Index:
    """An index for one of a board's orders (ideas/ranking.py), newest and then the
    id breaking ties, over the ideas not merged into others."""
    return models.Index(
        fields=["board", *order, "-created_at", "-id"],
        name=f"ideas_idea_board_{name}_idx",
        condition=Q(merged_into__isnull=True),
    )


class Idea(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=20000, help_text="Markdown.")
    body_html = models.TextField(editable=False)
    tags = models.ManyToManyField(Hashtag, blank=True, related_name="ideas")
    # Answers to the board's fields, by field id (as text: JSON keys are strings).
    field_values = models.JSONField(default=dict, blank=True)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="ideas")
    stage_changed_at = models.DateTimeField()
    # Counts kept with every vote and comment, in the same transaction, for ranking.
    up_votes = models.PositiveIntegerField(default=0)
    down_votes = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The scores "top" and "hot" sort by, kept by the database from the counts
    # (ideas/ranking.py): an index per order serves a page of a large board.
    top_score = models.GeneratedField(
        expression=ranking.wilson_expression(), output_field=models.FloatField(), db_persist=True
    )
    hot_key = models.GeneratedField(
        expression=ranking.hot_key_expression(), output_field=models.FloatField(), db_persist=True
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    # A duplicate merged into another idea redirects there (services/merges.py).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_ideas"
    )
    # What a delivered idea achieved.
    outcome = models.TextField(max_length=5000, blank=True)
    outcome_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    outcome_unit = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            _board_order_index("new"),
            _board_order_index("hot", "-hot_key"),
            _board_order_index("top", "-top_score"),
            _board_order_index("discussed", "-comment_count"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="ideas_idea_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Contributor(models.Model):
    """Who shaped an idea: its author, and the co-authors they invited who accepted."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        COAUTHOR = "coauthor", "Co-author"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="contributors")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contributions")
    role = models.CharField(max_length=16, choices=Role.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_contributor_unique"),
            models.UniqueConstraint(
                fields=["idea"], condition=Q(role="author"), name="ideas_contributor_one_author"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of idea #{self.idea_id} ({self.status})"


class Revision(models.Model):
    """An idea as it was after each edit, with who made it. Number 1 is as submitted."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField()
    field_values = models.JSONField(default=dict)
    tags = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "number"], name="ideas_revision_number"),
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of idea #{self.idea_id}"


class BuildsOn(models.Model):
    """`idea` builds on `source`: shown on both ideas."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="builds_on_links")
    source = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="built_upon_links")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "source"], name="ideas_buildson_unique"),
            models.CheckConstraint(
                condition=~Q(idea=models.F("source")), name="ideas_buildson_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"idea #{self.idea_id} builds on #{self.source_id}"


class Vote(models.Model):
    """One per person per idea: +1, or -1 on boards that allow down votes."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_votes")
    # Denormalized from the idea, for the per-board budget (services/votes.py).
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_vote_one_per_person"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="ideas_vote_up_or_down"),
        ]
        indexes = [models.Index(fields=["board", "user"], name="ideas_vote_budget_idx")]

    def __str__(self) -> str:
        return f"{self.value:+d} by {self.user_id} on idea #{self.idea_id}"


class Ballot(models.Model):
    """A person's votes in use on a board, kept for the budget: a conditional UPDATE
    of this row is what stops two simultaneous votes from overspending it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    votes_used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="ideas_ballot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.votes_used} votes of {self.user_id} on board #{self.board_id}"


class Comment(models.Model):
    """Discussion under an idea (services/discussion.py)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="idea_comments")
    body = models.TextField(max_length=10000, help_text="Markdown.")
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by the board's moderators: seen only by its author and them.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["idea", "created_at"], name="ideas_comment_idea_idx")]

    def __str__(self) -> str:
        return f"comment #{self.pk} on idea #{self.idea_id}"


class Follower(models.Model):
    """People told of an idea's moves: who follow it, besides its voters and authors."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followed_ideas")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_follower_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows idea #{self.idea_id}"


class StageChange(models.Model):
    """An idea moved between stages by a board moderator, with a public note."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=5000, blank=True, help_text="Public. Required to decline.")
    moved_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"idea #{self.idea_id}: {self.from_stage_id} -> {self.to_stage_id}"


class Criterion(models.Model):
    """What a board's reviewers score ideas on (1 to 5)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "position"], name="ideas_criterion_position"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One reviewer's score of one idea on one criterion. Moderators and reviewers
    read them; participants never do."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "criterion", "reviewer"], name="ideas_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="ideas_score_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} for idea #{self.idea_id} by {self.reviewer_id}"


class Merge(models.Model):
    """Idea `source` merged into `target` by a moderator, with what moved, so that
    undoing it restores the exact previous state (services/merges.py)."""

    source = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_out")
    target = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_in")
    merged_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # What moved and what was set aside, as ids and rows, for the undo.
    moved = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(undone_at__isnull=True),
                name="ideas_merge_one_live_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"idea #{self.source_id} merged into #{self.target_id}"


class Attachment(StoredUpload):
    """An image or document attached to an idea; seen by who may read the idea, and
    served by ideas/downloads.py after that check."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")

    class Meta(StoredUpload.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.name} on idea #{self.idea_id}"

    @property
    def url(self) -> str:
        return reverse("idea-file", args=[self.pk])

    @property
    def thumbnail_url(self) -> str | None:
        return reverse("idea-file-thumbnail", args=[self.pk]) if self.thumbnail else None

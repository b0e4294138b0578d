"""What indexing keeps in the database: the backlog of documents Elasticsearch could
not take while it was down, and the progress of each reindex (so that one can be
resumed, and so that writes during it reach the index being built)."""

from django.db import models


class PendingDocument(models.Model):
    """A document to write once Elasticsearch answers again. Only (kind, id): the
    drain reads the row's state when it writes, so one entry covers any number of
    changes."""

    kind = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class ReindexRun(models.Model):
    """One kind's rebuild into a new index: loaded in primary-key order, so
    `last_pk` is where a resumed run continues."""

    kind = models.CharField(max_length=16)
    index = models.CharField(max_length=255, unique=True)
    last_pk = models.BigIntegerField(default=0)
    indexed = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "finished_at"], name="search_reindex_open_idx")]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else f"at pk {self.last_pk}"
        return f"{self.kind} → {self.index} ({state})"

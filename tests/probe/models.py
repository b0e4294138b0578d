from django.db import models


class ProbeEffect(models.Model):
    """One row per time the probe handler's work was committed.

    Deliberately not unique per activity: a duplicate delivery shows up as a
    second row, which is what the exactly-once tests look for.
    """

    activity_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"effect of activity #{self.activity_id}"

"""Open sockets, for presence ("who of its members is online now").

A row per socket rather than process memory: daphne processes are stateless and
several of them share one database. A socket pings every 25 seconds; a row not seen
for PRESENCE_TIMEOUT (a crashed process cannot delete its rows) no longer counts.
"""

from django.conf import settings
from django.db import models


class Connection(models.Model):
    channel_name = models.CharField(max_length=200, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "seen_at"], name="connection_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.channel_name}"

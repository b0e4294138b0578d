"""Following people, communities and hashtags."""

from django.db import models

from network.models.communities import Community
from network.models.people import User
from network.models.posts import Hashtag


class Follow(models.Model):
    """Someone following a person, a community or a hashtag (exactly one of them)."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    hashtag = models.ForeignKey(
        Hashtag, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="network_follow_one_target",
                condition=(
                    models.Q(person__isnull=False, community__isnull=True, hashtag__isnull=True)
                    | models.Q(person__isnull=True, community__isnull=False, hashtag__isnull=True)
                    | models.Q(person__isnull=True, community__isnull=True, hashtag__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                name="network_follow_person",
                condition=models.Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["follower", "community"],
                name="network_follow_community",
                condition=models.Q(community__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["follower", "hashtag"],
                name="network_follow_hashtag",
                condition=models.Q(hashtag__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.follower_id} follows {self.person_id or self.community_id or self.hashtag_id}"
        )

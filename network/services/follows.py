"""Following people, communities and hashtags (what feeds the home page)."""

from django.db import transaction

from network.models import Community, Follow, Hashtag, User


def follow(
    *,
    actor: User,
    person: User | None = None,
    community: Community | None = None,
    hashtag: Hashtag | None = None,
) -> Follow:
    """Follow one thing; following again is harmless. The caller has already checked,
    through network.access, that the actor may see it."""
    target = {"person": person, "community": community, "hashtag": hashtag}
    with transaction.atomic():
        return Follow.objects.get_or_create(
            follower=actor, **{k: v for k, v in target.items() if v is not None}
        )[0]


def unfollow(
    *,
    actor: User,
    person: User | None = None,
    community: Community | None = None,
    hashtag: Hashtag | None = None,
) -> None:
    target = {"person": person, "community": community, "hashtag": hashtag}
    Follow.objects.filter(
        follower=actor, **{k: v for k, v in target.items() if v is not None}
    ).delete()

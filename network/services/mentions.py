"""Resolving @mentions and #hashtags in what people write.

Only people who can read the text (and whom the writer can see) are mentioned:
anyone else's @name stays plain text, is not linked and is never notified.
"""

from django.db.models.functions import Lower
from django.urls import reverse

from network import access
from network.markup import hashtags_in, mentioned_usernames, render_markdown
from network.models import Community, Hashtag, User


def resolve_mentions(*, actor: User, community: Community, text: str) -> list[User]:
    names = mentioned_usernames(text)
    if not names:
        return []
    return list(
        access.people_who_can_read(community)
        .filter(pk__in=access.people_visible_to(actor).values("pk"))
        .annotate(lower_username=Lower("username"))
        .filter(lower_username__in=names)
    )


def render_with_mentions(*, actor: User, community: Community, text: str) -> tuple[str, list[User]]:
    """Render ``text`` and say who is mentioned in it: only names that became links
    (not those inside code, say) count."""
    candidates = resolve_mentions(actor=actor, community=community, text=text)
    links = {user.username.lower(): reverse("person", args=[user.pk]) for user in candidates}
    html = render_markdown(text, mentions=links)
    mentioned = [
        user
        for user in candidates
        if f'href="{links[user.username.lower()]}" class="mention"' in html
    ]
    return html, mentioned


def hashtags_for(text: str) -> list[Hashtag]:
    return [Hashtag.objects.get_or_create(name=name)[0] for name in sorted(hashtags_in(text))]

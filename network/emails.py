"""Email from Bridge to its people: mention alerts, the daily digest, unsubscribing.

An email never carries what its recipient may not see: every excerpt is read
through the access policy at sending time, and links point to pages that check
access again when opened.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from network import access, inbox
from network.models import Membership, Notification, NotificationSettings, Post, User

UNSUBSCRIBE_SALT = "bridge.network.unsubscribe"
UNSUBSCRIBE_KINDS = ("mentions", "digest", "all")
DIGEST_EVERY = timedelta(hours=20)  # a little under a day: beat's timing drifts
DIGEST_LOOKBACK = timedelta(days=1)
DIGEST_MAX_NOTICES = 20
DIGEST_POPULAR_POSTS = 3


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: User, kind: str) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[unsubscribe_token(user, kind)])


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    """The person and kind an unsubscribe link names; None for a forged link."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_KINDS:
        return None
    user = User.objects.filter(pk=data.get("u")).first()
    return (user, data["k"]) if user is not None else None


def _send(user: User, *, subject: str, template: str, context: dict, kind: str) -> None:
    unsubscribe = unsubscribe_url(user, kind)
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "settings_url": settings.SITE_URL + reverse("notification-settings"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(template, context),
        to=[user.email],
        # RFC 8058 one-click unsubscribe: mail clients POST to the link.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def send_mention_email(notification: Notification) -> None:
    """Tell someone they were mentioned, with the words, if they may read them."""
    user = notification.recipient
    notice = inbox.present(user, [notification])[0]
    if not notice.excerpt:
        return  # the post is no longer visible to them: say nothing at all
    _send(
        user,
        subject=f"{notice.text} on Bridge",
        template="network/email/mention.txt",
        context={"notice": notice, "url": settings.SITE_URL + notice.url},
        kind="mentions",
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])


def _popular_posts(user: User, since: object) -> list[Post]:
    mine = Membership.objects.filter(user=user).values("community_id")
    return list(
        access.posts_visible_to(user)
        .filter(community__in=mine, created_at__gte=since)
        .exclude(author=user)
        .annotate(
            engagement=Count("reactions", distinct=True)
            + Count("comments", filter=Q(comments__deleted_at__isnull=True), distinct=True)
        )
        .select_related("author", "community")
        .order_by("-engagement", "-pk")[:DIGEST_POPULAR_POSTS]
    )


def send_digest(user: User) -> bool:
    """The daily digest: unread notifications and popular posts since the last one.

    Idempotent per day: the settings row is locked and stamped, so a duplicated
    task or a second beat sends nothing more. True when an email went out.
    """
    if not (user.is_active and user.email):
        return False
    now = timezone.now()
    with transaction.atomic():
        choices, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        if not choices.email_digest:
            return False
        if choices.last_digest_at and now - choices.last_digest_at < DIGEST_EVERY:
            return False
        since = max(choices.last_digest_at or now - DIGEST_LOOKBACK, now - DIGEST_LOOKBACK)
        unread = list(
            inbox.notifications_for(user, unread_only=True).filter(
                created_at__gte=since, emailed_at__isnull=True
            )[:DIGEST_MAX_NOTICES]
        )
        notices = inbox.present(user, unread)
        popular = _popular_posts(user, since)
        if not notices and not popular:
            return False
        choices.last_digest_at = now
        choices.save(update_fields=["last_digest_at"])
        Notification.objects.filter(pk__in=[n.pk for n in unread]).update(emailed_at=now)
        context = {
            "notices": notices,
            "popular": [
                {
                    "author": post.author.name,
                    "community": post.community.name,
                    "excerpt": Truncator(post.body).chars(200),
                    "url": settings.SITE_URL + reverse("post", args=[post.pk]),
                }
                for post in popular
            ],
        }
        # Sent inside the transaction: if the mail server refuses, nothing is
        # stamped and the next run tries again (at least once, not at most once).
        _send(
            user,
            subject="What you missed on Bridge",
            template="network/email/digest.txt",
            context=context,
            kind="digest",
        )
    return True

"""The share hub: HR curates company content, each person shares it through their
own tracked link, and the clicks it brings are counted and credited.

- Who curates: HR admins and communications staff (``is_communications``, a staff
  role flag as decision 0003 has them); everyone else gets 403.
- Who shares: anyone signed in whose affiliation the item is open to (employees by
  default). Everyone else, and an item that is retired or out of its dates, is a
  404, as if it did not exist.
- The disclosure: the share text is composed here, never by the client. The
  ambassador's words come first, then the tracked link, then a disclosure of their
  relation to the company (FTC endorsement guides: a material connection must be
  disclosed clearly). It is not stored with their words, so no edit removes it.
- Clicks: once per visitor per day and link (a unique constraint; the insert does
  nothing on conflict), never from a crawler (``crawlerdetect``) nor from the
  ambassador (signed in, or from a visitor hash they opened the hub from). Each
  counted click records ``share.clicked``, personal to the ambassador, which HR's
  rules reward through the ``share_clicked`` earning.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

import activity
from activity.models import Audience
from network.access import NotFound, one_or_none
from network.models import Affiliation, User
from rewards.access import is_hr
from rewards.models import ShareClick, ShareItem, ShareLink

EDITABLE = ("title", "url", "suggested_text", "affiliations", "active", "starts_at", "ends_at")
OWN_VISITORS_KEPT = 10

# What each relation must disclose. Partners and customers may share what HR opens
# to them; they are rewarded too, so they disclose it as plainly as employees do.
DISCLOSURES: dict[str, str] = {
    Affiliation.EMPLOYEE: "I work at {company} and may be rewarded for sharing. #employee",
    Affiliation.PARTNER: "I'm a partner of {company} and may be rewarded for sharing. #partner",
    Affiliation.CUSTOMER: "I'm a customer of {company} and may be rewarded for sharing. #ad",
}

_crawlers = CrawlerDetect()


# --- Who sees what ---------------------------------------------------------------------


def _open_to(affiliation: str) -> Q:
    """Items whose affiliations list holds this one (SQLite reads the list in Python,
    as rewards/access.py does for the catalog)."""
    if connection.features.supports_json_field_contains:
        return Q(affiliations__contains=[affiliation])
    listed = ShareItem.objects.values_list("pk", "affiliations")
    return Q(pk__in=[pk for pk, affiliations in listed if affiliation in affiliations])


def _live(now: datetime) -> Q:
    return (
        Q(active=True)
        & (Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )


def items_shareable_by(user: User | AnonymousUser) -> QuerySet[ShareItem]:
    """What a person may share now (HR's own hub too: HR curates in the console)."""
    if not (user.is_authenticated and user.is_active):
        return ShareItem.objects.none()
    return ShareItem.objects.filter(_open_to(user.affiliation), _live(timezone.now()))


def is_curator(user: User | AnonymousUser) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_hr(user) or user.is_communications


def items_visible_to(user: User | AnonymousUser) -> QuerySet[ShareItem]:
    """Curators see every item, retired ones too; others what they may share."""
    return ShareItem.objects.all() if is_curator(user) else items_shareable_by(user)


def access_item(user: User | AnonymousUser, item_id: int) -> ShareItem:
    item = one_or_none(items_visible_to(user), pk=item_id)
    if item is None:
        raise NotFound("No such item to share.")
    return item


def access_shareable(user: User | AnonymousUser, item_id: int) -> ShareItem:
    """An item the person may share now; 404 otherwise, for HR too (a retired item
    gets no new links)."""
    item = one_or_none(items_shareable_by(user), pk=item_id)
    if item is None:
        raise NotFound("No such item to share.")
    return item


# --- Curating (HR) -------------------------------------------------------------------


def _check_curator(actor: User) -> None:
    if not is_curator(actor):
        raise PermissionDenied("Only HR and communications curate the share hub.")


def _clean_url(url: str, errors: dict[str, str]) -> str:
    cleaned = (url or "").strip()
    try:
        # http(s) only: the redirect sends visitors there, so no javascript: or data:.
        URLValidator(schemes=["http", "https"])(cleaned)
    except ValidationError:
        errors["url"] = "Give the full address of the page, starting with https://."
    return cleaned


def _clean(fields: dict[str, Any], current: ShareItem | None = None) -> dict[str, Any]:
    """The fields given, checked together: every error at once, by field."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    for name, message in (
        ("title", "Give the item a title."),
        ("suggested_text", "Suggest words to share it with."),
    ):
        if name in fields:
            cleaned[name] = (fields[name] or "").strip()
            if not cleaned[name]:
                errors[name] = message
    if "url" in fields:
        cleaned["url"] = _clean_url(fields["url"], errors)
    if "affiliations" in fields:
        chosen: Sequence[str] = fields["affiliations"] or ()
        if not chosen or set(chosen) - set(Affiliation.values):
            errors["affiliations"] = f"Choose among {', '.join(Affiliation.values)}."
        else:
            cleaned["affiliations"] = sorted(set(chosen))
    starts = cleaned.get("starts_at", current.starts_at if current else None)
    ends = cleaned.get("ends_at", current.ends_at if current else None)
    if starts and ends and ends <= starts:
        errors["ends_at"] = "The end comes after the start."
    if errors:
        raise ValidationError(errors)
    return cleaned


def _record_curation(actor: User, item: ShareItem, verb: str, fields: Sequence[str]) -> None:
    # HR's audit trail, not news for everyone.
    activity.record(
        actor=actor,
        verb=verb,
        object_type="share_item",
        object_id=item.pk,
        audience=Audience.STAFF,
        payload={"fields": sorted(fields), "active": item.active},
    )


def share_item_create(
    *,
    actor: User,
    title: str,
    url: str,
    suggested_text: str,
    affiliations: Sequence[str] = (Affiliation.EMPLOYEE,),
    active: bool = True,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> ShareItem:
    """HR puts something in the hub for people to share."""
    _check_curator(actor)
    fields = _clean(
        {
            "title": title,
            "url": url,
            "suggested_text": suggested_text,
            "affiliations": affiliations,
            "active": active,
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
    )
    with transaction.atomic():
        item = ShareItem.objects.create(created_by=actor, **fields)
        _record_curation(actor, item, "share_item.created", fields)
    return item


def share_item_update(*, actor: User, item: ShareItem, **changes: Any) -> ShareItem:
    """HR changes an item. Links already shared keep their token and now lead to the
    item's new address: a link is to the item, not to a URL."""
    _check_curator(actor)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"Not editable: {', '.join(unknown)}")
    fields = _clean(changes, current=item)
    if not fields:
        return item
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=[*fields, "updated_at"])
        verb = "share_item.retired" if fields.get("active") is False else "share_item.updated"
        _record_curation(actor, item, verb, fields)
    return item


def share_item_retire(*, actor: User, item: ShareItem) -> ShareItem:
    """HR takes an item out of the hub. Its links still redirect but count nothing."""
    return item if not item.active else share_item_update(actor=actor, item=item, active=False)


# --- Links and the text ----------------------------------------------------------------


def visitor_of(ip: str, user_agent: str) -> str:
    """Who clicked, as a keyed hash of address and browser: enough to count a visitor
    once a day, never the address itself (the key is the site's secret)."""
    return salted_hmac(
        "rewards.share.visitor", f"{ip}\n{user_agent}", algorithm="sha256"
    ).hexdigest()


def link_for(person: User, item: ShareItem, *, visitor: str = "") -> ShareLink:
    """The person's tracked link to an item, made on first use. ``visitor``: the
    hash of the browser asking, remembered so its clicks count as the person's own."""
    if not (person.is_authenticated and person.is_active):
        raise PermissionDenied("Sign in to share.")
    with transaction.atomic():
        link, created = ShareLink.objects.select_for_update().get_or_create(
            item=item,
            ambassador=person,
            defaults={
                "token": secrets.token_urlsafe(24),
                "own_visitors": [visitor] if visitor else [],
            },
        )
        if created:
            activity.record(
                actor=person,
                verb="share.link_created",
                object_type="share_link",
                object_id=link.pk,
                payload={"item": item.pk},
            )
        elif visitor and visitor not in link.own_visitors:
            link.own_visitors = [*link.own_visitors, visitor][-OWN_VISITORS_KEPT:]
            link.save(update_fields=["own_visitors", "updated_at"])
    return link


def link_text_set(*, actor: User, link: ShareLink, text: str) -> ShareLink:
    """The ambassador rewords their share (empty: the suggested text again). The
    disclosure is not theirs to edit: share_text adds it whatever they write."""
    if link.ambassador_id != actor.pk:
        raise PermissionDenied("Only the link's owner words it.")
    cleaned = (text or "").strip()
    if len(cleaned) > ShareLink._meta.get_field("text").max_length:
        raise ValidationError({"text": "Keep it under 1000 characters."})
    with transaction.atomic():
        link.text = cleaned
        link.save(update_fields=["text", "updated_at"])
        activity.record(
            actor=actor,
            verb="share.link_reworded",
            object_type="share_link",
            object_id=link.pk,
            payload={"item": link.item_id},
        )
    return link


def tracked_url(link: ShareLink) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("share-redirect", args=[link.token])


def disclosure_for(person: User) -> str:
    return DISCLOSURES[person.affiliation].format(company=settings.COMPANY_NAME)


def share_text(link: ShareLink) -> str:
    """What the ambassador posts: their words, the tracked link, the disclosure."""
    words = link.text or link.item.suggested_text
    return f"{words}\n\n{tracked_url(link)}\n\n{disclosure_for(link.ambassador)}"


# --- Clicks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Click:
    url: str  # where the visitor goes: always the item's stored address
    counted: bool
    reason: str  # "counted", "bot", "self", "repeat", "retired", "inactive"


def access_link_target(token: str) -> str:
    """Where a link leads, counting nothing; NotFound for an unknown token."""
    link = one_or_none(ShareLink.objects.select_related("item"), token=token)
    if link is None:
        raise NotFound("No such link.")
    return link.item.url


def _is_bot(user_agent: str) -> bool:
    # No user agent at all is a script, not a person's browser.
    return not user_agent.strip() or _crawlers.isCrawler(user_agent)


def _insert_once(link: ShareLink, visitor: str, day: object) -> bool:
    """The click, unless this visitor was counted on this link today. The database
    decides (ON CONFLICT DO NOTHING on the unique constraint), so racing requests
    count once; RETURNING says whether this one did."""
    table = ShareClick._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (link_id, visitor, day, created_at) "  # noqa: S608 -- our table name
            "VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (link_id, visitor, day) DO NOTHING RETURNING id",
            [link.pk, visitor, day, timezone.now()],
        )
        return cursor.fetchone() is not None


def record_click(
    *, token: str, visitor: str, user_agent: str, signed_in_user: User | AnonymousUser
) -> Click:
    """Someone followed a tracked link: count it if it is a new visitor today, a
    person and not the ambassador. Unknown token: NotFound."""
    link = one_or_none(ShareLink.objects.select_related("item", "ambassador"), token=token)
    if link is None:
        raise NotFound("No such link.")
    item = link.item

    def outcome(reason: str) -> Click:
        return Click(url=item.url, counted=reason == "counted", reason=reason)

    if not ShareItem.objects.filter(_live(timezone.now()), pk=item.pk).exists():
        return outcome("retired")
    if _is_bot(user_agent):
        return outcome("bot")
    if signed_in_user.pk == link.ambassador_id or visitor in link.own_visitors:
        return outcome("self")
    if not link.ambassador.is_active:  # deactivated people earn nothing more
        return outcome("inactive")
    with transaction.atomic():
        if not _insert_once(link, visitor, timezone.localdate()):
            return outcome("repeat")
        activity.record(
            actor=None,
            verb="share.clicked",
            object_type="share_link",
            object_id=link.pk,
            audience=Audience.PERSONAL,
            payload={
                "ambassador": link.ambassador_id,
                "notify": [link.ambassador_id],
                "item": item.pk,
            },
        )
    return outcome("counted")


# --- Counts ----------------------------------------------------------------------------


def clicks_by_item(person: User) -> dict[int, int]:
    """The person's counted clicks, per item."""
    rows = (
        ShareClick.objects.filter(link__ambassador=person)
        .values("link__item")
        .annotate(n=Count("pk"))
    )
    return {row["link__item"]: row["n"] for row in rows}


def items_with_counts() -> QuerySet[ShareItem]:
    """Every item with its links and counted clicks, for HR."""
    return ShareItem.objects.annotate(
        link_count=Count("links", distinct=True), click_count=Count("links__clicks")
    ).order_by("-created_at", "-pk")

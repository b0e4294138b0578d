"""The share hub's pages: ``/share/``, where people find what they may share with
their own tracked link, and ``/s/<token>``, the public redirect that counts clicks.

The redirect is the one page of Bridge open to the whole internet. It only ever
sends visitors to the item's stored address (never to one from the request: no
open redirect) and is rate-limited per address, failing open if the cache is down.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from redis.exceptions import RedisError

from frontend.feedback import add_form_errors
from rewards.models import ShareItem
from rewards.services import share

# Clicks one address may make a minute before it is told to slow down (429).
CLICKS_PER_MINUTE = 30


class WordsForm(forms.Form):
    text = forms.CharField(
        label="Your words",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty for the suggested text. The disclosure below is always added.",
    )


def _prefix(item: ShareItem) -> str:
    return f"item-{item.pk}"  # several forms on one page, each its own field ids


def _visitor(request: HttpRequest) -> str:
    return share.visitor_of(
        request.META.get("REMOTE_ADDR", ""), request.headers.get("user-agent", "")
    )


def _card(
    request: HttpRequest, item: ShareItem, clicks: dict[int, int], form: WordsForm | None
) -> dict:
    link = share.link_for(request.user, item, visitor=_visitor(request))
    text = share.share_text(link)
    url = share.tracked_url(link)
    return {
        "item": item,
        "link": link,
        "url": url,
        "text": text,
        "disclosure": share.disclosure_for(request.user),
        "form": form
        or WordsForm(prefix=_prefix(item), initial={"text": link.text or item.suggested_text}),
        "clicks": clicks.get(item.pk, 0),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        "x": "https://twitter.com/intent/tweet?" + urlencode({"text": text}),
    }


def _hub(request: HttpRequest, failed: tuple[int, WordsForm] | None = None) -> HttpResponse:
    clicks = share.clicks_by_item(request.user)
    cards = [
        _card(request, item, clicks, failed[1] if failed and failed[0] == item.pk else None)
        for item in share.items_shareable_by(request.user)
    ]
    return render(
        request,
        "frontend/share/hub.html",
        {"cards": cards, "curator": share.is_curator(request.user)},
        status=400 if failed else 200,
    )


@login_required
@require_GET
def hub(request: HttpRequest) -> HttpResponse:
    return _hub(request)


@login_required
@require_POST
def reword(request: HttpRequest, item_id: int) -> HttpResponse:
    """The ambassador's own words for one item; the disclosure is not in the form."""
    item = share.access_shareable(request.user, item_id)
    form = WordsForm(request.POST, prefix=_prefix(item))
    if form.is_valid():
        link = share.link_for(request.user, item, visitor=_visitor(request))
        try:
            text = form.cleaned_data["text"]
            # The suggested text sent back unchanged is no rewording of one's own.
            share.link_text_set(
                actor=request.user, link=link, text="" if text == item.suggested_text else text
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Your words are saved.")
            return redirect("share-hub")
    return _hub(request, failed=(item.pk, form))


def _over_limit(request: HttpRequest) -> bool:
    key = "share:clicks:" + share.visitor_of(request.META.get("REMOTE_ADDR", ""), "")
    try:
        cache.add(key, 0, timeout=60)
        return cache.incr(key) > CLICKS_PER_MINUTE
    except (ValueError, RedisError):  # expired between the two calls, or Redis is down
        return False


@never_cache
@require_safe
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """A tracked link: count the click if it should be, then go to the item. A HEAD
    (link checkers, previews) is answered the same way but is nobody's click."""
    if _over_limit(request):
        response = HttpResponse("Too many requests: try again in a minute.", status=429)
        response["Retry-After"] = "60"
        return response
    if request.method == "HEAD":
        return HttpResponseRedirect(share.access_link_target(token))
    click = share.record_click(
        token=token,
        visitor=_visitor(request),
        user_agent=request.headers.get("user-agent", ""),
        signed_in_user=request.user,
    )
    return HttpResponseRedirect(click.url)

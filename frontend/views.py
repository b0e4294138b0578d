from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from activity.selectors import latest_activity_id
from bridge.params import whole_number
from frontend.forms import StyleguideForm
from network import access, feed, selectors
from network.markup import hashtag_name
from network.models import Community, Hashtag
from network.services import follows

FEED_PAGE = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home feed, newest first (``?before=<id>``) or top (``?order=top``)."""
    order = "top" if request.GET.get("order") == "top" else "newest"
    before = None
    if order == "top":
        as_of = feed.top_snapshot(request.GET.get("as_of"))
        page = request.GET.get("page", "")
        page = int(page) if page.isdecimal() and 0 < int(page) < 1000 else 1  # noqa: PLR2004
        posts = list(feed.home_feed_top(request.user, as_of=as_of, page=page, size=FEED_PAGE))
        more = "?" + urlencode({"order": "top", "as_of": as_of.isoformat(), "page": page + 1})
    else:
        before = whole_number(request.GET.get("before"))
        posts = list(feed.home_feed(request.user, before=before, size=FEED_PAGE))
        more = f"?before={posts[FEED_PAGE - 1].pk}" if len(posts) > FEED_PAGE else ""
    communities = {post.community_id: post.community for post in posts}
    audiences = selectors.visible_to_many(list(communities.values()))
    for post in posts:
        post.audience_text = audiences[post.community_id]
    return render(
        request,
        "frontend/home.html",
        {
            "communities": selectors.communities_of(request.user),
            "order": order,
            "posts": posts[:FEED_PAGE],
            "more": more if len(posts) > FEED_PAGE else "",
            # New posts go on top of the newest ones: not of "top", nor of an older page.
            "live_feed": order == "newest" and before is None,
            "live_cursor": latest_activity_id(),
        },
    )


@login_required
@require_POST
def follow_toggle(request: HttpRequest) -> HttpResponse:
    """Follow or unfollow from a button; what is followed must be visible."""
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    # isdecimal, not isdigit: int() refuses digits such as "²".
    if kind == "person" and key.isdecimal():
        target = {"person": access.access_person(request.user, int(key))}
    elif kind == "community" and key.isdecimal():
        target = {"community": access.access_community(request.user, int(key))}
    elif kind == "hashtag" and hashtag_name(key):
        target = {"hashtag": Hashtag.objects.get_or_create(name=hashtag_name(key))[0]}
    else:
        raise access.NotFound("Nothing to follow.")
    if request.POST.get("action") == "unfollow":
        follows.unfollow(actor=request.user, **target)
    else:
        follows.follow(actor=request.user, **target)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)


@login_required
def styleguide(request: HttpRequest) -> HttpResponse:
    """Every component of the design system, for people building pages."""
    form = StyleguideForm(data={"name": "", "audience": "customer"})
    form.is_valid()  # so the page shows a field with an error next to it
    samples = [
        Community(
            name="Engineering",
            audience="internal",
            visibility="open",
            description="Employees only.",
        ),
        Community(
            name="Partner Network",
            audience="partner",
            visibility="private",
            description="Employees and invited partners.",
        ),
        Community(
            name="Customer Council",
            audience="customer",
            visibility="secret",
            description="Employees and invited customers.",
        ),
    ]
    for number, sample in enumerate(samples, start=3):
        sample.member_count = number
    return render(request, "frontend/styleguide.html", {"form": form, "samples": samples})

"""Fragments the live pages fetch when their socket says something changed
(static/frontend/js/live-page.js; the protocol is in docs/realtime.md).

Events carry ids, never content: every fragment goes through the access policy
again, so a reader gets only what the page itself would have shown them. A single
object hidden from the reader is a 404, like a missing one; a list simply leaves
out what the reader may not see.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bridge.params import whole_number
from network import access, selectors
from network.models import Post, User
from realtime import presence
from realtime.events import PresenceSnapshot

# A "N new posts" bar rarely holds more; past this, the reader reloads the page.
MAX_CARDS = 50


def _in_home_feed(request: HttpRequest) -> bool:
    """Cards of the home feed name their community and show read-only counts."""
    return request.GET.get("in") == "home"


@login_required
@require_GET
def comment_fragment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A new comment as its post's page renders it: a thread for a top-level
    comment, a reply for the others."""
    comment = access.access_comment(request.user, comment_id)
    post = comment.post
    # Read through the thread selector of the post's page: a reply under a hidden or
    # deleted comment is not shown there, so it is missing here too.
    threads = selectors.post_threads(post, request.user)
    context = {
        "post": post,
        "is_moderator": access.is_moderator(request.user, post.community),
        "takes_part": access.membership_of(request.user, post.community) is not None,
    }
    if comment.parent_id is None:
        thread = threads.filter(pk=comment.pk).first()
        if thread is None:
            raise access.NotFound("No such comment.")
        return render(request, "frontend/partials/thread.html", {**context, "thread": thread})
    if not threads.filter(pk=comment.parent_id).exists():
        raise access.NotFound("No such comment.")
    return render(request, "frontend/partials/comment.html", {**context, "comment": comment})


@login_required
@require_GET
def post_counts(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's reaction bar and comment count, after reactions or comments."""
    post = access.access_post(request.user, post_id)
    engaged = selectors.with_engagement(Post.objects.filter(pk=post.pk), request.user).get()
    is_member = access.membership_of(request.user, post.community) is not None
    takes_part = is_member and not _in_home_feed(request)
    return render(
        request, "frontend/partials/post_foot.html", {"post": engaged, "takes_part": takes_part}
    )


@login_required
@require_GET
def post_cards(request: HttpRequest) -> HttpResponse:
    """The cards of new posts (``?ids=3,5,8``) that the reader may read, newest first,
    for the "N new posts" bar; ``in=home`` renders them as the home feed does."""
    ids = {whole_number(raw) for raw in request.GET.get("ids", "").split(",")[:MAX_CARDS]}
    ids.discard(None)
    posts = list(
        selectors.with_engagement(access.posts_visible_to(request.user), request.user)
        .filter(pk__in=ids)
        .order_by("-created_at", "-pk")
    )
    communities = {post.community_id: post.community for post in posts}
    audiences = selectors.visible_to_many(list(communities.values()))
    member_of = set(access.community_ids_of_member(request.user))
    for post in posts:
        post.audience_text = audiences[post.community_id]
        post.reader_takes_part = not _in_home_feed(request) and post.community_id in member_of
    return render(
        request,
        "frontend/partials/post_cards.html",
        {"posts": posts, "show_community": _in_home_feed(request)},
    )


def online_now(user: User, community_id: int) -> PresenceSnapshot:
    """Who of a community's members is online, for a member's first paint: the reader
    is, since they are looking at the page (their socket opens a moment later)."""
    return presence.snapshot(community_id, including=user)

"""Posting from the community page, and a post's own page (edit, history, delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from activity.selectors import latest_activity_id
from bridge.errors import Conflict
from frontend import moderation
from frontend.feedback import add_form_errors, attempt
from frontend.forms import CommentForm, ComposerForm, PostForm
from network import access, selectors
from network.markup import hashtag_name
from network.models import Comment, Poll, Post
from network.services import conversations
from network.services import polls as poll_services
from network.services import posts as post_services


@login_required
@require_POST
def post_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = access.access_community(request.user, community_id)
    form = ComposerForm(request.POST, request.FILES)
    errors: dict[str, list[str]] = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            post_services.post_create(
                actor=request.user,
                community=community,
                body=data["body"],
                poll_options=data["poll_options"],
                poll_multiple=data["poll_multiple"],
                poll_closes_at=data["poll_closes_at"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Posted.")
            return redirect("community", community_id=community.pk)
    else:
        errors = {field: list(field_errors) for field, field_errors in form.errors.items()}
    # Keep what the person wrote: it comes back in the composer, with the errors
    # next to the fields they are about.
    request.session["draft_post"] = request.POST.get("body", "")[:20000]
    request.session["draft_post_errors"] = errors
    return redirect(f"{reverse('community', args=[community.pk])}#composer")


@login_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        post = access.access_post(request.user, post_id)
    except access.NotFound:
        # Its author learns why moderators removed it; anyone else gets the 404.
        notice = moderation.removed_post(request, post_id)
        if notice is None:
            raise
        return notice
    form = PostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            post_services.post_edit(actor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.messages)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("post", post_id=post.pk)
    return render_post(request, post, form=form)


def render_post(
    request: HttpRequest,
    post: Post,
    form: PostForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    """A post's page; bound forms come back with their errors and what was typed."""
    is_moderator = access.is_moderator(request.user, post.community)
    history = post_services.post_history(actor=request.user, post=post) if is_moderator else []
    engaged = selectors.with_engagement(Post.objects.filter(pk=post.pk), request.user).get()
    engaged.community = post.community
    return render(
        request,
        "frontend/posts/detail.html",
        {
            "post": engaged,
            "form": form or PostForm(initial={"body": post.body}),
            "history": history,
            "threads": selectors.post_threads(post, request.user),
            "audience": selectors.visible_to(post.community),
            "comment_form": comment_form or CommentForm(),
            "takes_part": access.membership_of(request.user, post.community) is not None,
            "is_moderator": is_moderator,
            "can_edit": post.author_id == request.user.pk,
            "can_delete": post.author_id == request.user.pk or is_moderator,
            "live_cursor": latest_activity_id(),
        },
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    if attempt(
        request,
        lambda: post_services.post_delete(actor=request.user, post=post),
        "The post is deleted.",
    ):
        return redirect("community", community_id=post.community_id)
    return redirect("post", post_id=post.pk)


def _back_to(post: Post) -> HttpResponse:
    return redirect(f"{reverse('post', args=[post.pk])}#comments")


@login_required
@require_POST
def comment_create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        parent = Comment.objects.filter(pk=parent_id, post=post).first() if parent_id else None
        try:
            if parent_id and parent is None:
                raise ValidationError({"parent": "Reply to a comment on this post."})
            conversations.comment_create(
                actor=request.user, post=post, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            return _back_to(post)
    return render_post(request, post, comment_form=form)


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.access_comment(request.user, comment_id)
    attempt(request, lambda: conversations.comment_delete(actor=request.user, comment=comment))
    return _back_to(comment.post)


@login_required
@require_POST
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    kind = request.POST.get("kind", "")
    attempt(
        request, lambda: conversations.reaction_toggle(actor=request.user, post=post, kind=kind)
    )
    engaged = selectors.with_engagement(Post.objects.filter(pk=post.pk), request.user).get()
    if request.htmx:
        return render(
            request, "frontend/partials/reactions.html", {"post": engaged, "takes_part": True}
        )
    return redirect("post", post_id=post.pk)


@login_required
@require_POST
def post_pin(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    pinned = request.POST.get("pinned") == "1"
    attempt(
        request,
        lambda: post_services.post_pin(actor=request.user, post=post, pinned=pinned),
        "Pinned to the top of the community." if pinned else "Unpinned.",
    )
    return redirect("post", post_id=post.pk)


@login_required
def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    name = hashtag_name(tag)
    if name is None:
        raise access.NotFound("No such hashtag.")
    posts = selectors.hashtag_posts(request.user, name)[:50]
    following = selectors.follow_state(request.user, hashtag__name=name)
    return render(
        request,
        "frontend/posts/hashtag.html",
        {"tag": name, "posts": posts, "following": following},
    )


@login_required
@require_POST
def poll_vote(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    poll = Poll.objects.filter(post=post).first()
    if poll is None:
        raise Http404
    option_ids = [int(value) for value in request.POST.getlist("options") if value.isdecimal()]
    attempt(
        request,
        lambda: poll_services.poll_vote(actor=request.user, poll=poll, option_ids=option_ids),
        "Vote counted.",
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("post", args=[post.pk])  # never off-site
    return redirect(back)

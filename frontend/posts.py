"""Posting from the community page, and a post's own page (edit, history, delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bridge.errors import Conflict
from frontend.forms import PostForm
from network import access
from network.services import posts as post_services


@login_required
@require_POST
def post_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = access.access_community(request.user, community_id)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post_services.post_create(
                actor=request.user, community=community, body=form.cleaned_data["body"]
            )
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Posted.")
            return redirect("community", community_id=community.pk)
    else:
        messages.error(request, "; ".join(form.errors.get("body", ["Write something first."])))
    # Keep what the person wrote: it comes back in the composer.
    request.session["draft_post"] = request.POST.get("body", "")[:20000]
    return redirect("community", community_id=community.pk)


@login_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
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
    is_moderator = access.is_moderator(request.user, post.community)
    history = post_services.post_history(actor=request.user, post=post) if is_moderator else []
    return render(
        request,
        "frontend/posts/detail.html",
        {
            "post": post,
            "form": form,
            "history": history,
            "can_edit": post.author_id == request.user.pk,
            "can_delete": post.author_id == request.user.pk or is_moderator,
        },
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    try:
        post_services.post_delete(actor=request.user, post=post)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("post", post_id=post.pk)
    messages.success(request, "The post is deleted.")
    return redirect("community", community_id=post.community_id)

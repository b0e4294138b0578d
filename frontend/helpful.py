"""The "Helpful" button under a comment on a post's page (network/services/helpful.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontend.feedback import attempt
from network import access
from network.services import helpful


@login_required
@require_POST
def comment_helpful(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Mark or unmark (POST `helpful` = "1" or "0"); htmx swaps the comment in place."""
    comment = access.access_comment(request.user, comment_id)
    change = (
        helpful.comment_mark_helpful
        if request.POST.get("helpful", "1") == "1"
        else helpful.comment_unmark_helpful
    )
    attempt(request, lambda: change(actor=request.user, comment=comment))
    if not request.htmx:
        return redirect(f"{reverse('post', args=[comment.post_id])}#comment-{comment.pk}")
    comment = access.access_comment(request.user, comment_id)
    post = comment.post
    context = {
        "comment": comment,
        "post": post,
        "is_moderator": access.is_moderator(request.user, post.community),
        "takes_part": access.membership_of(request.user, post.community) is not None,
    }
    return render(request, "frontend/partials/comment.html", context)

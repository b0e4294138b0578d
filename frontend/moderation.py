"""Moderation pages: reporting from a post or comment, the queue, decisions, the audit trail."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bridge.errors import Conflict
from bridge.params import whole_number
from frontend.feedback import attempt
from network import access
from network import selectors_moderation as moderation_selectors
from network.models import Comment, Community, Post, Report
from network.services import moderation

QUEUE_PAGE = 25
AUDIT_PAGE = 50


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="What is wrong?", choices=Report.Reason.choices)
    note = forms.CharField(
        label="Anything the moderators should know? (optional)",
        required=False,
        max_length=moderation.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=list(moderation.ACTIONS.items()))
    reason = forms.CharField(required=False, max_length=moderation.MAX_REASON)
    ban_author = forms.BooleanField(required=False)


def _target(request: HttpRequest, kind: str, target_id: int) -> tuple[Post, Comment | None]:
    """The post or comment, if the person may see it (404 otherwise)."""
    if kind == "comment":
        comment = access.access_comment(request.user, target_id)
        return comment.post, comment
    return access.access_post(request.user, target_id), None


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@login_required
@require_POST
def report(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    """Report a post or comment; htmx gets the disclosure's new content back."""
    post, comment = _target(request, kind, target_id)
    form = ReportForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            moderation.report_create(
                actor=request.user, post=post, comment=comment, **form.cleaned_data
            )
        except Conflict as conflict:
            error = conflict.message
        except ValidationError as invalid:
            error = "; ".join(invalid.messages)
    else:
        error = "; ".join(message for errors in form.errors.values() for message in errors)
    if request.htmx:
        context = {"error": error, "form": form, "kind": kind, "target_id": target_id}
        return render(request, "frontend/moderation/_report_result.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Thank you: the moderators will look at it.")
    return redirect(f"{reverse('post', args=[post.pk])}#{kind}-{target_id}")


@login_required
@require_POST
def decide(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    post, comment = _target(request, kind, target_id)
    form = DecisionForm(request.POST)
    fallback = reverse("community-moderation", args=[post.community_id])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "; ".join(errors))
        return _back(request, fallback)
    data = form.cleaned_data
    done = {
        moderation.HIDE: "Hidden: only its author and the moderators see it now.",
        moderation.UNHIDE: "Visible again.",
        moderation.REMOVE: "Removed; the author is told why.",
        moderation.DISMISS: "Reports dismissed.",
    }[data["action"]]
    if data["ban_author"]:
        done += " The author is banned from the community."
    attempt(
        request,
        lambda: moderation.moderation_decide(
            actor=request.user, post=post, comment=comment, **data
        ),
        done,
    )
    return _back(request, fallback)


def _moderated(request: HttpRequest, community_id: int) -> Community:
    community = access.access_community(request.user, community_id)
    if not access.is_moderator(request.user, community):
        raise PermissionDenied("Only the community's moderators see this.")
    return community


def _queue(
    request: HttpRequest, community_ids: QuerySet, community: Community | None
) -> HttpResponse:
    history = request.GET.get("tab") == "history"
    rows = (
        moderation_selectors.decided_groups(community_ids)
        if history
        else moderation_selectors.open_groups(community_ids)
    )
    page = Paginator(rows, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/moderation/queue.html",
        {
            "community": community,
            "history": history,
            "page": page,
            "items": moderation_selectors.queue_items(list(page.object_list)),
            "open_count": moderation_selectors.open_groups(community_ids).count(),
            "reasons": Report.Reason.choices,
        },
    )


@login_required
def community_queue(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _moderated(request, community_id)
    return _queue(request, Community.objects.filter(pk=community.pk).values("pk"), community)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Every community the person moderates (platform admins: all) in one queue."""
    if not moderation_selectors.moderates_anything(request.user):
        raise PermissionDenied("The moderation queue is for moderators.")
    return _queue(request, moderation_selectors.queue_community_ids(request.user), None)


@login_required
def audit(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _moderated(request, community_id)
    entries = moderation_selectors.audit_trail(community)
    before = whole_number(request.GET.get("before"))
    if before is not None:
        entries = entries.filter(pk__lt=before)
    entries = list(entries[: AUDIT_PAGE + 1])
    summaries = moderation_selectors.describe(entries)
    for entry in entries:
        entry.summary = summaries[entry.pk]
    return render(
        request,
        "frontend/moderation/audit.html",
        {
            "community": community,
            "entries": entries[:AUDIT_PAGE],
            "older": entries[AUDIT_PAGE - 1].pk if len(entries) > AUDIT_PAGE else None,
        },
    )


def removed_post(request: HttpRequest, post_id: int) -> HttpResponse | None:
    """The notice an author gets instead of their removed post (None for others)."""
    post = moderation_selectors.removed_post_of(request.user, post_id)
    if post is None:
        return None
    return render(request, "frontend/moderation/removed.html", {"post": post}, status=410)

"""Community pages: the list, a community, creating one, and membership actions."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from activity.selectors import latest_activity_id
from frontend.feedback import attempt
from frontend.forms import (
    BulkInviteForm,
    CommunityForm,
    ComposerForm,
    InviteForm,
    JoinRequestForm,
)
from frontend.ideas import community_boards
from frontend.live import online_now
from network import access, selectors
from network.models import Community, JoinRequest
from network.selectors_moderation import open_report_count
from network.services import communities as community_services
from network.services import memberships as membership_services


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/communities/list.html",
        {
            "communities": selectors.communities_listed(request.user),
            "my_roles": selectors.my_roles(request.user),
            "can_create": community_services.can_create_communities(request.user),
        },
    )


@login_required
def community_detail(request: HttpRequest, community_id: int) -> HttpResponse:
    return render_community(request, access.access_community(request.user, community_id))


def render_community(request: HttpRequest, community: Community, **forms: Form) -> HttpResponse:
    """The community page; ``forms`` are bound forms to show again with their errors
    (``post_form``, ``join_form``, ``invite_form``), keeping what the person typed."""
    can_read = access.can_read_community(request.user, community)
    is_moderator = access.is_moderator(request.user, community)
    membership = access.membership_of(request.user, community)
    pending = JoinRequest.objects.filter(
        community=community, user=request.user, status=JoinRequest.Status.PENDING
    ).exists()
    return render(
        request,
        "frontend/communities/detail.html",
        {
            "community": community,
            "membership": membership,
            "can_read": can_read,
            "is_moderator": is_moderator,
            "is_owner": access.is_owner(request.user, community),
            "open_reports": open_report_count(community) if is_moderator else 0,
            "members": selectors.members_of(community) if can_read else [],
            "requests": selectors.pending_requests(community) if is_moderator else [],
            "has_pending_request": pending,
            "join_form": forms.get("join_form") or JoinRequestForm(),
            "invite_form": forms.get("invite_form") or InviteForm(),
            "bulk_form": BulkInviteForm(),
            "invitations": selectors.open_invitations(community) if is_moderator else [],
            "posts": selectors.community_posts(request.user, community).filter(
                pinned_at__isnull=True
            )[:30]
            if can_read
            else [],
            "pinned": selectors.pinned_posts(request.user, community) if can_read else [],
            "takes_part": membership is not None,
            "following": selectors.follow_state(request.user, community=community),
            "audience": selectors.visible_to(community) if can_read else None,
            "post_form": forms.get("post_form") or ComposerForm.from_draft(request.session),
            # Presence is for members only: nobody else gets the block, or the events.
            "presence": online_now(request.user, community.pk) if membership else None,
            "live_cursor": latest_activity_id() if can_read else 0,
            "boards": community_boards(request.user, community) if can_read else [],
        },
    )


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = community_services.community_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{community.name} is ready. Invite people in.")
            return redirect("community", community_id=community.pk)
    return render(
        request,
        "frontend/communities/create.html",
        {
            "form": form,
            "can_create": community_services.can_create_communities(request.user),
        },
    )


def _act(
    request: HttpRequest, community_id: int, action: Callable[..., object], success: str
) -> HttpResponse:
    """Run one membership service for a form button; say what happened."""
    community = access.access_community(request.user, community_id)
    attempt(request, lambda: action(community), success)
    if access.communities_visible_to(request.user).filter(pk=community.pk).exists():
        return redirect("community", community_id=community.pk)
    return redirect("communities")


@login_required
@require_POST
def join(request: HttpRequest, community_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        lambda c: membership_services.community_join(actor=request.user, community=c),
        "Welcome in.",
    )


@login_required
@require_POST
def request_to_join(request: HttpRequest, community_id: int) -> HttpResponse:
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        community = access.access_community(request.user, community_id)
        return render_community(request, community, join_form=form)
    message = form.cleaned_data["message"]
    return _act(
        request,
        community_id,
        lambda c: membership_services.join_request_create(
            actor=request.user, community=c, message=message
        ),
        "Request sent: the moderators will decide, and you will be told.",
    )


@login_required
@require_POST
def leave(request: HttpRequest, community_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        lambda c: membership_services.membership_leave(actor=request.user, community=c),
        "You left the community.",
    )


@login_required
@require_POST
def decide(request: HttpRequest, community_id: int, request_id: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"

    def decide_request(community: object) -> None:
        join_request = JoinRequest.objects.filter(community=community, pk=request_id).first()
        # Requests are the moderators' business: to anyone else they look missing (as in the API).
        if join_request is None or not access.is_moderator(request.user, community):
            raise access.NotFound("No such request.")
        membership_services.join_request_decide(
            actor=request.user, request=join_request, approve=approve
        )

    return _act(
        request,
        community_id,
        decide_request,
        "Request approved." if approve else "Request declined.",
    )


@login_required
@require_POST
def archive(request: HttpRequest, community_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        lambda c: community_services.community_archive(actor=request.user, community=c),
        "The community is archived: read-only from now on.",
    )

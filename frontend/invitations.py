"""Inviting people from a community page, and the page an invitation link opens."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bridge.errors import Conflict
from frontend.communities import render_community
from frontend.feedback import add_form_errors, attempt
from frontend.forms import BulkInviteForm, InviteForm, SignupForm
from network import access
from network.invitations import invitation_from_token
from network.models import Invitation, User
from network.services import invitations as invitation_services

NOT_PENDING = {
    "expired": "This invitation has expired. Ask the person who invited you for a new one.",
    "revoked": "This invitation was withdrawn.",
    "accepted": "This invitation has already been used.",
}


def _add_errors(form: SignupForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("password", error)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invite = invitation_from_token(token)
    if invite is None:
        raise Http404("This invitation link is not valid.")
    if invite.status != "pending":
        return render(
            request,
            "frontend/invitations/closed.html",
            {"message": NOT_PENDING[invite.status]},
            status=410,
        )
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                invitation_services.invitation_accept(invitation=invite, user=request.user)
                person = request.user
            elif form.is_valid():
                person = invitation_services.invitation_signup(
                    invitation=invite,
                    username=form.cleaned_data["username"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password"],
                )
                login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            else:
                person = None
        except ValidationError as error:
            _add_errors(form, error)
        except (Conflict, PermissionDenied) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            if person is not None:
                messages.success(request, f"Welcome to {invite.community.name}.")
                return redirect("community", community_id=invite.community_id)
    has_account = User.objects.filter(email__iexact=invite.email).exists()
    return render(
        request,
        "frontend/invitations/accept.html",
        {"invite": invite, "form": form, "has_account": has_account},
    )


def _moderated(request: HttpRequest, community_id: int):  # noqa: ANN202
    community = access.access_community(request.user, community_id)
    if not access.is_moderator(request.user, community):
        raise PermissionDenied
    return community


@login_required
@require_POST
def invite(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _moderated(request, community_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation_services.invitation_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("community", community_id=community.pk)
    return render_community(request, community, invite_form=form)


@login_required
@require_POST
def invite_bulk(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _moderated(request, community_id)
    form = BulkInviteForm(request.POST)
    results = []
    if form.is_valid():
        try:
            results = invitation_services.invitations_bulk(
                actor=request.user, community=community, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error.messages)
    return render(
        request,
        "frontend/invitations/bulk_result.html",
        {"community": community, "form": form, "results": results},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, community_id: int, invitation_id: int) -> HttpResponse:
    community = _moderated(request, community_id)
    pending = Invitation.objects.filter(community=community, pk=invitation_id).first()
    if pending is None:
        raise Http404
    attempt(
        request,
        lambda: invitation_services.invitation_revoke(actor=request.user, invitation=pending),
        f"Invitation to {pending.email} withdrawn.",
    )
    return redirect("community", community_id=community.pk)

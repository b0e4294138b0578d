"""The API token pages: ``/settings/tokens/``, where people make and revoke their
personal tokens, and ``/settings/integrations/``, where platform admins make service
accounts and their integration tokens.

A new token's secret is in the one response that made it and nowhere else: not in
the session, a message, a URL or a log, and that response is never cached. Only
its hash is kept (integrations/tokens.py), so the next page cannot show it again.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontend.feedback import add_form_errors
from frontend.hr.guard import door
from frontend.token_forms import ServiceAccountForm, TokenForm
from integrations import service_accounts, tokens
from integrations.models import ApiToken
from network.models import User

# The service names the expiry it refused by its own field.
ALIASES = {"expires_at": "expires_in"}

platform_admins_only = door(
    lambda user: user.is_platform_admin, "Integrations are for platform admins."
)


def _issue(request: HttpRequest, form: TokenForm, owner: User) -> tokens.IssuedToken | None:
    try:
        return tokens.issue(
            owner=owner,
            created_by=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
        )
    except ValidationError as error:
        add_form_errors(form, error, ALIASES)
        return None


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """One's own tokens; a POST makes one and shows its secret, this once."""
    owner = request.user
    form = TokenForm(request.POST if request.method == "POST" else None, owner=owner)
    issued = _issue(request, form, owner) if form.is_valid() else None
    if issued:
        form = TokenForm(owner=owner)
    return render(
        request,
        "frontend/tokens/list.html",
        {
            "tokens": tokens.tokens_managed_by(owner).filter(owner=owner),
            "form": form,
            "issued": issued,
        },
        status=400 if form.is_bound else 200,  # a made token unbinds the form
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(tokens.tokens_managed_by(request.user), pk=token_id)
    tokens.revoke(token, actor=request.user)
    messages.success(
        request, f"“{token.name}” ({token.prefix}…) is revoked: it is refused from now on."
    )
    if token.kind == ApiToken.Kind.INTEGRATION:
        return redirect(f"{reverse('integrations')}#account-{token.owner_id}")
    return redirect("tokens")


def _token_form(account: User, data: object = None) -> TokenForm:
    # One form per account on the page: the prefix keeps their fields' ids apart.
    return TokenForm(data, owner=account, no_expiry=True, prefix=f"account-{account.pk}")


def _integrations(
    request: HttpRequest,
    *,
    status: int = 200,
    issued: tokens.IssuedToken | None = None,
    account_form: ServiceAccountForm | None = None,
    failed: TokenForm | None = None,
    failed_for: int | None = None,
) -> HttpResponse:
    accounts = list(service_accounts.service_accounts_for(request.user))
    by_owner = defaultdict(list)
    for token in tokens.tokens_managed_by(request.user).filter(owner__is_service_account=True):
        by_owner[token.owner_id].append(token)
    sections = [
        {
            "account": account,
            "tokens": by_owner[account.pk],
            "form": failed if account.pk == failed_for else _token_form(account),
        }
        for account in accounts
    ]
    return render(
        request,
        "frontend/tokens/integrations.html",
        {
            "sections": sections,
            "account_form": account_form or ServiceAccountForm(),
            "issued": issued,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
@platform_admins_only
def integrations(request: HttpRequest) -> HttpResponse:
    return _integrations(request)


@require_POST
@platform_admins_only
def service_account_create(request: HttpRequest) -> HttpResponse:
    form = ServiceAccountForm(request.POST)
    if form.is_valid():
        try:
            account = service_accounts.create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{account.name} is ready: make it a token.")
            return redirect(f"{reverse('integrations')}#account-{account.pk}")
    return _integrations(request, status=400, account_form=form)


@never_cache
@require_POST
@platform_admins_only
def integration_token_create(request: HttpRequest, account_id: int) -> HttpResponse:
    """A token for a service account; the page shows its secret, this once."""
    account = get_object_or_404(service_accounts.service_accounts_for(request.user), pk=account_id)
    form = _token_form(account, request.POST)
    issued = _issue(request, form, account) if form.is_valid() else None
    if issued:
        return _integrations(request, issued=issued)
    return _integrations(request, status=400, failed=form, failed_for=account.pk)

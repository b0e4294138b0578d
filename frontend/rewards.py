"""The people's rewards pages: my points, the catalog, the leaderboard.

Views are thin: parse, call one service or selector, render. Refusals the person
can act on (not enough points, out of stock, already decided) come back as a
message on the page; what they may not see is a 404, as in the API.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontend.feedback import attempt
from network import access
from network.models import User
from rewards import selectors
from rewards.access import access_item, access_redemption
from rewards.models import Item
from rewards.services import leaderboards, redemptions
from rewards.services.badges import badges_of

REDEMPTIONS_SHOWN = 50  # a person's latest; older ones stay in the API


def _points(person: User) -> dict[str, object]:
    """What the live parts of /rewards/ show: balance, held points, history."""
    balance, held = selectors.points_of(person)
    return {"balance": balance, "held": held, "history": selectors.history_of(person)}


@login_required
def my_rewards(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/rewards/mine.html",
        {
            **_points(request.user),
            "badges": badges_of(request.user).order_by("-awarded_at"),
            "redemptions": selectors.redemptions_for(request.user)[:REDEMPTIONS_SHOWN],
        },
    )


@login_required
def points_fragment(request: HttpRequest) -> HttpResponse:
    """The balance and history, re-read by live-points.js after a points event."""
    return render(request, "frontend/rewards/points.html", _points(request.user))


@login_required
@require_POST
def redemption_cancel(request: HttpRequest, redemption_id: int) -> HttpResponse:
    redemption = access_redemption(request.user, redemption_id)
    attempt(
        request,
        lambda: redemptions.redemption_cancel(actor=request.user, redemption=redemption),
        f"Cancelled: {redemption.points} points are back in your wallet.",
    )
    return redirect("rewards")


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    balance = selectors.wallet_balance(request.user)
    items = [
        {"item": item, "short": max(item.cost - balance, 0)}
        for item in selectors.redeemable_by(request.user)
    ]
    return render(request, "frontend/rewards/catalog.html", {"items": items, "balance": balance})


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request: HttpRequest, item_id: int) -> HttpResponse:
    """GET: the confirmation; POST: the redemption (points held until HR decides)."""
    item = access_item(request.user, item_id)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: redemptions.redemption_request(actor=request.user, item=item),
            f"Asked for {item.name}: {item.cost} points are held until HR decides.",
        )
        return redirect("rewards" if done else "rewards-catalog")
    balance = selectors.wallet_balance(request.user)
    return render(
        request,
        "frontend/rewards/redeem.html",
        {"item": item, "balance": balance, "why_not": _why_not(item, balance)},
    )


def _why_not(item: Item, balance: int) -> str:
    """Why the confirmation's button is disabled; empty when it is not. The service
    decides again on POST: this only spares the person a refusal they can foresee."""
    if item.stock == 0:
        return "Out of stock."
    short = item.cost - balance
    if short > 0:
        return f"You need {short} more point{'s' if short != 1 else ''}."
    return ""


class LeaderboardForm(forms.Form):
    period = forms.ChoiceField(
        choices=[("week", "This week"), ("month", "This month"), ("all", "All time")],
        required=False,
    )
    community = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    department = forms.ChoiceField(required=False)

    def __init__(self, data: dict, *, reader: User) -> None:
        super().__init__(data)
        readable = access.communities_readable_by(reader).order_by("name")
        self.fields["community"].choices = [("", "All communities")] + [
            (c.pk, c.name) for c in readable
        ]
        departments = (
            access.people_visible_to(reader)
            .filter(is_active=True)
            .exclude(department="")
            .values_list("department", flat=True)
            .distinct()
            .order_by("department")
        )
        self.fields["department"].choices = [("", "All departments")] + [
            (d, d) for d in departments
        ]


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.setdefault("period", "all")  # the form then shows the board it answers
    form = LeaderboardForm(query, reader=request.user)
    board = None
    if form.is_valid():
        community_id = form.cleaned_data["community"]
        board = leaderboards.leaderboard(
            reader=request.user,
            period=form.cleaned_data["period"] or "all",
            community=(
                leaderboards.access_readable_community(request.user, community_id)
                if community_id is not None
                else None
            ),
            department=form.cleaned_data["department"],
        )
    return render(
        request,
        "frontend/rewards/leaderboard.html",
        {"form": form, "board": board, "listed": leaderboards.is_listed(request.user)},
        status=200 if board is not None else 400,
    )


@login_required
@require_POST
def listing(request: HttpRequest) -> HttpResponse:
    listed = request.POST.get("listed") == "true"
    leaderboards.listing_set(actor=request.user, listed=listed)
    return redirect("rewards-leaderboard")

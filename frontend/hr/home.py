"""The console's first page: what needs HR now, this month's figures, the budgets,
and whether the ledger adds up."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards.integrity import ledger_problems
from rewards.ledger_views import period_of, report
from rewards.models import Redemption
from rewards.services import budgets


@require_GET
@hr_console
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "frontend/hr/home.html",
        {
            "tabs": console_tabs("hr-home"),
            "pending_redemptions": Redemption.objects.filter(
                status=Redemption.Status.PENDING
            ).count(),
            "month": report(period_of("month", today)),
            "budgets": [
                (programme, budgets.budget_in(programme, today.replace(day=1)))
                for programme in budgets.programmes_for(request.user)
            ],
            "ledger_problems": ledger_problems(),
        },
    )

"""The console's first page: what needs HR now, and whether the ledger adds up."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend.hr.guard import hr_console
from frontend.hr.sections import console_tabs
from rewards.integrity import ledger_problems
from rewards.models import Redemption


@require_GET
@hr_console
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/hr/home.html",
        {
            "tabs": console_tabs("hr-home"),
            "pending_redemptions": Redemption.objects.filter(
                status=Redemption.Status.PENDING
            ).count(),
            "ledger_problems": ledger_problems(),
        },
    )

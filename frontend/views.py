from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontend.forms import StyleguideForm
from network import selectors
from network.models import Community


@login_required
def home(request: HttpRequest) -> HttpResponse:
    communities = selectors.communities_of(request.user)
    return render(request, "frontend/home.html", {"communities": communities})


@login_required
def styleguide(request: HttpRequest) -> HttpResponse:
    """Every component of the design system, for people building pages."""
    form = StyleguideForm(data={"name": "", "audience": "customer"})
    form.is_valid()  # so the page shows a field with an error next to it
    samples = [
        Community(
            name="Engineering",
            audience="internal",
            visibility="open",
            description="Employees only.",
        ),
        Community(
            name="Partner Network",
            audience="partner",
            visibility="private",
            description="Employees and invited partners.",
        ),
        Community(
            name="Customer Council",
            audience="customer",
            visibility="secret",
            description="Employees and invited customers.",
        ),
    ]
    for number, sample in enumerate(samples, start=3):
        sample.member_count = number
    return render(request, "frontend/styleguide.html", {"form": form, "samples": samples})

"""Pages about people: the directory, profiles, editing one's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontend.feedback import attempt
from frontend.forms import ImageForm, ProfileForm
from network import access, selectors
from network.services.people import person_deactivate, profile_update
from rewards.services.badges import badges_of


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.directory(request.user, query=query), 30).get_page(
        request.GET.get("page")
    )
    template = "frontend/people/_results.html" if request.htmx else "frontend/people/directory.html"
    return render(request, template, {"page": page, "query": query})


@login_required
def profile(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    following = selectors.follow_state(request.user, person=person)
    context = {"person": person, "following": following, "badges": badges_of(person)}
    return render(request, "frontend/people/profile.html", context)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        profile_update(actor=request.user, person=request.user, changes=changes)
        messages.success(request, "Your profile is saved.")
        return redirect("person", person_id=request.user.pk)
    return render(request, "frontend/people/edit.html", {"form": form, "avatar_form": ImageForm()})


@login_required
@require_POST
def deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    if not request.user.is_platform_admin:
        raise PermissionDenied
    attempt(
        request,
        lambda: person_deactivate(actor=request.user, person=person),
        f"{person.name} is deactivated and signed out everywhere.",
    )
    return redirect("person", person_id=person.pk)

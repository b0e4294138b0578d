"""The search box's type-ahead (frontend/static/frontend/js/suggest.js asks here)."""

from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from search.suggest import suggest


@login_required
@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    """JSON, not HTML: the script builds the listbox with textContent, so names are
    never parsed as markup. Blank or overlong text asks for nothing (the box only
    asks after a first letter; suggest() cuts what it reads)."""
    text = request.GET.get("q", "")
    if not text.strip() or "\x00" in text:
        return JsonResponse({"suggestions": [], "notice": ""})
    answer = suggest(request.user, text)
    return JsonResponse(
        {"suggestions": [asdict(item) for item in answer.items], "notice": answer.notice}
    )

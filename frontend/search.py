"""The search page: the box, facets as checkboxes, sort and dates, highlighted
results and "More results" (htmx appends the next page; without JavaScript the
link opens it). The parameters and their checks are the API's
(search/api.py), so both refuse the same input with the same messages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from search.api import SearchParametersSerializer, community_of
from search.cursor import InvalidCursor
from search.presenting import url_of
from search.results import Results, Sort
from search.service import search

FACET_TITLES = {
    "type": "Type",
    "community": "Community",
    "affiliation": "Affiliation",
    "hashtag": "Hashtag",
    "stage": "Idea stage",
}
# Errors shown next to their own field; any other shows above the button.
FIELDS_ON_PAGE = ("q", "sort", "since", "until")
SORT_LABELS = {Sort.RELEVANCE: "Best match", Sort.NEWEST: "Newest first"}


def _errors(serializer: SearchParametersSerializer) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages]
        for field, messages in serializer.errors.items()
    }


def more_url(request: HttpRequest, cursor: str) -> str:
    parameters: QueryDict = request.GET.copy()
    parameters["cursor"] = cursor
    return f"?{parameters.urlencode()}"


def _rows(results: Results) -> list[dict]:
    return [
        {"hit": hit, "url": url_of(hit.kind, hit.object), "community": community_of(hit)}
        for hit in results.hits
    ]


def _facets(results: Results) -> list[dict]:
    return [
        {
            "name": name,
            "title": FACET_TITLES[name],
            "values": values,
        }
        for name, values in results.facets.items()
        if values
    ]


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    asked = bool(request.GET)
    parameters = SearchParametersSerializer(data=request.GET)
    results, errors = None, {}
    if asked and parameters.is_valid():
        try:
            results = search(request.user, parameters.to_query())
        except InvalidCursor as error:
            errors = {"cursor": [str(error)]}
    elif asked:
        errors = _errors(parameters)
    context = {
        "asked": asked,
        "q": request.GET.get("q", ""),
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "sort": request.GET.get("sort", Sort.RELEVANCE),
        "sorts": SORT_LABELS.items(),
        "errors": errors,
        "other_errors": [
            message
            for field, messages in errors.items()
            if field not in FIELDS_ON_PAGE
            for message in messages
        ],
        "results": results,
        "rows": _rows(results) if results else [],
        "facets": _facets(results) if results else [],
        "more_url": more_url(request, results.next_cursor)
        if results and results.next_cursor
        else "",
    }
    appending = request.htmx and request.GET.get("cursor") and results is not None
    template = "frontend/search/_more.html" if appending else "frontend/search/page.html"
    return render(request, template, context)

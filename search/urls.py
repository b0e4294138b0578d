"""The search API: `/api/v1/search` and `/api/v1/search/suggest`, each with or
without the final slash (integrators type both; a redirect would lose a POST-less
client's patience and an API key header on some HTTP clients)."""

from django.urls import re_path

from search.api import SearchView
from search.api_suggest import SuggestView

urlpatterns = [
    re_path(r"^search/?$", SearchView.as_view(), name="api-search"),
    re_path(r"^search/suggest/?$", SuggestView.as_view(), name="api-search-suggest"),
]

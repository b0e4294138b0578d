"""Facets as the reader sees them: the values a backend counted, labelled, with
what the reader selected marked (and kept, at 0, when nothing matches it now)."""

from django.contrib.auth.models import AnonymousUser

from network import access, membership_memo
from network.models import Affiliation, Community, User
from search.results import FACETS, FacetValue, Query

TYPE_LABELS = {
    "post": "Posts",
    "comment": "Comments",
    "idea": "Ideas",
    "person": "People",
    "community": "Communities",
    "hashtag": "Hashtags",
}
# How many values a facet lists: the most frequent ones.
FACET_SIZE = 20

Counts = dict[str, dict[str, int]]  # facet -> value -> count


def selected(query: Query) -> dict[str, tuple[str, ...]]:
    """The values selected per facet, as strings (the form a facet value takes)."""
    return {
        "type": query.types,
        "community": tuple(str(pk) for pk in query.community_ids),
        "affiliation": query.affiliations,
        "hashtag": query.hashtags,
        "stage": query.stages,
    }


def _labels(facet: str, values: list[str], reader: User | AnonymousUser) -> dict[str, str]:
    if facet == "type":
        return {value: TYPE_LABELS.get(value, value) for value in values}
    if facet == "community":
        ids = [int(value) for value in values if value.isdigit()]
        # Named only if the reader may know it exists: a selected id from a URL
        # must not reveal a secret community's name.
        rows = Community.objects.filter(pk__in=ids).only("name", "visibility").order_by()
        with membership_memo.remembering():
            access.memberships_of(reader)  # read once (search read them already)
            names = {row.pk: row.name for row in rows if access.can_see_community(reader, row)}
        return {
            value: names.get(int(value), value) if value.isdigit() else value for value in values
        }
    if facet == "affiliation":
        labels = dict(Affiliation.choices)
        return {value: labels.get(value, value) for value in values}
    if facet == "hashtag":
        return {value: f"#{value}" for value in values}
    return {value: value for value in values}


def facet_values(
    counts: Counts, query: Query, reader: User | AnonymousUser
) -> dict[str, list[FacetValue]]:
    chosen = selected(query)
    facets = {}
    for facet in FACETS:
        found = {value: count for value, count in counts.get(facet, {}).items() if count}
        top = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        shown = dict(top)
        for value in chosen[facet]:
            shown.setdefault(value, found.get(value, 0))
        labels = _labels(facet, list(shown), reader)
        facets[facet] = [
            FacetValue(value, labels[value], count, value in chosen[facet])
            for value, count in shown.items()
        ]
    return facets

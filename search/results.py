"""The one interface every search backend answers with (decision 0015): what is
asked (`Query`), and what comes back (`Results`, `Suggestion`).

The Elasticsearch backend and the database backend both take these and return
these, so pages and the API never know which one answered, except through
`Results.notice` when Elasticsearch was unreachable.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Model
from django.utils.safestring import SafeString

RESULT_KINDS = ("post", "comment", "idea", "person", "community", "hashtag")
SUGGEST_KINDS = ("person", "community", "hashtag")
FACETS = ("type", "community", "affiliation", "hashtag", "stage")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


@dataclass(frozen=True)
class Query:
    """A search as the reader asked it. `text` may hold "quoted phrases" and
    -excluded words; every filter is a set of accepted values (empty: any)."""

    text: str = ""
    types: tuple[str, ...] = ()
    community_ids: tuple[int, ...] = ()
    affiliations: tuple[str, ...] = ()  # of the author (content) or the person
    hashtags: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # idea stage names
    since: date | None = None  # created on or after
    until: date | None = None  # created on or before
    sort: Sort = Sort.RELEVANCE
    cursor: str | None = None  # opaque: from Results.next_cursor
    size: int = PAGE_SIZE


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    object: Model  # the row, re-checked against the access policy
    title: SafeString  # escaped, with <mark> around matched words where known
    snippet: SafeString  # escaped text around the match, with <mark>
    created_at: object = None  # datetime | None


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # by name in FACETS
    next_cursor: str | None
    backend: str  # "elasticsearch" or "database"
    notice: str = ""  # said to the reader when search runs in its basic mode


@dataclass(frozen=True)
class Suggestion:
    kind: str  # person, community, hashtag
    id: int
    label: str  # what the box shows
    detail: str = ""  # a second line: a title, an audience, a count
    value: str = ""  # what picking writes (a username for mentions, a #tag)
    url: str = ""


@dataclass(frozen=True)
class Answer:
    """What a backend's suggestion or similar-ideas call gave, and who answered."""

    items: list = field(default_factory=list)
    backend: str = "database"
    notice: str = ""

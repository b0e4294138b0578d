"""How a hit reads, from its database row: its title, the text a snippet is cut
from, its link, and <mark> around the words it was found by (both backends: the
row is at hand after the re-check, and marking it here costs less than asking
Elasticsearch to highlight every hit it fetches).

Everything is escaped before it is marked: a SafeString leaves here only with
the reader's and the authors' text escaped.
"""

import re
from collections.abc import Iterable

from django.db.models import Model
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from search.documents import CONTENT_KINDS
from search.results import Hit
from search.serialize import text_of

SNIPPET_CHARS = 160


def title_text(kind: str, row: Model) -> str:
    if kind == "post":
        return f"{row.author.name} in {row.community.name}"
    if kind == "comment":
        return f"{row.author.name} commented in {row.post.community.name}"
    if kind == "idea":
        return row.title
    if kind == "person":
        return row.name
    if kind == "community":
        return row.name
    return f"#{row.name}"


def body_text(kind: str, row: Model) -> str:
    """The words a snippet is cut from."""
    if kind in CONTENT_KINDS:
        return text_of(row.body_html)
    if kind == "person":
        return " · ".join(part for part in (row.title, row.organisation, row.department) if part)
    if kind == "community":
        return row.description
    return ""


def url_of(kind: str, row: Model) -> str:
    if kind == "post":
        return reverse("post", args=[row.pk])
    if kind == "comment":
        return f"{reverse('post', args=[row.post_id])}#comment-{row.pk}"
    if kind == "idea":
        return reverse("idea", args=[row.pk])
    if kind == "person":
        return reverse("person", args=[row.pk])
    if kind == "community":
        return reverse("community", args=[row.pk])
    return reverse("hashtag", args=[row.name])


def start_of(text: str) -> SafeString:
    """The escaped start of a text: the snippet of a hit nothing was highlighted in."""
    return mark_safe(escape(Truncator(" ".join(text.split())).chars(SNIPPET_CHARS)))  # noqa: S308 - escaped


def _pattern(terms: Iterable[str], *, whole_words: bool) -> re.Pattern | None:
    parts = sorted({term for term in terms if term}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, part.split())) for part in parts)
    if whole_words:
        alternatives = rf"(?<!\w)(?:{alternatives})(?!\w)"
    return re.compile(alternatives, re.I)


def marked(
    text: str,
    terms: Iterable[str],
    *,
    limit: int | None = SNIPPET_CHARS,
    whole_words: bool = False,
) -> SafeString:
    """Text around the first match, escaped, with <mark> around every match: as
    words for Elasticsearch (which matched words), as substrings for the database
    (icontains)."""
    text = " ".join(text.split())
    pattern = _pattern(terms, whole_words=whole_words)
    if pattern is None:
        return start_of(text) if limit else mark_safe(escape(text))  # noqa: S308 - escaped
    start = 0
    first = pattern.search(text)
    if limit and first and first.start() > limit // 3:
        start = text.rfind(" ", 0, first.start() - limit // 3) + 1
    window = text[start : start + limit] if limit else text
    pieces, position = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    prefix = "…" if start else ""
    suffix = "…" if limit and start + limit < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped


def hit_for(kind: str, row: Model, terms: Iterable[str], *, whole_words: bool = False) -> Hit:
    """A re-checked row as a hit: its title (marked, but for posts and comments, whose
    title is who wrote where) and a snippet around the first match."""
    title = title_text(kind, row)
    return Hit(
        kind=kind,
        id=row.pk,
        object=row,
        title=(
            mark_safe(escape(title))  # noqa: S308 - escaped
            if kind in ("post", "comment")
            else marked(title, terms, limit=None, whole_words=whole_words)
        ),
        snippet=marked(body_text(kind, row), terms, whole_words=whole_words),
        created_at=getattr(row, "created_at", None) or getattr(row, "date_joined", None),
    )

"""Similar ideas while typing: ideas of the same board that say much the same, so
that people vote for an existing idea instead of writing it again.

Elasticsearch answers with more_like_this over title and body, limited to the
board and to what the reader may see; the database answers with
ideas/selectors.py's word overlap. Both read the same words of the text (the
longer ones: "a", "to" and "the" say little about an idea).
"""

import re

from django.contrib.auth.models import AnonymousUser
from elasticsearch.dsl import Search

from ideas import access
from ideas import selectors as idea_selectors
from ideas.models import Board, Idea
from network.models import User
from search.client import get_read_client
from search.documents import IdeaDocument
from search.fallback import answer
from search.filters import filter_for, scope_of
from search.indices import alias_for
from search.results import Answer

Reader = User | AnonymousUser
# Terms more_like_this picks from the text: enough for a paragraph's gist.
MAX_QUERY_TERMS = 25


def telling_words(text: str) -> list[str]:
    """The words worth comparing, as the database backend picks them."""
    words = {
        word.lower()
        for word in re.findall(r"\w+", text or "")
        if len(word) >= idea_selectors.SIMILAR_MIN_WORD
    }
    return sorted(words, key=len, reverse=True)[:MAX_QUERY_TERMS]


def similar_ideas(
    reader: Reader, board: Board, text: str, *, exclude: int | None = None, limit: int = 5
) -> Answer:
    """At most `limit` ideas of `board` like `text`, most alike first, that the
    reader may see: never merged duplicates, never `exclude` (the idea being edited)."""
    words = telling_words(text)
    if not words:
        return Answer()
    ideas, backend, notice = answer(
        lambda: _from_elasticsearch(reader, board, words, exclude, limit),
        lambda: _from_database(reader, board, words, exclude, limit),
    )
    return Answer(items=ideas, backend=backend, notice=notice)


def _from_elasticsearch(
    reader: Reader, board: Board, words: list[str], exclude: int | None, limit: int
) -> list[Idea]:
    search = (
        Search(using=get_read_client(), index=alias_for(IdeaDocument))
        .query(
            "more_like_this",
            fields=["title", "body"],
            like=" ".join(words),
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=MAX_QUERY_TERMS,
            # One shared telling word is enough to be worth a look, as in the database.
            minimum_should_match="1",
        )
        .filter(filter_for(scope_of(reader), "idea"))
        .filter("term", board_id=board.pk)
        .source(False)
        .extra(size=limit)
    )
    if exclude is not None:
        search = search.exclude("ids", values=[str(exclude)])
    return _readable(reader, board, [int(hit.meta.id) for hit in search.execute()])


def _from_database(
    reader: Reader, board: Board, words: list[str], exclude: int | None, limit: int
) -> list[Idea]:
    found = idea_selectors.similar_ideas(board, " ".join(words), exclude=exclude)[:limit]
    return _readable(reader, board, [idea.pk for idea in found])


def _readable(reader: Reader, board: Board, ids: list[int]) -> list[Idea]:
    """The ideas, in that order, that are still on the board and that the reader may
    see (ideas/access.py): the index may lag, and callers may forget the board's
    own check."""
    readable = idea_selectors.board_ideas(board).filter(
        pk__in=access.ideas_visible_to(reader).values("pk")
    )
    by_id = readable.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]

"""What the search index holds: one document type per kind of thing people find.

Documents carry where content lives (community, audience, author, moderation
flags), never who may read it: the reader's filter is worked out from the database
when they search (decision 0015), so a membership removed or a community turned
private needs no reindexing. Facet fields are keywords; text is analysed with the
standard analyzer, which every server has (search/capabilities.py).

Each type lives in its own index behind an alias (search/indices.py); documents are
saved and searched with the alias named explicitly, so the index prefix of the
deployment (or of a test) is read when it is used, not when this module is imported.
Every document's `type` names its kind, so one query over all the aliases can
filter and count by kind.
"""

from elasticsearch.dsl import Boolean, Date, Document, Integer, Keyword, Text

# Text analysed for full-text search. (Matches are marked from the database rows,
# search/presenting.py: no highlighter needs offsets in the index.)
TEXT = {"analyzer": "standard"}
# Names also serve type-ahead (match_bool_prefix), with a keyword copy for exact
# matches and sorting.
NAME = {**TEXT, "fields": {"exact": Keyword(ignore_above=256)}}


class BridgeDocument(Document):
    type = Keyword()  # the kind: post, comment, idea, person, community, hashtag
    # "<kind>:<id>", unique across kinds: the last sort key, so that a cursor over
    # several indices never skips or repeats a hit that ties on the others.
    key = Keyword()
    created_at = Date()


class ContentDocument(BridgeDocument):
    """What posts, comments and ideas share: where they live, who wrote them, and
    what moderators decided, for the permission filter; and the facets."""

    community_id = Integer()
    audience = Keyword()  # the community's: internal, partner, customer
    author_id = Integer()
    author_affiliation = Keyword()  # employee, partner, customer: a facet
    # Hidden by moderators: its author and the community's moderators still see it.
    # A comment counts as hidden when its post or the comment it answers is.
    hidden = Boolean()
    # Deleted or removed; a comment also when its post or parent is. Kept in the
    # index so that moderation is a partial update, and never shown.
    deleted = Boolean()
    hashtags = Keyword()
    body = Text(**TEXT)


class PostDocument(ContentDocument):
    kind = "post"


class CommentDocument(ContentDocument):
    kind = "comment"
    post_id = Integer()


class IdeaDocument(ContentDocument):
    kind = "idea"
    board_id = Integer()
    title = Text(**NAME)
    stage = Keyword()  # the stage's name: a facet
    tags = Keyword()  # its hashtags again, matched by the words searched (not in its text)
    merged = Boolean()  # merged duplicates redirect to their idea: not shown as hits


class PersonDocument(BridgeDocument):
    """People: who finds whom follows network.access.people_visible_to, from the
    person's affiliation and the communities they are in."""

    kind = "person"
    name = Text(**NAME)
    username = Keyword()
    title = Text(**TEXT)
    organisation = Text(**TEXT)
    department = Keyword()
    affiliation = Keyword()
    active = Boolean()
    community_ids = Integer()


class CommunityDocument(BridgeDocument):
    """Communities: found by whoever may know they exist
    (network.access.communities_visible_to)."""

    kind = "community"
    name = Text(**NAME)
    description = Text(**TEXT)
    audience = Keyword()
    visibility = Keyword()  # open, private, secret
    archived = Boolean()


class HashtagDocument(BridgeDocument):
    """Hashtags with the communities they were used in: a hashtag is found only
    where the reader may read one of them."""

    kind = "hashtag"
    name = Text(**NAME)
    community_ids = Integer()


DOCUMENTS: tuple[type[BridgeDocument], ...] = (
    PostDocument,
    CommentDocument,
    IdeaDocument,
    PersonDocument,
    CommunityDocument,
    HashtagDocument,
)
KINDS: tuple[str, ...] = tuple(document.kind for document in DOCUMENTS)
# Posts, comments and ideas: content in a community, with an author.
CONTENT_KINDS: tuple[str, ...] = tuple(
    document.kind for document in DOCUMENTS if issubclass(document, ContentDocument)
)


def document_for(kind: str) -> type[BridgeDocument]:
    return next(document for document in DOCUMENTS if document.kind == kind)

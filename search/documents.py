"""What the search index holds: one document type per kind of thing people find.

Documents carry where content lives (community, audience, author, moderation
flags), never who may read it: the reader's filter is worked out from the database
when they search (decision 0015), so a membership removed or a community turned
private needs no reindexing. Facet fields are keywords; text is analysed with the
standard analyzer, which every server has (search/capabilities.py).

Each type lives in its own index behind an alias (search/indices.py); documents are
saved and searched with the alias named explicitly, so the index prefix of the
deployment (or of a test) is read when it is used, not when this module is imported.
"""

from elasticsearch.dsl import Boolean, Completion, Date, Document, Integer, Keyword, Text

# Text analysed for full-text search, with a keyword copy for exact matches and sorting.
TITLE = {"analyzer": "standard", "fields": {"exact": Keyword(ignore_above=256)}}


class ContentDocument(Document):
    """What posts, comments and ideas share: where they live, who wrote them, and
    what moderators decided, for the permission filter; and the facets."""

    community_id = Integer()
    audience = Keyword()  # the community's: internal, partner, customer
    author_id = Integer()
    author_affiliation = Keyword()  # employee, partner, customer: a facet
    hidden = Boolean()  # hidden by moderators: its author and moderators still see it
    deleted = Boolean()
    hashtags = Keyword()
    created_at = Date()
    body = Text(analyzer="standard")


class PostDocument(ContentDocument):
    kind = "post"


class CommentDocument(ContentDocument):
    kind = "comment"
    post_id = Integer()


class IdeaDocument(ContentDocument):
    kind = "idea"
    board_id = Integer()
    title = Text(**TITLE)
    stage = Keyword()  # the stage's name: a facet
    tags = Keyword()


class PersonDocument(Document):
    """People: who finds whom follows network.access.people_visible_to, from the
    person's affiliation and the communities they are in."""

    kind = "person"
    name = Text(**TITLE)
    title = Text(analyzer="standard")
    organisation = Text(analyzer="standard")
    department = Keyword()
    affiliation = Keyword()
    active = Boolean()
    community_ids = Integer()
    suggest = Completion(analyzer="simple")  # type-ahead in pickers and the search box


class CommunityDocument(Document):
    """Communities: found by whoever may know they exist
    (network.access.communities_visible_to)."""

    kind = "community"
    name = Text(**TITLE)
    description = Text(analyzer="standard")
    audience = Keyword()
    visibility = Keyword()  # open, private, secret
    archived = Boolean()
    suggest = Completion(analyzer="simple")


class HashtagDocument(Document):
    """Hashtags with the communities they were used in: a hashtag is suggested only
    where the reader may read one of them."""

    kind = "hashtag"
    name = Keyword()
    community_ids = Integer()
    suggest = Completion(analyzer="simple")


DOCUMENTS: tuple[type[Document], ...] = (
    PostDocument,
    CommentDocument,
    IdeaDocument,
    PersonDocument,
    CommunityDocument,
    HashtagDocument,
)

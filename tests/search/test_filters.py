"""The reader's filter on the real index matches the access policy, kind by kind
(search/filters.py mirrors network/access.py)."""

from django.contrib.auth.models import AnonymousUser
from elasticsearch.dsl import Search

from network import access
from network.models import Community, Hashtag, User
from search.client import get_client
from search.filters import reader_filter, scope_of
from search.indexing import index_now
from search.indices import all_aliases
from tests.fixtures.personas import EVERYONE

KINDS = ("post", "comment", "person", "community", "hashtag")


def _found(reader) -> dict[str, set[int]]:
    search = (
        Search(using=get_client(), index=",".join(all_aliases()))
        .filter(reader_filter(scope_of(reader), KINDS))
        .extra(size=1000)
    )
    found: dict[str, set[int]] = {kind: set() for kind in KINDS}
    for hit in search.execute():
        found[hit.type].add(int(hit.meta.id))
    return found


def test_every_persona_finds_exactly_what_the_policy_lets_them_see(
    search_indices, demo, demo_content
):
    contents = demo_content.values()
    index_now("post", [content.post.pk for content in contents])
    index_now("comment", [content.comment.pk for content in contents])
    index_now("person", User.objects.values_list("pk", flat=True))
    index_now("community", Community.objects.values_list("pk", flat=True))
    index_now("hashtag", Hashtag.objects.values_list("pk", flat=True), refresh=True)

    for who in EVERYONE:
        reader = demo.get(who) or AnonymousUser()
        found = _found(reader)
        assert found["post"] == set(access.posts_visible_to(reader).values_list("pk", flat=True))
        assert found["comment"] == set(
            access.comments_visible_to(reader).values_list("pk", flat=True)
        )
        assert found["person"] == set(
            access.people_visible_to(reader).filter(is_active=True).values_list("pk", flat=True)
        )
        assert found["community"] == set(
            access.communities_visible_to(reader).values_list("pk", flat=True)
        ), who
        readable = access.communities_readable_by(reader)
        assert found["hashtag"] == set(
            Hashtag.objects.filter(posts__community__in=readable).values_list("pk", flat=True)
        ), who

"""Nobody finds what they may not see, on either backend: hits and facet counts
for every persona match the access policy, and a change of membership, visibility
or moderation shows on the next search (decision 0015)."""

from collections import Counter

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ideas.access import ideas_visible_to
from network import access
from network.models import Affiliation, Community, Post, User
from network.services.communities import community_update
from network.services.memberships import membership_remove
from network.services.moderation import moderation_decide
from network.services.posts import post_create
from search.indexing import index_now
from search.visibility import hashtags_visible_to
from tests.fixtures.personas import EVERYONE, community
from tests.search.engine import counts, find, found, prepared


def _everything(backend: str, reader) -> list:
    """Every hit, page after page."""
    hits, cursor = [], None
    while True:
        page = find(backend, reader, size=50, cursor=cursor)
        hits += page.hits
        cursor = page.next_cursor
        if cursor is None:
            return hits


def _expected(reader) -> dict[str, set[int]]:
    return {
        "post": set(access.posts_visible_to(reader).values_list("pk", flat=True)),
        "comment": set(access.comments_visible_to(reader).values_list("pk", flat=True)),
        "idea": set(ideas_visible_to(reader).filter(merged_into=None).values_list("pk", flat=True)),
        "person": set(
            access.people_visible_to(reader).filter(is_active=True).values_list("pk", flat=True)
        ),
        "community": set(access.communities_visible_to(reader).values_list("pk", flat=True)),
        "hashtag": set(hashtags_visible_to(reader).values_list("pk", flat=True)),
    }


def _community_counts(reader) -> Counter:
    """Content per community, as the policy lets the reader see it."""
    tally = Counter()
    tally.update(
        str(pk) for pk in access.posts_visible_to(reader).values_list("community_id", flat=True)
    )
    tally.update(
        str(pk)
        for pk in access.comments_visible_to(reader).values_list("post__community_id", flat=True)
    )
    tally.update(
        str(pk)
        for pk in ideas_visible_to(reader)
        .filter(merged_into=None)
        .values_list("board__community_id", flat=True)
    )
    return tally


def test_every_persona_finds_and_counts_exactly_what_the_policy_shows(
    backend, demo, demo_content, demo_boards
):
    prepared(backend)
    internal = set(
        Community.objects.filter(audience=Community.Audience.INTERNAL).values_list("pk", flat=True)
    )
    for who in EVERYONE:
        reader = demo.get(who) or AnonymousUser()
        hits = _everything(backend, reader)
        expected = _expected(reader)
        by_kind = {kind: {hit.id for hit in hits if hit.kind == kind} for kind in expected}
        assert by_kind == expected, who
        assert len(hits) == sum(len(ids) for ids in expected.values()), who

        results = find(backend, reader, size=1)
        type_counts = {kind: len(ids) for kind, ids in expected.items() if ids}
        assert counts(results, "type") == type_counts, who
        assert counts(results, "community") == dict(_community_counts(reader)), who
        if who in ("carla", "otto", "pat", "anonymous"):
            assert not internal & {int(value) for value in counts(results, "community")}, who
            assert not {hit.object.pk for hit in hits if hit.kind == "community"} & internal, who


def test_a_removed_member_stops_finding_the_community_at_the_next_search(
    backend, demo, demo_content
):
    council = demo_content["customer-council"]
    prepared(backend)
    carla = demo["carla"]
    assert ("post", council.post.pk) in found(find(backend, carla, text="Customer Council"))

    membership_remove(actor=demo["linus"], community=council.community, user=carla)

    # Nothing was reindexed: the reader's filter comes from the database.
    results = find(backend, carla, text="Customer Council")
    assert not {("post", council.post.pk), ("comment", council.comment.pk)} & set(found(results))
    assert str(council.community.pk) not in counts(results, "community")


def test_a_community_turned_private_disappears_for_those_outside_it(backend, demo, demo_content):
    engineering = demo_content["engineering"]
    # An employee outside Engineering, which is open to every employee until now.
    outsider = User.objects.create_user(username="erin", affiliation=Affiliation.EMPLOYEE)
    prepared(backend)
    assert ("post", engineering.post.pk) in found(find(backend, outsider, text="Engineering"))

    community_update(
        actor=demo["linus"],
        community=engineering.community,
        changes={"visibility": Community.Visibility.PRIVATE},
    )
    results = find(backend, outsider, text="Engineering")
    assert ("post", engineering.post.pk) not in found(results)
    assert str(engineering.community.pk) not in counts(results, "community")

    community_update(
        actor=demo["linus"],
        community=engineering.community,
        changes={"visibility": Community.Visibility.SECRET},
    )
    # Its own document still says "private" until reindexed: the re-check drops it.
    results = find(backend, outsider, text="Engineering")
    assert ("community", engineering.community.pk) not in found(results)


def test_a_hidden_post_stays_for_its_author_and_moderators_only(backend, demo):
    council = community("customer-council")
    post = post_create(actor=demo["carla"], community=council, body="Quarterly wishlist")
    moderation_decide(actor=demo["linus"], post=post, action="hide", reason="Off topic")
    prepared(backend)

    for who, sees in (("carla", True), ("linus", True), ("margaret", True), ("ada", False)):
        results = find(backend, demo[who], text="wishlist")
        assert (("post", post.pk) in found(results)) is sees, who
        assert (counts(results, "type").get("post", 0) == 1) is sees, who


def test_hits_the_index_still_shows_but_the_policy_hides_are_dropped_and_the_page_fills(
    search_indices, demo
):
    """The index lags a moment behind moderation: what it still offers is
    re-checked, and more is fetched so that the page stays full."""
    engineering = community("engineering")
    posts = [
        post_create(actor=demo["linus"], community=engineering, body=f"Refill {number}")
        for number in range(14)
    ]
    index_now("post", [post.pk for post in posts], refresh=True)
    newest_first = sorted(posts, key=lambda post: (post.created_at, post.pk), reverse=True)
    stale = [post.pk for post in newest_first[:10]]
    # Removed in the database, not yet in the index.
    Post.objects.filter(pk__in=stale).update(deleted_at=timezone.now())

    first = find("elasticsearch", demo["ada"], text="refill", sort="newest", size=2)
    assert [hit.id for hit in first.hits] == [post.pk for post in newest_first[10:12]]
    rest = find(
        "elasticsearch", demo["ada"], text="refill", sort="newest", size=2, cursor=first.next_cursor
    )
    assert [hit.id for hit in rest.hits] == [post.pk for post in newest_first[12:14]]
    assert (
        rest.next_cursor is None
        or not find(
            "elasticsearch", demo["ada"], text="refill", sort="newest", cursor=rest.next_cursor
        ).hits
    )

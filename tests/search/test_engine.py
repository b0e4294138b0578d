"""Both backends answer the same cases the same way: words, phrases, exclusions,
each filter, facets that count under every other selection, sorting, and a cursor
that walks every page without repeating or skipping a hit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Idea
from network.models import Hashtag, Post, User
from network.services.posts import post_create
from search.cursor import Cursor, InvalidCursor, encode
from search.results import Sort
from tests.fixtures.personas import community
from tests.search.engine import counts, find, found, prepared


def _post(author, slug: str, body: str) -> Post:
    return post_create(actor=author, community=community(slug), body=body)


@pytest.fixture
def library(demo):
    """Posts in Engineering (open, internal) by ada and linus, about lighthouses."""
    ada, linus = demo["ada"], demo["linus"]
    return {
        "keeper": _post(ada, "engineering", "The lighthouse keeper trims the lamp #coast"),
        "storm": _post(linus, "engineering", "A storm reached the lighthouse at night #coast"),
        "lamp": _post(ada, "engineering", "Our new lamp is brighter than the old one #lamps"),
        "council": _post(ada, "customer-council", "A lighthouse tour for customers #coast"),
    }


def test_words_must_all_match_and_phrases_match_in_order(backend, demo, library):
    prepared(backend)
    ada = demo["ada"]

    lighthouse = {hit.id for hit in find(backend, ada, text="lighthouse", types=("post",)).hits}
    assert lighthouse == {library[name].pk for name in ("keeper", "storm", "council")}

    both = find(backend, ada, text="lighthouse lamp", types=("post",))
    assert found(both) == [("post", library["keeper"].pk)]

    phrase = find(backend, ada, text='"keeper trims"', types=("post",))
    assert found(phrase) == [("post", library["keeper"].pk)]
    assert find(backend, ada, text='"trims keeper"', types=("post",)).hits == []


def test_excluded_words_and_phrases_remove_hits(backend, demo, library):
    prepared(backend)
    ada = demo["ada"]

    without_storm = find(backend, ada, text="lighthouse -storm", types=("post",))
    assert {hit.id for hit in without_storm.hits} == {library["keeper"].pk, library["council"].pk}

    without_phrase = find(backend, ada, text='lighthouse -"tour for"', types=("post",))
    assert {hit.id for hit in without_phrase.hits} == {library["keeper"].pk, library["storm"].pk}

    unbalanced = find(backend, ada, text='"lighthouse keeper', types=("post",))
    assert found(unbalanced) == [("post", library["keeper"].pk)]


def test_snippets_mark_the_matched_words_and_escape_the_text(backend, demo):
    post = _post(demo["ada"], "engineering", "Beware <script>alert(1)</script> of the zeppelin")
    prepared(backend)

    (hit,) = find(backend, demo["ada"], text="zeppelin").hits
    assert hit.id == post.pk
    assert "<mark>zeppelin</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_each_filter_narrows_the_hits(backend, demo, library, demo_boards):
    prepared(backend)
    ada = demo["ada"]
    engineering = community("engineering")

    in_engineering = find(backend, ada, text="lighthouse", community_ids=(engineering.pk,))
    assert {hit.id for hit in in_engineering.hits} == {library["keeper"].pk, library["storm"].pk}

    by_partners = find(backend, ada, text="lighthouse", affiliations=("partner",))
    assert by_partners.hits == []

    lamps = find(backend, ada, hashtags=("lamps",), types=("post",))
    assert found(lamps) == [("post", library["lamp"].pk)]

    people = find(backend, ada, text="Linus", types=("person",))
    assert found(people) == [("person", demo["linus"].pk)]

    stage = demo_boards["internal"].stages.order_by("position").first()
    ideas = find(backend, ada, stages=(stage.name,), types=("idea",), size=50)
    assert ideas.hits
    assert {hit.object.stage.name for hit in ideas.hits} == {stage.name}


def test_dates_include_both_days_and_exclude_the_rest(backend, demo, library):
    old = library["storm"]
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    prepared(backend)
    ada = demo["ada"]
    today = timezone.now().date()

    recent = find(backend, ada, text="lighthouse", types=("post",), since=today, until=today)
    assert old.pk not in {hit.id for hit in recent.hits}
    assert len(recent.hits) == 2

    that_day = today - timedelta(days=10)
    older = find(backend, ada, text="lighthouse", since=that_day, until=that_day)
    assert found(older) == [("post", old.pk)]


def test_facets_count_under_every_other_selection(backend, demo, library):
    prepared(backend)
    ada = demo["ada"]
    engineering, council = community("engineering"), community("customer-council")

    everything = find(backend, ada, text="lighthouse")
    assert counts(everything, "community") == {str(engineering.pk): 2, str(council.pk): 1}
    assert counts(everything, "type")["post"] == 3
    assert counts(everything, "hashtag") == {"coast": 3}
    assert counts(everything, "affiliation") == {"employee": 3}

    # Selecting Engineering narrows the hits and the other facets, but its own
    # facet still offers the Customer Council, with its count.
    one = find(backend, ada, text="lighthouse", community_ids=(engineering.pk,))
    assert counts(one, "community") == {str(engineering.pk): 2, str(council.pk): 1}
    assert counts(one, "type") == {"post": 2}
    selected = [value for value in one.facets["community"] if value.selected]
    assert [(value.value, value.label) for value in selected] == [
        (str(engineering.pk), "Engineering")
    ]

    # Selecting both communities ORs them.
    both = find(backend, ada, text="lighthouse", community_ids=(engineering.pk, council.pk))
    assert len(both.hits) == 3
    assert both.facets["type"][0].label == "Posts"


def test_newest_first_and_relevance_put_every_hit_in_order(backend, demo, library):
    for offset, name in enumerate(("keeper", "storm", "council")):
        Post.objects.filter(pk=library[name].pk).update(
            created_at=timezone.now() - timedelta(hours=offset)
        )
    prepared(backend)

    newest = find(backend, demo["ada"], text="lighthouse", sort=Sort.NEWEST)
    assert [hit.id for hit in newest.hits] == [
        library[name].pk for name in ("keeper", "storm", "council")
    ]
    relevance = find(backend, demo["ada"], text="lighthouse", sort=Sort.RELEVANCE)
    assert {hit.id for hit in relevance.hits} == {hit.id for hit in newest.hits}


@pytest.mark.parametrize("sort", list(Sort))
def test_the_cursor_walks_every_page_without_repeats_or_gaps(backend, demo, sort):
    ada = demo["ada"]
    posts = [_post(ada, "engineering", f"Walking page {number} #walk") for number in range(11)]
    # Some share a moment: the cursor must still tell them apart.
    Post.objects.filter(pk__in=[post.pk for post in posts[:4]]).update(created_at=timezone.now())
    prepared(backend)

    seen, cursor, pages = [], None, 0
    while True:
        page = find(backend, ada, text="walking", sort=sort, size=3, cursor=cursor)
        seen += found(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
        assert pages < 10
    assert len(seen) == len(set(seen)) == 11
    assert {pk for _, pk in seen} == {post.pk for post in posts}


EDITED = {
    "elasticsearch": ("words", "post:1"),
    "database": (1, "yesterday", 0, 1),
}


@pytest.mark.parametrize("cursor", ["garbage!", "eyJ4IjoxfQ", "e30", "edited"])
def test_a_cursor_that_is_not_ours_is_refused(backend, demo, cursor):
    prepared(backend)
    if cursor == "edited":  # the right shape, values that are not sort values
        cursor = encode(Cursor(backend, "newest", EDITED[backend]))
    with pytest.raises(InvalidCursor):
        find(backend, demo["ada"], text="anything", sort="newest", cursor=cursor)


def test_a_cursor_of_another_sort_is_refused(backend, demo):
    for number in range(3):
        _post(demo["ada"], "engineering", f"Sorted {number}")
    prepared(backend)
    first = find(backend, demo["ada"], text="sorted", sort=Sort.NEWEST, size=1)
    assert first.next_cursor
    with pytest.raises(InvalidCursor):
        find(backend, demo["ada"], text="sorted", sort=Sort.RELEVANCE, cursor=first.next_cursor)


def test_a_person_found_by_job_title_is_still_titled_by_name(backend, demo):
    User.objects.filter(pk=demo["grace"].pk).update(title="Chief Cartographer")
    prepared(backend)

    (hit,) = find(backend, demo["ada"], text="cartographer").hits
    assert (hit.kind, hit.id) == ("person", demo["grace"].pk)
    assert hit.title == "Grace Hopper"
    assert "<mark>Cartographer</mark>" in hit.snippet


def test_a_page_costs_the_same_queries_however_many_hits(
    search_indices, demo, demo_content, demo_boards
):
    """Elasticsearch: the reader's scope, one re-check per kind, the labels."""
    for number in range(25):
        _post(demo["linus"], "engineering", f"Counting {number} #tally")
    prepared("elasticsearch")

    with CaptureQueriesContext(connection) as few:
        small = find("elasticsearch", demo["ada"], text="counting", size=2)
    with CaptureQueriesContext(connection) as many:
        large = find("elasticsearch", demo["ada"], size=50)
    assert len(small.hits) == 2 and len(large.hits) == 50
    assert len({hit.kind for hit in large.hits}) >= 4
    assert len(few.captured_queries) <= 4
    assert len(many.captured_queries) <= 10


def test_an_idea_found_by_its_title_has_the_words_marked_in_it(backend, demo, demo_boards):
    idea = demo_boards["internal"].ideas.first()
    Idea.objects.filter(pk=idea.pk).update(title="Quieter <b>kettles</b> for the kitchen")
    prepared(backend)

    (hit,) = find(backend, demo["ada"], text="kettles").hits
    assert (hit.kind, hit.id) == ("idea", idea.pk)
    assert "<mark>kettles</mark>" in hit.title
    assert "<b>" not in hit.title and "&lt;b&gt;" in hit.title


def test_a_long_title_is_marked_whole(backend, demo, demo_boards):
    idea = demo_boards["internal"].ideas.first()
    title = " ".join(["Long"] * 30 + ["kettles", "at", "the", "very", "end"])
    Idea.objects.filter(pk=idea.pk).update(title=title)
    prepared(backend)

    (hit,) = find(backend, demo["ada"], text="kettles").hits
    assert hit.title == title.replace("kettles", "<mark>kettles</mark>")


def test_the_database_backend_costs_the_same_queries_for_a_few_hits_or_many(
    demo, demo_content, demo_boards
):
    for number in range(25):
        _post(demo["linus"], "engineering", f"Counting {number} #tally")

    with CaptureQueriesContext(connection) as few:
        small = find("database", demo["ada"], text="counting", size=2)
    with CaptureQueriesContext(connection) as many:
        large = find("database", demo["ada"], size=50)
    assert len(small.hits) == 2 and len(large.hits) == 50
    assert len({hit.kind for hit in large.hits}) >= 4
    assert len(many.captured_queries) <= len(few.captured_queries) + 1


def test_an_idea_is_found_by_its_tags_on_elasticsearch(search_indices, demo, demo_boards):
    """Elasticsearch also matches an idea's tags, which are not in its text (the
    database backend's basic mode matches the text only)."""
    idea = demo_boards["internal"].ideas.first()
    tag, _ = Hashtag.objects.get_or_create(name="kettlecare")
    idea.tags.add(tag)
    prepared("elasticsearch")

    assert ("idea", idea.pk) in found(find("elasticsearch", demo["ada"], text="kettlecare"))

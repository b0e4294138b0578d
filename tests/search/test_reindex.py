"""manage.py search_reindex: a new index loaded in batches, the alias swapped
atomically, the old index gone; resumable after an interruption; searches answer
from the old index meanwhile; writes made during the rebuild survive it."""

from io import StringIO

import pytest
from django.core.management import call_command

from network.models import Post
from network.services.moderation import moderation_decide
from network.services.posts import post_create
from search.client import get_client
from search.documents import KINDS
from search.indices import current_index
from search.models import ReindexRun
from search.reindex import reindex
from search.serialize import queryset_for
from tests.fixtures.personas import community
from tests.search.delivering import deliver_search, indexed, search_ids


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, after a given number of progress lines."""


def interrupt_after(batches: int):
    seen = []

    def progress(line: str) -> None:
        if "documents" in line:
            seen.append(line)
            if len(seen) == batches:
                raise Interrupted(line)

    return progress


@pytest.fixture
def posts(search_indices, demo, demo_content):
    """Six posts, indexed by the handler into the first index."""
    engineering = community("engineering")
    for n in range(1, 5):
        post_create(actor=demo["ada"], community=engineering, body=f"Sparrow number {n}")
    deliver_search()
    return list(Post.objects.order_by("pk"))


def test_a_full_reindex_fills_a_new_index_and_swaps_the_alias(search_indices, posts):
    alias = f"{search_indices}_post"
    old = current_index(alias)
    out = StringIO()
    call_command("search_reindex", kind=["post"], batch_size=2, stdout=out)

    new = current_index(alias)
    assert new != old
    assert not get_client().indices.exists(index=old), "the old index is deleted"
    assert get_client().count(index=new)["count"] == len(posts)
    assert (
        get_client().indices.get_settings(index=new)[new]["settings"]["index"]["refresh_interval"]
        == "1s"
    )
    lines = out.getvalue().splitlines()
    assert f"post: 2/{len(posts)} documents" in lines[1]
    assert lines[-1].startswith(f"post: {len(posts)} documents into {new}")
    assert lines[-1].endswith("/s; alias swapped.")
    run = ReindexRun.objects.get(index=new)
    assert (run.indexed, run.total, run.last_pk) == (len(posts), len(posts), posts[-1].pk)
    assert run.finished_at is not None
    assert search_ids("post", "sparrow") == {post.pk for post in posts[-4:]}


def test_an_interrupted_reindex_resumes_into_the_same_index_while_search_goes_on(
    search_indices, posts
):
    alias = f"{search_indices}_post"
    old = current_index(alias)
    with pytest.raises(Interrupted):
        reindex("post", batch_size=2, progress=interrupt_after(1))

    run = ReindexRun.objects.get(finished_at__isnull=True)
    assert (run.kind, run.indexed, run.last_pk) == ("post", 2, posts[1].pk)
    assert current_index(alias) == old, "searches still answer from the old index"
    assert search_ids("post", "sparrow") == {post.pk for post in posts[-4:]}

    lines = []
    outcome = reindex("post", batch_size=2, progress=lines.append)
    assert outcome.resumed
    assert outcome.index == run.index
    assert outcome.documents == len(posts) - 2, "continues after the last pk"
    assert lines[0] == f"post: resuming {run.index} from pk {posts[1].pk}"
    assert current_index(alias) == run.index
    assert get_client().count(index=run.index)["count"] == len(posts)
    assert search_ids("post", "sparrow") == {post.pk for post in posts[-4:]}


def test_writes_during_a_reindex_survive_the_swap(search_indices, posts):
    with pytest.raises(Interrupted):
        reindex("post", batch_size=2, progress=interrupt_after(2))
    run = ReindexRun.objects.get(finished_at__isnull=True)
    # The demo posts come first; their authors own (and moderate) their communities.
    first, second = posts[0], posts[1]
    assert run.last_pk >= second.pk, "both are already loaded"

    # Through the handler: written to the alias and to the unfinished run's index.
    moderation_decide(actor=first.author, post=first, action="hide", reason="Later")
    deliver_search()
    assert indexed("post", first.pk)["hidden"] is True
    assert indexed("post", first.pk, index=run.index)["hidden"] is True

    # Not delivered yet when the swap comes: the run replays the activities
    # recorded since it started.
    moderation_decide(actor=second.author, post=second, action="hide", reason="Later")
    assert indexed("post", second.pk, index=run.index)["hidden"] is False

    reindex("post", batch_size=2)
    assert indexed("post", first.pk)["hidden"] is True
    assert indexed("post", second.pk)["hidden"] is True


def test_the_command_refuses_a_bad_batch_size_and_database_search(settings, search_indices):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("search_reindex", batch_size=0)
    settings.SEARCH_BACKEND = "database"
    with pytest.raises(CommandError, match="database"):
        call_command("search_reindex")


def test_every_kind_is_rebuilt_with_as_many_documents_as_rows(
    search_indices, demo_content, demo_boards
):
    call_command("search_reindex", stdout=StringIO())
    client = get_client()
    for kind in KINDS:
        index = current_index(f"{search_indices}_{kind}")
        assert ReindexRun.objects.get(index=index).finished_at is not None
        assert client.count(index=index)["count"] == queryset_for(kind).count() > 0, kind

"""What the database says becomes a document: each kind's fields, and a row that is
gone leaves the index (search/serialize.py, search/indexing.py)."""

from network.services.moderation import moderation_decide
from network.services.posts import post_delete
from search.client import get_client
from search.documents import document_for
from search.indexing import index_now
from search.indices import alias_for
from tests.fixtures.personas import community


def _source(kind: str, pk: int) -> dict | None:
    found = (
        get_client().options(ignore_status=404).get(index=alias_for(document_for(kind)), id=str(pk))
    )
    return found["_source"] if found.get("found") else None


def test_a_post_and_its_comment_carry_where_they_live_and_what_moderators_did(
    search_indices, demo, demo_content
):
    council = demo_content["customer-council"]
    index_now("post", [council.post.pk])
    index_now("comment", [council.comment.pk])

    post = _source("post", council.post.pk)
    assert post["type"] == "post"
    assert post["community_id"] == council.community.pk
    assert post["audience"] == "customer"
    assert post["author_affiliation"] == "employee"
    assert post["hashtags"] == ["everywhere"]
    assert post["body"] == "News from Customer Council #everywhere"
    assert (post["hidden"], post["deleted"]) == (False, False)
    assert _source("comment", council.comment.pk)["post_id"] == council.post.pk

    moderation_decide(actor=demo["linus"], post=council.post, action="hide", reason="Off topic")
    index_now("post", [council.post.pk])
    index_now("comment", [council.comment.pk])

    assert _source("post", council.post.pk)["hidden"] is True
    assert _source("comment", council.comment.pk)["hidden"] is True, "hidden with its post"


def test_a_deleted_row_leaves_the_index_and_a_deleted_post_is_flagged(
    search_indices, demo, demo_content
):
    engineering = demo_content["engineering"]
    index_now("post", [engineering.post.pk])
    post_delete(actor=engineering.post.author, post=engineering.post)
    index_now("post", [engineering.post.pk])
    assert _source("post", engineering.post.pk)["deleted"] is True

    comment_id = engineering.comment.pk
    index_now("comment", [comment_id])
    engineering.comment.delete()
    index_now("comment", [comment_id])
    assert _source("comment", comment_id) is None


def test_people_communities_and_hashtags(search_indices, demo, demo_content):
    carla = demo["carla"]
    index_now("person", [carla.pk])
    index_now("community", [community("customer-council").pk])
    hashtag = demo_content["engineering"].post.hashtags.get()
    index_now("hashtag", [hashtag.pk])

    person = _source("person", carla.pk)
    assert person["affiliation"] == "customer"
    assert person["active"] is True
    assert sorted(person["community_ids"]) == sorted(
        carla.memberships.values_list("community_id", flat=True)
    )
    council = _source("community", community("customer-council").pk)
    assert (council["audience"], council["visibility"]) == ("customer", "private")
    assert sorted(_source("hashtag", hashtag.pk)["community_ids"]) == sorted(
        content.community.pk for content in demo_content.values()
    )

"""The search indices on the real Elasticsearch: made behind aliases, once, with the
fields the permission filter and the facets need (decision 0015)."""

from django.core.management import call_command
from elasticsearch.dsl import Search

from search.client import get_client
from search.documents import DOCUMENTS, PostDocument
from search.indices import alias_for, ensure_all


def test_search_init_makes_each_alias_once_over_a_dated_index(own_prefix, capsys):
    call_command("search_init")
    first = capsys.readouterr().out
    call_command("search_init")
    again = capsys.readouterr().out

    client = get_client()
    for document in DOCUMENTS:
        alias = alias_for(document)
        (index,) = client.indices.get_alias(name=alias)
        assert index.startswith(f"{alias}-")
        assert f"{alias} -> {index} (created)" in first
        assert f"{alias} -> {index} (exists)" in again
    assert sorted(alias_for(document) for document in DOCUMENTS) == [
        f"{own_prefix}_{kind}"
        for kind in ("comment", "community", "hashtag", "idea", "person", "post")
    ]


def test_content_carries_the_fields_permission_filters_and_facets_need(own_prefix):
    ensure_all()
    mapping = get_client().indices.get_mapping(index=alias_for(PostDocument))
    (fields,) = [index["mappings"]["properties"] for index in mapping.values()]

    assert {name: fields[name]["type"] for name in fields} == {
        "type": "keyword",
        "key": "keyword",
        "community_id": "integer",
        "audience": "keyword",
        "author_id": "integer",
        "author_affiliation": "keyword",
        "hidden": "boolean",
        "deleted": "boolean",
        "hashtags": "keyword",
        "created_at": "date",
        "body": "text",
    }


def test_a_community_filter_keeps_what_the_reader_may_not_read_out(own_prefix):
    ensure_all()
    alias = alias_for(PostDocument)
    for pk, community, body in ((1, 10, "Roadmap for Lyon"), (2, 20, "Roadmap for customers")):
        PostDocument(meta={"id": pk}, community_id=community, audience="internal", body=body).save(
            using=get_client(), index=alias, refresh=True
        )

    readable = Search(using=get_client(), index=alias).query("match", body="roadmap")
    found = readable.filter("terms", community_id=[20]).execute()

    assert [hit.meta.id for hit in found] == ["2"]
    assert readable.count() == 2

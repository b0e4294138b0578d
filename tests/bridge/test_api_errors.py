"""Every error the API answers has one body, ``{"type", "detail", "fields"}``
(bridge/api.py), whether DRF, a service or Django itself refused the request, and
the OpenAPI schema says so for every operation (bridge/schema.py)."""

import pytest
import yaml
from django.conf import settings
from django.test import Client

from network.models import User
from tests.fixtures.personas import community, signed_in
from tests.ideas.flow import an_idea, council_board

JSON = "application/json"
ERROR_KEYS = {"type", "detail", "fields"}
ERROR = {"$ref": "#/components/schemas/Error"}


def _posts_url() -> str:
    return f"/api/v1/communities/{community('engineering').pk}/posts/"


def test_a_nested_field_error_is_under_fields_and_named_by_its_path(demo):
    response = signed_in(demo["ada"]).post(
        _posts_url(), {"body": "Lunch?", "poll": {"options": ["Pizza"]}}, content_type=JSON
    )

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "Some fields are not valid: poll.options.",
        "fields": {"poll": {"options": ["Ensure this field has at least 2 elements."]}},
    }


def test_an_error_in_one_item_of_a_list_names_the_item(demo):
    response = signed_in(demo["ada"]).post(
        _posts_url(),
        {"body": "", "poll": {"options": ["Pizza", "x" * 201]}},
        content_type=JSON,
    )

    body = response.json()
    assert response.status_code == 400
    assert body["detail"] == "Some fields are not valid: body, poll.options.1."
    assert body["fields"] == {
        "body": ["This field may not be blank."],
        "poll": {"options": {"1": ["Ensure this field has no more than 200 characters."]}},
    }


def test_an_error_about_the_whole_request_is_the_detail(demo):
    margaret = demo["margaret"]  # a platform admin, who may deactivate anyone but herself

    response = signed_in(margaret).post(f"/api/v1/people/{margaret.pk}/deactivate/")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "You cannot deactivate yourself.",
        "fields": {},
    }
    assert User.objects.get(pk=margaret.pk).is_active


def test_nobody_signed_in_is_a_401_that_names_the_scheme(db):
    response = Client().get("/api/v1/me/")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {
        "type": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "fields": {},
    }


def test_what_one_may_see_but_not_do_is_a_403_with_the_services_reason(demo):
    linus = demo["linus"]

    response = signed_in(demo["ada"]).post(f"/api/v1/people/{linus.pk}/deactivate/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "permission_denied",
        "detail": "Only platform administrators can deactivate people.",
        "fields": {},
    }
    assert User.objects.get(pk=linus.pk).is_active


def test_what_one_may_not_see_is_a_404_like_what_does_not_exist(demo):
    carla = signed_in(demo["carla"])  # a customer: the Product Council is hidden from her
    hidden = carla.get(f"/api/v1/communities/{community('product-council').pk}/")
    missing = carla.get("/api/v1/communities/999999999/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["type"] == "not_found"
    assert set(hidden.json()) == ERROR_KEYS


def test_an_api_address_no_route_matches_is_a_json_404(demo):
    for client in (Client(), signed_in(demo["ada"])):
        response = client.get("/api/v1/no-such-thing/")

        assert response.status_code == 404
        assert response.headers["Content-Type"] == JSON
        assert response.json() == {
            "type": "not_found",
            "detail": "There is no API endpoint at this address.",
            "fields": {},
        }


def test_a_page_address_no_route_matches_is_still_the_404_page(demo):
    response = signed_in(demo["ada"]).get("/no-such-page/")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "This page does not exist, or you cannot see it" in response.text


def test_a_method_the_endpoint_does_not_take_is_a_405(demo):
    response = signed_in(demo["ada"]).delete("/api/v1/me/")

    assert response.status_code == 405
    assert response.json() == {
        "type": "method_not_allowed",
        "detail": 'Method "DELETE" not allowed.',
        "fields": {},
    }


def test_a_conflict_keeps_its_own_keys_beside_the_three(demo):
    carla = signed_in(demo["carla"])
    idea = an_idea(council_board(demo["linus"]), demo["carla"], title="Portal")

    def edit(title: str):
        return carla.put(
            f"/api/v1/ideas/{idea.pk}/",
            {"title": title, "body": "B.", "base_revision": 1},
            content_type=JSON,
        )

    assert edit("Portal, SSO").status_code == 200
    stale = edit("Portal again")

    body = stale.json()
    assert stale.status_code == 409
    assert (body["type"], body["fields"]) == ("conflict", {})
    assert body["detail"].startswith("Carla ")
    assert "after the revision 1 you started from" in body["detail"]
    assert set(body) == ERROR_KEYS | {"current_revision", "edited_by", "edited_at"}
    assert body["current_revision"] == 2


def test_a_body_of_another_media_type_is_a_415(demo):
    response = signed_in(demo["ada"]).post(_posts_url(), "body=Hi", content_type="text/plain")

    assert response.status_code == 415
    assert response.json() == {
        "type": "unsupported_media_type",
        "detail": 'Unsupported media type "text/plain" in request.',
        "fields": {},
    }


def test_a_body_that_is_not_json_is_a_parse_error(demo):
    response = signed_in(demo["ada"]).post(_posts_url(), '{"body": "Hi",', content_type=JSON)

    body = response.json()
    assert response.status_code == 400
    assert body["type"] == "parse_error"
    assert body["detail"].startswith("JSON parse error")
    assert body["fields"] == {}


def test_input_django_refuses_before_any_view_is_a_json_400(demo):
    too_many = "&".join(f"p{n}=1" for n in range(1001))  # DATA_UPLOAD_MAX_NUMBER_FIELDS

    response = signed_in(demo["ada"]).get(f"/api/v1/search/?{too_many}")

    assert response.status_code == 400
    assert response.json() == {
        "type": "bad_request",
        "detail": "The request could not be read.",
        "fields": {},
    }


def test_a_form_too_large_to_read_is_a_json_400(demo, settings):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = signed_in(demo["ada"]).post(_posts_url(), {"body": body})  # multipart

    assert response.status_code == 400
    assert response.json() == {
        "type": "bad_request",
        "detail": "The request is too large.",
        "fields": {},
    }


@pytest.mark.urls("tests.bridge.crash_urls")
def test_a_crash_under_api_is_a_json_500_and_a_page_keeps_its_500_page(demo):
    client = signed_in(demo["ada"])
    client.raise_request_exception = False

    api = client.get("/api/v1/crash/")
    page = client.get("/crash/")

    assert api.status_code == page.status_code == 500
    assert api.json() == {
        "type": "server_error",
        "detail": "Something went wrong on our side; nothing you sent caused it. "
        "Try again in a moment.",
        "fields": {},
    }
    assert "a bug" not in api.text, "what crashed stays in the logs"
    assert "Something went wrong on our side" in page.text
    assert page.headers["Content-Type"].startswith("text/html")


def _schema(client: Client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _errors(schema: dict, path: str, method: str) -> set[str]:
    responses = schema["paths"][path][method]["responses"]
    return {code for code in responses if code >= "400"}


def test_the_schema_documents_one_error_body_for_every_error_of_every_operation(demo):
    schema = _schema(signed_in(demo["ada"]))

    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == ERROR_KEYS
    assert set(error["required"]) == ERROR_KEYS
    operations_seen = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {c: r for c, r in operation["responses"].items() if c >= "400"}
            # Everything but the schema needs someone signed in, and is rate limited.
            assert {"401", "403", "429"} <= set(errors), (method, path)
            for code, response in errors.items():
                body = response["content"]["application/json"]["schema"]
                # A view's own error body (a stale edit's revision) comes beside the three.
                assert ERROR in (body, body.get("allOf", [None])[0]), (method, path, code)
                assert response["description"], (method, path, code)
            operations_seen += 1
    assert operations_seen > 100


def test_the_schema_lists_the_errors_each_operation_can_answer(demo):
    schema = _schema(signed_in(demo["ada"]))
    everywhere = {"401", "403", "429"}

    # Reading oneself: nothing to refuse, nothing to miss.
    assert _errors(schema, "/api/v1/me/", "get") == everywhere
    # Changing oneself: a body to refuse; nothing named, no state to conflict with.
    assert _errors(schema, "/api/v1/me/", "patch") == everywhere | {"400", "415"}
    # Reading by id: a 404.
    assert _errors(schema, "/api/v1/posts/{post_id}/", "get") == everywhere | {"404"}
    # Posting into a community: all of them.
    posts = "/api/v1/communities/{community_id}/posts/"
    assert _errors(schema, posts, "post") == everywhere | {"400", "404", "409", "415"}
    # Lists DRF pages, by cursor or by number: a 404 for a cursor or page it cannot read.
    assert _errors(schema, "/api/v1/notifications/", "get") == everywhere | {"400", "404"}
    assert _errors(schema, "/api/v1/communities/", "get") == everywhere | {"400", "404"}
    # What a view declares itself gets the body too: a community named by a query
    # parameter, the helpful mark's 403, 404 and 409.
    leaderboard = "/api/v1/rewards/leaderboard/"
    assert _errors(schema, leaderboard, "get") == everywhere | {"400", "404"}
    helpful = "/api/v1/comments/{comment_id}/helpful/"
    assert _errors(schema, helpful, "delete") == everywhere | {"404", "409"}
    # A body a view declares for an error keeps its keys, beside the three.
    stale_edit = schema["paths"]["/api/v1/ideas/{idea_id}/"]["put"]["responses"]["409"]
    assert stale_edit["content"][JSON]["schema"] == {
        "allOf": [ERROR, {"$ref": "#/components/schemas/EditConflict"}]
    }


def test_a_json_body_too_big_to_parse_is_a_413(demo):
    ada = signed_in(demo["ada"])
    engineering = community("engineering")
    url = f"/api/v1/communities/{engineering.pk}/posts/"
    huge = '{"body": "' + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + '"}'
    response = ada.post(url, huge, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["type"] == "payload_too_large"
    normal = ada.post(url, {"body": "small"}, content_type="application/json")
    assert normal.status_code == 201

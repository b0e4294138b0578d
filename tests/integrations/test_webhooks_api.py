"""The webhooks API: subscribing, who may see and do what (a matrix), what is refused,
the deliveries log, and where webhooks may never go."""

import pytest
from django.test import Client

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network.services.posts import post_create
from tests.fixtures.personas import community, council, signed_in
from tests.integrations.webhooks import subscribe

HOOKS = "/api/v1/webhooks/"


def create(user, **body) -> tuple[int, dict]:
    body = {"url": "http://127.0.0.1:9/hook", "verbs": ["post.created"], **body}
    response = signed_in(user).post(HOOKS, body, content_type="application/json")
    return response.status_code, response.json()


def test_the_secret_is_shown_once_and_never_listed(demo):
    status, made = create(
        demo["carla"], verbs=["comment.created", "post.created", "post.created"], description="CRM"
    )

    assert status == 201
    assert made["secret"].startswith("whsec_")
    assert made["verbs"] == ["post.created", "comment.created"], "known, once, in catalogue order"
    assert made["owner"] == {"id": demo["carla"].pk, "name": "Carla Customer"}
    assert (made["active"], made["community"], made["description"]) == (True, None, "CRM")
    client = signed_in(demo["carla"])
    shown = client.get(f"{HOOKS}{made['id']}/").json()
    [listed] = client.get(HOOKS).json()["results"]
    assert "secret" not in shown
    assert "secret" not in listed
    assert made["secret"] not in client.get(f"{HOOKS}{made['id']}/deliveries/").content.decode()
    assert WebhookSubscription.objects.get(pk=made["id"]).secret == made["secret"]


@pytest.mark.parametrize(
    ("who", "body", "field", "message"),
    [
        ("carla", {"verbs": []}, "verbs", None),
        ("carla", {"verbs": ["post.created", "nonsense.verb"]}, "verbs", None),
        ("carla", {"verbs": ["invitation.created"]}, "verbs", None),  # staff only
        ("carla", {"community": "product-council"}, "community", "No such community."),
        ("ada", {"community": "partner-network"}, "community", "join it first"),
        ("carla", {"url": "not a url"}, "url", None),
    ],
)
def test_what_is_refused_is_said_by_field(demo, who, body, field, message):
    if "community" in body:
        body["community"] = community(body["community"]).pk
    status, error = create(demo[who], **body)

    assert status == 400
    assert error["type"] == "validation_error"
    assert list(error["fields"]) == [field]
    if message:
        assert message in " ".join(error["fields"][field])


def test_a_member_may_narrow_to_one_of_their_communities(demo):
    status, made = create(demo["carla"], community=council().pk)
    assert status == 201
    assert made["community"] == {"id": council().pk, "name": "Customer Council"}


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/hook",  # not https
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://239.1.2.3/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_in_production_only_public_https_urls_are_accepted(demo, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    status, error = create(demo["carla"], url=url)
    assert status == 400, url
    assert list(error["fields"]) == ["url"]


def test_a_public_https_address_is_accepted(demo, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    status, _ = create(demo["carla"], url="https://93.184.215.14/hook")
    assert status == 201


def test_the_address_is_checked_again_at_every_attempt(demo, receiver, beat, settings):
    """Saved while allowed (or while the name pointed elsewhere): never called."""
    hook = subscribe(demo["carla"], receiver, "/carla", ["post.created"])
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False

    post_create(actor=demo["linus"], community=council(), body="Knock knock")
    beat()

    assert receiver.received == receiver.refused_signatures == []
    [made] = WebhookDelivery.objects.filter(subscription_id=hook["id"])
    assert made.state == "pending"
    assert made.last_error == "Webhook URLs must use https."


def test_a_person_has_a_limited_number_of_webhooks(demo, settings):
    settings.WEBHOOK_MAX_SUBSCRIPTIONS = 2
    assert [create(demo["carla"])[0] for _ in range(2)] == [201, 201]
    status, error = create(demo["carla"])
    assert status == 409
    assert error["type"] == "conflict"


def test_changing_a_subscription(demo):
    _, made = create(demo["ada"])
    engineering = community("engineering")

    response = signed_in(demo["ada"]).patch(
        f"{HOOKS}{made['id']}/",
        {"verbs": ["idea.submitted"], "community": engineering.pk, "description": "Ideas"},
        content_type="application/json",
    )

    assert response.status_code == 200
    changed = response.json()
    assert changed["verbs"] == ["idea.submitted"]
    assert changed["community"]["id"] == engineering.pk
    assert changed["url"] == made["url"]
    assert changed["description"] == "Ideas"


# Who may do what to Ada's subscription: her own; a platform admin sees it and may
# stop it (disable, delete) but not change or use it; anyone else finds nothing.
OPERATIONS = [
    ("get", "", {"ada": 200, "margaret": 200, "carla": 404, "linus": 404, "anonymous": 401}),
    ("patch", "", {"ada": 200, "margaret": 403, "carla": 404, "linus": 404, "anonymous": 401}),
    ("post", "rotate-secret/", {"ada": 200, "margaret": 403, "carla": 404, "anonymous": 401}),
    ("post", "ping/", {"ada": 202, "margaret": 403, "carla": 404, "anonymous": 401}),
    ("post", "disable/", {"ada": 200, "margaret": 200, "carla": 404, "anonymous": 401}),
    ("post", "enable/", {"ada": 200, "margaret": 403, "carla": 404, "anonymous": 401}),
    ("get", "deliveries/", {"ada": 200, "margaret": 200, "carla": 404, "anonymous": 401}),
    ("get", "deliveries/{d}/", {"ada": 200, "margaret": 200, "pat": 404, "anonymous": 401}),
    ("post", "deliveries/{d}/redeliver/", {"ada": 202, "margaret": 403, "pat": 404}),
    ("delete", "", {"margaret": 204, "carla": 404, "grace": 404, "anonymous": 401}),
    ("delete", "", {"ada": 204}),
]


@pytest.mark.parametrize(("method", "suffix", "expected"), OPERATIONS)
def test_who_may_do_what_to_a_subscription(demo, method, suffix, expected):
    _, made = create(demo["ada"])
    ping = WebhookDelivery.objects.create(
        subscription_id=made["id"], event_type="webhook.ping", payload={}
    )
    path = f"{HOOKS}{made['id']}/{suffix.format(d=ping.pk)}"
    for who, status in expected.items():
        client = Client() if who == "anonymous" else signed_in(demo[who])
        body = {"description": "x"} if method == "patch" else None
        response = getattr(client, method)(path, body, content_type="application/json")
        assert response.status_code == status, (who, method, path, response.content)


def test_lists_show_ones_own_and_admins_everyones(demo):
    _, adas = create(demo["ada"])
    _, carlas = create(demo["carla"])

    def listed(who: str) -> list[int]:
        return [hook["id"] for hook in signed_in(demo[who]).get(HOOKS).json()["results"]]

    assert listed("ada") == [adas["id"]]
    assert listed("carla") == [carlas["id"]]
    assert listed("margaret") == [carlas["id"], adas["id"]]
    assert listed("linus") == []


def test_deliveries_page_newest_first_in_a_fixed_number_of_queries(
    demo, receiver, beat, django_assert_num_queries
):
    hook = subscribe(demo["carla"], receiver, "/carla", ["post.created"])
    for number in range(5):
        post_create(actor=demo["linus"], community=council(), body=f"News {number}")
    beat()
    client = signed_in(demo["carla"])
    client.get("/api/v1/me/")  # the session is cached from now on

    # The user, the subscription, a page of deliveries, their attempts: whatever the page.
    with django_assert_num_queries(4):
        first = client.get(f"{HOOKS}{hook['id']}/deliveries/?page_size=3").json()
    second = client.get(first["next"]).json()

    pages = first["results"] + second["results"]
    shown = [delivery["payload"]["data"]["object"]["excerpt"] for delivery in pages]
    assert shown == [f"News {number}" for number in reversed(range(5))]
    assert second["next"] is None
    delivered = first["results"][0]
    assert delivered["state"] == "delivered"
    assert delivered["next_attempt_at"] is None
    assert delivered["attempts"][0]["status_code"] == 200
    assert delivered["attempts"][0]["manual"] is False


def test_the_event_types_are_listed_with_what_they_mean(demo):
    listed = signed_in(demo["otto"]).get(f"{HOOKS}event-types/").json()
    types = [entry["type"] for entry in listed]
    assert "post.created" in types
    assert "invitation.created" not in types, "staff only"
    assert all(entry["description"] for entry in listed)

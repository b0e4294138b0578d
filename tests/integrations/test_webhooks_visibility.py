"""Webhook payloads carry only what the subscription's owner may see: checked when the
event happens, and again before each attempt."""

from network.services.conversations import comment_create
from network.services.memberships import membership_remove
from network.services.moderation import moderation_decide
from network.services.posts import post_create
from tests.fixtures.personas import community, council
from tests.integrations.webhooks import deliveries, subscribe

CONTENT = ["post.created", "comment.created"]


def bodies(receiver, path: str) -> str:
    return " ".join(got.body.decode() for got in receiver.events(path))


def test_a_customer_never_hears_of_internal_posts_an_employee_does(demo, receiver, beat):
    subscribe(demo["carla"], receiver, "/carla", CONTENT)
    subscribe(demo["ada"], receiver, "/ada", CONTENT)

    post_create(
        actor=demo["linus"], community=community("engineering"), body="Engineering-only news"
    )
    secret = post_create(
        actor=demo["ada"], community=community("product-council"), body="Secret roadmap"
    )
    shared = post_create(actor=demo["linus"], community=council(), body="For our customers")
    comment_create(actor=demo["ada"], post=secret, body="Secret reply")
    comment_create(actor=demo["ada"], post=shared, body="Welcome, customers")
    beat()

    carla = [(got.event["type"], got.event["data"]["object"]) for got in receiver.events("/carla")]
    assert [(kind, told["post_id" if "post_id" in told else "id"]) for kind, told in carla] == [
        ("post.created", shared.pk),
        ("comment.created", shared.pk),
    ]
    for leaked in ("Engineering-only", "Secret", "Product Council", "Engineering"):
        assert leaked not in bodies(receiver, "/carla")
    ada = {
        (got.event["type"], got.event["data"]["object"]["excerpt"])
        for got in receiver.events("/ada")
    }
    assert ada == {
        ("post.created", "Engineering-only news"),
        ("post.created", "Secret roadmap"),
        ("post.created", "For our customers"),
        ("comment.created", "Secret reply"),
        ("comment.created", "Welcome, customers"),
    }


def test_a_subscription_to_one_community_hears_of_that_one_only(demo, receiver, beat):
    engineering = community("engineering")
    subscribe(demo["ada"], receiver, "/ada", ["post.created"], community=engineering.pk)

    post_create(actor=demo["linus"], community=engineering, body="In engineering")
    post_create(actor=demo["linus"], community=council(), body="In the council")
    beat()

    [got] = receiver.events("/ada")
    assert got.event["data"]["object"]["excerpt"] == "In engineering"


def test_someone_who_is_no_member_hears_nothing_of_a_community_they_may_read(demo, receiver, beat):
    """The stream's rule: membership, not the right to read (docs/webhooks.md)."""
    subscribe(demo["margaret"], receiver, "/margaret", ["post.created"])

    post_create(actor=demo["linus"], community=community("engineering"), body="Open news")
    beat()

    assert receiver.events("/margaret") == []


def test_a_post_hidden_before_its_event_went_out_is_withheld(demo, receiver, beat):
    hook = subscribe(demo["carla"], receiver, "/carla", CONTENT)
    post = post_create(actor=demo["ada"], community=council(), body="Oops, a price list")
    comment_create(actor=demo["ada"], post=post, body="And the discount")
    beat.handlers_only()
    assert len(deliveries(hook)) == 2, "made while carla could read them"

    moderation_decide(actor=demo["linus"], post=post, action="hide", reason="Prices")
    beat()

    assert receiver.events("/carla") == []
    assert [made.state for made in deliveries(hook)] == ["withheld", "withheld"]


def test_someone_removed_from_a_community_is_sent_nothing_more_of_it(demo, receiver, beat):
    hook = subscribe(demo["carla"], receiver, "/carla", CONTENT)
    post_create(actor=demo["ada"], community=council(), body="Before you leave")
    beat.handlers_only()

    membership_remove(actor=demo["linus"], community=council(), user=demo["carla"])
    post_create(actor=demo["ada"], community=council(), body="After you left")
    beat()

    assert receiver.events("/carla") == []
    assert [made.state for made in deliveries(hook)] == ["withheld"], "none made after"


def test_personal_events_reach_only_the_people_they_concern(demo, receiver, beat):
    subscribe(demo["ada"], receiver, "/ada", ["post.hidden"])
    subscribe(demo["carla"], receiver, "/carla", ["post.hidden"])
    post = post_create(actor=demo["ada"], community=council(), body="Mine")

    moderation_decide(actor=demo["linus"], post=post, action="hide", reason="Off topic")
    beat()

    [got] = receiver.events("/ada")
    assert got.event["type"] == "post.hidden"
    assert got.event["data"]["object"]["excerpt"] == "Mine", "her own post: she still reads it"
    assert receiver.events("/carla") == [], "a member of the community, but not concerned"


def test_a_deactivated_owner_is_sent_nothing(demo, receiver, beat):
    subscribe(demo["carla"], receiver, "/carla", CONTENT)
    demo["carla"].is_active = False
    demo["carla"].save(update_fields=["is_active"])

    post_create(actor=demo["ada"], community=council(), body="Anyone?")
    beat()

    assert receiver.events("/carla") == []

"""The share hub's services on real PostgreSQL: curating is HR's, a person's link is
made once, the disclosure is always in the text, and a click counts once per
visitor per day, never from a bot or the ambassador, and earns through HR's rules."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from activity.models import Activity
from network.access import NotFound
from realtime.events import user_group
from realtime.handlers import groups_hearing
from rewards.integrity import ledger_problems
from rewards.models import Account, ShareClick, ShareLink, Transfer
from rewards.services import ledger, rules, share
from rewards.services.awards import award_for_activity

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _item(grace, **terms):
    return share.share_item_create(
        actor=grace,
        title=terms.pop("title", "We opened an office in Lyon"),
        url=terms.pop("url", "https://example.com/news/lyon"),
        suggested_text=terms.pop("suggested_text", "Proud of our new Lyon office!"),
        **terms,
    )


def _click(link, ip="203.0.113.7", agent=BROWSER, user=None):
    from django.contrib.auth.models import AnonymousUser

    return share.record_click(
        token=link.token,
        visitor=share.visitor_of(ip, agent),
        user_agent=agent,
        signed_in_user=user or AnonymousUser(),
    )


def _wallet(person) -> int:
    return ledger.account_of(Account.Kind.WALLET, person).balance


def _deliver_clicks() -> list[Transfer]:
    awarded = []
    for clicked in Activity.objects.filter(verb="share.clicked").order_by("pk"):
        with transaction.atomic():
            awarded += award_for_activity(clicked)
    return awarded


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ada", "linus", "margaret", "pat", "carla"])
def test_only_hr_admins_curate(demo, who):
    with pytest.raises(PermissionDenied):
        _item(demo[who])
    item = _item(demo["grace"])
    with pytest.raises(PermissionDenied):
        share.share_item_update(actor=demo[who], item=item, title="Mine now")
    with pytest.raises(PermissionDenied):
        share.share_item_retire(actor=demo[who], item=item)


@pytest.mark.django_db
def test_communications_staff_curate_too(demo):
    linus = demo["linus"]
    linus.is_communications = True
    linus.save(update_fields=["is_communications"])

    item = _item(linus)
    share.share_item_retire(actor=linus, item=item)

    assert list(share.items_visible_to(linus)) == [item]  # retired ones too, as HR


@pytest.mark.django_db
def test_curating_refuses_bad_terms_field_by_field(demo):
    with pytest.raises(ValidationError) as refused:
        _item(
            demo["grace"],
            title=" ",
            url="javascript:alert(1)",
            suggested_text="",
            affiliations=["robots"],
            starts_at=timezone.now(),
            ends_at=timezone.now() - timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {
        "title",
        "url",
        "suggested_text",
        "affiliations",
        "ends_at",
    }


@pytest.mark.django_db
def test_a_curated_item_is_recorded_for_hr(demo):
    item = _item(demo["grace"])
    share.share_item_retire(actor=demo["grace"], item=item)

    verbs = list(
        Activity.objects.filter(object_type="share_item")
        .order_by("pk")
        .values_list("verb", "audience")
    )
    assert verbs == [("share_item.created", "staff"), ("share_item.retired", "staff")]


@pytest.mark.django_db
def test_employees_share_by_default_and_others_see_nothing(demo):
    item = _item(demo["grace"])
    opened = _item(demo["grace"], title="Customer story", affiliations=["employee", "customer"])

    assert set(share.items_shareable_by(demo["ada"])) == {item, opened}
    assert set(share.items_shareable_by(demo["carla"])) == {opened}
    assert set(share.items_shareable_by(demo["pat"])) == set()
    with pytest.raises(NotFound):
        share.access_shareable(demo["carla"], item.pk)


@pytest.mark.django_db
def test_retired_and_out_of_date_items_are_not_shareable(demo):
    grace = demo["grace"]
    retired = share.share_item_retire(actor=grace, item=_item(grace))
    later = _item(grace, starts_at=timezone.now() + timedelta(days=1))
    over = _item(
        grace,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )

    assert list(share.items_shareable_by(demo["ada"])) == []
    assert set(share.items_visible_to(grace)) == {retired, later, over}


@pytest.mark.django_db
def test_a_link_is_made_once_per_person_and_item_and_is_unguessable(demo):
    item = _item(demo["grace"])
    first = share.link_for(demo["ada"], item)
    again = share.link_for(demo["ada"], item)
    linus = share.link_for(demo["linus"], item)

    assert first == again
    assert first.token != linus.token
    assert len(first.token) >= 32
    assert ShareLink.objects.count() == 2


@pytest.mark.django_db
def test_the_disclosure_is_always_appended_whatever_the_ambassador_writes(demo):
    item = _item(demo["grace"], affiliations=["employee", "customer"])
    link = share.link_for(demo["ada"], item)
    share.link_text_set(actor=demo["ada"], link=link, text="Look at this!")

    text = share.share_text(link)
    assert text.startswith("Look at this!\n\n")
    assert share.tracked_url(link) in text
    assert text.endswith("I work at Bridge and may be rewarded for sharing. #employee")
    assert "#employee" not in link.text  # never stored: nothing to remove

    customer = share.link_for(demo["carla"], item)
    assert "Proud of our new Lyon office!" in share.share_text(customer)
    assert share.share_text(customer).endswith(
        "I'm a customer of Bridge and may be rewarded for sharing. #ad"
    )


@pytest.mark.django_db
def test_only_the_ambassador_rewords_their_link(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))
    with pytest.raises(PermissionDenied):
        share.link_text_set(actor=demo["linus"], link=link, text="Hijacked")
    with pytest.raises(ValidationError):
        share.link_text_set(actor=demo["ada"], link=link, text="x" * 1001)


@pytest.mark.django_db
def test_a_click_counts_once_per_visitor_per_day(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))

    first = _click(link)
    repeat = _click(link)
    other = _click(link, ip="198.51.100.9")

    assert (first.counted, first.reason) == (True, "counted")
    assert (repeat.counted, repeat.reason) == (False, "repeat")
    assert other.counted
    assert first.url == "https://example.com/news/lyon"
    assert ShareClick.objects.count() == 2
    clicked = Activity.objects.filter(verb="share.clicked")
    assert clicked.count() == 2
    assert clicked.first().actor is None
    assert clicked.first().payload["notify"] == [demo["ada"].pk]


@pytest.mark.django_db
def test_the_visitor_is_a_hash_never_the_address(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))
    _click(link, ip="203.0.113.7")

    stored = ShareClick.objects.get().visitor
    assert "203.0.113.7" not in stored
    assert len(stored) == 64
    assert share.visitor_of("203.0.113.7", BROWSER) != share.visitor_of("203.0.113.7", GOOGLEBOT)


@pytest.mark.django_db
def test_the_database_refuses_a_second_click_the_same_day(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))
    today = timezone.localdate()
    ShareClick.objects.create(link=link, visitor="v" * 64, day=today)

    with pytest.raises(IntegrityError), transaction.atomic():
        ShareClick.objects.create(link=link, visitor="v" * 64, day=today)
    ShareClick.objects.create(link=link, visitor="v" * 64, day=today - timedelta(days=1))


@pytest.mark.django_db
def test_bots_and_empty_user_agents_count_nothing(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))

    assert _click(link, agent=GOOGLEBOT).reason == "bot"
    assert _click(link, agent="LinkedInBot/1.0 (compatible; Mozilla/5.0)").reason == "bot"
    assert _click(link, agent="").reason == "bot"
    assert ShareClick.objects.count() == 0


@pytest.mark.django_db
def test_self_clicks_count_nothing(demo):
    ada = demo["ada"]
    item = _item(demo["grace"])
    share.link_for(ada, item, visitor=share.visitor_of("192.0.2.1", BROWSER))
    link = share.link_for(ada, item, visitor=share.visitor_of("192.0.2.2", BROWSER))

    assert _click(link, user=ada).reason == "self"
    assert _click(link, ip="192.0.2.1").reason == "self"  # where she opened it first
    assert _click(link, ip="192.0.2.2").reason == "self"
    assert ShareClick.objects.count() == 0
    assert _click(link, user=demo["linus"]).counted  # a colleague's click is a click


@pytest.mark.django_db
def test_a_retired_item_still_redirects_but_counts_nothing(demo):
    grace = demo["grace"]
    item = _item(grace)
    link = share.link_for(demo["ada"], item)
    share.share_item_retire(actor=grace, item=item)

    click = _click(link)
    assert (click.url, click.counted, click.reason) == (item.url, False, "retired")


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(demo):
    with pytest.raises(NotFound):
        share.record_click(
            token="nope",  # noqa: S106 -- a link token, not a password
            visitor="v",
            user_agent=BROWSER,
            signed_in_user=demo["ada"],
        )


@pytest.mark.django_db
def test_a_rule_rewards_a_counted_click_once(demo):
    ada, grace = demo["ada"], demo["grace"]
    rules.rule_create(actor=grace, name="Shares that land", earning="share_clicked", points=5)
    link = share.link_for(ada, _item(grace), visitor=share.visitor_of("192.0.2.1", BROWSER))

    _click(link)  # counted
    _click(link)  # the same visitor again today
    _click(link, ip="198.51.100.1", agent=GOOGLEBOT)
    _click(link, ip="192.0.2.1")  # herself, signed out
    _click(link, ip="198.51.100.2", user=ada)  # herself, signed in

    awarded = _deliver_clicks()
    assert len(awarded) == 1
    assert _wallet(ada) == 5
    assert _deliver_clicks() == []  # a replayed delivery awards nothing more
    assert _wallet(ada) == 5
    assert ledger_problems() == []


@pytest.mark.django_db(transaction=True)
def test_racing_clicks_from_one_visitor_count_once(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def click() -> None:
        try:
            barrier.wait()
            outcomes.append(_click(link).reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["counted"] + ["repeat"] * 7
    assert ShareClick.objects.count() == 1
    assert Activity.objects.filter(verb="share.clicked").count() == 1


@pytest.mark.django_db
def test_a_counted_click_is_pushed_to_the_ambassador_only(demo):
    link = share.link_for(demo["ada"], _item(demo["grace"]))
    _click(link)

    clicked = Activity.objects.get(verb="share.clicked")
    assert clicked.audience == "personal"
    assert groups_hearing(clicked) == [user_group(demo["ada"].pk)]

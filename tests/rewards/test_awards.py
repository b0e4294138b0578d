"""Automatic awards from the activity stream: HR's rules, once per (rule version,
activity, person), within caps, judged by the version in force when the activity
happened, credited to every contributor of an idea; and a worker killed mid-award
leaves nothing, then the retry awards."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from activity import registry, relay
from activity.models import Activity, Delivery
from ideas.models import Stage
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import idea_submit
from ideas.services.stages import stage_move
from network.services.posts import post_create
from rewards.earnings import EARNING_VERBS
from rewards.integrity import ledger_problems
from rewards.models import Account, BadgeAward, Transfer
from rewards.services import badges, ledger, rules
from rewards.services.awards import award_for_activity
from tests.fixtures.personas import community
from tests.fixtures.services import wait_for


def _wallet(person) -> int:
    return ledger.account_of(Account.Kind.WALLET, person).balance


def _post(person, slug="engineering") -> Activity:
    post = post_create(actor=person, community=community(slug), body="Our launch, in the news")
    return Activity.objects.get(verb="post.created", object_id=str(post.pk))


def _deliver(activity: Activity) -> list[Transfer]:
    with transaction.atomic():
        return award_for_activity(activity)


def test_the_handler_hears_every_verb_an_earning_names():
    assert registry.get_handler("rewards.award").verbs == EARNING_VERBS


@pytest.mark.django_db
def test_a_post_earns_its_points_once_however_often_it_is_delivered(demo):
    ada, grace = demo["ada"], demo["grace"]
    rule = rules.rule_create(actor=grace, name="Share our news", earning="post_created", points=10)
    posted = _post(ada)

    first = _deliver(posted)
    replays = [_deliver(posted) for _ in range(4)]

    assert [t.rule_version.rule for t in first] == [rule]
    assert replays == [[], [], [], []]
    assert _wallet(ada) == 10
    assert Transfer.objects.filter(kind=Transfer.Kind.AWARD).count() == 1


@pytest.mark.django_db
def test_caps_hold_per_day(demo):
    ada, grace = demo["ada"], demo["grace"]
    rules.rule_create(actor=grace, name="Posts", earning="post_created", points=10, daily_cap=25)

    for _ in range(4):
        _deliver(_post(ada))

    awarded = Transfer.objects.filter(kind=Transfer.Kind.AWARD).order_by("pk")
    assert [t.entries.get(amount__gt=0).amount for t in awarded] == [10, 10, 5]
    assert _wallet(ada) == 25


@pytest.mark.django_db
def test_a_changed_rule_never_rewrites_the_past(demo):
    ada, grace = demo["ada"], demo["grace"]
    rule = rules.rule_create(actor=grace, name="Posts", earning="post_created", points=10)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    rule.versions.update(created_at=an_hour_ago - timedelta(minutes=5))
    before = _post(ada)
    Activity.objects.filter(pk=before.pk).update(created_at=an_hour_ago)
    before.refresh_from_db()
    changed = rules.rule_change(
        actor=grace,
        rule=rule,
        points=50,
        daily_cap=None,
        weekly_cap=None,
        affiliations=["employee"],
        starts_at=None,
        ends_at=None,
    )
    after = _post(ada)

    # Both delivered after the change, the earlier one late.
    [late] = _deliver(before)
    [now] = _deliver(after)

    assert (late.rule_version.number, late.entries.get(amount__gt=0).amount) == (1, 10)
    assert (now.rule_version, now.entries.get(amount__gt=0).amount) == (changed, 50)


@pytest.mark.django_db
def test_a_delivered_idea_credits_every_contributor_the_programme_takes_in(demo, demo_boards):
    ada, linus, carla, grace = demo["ada"], demo["linus"], demo["carla"], demo["grace"]
    rules.rule_create(actor=grace, name="Delivered", earning="idea_delivered", points=100)
    board = demo_boards["customer"]
    idea = idea_submit(actor=ada, board=board, title="Offline mode", body="Works on a plane.")
    coauthor_invite(actor=ada, idea=idea, invitee=carla)
    coauthor_respond(actor=carla, idea=idea, accept=True)
    delivered = board.stages.get(kind=Stage.Kind.DELIVERED)

    stage_move(actor=linus, idea=idea, stage=delivered, note="Shipped in 4.2")
    moved = Activity.objects.filter(verb="idea.stage_changed", object_id=str(idea.pk)).last()
    _deliver(moved)

    assert _wallet(ada) == 100
    assert _wallet(carla) == 0, "customers take part only where HR opens the rule to them"
    assert _wallet(linus) == 0, "moving the idea is not contributing to it"


@pytest.mark.django_db
def test_only_hr_sets_rules_and_bad_terms_are_refused_by_field(demo):
    with pytest.raises(PermissionDenied):
        rules.rule_create(actor=demo["linus"], name="Posts", earning="post_created", points=5)
    with pytest.raises(ValidationError) as refused:
        rules.rule_create(
            actor=demo["grace"],
            name="Posts",
            earning="post_created",
            points=0,
            daily_cap=0,
            affiliations=["robots"],
        )

    assert set(refused.value.message_dict) == {"points", "daily_cap", "affiliations"}


def _award_waiting_to_give_a_badge() -> bool:
    """Whether some session waits for a lock while inserting a badge award: the
    worker's award, past its transfer, held up by the badge award this test keeps
    uncommitted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO \"rewards_badgeaward\"%%'"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_award_leaves_nothing_and_the_retry_awards(worker_factory):
    from network.personas import seed_all

    people = {user.username: user for user in seed_all()}
    ada, grace = people["ada"], people["grace"]
    rules.rule_create(actor=grace, name="Posts", earning="post_created", points=10)
    first_post = badges.badge_create(
        actor=grace, name="First post", earning="post_created", threshold=1
    )
    held, release = threading.Event(), threading.Event()

    def hold_the_badge_uncommitted() -> None:
        """The same badge for the same person, inserted and not committed: the award's
        own insert waits on it (the unique constraint), after its transfer."""
        try:
            with transaction.atomic():
                BadgeAward.objects.create(badge=first_post, person=ada, reason="held")
                held.set()
                release.wait(timeout=120)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_badge_uncommitted)
    holder.start()
    assert held.wait(timeout=10)
    first = worker_factory()
    posted = _post(ada)  # committed: its deliveries go to the worker
    delivery = Delivery.objects.get(activity=posted, handler="rewards.award")

    # The award has written its transfer, entries and activity, and waits to give the badge.
    wait_for(_award_waiting_to_give_a_badge, message="the award to wait on the badge")
    first.kill()
    release.set()
    holder.join()

    # The killed worker's transaction is rolled back when its session ends.
    wait_for(lambda: not _award_waiting_to_give_a_badge(), message="the killed award to end")
    assert not Transfer.objects.filter(kind=Transfer.Kind.AWARD).exists()
    assert not Activity.objects.filter(verb="points.award").exists()
    assert not BadgeAward.objects.exists()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PENDING
    assert ledger_problems() == []

    worker_factory()
    assert relay.sweep(now=timezone.now() + timedelta(minutes=6)) >= 1
    wait_for(
        lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.DONE,
        message="the award after the crash",
    )
    assert _wallet(ada) == 10
    assert Transfer.objects.filter(kind=Transfer.Kind.AWARD).count() == 1
    assert BadgeAward.objects.get().person == ada
    assert ledger_problems() == []

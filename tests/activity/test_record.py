"""Recording activities: same transaction as the change, one delivery per handler."""

import pytest
from django.db import transaction
from django.utils import timezone

import activity
from activity import registry, relay
from activity.models import Activity, Delivery
from network.models import Community
from network.services.communities import community_create
from tests.activity.helpers import probe_delivery
from tests.probe.models import ProbeEffect


class Boom(Exception):
    pass


def test_rolled_back_transaction_records_nothing(persona, django_capture_on_commit_callbacks):
    ada = persona("ada")
    before = Activity.objects.count()

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Boom):
        with transaction.atomic():
            community_create(actor=ada, name="Doomed", audience="internal")
            raise Boom

    assert Activity.objects.count() == before
    assert not Community.objects.filter(name="Doomed").exists()
    assert callbacks == [], "nothing may be dispatched for a rolled-back change"


def test_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        activity.record(verb="probe.touched", object_type="probe", object_id=1)


def test_each_interested_handler_is_owed_one_delivery(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        probed = activity.record(verb="probe.touched", object_type="probe", object_id=1)
        other = activity.record(verb="something.else", object_type="probe", object_id=2)

    assert sorted(probed.deliveries.values_list("handler", flat=True)) == ["probe", "realtime.push"]
    assert list(other.deliveries.values_list("handler", flat=True)) == ["realtime.push"]
    assert len(callbacks) == 2, "one dispatch per activity, after commit"


def test_many_activities_are_recorded_as_many_records_would_in_two_queries(
    db, django_capture_on_commit_callbacks, django_assert_num_queries
):
    entries = [
        {"verb": "probe.touched", "object_type": "probe", "object_id": n, "audience": "staff"}
        for n in range(50)
    ]
    entries.append({"verb": "something.else", "object_type": "probe", "object_id": 99})

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with django_assert_num_queries(2):
            recorded = activity.record_many(entries)

    assert [item.object_id for item in recorded] == [*map(str, range(50)), "99"]
    assert (recorded[0].audience, recorded[-1].audience) == ("staff", "personal")
    for item in recorded:
        handlers = sorted(item.deliveries.values_list("handler", flat=True))
        assert handlers == sorted(handler.name for handler in registry.handlers_for(item.verb))
    assert len(callbacks) == 1, "one dispatch for the lot, after commit"


def test_a_service_records_its_activity_with_the_community_audience(persona):
    linus = persona("linus")
    community = community_create(actor=linus, name="Launch", audience="customer")

    recorded = Activity.objects.get(verb="community.created", object_id=str(community.pk))
    assert recorded.actor == linus
    assert recorded.community == community
    assert recorded.audience == "customer"


def test_delivering_twice_has_one_effect(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        touched = activity.record(verb="probe.touched", object_type="probe", object_id=1)
    delivery = probe_delivery(touched)

    assert relay.deliver(delivery.pk) == relay.Outcome.DELIVERED
    assert relay.deliver(delivery.pk) == relay.Outcome.ALREADY_DONE

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE
    assert delivery.attempts == 1
    assert ProbeEffect.objects.filter(activity_id=touched.pk).count() == 1


def test_a_failed_handler_leaves_the_delivery_pending_with_its_error(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        touched = activity.record(
            verb="probe.touched", object_type="probe", object_id=1, payload={"fail_times": 1}
        )
    delivery = probe_delivery(touched)

    with pytest.raises(relay.HandlerFailed):
        relay.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert "planned failure 1" in delivery.last_error
    assert not ProbeEffect.objects.exists(), "the failed attempt's writes are rolled back"

    assert relay.deliver(delivery.pk) == relay.Outcome.DELIVERED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("done", 2, "")
    assert ProbeEffect.objects.count() == 1


def test_after_max_attempts_a_delivery_fails_and_can_be_requeued(
    db, settings, django_capture_on_commit_callbacks
):
    settings.ACTIVITY_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        touched = activity.record(
            verb="probe.touched", object_type="probe", object_id=1, payload={"fail_times": 1}
        )
    delivery = probe_delivery(touched)

    assert relay.deliver(delivery.pk) == relay.Outcome.GAVE_UP
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert relay.sweep() == 0, "the sweep leaves failed deliveries to a person"

    settings.ACTIVITY_MAX_ATTEMPTS = 10
    assert relay.requeue_failed([delivery.pk]) == 1
    with pytest.raises(relay.HandlerFailed):
        relay.deliver(delivery.pk)  # the probe fails once more after the reset
    assert relay.deliver(delivery.pk) == relay.Outcome.DELIVERED
    assert ProbeEffect.objects.count() == 1


def test_sweep_resends_only_deliveries_whose_lease_ran_out(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        touched = activity.record(verb="probe.touched", object_type="probe", object_id=1)
    assert relay.sweep() == 0, "fresh deliveries are still leased to their first dispatch"

    later = timezone.now() + settings.ACTIVITY_DELIVERY_LEASE * 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert relay.sweep(now=later) == 2
    assert len(callbacks) == 1
    assert relay.sweep(now=later) == 0, "a re-sent delivery gets a new lease"
    assert touched.deliveries.filter(status="pending").count() == 2

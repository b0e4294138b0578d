"""Within a request, a membership is looked up once; a change within the request is
seen at once; outside requests nothing is remembered (network/membership_memo.py)."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from network import access, membership_memo
from network.membership_memo import MembershipMemoMiddleware
from network.models import Community, Membership
from network.services.memberships import membership_leave
from tests.fixtures.personas import community


def _serve(view) -> None:
    """Run `view` as the middleware runs a request's view."""
    MembershipMemoMiddleware(lambda _request: view() or HttpResponse())(RequestFactory().get("/"))


def _lookups(captured) -> int:
    return sum('FROM "network_membership"' in query["sql"] for query in captured)


def test_a_request_asks_the_database_once(demo):
    carla, council = demo["carla"], community("customer-council")
    answers = []

    with CaptureQueriesContext(connection) as captured:
        _serve(
            lambda: answers.extend(
                [
                    access.can_read_community(carla, council),
                    access.is_moderator(carla, council),
                    access.membership_of(carla, council) is not None,
                ]
            )
        )

    assert answers == [True, False, True]
    assert _lookups(captured) == 1


def test_a_change_within_the_request_is_seen(demo):
    carla, council = demo["carla"], community("customer-council")
    answers = []

    def leave_and_ask_again():
        answers.append(access.can_read_community(carla, council))
        membership_leave(actor=carla, community=council)
        answers.append(access.can_read_community(carla, council))

    _serve(leave_and_ask_again)

    assert answers == [True, False], "the customer council is private: she left it"


def test_outside_requests_every_question_goes_to_the_database(demo):
    carla, council = demo["carla"], community("customer-council")

    with CaptureQueriesContext(connection) as captured:
        assert access.membership_of(carla, council) is not None
        Membership.objects.filter(user=carla, community=council).update(role="moderator")
        assert access.is_moderator(carla, council)

    assert _lookups(captured) == 2


def test_after_reading_all_her_memberships_no_community_is_asked_about(demo):
    """memberships_of() once, then any number of communities (search's re-check of
    a page of hits from many communities): in hers or not, no query more."""
    carla = demo["carla"]
    communities = list(Community.objects.all())
    answers = {}

    def read_all_then_ask():
        access.memberships_of(carla)
        answers.update({c.slug: access.can_read_community(carla, c) for c in communities})

    with CaptureQueriesContext(connection) as captured:
        _serve(read_all_then_ask)

    assert {slug for slug, readable in answers.items() if readable} == {"customer-council"}
    assert _lookups(captured) == 1


def test_a_block_can_remember_outside_a_request_and_forgets_after_it(demo):
    carla, council = demo["carla"], community("customer-council")

    with CaptureQueriesContext(connection) as captured:
        with membership_memo.remembering():
            assert access.can_read_community(carla, council)
            assert not access.is_moderator(carla, council)
        assert access.membership_of(carla, council) is not None

    assert _lookups(captured) == 2, "once in the block, once after it"


def test_a_membership_written_after_reading_them_all_is_seen(demo):
    """forget() also forgets that all of them were read: the new one is looked up."""
    grace, council = demo["grace"], community("customer-council")
    answers = []

    def read_all_then_join():
        access.memberships_of(grace)
        answers.append(access.can_read_community(grace, council))
        Membership.objects.create(user=grace, community=council)
        membership_memo.forget()
        answers.append(access.can_read_community(grace, council))

    _serve(read_all_then_join)

    assert answers == [False, True]


def test_all_her_memberships_are_read_once_per_request(demo):
    carla = demo["carla"]
    found = []

    with CaptureQueriesContext(connection) as captured:
        _serve(lambda: found.extend([access.memberships_of(carla), access.memberships_of(carla)]))

    assert found[0] == found[1] == list(Membership.objects.filter(user=carla))
    assert _lookups(captured) == 1

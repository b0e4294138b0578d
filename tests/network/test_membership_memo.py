"""Within a request, a membership is looked up once; a change within the request is
seen at once; outside requests nothing is remembered (network/membership_memo.py)."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from network import access
from network.membership_memo import MembershipMemoMiddleware
from network.models import Membership
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

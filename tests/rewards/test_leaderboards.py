"""Leaderboards from the ledger: ordered by points earned in the period (awards and
adjustments, less reversals), per community (awards for its activities) and per
department; a person may opt out of being listed and their points still count; a
reader sees only the people they may see, and a community's board only if they may
read the community (404 otherwise)."""

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from activity.models import Activity
from network.models import User
from network.services.posts import post_create
from rewards.models import Account, Transfer
from rewards.services import ledger, rules
from rewards.services.awards import award_for_activity
from rewards.services.leaderboards import leaderboard, period_start
from tests.fixtures.personas import client_for, community

BOARD = "/api/v1/rewards/leaderboard/"


def _post(person: User, slug: str) -> None:
    post = post_create(actor=person, community=community(slug), body="Our launch, in the news")
    with transaction.atomic():
        award_for_activity(Activity.objects.get(verb="post.created", object_id=str(post.pk)))


def _standings(response) -> list[tuple[int, str, int]]:
    assert response.status_code == 200, response.content
    return [(row["rank"], row["person"]["name"], row["points"]) for row in response.json()["rows"]]


@pytest.fixture
def season(demo):
    """ada: 2 posts in Engineering (20); linus: 1 post in the Customer Council (10)
    and 15 from HR by hand."""
    ada, linus, grace = demo["ada"], demo["linus"], demo["grace"]
    User.objects.filter(pk=ada.pk).update(department="Engineering")
    User.objects.filter(pk=linus.pk).update(department="Community")
    rules.rule_create(actor=grace, name="Share our news", earning="post_created", points=10)
    _post(ada, "engineering")
    _post(ada, "engineering")
    _post(linus, "customer-council")
    ledger.adjust(actor=grace, person=linus, points=15, reason="Ran the launch", key="launch")
    return demo


@pytest.mark.django_db
def test_the_board_orders_people_by_the_points_they_earned(season):
    board = client_for(season, "ada").get(BOARD)

    assert _standings(board) == [(1, "Linus Torvalds", 25), (2, "Ada Lovelace", 20)]
    assert board.json()["total_points"] == 45


@pytest.mark.django_db
def test_ties_share_a_rank_and_reversals_count(season):
    ada, grace = season["ada"], season["grace"]
    ledger.adjust(actor=grace, person=ada, points=5, reason="Tied", key="tie")
    assert [row.rank for row in leaderboard(reader=ada).rows] == [1, 1]

    first_award = Transfer.objects.filter(kind=Transfer.Kind.AWARD).order_by("pk").first()
    ledger.reverse(actor=grace, transfer_to_undo=first_award, reason="Not about us")

    assert [(r.rank, r.person, r.points) for r in leaderboard(reader=ada).rows] == [
        (1, season["linus"], 25),
        (2, ada, 15),
    ]


@pytest.mark.django_db
def test_a_period_counts_what_was_earned_in_it(season):
    ada = season["ada"]
    later = timezone.now() + timedelta(days=40)

    def points(period: str, at: datetime | None = None) -> list[int]:
        return [row.points for row in leaderboard(reader=ada, period=period, at=at).rows]

    assert points("week") == points("month") == points("all") == [25, 20]
    assert points("week", later) == points("month", later) == []
    assert points("all", later) == [25, 20]
    before_any = Transfer.objects.order_by("created_at").first().created_at - timedelta(seconds=1)
    assert points("all", before_any) == []


def test_weeks_start_on_monday_and_months_on_the_first():
    wednesday = timezone.make_aware(datetime(2026, 11, 25, 15, 30))  # noqa: DTZ001

    assert period_start("week", wednesday) == timezone.make_aware(datetime(2026, 11, 23))  # noqa: DTZ001
    assert period_start("month", wednesday) == timezone.make_aware(datetime(2026, 11, 1))  # noqa: DTZ001
    assert period_start("all", wednesday) is None


@pytest.mark.django_db
def test_an_unknown_period_is_a_400(season):
    response = client_for(season, "ada").get(BOARD, {"period": "decade"})
    assert response.status_code == 400 and "period" in response.json()["fields"]


@pytest.mark.django_db
def test_who_opts_out_is_not_listed_but_their_points_still_count(season):
    ada = season["ada"]
    client = client_for(season, "ada")

    out = client.put(f"{BOARD}listing/", {"listed": False}, content_type="application/json")
    board = client.get(BOARD)

    assert out.json() == {"listed": False}
    assert client.get(f"{BOARD}listing/").json() == {"listed": False}
    assert _standings(board) == [(1, "Linus Torvalds", 25)]
    assert board.json()["total_points"] == 45
    assert ledger.account_of(Account.Kind.WALLET, ada).balance == 20
    assert Activity.objects.filter(verb="leaderboard.listing_changed", actor=ada).exists()

    client.put(f"{BOARD}listing/", {"listed": True}, content_type="application/json")
    assert len(_standings(client.get(BOARD))) == 2


@pytest.mark.django_db
def test_a_community_board_counts_the_awards_for_its_activities(season):
    engineering, council = community("engineering"), community("customer-council")
    client = client_for(season, "ada")

    assert _standings(client.get(BOARD, {"community": engineering.pk})) == [(1, "Ada Lovelace", 20)]
    assert _standings(client.get(BOARD, {"community": council.pk})) == [(1, "Linus Torvalds", 10)]

    first_award = Transfer.objects.filter(kind=Transfer.Kind.AWARD).order_by("pk").first()
    ledger.reverse(actor=season["grace"], transfer_to_undo=first_award, reason="Off topic")
    assert _standings(client.get(BOARD, {"community": engineering.pk})) == [(1, "Ada Lovelace", 10)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "slug"),
    [("carla", "engineering"), ("otto", "customer-council"), ("linus", "product-council")],
)
def test_a_board_of_a_community_the_reader_may_not_read_is_a_404(season, who, slug):
    response = client_for(season, who).get(BOARD, {"community": community(slug).pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_department_board_lists_its_people(season):
    client = client_for(season, "grace")

    assert _standings(client.get(BOARD, {"department": "engineering"})) == [(1, "Ada Lovelace", 20)]
    assert _standings(client.get(BOARD, {"department": "Sales"})) == []


@pytest.mark.django_db
def test_a_reader_sees_only_the_people_they_may_see(season):
    pat = client_for(season, "pat").get(BOARD)
    carla = client_for(season, "carla").get(BOARD, {"community": community("customer-council").pk})

    assert _standings(pat) == [(1, "Linus Torvalds", 25)], "pat shares no community with ada"
    assert _standings(carla) == [(1, "Linus Torvalds", 10)]

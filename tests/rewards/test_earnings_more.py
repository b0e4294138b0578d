"""Two more earnings: "answer_helpful" pays a comment's author once per comment, and
"referral_accepted" pays the inviter once per person who joins. Unmarking and marking
again, or inviting the same person again, pays nothing more; the "10 helpful answers"
badge is an earning with a threshold."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.models import Activity
from network.models import Comment, Post, User
from network.personas import DEMO_PASSWORD
from network.services.conversations import comment_create
from network.services.helpful import comment_mark_helpful, comment_unmark_helpful
from network.services.invitations import invitation_accept, invitation_create, invitation_signup
from network.services.memberships import membership_leave
from network.services.posts import post_create
from rewards.models import Account, BadgeAward, Transfer
from rewards.services import badges, ledger, rules
from rewards.services.awards import award_for_activity
from tests.fixtures.personas import community, signed_in


def _wallet(person: User) -> int:
    return ledger.account_of(Account.Kind.WALLET, person).balance


def _deliver_all(verb: str) -> list[Transfer]:
    """Deliver every activity of `verb` not yet delivered, in order, as the worker would;
    deliveries are idempotent, so delivering again is a replay."""
    made = []
    for activity in Activity.objects.filter(verb=verb).order_by("pk"):
        with transaction.atomic():
            made += award_for_activity(activity)
    return made


def _question(demo) -> Post:
    return post_create(actor=demo["carla"], community=community("customer-council"), body="How?")


def _answer(demo, post: Post, by: str = "ada") -> Comment:
    return comment_create(actor=demo[by], post=post, body="Like this.")


@pytest.mark.django_db
def test_a_helpful_answer_pays_its_author_not_who_marked_it(demo):
    rules.rule_create(actor=demo["grace"], name="Helpful", earning="answer_helpful", points=15)
    comment = _answer(demo, _question(demo))

    comment_mark_helpful(actor=demo["linus"], comment=comment)
    made = _deliver_all("comment.marked_helpful")

    assert len(made) == 1
    assert _wallet(demo["ada"]) == 15
    assert _wallet(demo["linus"]) == 0


@pytest.mark.django_db
def test_unmark_and_remark_pay_nothing_more(demo):
    rules.rule_create(actor=demo["grace"], name="Helpful", earning="answer_helpful", points=15)
    comment = _answer(demo, _question(demo))
    carla, linus = demo["carla"], demo["linus"]

    comment_mark_helpful(actor=carla, comment=comment)
    _deliver_all("comment.marked_helpful")
    comment_unmark_helpful(actor=carla, comment=comment)
    comment_mark_helpful(actor=linus, comment=comment)  # a moderator marks it again
    comment_unmark_helpful(actor=linus, comment=comment)
    comment_mark_helpful(actor=carla, comment=comment)
    _deliver_all("comment.marked_helpful")
    _deliver_all("comment.marked_helpful")  # and a replay

    assert Activity.objects.filter(verb="comment.marked_helpful").count() == 3
    assert Transfer.objects.filter(kind=Transfer.Kind.AWARD).count() == 1
    assert _wallet(demo["ada"]) == 15


@pytest.mark.django_db
def test_each_helpful_comment_pays_once(demo):
    rules.rule_create(actor=demo["grace"], name="Helpful", earning="answer_helpful", points=5)
    post = _question(demo)
    for comment in [_answer(demo, post) for _ in range(3)]:
        comment_mark_helpful(actor=demo["carla"], comment=comment)

    _deliver_all("comment.marked_helpful")

    assert _wallet(demo["ada"]) == 15


@pytest.mark.django_db
def test_nobody_marks_their_own_comment(demo):
    rules.rule_create(actor=demo["grace"], name="Helpful", earning="answer_helpful", points=5)
    own = _answer(demo, _question(demo), by="carla")

    response = signed_in(demo["carla"]).put(f"/api/v1/comments/{own.pk}/helpful/")

    assert response.status_code == 403
    assert not Activity.objects.filter(verb="comment.marked_helpful").exists()
    assert _wallet(demo["carla"]) == 0


@pytest.mark.django_db
def test_the_ten_helpful_answers_badge(demo):
    grace, carla, ada = demo["grace"], demo["carla"], demo["ada"]
    rules.rule_create(actor=grace, name="Helpful", earning="answer_helpful", points=1)
    badge = badges.badge_create(
        actor=grace, name="10 helpful answers", earning="answer_helpful", threshold=10
    )
    post = _question(demo)
    comments = [_answer(demo, post) for _ in range(10)]
    for comment in comments[:9]:
        comment_mark_helpful(actor=carla, comment=comment)
    comment_unmark_helpful(actor=carla, comment=comments[0])
    comment_mark_helpful(actor=carla, comment=comments[0])  # the same answer, again
    _deliver_all("comment.marked_helpful")

    assert not BadgeAward.objects.filter(badge=badge).exists(), "9 answers, one marked twice"

    comment_mark_helpful(actor=carla, comment=comments[9])
    _deliver_all("comment.marked_helpful")

    assert list(BadgeAward.objects.filter(badge=badge).values_list("person", flat=True)) == [ada.pk]
    assert _wallet(ada) == 10


def _invite_and_accept(inviter: User, slug: str, person: User) -> None:
    invitation = invitation_create(actor=inviter, community=community(slug), email=person.email)
    invitation_accept(invitation=invitation, user=person)


@pytest.mark.django_db
def test_a_referral_pays_the_inviter_once_per_person(demo):
    grace, linus, margaret, carla = demo["grace"], demo["linus"], demo["margaret"], demo["carla"]
    rules.rule_create(actor=grace, name="Referrals", earning="referral_accepted", points=50)

    _invite_and_accept(linus, "early-access", carla)
    accepted = Activity.objects.get(verb="invitation.accepted")
    assert accepted.payload["invited_by"] == linus.pk
    _deliver_all("invitation.accepted")
    assert _wallet(linus) == 50

    # Carla leaves and is invited back; then another moderator invites her elsewhere.
    membership_leave(actor=carla, community=community("early-access"))
    _invite_and_accept(linus, "early-access", carla)
    _invite_and_accept(margaret, "partner-network", carla)
    _deliver_all("invitation.accepted")

    assert Activity.objects.filter(verb="invitation.accepted").count() == 3
    assert _wallet(linus) == 50
    assert _wallet(margaret) == 0
    assert _wallet(carla) == 0, "the invitee is not paid"


@pytest.mark.django_db
def test_a_new_account_from_an_invitation_is_a_referral(demo):
    linus = demo["linus"]
    rules.rule_create(actor=demo["grace"], name="Referrals", earning="referral_accepted", points=50)
    invitation = invitation_create(
        actor=linus,
        community=community("customer-council"),
        email="new@acme.example",
        organisation="Acme",
    )

    invitation_signup(
        invitation=invitation,
        username="newcomer",
        first_name="New",
        last_name="Comer",
        password=DEMO_PASSWORD,
    )
    _deliver_all("invitation.accepted")

    assert _wallet(linus) == 50


@pytest.mark.django_db
def test_nobody_invites_themselves(demo):
    margaret = demo["margaret"]  # a platform admin moderates, and is a member of nothing

    with pytest.raises(ValidationError) as refused:
        invitation_create(actor=margaret, community=community("engineering"), email=margaret.email)

    assert "yourself" in str(refused.value)
    response = signed_in(margaret).post(
        f"/api/v1/communities/{community('engineering').pk}/invitations/",
        {"email": margaret.email.upper()},
    )
    assert response.status_code == 400
    assert "email" in response.json()["fields"]

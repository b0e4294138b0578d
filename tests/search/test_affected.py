"""Which documents an activity changes (search/affected.py), verb group by verb group,
from activities recorded by the real services."""

from activity.models import Activity
from ideas.services.ideas import idea_submit
from network.models import Hashtag, Invitation
from network.services.communities import community_update
from network.services.conversations import comment_create
from network.services.invitations import invitation_accept, invitation_create
from network.services.memberships import membership_remove
from network.services.moderation import moderation_decide
from network.services.people import profile_update
from network.services.posts import post_create, post_edit
from search.affected import affected
from tests.fixtures.personas import community


def last(verb: str) -> Activity:
    return Activity.objects.filter(verb=verb).latest("pk")


def tags(*names: str) -> set[int]:
    return set(Hashtag.objects.filter(name__in=names).values_list("pk", flat=True))


def test_a_post_change_names_the_post_its_comments_and_its_hashtags(demo):
    ada, engineering = demo["ada"], community("engineering")
    post = post_create(actor=ada, community=engineering, body="Ship it #release #infra")
    assert affected(last("post.created")) == {
        "post": {post.pk},
        "comment": set(),
        "hashtag": tags("release", "infra"),
    }
    comment = comment_create(actor=ada, post=post, body="Done")
    reply = comment_create(actor=ada, post=post, body="Really", parent=comment)
    post_edit(actor=ada, post=post, body="Ship it #release")
    assert affected(last("post.edited")) == {
        "post": {post.pk},
        "comment": {comment.pk, reply.pk},
        "hashtag": tags("release"),
    }
    moderation_decide(actor=demo["linus"], post=post, action="hide", reason="Later")
    assert affected(last("post.hidden"))["comment"] == {comment.pk, reply.pk}


def test_a_comment_change_names_the_comment_and_its_replies(demo, demo_content):
    linus, engineering = demo["linus"], demo_content["engineering"]
    reply = comment_create(
        actor=linus, post=engineering.post, body="Agreed", parent=engineering.comment
    )
    assert affected(last("comment.created")) == {"comment": {reply.pk}}
    moderation_decide(
        actor=linus,
        post=engineering.post,
        comment=engineering.comment,
        action="remove",
        reason="Spam",
    )
    assert affected(last("comment.removed")) == {"comment": {engineering.comment.pk, reply.pk}}


def test_an_idea_change_names_the_idea_and_its_tags(demo, demo_boards):
    idea = idea_submit(
        actor=demo["ada"],
        board=demo_boards["internal"],
        title="Faster builds",
        body="Cache the wheels",
        tags=["ci", "speed"],
    )
    assert affected(last("idea.submitted")) == {"idea": {idea.pk}, "hashtag": tags("ci", "speed")}


def test_a_community_change_names_the_community_and_a_new_ones_owner(demo):
    engineering = community("engineering")
    created = Activity.objects.get(verb="community.created", object_id=str(engineering.pk))
    assert affected(created) == {"community": {engineering.pk}, "person": {demo["linus"].pk}}
    community_update(actor=demo["linus"], community=engineering, changes={"visibility": "private"})
    assert affected(last("community.updated")) == {"community": {engineering.pk}}


def test_a_membership_change_names_the_person(demo):
    engineering, ada = community("engineering"), demo["ada"]
    membership_remove(actor=demo["linus"], community=engineering, user=ada)
    assert affected(last("membership.removed")) == {"person": {ada.pk}}

    early_access = community("early-access")
    invitation = invitation_create(
        actor=demo["linus"], community=early_access, email=demo["carla"].email
    )
    invitation_accept(invitation=Invitation.objects.get(pk=invitation.pk), user=demo["carla"])
    assert affected(last("invitation.accepted")) == {"person": {demo["carla"].pk}}
    assert affected(last("membership.added")) == {"person": {demo["carla"].pk}}


def test_a_profile_change_names_the_person_and_other_verbs_name_nothing(demo, demo_content):
    ada = demo["ada"]
    profile_update(actor=ada, person=ada, changes={"title": "Staff engineer"})
    assert affected(last("person.profile_updated")) == {"person": {ada.pk}}
    assert affected(Activity(verb="reaction.added", object_type="reaction", object_id="1")) == {}

"""The policy's predicates for one row (network/access.py, "One row at a time", and
ideas.access.can_read_idea) say what its querysets say, for every persona and every
kind of row a search hit can be: plain, hidden, deleted, a reply under a hidden or
a deleted comment, a comment on a hidden or a deleted post; and communities (open,
private, secret), whose names search's facets show.

Search re-checks its hits with the predicates (search/visibility.py) and the
database backend searches inside the querysets: if they ever disagreed, the two
backends would show different things. Asked both with the reader's memberships
read at once (membership_memo.remember_all, as search asks) and one by one.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideas.access import can_read_idea, ideas_visible_to
from ideas.models import Idea
from network import access, membership_memo
from network.models import Comment, Community, Membership, Post, User
from network.services.conversations import comment_create, comment_delete
from network.services.moderation import moderation_decide
from network.services.posts import post_create, post_delete
from tests.fixtures.personas import EVERYONE


def _hide(owner: User, post: Post, comment: Comment | None = None) -> None:
    moderation_decide(actor=owner, post=post, comment=comment, action="hide")


def _moderated_rows_in(membership: Membership) -> None:
    """One community's worth of every case, its owner moderating and another member
    (or the owner, where nobody else is in it) writing the rows that get hidden."""
    owner, community = membership.user, membership.community
    other = (
        Membership.objects.filter(community=community).exclude(user=owner).first() or membership
    ).user
    shown = post_create(actor=owner, community=community, body="Shown")
    hidden = post_create(actor=other, community=community, body="Hidden")
    deleted = post_create(actor=owner, community=community, body="Deleted")
    comment_create(actor=owner, post=shown, body="Plain")
    hidden_comment = comment_create(actor=other, post=shown, body="Hidden comment")
    comment_create(actor=owner, post=shown, body="Under hidden", parent=hidden_comment)
    deleted_comment = comment_create(actor=other, post=shown, body="Deleted comment")
    comment_create(actor=owner, post=shown, body="Under deleted", parent=deleted_comment)
    comment_create(actor=owner, post=hidden, body="On a hidden post")
    comment_create(actor=owner, post=deleted, body="On a deleted post")
    _hide(owner, hidden)
    _hide(owner, shown, hidden_comment)
    comment_delete(actor=other, comment=deleted_comment)
    post_delete(actor=owner, post=deleted)


@pytest.fixture
def rows(demo, demo_boards):
    for membership in Membership.objects.filter(role=Membership.Role.OWNER):
        _moderated_rows_in(membership)
    # A member made moderator, and a deactivated person: both change the answers.
    Membership.objects.filter(user=demo["carla"]).update(role=Membership.Role.MODERATOR)
    User.objects.filter(pk=demo["otto"].pk).update(is_active=False)
    return {who: User.objects.get(pk=demo[who].pk) for who in demo} | {"anonymous": AnonymousUser()}


def _predicate_says(reader, rows, may_see, *, remembered: bool) -> set[int]:
    if not remembered:
        return {row.pk for row in rows if may_see(reader, row)}
    with membership_memo.remembering():
        access.memberships_of(reader)
        return {row.pk for row in rows if may_see(reader, row)}


CASES = {
    "community": (
        access.communities_visible_to,
        Community.objects.all,
        access.can_see_community,
    ),
    "post": (
        access.posts_visible_to,
        lambda: Post.objects.select_related("community"),
        access.can_read_post,
    ),
    "comment": (
        access.comments_visible_to,
        lambda: Comment.objects.select_related("post__community", "parent"),
        access.can_read_comment,
    ),
    "idea": (
        ideas_visible_to,
        lambda: Idea.objects.select_related("board__community"),
        can_read_idea,
    ),
}


@pytest.mark.parametrize("remembered", [True, False], ids=["remembered", "one by one"])
@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("who", EVERYONE)
def test_the_predicate_for_one_row_agrees_with_the_queryset(rows, who, kind, remembered):
    queryset_for, all_rows, may_see = CASES[kind]
    reader = rows[who]

    expected = set(queryset_for(reader).values_list("pk", flat=True))
    assert _predicate_says(reader, all_rows(), may_see, remembered=remembered) == expected


def test_the_rows_cover_every_case(rows):
    """What the agreement above is worth: every case is there, and the readers'
    answers differ (a predicate that said yes or no to all would be caught)."""
    assert Post.objects.filter(hidden_at__isnull=False).exists()
    assert Post.objects.filter(deleted_at__isnull=False).exists()
    assert Comment.objects.filter(parent__hidden_at__isnull=False).exists()
    assert Comment.objects.filter(parent__deleted_at__isnull=False).exists()
    for queryset_for, _, _ in CASES.values():
        answers = {
            frozenset(queryset_for(rows[who]).values_list("pk", flat=True)) for who in EVERYONE
        }
        assert len(answers) >= 4

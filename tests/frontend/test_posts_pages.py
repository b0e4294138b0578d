"""Posting from the community page; a post's page with edit, history and delete."""

from django.urls import reverse

from network.models import Community, Post
from network.services.posts import post_create
from tests.fixtures.personas import council, signed_in


def test_a_member_posts_from_the_community_page(demo):
    carla = signed_in(demo["carla"])

    response = carla.post(
        reverse("post-create", args=[council().pk]), {"body": "Hello **everyone**"}, follow=True
    )

    body = response.content.decode()
    assert "<strong>everyone</strong>" in body
    assert "Visible to 3 members of Customer Council, 1 from outside the company" in body


def test_an_empty_post_is_explained_and_a_long_draft_is_kept(demo):
    carla = signed_in(demo["carla"])

    empty = carla.post(reverse("post-create", args=[council().pk]), {"body": ""}, follow=True)
    assert "This field is required." in empty.content.decode()

    too_long = "x" * 20001
    kept = carla.post(reverse("post-create", args=[council().pk]), {"body": too_long}, follow=True)
    assert "x" * 20000 in kept.content.decode()
    assert not Post.objects.exists()


def test_script_laden_posts_are_harmless_on_the_page(demo):
    post_create(
        actor=demo["carla"],
        community=council(),
        body='<script>alert(1)</script> [x](javascript:alert(2)) <a href="#" onclick=y>z</a>',
    )

    body = signed_in(demo["ada"]).get(reverse("community", args=[council().pk])).content.decode()

    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body
    assert "onclick=y>" not in body


def test_a_post_page_is_404_for_outsiders(demo):
    post = post_create(actor=demo["carla"], community=council(), body="Hi")

    assert signed_in(demo["otto"]).get(reverse("post", args=[post.pk])).status_code == 404
    assert signed_in(demo["grace"]).get(reverse("post", args=[post.pk])).status_code == 404


def test_the_author_edits_and_a_moderator_sees_the_history_and_deletes(demo):
    post = post_create(actor=demo["carla"], community=council(), body="First words")
    page = reverse("post", args=[post.pk])

    assert signed_in(demo["ada"]).post(page, {"body": "Not mine"}).status_code == 403
    signed_in(demo["carla"]).post(page, {"body": "Second words"})
    moderator_view = signed_in(demo["linus"]).get(page).content.decode()
    assert "Second words" in moderator_view and "First words" in moderator_view
    assert "Edit history" not in signed_in(demo["ada"]).get(page).content.decode()

    signed_in(demo["linus"]).post(reverse("post-delete", args=[post.pk]))
    assert signed_in(demo["carla"]).get(page).status_code == 404


def test_comments_and_replies_from_the_post_page(demo):
    post = post_create(actor=demo["carla"], community=council(), body="Hi")
    ada = signed_in(demo["ada"])

    ada.post(reverse("comment-create", args=[post.pk]), {"body": "Top *comment*"})
    top = post.comments.get()
    signed_in(demo["carla"]).post(
        reverse("comment-create", args=[post.pk]), {"body": "A reply", "parent": top.pk}
    )
    page = ada.get(reverse("post", args=[post.pk])).content.decode()

    assert "Top <em>comment</em>" in page and "A reply" in page
    assert "2 comments" in ada.get(reverse("community", args=[council().pk])).content.decode()


def test_an_empty_comment_is_explained(demo):
    post = post_create(actor=demo["carla"], community=council(), body="Hi")

    response = signed_in(demo["ada"]).post(
        reverse("comment-create", args=[post.pk]), {"body": ""}, follow=True
    )

    assert "This field is required." in response.content.decode()


def test_outsiders_can_neither_comment_nor_react(demo):
    post = post_create(actor=demo["carla"], community=council(), body="Hi")
    otto = signed_in(demo["otto"])

    assert otto.post(reverse("comment-create", args=[post.pk]), {"body": "x"}).status_code == 404
    assert otto.post(reverse("post-react", args=[post.pk]), {"kind": "like"}).status_code == 404


def test_reacting_with_htmx_returns_the_updated_buttons(demo):
    post = post_create(actor=demo["carla"], community=council(), body="Hi")

    response = signed_in(demo["ada"]).post(
        reverse("post-react", args=[post.pk]), {"kind": "celebrate"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "<html" not in body
    assert 'class="reaction reaction--mine" type="submit" aria-pressed="true">Celebrate' in body


def test_a_poll_is_asked_from_the_composer_and_answered_on_the_page(demo):
    linus, carla = signed_in(demo["linus"]), signed_in(demo["carla"])

    linus.post(
        reverse("post-create", args=[council().pk]),
        {"body": "Which first?", "poll_options": "Okta\n\nAzure AD\n"},
    )
    post = Post.objects.get()
    option = post.poll.options.get(text="Azure AD")
    before = carla.get(reverse("community", args=[council().pk])).content.decode()
    assert 'type="radio" name="options"' in before and "Poll results" not in before

    carla.post(reverse("poll-vote", args=[post.pk]), {"options": [option.pk]})

    after = carla.get(reverse("post", args=[post.pk])).content.decode()
    assert "Poll results" in after and "1 vote" in after


def test_a_poll_with_one_answer_is_explained(demo):
    response = signed_in(demo["linus"]).post(
        reverse("post-create", args=[council().pk]),
        {"body": "Which first?", "poll_options": "Only Okta"},
        follow=True,
    )

    assert "Give between 2 and 10 answers." in response.content.decode()
    assert not Post.objects.exists()


def test_the_home_page_shows_the_feed_and_following_from_a_profile_adds_to_it(demo):
    post_create(
        actor=demo["linus"],
        community=Community.objects.get(slug="engineering"),
        body="Engineering news",
    )
    post_create(actor=demo["carla"], community=council(), body="Council news")
    grace = signed_in(demo["grace"])

    home = grace.get(reverse("home")).content.decode()
    assert "Engineering news" in home and "Council news" not in home

    grace.post(
        reverse("follow"), {"kind": "person", "key": demo["carla"].pk, "next": "/"}
    )  # carla is not visible to grace
    assert "Council news" not in grace.get(reverse("home")).content.decode()
    response = grace.post(
        reverse("follow"),
        {"kind": "person", "key": demo["linus"].pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/", "never redirect off-site"
    profile = grace.get(reverse("person", args=[demo["linus"].pk])).content.decode()
    assert 'aria-pressed="true">Following' in profile

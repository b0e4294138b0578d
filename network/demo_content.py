"""A few conversations for the demo, so that `make run` shows a living network.

Written through the services, like everything else, so the demo also has the
activities, notifications and emails that real use would produce. Idempotent:
a community that already has posts is left alone.
"""

from network.models import Community, Post, User
from network.services.conversations import comment_create, reaction_toggle
from network.services.moderation import report_create
from network.services.posts import post_create

# (community slug, author, body, [(commenter, comment)], [(reactor, kind)])
CONVERSATIONS = [
    (
        "engineering",
        "linus",
        "Release 2.4 is cut. @ada can you own the #sso migration notes?",
        [("ada", "On it: draft by Thursday."), ("grace", "Thanks both!")],
        [("ada", "like"), ("grace", "celebrate")],
    ),
    (
        "customer-council",
        "linus",
        "Welcome to the Customer Council! What should we build next? #roadmap",
        [("carla", "Single sign-on with our Okta, please. @ada is that planned?")],
        [("carla", "like"), ("ada", "support")],
    ),
    (
        "customer-council",
        "carla",
        "Our auditors ask where data is stored. Is there an EU region?",
        [("ada", "@carla yes: Frankfurt, since March.")],
        [("linus", "insightful")],
    ),
    (
        "partner-network",
        "pat",
        "Northwind has three joint customers ready for the #sso pilot.",
        [("linus", "Great, @pat let's plan it next week.")],
        [("linus", "celebrate")],
    ),
    (
        "early-access",
        "linus",
        "The new dashboards are live for early access. @otto tell us what breaks!",
        [("otto", "Exports are slow on large accounts.")],
        [("otto", "like")],
    ),
    (
        "customer-council",
        "carla",
        "Selling our old rack servers, cheap! Message me for prices.",
        [],
        [],
    ),
    (
        "product-council",
        "ada",
        "Confidential: pricing changes for next year, draft attached to the wiki.",
        [],
        [],
    ),
]


def seed_conversations() -> int:
    """Create the demo conversations that are missing; the number of posts created."""
    people = {user.username: user for user in User.objects.all()}
    created = 0
    for slug, author, body, comments, reactions in CONVERSATIONS:
        community = Community.objects.filter(slug=slug).first()
        if community is None or Post.objects.filter(community=community, body=body).exists():
            continue
        post = post_create(actor=people[author], community=community, body=body)
        for commenter, text in comments:
            comment_create(actor=people[commenter], post=post, body=text)
        for reactor, kind in reactions:
            reaction_toggle(actor=people[reactor], post=post, kind=kind)
        created += 1
    advert = Post.objects.filter(body__startswith="Selling our old rack servers").first()
    if advert is not None and not advert.reports.exists():
        report_create(
            actor=people["ada"],
            post=advert,
            reason="off_topic",
            note="An advert: the council is for product feedback.",
        )
    return created

"""The rewards programme for the demo, so that `make run` shows points, badges and a
catalog: Grace (HR) has set rules, badges and rewards up, and the demo's posts and
ideas, written after, earn their authors points as real use would.

Written through the services. Idempotent: what exists (by name) is left alone.
"""

from network.models import Affiliation, User
from rewards.models import Badge, Item, Rule
from rewards.services.badges import badge_create
from rewards.services.catalog import item_create
from rewards.services.rules import rule_create

EVERYONE = (Affiliation.EMPLOYEE, Affiliation.PARTNER, Affiliation.CUSTOMER)

# (name, earning, points, daily cap, affiliations)
RULES = [
    ("Posting in a community", "post_created", 10, 30, (Affiliation.EMPLOYEE,)),
    ("Submitting an idea", "idea_submitted", 20, None, EVERYONE),
    ("Co-authoring an idea", "idea_coauthored", 15, None, EVERYONE),
    ("An idea accepted", "idea_accepted", 50, None, EVERYONE),
    ("An idea delivered", "idea_delivered", 200, None, EVERYONE),
]

# (name, description, earning, threshold)
BADGES = [
    ("First post", "Posted in a community for the first time.", "post_created", 1),
    ("Idea machine", "Submitted five ideas.", "idea_submitted", 5),
    ("Shipped it", "An idea of theirs was delivered.", "idea_delivered", 1),
    ("Ambassador of the year", "Chosen by HR, by hand.", "", None),
]

# (name, description, cost, stock, affiliations)
ITEMS = [
    ("Bridge mug", "A stoneware mug with the Bridge logo.", 100, 50, (Affiliation.EMPLOYEE,)),
    ("Bridge hoodie", "Organic cotton, navy, sizes XS to XXL.", 300, 20, (Affiliation.EMPLOYEE,)),
    (
        "An extra day off",
        "One more day of paid leave, agreed with your manager.",
        2000,
        None,
        (Affiliation.EMPLOYEE,),
    ),
    (
        "Conference ticket",
        "A ticket to our yearly customer and partner conference.",
        500,
        10,
        EVERYONE,
    ),
]


def seed_rewards() -> int:
    """Create the demo's missing rules, badges and rewards; how many things were made."""
    grace = User.objects.filter(username="grace", is_hr_admin=True).first()
    if grace is None:
        return 0
    made = 0
    for name, earning, points, daily_cap, affiliations in RULES:
        if not Rule.objects.filter(name=name).exists():
            rule_create(
                actor=grace,
                name=name,
                earning=earning,
                points=points,
                daily_cap=daily_cap,
                affiliations=affiliations,
            )
            made += 1
    for name, description, earning, threshold in BADGES:
        if not Badge.objects.filter(name=name).exists():
            badge_create(
                actor=grace,
                name=name,
                description=description,
                earning=earning,
                threshold=threshold,
            )
            made += 1
    for name, description, cost, stock, affiliations in ITEMS:
        if not Item.objects.filter(name=name).exists():
            item_create(
                actor=grace,
                name=name,
                description=description,
                cost=cost,
                stock=stock,
                affiliations=affiliations,
            )
            made += 1
    return made

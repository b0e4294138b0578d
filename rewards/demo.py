"""The rewards programme for the demo, so that `make run` shows points, badges and a
catalog: Grace (HR) has set rules, badges and rewards up, and the demo's posts and
ideas, written after, earn their authors points as real use would.

Written through the services. Idempotent: what exists (by name) is left alone.
"""

from django.utils import timezone

from network.models import Affiliation, User
from rewards.models import Badge, Item, Programme, Rule, ShareItem
from rewards.services.badges import badge_create
from rewards.services.budgets import budget_set, programme_create, programme_set_rules
from rewards.services.catalog import item_create
from rewards.services.rules import rule_create
from rewards.services.share import share_item_create

EVERYONE = (Affiliation.EMPLOYEE, Affiliation.PARTNER, Affiliation.CUSTOMER)

# (name, earning, points, daily cap, affiliations)
RULES = [
    ("Posting in a community", "post_created", 10, 30, (Affiliation.EMPLOYEE,)),
    ("Submitting an idea", "idea_submitted", 20, None, EVERYONE),
    ("Co-authoring an idea", "idea_coauthored", 15, None, EVERYONE),
    ("An idea accepted", "idea_accepted", 50, None, EVERYONE),
    ("An idea delivered", "idea_delivered", 200, None, EVERYONE),
    ("A comment marked helpful", "answer_helpful", 15, None, EVERYONE),
    ("Someone you invited joins", "referral_accepted", 50, None, (Affiliation.EMPLOYEE,)),
]

# The brand-ambassador programme: share clicks are paid from a monthly budget.
PROGRAMME = "Brand ambassadors"
MONTHLY_BUDGET = 5000
PROGRAMME_RULES = [("A visitor follows your link", "share_clicked", 5, 50)]

# (title, address, suggested text, affiliations)
SHARE_ITEMS = [
    (
        "Bridge 4.2: idea boards for customers",
        "https://example.com/blog/bridge-4-2",
        "Our customers can now vote on what we build next. Have a look!",
        (Affiliation.EMPLOYEE,),
    ),
    (
        "We are hiring engineers in Lyon",
        "https://example.com/careers/lyon",
        "My team is hiring in Lyon: come and work with us.",
        (Affiliation.EMPLOYEE,),
    ),
    (
        "Customer conference 2027: registrations open",
        "https://example.com/events/2027",
        "See you at the conference in March?",
        EVERYONE,
    ),
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
    made += _seed_programme(grace) + _seed_share_hub(grace)
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


def _seed_programme(grace: User) -> int:
    """The ambassador programme with this month's budget and its share-click rule."""
    if Programme.objects.filter(name=PROGRAMME).exists():
        return 0
    programme = programme_create(
        actor=grace, name=PROGRAMME, description="Points for carrying the company outside."
    )
    budget_set(actor=grace, programme=programme, period=timezone.localdate(), amount=MONTHLY_BUDGET)
    rules = [
        rule_create(actor=grace, name=name, earning=earning, points=points, daily_cap=daily_cap)
        for name, earning, points, daily_cap in PROGRAMME_RULES
    ]
    programme_set_rules(actor=grace, programme=programme, rules=rules)
    return 1


def _seed_share_hub(grace: User) -> int:
    made = 0
    for title, url, text, affiliations in SHARE_ITEMS:
        if not ShareItem.objects.filter(title=title).exists():
            share_item_create(
                actor=grace, title=title, url=url, suggested_text=text, affiliations=affiliations
            )
            made += 1
    return made

"""The named people of Bridge's demo and tests, created by one factory.

Tests ask for ``persona("carla")``; ``manage.py seed_demo`` creates all of them
with their communities, so that what a tester reads in a test is what a visitor
clicks through after ``make run``.
"""

from dataclasses import dataclass, field

from django.db import transaction

from network.models import Affiliation, Community, Membership, User
from network.services.communities import community_create
from network.services.memberships import membership_add

# Public on purpose: it is printed by `make run`. seed_demo refuses to run with
# DEBUG off, so these accounts only ever exist on a developer's machine or in tests.
DEMO_PASSWORD = "bridge-demo"  # noqa: S105


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    affiliation: str = Affiliation.EMPLOYEE
    organisation: str = ""
    title: str = ""
    roles: tuple[str, ...] = ()
    communities: tuple[str, ...] = field(default=())

    @property
    def email(self) -> str:
        domain = (self.organisation or "bridge").lower().replace(" ", "") + ".example"
        return f"{self.username}@{domain}"


PERSONAS: dict[str, Persona] = {
    p.username: p
    for p in [
        Persona(
            "ada",
            "Ada",
            "Lovelace",
            title="Engineer",
            communities=("engineering", "product-council", "customer-council"),
        ),
        Persona(
            "linus",
            "Linus",
            "Torvalds",
            title="Community manager",
            roles=("is_community_manager",),
            communities=("engineering", "partner-network", "customer-council", "early-access"),
        ),
        Persona(
            "grace",
            "Grace",
            "Hopper",
            title="HR business partner",
            roles=("is_hr_admin",),
            communities=("engineering",),
        ),
        Persona(
            "margaret",
            "Margaret",
            "Hamilton",
            title="Platform administrator",
            roles=("is_platform_admin",),
        ),
        Persona(
            "pat",
            "Pat",
            "Partner",
            Affiliation.PARTNER,
            "Northwind Consulting",
            title="Solutions partner",
            communities=("partner-network",),
        ),
        Persona(
            "carla",
            "Carla",
            "Customer",
            Affiliation.CUSTOMER,
            "Contoso",
            title="Head of IT",
            communities=("customer-council",),
        ),
        Persona(
            "otto",
            "Otto",
            "Outsider",
            Affiliation.CUSTOMER,
            "Fabrikam",
            title="Buyer",
            communities=("early-access",),
        ),
    ]
}


@dataclass(frozen=True)
class CommunitySpec:
    slug: str
    name: str
    audience: str
    visibility: str
    description: str
    owner: str


COMMUNITIES: dict[str, CommunitySpec] = {
    c.slug: c
    for c in [
        CommunitySpec(
            "engineering",
            "Engineering",
            Community.Audience.INTERNAL,
            Community.Visibility.OPEN,
            "How we build Bridge.",
            "linus",
        ),
        CommunitySpec(
            "product-council",
            "Product Council",
            Community.Audience.INTERNAL,
            Community.Visibility.SECRET,
            "Roadmap decisions before they are public.",
            "ada",
        ),
        CommunitySpec(
            "partner-network",
            "Partner Network",
            Community.Audience.PARTNER,
            Community.Visibility.PRIVATE,
            "Where our partners and we plan together.",
            "linus",
        ),
        CommunitySpec(
            "customer-council",
            "Customer Council",
            Community.Audience.CUSTOMER,
            Community.Visibility.PRIVATE,
            "Contoso and friends shape what comes next.",
            "linus",
        ),
        CommunitySpec(
            "early-access",
            "Early Access Programme",
            Community.Audience.CUSTOMER,
            Community.Visibility.PRIVATE,
            "Fabrikam tries features first.",
            "linus",
        ),
    ]
}


def _ensure_user(spec: Persona) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(username=spec.username)
        user.set_password(DEMO_PASSWORD)
    user.first_name, user.last_name = spec.first_name, spec.last_name
    user.email, user.title = spec.email, spec.title
    user.affiliation, user.organisation = spec.affiliation, spec.organisation
    for role in ("is_platform_admin", "is_hr_admin", "is_community_manager"):
        setattr(user, role, role in spec.roles)
    # Django's admin site is for platform administrators only.
    user.is_staff = user.is_superuser = "is_platform_admin" in spec.roles
    user.save()
    return user


def _ensure_community(spec: CommunitySpec) -> Community:
    community = Community.objects.filter(slug=spec.slug).first()
    if community is not None:
        return community
    community = community_create(
        actor=_ensure_user(PERSONAS[spec.owner]),
        name=spec.name,
        audience=spec.audience,
        visibility=spec.visibility,
        description=spec.description,
    )
    Community.objects.filter(pk=community.pk).update(slug=spec.slug)
    community.slug = spec.slug
    return community


def persona(username: str) -> User:
    """The persona's user, with their communities; created on first use."""
    spec = PERSONAS[username]
    with transaction.atomic():
        user = _ensure_user(spec)
        for slug in spec.communities:
            community = _ensure_community(COMMUNITIES[slug])
            role = (
                Membership.Role.OWNER
                if COMMUNITIES[slug].owner == username
                else Membership.Role.MEMBER
            )
            membership_add(actor=user, community=community, user=user, role=role)
    return user


def seed_all() -> list[User]:
    return [persona(username) for username in PERSONAS]

"""Idea boards for the demo, so that `make run` shows ideas being voted on.

Written through the services, like network/demo_content.py, so the demo has the
activities real use would produce. Idempotent: a board that exists is left alone.
"""

from ideas.models import Board
from ideas.services.boards import board_create
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import idea_submit
from ideas.services.votes import vote_cast
from network.models import Community, User

CUSTOMER_BOARD = "What should we build next?"
INTERNAL_BOARD = "How could we ship faster?"

# (author, title, body, tags, [voters], co-author who accepted)
CUSTOMER_IDEAS = [
    (
        "carla",
        "Single sign-on with Okta",
        "Our people sign in with Okta everywhere else. One login less to forget.",
        ["sso", "security"],
        ["ada", "linus"],
        "ada",
    ),
    (
        "ada",
        "Data residency in the EU",
        "Let each customer choose where their data lives: Frankfurt or Dublin.",
        ["compliance"],
        ["carla"],
        None,
    ),
    (
        "carla",
        "Export reports to Excel",
        "Our finance team rebuilds every report by hand. A one-click export would save hours.",
        ["reports"],
        [],
        None,
    ),
]
INTERNAL_IDEAS = [
    (
        "grace",
        "Run the slow tests at night",
        "Keep the pull-request checks under ten minutes; the nightly run catches the rest.",
        ["ci"],
        ["linus", "ada"],
        None,
    ),
]


def _board(community: Community, owner: User, title: str, **options: object) -> Board | None:
    if Board.objects.filter(community=community, title=title).exists():
        return None
    return board_create(actor=owner, community=community, title=title, **options)


def _fill(board: Board, people: dict[str, User], ideas: list) -> None:
    for author, title, body, tags, voters, coauthor in ideas:
        idea = idea_submit(actor=people[author], board=board, title=title, body=body, tags=tags)
        if coauthor:
            coauthor_invite(actor=people[author], idea=idea, invitee=people[coauthor])
            coauthor_respond(actor=people[coauthor], idea=idea, accept=True)
        for voter in voters:
            vote_cast(actor=people[voter], idea=idea)


def seed_ideas() -> int:
    """Create the demo boards that are missing, with their ideas; how many were made."""
    people = {user.username: user for user in User.objects.all()}
    created = 0
    council = Community.objects.filter(slug="customer-council").first()
    if council is not None:
        board = _board(
            council,
            people["linus"],
            CUSTOMER_BOARD,
            description="Tell us what would make Bridge better for your team, and vote for "
            "the ideas you want most. **Five votes each.**",
            vote_budget=5,
            fields=[
                {"label": "Team", "kind": "choice", "choices": ["IT", "Finance", "Sales"]},
                {"label": "Hours saved a week", "kind": "number"},
            ],
        )
        if board is not None:
            _fill(board, people, CUSTOMER_IDEAS)
            created += 1
    engineering = Community.objects.filter(slug="engineering").first()
    if engineering is not None:
        board = _board(engineering, people["linus"], INTERNAL_BOARD, hide_counts_until_voted=True)
        if board is not None:
            _fill(board, people, INTERNAL_IDEAS)
            created += 1
    return created

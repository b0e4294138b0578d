"""Shared set-up for the tests of an idea's life after submission."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

from activity import relay
from activity.models import Delivery
from ideas.models import Board, Idea, Stage
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from network.models import User
from tests.fixtures.personas import community


def council_board(linus: User, **options: object) -> Board:
    """A board of the Customer Council (linus owns it; ada and carla are members)."""
    return board_create(
        actor=linus, community=community("customer-council"), title="What next?", **options
    )


def an_idea(board: Board, author: User, title: str = "Dark mode", body: str = "Easier.") -> Idea:
    return idea_submit(actor=author, board=board, title=title, body=body)


def stage(board: Board, name: str) -> Stage:
    return board.stages.get(name=name)


def deliver_idea_notifications() -> None:
    """Run the ideas notification handler as the worker would, in the test's process."""
    for delivery in Delivery.objects.filter(handler="ideas.notify", status="pending"):
        relay.deliver(delivery.pk)


def race(requests: list[Callable[[], int]]) -> list[int]:
    """Run the requests at the same moment, each on its own thread and connection."""
    start = threading.Barrier(len(requests))

    def run(request: Callable[[], int]) -> int:
        try:
            start.wait()
            return request()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))

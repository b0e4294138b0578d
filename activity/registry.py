"""Handlers: the projections that hear about activities after commit.

A handler is a function taking an Activity. It runs inside a transaction together
with the record of its delivery, so database effects happen exactly once; effects
outside the database (a socket push, an index write, an HTTP call) must be
idempotent, keyed by the activity id, because a crash after them replays them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from activity.models import Activity

HandlerFunc = Callable[["Activity"], None]


@dataclass(frozen=True)
class Handler:
    name: str
    func: HandlerFunc
    verbs: frozenset[str] | None  # None: every verb

    def wants(self, verb: str) -> bool:
        return self.verbs is None or verb in self.verbs


_handlers: dict[str, Handler] = {}


def register(name: str, func: HandlerFunc, *, verbs: Iterable[str] | None = None) -> None:
    existing = _handlers.get(name)
    if existing is not None and existing.func is not func:
        raise ValueError(f"Activity handler {name!r} is already registered.")
    _handlers[name] = Handler(name=name, func=func, verbs=frozenset(verbs) if verbs else None)


def unregister(name: str) -> None:
    _handlers.pop(name, None)


def handlers_for(verb: str) -> list[Handler]:
    return [handler for handler in _handlers.values() if handler.wants(verb)]


def get_handler(name: str) -> Handler | None:
    return _handlers.get(name)


def all_handlers() -> list[Handler]:
    return sorted(_handlers.values(), key=lambda handler: handler.name)

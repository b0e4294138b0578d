"""Every API operation with a path to request: ids that do not exist."""

import re
from dataclasses import dataclass

from integrations.operations import Operation, api_operations, plain_route

# What a path parameter becomes in a request.
EXAMPLE_VALUES = {"int": "987654321", "str": "zzz"}


@dataclass(frozen=True)
class Requestable:
    operation: Operation
    path: str

    def __str__(self) -> str:
        return str(self.operation)

    @property
    def method(self) -> str:
        return self.operation.method

    @property
    def view(self) -> type:
        return self.operation.view


def _example_path(route: str) -> str:
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda match: EXAMPLE_VALUES[match.group(1) or "str"],
        plain_route(route),
    )


def requestable_operations() -> list[Requestable]:
    return [Requestable(op, _example_path(op.route)) for op in api_operations()]

"""The webhook catalogue (integrations/webhooks/events.py) names the verbs the code
records: each one offered or deliberately not, and none that nothing records."""

import ast
import re
from pathlib import Path

from integrations.webhooks.events import EVENT_TYPES, NOT_OFFERED
from network.services.moderation import CONTENT_VERBS
from rewards.models import Redemption, Transfer

REPO = Path(__file__).resolve().parents[2]
APPS = ("activity", "frontend", "ideas", "integrations", "network", "realtime", "rewards")
VERB = re.compile(r"^[a-z_]+\.[a-z_]+$")

# Verbs the code puts together from a value (f-strings), spelled out.
COMPOSED = {
    "f'join_request.{request.status}'": {"join_request.approved", "join_request.declined"},
    "f'points.{kind}'": {f"points.{kind}" for kind in Transfer.Kind.values},
    "f'redemption.{status}'": {
        f"redemption.{status}"
        for status in Redemption.Status.values
        if status != Redemption.Status.PENDING
    },
    "f'{kind}.{CONTENT_VERBS[action]}'": {
        f"{kind}.{change}" for kind in ("post", "comment") for change in CONTENT_VERBS.values()
    },
}


def recorded_verbs() -> set[str]:
    """Verbs passed to activity.record(), a ``_record…`` helper, or set as ``verb = …``."""
    found: set[str] = set()
    for app in APPS:
        for path in (REPO / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                values: list[ast.expr] = []
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                    if "record" in name:
                        values += [kw.value for kw in node.keywords if kw.arg == "verb"]
                        values += node.args
                elif isinstance(node, ast.Assign) and any(
                    getattr(target, "id", "") == "verb" for target in node.targets
                ):
                    values.append(node.value)
                for value in values:
                    for part in ast.walk(value):
                        if isinstance(part, ast.Constant) and isinstance(part.value, str):
                            if VERB.match(part.value):
                                found.add(part.value)
                        elif isinstance(part, ast.JoinedStr):
                            found |= COMPOSED[ast.unparse(part)]
    return found


def test_every_recorded_verb_is_offered_or_deliberately_not():
    recorded = recorded_verbs()
    assert len(recorded) > 60, "the scan found the services' verbs"
    assert recorded - set(EVENT_TYPES) - NOT_OFFERED == set()


def test_nothing_is_offered_that_nothing_records():
    assert set(EVENT_TYPES) - recorded_verbs() == set()
    assert set(EVENT_TYPES) & NOT_OFFERED == set()

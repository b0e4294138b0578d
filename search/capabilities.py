"""What the Elasticsearch server can do, checked instead of assumed.

CI runs the minimal integ-test distribution, which lacks analysis-common (no
`english` analyzer, stemmers, ngrams) and mapper-extras (no search_as_you_type).
Mappings are therefore built on the standard analyzer and the completion
suggester; this module lets a smoke test and `manage.py search_check` fail loudly
if even those are missing, and tells whether stemming may be switched on.
"""

from dataclasses import dataclass

from search.client import get_client

REQUIRED_ANALYZERS = ("standard", "simple", "keyword", "whitespace")
OPTIONAL_ANALYZERS = ("english",)


@dataclass(frozen=True)
class Capabilities:
    version: str
    modules: frozenset[str]
    analyzers: frozenset[str]

    @property
    def missing_required(self) -> list[str]:
        return [name for name in REQUIRED_ANALYZERS if name not in self.analyzers]

    @property
    def has_stemming(self) -> bool:
        return "english" in self.analyzers


def _analyzer_works(name: str) -> bool:
    client = get_client()
    try:
        client.indices.analyze(analyzer=name, text="Bridges crossing firewalls")
    except Exception:  # noqa: BLE001 -- an unknown analyzer is a 400 we turn into False
        return False
    return True


def detect() -> Capabilities:
    client = get_client()
    # Not client.info(): the integ-test distribution has no handler for `GET /`.
    nodes = client.nodes.info(
        filter_path="nodes.*.version,nodes.*.modules.name,nodes.*.plugins.name"
    )
    modules: set[str] = set()
    versions = {node["version"] for node in nodes["nodes"].values()}
    for node in nodes["nodes"].values():
        modules.update(module["name"] for module in node.get("modules", []))
        modules.update(plugin["name"] for plugin in node.get("plugins", []))
    analyzers = {name for name in REQUIRED_ANALYZERS + OPTIONAL_ANALYZERS if _analyzer_works(name)}
    return Capabilities(
        version=", ".join(sorted(versions)),
        modules=frozenset(modules),
        analyzers=frozenset(analyzers),
    )

from django.apps import AppConfig


class ProbeConfig(AppConfig):
    """A test-only activity handler whose effects tests can count."""

    name = "tests.probe"
    label = "probe"

    def ready(self) -> None:
        from activity import registry
        from tests.probe.handler import probe_handler

        registry.register("probe", probe_handler, verbs=["probe.touched"])

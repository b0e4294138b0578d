from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self) -> None:
        # Registers the bearer-token scheme with drf-spectacular.
        from integrations import schema  # noqa: F401

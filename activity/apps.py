from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = "Activity stream"

    def ready(self) -> None:
        # The one place where projections subscribe to the stream; see
        # activity/handlers.py for the list.
        from activity import handlers

        handlers.register_builtin_handlers()

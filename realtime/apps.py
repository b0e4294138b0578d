from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = "Realtime"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from realtime.signals import close_sockets_of_the_session

        user_logged_out.connect(close_sockets_of_the_session, dispatch_uid="realtime.sign_out")

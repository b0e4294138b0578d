"""bridge.asgi with the `push-no-db-hop` consumer of bench/realtime_experiments.py."""

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from bridge.asgi import django_asgi_app
from realtime.consumers import LiveConsumer


class PushWithoutDbHop(LiveConsumer):
    async def dispatch(self, message: dict[str, Any]) -> None:
        if message["type"] == "push":
            await self.push(message)
            return
        await super().dispatch(message)


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter([path("ws/", PushWithoutDbHop.as_asgi())]))
        ),
    }
)

"""Variants of the server that bench/realtime.py can measure against production
(`--experiment NAME`), to put numbers on a proposed change before it is made in
realtime/ or the settings. Nothing here is used by Bridge itself.

- ``push-no-db-hop``: LiveConsumer without channels' per-message
  ``aclose_old_connections()`` (a hop to the one sync thread) for ``push``
  messages, which touch no database (``access.changed`` re-checks go through
  ``database_sync_to_async``, which closes old connections itself).
- ``pubsub``: the channel layer is channels-redis's RedisPubSubChannelLayer.
"""

EXPERIMENTS = ("push-no-db-hop", "pubsub")


def settings_module(experiments: list[str]) -> str:
    if "pubsub" in experiments:
        return "bench.realtime_experiments_settings"
    return "bridge.settings"


def asgi_application(experiments: list[str]) -> str:
    if "push-no-db-hop" in experiments:
        return "bench.realtime_experiments_asgi:application"
    return "bridge.asgi:application"

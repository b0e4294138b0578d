"""Production settings with the channel layer of bench/realtime_experiments.py."""

from bridge.settings import *  # noqa: F403

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],  # noqa: F405
            "prefix": "bridge:channels",
        },
    }
}

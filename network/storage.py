"""Where uploaded files live: random, unguessable names in the default storage.

Nothing here is served from a public URL; every download goes through the views
in network/downloads.py, which ask network/access.py first. The names are still
random so that a leaked path, a backup listing or a misconfigured proxy reveals
nothing about who uploaded what.
"""

import secrets
from datetime import UTC, datetime


def random_name(folder: str, extension: str) -> str:
    """``folder/2026/11/<43 random characters>.<ext>``: spread over folders by month."""
    now = datetime.now(tz=UTC)
    return f"{folder}/{now:%Y/%m}/{secrets.token_urlsafe(32)}.{extension}"


def _extension(filename: str) -> str:
    # The name handed to a FileField is already ours (see services/media.py).
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"


def avatar_path(instance: object, filename: str) -> str:
    return random_name("avatars", _extension(filename))


def cover_path(instance: object, filename: str) -> str:
    return random_name("covers", _extension(filename))


def attachment_path(instance: object, filename: str) -> str:
    return random_name("attachments", _extension(filename))


def thumbnail_path(instance: object, filename: str) -> str:
    return random_name("thumbnails", _extension(filename))

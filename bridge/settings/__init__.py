"""Bridge settings, split by concern. Values that vary come from bridge.env."""

from bridge.settings.core import *  # noqa: F403 -- settings modules are namespaces
from bridge.settings.security import *  # noqa: F403
from bridge.settings.services import *  # noqa: F403

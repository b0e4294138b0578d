"""What every HR console page and form answers, by persona: HR admins get through,
signed-out visitors go to sign in, everyone else is refused (403)."""

from django.urls import reverse

from tests.fixtures.personas import EVERYONE

CONSOLE = {who: 403 for who in EVERYONE} | {"anonymous": 302, "grace": 200}
OTHERS = [who for who in EVERYONE if who != "grace"]


def assert_refused(response, who: str) -> None:
    """Anyone but an HR admin: sign in first, or 403."""
    assert response.status_code == CONSOLE[who]
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))

"""Validation of what people write about themselves."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible


@deconstructible
class ProfileURLValidator:
    """An https URL, optionally on one of a network's own hosts (LinkedIn, X…)."""

    def __init__(self, *hosts: str) -> None:
        self.hosts = hosts

    def __call__(self, value: str) -> None:
        URLValidator(schemes=["https"], message="Enter a full https:// address.")(value)
        if not self.hosts:
            return
        host = (urlsplit(value).hostname or "").lower().removeprefix("www.")
        if not any(host == allowed or host.endswith(f".{allowed}") for allowed in self.hosts):
            raise ValidationError(
                "Enter an address on %(hosts)s.",
                code="invalid_host",
                params={"hosts": " or ".join(self.hosts)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProfileURLValidator) and other.hosts == self.hosts

    def __hash__(self) -> int:
        return hash(self.hosts)

"""Where webhooks may go, and the one HTTP request each attempt makes.

Bridge must never become a way into the network it runs in (server-side request
forgery): a URL must be https, and its host must resolve to public addresses only,
both when it is saved and when it is called. The address checked is the address
connected to (the TLS certificate is still checked against the host name), so a DNS
answer that changes in between cannot point a delivery inside. Redirects are not
followed. ``WEBHOOK_ALLOW_PRIVATE_URLS`` (developers' machines, tests) lifts both
rules.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

USER_AGENT = "Bridge-Webhooks/1.0"
EXCERPT_BYTES = 1000


class UnsafeTarget(Exception):
    """The URL may not be called (scheme, or an address that is not public)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: list[str]


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300  # noqa: PLR2004


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, resolve: bool = True) -> Target:
    """The target of ``url``, or UnsafeTarget saying why it may not be called."""
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE_URLS
    parts = urlsplit(url)
    allowed_schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in allowed_schemes:
        raise UnsafeTarget("Webhook URLs must use https.")
    if not parts.hostname:
        raise UnsafeTarget("The URL names no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeTarget("The URL's port is not valid.") from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    addresses: list[str] = []
    if resolve:
        try:
            found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise UnsafeTarget(f"The host {parts.hostname} could not be resolved.") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not allow_private and not all(_public(address) for address in addresses):
            raise UnsafeTarget(
                "Webhook URLs must point to a public address, not a private, loopback or "
                "link-local one."
            )
    return Target(parts.scheme, parts.hostname, port, path, addresses)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST once; an Answer whatever happens (the error is said in words)."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(url)
    except UnsafeTarget as error:
        return Answer(None, took(), error=str(error))
    timeout = urllib3.Timeout(total=settings.WEBHOOK_TIMEOUT_SECONDS)
    host_header = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
    if ":" in target.host:  # an IPv6 literal
        host_header = f"[{target.host}]" + host_header[len(target.host) :]
    address = target.addresses[0]
    if target.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False)
    try:
        with pool:
            response = pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers={
                    **headers,
                    "Host": host_header,
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                },
                redirect=False,
                assert_same_host=False,
                preload_content=False,
            )
            try:
                excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
            except urllib3.exceptions.HTTPError:
                excerpt = ""
            finally:
                response.release_conn()
            return Answer(response.status, took(), excerpt=excerpt)
    except urllib3.exceptions.HTTPError as error:
        return Answer(None, took(), error=_describe(error))


def _describe(error: Exception) -> str:
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "Could not connect."
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return f"Timed out after {settings.WEBHOOK_TIMEOUT_SECONDS:g} s."
    if isinstance(error, urllib3.exceptions.ProtocolError):
        return "The connection was closed without an answer."
    if isinstance(error, urllib3.exceptions.SSLError):
        return "TLS failed: the certificate was not accepted."
    return f"{type(error).__name__}: {error}"[:500]

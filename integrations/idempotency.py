"""``Idempotency-Key`` on API POSTs: a retried request is answered, not repeated.

The first request with a key claims it (a row, unique per caller and key) and runs;
its response is kept for a day. A request that brings the same key again gets that
response replayed, with ``Idempotent-Replayed: true``; if the first is still running,
it waits for it (a few seconds at most, then 409 with Retry-After). The same key
with a different request (method, path or body) is a 409: the client has a bug, and
guessing which request it meant would lose one.

Responses that say nothing happened are not kept, so that a retry runs again: server
errors, rate limits, and refusals of the credentials (401, 403) which the caller may
fix before retrying.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from bridge.api import error_response
from integrations import tokens
from integrations.models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEPT_FOR = timedelta(hours=24)
NOT_KEPT = {401, 403, 429}
# Headers a replay carries over; the rest (request id, cookies) belong to each request.
REPLAYED_HEADERS = ("Content-Type", "Location", "ETag", "Content-Disposition")


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
            return error_response(
                400,
                "validation_error",
                f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
                fields={HEADER: [f"1 to {MAX_KEY_LENGTH} printable ASCII characters."]},
            )
        caller = _caller(request)
        if caller is None:  # no credentials: the API refuses it without doing anything
            return self.get_response(request)
        fingerprint = _fingerprint(request)
        claim, claimed = _claim(caller, key, fingerprint)
        if not claimed:
            if not _still_valid(request):
                return self.get_response(request)  # the API refuses the credentials
            return _answer_again(claim, fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            claim.delete()
            raise
        if (
            response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR
            or response.status_code in NOT_KEPT
            or response.streaming
        ):
            claim.delete()
        else:
            _keep(claim, response)
        return response


def _bearer_secret(request: HttpRequest) -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def _caller(request: HttpRequest) -> str | None:
    """Keys are each caller's own: a token's, or a signed-in person's."""
    secret = _bearer_secret(request)
    if secret:
        return "token:" + tokens.digest(secret)[:32]
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None


def _still_valid(request: HttpRequest) -> bool:
    """A revoked or expired token gets no replay: replays skip the API's own checks."""
    secret = _bearer_secret(request)
    return secret is None or tokens.authenticate(secret) is not None


def _fingerprint(request: HttpRequest) -> str:
    """The request a key stands for. Bodies larger than Django reads into memory
    (file uploads) are recognised by their type and length, not their content."""
    content_type = request.headers.get("Content-Type", "")
    length = int(request.headers.get("Content-Length") or 0)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = request.body if limit is None or length <= limit else str(length).encode()
    parts = [request.method or "", request.get_full_path(), content_type]
    return hashlib.sha256("\0".join(parts).encode() + b"\0" + body).hexdigest()


def _claim(caller: str, key: str, fingerprint: str) -> tuple[IdempotentRequest, bool]:
    IdempotentRequest.objects.filter(
        caller=caller, key=key, created_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    return IdempotentRequest.objects.get_or_create(
        caller=caller, key=key, defaults={"fingerprint": fingerprint}
    )


def _keep(claim: IdempotentRequest, response: HttpResponse) -> None:
    claim.status = response.status_code
    claim.headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    claim.body = response.content
    claim.save(update_fields=["status", "headers", "body"])


def _answer_again(claim: IdempotentRequest, fingerprint: str) -> HttpResponse:
    if claim.fingerprint != fingerprint:
        return error_response(
            409,
            "idempotency_key_reused",
            f"This {HEADER} was used for a different request; use a new key for a new request.",
        )
    finished = _wait_for(claim)
    if finished is None:
        response = error_response(
            409,
            "idempotency_key_in_use",
            f"A request with this {HEADER} is still running; retry in a moment.",
        )
        response["Retry-After"] = "1"
        return response
    response = HttpResponse(bytes(finished.body), status=finished.status)
    for name, value in finished.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def _wait_for(claim: IdempotentRequest) -> IdempotentRequest | None:
    """The claim once its request has finished, or None if it is still running after
    IDEMPOTENCY_WAIT_SECONDS. Between looks the database connection goes back to the
    pool, so that many waiting requests do not hold every connection."""
    deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT_SECONDS
    pause = 0.02
    while True:
        found = IdempotentRequest.objects.filter(pk=claim.pk).first()
        if found is None:
            # The first request failed and let go of the key; it answered its own
            # caller. This one is told to retry, when the key is free again.
            return None
        if found.status is not None:
            return found
        if time.monotonic() >= deadline:
            return None
        if not connection.in_atomic_block:
            connection.close()
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def forget_old() -> int:
    """Drop kept responses older than a day (Celery beat, daily)."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted

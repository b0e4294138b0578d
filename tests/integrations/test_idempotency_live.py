"""1,000 concurrent replays of one POST against daphne: one post, identical answers.

The requests are sent over 1,000 connections opened first, then written together,
so that they meet in the server while the first one is still running.
"""

import asyncio
import json
import os
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from network.models import Post
from tests.fixtures.personas import community
from tests.fixtures.processes import child_database_url, daphne_command, free_port, web_server
from tests.fixtures.services import require_env
from tests.integrations.tokens import issue

CONCURRENT = 1000


@pytest.fixture
def server(transactional_db, tmp_path) -> Iterator[str]:
    require_env("REDIS_URL")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": child_database_url(),
    }
    with web_server(
        daphne_command(port), port=port, env=env, log_path=tmp_path / "daphne.log"
    ) as base:
        yield base


async def _send_all(base: str, request: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    address = urlsplit(base)
    connections = await asyncio.gather(
        *(asyncio.open_connection(address.hostname, address.port) for _ in range(CONCURRENT))
    )
    for _, writer in connections:
        writer.write(request)
    await asyncio.gather(*(writer.drain() for _, writer in connections))
    answers = await asyncio.gather(
        *(asyncio.wait_for(reader.read(), timeout=120) for reader, _ in connections)
    )
    for _, writer in connections:
        writer.close()
    return [_parse(answer) for answer in answers]


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def test_a_thousand_concurrent_replays_create_one_post_and_answer_alike(server, demo):
    secret = issue(demo["ada"], ["write:posts"])
    engineering = community("engineering")
    body = json.dumps({"body": "Exactly once"}).encode()
    host = urlsplit(server).netloc
    request = (
        f"POST /api/v1/communities/{engineering.pk}/posts/ HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Authorization: Bearer {secret}\r\n"
        "Idempotency-Key: launch-2026\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body

    answers = asyncio.run(_send_all(server, request))

    assert Counter(status for status, _, _ in answers) == {201: CONCURRENT}
    assert len({content for _, _, content in answers}) == 1
    assert Post.objects.filter(body="Exactly once").count() == 1
    replayed = sum(headers.get("idempotent-replayed") == "true" for _, headers, _ in answers)
    assert replayed == CONCURRENT - 1
    created = json.loads(answers[0][2])
    assert created["id"] == Post.objects.get(body="Exactly once").pk

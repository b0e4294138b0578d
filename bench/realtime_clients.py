"""Websocket clients of bench/realtime.py, one asyncio process holding many sockets.

Not run by hand: bench/realtime.py starts one or more of these and talks to each
over its stdin and stdout, one JSON object per line.

    parent -> {"url", "origin", "topic", "clients": [[user_id, session_key], ...],
               "connect_concurrency", "ping", "quiet", "settle_timeout", "results"}
    child  -> {"event": "subscribed", ...ramp-up figures}
    child  -> {"event": "ready", ...}        no presence message for `quiet` seconds
    parent -> "stop"                          the grace period is over
    child  -> {"event": "results"}           receipts written to the `results` file
    parent -> "close"                         after the catch-up requests
    child  -> {"event": "closed", "seconds": ..., "late": post.created since "stop"}

Each socket behaves as a browser tab on a community page: it connects with the
person's session cookie and an allowed Origin, waits for `hello`, subscribes to
the community, then reads every message and pings every `ping` seconds (as the
page does). It stamps `time.time()` when a `post.created` activity arrives. A
refused or dropped socket is retried as frontend/static/frontend/js/live.js does:
exponential backoff with jitter, from 1 s up to 30 s.
"""

import asyncio
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

PRESENCE_TYPES = frozenset({"presence", "presence.changed"})
MAX_ATTEMPTS = 8  # a page retries forever; the bench gives up after about two minutes


@dataclass
class Client:
    user_id: int
    session_key: str
    started: float = 0.0  # the first attempt
    attempt_started: float = 0.0
    hello_at: float = 0.0
    subscribed_at: float = 0.0
    receipts: list[tuple[int, float]] = field(default_factory=list)
    newest: int = 0
    out_of_order: int = 0  # activities older than one already received
    late: int = 0  # post.created received after "stop"
    presence: int = 0
    pongs: int = 0
    other: int = 0
    retries: int = 0  # failed handshakes retried
    reconnects: int = 0  # sockets that closed and were opened again
    error: str = ""  # the last failure
    failures: list[str] = field(default_factory=list)  # the kind of each failed attempt
    gave_up: bool = False
    closed_codes: list[int] = field(default_factory=list)
    socket: ClientConnection | None = None


@dataclass
class State:
    clients: list[Client]
    last_presence: float = 0.0
    recording: bool = True
    closing: bool = False


def emit(event: str, **figures: Any) -> None:
    sys.stdout.write(json.dumps({"event": event, **figures}) + "\n")
    sys.stdout.flush()


async def next_line() -> str:
    return (await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)).strip()


async def expect(socket: ClientConnection, wanted: str, client: Client, state: State) -> dict:
    """Read until a message of type `wanted`, counting presence on the way."""
    while True:
        message = json.loads(await socket.recv())
        kind = message.get("type")
        if kind == wanted:
            return message
        if kind in PRESENCE_TYPES:
            client.presence += 1
            state.last_presence = time.time()
        elif kind == "error":
            raise RuntimeError(f"server error while waiting for {wanted}: {message}")
        else:
            client.other += 1


async def open_socket(
    client: Client, config: dict, state: State, gate: asyncio.Semaphore
) -> ClientConnection | None:
    async with gate:
        client.attempt_started = time.time()
        client.started = client.started or client.attempt_started
        socket = None
        try:
            socket = await connect(
                config["url"],
                origin=config["origin"],
                additional_headers={"Cookie": f"sessionid={client.session_key}"},
                # Browsers send no protocol-level pings; daphne pings them and the
                # library answers. The page's own JSON ping is below.
                ping_interval=None,
                open_timeout=120,
                close_timeout=60,
                max_size=2**22,
            )
            await expect(socket, "hello", client, state)
            client.hello_at = time.time()
            await socket.send(json.dumps({"type": "subscribe", "topic": config["topic"]}))
            await expect(socket, "subscribed", client, state)
            client.subscribed_at = time.time()
        except Exception as error:  # noqa: BLE001 -- every failure is reported, none is fatal
            client.error = f"{type(error).__name__}: {error}"[:300]
            client.failures.append(type(error).__name__)
            if socket is not None:
                await socket.close()
            return None
    client.socket = socket
    return socket


async def read(client: Client, socket: ClientConnection, state: State) -> None:
    try:
        async for raw in socket:
            received = time.time()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "activity":
                if message.get("verb") == "post.created" and state.recording:
                    client.receipts.append((message["id"], received))
                    if message["id"] < client.newest:
                        client.out_of_order += 1
                    client.newest = max(client.newest, message["id"])
                elif message.get("verb") == "post.created":
                    client.late += 1
                else:
                    client.other += 1
            elif kind in PRESENCE_TYPES:
                client.presence += 1
                state.last_presence = received
            elif kind == "pong":
                client.pongs += 1
            else:
                client.other += 1
    except ConnectionClosed as closed:
        client.closed_codes.append(closed.rcvd.code if closed.rcvd else 1006)
        return
    client.closed_codes.append(socket.close_code or 1006)


async def ping(socket: ClientConnection, every: float) -> None:
    await asyncio.sleep(random.uniform(0, every))
    while True:
        try:
            await socket.send('{"type": "ping"}')
        except ConnectionClosed:
            return
        await asyncio.sleep(every)


async def backoff(attempt: int) -> None:
    ceiling = min(30.0, 2.0**attempt)
    await asyncio.sleep(ceiling / 2 + random.random() * ceiling / 2)


async def live(client: Client, config: dict, state: State, gate: asyncio.Semaphore) -> None:
    attempt = 0
    while not state.closing:
        socket = await open_socket(client, config, state, gate)
        if socket is None:
            attempt += 1
            if attempt >= MAX_ATTEMPTS:
                client.gave_up = True
                return
            client.retries += 1
            await backoff(attempt)
            continue
        attempt = 0
        pinger = asyncio.ensure_future(ping(socket, config["ping"])) if config["ping"] else None
        try:
            await read(client, socket, state)
        finally:
            if pinger is not None:
                pinger.cancel()
        if not state.closing:
            client.reconnects += 1
            await backoff(1)


def ramp_figures(state: State) -> dict:
    ok = [client for client in state.clients if client.subscribed_at]
    return {
        "connected": len(ok),
        "failed": [client.error for client in state.clients if client.gave_up][:5],
        "failures": sum(1 for client in state.clients if client.gave_up),
        "retries": sum(client.retries for client in state.clients),
        "retry_errors": dict(Counter(kind for c in state.clients for kind in c.failures)),
        "first_start": min((client.started for client in state.clients), default=0),
        "last_subscribed": max((client.subscribed_at for client in ok), default=0),
        "hello_ms": [round((c.hello_at - c.attempt_started) * 1000, 2) for c in ok],
        "subscribe_ms": [round((c.subscribed_at - c.hello_at) * 1000, 2) for c in ok],
    }


async def main() -> None:
    config = json.loads(await next_line())
    state = State(clients=[Client(user_id, key) for user_id, key in config["clients"]])
    gate = asyncio.Semaphore(config["connect_concurrency"])
    tasks = [asyncio.ensure_future(live(client, config, state, gate)) for client in state.clients]
    while any(not (client.subscribed_at or client.gave_up) for client in state.clients):
        await asyncio.sleep(0.05)
    emit("subscribed", **ramp_figures(state))

    # Everyone coming online tells every member already there: wait for it to end.
    deadline = time.time() + config["settle_timeout"]
    while time.time() - state.last_presence < config["quiet"] and time.time() < deadline:
        await asyncio.sleep(0.1)
    emit("ready", settled_at=state.last_presence, presence=sum(c.presence for c in state.clients))

    if await next_line() != "stop":
        return
    state.recording = False
    with open(config["results"], "w") as out:
        json.dump(
            [
                {
                    "user_id": client.user_id,
                    "receipts": client.receipts,
                    "out_of_order": client.out_of_order,
                    "presence": client.presence,
                    "pongs": client.pongs,
                    "other": client.other,
                    "reconnects": client.reconnects,
                    "closed_codes": client.closed_codes,
                }
                for client in state.clients
            ],
            out,
        )
    emit("results")

    await next_line()  # "close"
    state.closing = True
    started = time.time()
    sockets = [client.socket for client in state.clients if client.socket is not None]
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    emit(
        "closed",
        seconds=round(time.time() - started, 2),
        late=sum(client.late for client in state.clients),
    )


if __name__ == "__main__":
    asyncio.run(main())

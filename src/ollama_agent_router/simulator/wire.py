"""Thin ASGI helpers: read a body, send bytes, notice a client that went away.

The simulator speaks raw ASGI on its hot paths because it is the baseline of the
router's overhead benchmark; Starlette only routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Coroutine
from typing import Any, TypeVar

from starlette.types import Receive, Scope, Send

T = TypeVar("T")

JSON = b"application/json; charset=utf-8"
NDJSON = b"application/x-ndjson"
SSE = b"text/event-stream"
TEXT = b"text/plain; charset=utf-8"
#: Where the outer app stashes the raw transport so a "refuse" fault can drop it.
TRANSPORT_KEY = "sim.transport"


class ClientGone(Exception):
    """The client closed its connection before the answer was complete."""


class ApiError(Exception):
    """An error reply Ollama would give before any output: status plus message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BadRequest(ApiError):
    """400 with Ollama's message."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def model_not_found(name: str) -> ApiError:
    return ApiError(404, f"model '{name}' not found")


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """Decode a request body the way Ollama's handlers reject bad ones."""
    if not raw.strip():
        raise BadRequest("missing request body")
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"invalid character in request body: {exc.msg}") from None
    except ValueError:
        raise BadRequest("invalid request body encoding") from None
    if not isinstance(body, dict):
        raise BadRequest("json: cannot unmarshal request body into an object")
    return body


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


async def send_bytes(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes = JSON,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    raw_headers = [(b"content-type", content_type), (b"content-length", b"%d" % len(body))]
    if headers:
        raw_headers.extend(headers)
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


async def start_stream(send: Send, content_type: bytes) -> None:
    headers = [(b"content-type", content_type), (b"cache-control", b"no-cache")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})


async def send_chunk(send: Send, data: bytes, *, last: bool = False) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": not last})


async def wait_disconnect(receive: Receive) -> None:
    """Return once the client has gone (the body must already have been read)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def guarded(receive: Receive, work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` but cancel it and raise ``ClientGone`` if the client disconnects.

    Needed because uvicorn silently drops writes to a closed connection: without a
    watcher a disconnected client would keep its slot until the fake generation ends.
    """
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(wait_disconnect(receive))
    try:
        await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        watcher.cancel()
        raise
    if task.done():
        watcher.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise ClientGone


async def drop_connection(scope: Scope, receive: Receive) -> None:
    """Close the TCP connection without a response (a "refused" request)."""
    transport = scope.get(TRANSPORT_KEY)
    if transport is None:
        raise RuntimeError("the server did not expose its transport; cannot refuse")
    transport.abort()
    # Let the server notice the loss, so it does not try to send a 500 of its own.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(1.0):
            await wait_disconnect(receive)

"""Reading request bodies under ``server.requestBodyLimit``, and client identity."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

from starlette.requests import Request

from ollama_agent_router.errors import RouterError
from ollama_agent_router.service.payload import check_body_size, parse_json_body

T = TypeVar("T")


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    """The JSON object body; 413 over the limit (checked before reading when possible)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit():
        check_body_size(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        check_body_size(size, limit)
        chunks.append(chunk)
    return parse_json_body(chunks[0] if len(chunks) == 1 else b"".join(chunks))


def client_id(request: Request) -> str:
    """Who queues count against: the API key id once access control resolved one,
    else the client address."""
    principal = request.scope.get("oar.principal")
    if isinstance(principal, str):
        return principal
    client = request.client
    return client.host if client is not None else "unknown"


class ClientDisconnected(RouterError):
    status = 499
    code = "client_disconnected"


async def unless_disconnected(request: Request, work: Awaitable[T]) -> T:
    """Run ``work``, cancelling it when the client goes away (so upstream calls abort).

    The body must have been read already: the next ASGI message is then
    ``http.disconnect``, which only arrives if the client leaves (or after the reply).
    """
    task = asyncio.ensure_future(work)
    receive = request.receive

    async def watch() -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return

    watcher = asyncio.ensure_future(watch())
    try:
        done, _ = await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        watcher.cancel()
        raise
    if task in done:
        watcher.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    raise ClientDisconnected("The client disconnected before the answer was ready")

"""Reading request bodies under ``server.requestBodyLimit``, writing JSON answers, and
client identity."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from ollama_agent_router.errors import RouterError
from ollama_agent_router.pipeline.payload import check_body_size, parse_json_body

T = TypeVar("T")


def json_response(
    value: object,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    ensure_ascii: bool = True,
) -> Response:
    """The one JSON response helper: ``value`` as ``application/json``."""
    return Response(
        json.dumps(value, ensure_ascii=ensure_ascii),
        status_code=status,
        media_type="application/json",
        headers=dict(headers) if headers else None,
    )


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


def caller_id(request: Request) -> str:
    """Who queues count against: the API key id once access control resolved one,
    else (no access section, or an anonymous caller) the client address."""
    principal = request.scope.get("oar.principal")
    if isinstance(principal, str) and principal != "anonymous":
        return principal
    client = request.client
    return client.host if client is not None else "unknown"


class ClientDisconnected(RouterError):
    status = 499
    code = "client_disconnected"


async def unless_disconnected(request: Request, work: Awaitable[T]) -> T:
    """Await ``work`` here, cancelling it if the client goes away (so upstream calls
    abort and slots free up).

    The body must have been read already: the next ASGI message is then
    ``http.disconnect``, which arrives only if the client leaves. One small watcher task
    per request; the work itself runs in the caller's task.
    """
    current = asyncio.current_task()
    assert current is not None
    receive = request.receive
    gone = False

    async def watch() -> None:
        nonlocal gone
        while (await receive())["type"] != "http.disconnect":
            pass
        gone = True
        current.cancel()

    watcher = asyncio.get_running_loop().create_task(watch())
    try:
        return await work
    except asyncio.CancelledError:
        if not gone:
            raise
        current.uncancel()
        raise ClientDisconnected("The client disconnected before the answer was ready") from None
    finally:
        watcher.cancel()

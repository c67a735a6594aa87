"""The one stream relay: every face's streamed answer goes through
``streaming_response``, whose response owns the stream's scheduler slot until it ends,
however it ends."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.composition import Services
from ollama_agent_router.pipeline.gateway import StreamResult
from ollama_agent_router.pipeline.planning import Plan

log = logging.getLogger("ollama_agent_router.api")


def sse_error(exc: Exception) -> bytes:
    """A mid-stream failure as the last SSE event."""
    error = {"error": {"message": f"upstream stream failed: {exc}", "type": "upstream_error"}}
    return b"data: " + json.dumps(error).encode() + b"\n\n"


def streaming_response(
    services: Services,
    plan: Plan,
    stream: StreamResult,
    *,
    media_type: str = "text/event-stream",
    error_chunk: Callable[[Exception], bytes] = sse_error,
    label: str = "stream",
) -> Response:
    """The one streaming response of every face; it owns the stream's slot from here on."""
    try:
        headers = decision_headers(plan, stream.model, stream.queue_ms)
        headers["Cache-Control"] = "no-cache"
        headers["X-Accel-Buffering"] = "no"

        def broke(exc: Exception) -> bytes:  # called by the relay, once ``response`` exists
            response.broken = True
            return error_chunk(exc)

        chunks = relay(services, stream, error_chunk=broke, label=label)
        response = RelayResponse(
            chunks,
            finish=lambda: finish_stream(services, stream),
            media_type=media_type,
            headers=headers,
        )
        return response
    except BaseException:
        services.gateway.scheduler.release(stream.ticket)
        raise


class RelayResponse(StreamingResponse):
    """A streaming response that finishes its upstream stream however the response ends.

    The relay's own ``finally`` covers a body that started; this covers a response whose
    headers could not be sent (the client left, the server refused a header), where the
    body iterator never runs and its ``finally`` never would.

    A stream the relay ended with its error chunk is marked ``scope["oar.broken"]``: its
    status line said 200, the metrics and the request log say it broke.
    """

    broken = False

    def __init__(
        self,
        content: AsyncIterator[bytes],
        *,
        finish: Callable[[], Awaitable[None]],
        media_type: str,
        headers: dict[str, str],
    ) -> None:
        super().__init__(content, media_type=media_type, headers=headers)
        self._finish = finish

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            if self.broken:
                scope["oar.broken"] = True
            await self._finish()


async def finish_stream(services: Services, stream: StreamResult) -> None:
    """Close the upstream stream and free its slot; safe to call more than once."""
    close = getattr(stream.chunks, "aclose", None)
    try:
        if close is not None:
            await close()
    except Exception:
        log.debug("closing the upstream stream raised", exc_info=True)
    finally:  # even when cancelled while closing, the slot is freed
        services.gateway.scheduler.release(stream.ticket)


async def relay(
    services: Services,
    stream: StreamResult,
    *,
    error_chunk: Callable[[Exception], bytes] = sse_error,
    label: str = "stream",
) -> AsyncIterator[bytes]:
    """Pass upstream chunks through as they come; a mid-stream failure ends the stream
    with ``error_chunk(exc)``. The slot is freed however the stream ends."""
    try:
        if stream.first:
            yield stream.first
        async for chunk in stream.chunks:
            yield chunk
    except Exception as exc:  # the status line is gone: report in-band, then stop
        log.warning("%s from %s broke: %s", label, stream.model, exc)
        yield error_chunk(exc)
    finally:
        await finish_stream(services, stream)

"""What the gateway needs from a backend, and how backend failures become API errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ollama_agent_router.backend.ollama.errors import (
    OllamaError,
    OllamaHTTPError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.ollama.models import PsModel
from ollama_agent_router.errors import (
    RETRY_AFTER_S,
    BadRequestError,
    ExecutionTimeoutError,
    RouterError,
)

log = logging.getLogger("ollama_agent_router.upstream")


class Upstream(Protocol):
    """The backend, and everything the router asks of it: chat in OpenAI's shape (the
    gateway), Ollama's native calls (the native face, completions, embeddings) and its
    state (the live view, capabilities, status). Nothing reaches around it.

    Ollama is the implementation (``OllamaUpstream``, or ``NativeUpstream`` for
    ``ollama.api: native``), built by name from ``BACKEND_FACTORIES``."""

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        """A non-streamed OpenAI chat completion as undecoded JSON bytes."""

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A non-streamed OpenAI chat completion, decoded."""

    def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        """The OpenAI SSE stream, relayed in chunks as they arrive."""

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        """``POST /api/{path}``, not streamed."""

    def stream_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """``POST /api/{path}`` streamed: its NDJSON objects as they arrive."""

    async def get_native(self, path: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        """``GET /api/{path}``."""

    async def embed(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]: ...

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]: ...

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]: ...

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]: ...

    async def version(self, *, timeout_ms: int | None = None) -> str: ...

    async def probe(self, *, timeout_ms: int | None = None) -> bool: ...

    async def aclose(self) -> None: ...


class UpstreamError(RouterError):
    type = "upstream_error"
    code = "upstream_error"
    upstream_status: int | None = None

    def body(self) -> dict[str, object]:
        body = super().body()
        if self.upstream_status is not None:
            error = body["error"]
            assert isinstance(error, dict)
            error["upstream_status"] = self.upstream_status
        return body


class OllamaBusyError(UpstreamError):
    """Ollama's 503: its queue of pending requests is full (``OLLAMA_MAX_QUEUE``) or the
    model is overloaded. Answered 503 with ``Retry-After``: the client should retry."""

    status = 503
    type = "overloaded_error"
    code = "ollama_busy"


class OllamaRateLimitedError(UpstreamError):
    """Ollama's 429 (a cloud model rate limited): answered 429 with ``Retry-After``."""

    status = 429
    type = "rate_limit_error"
    code = "ollama_rate_limited"


def retry_after(value: str | None) -> str:
    """Ollama's ``Retry-After`` when it is whole seconds (at most an hour), else
    ``RETRY_AFTER_S``."""
    text = (value or "").strip()
    if text.isascii() and text.isdigit() and int(text) <= 3600:
        return str(int(text))
    return str(RETRY_AFTER_S)


def is_retryable(exc: BaseException) -> bool:
    """Whether another candidate may be tried after this failure (SPEC §3.6)."""
    return isinstance(exc, OllamaError) and exc.fallback_allowed


def to_router_error(exc: BaseException) -> RouterError:
    if isinstance(exc, RouterError):
        return exc
    own = getattr(exc, "as_router_error", None)
    if callable(own):  # a backend that knows its answers better (a node's own 4xx)
        error = own()
        if isinstance(error, RouterError):
            return error
    if isinstance(exc, OllamaUnavailable):
        return UpstreamError(exc.message, status=503, code="ollama_unreachable")
    if isinstance(exc, OllamaTimeout):
        return ExecutionTimeoutError(exc.message, code="ollama_timeout")
    if isinstance(exc, OllamaHTTPError):
        if exc.is_busy:
            kind = OllamaBusyError if exc.upstream_status == 503 else OllamaRateLimitedError
            busy = kind(
                f"Ollama answered {exc.upstream_status}: {exc.upstream_message}",
                headers={"Retry-After": retry_after(exc.retry_after)},
            )
            busy.upstream_status = exc.upstream_status
            return busy
        if exc.is_client_error:
            return BadRequestError(
                f"Ollama rejected the request: {exc.upstream_message}", code="upstream_rejected"
            )
        error = UpstreamError(
            f"Ollama answered {exc.upstream_status}: {exc.upstream_message}",
            status=502,
            code="upstream_http_error",
        )
        error.upstream_status = exc.upstream_status
        return error
    if isinstance(exc, OllamaError):
        return UpstreamError(exc.message, status=exc.status_code)
    # Not Ollama's doing but ours (bad input is refused before any call): the client
    # gets no internals, the log gets the traceback.
    log.error("unexpected failure around the backend call", exc_info=exc)
    return RouterError("Internal error; see the router log", status=500, code="internal_error")


@dataclass(frozen=True, slots=True)
class BackendHooks:
    """What a backend may read of the router it serves, given at construction."""

    leaving: Callable[[], Collection[str]] | None = None
    """Models a pending load waits to unload (the residency tracker's ``leaving``)."""
    on_models: Callable[[Mapping[str, int], Mapping[str, int]], None] | None = None
    """Told the models a backend learns it serves, with their concurrency limits, and
    what it runs and holds in all (``concurrent``, ``queued``, ``perUser``; a fleet's
    nodes: the scheduler makes a queue for each model and lifts its limits to the
    fleet's)."""

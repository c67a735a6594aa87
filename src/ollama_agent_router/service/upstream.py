"""What the gateway needs from a backend, and how backend failures become API errors."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

from ollama_agent_router.backend.errors import (
    OllamaError,
    OllamaHTTPError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.ollama import OllamaClient
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.errors import BadRequestError, ExecutionTimeoutError, RouterError

log = logging.getLogger("ollama_agent_router.upstream")


class Upstream(Protocol):
    """A chat backend: the Ollama client, in OpenAI or native mode."""

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        """A non-streamed OpenAI chat completion as undecoded JSON bytes."""

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A non-streamed OpenAI chat completion, decoded."""

    def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        """The OpenAI SSE stream, relayed in chunks as they arrive."""


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


def is_retryable(exc: BaseException) -> bool:
    """Whether another candidate may be tried after this failure (SPEC §3.6)."""
    return isinstance(exc, OllamaError) and exc.fallback_allowed


def to_router_error(exc: BaseException) -> RouterError:
    if isinstance(exc, RouterError):
        return exc
    if isinstance(exc, OllamaUnavailable):
        return UpstreamError(exc.message, status=503, code="ollama_unreachable")
    if isinstance(exc, OllamaTimeout):
        return ExecutionTimeoutError(exc.message, code="ollama_timeout")
    if isinstance(exc, OllamaHTTPError):
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


class OllamaUpstream:
    """The gateway's view of the Ollama client (``ollama.api: openai``)."""

    def __init__(self, client: OllamaClient) -> None:
        self.client = client

    @classmethod
    def from_config(cls, config: RouterConfig) -> OllamaUpstream:
        return cls(OllamaClient.from_config(config.ollama))

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        return json.dumps(await self.client.chat(payload)).encode()

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await self.client.chat(payload)

    def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        return self.client.chat_stream(payload)

    async def aclose(self) -> None:
        await self.client.aclose()

"""A node's failures in the backend error tree the attempts loop already reads
(``pipeline.upstream.to_router_error``, ``fallback_allowed``): an unreachable node, a
timeout, a 5xx or a busy node may go to the next candidate (another node); a node's 4xx
is the client's error and is answered as the node answered it."""

from __future__ import annotations

import json
from typing import Any

from ollama_agent_router.backend.ollama.errors import (
    OllamaHTTPError,
    OllamaProtocolError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.errors import RouterError


class NodeUnavailable(OllamaUnavailable):
    def __init__(self, node: str, detail: str = "") -> None:
        super().__init__(f"node {node} unreachable" + (f": {detail}" if detail else ""))
        self.node = node


class NodeTimeout(OllamaTimeout):
    def __init__(self, node: str) -> None:
        super().__init__(f"node {node} did not answer in time")
        self.node = node


class NodeHTTPError(OllamaHTTPError):
    def __init__(
        self, node: str, status: int, body: str, *, retry_after: str | None = None
    ) -> None:
        super().__init__(status, body, retry_after=retry_after)
        self.node = node
        self.message = f"node {node} answered {status}: {self.upstream_message}"
        self.args = (self.message,)

    def as_router_error(self) -> RouterError | None:
        """A node's 4xx as the node said it (its status, code, field); a busy node as
        busy (``Retry-After`` kept); anything else the gateway maps as a backend 5xx."""
        if self.is_busy or not self.is_client_error:
            return None  # the common mapping, whose message names the node below
        error = _error_object(self.body)
        code = error.get("code")
        param = error.get("param")
        answer = RouterError(
            str(error.get("message") or self.upstream_message),
            status=self.upstream_status,
            code=code if isinstance(code, str) else "upstream_rejected",
            param=param if isinstance(param, str) else None,
        )
        kind = error.get("type")
        if isinstance(kind, str):
            answer.type = kind
        return answer


def _error_object(body: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return error
    return {"message": error} if isinstance(error, str) else {}


class NodeProtocolError(OllamaProtocolError):
    def __init__(self, node: str, detail: str) -> None:
        super().__init__(f"node {node}: {detail}")
        self.node = node


class NodeStreamError(OllamaStreamError):
    def __init__(self, node: str, detail: str) -> None:
        super().__init__(f"node {node} stream broke: {detail}")
        self.node = node

"""One structured JSON log line per request, with the routing decision; no secrets.

A plain ASGI middleware (not ``BaseHTTPMiddleware``), so it adds microseconds, not a
task per request. Request bodies and headers are never logged. An answer with an error
status names its ``reason``: the error's code (``invalid_api_key``, ``origin_not_allowed``,
``model_not_found``, …) or type, never its message, which may quote the request; a
stream that broke after its head (status 200 already sent) has ``reason:
"stream_broken"``.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ollama_agent_router.api.serving.errors import ERROR_REASON

log = logging.getLogger("ollama_agent_router.access")

_STATUS_REASONS = {499: "client_disconnected"}
"""Reasons of answers no error renderer wrote."""


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        noted = ERROR_REASON.set(None)
        try:
            await self.app(scope, receive, send_status)
        finally:
            entry = _entry(scope, status, started, ERROR_REASON.get())
            ERROR_REASON.reset(noted)
            log.info(json.dumps(entry, separators=(",", ":")))


def _entry(scope: Scope, status: int, started: float, reason: str | None) -> dict[str, Any]:
    client = scope.get("client")
    status = status or 499
    entry: dict[str, Any] = {
        "event": "request",
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": client[0] if client else None,
    }
    if status >= 400:
        entry["reason"] = reason or _STATUS_REASONS.get(status, f"http_{status}")
    elif scope.get("oar.broken"):
        entry["reason"] = "stream_broken"
    principal = scope.get("oar.principal")
    if principal is not None:
        entry["principal"] = principal
    plan = scope.get("oar.plan")
    if plan is not None:
        decision = plan.decision
        entry.update(
            taskType=plan.classification.task_type,
            classifier=plan.classification.mode,
            decision=decision.type,
            model=decision.model,
            score=decision.score,
            stream=plan.stream,
        )
    return entry

"""One structured JSON log line per request, with the routing decision; no secrets.

A plain ASGI middleware (not ``BaseHTTPMiddleware``), so it adds microseconds, not a
task per request. Request bodies and headers are never logged.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("ollama_agent_router.access")


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

        try:
            await self.app(scope, receive, send_status)
        finally:
            log.info(json.dumps(_entry(scope, status, started), separators=(",", ":")))


def _entry(scope: Scope, status: int, started: float) -> dict[str, Any]:
    client = scope.get("client")
    entry: dict[str, Any] = {
        "event": "request",
        "method": scope["method"],
        "path": scope["path"],
        "status": status or 499,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": client[0] if client else None,
    }
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

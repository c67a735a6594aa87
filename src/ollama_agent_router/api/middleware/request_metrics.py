"""Per-request metrics as a pure ASGI middleware, cheap enough for the hot lane.

It reads what the handlers leave in the scope (``oar.plan``: the routing decision;
``oar.result``: the model that answered, queue time and fallback attempts; ``oar.model``:
the model of a call that was not routed, a native load or ``/api/show``) and the
route template Starlette sets; response bodies are looked at only for the usage of a
completion. The reason of a refusal is the one its renderer noted (``ERROR_REASON``),
so the Ollama and Anthropic faces, whose error bodies carry no router code, count their
rejections too. A stream that broke after its head
(``oar.broken``, set by the relay's response) is counted with the status ``broken``,
not as the 200 its status line said.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ollama_agent_router.api.middleware.recent import RecentDecisions
from ollama_agent_router.api.serving.errors import ERROR_REASON
from ollama_agent_router.metrics import RouterMetrics

_TOKENS = b'"completion_tokens":'
_NUMBER = re.compile(rb"\s*(\d{1,12})")
_REJECTED = frozenset({400, 429, 503})
BROKEN = "broken"
"""The ``status`` label of a stream that broke after its 200 head."""
_REJECTION_CODES = frozenset(
    {"no_model_available", "no_capable_model", "per_user_queue_full", "global_queue_full"}
)
"""The router's own refusals. Others (Ollama unreachable) are not rejections, and
access control counts its refusals itself."""


class RequestMetrics:
    def __init__(
        self,
        app: ASGIApp,
        metrics: RouterMetrics,
        *,
        prefix: str,
        hot: list[str],
        recent: RecentDecisions | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.recent = recent
        """Where routed requests are remembered for ``/v1/router/decisions``."""
        self._prefix = prefix
        self._exact = {prefix + path: path for path in hot}
        """Paths the hot lane serves (no route object in the scope): path → label."""
        self._routes: dict[int, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        first_body: float = 0.0
        tokens_seen: list[bytes] = []

        async def send_and_watch(message: Message) -> None:
            nonlocal status, first_body
            if message["type"] == "http.response.start":
                status = message["status"]
            else:
                body = message.get("body", b"")
                if body:
                    if not first_body:
                        first_body = time.perf_counter()
                    if status not in _REJECTED and _TOKENS in body:
                        tokens_seen.append(body)
            await send(message)

        ERROR_REASON.set(None)  # not reset: the request log outside reads it afterwards
        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            self._record(scope, status or 499, started, first_body, tokens_seen)

    def _record(
        self,
        scope: Scope,
        status: int,
        started: float,
        first_body: float,
        tokens_seen: list[bytes],
    ) -> None:
        metrics = self.metrics
        plan = scope.get("oar.plan")
        result = scope.get("oar.result")
        model = ""
        if result is not None:
            model = result.model
            metrics.queue_wait.observe((model,), result.queue_ms / 1000)
            if result.attempts:
                chain = [attempt.model for attempt in result.attempts] + [model]
                for failed, following in itertools.pairwise(chain):
                    metrics.count_fallback(failed, following)
            if first_body and plan is not None and plan.stream:
                metrics.time_to_first_token.observe((model,), first_body - started)
        elif plan is not None:
            model = plan.decision.model or ""
        else:
            model = scope.get("oar.model", "")
        for body in tokens_seen:
            count = _completion_tokens(body)
            if count:
                metrics.tokens.inc((model,), count)
        if status in _REJECTED:
            reason = ERROR_REASON.get()
            if reason in _REJECTION_CODES:
                metrics.count_rejection(reason)
        elapsed = time.perf_counter() - started
        shown: int | str = BROKEN if scope.get("oar.broken") else status
        metrics.count_request(self._route(scope), shown, model, elapsed)
        if plan is not None and self.recent is not None:
            self.recent.record(plan, result, status, elapsed * 1000)

    def _route(self, scope: Scope) -> str:
        path: str = scope["path"]
        label = self._exact.get(path)
        if label is not None:
            return label
        route: Any = scope.get("route")
        if route is None:
            return "unmatched"
        key = id(route)
        label = self._routes.get(key)
        if label is None:
            template = str(getattr(route, "path", "unmatched"))
            if self._prefix and template.startswith(self._prefix):
                template = template[len(self._prefix) :] or "/"
            label = self._routes[key] = template
        return label


def _completion_tokens(body: bytes) -> int:
    """``usage.completion_tokens`` of a completion or of a stream's usage chunk."""
    at = body.rfind(_TOKENS)
    if at < 0:
        return 0
    match = _NUMBER.match(body, at + len(_TOKENS))
    return int(match.group(1)) if match else 0

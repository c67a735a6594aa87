"""``POST /v1/chat/completions``: sync, async (202), streaming, reject."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.body import json_response, read_json
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.headers import header_value
from ollama_agent_router.api.services import Services, services_of
from ollama_agent_router.api.serving import Queued, Streaming, serve_chat
from ollama_agent_router.api.submission import REPLAYED_HEADER
from ollama_agent_router.jobs.model import Job
from ollama_agent_router.service.gateway import CallResult, Plan, StreamResult, SyncResult
from ollama_agent_router.service.payload import splice_router
from ollama_agent_router.service.tool_calls import header_summary

log = logging.getLogger("ollama_agent_router.api")

TOOL_CALL_CHECK_HEADER = "x-router-tool-call-check"
"""What the tool-call check did, when it did anything: ``repaired: name_case``,
``retried: unknown_tool``, ``passed_through: missing_required`` (also
``router.toolCallCheck``; a stream's is known before its first byte only when its
tool call came first)."""

DROPPED_FIELDS_HEADER = "x-router-dropped-fields"
"""Request fields the router left out for the model that ran (comma-separated), e.g.
``reasoning_effort`` for a model that cannot think (also ``router.droppedFields``)."""


async def chat_completions(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    outcome = await serve_chat(request, services, body, jobs=True, endpoint="chat")
    if isinstance(outcome, Queued):
        return job_accepted(services, outcome.job, outcome.position, replayed=outcome.replayed)
    if isinstance(outcome, Streaming):
        return streaming_response(services, outcome.plan, outcome.stream)
    return sync_response(outcome.plan, outcome.result)


def router_object(plan: Plan, result: CallResult[Any]) -> dict[str, Any]:
    """The ``router`` object of a call that ran synchronously under ``plan``."""
    model = result.model
    decision = plan.decision
    classification = plan.classification
    out: dict[str, Any] = {
        "mode": "sync",
        "taskType": classification.task_type,
        "selectedModel": model,
        "fallbackModels": [m for m in decision.fallback_models if m != model],
        "queueTimeMs": round(result.queue_ms, 1),
        "executionTimeMs": round(result.execution_ms, 1),
        "decisionReason": decision.reason,
        "score": decision.score,
        "complexity": classification.complexity,
        "confidence": classification.confidence,
        "classifier": classification.mode,
    }
    if decision.estimate is not None and model == decision.model:
        out["estimate"] = decision.estimate.as_dict()
    context = plan.context_length(model)
    if context is not None:
        out["contextLength"] = context  # what Ollama runs it with, not what was asked
    if plan.session_outcome is not None:
        out["session"] = plan.session_outcome
    if result.attempts:
        out["attempts"] = [a.as_dict() for a in result.attempts]
        out["fallbackUsed"] = True
    if plan.dropped:
        out["droppedFields"] = list(plan.dropped)
    if plan.tool_check is not None:
        out["toolCallCheck"] = plan.tool_check
    return out


def decision_headers(plan: Plan, model: str, queue_ms: float) -> dict[str, str]:
    headers = {
        "x-router-selected-model": header_value(model),
        "x-router-task-type": header_value(plan.classification.task_type),
        "x-router-decision-reason": header_value(plan.decision.reason),
        "x-router-queue-time-ms": f"{queue_ms:.1f}",
    }
    if plan.dropped:
        headers[DROPPED_FIELDS_HEADER] = header_value(",".join(plan.dropped))
    checked = header_summary(plan.tool_check)
    if checked is not None:
        headers[TOOL_CALL_CHECK_HEADER] = header_value(checked)
    outcome = plan.session_outcome
    if outcome is not None:
        headers["x-router-session"] = header_value(outcome["id"])
        if not outcome["stayed"]:
            headers["x-router-session-moved"] = header_value(outcome["moveReason"])
    return headers


def sync_response(plan: Plan, result: SyncResult) -> Response:
    return Response(
        splice_router(result.value, router_object(plan, result)),
        media_type="application/json",
        headers=decision_headers(plan, result.model, result.queue_ms),
    )


def job_accepted(
    services: Services, job: Job, position: int, *, replayed: bool = False
) -> Response:
    """The 202 of a chat job, from its record: the same for a new job and for a retry
    answered with the job its ``Idempotency-Key`` created (``status`` is then current)."""
    classification = job.meta.get("classification") or {}
    body = {
        "id": job.id,
        "object": "router.job",
        "status": job.status.value,
        "message": f"Accepted for async processing; poll {services.prefix}/v1/jobs/{job.id}",
        "router": {
            "mode": "async",
            "taskType": job.task_type,
            "preferredModel": job.selected_model,
            "position": position,
            "estimatedClass": classification.get("complexity"),
            "decisionReason": job.meta.get("decisionReason"),
        },
    }
    headers = {
        "Location": f"{services.prefix}/v1/jobs/{job.id}",
        "x-router-selected-model": header_value(job.selected_model),
        "x-router-task-type": header_value(job.task_type),
    }
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_response(body, status=202, headers=headers)


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


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/v1/chat/completions",
        chat_completions,
        Plane.STANDALONE,
        OPENAI,
        "Routed OpenAI chat completion",
        inference=True,
        body=openapi.CHAT,
        response=openapi.CHAT_COMPLETION,
    ),
)

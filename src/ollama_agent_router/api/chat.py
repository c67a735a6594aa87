"""``POST /v1/chat/completions``: sync, async (202), streaming, reject."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from ollama_agent_router.api.body import client_id, read_json, unless_disconnected
from ollama_agent_router.api.services import Services, services_of
from ollama_agent_router.service.gateway import (
    CallResult,
    ConvertedToJob,
    JobAccepted,
    Plan,
    StreamResult,
    SyncResult,
)
from ollama_agent_router.service.payload import splice_router

log = logging.getLogger("ollama_agent_router.api")

router = APIRouter()


@router.post("/v1/chat/completions", summary="Routed OpenAI chat completion")
async def chat_completions(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    gateway = services.gateway
    if gateway.async_classifier is None:
        plan = gateway.plan(body)
    else:
        plan = await gateway.plan_async(body)
    request.scope["oar.plan"] = plan
    user = client_id(request)
    decision = plan.decision
    if decision.type == "reject":
        raise gateway.reject(decision)
    if decision.type == "async" and not plan.stream:
        accepted = await gateway.accept_job(plan, user=user)
        return job_accepted(services, plan, accepted)
    if plan.stream:
        stream = await unless_disconnected(request, gateway.open_stream(plan, user=user))
        request.scope["oar.result"] = stream
        return streaming_response(services, plan, stream)
    try:
        result = await unless_disconnected(request, gateway.run_sync(plan, user=user))
    except ConvertedToJob as converted:
        return job_accepted(services, plan, converted.accepted)
    request.scope["oar.result"] = result
    return sync_response(plan, result)


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
    if result.attempts:
        out["attempts"] = [a.as_dict() for a in result.attempts]
        out["fallbackUsed"] = True
    return out


def decision_headers(plan: Plan, model: str, queue_ms: float) -> dict[str, str]:
    return {
        "x-router-selected-model": model,
        "x-router-task-type": plan.classification.task_type,
        "x-router-decision-reason": quote(plan.decision.reason, safe=" :;,.()'-/"),
        "x-router-queue-time-ms": f"{queue_ms:.1f}",
    }


def sync_response(plan: Plan, result: SyncResult) -> Response:
    return Response(
        splice_router(result.value, router_object(plan, result)),
        media_type="application/json",
        headers=decision_headers(plan, result.model, result.queue_ms),
    )


def job_accepted(services: Services, plan: Plan, accepted: JobAccepted) -> Response:
    job = accepted.job
    body = {
        "id": job.id,
        "object": "router.job",
        "status": "queued",
        "message": f"Accepted for async processing; poll {services.prefix}/v1/jobs/{job.id}",
        "router": {
            "mode": "async",
            "taskType": plan.classification.task_type,
            "preferredModel": job.selected_model,
            "position": accepted.position,
            "estimatedClass": plan.classification.complexity,
            "decisionReason": plan.decision.reason,
        },
    }
    return Response(
        json.dumps(body),
        status_code=202,
        media_type="application/json",
        headers={
            "Location": f"{services.prefix}/v1/jobs/{job.id}",
            "x-router-selected-model": job.selected_model,
            "x-router-task-type": plan.classification.task_type,
        },
    )


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
    headers = decision_headers(plan, stream.model, stream.queue_ms)
    headers["Cache-Control"] = "no-cache"
    headers["X-Accel-Buffering"] = "no"
    chunks = relay(services, stream, error_chunk=error_chunk, label=label)
    return StreamingResponse(chunks, media_type=media_type, headers=headers)


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
        close = getattr(stream.chunks, "aclose", None)
        try:
            if close is not None:
                await close()
        except Exception:
            log.debug("closing the upstream stream raised", exc_info=True)
        finally:  # even when cancelled while closing, the slot is freed
            services.gateway.scheduler.release(stream.ticket)

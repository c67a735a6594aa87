"""The router's explanation of a decision, the same on every face: the ``router``
object of an answer, the ``x-router-*`` headers, and the 202 of a job."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.api.serving.headers import header_value
from ollama_agent_router.api.serving.submission import REPLAYED_HEADER
from ollama_agent_router.composition import Services
from ollama_agent_router.jobs.model import Job
from ollama_agent_router.pipeline.explain import router_object
from ollama_agent_router.pipeline.gateway import SyncResult
from ollama_agent_router.pipeline.payload import splice_router
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.pipeline.tool_calls import header_summary
from ollama_agent_router.routing.fleet import split_qualified

TOOL_CALL_CHECK_HEADER = "x-router-tool-call-check"
"""What the tool-call check did, when it did anything: ``repaired: name_case``,
``retried: unknown_tool``, ``passed_through: missing_required`` (also
``router.toolCallCheck``; a stream's is known before its first byte only when its
tool call came first)."""

DROPPED_FIELDS_HEADER = "x-router-dropped-fields"
"""Request fields the router left out for the model that ran (comma-separated), e.g.
``reasoning_effort`` for a model that cannot think (also ``router.droppedFields``)."""


NODE_HEADER = "x-router-node"
"""The node that ran the request (a fleet gateway's answers)."""


def decision_headers(plan: Plan, model: str, queue_ms: float) -> dict[str, str]:
    plain, node = split_qualified(model)
    headers = {
        "x-router-selected-model": header_value(plain),
        "x-router-task-type": header_value(plan.classification.task_type),
        "x-router-decision-reason": header_value(plan.decision.reason),
        "x-router-queue-time-ms": f"{queue_ms:.1f}",
    }
    if plan.dropped:
        headers[DROPPED_FIELDS_HEADER] = header_value(",".join(plan.dropped))
    checked = header_summary(plan.tool_check)
    if checked is not None:
        headers[TOOL_CALL_CHECK_HEADER] = header_value(checked)
    if node is not None:
        headers[NODE_HEADER] = header_value(node)
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
    model, node = split_qualified(job.selected_model)  # a fleet gateway's: on its node
    body: dict[str, Any] = {
        "id": job.id,
        "object": "router.job",
        "status": job.status.value,
        "message": f"Accepted for async processing; poll {services.prefix}/v1/jobs/{job.id}",
        "router": {
            "mode": "async",
            "taskType": job.task_type,
            "preferredModel": model,
            "position": position,
            "estimatedClass": classification.get("complexity"),
            "decisionReason": job.meta.get("decisionReason"),
        },
    }
    headers = {
        "Location": f"{services.prefix}/v1/jobs/{job.id}",
        "x-router-selected-model": header_value(model),
        "x-router-task-type": header_value(job.task_type),
    }
    if node is not None:
        body["router"]["node"] = node
        headers[NODE_HEADER] = header_value(node)
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_response(body, status=202, headers=headers)

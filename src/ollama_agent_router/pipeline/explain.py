"""The ``router`` object: how the router explains where an answer ran and why, the same
for a call that ran now (``router_object``) and for an async job (``job_router_object``).
Every face puts it in its answer (or, for faces that have no room for it, in headers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ollama_agent_router.jobs.model import Job
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.routing.fleet import split_qualified

if TYPE_CHECKING:  # the gateway builds these objects with it
    from ollama_agent_router.pipeline.gateway import CallResult


def _ran(
    *,
    mode: str,
    task_type: str,
    model: str,
    queue_ms: float,
    execution_ms: float,
    reason: str | None,
) -> dict[str, Any]:
    """The keys every ``router`` object has, in the order clients see them; at a fleet
    gateway the model's node too (``model@node`` is the gateway's name for it)."""
    plain, node = split_qualified(model)
    out: dict[str, Any] = {
        "mode": mode,
        "taskType": task_type,
        "selectedModel": plain,
        "queueTimeMs": round(queue_ms, 1),
        "executionTimeMs": round(execution_ms, 1),
        "decisionReason": reason,
    }
    if node is not None:
        out["node"] = node
    return out


def _checked(
    out: dict[str, Any], dropped: Sequence[str], tool_check: dict[str, Any] | None
) -> dict[str, Any]:
    """What the router changed on the way: fields left out, tool calls checked."""
    if dropped:
        out["droppedFields"] = list(dropped)
    if tool_check is not None:
        out["toolCallCheck"] = tool_check
    return out


def router_object(plan: Plan, result: CallResult[Any]) -> dict[str, Any]:
    """The ``router`` object of a call that ran synchronously under ``plan``."""
    model = result.model
    decision = plan.decision
    classification = plan.classification
    out = _ran(
        mode="sync",
        task_type=classification.task_type,
        model=model,
        queue_ms=result.queue_ms,
        execution_ms=result.execution_ms,
        reason=decision.reason,
    )
    out.update(
        fallbackModels=[m for m in decision.fallback_models if m != model],
        score=decision.score,
        complexity=classification.complexity,
        confidence=classification.confidence,
        classifier=classification.mode,
    )
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
    return _checked(out, plan.dropped, plan.tool_check)


def job_router_object(
    job: Job,
    *,
    queue_ms: float,
    execution_ms: float,
    dropped: Sequence[str] = (),
    tool_check: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``router`` object of one attempt of an async job, from its record."""
    out = _ran(
        mode="async",
        task_type=job.task_type,
        model=job.selected_model,
        queue_ms=queue_ms,
        execution_ms=execution_ms,
        reason=job.meta.get("decisionReason"),
    )
    out["jobId"] = job.id
    out["attempt"] = job.attempts
    return _checked(out, dropped, tool_check)

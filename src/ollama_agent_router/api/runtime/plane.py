"""The runtime-agent plane (SPEC §5): what a gateway in front of several nodes reads
and calls — capabilities, runtime state, execute on a model it chose, async jobs.

The gateway has decided already: ``execute`` and ``jobs`` run exactly
``selectedModel`` through the scheduler (queues, limits and timeouts apply) with no
classification, no routing and no fallback. Bodies are validated with small pydantic
models — these endpoints are not the hot path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from ollama_agent_router import __version__
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import (
    caller_id,
    json_response,
    read_json,
    unless_disconnected,
)
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.api.serving.submission import (
    REPLAYED_HEADER,
    job_of_duplicate,
    submitted_before,
    submitter,
)
from ollama_agent_router.classification import Classification
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.config import RouterConfig, dump_config
from ollama_agent_router.errors import BadRequestError, NotFoundError
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.store import DuplicateJobError
from ollama_agent_router.pipeline.payload import check_chat_body
from ollama_agent_router.pipeline.planning import Plan, direct_plan
from ollama_agent_router.routing.state_codec import view_to_dict
from ollama_agent_router.tasks import Priority

ModelT = TypeVar("ModelT", bound=BaseModel)

_RETAINED = {
    "queued": JobStatus.QUEUED,
    "running": JobStatus.RUNNING,
    "succeededRetained": JobStatus.SUCCEEDED,
    "failedRetained": JobStatus.FAILED,
    "cancelledRetained": JobStatus.CANCELLED,
    "expiredRetained": JobStatus.EXPIRED,
}


class _Body(BaseModel):
    # Unknown fields are ignored: a newer gateway plugin may send more than we read.
    model_config = ConfigDict(extra="ignore")


class RouterDecisionIn(_Body):
    taskType: str | None = None
    score: float | None = None
    reason: str | None = None
    priority: Priority | None = None


class ClassificationIn(_Body):
    taskType: str | None = None
    complexity: Literal["light", "medium", "heavy"] | None = None
    requiresLargeContext: bool | None = None
    requiresToolUse: bool | None = None
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None


class ExecuteIn(_Body):
    selectedModel: Annotated[str, Field(min_length=1)]
    request: dict[str, Any]
    priority: Priority | None = None
    routerDecision: RouterDecisionIn | None = None


class JobIn(ExecuteIn):
    classification: ClassificationIn | None = None


def _validated(model: type[ModelT], body: dict[str, Any]) -> ModelT:
    """The body as ``model``, or 400 naming the first wrong field."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadRequestError(f"{field}: {first['msg']}", param=field) from None


def _check_request(request: dict[str, Any]) -> None:
    try:
        check_chat_body(request)
    except BadRequestError as exc:
        param = f"request.{exc.param}" if exc.param else "request"
        raise BadRequestError(f"request.{exc.message}", param=param) from None


def _known_model(services: Services, name: str) -> str:
    if name not in services.policy.models:
        valid = ", ".join(services.policy.models)
        raise NotFoundError(
            f"selectedModel: {name!r} is not configured on node "
            f"{services.config.server.node_id}; configured: {valid}",
            param="selectedModel",
            code="model_not_found",
        )
    return name


def _priority(services: Services, body: ExecuteIn) -> Priority:
    """``priority``, else ``routerDecision.priority``, else ``queue.defaultPriority``."""
    if body.priority is not None:
        return body.priority
    if body.routerDecision is not None and body.routerDecision.priority is not None:
        return body.routerDecision.priority
    return services.policy.defaults.priority


def _classification(
    services: Services, given: ClassificationIn | None, task: str | None
) -> Classification:
    given = given or ClassificationIn()
    return Classification(
        task_type=given.taskType or task or services.config.router.default_task_type,
        complexity=given.complexity or "medium",
        requires_large_context=bool(given.requiresLargeContext),
        requires_tool_use=bool(given.requiresToolUse),
        confidence=1.0 if given.confidence is None else given.confidence,
        mode="gateway",
    )


def _plan(services: Services, body: ExecuteIn, classification: Classification) -> Plan:
    model = _known_model(services, body.selectedModel)
    _check_request(body.request)
    decision = body.routerDecision or RouterDecisionIn()
    return direct_plan(
        services.policy,
        body.request,
        model,
        classification=classification,
        priority=_priority(services, body),
        reason=decision.reason or f"Selected {model} by the gateway",
        score=decision.score or 0.0,
        stream=body.request.get("stream") is True,
    )


def redacted_url(url: str) -> str:
    """``url`` without a password (Ollama behind a proxy may carry one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{host}"))


def describe(config: RouterConfig) -> dict[str, Any]:
    """What ``/v1/router/capabilities`` answers, its digest aside: from the config alone.

    Everything ``RoutingPolicy.from_config`` and the footprints read is here (the
    ``gpu``, ``queue`` and ``ollama`` parts are config keys), so a fleet gateway can run
    this node's routing; nothing secret is (no keys, no Ollama URL: ``runtime`` has it,
    masked)."""
    ollama = config.ollama
    return {
        "nodeId": config.server.node_id,
        "status": "ok",
        "version": __version__,
        "router": dump_config(config.router),
        "gpu": {
            "requireGpuOnlyByDefault": config.gpu.require_gpu_only_by_default,
            "vramSafetyReserveMb": config.gpu.vram_safety_reserve_mb,
            "vramTotalMb": config.gpu.vram_total_mb,
            "maxGpuUtilizationPct": config.gpu.max_gpu_utilization_pct,
        },
        "queue": {
            "defaultPriority": config.queue.default_priority,
            "timeoutMs": config.queue.timeout_ms,
            "globalMaxConcurrent": config.queue.global_max_concurrent,
        },
        "ollama": {
            # the server's settings as routing reads them (routing.footprint.OllamaServer)
            "api": ollama.api,
            "contextLength": ollama.context_length,
            "numParallel": ollama.num_parallel,
            "kvCacheType": ollama.kv_cache_type,
            "gpuOverheadMb": ollama.gpu_overhead_mb,
            "maxLoadedModels": ollama.max_loaded_models,
            "keepAlive": ollama.keep_alive,
            "requestTimeoutMs": ollama.request_timeout_ms,
        },
        "models": [dump_config(model) for model in config.models],
        "routes": config.routes,
    }


def config_digest(described: Mapping[str, Any]) -> str:
    """The sha256 (hex) of ``described`` as canonical JSON: the same for the same config
    across restarts, another when any setting in it changes (or the router's version)."""
    canonical = json.dumps(described, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _described(request: Request) -> tuple[dict[str, Any], str]:
    """``describe`` and its digest, computed once per app and config (``runtime`` sends
    the digest on every poll)."""
    config = services_of(request).config
    state = request.app.state
    cached = getattr(state, "plane_described", None)
    if cached is None or cached[0] is not config:
        described = describe(config)
        cached = (config, described, config_digest(described))
        state.plane_described = cached
    return cached[1], cached[2]


async def capabilities(request: Request) -> Response:
    """From the config alone: never touches Ollama or the GPU."""
    described, digest = _described(request)
    return json_response({**described, "configDigest": digest})


def _gpu(services: Services) -> dict[str, Any]:
    gpu = services.live.gpu_dict()
    if gpu.pop("available", False):
        return gpu
    config = services.config.gpu
    return {
        "provider": config.provider,
        "name": config.name,
        "vramTotalMb": config.vram_total_mb or None,
        "vramUsedMb": None,
        "vramFreeMb": None,
        "utilizationPct": None,
        "snapshotAgeMs": None,
    }


async def runtime(request: Request) -> Response:
    services = services_of(request)
    live = services.live
    counts = services.jobs.counts
    return json_response(
        {
            "nodeId": services.config.server.node_id,
            "status": live.runtime_status(),
            "timestamp": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "ollama": {
                "baseUrl": redacted_url(services.config.ollama.base_url),
                "reachable": bool(live.ollama_reachable),
            },
            "gpu": _gpu(services),
            "loadedModels": live.loaded_models(),
            "queues": services.scheduler.snapshot(),
            "jobs": {key: counts.get(status, 0) for key, status in _RETAINED.items()},
            "configDigest": _described(request)[1],
            "view": view_to_dict(services.view()),
        }
    )


async def execute(request: Request) -> Response:
    services = services_of(request)
    body = _validated(ExecuteIn, await read_json(request, services.body_limit))
    decision = body.routerDecision
    task = decision.taskType if decision is not None else None
    plan = _plan(services, body, _classification(services, None, task))
    user = caller_id(request)
    gateway = services.gateway
    if plan.stream:
        stream = await unless_disconnected(request, gateway.open_stream(plan, user=user))
        return streaming_response(services, plan, stream)
    result = await unless_disconnected(request, gateway.run_sync(plan, user=user))
    answer = {
        "result": json.loads(result.value),
        "nodeId": services.config.server.node_id,
        "selectedModel": result.model,
        "queueTimeMs": round(result.queue_ms, 1),
        "executionTimeMs": round(result.execution_ms, 1),
    }
    return json_response(answer, headers=decision_headers(plan, result.model, result.queue_ms))


async def create_job(request: Request) -> Response:
    services = services_of(request)
    raw = await read_json(request, services.body_limit)
    who = submitter(request, raw, endpoint="router.jobs")
    earlier = await submitted_before(services, who)
    if earlier is not None:  # a retry: the job this key created
        return _job_accepted(services, earlier, services.jobs.position(earlier.id), replayed=True)
    body = _validated(JobIn, raw)
    task = body.routerDecision.taskType if body.routerDecision is not None else None
    plan = _plan(services, body, _classification(services, body.classification, task))
    plan.stream = False
    plan.submitter = who
    try:
        accepted = await services.gateway.accept_job(plan, user=caller_id(request))
    except DuplicateJobError as duplicate:  # a concurrent retry with the same key won
        job = await job_of_duplicate(services, who, duplicate.existing_id)
        return _job_accepted(services, job, services.jobs.position(job.id), replayed=True)
    return _job_accepted(services, accepted.job, accepted.position)


def _job_accepted(
    services: Services, job: Job, position: int, *, replayed: bool = False
) -> Response:
    headers = {"Location": f"{services.prefix}/v1/jobs/{job.id}"}
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_response(
        {
            "id": job.id,
            "status": job.status.value,
            "position": position,
            "nodeId": services.config.server.node_id,
            "selectedModel": job.selected_model,
        },
        status=202,
        headers=headers,
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/v1/router/capabilities",
        capabilities,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "What this node offers (config only)",
    ),
    Endpoint(
        "GET",
        "/v1/router/runtime",
        runtime,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Live state: Ollama, GPU, queues, jobs, routing view",
    ),
    Endpoint(
        "POST",
        "/v1/router/execute",
        execute,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Run a chat request on the model the gateway chose",
        inference=True,
        body=openapi.DIRECT,
    ),
    Endpoint(
        "POST",
        "/v1/router/jobs",
        create_job,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Accept an async job on a chosen model",
        body=openapi.DIRECT_JOB,
        status_code=202,
    ),
)

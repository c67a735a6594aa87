"""The runtime-agent plane (SPEC §5): what a gateway in front of several nodes reads
and calls — capabilities, runtime state (here), execute on a model it chose
(``direct.py``), async jobs on behalf of its clients (``jobs.py``).

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
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router import __version__
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.runtime import direct, jobs
from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.config import RouterConfig, dump_config
from ollama_agent_router.jobs.model import JobStatus
from ollama_agent_router.routing.state_codec import view_to_dict

_RETAINED = {
    "queued": JobStatus.QUEUED,
    "running": JobStatus.RUNNING,
    "succeededRetained": JobStatus.SUCCEEDED,
    "failedRetained": JobStatus.FAILED,
    "cancelledRetained": JobStatus.CANCELLED,
    "expiredRetained": JobStatus.EXPIRED,
}


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
            "globalMaxQueued": config.queue.global_max_queued,
            "perUserMaxQueued": config.queue.per_user_max_queued,
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
        direct.execute,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Run a request (chat, completion, embeddings; OpenAI or Ollama) on the model "
        "the gateway chose",
        inference=True,
        body=direct.EXECUTE_BODY,
        response=direct.EXECUTE_ANSWER,
    ),
    Endpoint(
        "POST",
        "/v1/router/jobs",
        jobs.create_job,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Accept an async job on a chosen model, maybe on behalf of an owner",
        body=jobs.JOB_BODY,
        status_code=202,
    ),
    Endpoint(
        "GET",
        "/v1/router/jobs",
        jobs.list_jobs,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "List one owner's jobs, newest first",
        response=jobs.JOB_LIST,
    ),
    Endpoint(
        "GET",
        "/v1/router/jobs/{job_id}",
        jobs.get_job,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "A job's status, as its owner sees it",
        response=openapi.JOB,
    ),
    Endpoint(
        "GET",
        "/v1/router/jobs/{job_id}/result",
        jobs.get_result,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "A job's result, as its owner sees it (202 while not done)",
    ),
    Endpoint(
        "DELETE",
        "/v1/router/jobs/{job_id}",
        jobs.cancel_job,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Cancel one owner's queued or running job",
    ),
)

"""Status endpoints: ``/v1/router/status``, ``/models``, ``/gpu``, ``/route`` (dry-run)
and ``GET /metrics``.

All of them answer from memory: the live state refreshed in the background, the
scheduler's counters, the job counts the manager keeps. The one exception, Ollama's
installed models, is cached for ``TAGS_TTL_S`` and fetched by at most one request at a
time, with a short timeout. No secrets: access keys, hashes and admin settings never
appear here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from fastapi import Request
from starlette.responses import PlainTextResponse, Response

from ollama_agent_router import SERVICE_NAME, __version__
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import json_response, read_json
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.config import dump_config
from ollama_agent_router.metrics import CONTENT_TYPE

log = logging.getLogger("ollama_agent_router.api")

TAGS_TTL_S = 10.0
TAGS_TIMEOUT_MS = 1500


class TagsCache:
    """Ollama's ``/api/tags``, refreshed lazily; concurrent readers share one fetch."""

    def __init__(self, fetch: Any, *, ttl_s: float = TAGS_TTL_S) -> None:
        self._fetch = fetch
        self._ttl_s = ttl_s
        self._value: list[dict[str, Any]] | None = None
        self._fetched_at = float("-inf")
        self._pending: asyncio.Task[None] | None = None

    async def get(self) -> tuple[list[dict[str, Any]] | None, float | None]:
        """The models and their age in seconds (``None``, ``None`` if never fetched)."""
        now = time.monotonic()
        if self._fetch is not None and now - self._fetched_at > self._ttl_s:
            if self._pending is None or self._pending.done():
                self._pending = asyncio.create_task(self._refresh())
            await asyncio.shield(self._pending)
        if self._value is None:
            return None, None
        return self._value, round(time.monotonic() - self._fetched_at, 3)

    async def _refresh(self) -> None:
        try:
            body = await self._fetch(timeout_ms=TAGS_TIMEOUT_MS)
            models = body.get("models") if isinstance(body, dict) else None
            self._value = [m for m in models or [] if isinstance(m, dict)]
        except Exception as exc:  # unreachable Ollama: keep the last list, try later
            log.debug("fetching Ollama's tags failed: %s", exc)
        # A failed fetch also waits a TTL, so a dead Ollama is not asked on every request.
        self._fetched_at = time.monotonic()


def _tags_cache(request: Request, services: Services) -> TagsCache:
    state = request.app.state
    cache: TagsCache | None = getattr(state, "tags_cache", None)
    if cache is None:
        fetch = services.upstream.tags
        cache = state.tags_cache = TagsCache(fetch)
    return cache


def config_summary(services: Services) -> dict[str, Any]:
    config = services.config
    return {
        "models": [dump_config(model) for model in config.models],
        "routes": config.routes,
        "basePath": config.server.base_path,
        "protocol": "https" if config.server.https.enabled else "http",
    }


async def router_status(request: Request) -> Response:
    services = services_of(request)
    live = services.live
    loop = asyncio.get_running_loop()
    if services.gateway.sessions is not None:
        await services.gateway.sessions.refresh()  # shared in Redis: read them there
    status: dict[str, Any] = {}
    if services.fleet is not None:  # a gateway: its nodes are its state
        status["fleet"] = services.fleet.as_dict()
        up = sum(1 for node in status["fleet"]["nodes"] if node["status"] == "ok")
        status["status"] = "ok" if up else "unavailable"
    return json_response(
        {
            "nodeId": services.config.server.node_id,
            "service": SERVICE_NAME,
            "version": __version__,
            "status": live.runtime_status(),
            **status,
            "uptimeS": round(loop.time() - services.started_at, 1),
            "ollama": {"reachable": bool(live.ollama_reachable)},
            "queue": services.scheduler.snapshot(),
            "gpu": live.gpu_dict(),
            "loadedModels": live.loaded_models(),
            "residency": residency_summary(services),
            "jobs": {status.value: count for status, count in services.jobs.counts.items()},
            "config": config_summary(services),
        }
    )


def residency_summary(services: Services) -> dict[str, Any]:
    """The resident set as routing sees it (``/api/ps`` merged with the router's own
    starts), the loads and evictions it caused and the rates it has learned."""
    view = services.view()
    out: dict[str, Any] = {"strategy": services.policy.strategy}
    tracker = services.live.tracker
    if view.residency is not None:
        out.update(view.residency.as_dict())
    if tracker is not None:
        out["loadsCaused"] = tracker.loads
        out["evictionsCaused"] = tracker.evictions
        out["reloads"] = dict(tracker.reloads)
        out["loadStallS"] = round(tracker.stall_seconds, 1)
        # Each model as Ollama will run it: context, slots, memory and where it came from.
        out["models"] = {name: fp.as_dict() for name, fp in tracker.footprints().items()}
    out["lateBindingMoves"] = services.scheduler.moves
    sessions = services.gateway.sessions
    if sessions is not None:
        out["sessions"] = sessions.as_dict()
    out["rates"] = [
        {
            "model": name,
            "loadMs": round(rates.load_ms, 1),
            "promptTokensPerS": round(rates.prompt_tps, 1),
            "tokensPerS": round(rates.gen_tps, 1),
            "typicalRequestMs": round(rates.service_ms, 1),
        }
        for name, rates in view.rates.models.items()
    ]
    out["outputTokens"] = {task: round(n, 1) for task, n in view.rates.output_tokens.items()}
    return out


async def router_models(request: Request) -> Response:
    services = services_of(request)
    tags, age = await _tags_cache(request, services).get()
    return json_response(
        {
            "configured": [dump_config(model) for model in services.config.models],
            "ollama": {
                "reachable": bool(services.live.ollama_reachable),
                "models": tags or [],
                "ageS": age,
            },
            "loaded": services.live.loaded_models(),
            "capabilities": services.capabilities.as_dict(),
        }
    )


async def router_gpu(request: Request) -> Response:
    return json_response(services_of(request).live.gpu_dict())


async def route(request: Request) -> Response:
    """Classify and score a chat request over the live state, as the gateway would plan
    it (the same plan function); nothing is executed."""
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    plan = await services.gateway.plan(body)
    assert plan.evaluation is not None  # a plan routed here, not decided elsewhere
    return json_response(plan.evaluation.as_dict())


async def metrics(request: Request) -> Response:
    return Response(services_of(request).metrics.render(), media_type=CONTENT_TYPE)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/v1/router/status",
        router_status,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Router status: queues, GPU, models, jobs",
    ),
    Endpoint(
        "GET",
        "/v1/router/models",
        router_models,
        Plane.RUNTIME_AGENT,
        OPENAI,
        "Configured, installed and loaded models",
    ),
    Endpoint("GET", "/v1/router/gpu", router_gpu, Plane.RUNTIME_AGENT, OPENAI, "GPU snapshot"),
    Endpoint(
        "POST",
        "/v1/router/route",
        route,
        Plane.STANDALONE,
        OPENAI,
        "Dry-run: how a chat request would be routed",
        body=openapi.CHAT,
    ),
    Endpoint(
        "GET",
        "/metrics",
        metrics,
        Plane.EITHER,
        OPENAI,
        "Prometheus metrics (text exposition format)",
        response_class=PlainTextResponse,
    ),
)

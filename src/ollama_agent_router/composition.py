"""The resources one running router holds, opened and closed in the app's lifespan.

Nothing here lives in module globals: ``create_app`` builds a ``Services`` per app, so
tests can run several routers in one process.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import cast

from starlette.requests import Request

from ollama_agent_router.api.responses.store import ResponseStore, open_response_store
from ollama_agent_router.classification import (
    ASYNC_CLASSIFIER_FACTORIES,
    AsyncClassifier,
    Classifier,
    get_async_classifier,
    get_classifier,
)
from ollama_agent_router.classification.model_mode import ModelClassifier
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.gpu import GpuMonitor, create_gpu_monitor
from ollama_agent_router.jobs import open_job_store
from ollama_agent_router.jobs.manager import JobManager
from ollama_agent_router.jobs.store import JobStore
from ollama_agent_router.metrics import RouterMetrics
from ollama_agent_router.pipeline.gateway import Gateway
from ollama_agent_router.pipeline.native_upstream import NativeUpstream
from ollama_agent_router.pipeline.upstream import Upstream, open_backend
from ollama_agent_router.routing import RoutingPolicy, RuntimeView
from ollama_agent_router.routing.footprint import num_ctx_by_model
from ollama_agent_router.scheduling import Scheduler
from ollama_agent_router.state.capabilities import CapabilityCache
from ollama_agent_router.state.live import LiveState
from ollama_agent_router.state.observations import Observation, Observations
from ollama_agent_router.state.residency import ResidencyTracker
from ollama_agent_router.state.sessions import SessionBook, Sessions, slot_counts

log = logging.getLogger("ollama_agent_router.services")


@dataclass
class Overrides:
    """Injectable parts, for tests and embedding; ``None`` builds from the config."""

    upstream: Upstream | None = None
    gpu_monitor: GpuMonitor | None = None
    job_store: JobStore | None = None
    classifier: Classifier | None = None
    shutdown_grace_s: float = 10.0
    on_open: Callable[[Services], None] | None = None
    """Told the services once they are open (tests check the scheduler through it)."""


@dataclass
class Services:
    config: RouterConfig
    policy: RoutingPolicy
    scheduler: Scheduler
    jobs: JobManager
    live: LiveState
    gateway: Gateway
    upstream: Upstream
    capabilities: CapabilityCache
    responses: ResponseStore
    """Stored Responses-face answers (``previous_response_id``), per owner."""
    started_at: float = 0.0
    metrics: RouterMetrics = field(default_factory=RouterMetrics)
    _closers: list[object] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return self.config.server.prefix

    @property
    def body_limit(self) -> int:
        return self.config.server.request_body_limit_bytes

    def view(self) -> RuntimeView:
        return self.gateway.runtime_view()


def runtime_view(live: LiveState, scheduler: Scheduler, caps: CapabilityCache) -> RuntimeView:
    """What routing reads: the live state, the scheduler's counters and the capabilities."""
    return live.view(
        scheduler.queued, scheduler.running, scheduler.running_for(), capabilities=caps.view
    )


def _held(tracker: ResidencyTracker, metrics: RouterMetrics, model: str) -> None:
    """A start waits for busy models to finish: counted, and timed by the tracker."""
    metrics.room_waits.inc((model,))
    tracker.held(model)


def services_of(request: Request) -> Services:
    return cast(Services, request.app.state.services)


async def open_services(
    config: RouterConfig, overrides: Overrides, metrics: RouterMetrics | None = None
) -> Services:
    metrics = metrics or RouterMetrics()
    policy = RoutingPolicy.from_config(config)
    upstream = overrides.upstream or open_backend(config)
    classifier, async_classifier = await open_classifier(config, overrides, upstream)
    scheduler = Scheduler(
        {m.name: m.max_concurrent for m in config.models},
        global_max_concurrent=config.queue.global_max_concurrent,
        global_max_queued=config.queue.global_max_queued,
        per_user_max_queued=config.queue.per_user_max_queued,
    )
    monitor = overrides.gpu_monitor or create_gpu_monitor(config.gpu)
    live = LiveState.from_config(config, upstream, monitor)
    tracker = ResidencyTracker(config, running=scheduler.running, queued=scheduler.queued)
    observations = Observations(
        {m.name: m.size_gb for m in config.models}, config.router.residency.load_ms_per_gb
    )
    live.tracker = tracker
    live.rates = observations.rates
    scheduler.on_start = tracker.started
    scheduler.on_finish = tracker.finished
    scheduler.on_hold = partial(_held, tracker, metrics)
    tracker.on_load = lambda model, fit: metrics.count_load(model, (*fit.evict, *fit.wait_for))
    if config.router.strategy == "residency":
        scheduler.room = tracker.room
    capabilities = CapabilityCache.from_config(config, upstream)
    tracker.facts = capabilities.facts
    capabilities.on_change = tracker.invalidate
    capabilities.run_context = lambda model: tracker.footprint(model).context
    tracker.on_refresh = capabilities.recheck_contexts
    tracker.on_reload = lambda model, reason: metrics.reloads.inc((model, reason))
    tracker.on_stall = lambda model, seconds: metrics.load_stall.inc((model,), seconds)
    if isinstance(upstream, NativeUpstream):
        upstream.leaving = tracker.leaving
    store = overrides.job_store or open_job_store(config.jobs)
    await store.open()
    jobs = JobManager(
        store,
        scheduler,
        max_attempts=config.jobs.max_attempts,
        ttl_seconds=config.jobs.result_ttl_seconds,
        cleanup_interval_s=config.jobs.cleanup_interval_ms / 1000,
        retry_backoff_ms=config.jobs.retry_backoff_ms,
        retry_backoff_max_ms=config.jobs.retry_backoff_max_ms,
        instance_id=f"{config.server.node_id}-{secrets.token_hex(4)}",
    )
    gateway = Gateway(
        node_id=config.server.node_id,
        policy=policy,
        classifier=classifier,
        scheduler=scheduler,
        jobs=jobs,
        upstream=upstream,
        view=lambda: runtime_view(live, scheduler, capabilities),
        model_timeouts_ms={m.name: m.timeout_ms for m in config.models if m.timeout_ms},
        async_classifier=async_classifier,
        capabilities=capabilities,
    )
    gateway.observe = partial(observed, observations, metrics)
    gateway.on_context_refusal = lambda: metrics.context_refusals.inc(())
    gateway.on_tool_verdict = metrics.count_tool_check
    gateway.sessions = open_session_book(config, slot_counts(tracker.footprints))
    gateway.num_ctx = num_ctx_by_model(config)
    gateway.sessions.on_count = metrics.count_session
    jobs.executor = gateway.execute_job
    jobs.binding = gateway.binding.for_job
    jobs.on_status = metrics.count_job
    scheduler.on_change = live.poke
    await live.start()
    await capabilities.start()
    await jobs.start()
    # Long-lived objects (config, policy, model files, imports) move out of the GC's
    # sight: collections then scan only per-request garbage, which keeps pauses short.
    gc.collect()
    gc.freeze()
    loop = asyncio.get_running_loop()
    services = Services(
        config=config,
        policy=policy,
        scheduler=scheduler,
        jobs=jobs,
        live=live,
        gateway=gateway,
        upstream=upstream,
        capabilities=capabilities,
        responses=open_response_store(config.faces.responses),
        started_at=loop.time(),
        metrics=metrics,
    )
    metrics.watch(services)
    return services


async def close_services(services: Services, grace_s: float) -> None:
    """Stop admitting, let running work finish within ``grace_s``, persist the rest."""
    await services.jobs.aclose(grace_s)
    await services.jobs.store.close()
    if services.gateway.sessions is not None:
        await services.gateway.sessions.aclose()  # stores the turns still being written
    await services.live.aclose()
    await services.capabilities.aclose()
    close = getattr(services.upstream, "aclose", None)
    if close is not None:
        await close()


def session_redis_url(config: RouterConfig) -> str | None:
    """The Redis the router already uses, for sessions: the rate limiter's, else the job
    store's; ``None`` when it uses none."""
    if config.access is not None and config.access.rate_limit.store == "redis":
        return config.access.rate_limit.redis_url
    if config.jobs.store == "redis":
        return config.jobs.redis_url
    return None


def open_session_book(config: RouterConfig, slots: Callable[[str], int]) -> Sessions:
    """Sessions shared in Redis when the router already has one, else in memory."""
    url = session_redis_url(config)
    if url is None:
        return SessionBook(slots=slots)
    try:
        from ollama_agent_router.jobs.redis_store import redacted
        from ollama_agent_router.state.sessions_redis import RedisSessionBook
    except ImportError:  # pragma: no cover - the extra comes with the Redis stores
        log.warning("agent sessions stay in memory: the redis extra is not installed")
        return SessionBook(slots=slots)
    book = RedisSessionBook(url, slots=slots)
    log.info("agent sessions shared in Redis %s", redacted(url))
    return book


def observed(observations: Observations, metrics: RouterMetrics, seen: Observation) -> None:
    """A finished call teaches the rates and scores the estimate it was routed by."""
    observations.record(seen)
    if seen.expected_ms is not None and seen.actual_ms is not None:
        metrics.count_estimate(seen.model, seen.expected_ms, seen.actual_ms)


async def open_classifier(
    config: RouterConfig, overrides: Overrides, upstream: Upstream
) -> tuple[Classifier, AsyncClassifier | None]:
    """The sync classifier, plus the I/O one (``model``/``embedding``) when configured."""
    mode = config.router.classification.mode
    if overrides.classifier is not None or mode not in ASYNC_CLASSIFIER_FACTORIES:
        return overrides.classifier or get_classifier(mode), None
    async_classifier = get_async_classifier(mode, config.router.classification, upstream)
    asker = getattr(async_classifier, "asker", async_classifier)  # cascade asks through one
    if isinstance(asker, ModelClassifier):
        model = config.router.classification.optional_classifier_model or ""
        asker.num_ctx = num_ctx_by_model(config).get(model)
    await async_classifier.prepare()
    return async_classifier.fallback, async_classifier

"""The composition root: every part of one running router, built from the config by
constructor arguments, started, and closed through one exit stack (``opened_services``,
entered by the app's lifespan).

Nothing here lives in module globals: each app opens its own ``Services``, so tests can
run several routers in one process.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import cast

from starlette.requests import Request

from ollama_agent_router.api.responses.store import ResponseStore, open_response_store
from ollama_agent_router.backend.fleet.jobs import FleetJobs
from ollama_agent_router.backend.fleet.state import FleetState
from ollama_agent_router.backend.fleet.upstream import FleetUpstream
from ollama_agent_router.backend.registry import open_backend
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
from ollama_agent_router.pipeline.planning import AcrossFleet
from ollama_agent_router.pipeline.upstream import BackendHooks, Upstream
from ollama_agent_router.routing import RoutingPolicy, StateView
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
    freeze_gc: bool = False
    """Move what exists once the services are open out of the collector's sight (the
    server process does; tests that run many routers in one process don't)."""
    on_open: Callable[[Services], None] | None = None
    """Told the services once they are open (tests check the scheduler through it)."""


@dataclass
class Services:
    config: RouterConfig
    scheduler: Scheduler
    jobs: JobManager
    live: LiveState
    gateway: Gateway
    upstream: Upstream
    capabilities: CapabilityCache
    responses: ResponseStore
    """Stored Responses-face answers (``previous_response_id``), per owner."""
    fleet: FleetState | None = None
    """A fleet gateway's nodes, as last polled; ``None`` on a node."""
    fleet_jobs: FleetJobs | None = None
    """A fleet gateway's jobs, each on its node; ``None`` on a node."""
    started_at: float = 0.0
    metrics: RouterMetrics = field(default_factory=RouterMetrics)

    @property
    def policy(self) -> RoutingPolicy:
        """The routing policy requests are read against (a fleet gateway's follows its
        nodes' configs)."""
        return self.gateway.policy

    @property
    def prefix(self) -> str:
        return self.config.server.prefix

    @property
    def body_limit(self) -> int:
        return self.config.server.request_body_limit_bytes

    def view(self) -> StateView:
        return self.gateway.state_view()


def state_view(live: LiveState, scheduler: Scheduler, caps: CapabilityCache) -> StateView:
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


@asynccontextmanager
async def opened_services(
    config: RouterConfig, overrides: Overrides, metrics: RouterMetrics | None = None
) -> AsyncIterator[Services]:
    """Build every part from its constructor arguments, start the background work, yield,
    then stop it all: everything that started is closed through one exit stack, in
    reverse order, whether the body or a later start failed, and one closer's failure
    does not skip the others."""
    metrics = metrics or RouterMetrics()
    async with AsyncExitStack() as stack:
        services = await _open(config, overrides, metrics, stack)
        yield services


async def _open(
    config: RouterConfig, overrides: Overrides, metrics: RouterMetrics, stack: AsyncExitStack
) -> Services:
    # Parts that call each other (the scheduler and the residency tracker, the tracker and
    # the capability cache, the gateway and the job manager) name one another through
    # closures: each is built once, complete, and the closures run only after all exist.
    policy = RoutingPolicy.from_config(config)
    hooks = BackendHooks(
        leaving=lambda: tracker.leaving(),
        on_models=lambda limits, totals: scheduler.ensure_models(
            limits,
            total=totals.get("concurrent"),
            queued=totals.get("queued"),
            per_user=totals.get("perUser"),
        ),
    )
    upstream = overrides.upstream or open_backend(config, hooks)
    stack.push_async_callback(_close_upstream, upstream)
    # A fleet gateway's models are its nodes' (``model@node``): their memory and
    # residency are the nodes' business; the gateway reads them from each node's view.
    fleet = upstream.fleet if isinstance(upstream, FleetUpstream) else None
    fleet_jobs = FleetJobs(fleet) if fleet is not None else None
    ollama = upstream if fleet is None else None
    classifier, async_classifier = await open_classifier(config, overrides, upstream)
    local = fleet is None
    residency = local and config.router.strategy == "residency"
    scheduler = Scheduler(
        {m.name: m.max_concurrent for m in config.models},
        global_max_concurrent=config.queue.global_max_concurrent,
        global_max_queued=config.queue.global_max_queued,
        per_user_max_queued=config.queue.per_user_max_queued,
        on_change=lambda: live.poke(),
        room=(lambda model: tracker.room(model)) if residency else None,
        on_start=(lambda model: tracker.started(model)) if local else None,
        on_finish=(lambda model: tracker.finished(model)) if local else None,
        on_hold=(lambda model: _held(tracker, metrics, model)) if local else None,
    )
    tracker = ResidencyTracker(
        config,
        running=scheduler.running,
        queued=scheduler.queued,
        facts=lambda model: capabilities.facts(model),
        on_load=lambda model, fit: metrics.count_load(model, (*fit.evict, *fit.wait_for)),
        on_refresh=lambda: capabilities.recheck_contexts(),
        on_reload=lambda model, reason: metrics.reloads.inc((model, reason)),
        on_stall=lambda model, seconds: metrics.load_stall.inc((model,), seconds),
    )
    capabilities = CapabilityCache.from_config(
        config,
        ollama,
        run_context=lambda model: tracker.footprint(model).context,
        on_change=tracker.invalidate,
    )
    observations = Observations(
        {m.name: m.size_gb for m in config.models}, config.router.residency.load_ms_per_gb
    )
    monitor = overrides.gpu_monitor or create_gpu_monitor(config.gpu)
    live = LiveState.from_config(config, ollama, monitor, tracker=tracker, rates=observations.rates)
    slots = slot_counts(tracker.footprints) if fleet is None else fleet.slots
    sessions = open_session_book(config, slots, on_count=metrics.count_session)
    stack.push_async_callback(sessions.aclose)  # stores the turns still being written
    store = overrides.job_store or open_job_store(config.jobs)
    await store.open()
    stack.push_async_callback(store.close)
    jobs = JobManager(
        store,
        scheduler,
        lambda job, ticket: gateway.execute_job(job, ticket),
        max_attempts=config.jobs.max_attempts,
        ttl_seconds=config.jobs.result_ttl_seconds,
        cleanup_interval_s=config.jobs.cleanup_interval_ms / 1000,
        retry_backoff_ms=config.jobs.retry_backoff_ms,
        retry_backoff_max_ms=config.jobs.retry_backoff_max_ms,
        instance_id=f"{config.server.node_id}-{secrets.token_hex(4)}",
        on_status=metrics.count_job,
        binding=lambda job: gateway.binding.for_job(job),
    )
    gateway = Gateway(
        node_id=config.server.node_id,
        policy=policy,
        classifier=classifier,
        scheduler=scheduler,
        jobs=jobs,
        upstream=upstream,
        view=lambda: state_view(live, scheduler, capabilities),
        model_timeouts_ms={m.name: m.timeout_ms for m in config.models if m.timeout_ms},
        async_classifier=async_classifier,
        capabilities=capabilities,
        sessions=sessions,
        num_ctx=num_ctx_by_model(config),
        on_call=partial(record_observation, observations, metrics),
        on_context_refusal=lambda: metrics.context_refusals.inc(()),
        on_tool_verdict=metrics.count_tool_check,
        fleet=None
        if fleet is None
        else AcrossFleet(
            fleet.available,
            fleet.unavailable,
            in_flight=lambda: (scheduler.running, scheduler.queued),
            reference=lambda: fleet.policy,
        ),
        fleet_policy=None if fleet is None else lambda: fleet.policy,
        job_nodes=fleet_jobs,
    )
    await live.start()
    stack.push_async_callback(live.aclose)
    if fleet is not None:
        await fleet.start()  # stopped when the upstream closes
    await capabilities.start()
    stack.push_async_callback(capabilities.aclose)
    await jobs.start()
    stack.push_async_callback(jobs.aclose, overrides.shutdown_grace_s)
    services = Services(
        config=config,
        scheduler=scheduler,
        jobs=jobs,
        live=live,
        gateway=gateway,
        upstream=upstream,
        capabilities=capabilities,
        responses=open_response_store(config.faces.responses),
        fleet=fleet,
        fleet_jobs=fleet_jobs,
        started_at=asyncio.get_running_loop().time(),
        metrics=metrics,
    )
    metrics.watch(
        scheduler=scheduler,
        live=live,
        job_counts=lambda: jobs.counts,
        demoted=lambda: gateway.tool_health.demoted(time.monotonic()),
        fleet=None if fleet is None else fleet.as_dict,
    )
    return services


async def _close_upstream(upstream: Upstream) -> None:
    close = getattr(upstream, "aclose", None)
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


def open_session_book(
    config: RouterConfig,
    slots: Callable[[str], int],
    on_count: Callable[[str, str], None] | None = None,
) -> Sessions:
    """Sessions shared in Redis when the router already has one, else in memory."""
    url = session_redis_url(config)
    if url is None:
        return SessionBook(slots=slots, on_count=on_count)
    try:
        from ollama_agent_router.jobs.redis_store import redacted
        from ollama_agent_router.state.sessions_redis import RedisSessionBook
    except ImportError:  # pragma: no cover - the extra comes with the Redis stores
        log.warning("agent sessions stay in memory: the redis extra is not installed")
        return SessionBook(slots=slots, on_count=on_count)
    book = RedisSessionBook(url, slots=slots, on_count=on_count)
    log.info("agent sessions shared in Redis %s", redacted(url))
    return book


def record_observation(
    observations: Observations, metrics: RouterMetrics, seen: Observation
) -> None:
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

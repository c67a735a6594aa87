"""Prometheus metrics of one router: a registry per app, never the global default one.

Two kinds of numbers:

- State (queues, GPU, Ollama reachability, jobs retained; on a fleet gateway each node's
  availability, snapshot age and queue) is read from the live objects when ``/metrics``
  is scraped, by ``StateCollector``: it costs nothing per request.
- Events are counted as they happen. Those of every request (count, latency, queue
  wait, time to first token, tokens) go to ``EventCounter``/``EventHistogram``: plain
  dicts on the event loop thread, about 0.2 µs an update, turned into Prometheus
  families at scrape time. Rarer events (fallbacks, rejections, job transitions) use
  prometheus-client counters, which other layers may bump too.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from ollama_agent_router.jobs.model import JobStatus
    from ollama_agent_router.pipeline.tool_calls import Verdict
    from ollama_agent_router.scheduling import Scheduler
    from ollama_agent_router.state.live import LiveState

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

LATENCY_BUCKETS = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
)  # fmt: skip
"""Seconds; from a cached status read to a 5-minute heavy-model execution."""

ESTIMATE_RATIO_BUCKETS = (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0, 8.0)
"""actual / expected: 1 is a perfect estimate."""


class EventCounter:
    """A labelled counter for the request path: a dict add, no lock, no ``.labels()``.

    Safe because every writer and the scrape run on the one event loop thread.
    """

    def __init__(self, name: str, documentation: str, labels: Sequence[str]) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)
        self.values: dict[tuple[str, ...], float] = {}

    def inc(self, key: tuple[str, ...], amount: float = 1) -> None:
        values = self.values
        values[key] = values.get(key, 0) + amount

    def family(self) -> Metric:
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labels)
        for key, value in self.values.items():
            family.add_metric(key, value)
        return family


class EventHistogram:
    """A labelled histogram for the request path: one ``bisect`` and two adds."""

    def __init__(
        self,
        name: str,
        documentation: str,
        labels: Sequence[str],
        buckets: Sequence[float] = LATENCY_BUCKETS,
    ) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)
        self.bounds = tuple(buckets)
        self.series: dict[tuple[str, ...], list[float]] = {}
        """Per label values: a count per bucket (the last is +Inf), then the sum."""

    def observe(self, key: tuple[str, ...], value: float) -> None:
        row = self.series.get(key)
        if row is None:
            row = self.series[key] = [0.0] * (len(self.bounds) + 2)
        row[bisect_left(self.bounds, value)] += 1
        row[-1] += value

    def count(self, key: tuple[str, ...]) -> float:
        row = self.series.get(key)
        return sum(row[:-1]) if row is not None else 0.0

    def family(self) -> Metric:
        family = HistogramMetricFamily(self.name, self.documentation, labels=self.labels)
        names = [*(repr(b) for b in self.bounds), "+Inf"]
        for key, row in self.series.items():
            cumulative = list(accumulate(row[:-1]))
            family.add_metric(list(key), list(zip(names, cumulative, strict=True)), row[-1])
        return family


class RouterMetrics:
    """The metrics of one router: its registry, the per-request series, the counters
    other layers may bump, and the collector for the live state."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        registry = self.registry
        self.requests = EventCounter(
            "oar_requests", "HTTP requests by route template, status code and model",
            ["route", "status", "model"],
        )  # fmt: skip
        self.request_duration = EventHistogram(
            "oar_request_duration_seconds",
            "Time from request to the end of the response, by route template", ["route"],
        )  # fmt: skip
        self.queue_wait = EventHistogram(
            "oar_queue_wait_seconds",
            "Time a sync or streamed request waited for a slot, by model", ["model"],
        )  # fmt: skip
        self.time_to_first_token = EventHistogram(
            "oar_time_to_first_token_seconds",
            "Time from request to the first streamed chunk, by model", ["model"],
        )  # fmt: skip
        self.tokens = EventCounter(
            "oar_tokens_generated",
            "Completion tokens reported by Ollama (usage.completion_tokens), by model", ["model"],
        )  # fmt: skip
        self.loads = EventCounter(
            "oar_model_loads", "Model loads the router's starts caused, by model", ["model"]
        )
        self.evictions = EventCounter(
            "oar_model_evictions",
            "Models Ollama evicted to make room for a load the router caused", ["model"],
        )  # fmt: skip
        self.room_waits = EventCounter(
            "oar_room_waits",
            "Starts held until busy models finished and left GPU room, by model", ["model"],
        )  # fmt: skip
        self.reloads = EventCounter(
            "oar_model_reloads",
            "Models Ollama loaded again, by model and reason (num_ctx: another context; "
            "eviction: it had been evicted for another model)", ["model", "reason"],
        )  # fmt: skip
        self.load_stall = EventCounter(
            "oar_load_stall_seconds",
            "Seconds starts waited for busy models to finish before their load, by model",
            ["model"],
        )  # fmt: skip
        self.context_refusals = EventCounter(
            "oar_context_refusals",
            "Requests refused because no allowed model runs with a context that holds "
            "them (instead of a silent truncation by Ollama)", [],
        )  # fmt: skip
        self.session_moves = EventCounter(
            "oar_session_moves",
            "Agent-session turns that left their session's model, by reason", ["reason"],
        )  # fmt: skip
        self.session_cache_misses = EventCounter(
            "oar_session_cache_misses",
            "Agent-session turns expected to re-process their whole prompt (moved, or "
            "their slot taken by another session)", ["reason"],
        )  # fmt: skip
        self.tool_call_answers = EventCounter(
            "oar_tool_call_answers",
            "Answers to requests with tools whose tool calls were checked, by model", ["model"],
        )  # fmt: skip
        self.tool_call_failures = EventCounter(
            "oar_tool_call_failures",
            "Tool-call answers that failed their check, by model and reason "
            "(arguments_not_json, unknown_tool, missing_required, wrong_type, "
            "call_in_content)", ["model", "reason"],
        )  # fmt: skip
        self.tool_call_repairs = EventCounter(
            "oar_tool_call_repairs",
            "Tool-call answers repaired before the client saw them, by model and repair",
            ["model", "reason"],
        )  # fmt: skip
        self.estimate_ratio = EventHistogram(
            "oar_estimate_ratio",
            "Actual time to finish divided by the residency strategy's estimate, by model",
            ["model"], buckets=ESTIMATE_RATIO_BUCKETS,
        )  # fmt: skip
        self.fallbacks = Counter(
            "oar_fallbacks",
            "Requests moved to a fallback model after a failure, by failed and next model",
            ["from_model", "to_model"],
            registry=registry,
        )
        self.rejections = Counter(
            "oar_rejections",
            "Requests refused before execution, by reason (no model, queue full, rate limit)",
            ["reason"],
            registry=registry,
        )
        """Other layers (access control) count here: ``rejections.labels(reason=…).inc()``."""
        self.jobs = Counter("oar_jobs", "Jobs entering each status", ["status"], registry=registry)
        self.jobs_by_model = Counter(
            "oar_jobs_by_model",
            "Jobs entering each status, by selected model",
            ["status", "model"],
            registry=registry,
        )
        self._state = StateCollector(
            [self.requests, self.request_duration, self.queue_wait,
             self.time_to_first_token, self.tokens, self.loads, self.evictions,
             self.room_waits, self.reloads, self.load_stall, self.context_refusals,
             self.session_moves, self.session_cache_misses,
             self.tool_call_answers, self.tool_call_failures, self.tool_call_repairs,
             self.estimate_ratio]
        )  # fmt: skip
        registry.register(self._state)

    def watch(
        self,
        *,
        scheduler: Scheduler,
        live: LiveState,
        job_counts: Callable[[], Mapping[JobStatus, int]],
        demoted: Callable[[], Iterable[str]],
        fleet: Callable[[], Mapping[str, Any]] | None = None,
    ) -> None:
        """Read these gauges' sources at scrape time; ``fleet`` (a gateway's
        ``FleetState.as_dict``) adds the ``oar_fleet_node_*`` gauges."""
        self._state.sources = _Sources(scheduler, live, job_counts, demoted, fleet)

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def count_request(self, route: str, status: int | str, model: str, seconds: float) -> None:
        self.requests.inc((route, str(status), model))
        self.request_duration.observe((route,), seconds)

    def count_load(self, model: str, evicted: Sequence[str]) -> None:
        self.loads.inc((model,))
        for name in evicted:
            self.evictions.inc((name,))

    def count_session(self, kind: str, reason: str) -> None:
        counter = self.session_moves if kind == "move" else self.session_cache_misses
        counter.inc((reason,))

    def count_estimate(self, model: str, expected_ms: float, actual_ms: float) -> None:
        if expected_ms > 0:
            self.estimate_ratio.observe((model,), actual_ms / expected_ms)

    def count_tool_check(self, model: str, verdict: Verdict) -> None:
        """One checked tool-call answer: its failures, else its repairs (each once)."""
        self.tool_call_answers.inc((model,))
        for reason in verdict.reasons:
            self.tool_call_failures.inc((model, reason))
        if not verdict.failed:
            for reason in dict.fromkeys(r.reason for r in verdict.repairs):
                self.tool_call_repairs.inc((model, reason))

    def count_fallback(self, from_model: str, to_model: str) -> None:
        self.fallbacks.labels(from_model, to_model).inc()

    def count_rejection(self, reason: str) -> None:
        self.rejections.labels(reason).inc()

    def count_job(self, status: str, model: str | None) -> None:
        """A job entered ``status`` (``model`` is unknown for bulk expiry)."""
        self.jobs.labels(status).inc()
        if model is not None:
            self.jobs_by_model.labels(status, model).inc()


@dataclass(frozen=True, slots=True)
class _Sources:
    """What the gauges read at scrape time."""

    scheduler: Scheduler
    live: LiveState
    job_counts: Callable[[], Mapping[JobStatus, int]]
    demoted: Callable[[], Iterable[str]]
    fleet: Callable[[], Mapping[str, Any]] | None = None


class StateCollector(Collector):
    """Gauges computed from the live state when scraped."""

    def __init__(self, events: Sequence[EventCounter | EventHistogram]) -> None:
        self.sources: _Sources | None = None
        self._events = events

    def describe(self) -> Iterator[Metric]:
        return iter(())

    def collect(self) -> Iterator[Metric]:
        for event in self._events:
            yield event.family()
        sources = self.sources
        if sources is None:
            return
        scheduler = sources.scheduler
        live = sources.live
        yield _gauge("oar_queue_global_queued", "Waiting across models", scheduler.total_queued)
        yield _gauge("oar_queue_global_running", "Running across models", scheduler.total_running)
        yield _gauge(
            "oar_ollama_reachable", "1 if Ollama answered", int(bool(live.ollama_reachable))
        )
        snapshot = live.gpu_snapshot
        free = GaugeMetricFamily("oar_gpu_vram_free_mb", "Free VRAM over all GPUs (MB)")
        util = GaugeMetricFamily("oar_gpu_utilization_pct", "GPU utilisation (%)")
        if snapshot is not None:
            if snapshot.free_mb is not None:
                free.add_metric([], snapshot.free_mb)
            if snapshot.utilization_pct is not None:
                util.add_metric([], snapshot.utilization_pct)
        yield free
        yield util
        depth = GaugeMetricFamily(
            "oar_model_queue_depth", "Requests waiting per model", labels=["model"]
        )
        running = GaugeMetricFamily(
            "oar_model_running", "Executions in flight per model", labels=["model"]
        )
        for model, count in scheduler.queued.items():
            depth.add_metric([model], count)
        for model, count in scheduler.running.items():
            running.add_metric([model], count)
        yield depth
        yield running
        loaded = GaugeMetricFamily(
            "oar_model_loaded", "1 for each model Ollama has in memory", labels=["model"]
        )
        for item in live.loaded:
            loaded.add_metric([item.name], 1)
        yield loaded
        retained = GaugeMetricFamily(
            "oar_jobs_retained", "Jobs in the store per status", labels=["status"]
        )
        for status, count in sources.job_counts().items():
            retained.add_metric([status.value], count)
        yield retained
        demoted = GaugeMetricFamily(
            "oar_tool_use_demoted",
            "1 for each model demoted for requests with tools (its tool calls failed too often)",
            labels=["model"],
        )
        for model in sorted(sources.demoted()):
            demoted.add_metric([model], 1)
        yield demoted
        if sources.fleet is not None:
            yield from fleet_families(sources.fleet())


def fleet_families(fleet: Mapping[str, Any]) -> Iterator[Metric]:
    """A gateway's nodes (the ``FleetState.as_dict`` form): up or not, how old the last
    snapshot is, and what waits there. A node that is not up has no queue gauge (its last
    one is stale); one never read has no age."""
    up = GaugeMetricFamily(
        "oar_fleet_node_up", "1 if the node answered the gateway's last poll", labels=["node"]
    )
    age = GaugeMetricFamily(
        "oar_fleet_node_snapshot_age_seconds",
        "Age of the gateway's last snapshot of the node's runtime state", labels=["node"],
    )  # fmt: skip
    queued = GaugeMetricFamily(
        "oar_fleet_node_queued", "Requests waiting on the node, all its models", labels=["node"]
    )
    for node in fleet.get("nodes", ()):
        name = str(node.get("id"))
        ok = node.get("status") == "ok"
        up.add_metric([name], 1 if ok else 0)
        age_ms = node.get("snapshotAgeMs")
        if isinstance(age_ms, int | float):
            age.add_metric([name], age_ms / 1000)
        if ok:
            queued.add_metric([name], node_queued(node.get("queues")))
    yield up
    yield age
    yield queued


def node_queued(queues: object) -> float:
    """Requests waiting on a node: the sum of its models' queues (its scheduler's
    snapshot), else the global count it reports."""
    if not isinstance(queues, Mapping):
        return 0.0
    rows = queues.get("byModel")
    if isinstance(rows, list) and rows:
        return float(sum(_count(row.get("queued")) for row in rows if isinstance(row, Mapping)))
    return _count(queues.get("globalQueued"))


def _count(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


__all__ = [
    "CONTENT_TYPE",
    "ESTIMATE_RATIO_BUCKETS",
    "LATENCY_BUCKETS",
    "EventCounter",
    "EventHistogram",
    "RouterMetrics",
    "StateCollector",
    "fleet_families",
    "node_queued",
]

"""Prometheus metrics of one router: a registry per app, never the global default one.

Two kinds of numbers:

- State (queues, GPU, Ollama reachability, jobs retained) is read from the live objects
  when ``/metrics`` is scraped, by ``StateCollector``: it costs nothing per request.
- Events (requests, latencies, tokens, fallbacks, rejections, job transitions) are
  counted as they happen. The request path only bumps children cached in plain dicts,
  so a request pays a dict lookup and a locked add, never ``.labels()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from ollama_agent_router.api.services import Services

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

LATENCY_BUCKETS = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
)  # fmt: skip
"""Seconds; from a cached status read to a 5-minute heavy-model execution."""


class RouterMetrics:
    """The counters and histograms of one router, and the collector for its state."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        registry = self.registry
        self.requests = Counter(
            "oar_requests",
            "HTTP requests by route template, status code and model",
            ["route", "status", "model"],
            registry=registry,
        )
        self.request_duration = Histogram(
            "oar_request_duration_seconds",
            "Time from request to the end of the response, by route template",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.queue_wait = Histogram(
            "oar_queue_wait_seconds",
            "Time a sync or streamed request waited for a slot, by model",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.time_to_first_token = Histogram(
            "oar_time_to_first_token_seconds",
            "Time from request to the first streamed chunk, by model",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.tokens = Counter(
            "oar_tokens_generated",
            "Completion tokens reported by Ollama (usage.completion_tokens), by model",
            ["model"],
            registry=registry,
        )
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
        """Other layers (access control) may count here: ``rejections.labels(reason=…)``."""
        self.jobs = Counter("oar_jobs", "Jobs entering each status", ["status"], registry=registry)
        self.jobs_by_model = Counter(
            "oar_jobs_by_model",
            "Jobs entering each status, by selected model",
            ["status", "model"],
            registry=registry,
        )
        self._state = StateCollector()
        registry.register(self._state)
        self._children: dict[tuple[object, ...], Any] = {}

    def watch(self, services: Services) -> None:
        """Read gauges from ``services`` at scrape time."""
        self._state.services = services

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def _child(self, key: tuple[object, ...], make: Callable[[], Any]) -> Any:
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = make()
        return child

    def count_request(self, route: str, status: int, model: str, seconds: float) -> None:
        get = self._children.get
        key = ("r", route, status, model)
        counter = get(key)
        if counter is None:
            counter = self._child(key, lambda: self.requests.labels(route, str(status), model))
        counter.inc()
        histogram = get(("d", route))
        if histogram is None:
            histogram = self._child(("d", route), lambda: self.request_duration.labels(route))
        histogram.observe(seconds)

    def observe_queue_wait(self, model: str, seconds: float) -> None:
        self._child(("q", model), lambda: self.queue_wait.labels(model)).observe(seconds)

    def observe_first_token(self, model: str, seconds: float) -> None:
        child = self._child(("t", model), lambda: self.time_to_first_token.labels(model))
        child.observe(seconds)

    def count_tokens(self, model: str, tokens: int) -> None:
        self._child(("k", model), lambda: self.tokens.labels(model)).inc(tokens)

    def count_fallback(self, from_model: str, to_model: str) -> None:
        key = ("f", from_model, to_model)
        self._child(key, lambda: self.fallbacks.labels(from_model, to_model)).inc()

    def count_rejection(self, reason: str) -> None:
        self._child(("x", reason), lambda: self.rejections.labels(reason)).inc()

    def count_job(self, status: str, model: str | None) -> None:
        """A job entered ``status`` (``model`` is unknown for bulk expiry)."""
        self._child(("j", status), lambda: self.jobs.labels(status)).inc()
        if model is not None:
            key = ("jm", status, model)
            self._child(key, lambda: self.jobs_by_model.labels(status, model)).inc()


class StateCollector(Collector):
    """Gauges computed from the live state when scraped."""

    def __init__(self) -> None:
        self.services: Services | None = None

    def describe(self) -> Iterator[Metric]:
        return iter(())

    def collect(self) -> Iterator[Metric]:
        services = self.services
        if services is None:
            return
        scheduler = services.scheduler
        live = services.live
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
        for status, count in services.jobs.counts.items():
            retained.add_metric([status.value], count)
        yield retained


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


__all__ = ["CONTENT_TYPE", "LATENCY_BUCKETS", "RouterMetrics", "StateCollector"]

"""Live runtime state (SPEC §4.4): what Ollama has loaded, whether it answers, the GPUs.

One background task refreshes it every ``gpu.monitor.intervalMs`` and soon after
``poke()``; requests only read memory. Pokes coalesce: a refresh starts at most once per
``min_refresh_gap_ms``, so a thousand pokes a second cost a handful of refreshes. Nothing
here raises into callers; failures turn into "unreachable" / "no snapshot" and a log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal, Protocol, runtime_checkable

from ollama_agent_router.backend.ollama.errors import OllamaError, OllamaHTTPError
from ollama_agent_router.backend.ollama.models import PsModel, canonical_model_name
from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.gpu.base import FailureLog, GpuMonitor
from ollama_agent_router.gpu.registry import monitoring_expected
from ollama_agent_router.gpu.snapshot import GpuSnapshot
from ollama_agent_router.routing.capabilities import ModelCapabilities
from ollama_agent_router.routing.estimate import Rates
from ollama_agent_router.routing.state import LoadedModel, StateView
from ollama_agent_router.state.residency import ResidencyTracker

logger = logging.getLogger(__name__)

RuntimeStatus = Literal["ok", "degraded", "unavailable"]

_GPU_READ_TIMEOUT_S = 10.0


@runtime_checkable
class OllamaStateSource(Protocol):
    """The part of ``OllamaClient`` the live state needs (tests pass fakes)."""

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]: ...

    async def probe(self, *, timeout_ms: int | None = None) -> bool: ...


class NoOllamaState:
    """For backends that cannot report state (test doubles): reachable, nothing loaded."""

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        return []

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        return True


class LiveState:
    """Background-refreshed runtime facts, read from memory on the request path.

    Owns ``monitor`` (closed by ``aclose()``), not the Ollama client.
    """

    def __init__(
        self,
        config: RouterConfig,
        *,
        ollama: OllamaStateSource,
        monitor: GpuMonitor | None,
        min_refresh_gap_ms: int = 250,
        refresh_timeout_ms: int = 2000,
        clock: Callable[[], float] = time.monotonic,
        tracker: ResidencyTracker | None = None,
        rates: Callable[[], Rates] | None = None,
    ) -> None:
        self._config = config
        self._ollama = ollama
        self._monitor = monitor
        self._interval_s = config.gpu.monitor.interval_ms / 1000
        self._min_gap_s = min_refresh_gap_ms / 1000
        self._refresh_timeout_ms = refresh_timeout_ms
        self._stale_after_s = 3 * self._interval_s
        self._clock = clock
        self._configured = {canonical_model_name(name): name for name in config.model_names}
        self._monitoring_expected = monitoring_expected(config.gpu)

        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_refresh_started = float("-inf")
        self._ollama_log = FailureLog(logger, f"Ollama at {config.ollama.base_url}")

        self.refresh_count = 0
        self.last_refresh_at: float | None = None
        self.ollama_reachable: bool | None = None
        """``None`` until the first refresh finished."""
        self.loaded: tuple[PsModel, ...] = ()
        """Models Ollama reports as loaded, as it names them."""
        self._loaded_view: Mapping[str, LoadedModel] = MappingProxyType({})
        self._outside_view: Mapping[str, LoadedModel] = MappingProxyType({})
        """Loaded models the config does not name (they take VRAM and a place)."""
        self._snapshot: GpuSnapshot | None = None
        self.tracker: ResidencyTracker | None = tracker
        """Merges each ``/api/ps`` read with the router's own starts (set by the server)."""
        self.rates: Callable[[], Rates] | None = rates
        """The learned rates, read per view (set by the server)."""

    @classmethod
    def from_config(
        cls, config: RouterConfig, ollama: object, monitor: GpuMonitor | None, **options: Any
    ) -> LiveState:
        """Build from whatever backend the server has; one without ``ps``/``probe`` (a test
        double) counts as reachable with nothing loaded."""
        if not isinstance(ollama, OllamaStateSource):
            logger.info("backend %s reports no Ollama state", type(ollama).__name__)
            ollama = NoOllamaState()
        return cls(config, ollama=ollama, monitor=monitor, **options)

    async def start(self, *, initial_refresh: bool = True) -> None:
        """Refresh once (so the first request sees real state), then run in the background."""
        if self._task is not None:
            return
        if initial_refresh:
            await self.refresh()
        self._task = asyncio.create_task(self._run(), name="oar-live-state")

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._monitor is not None:
            try:
                self._monitor.close()
            except Exception:
                logger.exception("closing the GPU monitor failed")
            self._monitor = None

    def poke(self) -> None:
        """Ask for a refresh soon (an execution started or ended). Cheap; never blocks."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval_s):
                    await self._wake.wait()
            wait = self._last_refresh_started + self._min_gap_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._wake.clear()  # pokes from now on ask for the next refresh
            await self.refresh()

    async def refresh(self) -> None:
        """Read Ollama and the GPUs once, concurrently. Never raises (but may be cancelled)."""
        started = self._last_refresh_started = time.monotonic()
        await asyncio.gather(self._refresh_ollama(), self._refresh_gpu())
        if self.tracker is not None:
            self.tracker.refreshed(
                self._loaded_view, started, self.gpu_snapshot, self._outside_view
            )
        self.refresh_count += 1
        self.last_refresh_at = self._clock()

    async def _refresh_ollama(self) -> None:
        try:
            loaded = await self._ollama.ps(timeout_ms=self._refresh_timeout_ms)
        except OllamaHTTPError as exc:
            # It answers but /api/ps failed: reachable if the cheap probe agrees.
            self._ollama_log.failed(f"/api/ps answered {exc.upstream_status}")
            self._set_loaded(())
            self.ollama_reachable = await self._probe()
            return
        except OllamaError as exc:
            self._ollama_log.failed(exc.message)
            self._set_loaded(())
            self.ollama_reachable = False
            return
        except Exception as exc:  # a bug in a fake or a parser must not stop the loop
            if not self._ollama_log.failing:
                logger.exception("refreshing Ollama state failed")
            self._ollama_log.failed(repr(exc))
            self._set_loaded(())
            self.ollama_reachable = False
            return
        self._ollama_log.recovered()
        self._set_loaded(tuple(loaded))
        self.ollama_reachable = True

    async def _probe(self) -> bool:
        try:
            return await self._ollama.probe(timeout_ms=self._refresh_timeout_ms)
        except Exception:
            return False

    def _set_loaded(self, loaded: tuple[PsModel, ...]) -> None:
        view: dict[str, LoadedModel] = {}
        outside: dict[str, LoadedModel] = {}
        for model in loaded:
            configured = self._configured.get(canonical_model_name(model.name))
            if configured is not None:
                view[configured] = model.to_loaded(configured)
            else:
                outside[model.name] = model.to_loaded()
        self.loaded = loaded
        self._loaded_view = MappingProxyType(view)
        self._outside_view = MappingProxyType(outside)

    async def _refresh_gpu(self) -> None:
        if self._monitor is None:
            return
        try:
            async with asyncio.timeout(_GPU_READ_TIMEOUT_S):
                snapshot = await self._monitor.read()
        except TimeoutError:
            logger.warning("the GPU monitor took over %s s", _GPU_READ_TIMEOUT_S)
            snapshot = None
        except Exception:
            logger.exception("the GPU monitor raised instead of returning None")
            snapshot = None
        if snapshot is not None:
            self._snapshot = snapshot
        # A failed read keeps the last snapshot until it goes stale (see gpu_snapshot).

    @property
    def gpu_snapshot(self) -> GpuSnapshot | None:
        """The latest GPU snapshot, or ``None`` if there is none younger than 3 intervals."""
        snapshot = self._snapshot
        if snapshot is None or self._clock() - snapshot.taken_at_monotonic > self._stale_after_s:
            return None
        return snapshot

    def view(
        self,
        queued: Mapping[str, int],
        running: Mapping[str, int],
        running_for_s: Mapping[str, float] | None = None,
        *,
        capabilities: Mapping[str, ModelCapabilities] | None = None,
    ) -> StateView:
        """What routing reads: loaded models under their configured names, free VRAM
        (``None`` without a snapshot: routing then uses ``gpu.vramTotalMb``), and the
        scheduler's counters passed in."""
        snapshot = self.gpu_snapshot
        free = snapshot.free_mb if snapshot is not None else None
        utilization = snapshot.utilization_pct if snapshot is not None else None
        return StateView(
            loaded=self._loaded_view,
            gpu_free_mb=float(free) if free is not None else None,
            gpu_utilization_pct=float(utilization) if utilization is not None else None,
            queued=queued,
            running=running,
            running_for_s=running_for_s or {},
            capabilities=capabilities or {},
            residency=self.tracker.residency() if self.tracker is not None else None,
            rates=self.rates() if self.rates is not None else Rates(),
        )

    def runtime_status(self) -> RuntimeStatus:
        """SPEC §5: ``unavailable`` when Ollama is unreachable; ``degraded`` when GPU
        monitoring is on but there is no snapshot; else ``ok``."""
        if not self.ollama_reachable:
            return "unavailable"
        if self._monitoring_expected and self.gpu_snapshot is None:
            return "degraded"
        return "ok"

    def gpu_dict(self) -> dict[str, Any]:
        """``/v1/router/gpu``: the snapshot, or ``{provider, available: false}``."""
        snapshot = self.gpu_snapshot
        if snapshot is None:
            return {"provider": self._config.gpu.provider, "available": False}
        return {**snapshot.as_dict(self._clock()), "available": True}

    def loaded_models(self) -> list[dict[str, Any]]:
        """Loaded models for status endpoints, with the configured name when known."""
        out = []
        for model in self.loaded:
            item = model.as_dict()
            item["configuredName"] = self._configured.get(canonical_model_name(model.name))
            out.append(item)
        return out

"""The resident set as the router knows it: Ollama's ``/api/ps`` merged with its own work.

``/api/ps`` lags: a model the router has just sent work to is loading for seconds before
it shows, and a model whose load made Ollama evict another still shows the evicted one
until the next poll. The tracker fixes both from what the router itself did — a model it
started counts as resident at once; models its starts evicted leave at once — so routing
never waits for a poll to learn what it did. It also gates starts: a model that can only
load after busy models finish does not start before then (Ollama would block on it, and
every other load with it).

What each model needs comes from ``routing.footprint``: Ollama's own prediction at the
context the model will run with, from ``/api/show`` and ``/api/tags`` (``facts``), then
corrected by the size ``/api/ps`` showed. Models Ollama holds that the config does not
name (``outside``) count too: VRAM, a loaded-model place, and Ollama may evict them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.gpu.snapshot import GpuSnapshot
from ollama_agent_router.routing.footprint import (
    Footprint,
    ModelFacts,
    OllamaServer,
    correction,
    footprint,
    model_contexts,
)
from ollama_agent_router.routing.residency import (
    Fit,
    GpuBudget,
    Residency,
    Resident,
    max_loaded_models,
    place,
)
from ollama_agent_router.routing.state import LoadedModel
from ollama_agent_router.scheduling.scheduler import Room

_MIB = 1024 * 1024


@dataclass(slots=True)
class _Seen:
    """What the router did with one model."""

    last_used: float
    started_at: float


def _no_facts(name: str) -> ModelFacts:
    return ModelFacts()


class ResidencyTracker:
    """Merges ``/api/ps`` with the router's own starts and evictions (see module doc)."""

    def __init__(
        self,
        config: RouterConfig,
        *,
        running: Mapping[str, int],
        queued: Mapping[str, int],
        clock: Callable[[], float] = time.monotonic,
        facts: Callable[[str], ModelFacts] = _no_facts,
        on_load: Callable[[str, Fit], None] | None = None,
        on_refresh: Callable[[], None] | None = None,
        on_reload: Callable[[str, str], None] | None = None,
        on_stall: Callable[[str, float], None] | None = None,
    ) -> None:
        self._server = OllamaServer.from_config(config)
        self._contexts = model_contexts(config)
        self._sizes_mb = {m.name: m.size_gb * 1024 for m in config.models}
        self.facts = facts
        """What Ollama said of each model (set by the server: the capability cache)."""
        self._corrections: dict[str, float] = {}
        self._prints: dict[str, Footprint] | None = None
        """Every configured model's footprint, kept until an input changes (``residency``
        runs three times for every request)."""
        self._needs: dict[str, float] = {}
        self._slots: dict[str, int] = {}
        self._order_keys: dict[str, str] = {}
        """What ``residency`` reads of the footprints and facts, kept with ``_prints``
        (shared by the ``Residency`` answers, which only read them)."""
        self._last_budget: tuple[GpuSnapshot | None, float, GpuBudget] | None = None
        """The budget last built, for the snapshot and known use it was built from."""
        self._outside: Mapping[str, LoadedModel] = {}
        self._held: dict[str, float] = {}
        """Models whose start waits for busy models to finish, since when."""
        self.stall_seconds = 0.0
        """Time starts spent waiting for busy models to finish (Ollama's load stall)."""
        self.on_stall: Callable[[str, float], None] | None = on_stall
        self.on_reload: Callable[[str, str], None] | None = on_reload
        """Told (model, reason) when Ollama loads a model again: ``num_ctx`` (another
        context than it had) or ``eviction`` (a load of the router's evicted it)."""
        self.reloads: dict[str, int] = {}
        """Reloads seen, by reason."""
        self._gone: set[str] = set()
        """Models a load of the router's evicted (their next load is a reload)."""
        self.on_refresh: Callable[[], None] | None = on_refresh
        """Told after each ``/api/ps`` read (contexts may have changed)."""
        self._reserve_mb = float(config.gpu.vram_safety_reserve_mb)
        self._config_total_mb = float(config.gpu.vram_total_mb)
        self._max_loaded = config.ollama.max_loaded_models
        self._running = running
        self._queued = queued
        self._clock = clock
        self._loaded: Mapping[str, LoadedModel] = {}
        self._ps_started_at = float("-inf")
        self._seen: dict[str, _Seen] = {}
        self._evicted: dict[str, float] = {}
        self._snapshot: GpuSnapshot | None = None
        self.loads = 0
        """Loads the router caused (starts of a model that was not resident)."""
        self.evictions = 0
        """Models its loads made Ollama evict."""
        self.on_load: Callable[[str, Fit], None] | None = on_load

    # -- inputs ---------------------------------------------------------------------------

    def refreshed(
        self,
        loaded: Mapping[str, LoadedModel],
        started_at: float,
        snapshot: GpuSnapshot | None,
        outside: Mapping[str, LoadedModel] | None = None,
    ) -> None:
        """A ``/api/ps`` read that began at ``started_at`` returned ``loaded`` (configured
        models, by configured name) and ``outside`` (the others, as Ollama names them)."""
        for name, model in loaded.items():
            before = self._loaded.get(name)
            if (
                before is not None
                and before.context_length
                and model.context_length
                and before.context_length != model.context_length
            ):
                self._reloaded(name, "num_ctx")
        self._loaded = loaded
        self._outside = outside or {}
        self._prints = None
        self._snapshot = snapshot
        for name, model in loaded.items():
            if name in self._sizes_mb and model.size_bytes:
                estimate = self._footprint(name, context=model.context_length).memory
                self._corrections[name] = correction(model.size_bytes, estimate)
        self._ps_started_at = started_at
        if self.on_refresh is not None:
            self.on_refresh()
        self._snapshot = snapshot
        self._evicted = {n: t for n, t in self._evicted.items() if t > started_at}

    def gpu(self, snapshot: GpuSnapshot | None) -> None:
        self._snapshot = snapshot
        self._prints = None

    def invalidate(self) -> None:
        """What Ollama says of the models changed (an ``/api/show`` read): recompute."""
        self._prints = None

    def held(self, model: str) -> None:
        """A start of ``model`` waits for busy models to finish (the scheduler's hold)."""
        self._held.setdefault(model, self._clock())

    def started(self, model: str) -> bool:
        """The scheduler started work on ``model``: it is resident (or loading) from now.
        Answers whether this start loads it."""
        now = self._clock()
        since = self._held.pop(model, None)
        if since is not None:
            self.stall_seconds += now - since
            if self.on_stall is not None:
                self.on_stall(model, now - since)
        cold = not self.is_resident(model)
        if cold and model in self._sizes_mb:
            residency = self.residency()
            fit = place(model, residency.need_mb(model, self._sizes_mb[model]), residency)
            self.loads += 1
            if model in self._gone:
                self._gone.discard(model)
                self._reloaded(model, "eviction")
            for name in (*fit.evict, *fit.wait_for):
                self._evicted[name] = now
                self._gone.add(name)
                self.evictions += 1
            if self.on_load is not None:
                self.on_load(model, fit)
        seen = self._seen.get(model)
        if seen is None:
            self._seen[model] = _Seen(last_used=now, started_at=now)
        else:
            seen.last_used = seen.started_at = now
        self._evicted.pop(model, None)
        return cold

    def _reloaded(self, model: str, reason: str) -> None:
        self.reloads[reason] = self.reloads.get(reason, 0) + 1
        if self.on_reload is not None:
            self.on_reload(model, reason)

    def finished(self, model: str) -> None:
        seen = self._seen.get(model)
        if seen is not None:
            seen.last_used = self._clock()

    # -- answers --------------------------------------------------------------------------

    def residency(self) -> Residency:
        """The merged resident set with the scheduler's current counts, and the budget."""
        now = self._clock()
        prints = self.footprints()  # also brings _needs, _slots and _order_keys up to date
        residents: dict[str, Resident] = {}
        for name, loaded in self._loaded.items():
            if name in self._evicted:
                continue
            residents[name] = self._resident(
                name,
                vram_mb=loaded.size_vram_bytes / _MIB,
                size_mb=loaded.size_bytes / _MIB,
                now=now,
                loading=False,
            )
        for name, seen in self._seen.items():
            if name in residents or name not in self._sizes_mb or name in self._evicted:
                continue
            if self._running.get(name, 0) > 0 or seen.started_at >= self._ps_started_at:
                size = prints[name].memory.held / _MIB
                residents[name] = self._resident(
                    name, vram_mb=size, size_mb=size, now=now, loading=True
                )
        for name, other in self._outside.items():
            if name not in residents and name not in self._evicted:
                residents[name] = Resident(
                    name,
                    vram_mb=other.size_vram_bytes / _MIB,
                    size_mb=other.size_bytes / _MIB,
                    idle_s=float("inf"),
                    outside=True,
                    context=other.context_length,
                )
        # Every model a GPU reading may include: all of /api/ps (evicted ones may still
        # show) and the ones loading.
        known = sum(m.size_vram_bytes for m in self._loaded.values()) / _MIB
        known += sum(r.vram_mb for r in residents.values() if r.loading or r.outside)
        budget = self._budget(known)
        needs, slots = self._needs, self._slots
        residency = Residency(residents, budget, needs, slots)
        if not self._held:
            return residency
        pending = tuple(m for m in self._held if self._queued.get(m, 0) > 0)
        if not pending:
            return residency
        leaving: set[str] = set()
        for model in pending:
            leaving.update(place(model, needs[model], residency).wait_for)
        return Residency(residents, budget, needs, slots, frozenset(leaving), pending)

    def is_resident(self, name: str) -> bool:
        """Whether ``residency().residents`` holds ``name``, without building it (a start
        asks this of every request; only a cold one needs the whole set)."""
        if name in self._evicted:
            return False
        if name in self._loaded or name in self._outside:
            return True
        seen = self._seen.get(name)
        if seen is None or name not in self._sizes_mb:
            return False
        return self._running.get(name, 0) > 0 or seen.started_at >= self._ps_started_at

    def leaving(self) -> frozenset[str]:
        """Busy models a pending load waits to unload (cheap when nothing waits)."""
        if not self._held:
            return frozenset()
        return self.residency().leaving

    def footprint(self, model: str) -> Footprint:
        """Context, slots and memory of a configured model as Ollama will run it."""
        loaded = self._loaded.get(model)
        return self._footprint(
            model,
            context=loaded.context_length if loaded is not None else None,
            loaded_bytes=loaded.size_bytes if loaded is not None else 0,
        )

    def footprints(self) -> dict[str, Footprint]:
        prints = self._prints
        if prints is None:
            prints = {name: self.footprint(name) for name in self._sizes_mb}
            self._needs = {name: fp.need_mb for name, fp in prints.items()}
            self._slots = {name: fp.parallel for name, fp in prints.items()}
            # Facts change only with an /api/show read, which invalidates the prints.
            self._order_keys = {name: self.facts(name).path for name in self._sizes_mb}
            self._prints = prints
        return prints

    def num_ctx(self, model: str) -> int | None:
        """The one ``num_ctx`` sent for ``model`` (native dialect), else ``None``."""
        contexts = self._contexts.get(model)
        if contexts is None or self._server.api != "native":
            return None
        return contexts.configured

    def _footprint(
        self, name: str, *, context: int | None = None, loaded_bytes: int = 0
    ) -> Footprint:
        return footprint(
            self._server,
            self._contexts[name],
            self.facts(name),
            total_vram_mb=self._total_mb(),
            loaded_context=context,
            loaded_bytes=loaded_bytes,
            corrected=self._corrections.get(name, 1.0),
        )

    def _total_mb(self) -> float:
        snapshot = self._snapshot
        if snapshot is not None and snapshot.total_mb:
            return float(snapshot.total_mb)
        return self._config_total_mb

    def room(self, model: str) -> Room:
        """What a start of ``model`` waits for (busy models), and whether it loads."""
        size = self._sizes_mb.get(model)
        if size is None:
            return Room()
        if not self._held and self.is_resident(model):
            # nothing pending, so nothing is leaving: ``place`` says "loaded" (or "never",
            # split: it loads nothing either), as every warm request's start finds
            return Room()
        residency = self.residency()
        need = residency.need_mb(model, size)
        if residency.budget.total_mb <= 0:
            return Room(loads=model not in residency.residents)  # no GPU known
        fit = place(model, need, residency)
        loads = fit.placement not in ("loaded", "never") or model not in residency.residents
        return Room(wait_for=fit.wait_for if fit.placement == "wait" else (), loads=loads)

    def _resident(
        self, name: str, *, vram_mb: float, size_mb: float, now: float, loading: bool
    ) -> Resident:
        seen = self._seen.get(name)
        idle = now - seen.last_used if seen is not None else float("inf")
        if self._running.get(name, 0) > 0:
            idle = 0.0
        loaded = self._loaded.get(name)
        order_key = self._order_keys.get(name)
        return Resident(
            name=name,
            vram_mb=vram_mb,
            size_mb=size_mb,
            running=self._running.get(name, 0),
            queued=self._queued.get(name, 0),
            idle_s=idle,
            loading=loading,
            order_key=self.facts(name).path if order_key is None else order_key,
            context=loaded.context_length if loaded is not None else None,
        )

    def _budget(self, known_mb: float) -> GpuBudget:
        snapshot = self._snapshot
        last = self._last_budget
        if last is not None and last[0] is snapshot and last[1] == known_mb:
            return last[2]  # the same inputs (snapshots are immutable): the same budget
        budget = self._new_budget(snapshot, known_mb)
        self._last_budget = (snapshot, known_mb, budget)
        return budget

    def _new_budget(self, snapshot: GpuSnapshot | None, known_mb: float) -> GpuBudget:
        gpus = len(snapshot.devices) if snapshot is not None else 1
        total = self._config_total_mb
        foreign = 0.0
        if snapshot is not None and snapshot.total_mb:
            total = float(snapshot.total_mb)
            if snapshot.used_mb is not None:
                # What the card uses beyond the models we know of (other programs). A
                # reading that lags behind a load shows less, never a model twice.
                foreign = max(0.0, snapshot.used_mb - known_mb)
        return GpuBudget(
            total_mb=total,
            reserve_mb=self._reserve_mb,
            foreign_mb=foreign,
            max_loaded=max_loaded_models(self._max_loaded, gpus),
            overhead_mb=self._server.gpu_overhead_mb,
        )

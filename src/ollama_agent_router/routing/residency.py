"""What Ollama would have to do to run a model now: the residency model.

Pure: the resident set, the GPU budget and the scheduler's counts come in as plain data;
``place`` answers, for one model, whether it runs fully on the GPU

- ``loaded``: it is resident (and not split),
- ``fits``: it loads next to what is resident,
- ``evict``: it loads after Ollama evicts these idle models,
- ``wait``: it loads only after these busy models finish (Ollama waits for them, and
  every other load waits too),
- ``never``: it cannot run fully on the GPU (too big for the card, or loaded split).

It follows Ollama's scheduler (``server/sched.go``): alone a model always loads (split
onto the CPU if too big); next to others its predicted memory must fit in 80% of free
VRAM (``load``) and the loaded count stay under ``OLLAMA_MAX_LOADED_MODELS``, else one
runner goes and the check repeats. The runner that goes (``findRunnerToUnload``) is the
first idle one in keep-alive then model-path order — not the least recently used — and
with none idle the first in that order, busy or not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ollama_agent_router.routing.memory import fits_beside

Placement = Literal["loaded", "fits", "evict", "wait", "never"]

#: Ollama's ``OLLAMA_MAX_LOADED_MODELS`` default: 3 per GPU (3 on the CPU).
LOADED_PER_GPU = 3


@dataclass(frozen=True, slots=True)
class Resident:
    """A model Ollama holds (``/api/ps``) or the router has just sent work to."""

    name: str
    vram_mb: float
    size_mb: float
    running: int = 0
    """Executions the router has in flight on it: busy models cannot be evicted."""
    queued: int = 0
    """Requests waiting for it in the router: evicting it means loading it again."""
    idle_s: float = 0.0
    """Seconds since the router last used it (Ollama evicts the longest idle first)."""
    loading: bool = False
    """Dispatched by the router but not yet in ``/api/ps``."""
    outside: bool = False
    """Not in the config (another client's model, the classifier's): it takes VRAM and a
    loaded-model place, and Ollama may evict it, but the router never routes to it."""
    order_key: str = ""
    """Ollama's eviction order among equal keep-alives: the model's file path (else its
    name)."""
    context: int | None = None
    """``/api/ps`` ``context_length``."""

    @property
    def busy(self) -> bool:
        return self.running > 0

    @property
    def split(self) -> bool:
        """``size_vram < size``: Ollama runs part of it on the CPU."""
        return self.size_mb > 0 and self.vram_mb < self.size_mb


@dataclass(frozen=True, slots=True)
class GpuBudget:
    """The memory Ollama may fill: the card minus the reserve and other programs' use."""

    total_mb: float
    reserve_mb: float = 0.0
    foreign_mb: float = 0.0
    """VRAM used by something other than the models the router knows of."""
    max_loaded: int = LOADED_PER_GPU
    overhead_mb: float = 0.0
    """``OLLAMA_GPU_OVERHEAD``: what Ollama itself leaves free."""

    @property
    def capacity_mb(self) -> float:
        """What one model may take and still be fully on the GPU."""
        return max(0.0, self.total_mb - self.reserve_mb - self.foreign_mb - self.overhead_mb)

    @property
    def ollama_free_base_mb(self) -> float:
        """Free VRAM as Ollama reads it before models: the card minus other programs and
        its overhead (no reserve of ours: Ollama knows nothing of it)."""
        return max(0.0, self.total_mb - self.foreign_mb - self.overhead_mb)


@dataclass(frozen=True, slots=True)
class Residency:
    """The resident set (by name) and the budget: everything ``place`` reads."""

    residents: Mapping[str, Resident] = field(default_factory=dict)
    budget: GpuBudget = field(default_factory=lambda: GpuBudget(total_mb=0.0))
    needs: Mapping[str, float] = field(default_factory=dict)
    """What loading each configured model needs (Ollama's prediction at the context it
    runs with, ``routing.footprint``), by name."""
    slots: Mapping[str, int] = field(default_factory=dict)
    """Parallel slots Ollama gives each configured model (1 for embedding models and
    some families, whatever ``OLLAMA_NUM_PARALLEL`` says)."""
    leaving: frozenset[str] = frozenset()
    """Busy residents a pending load waits for: they go once idle, so new work there
    waits for their reload."""
    pending: tuple[str, ...] = ()
    """Models whose load waits for busy models: every other load waits behind them."""
    used_mb: float = field(init=False)
    eviction_order: tuple[Resident, ...] = field(init=False)
    """Residents in the order Ollama picks them to unload (``ByDurationAndName``)."""

    def __post_init__(self) -> None:
        # Computed once: ``place`` runs for every candidate of every request.
        residents = self.residents.values()
        object.__setattr__(self, "used_mb", sum(r.vram_mb for r in residents))
        ordered = sorted(residents, key=_eviction_order)
        object.__setattr__(self, "eviction_order", tuple(ordered))

    def need_mb(self, name: str, size_mb: float) -> float:
        """What loading ``name`` needs: Ollama's prediction, else its size."""
        return self.needs.get(name, size_mb)

    @property
    def free_mb(self) -> float:
        return max(0.0, self.budget.capacity_mb - self.used_mb)

    @property
    def ollama_free_mb(self) -> float:
        """Free VRAM as Ollama's 80% rule reads it."""
        return max(0.0, self.budget.ollama_free_base_mb - self.used_mb)

    def as_dict(self) -> dict[str, Any]:
        return {
            "totalMb": self.budget.total_mb,
            "reserveMb": self.budget.reserve_mb,
            "foreignMb": round(self.budget.foreign_mb, 1),
            "freeMb": round(self.free_mb, 1),
            "maxLoadedModels": self.budget.max_loaded,
            "pendingLoads": list(self.pending),
            "resident": [
                {
                    "model": r.name,
                    "vramMb": round(r.vram_mb, 1),
                    "running": r.running,
                    "queued": r.queued,
                    "idleS": round(r.idle_s, 1) if math.isfinite(r.idle_s) else None,
                    "loading": r.loading,
                    "split": r.split,
                    "outside": r.outside,
                    "contextLength": r.context,
                    "leaving": r.name in self.leaving,
                }
                for r in self.residents.values()
            ],
        }


@dataclass(frozen=True, slots=True)
class Fit:
    """Where a model stands; ``evict`` and ``wait_for`` name what Ollama must unload."""

    placement: Placement
    need_mb: float
    evict: tuple[str, ...] = ()
    """Idle models Ollama would evict, in its order (longest idle first)."""
    wait_for: tuple[str, ...] = ()
    """Busy models that must finish (and then be evicted) before it can load."""
    reason: str = ""

    @property
    def fully_on_gpu(self) -> bool:
        return self.placement != "never"

    def as_dict(self) -> dict[str, Any]:
        return {
            "placement": self.placement,
            "needMb": round(self.need_mb, 1),
            "evict": list(self.evict),
            "waitFor": list(self.wait_for),
            "reason": self.reason,
        }


def place(name: str, need_mb: float, residency: Residency) -> Fit:
    """What it takes to run ``name`` (``need_mb``, Ollama's prediction) fully on the GPU
    now, step by step as Ollama's pending loop does it (``processPending``)."""
    resident = residency.residents.get(name)
    if resident is not None:
        if resident.split:
            reason = f"loaded split: {resident.vram_mb:.0f} of {resident.size_mb:.0f} MB on GPU"
            return Fit("never", need_mb, reason=reason)
        if name in residency.leaving:
            reason = "being unloaded for a pending load: new work waits for its reload"
            return Fit("wait", need_mb, wait_for=(name,), reason=reason)
        return Fit("loaded", need_mb, reason="resident")
    budget = residency.budget
    if budget.total_mb <= 0:
        return Fit("fits", need_mb, reason="no GPU known: capacity unknown")
    if need_mb > budget.capacity_mb:
        reason = f"needs {need_mb:.0f} MB, the GPU holds {budget.capacity_mb:.0f} MB for models"
        return Fit("never", need_mb, reason=reason)
    free = residency.ollama_free_mb
    remaining = list(residency.eviction_order)
    if _room(need_mb, free, len(remaining), budget):
        return Fit("fits", need_mb, reason=f"{free:.0f} MB free (80% rule)")
    evict: list[str] = []
    wait_for: list[str] = []
    while remaining:
        victim = next((r for r in remaining if not r.busy), remaining[0])
        remaining.remove(victim)
        (wait_for if victim.busy else evict).append(victim.name)
        free += victim.vram_mb
        if _room(need_mb, free, len(remaining), budget):
            break
    if wait_for:
        return Fit(
            "wait",
            need_mb,
            evict=tuple(evict),
            wait_for=tuple(wait_for),
            reason="after busy models finish (Ollama waits for them)",
        )
    return Fit("evict", need_mb, evict=tuple(evict), reason="after Ollama evicts idle models")


def max_loaded_models(configured: int, gpu_count: int) -> int:
    """``ollama.maxLoadedModels``, with Ollama's default for 0 (3 per GPU)."""
    return configured if configured > 0 else LOADED_PER_GPU * max(1, gpu_count)


def _room(need_mb: float, free_mb: float, count: int, budget: GpuBudget) -> bool:
    """Alone a model always loads; next to others it must fit 80% of free VRAM."""
    if count == 0:
        return True
    return count < budget.max_loaded and fits_beside(need_mb, free_mb, others_loaded=True)


def _eviction_order(resident: Resident) -> str:
    """``ByDurationAndName``: keep-alive first (the router's models share one), then the
    model path."""
    return resident.order_key or resident.name

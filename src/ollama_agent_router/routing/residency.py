"""What Ollama would have to do to run a model now: the residency model.

Pure: the resident set, the GPU budget and the scheduler's counts come in as plain data;
``place`` answers, for one model, whether it runs fully on the GPU

- ``loaded``: it is resident (and not split),
- ``fits``: it loads next to what is resident,
- ``evict``: it loads after Ollama evicts these idle models (least recently used first),
- ``wait``: it loads only after these busy models finish,
- ``never``: it cannot run fully on the GPU (too big for the card, or loaded split).

Ollama evicts only idle models and counts both VRAM and ``OLLAMA_MAX_LOADED_MODELS``;
the router mirrors that so it never refuses work that only has to wait or evict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

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

    @property
    def capacity_mb(self) -> float:
        return max(0.0, self.total_mb - self.reserve_mb - self.foreign_mb)


@dataclass(frozen=True, slots=True)
class Residency:
    """The resident set (by name) and the budget: everything ``place`` reads."""

    residents: Mapping[str, Resident] = field(default_factory=dict)
    budget: GpuBudget = field(default_factory=lambda: GpuBudget(total_mb=0.0))
    footprints: Mapping[str, float] = field(default_factory=dict)
    """VRAM each model took when last seen loaded (weights and KV cache), by name."""
    used_mb: float = field(init=False)
    idle_order: tuple[Resident, ...] = field(init=False)
    """Idle residents in the order Ollama evicts them (longest idle first)."""
    busy_order: tuple[Resident, ...] = field(init=False)
    """Busy residents, least work first (the first to free room)."""

    def __post_init__(self) -> None:
        # Computed once: ``place`` runs for every candidate of every request.
        residents = self.residents.values()
        object.__setattr__(self, "used_mb", sum(r.vram_mb for r in residents))
        idle = sorted((r for r in residents if not r.busy), key=_eviction_order)
        busy = sorted((r for r in residents if r.busy), key=_finish_order)
        object.__setattr__(self, "idle_order", tuple(idle))
        object.__setattr__(self, "busy_order", tuple(busy))

    def need_mb(self, name: str, size_mb: float) -> float:
        """What loading ``name`` needs: its last measured footprint, at least its size."""
        return max(size_mb, self.footprints.get(name, 0.0))

    @property
    def free_mb(self) -> float:
        return max(0.0, self.budget.capacity_mb - self.used_mb)

    def as_dict(self) -> dict[str, Any]:
        return {
            "totalMb": self.budget.total_mb,
            "reserveMb": self.budget.reserve_mb,
            "foreignMb": round(self.budget.foreign_mb, 1),
            "freeMb": round(self.free_mb, 1),
            "maxLoadedModels": self.budget.max_loaded,
            "resident": [
                {
                    "model": r.name,
                    "vramMb": round(r.vram_mb, 1),
                    "running": r.running,
                    "queued": r.queued,
                    "idleS": round(r.idle_s, 1) if math.isfinite(r.idle_s) else None,
                    "loading": r.loading,
                    "split": r.split,
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
    """What it takes to run ``name`` (``need_mb`` of VRAM) fully on the GPU now."""
    resident = residency.residents.get(name)
    if resident is not None:
        if resident.split:
            reason = f"loaded split: {resident.vram_mb:.0f} of {resident.size_mb:.0f} MB on GPU"
            return Fit("never", need_mb, reason=reason)
        return Fit("loaded", need_mb, reason="resident")
    budget = residency.budget
    if need_mb > budget.capacity_mb:
        reason = f"needs {need_mb:.0f} MB, the GPU holds {budget.capacity_mb:.0f} MB for models"
        return Fit("never", need_mb, reason=reason)
    free = residency.free_mb
    count = len(residency.residents)
    if _room(need_mb, free, count, budget):
        return Fit("fits", need_mb, reason=f"{free:.0f} MB free")
    evict: list[str] = []
    for victim in residency.idle_order:
        evict.append(victim.name)
        free += victim.vram_mb
        count -= 1
        if _room(need_mb, free, count, budget):
            return Fit("evict", need_mb, evict=tuple(evict), reason="after evicting idle models")
    wait_for: list[str] = []
    for victim in residency.busy_order:
        wait_for.append(victim.name)
        free += victim.vram_mb
        count -= 1
        if _room(need_mb, free, count, budget):
            return Fit(
                "wait",
                need_mb,
                evict=tuple(evict),
                wait_for=tuple(wait_for),
                reason="after busy models finish",
            )
    return Fit("never", need_mb, reason="does not fit even with the GPU empty")


def max_loaded_models(configured: int, gpu_count: int) -> int:
    """``ollama.maxLoadedModels``, with Ollama's default for 0 (3 per GPU)."""
    return configured if configured > 0 else LOADED_PER_GPU * max(1, gpu_count)


def _room(need_mb: float, free_mb: float, count: int, budget: GpuBudget) -> bool:
    return need_mb <= free_mb and count < budget.max_loaded


def _eviction_order(resident: Resident) -> tuple[float, str]:
    return (-resident.idle_s, resident.name)


def _finish_order(resident: Resident) -> tuple[int, int, str]:
    return (resident.running + resident.queued, resident.queued, resident.name)

"""The score of a candidate (SPEC §3.4), kept as components so a dry-run can explain it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ollama_agent_router.routing.policy import ModelSpec
from ollama_agent_router.routing.state import RuntimeView
from ollama_agent_router.tasks import Complexity

BASE_SCORE: Final = 100.0


@dataclass(frozen=True, slots=True)
class ScoreComponents:
    """Each delta of the scoring table; ``total`` is 100 plus their sum."""

    route_position: float = 0.0
    priority: float = 0.0
    purpose: float = 0.0
    preferred: float = 0.0
    loaded: float = 0.0
    complexity_cost: float = 0.0
    vram: float = 0.0
    """Headroom bonus (free > required) or shortfall penalty (free < required)."""
    queue: float = 0.0
    running: float = 0.0
    exclusive: float = 0.0

    @property
    def total(self) -> float:
        return (
            BASE_SCORE
            + self.route_position
            + self.priority
            + self.purpose
            + self.preferred
            + self.loaded
            + self.complexity_cost
            + self.vram
            + self.queue
            + self.running
            + self.exclusive
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": BASE_SCORE,
            "routePosition": self.route_position,
            "priority": self.priority,
            "purpose": self.purpose,
            "preferred": self.preferred,
            "loaded": self.loaded,
            "complexityCost": self.complexity_cost,
            "vram": self.vram,
            "queue": self.queue,
            "running": self.running,
            "exclusive": self.exclusive,
        }


def vram_delta(free_mb: float, required_mb: float) -> float:
    """``+min(25, (free − required)/512)`` with headroom, ``−60`` short of it, 0 when equal."""
    if free_mb > required_mb:
        return min(25.0, (free_mb - required_mb) / 512)
    if free_mb < required_mb:
        return -60.0
    return 0.0


def score_components(
    spec: ModelSpec,
    *,
    task_type: str,
    complexity: Complexity,
    route_index: int | None,
    preferred_index: int | None,
    view: RuntimeView,
    free_mb: float,
) -> ScoreComponents:
    """Score one model for one request.

    Models outside the route get no route bonus (the reference README's rule, not its
    code's accidental +58). The VRAM term applies to every candidate, loaded or not,
    exactly as the table says.
    """
    queued = view.queued.get(spec.name, 0)
    running = view.running.get(spec.name, 0)
    if complexity == "heavy" and spec.cost_class == "high":
        cost = 20.0
    elif complexity == "light" and spec.cost_class == "low":
        cost = 15.0
    else:
        cost = 0.0
    return ScoreComponents(
        route_position=float(max(0, 50 - 8 * route_index)) if route_index is not None else 0.0,
        priority=float(spec.priority),
        purpose=25.0 if task_type in spec.purpose else 0.0,
        preferred=float(80 - 10 * preferred_index) if preferred_index is not None else 0.0,
        loaded=20.0 if spec.name in view.loaded else 0.0,
        complexity_cost=cost,
        vram=vram_delta(free_mb, spec.required_vram_mb),
        queue=float(-18 * queued),
        running=float(-25 * running),
        exclusive=float(-80 * running) if spec.exclusive else 0.0,
    )

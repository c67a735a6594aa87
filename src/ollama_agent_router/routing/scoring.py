"""The score of a candidate (SPEC §3.4), kept as components so a dry-run can explain it."""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from ollama_agent_router.routing.policy import ModelSpec
from ollama_agent_router.routing.state import StateView
from ollama_agent_router.tasks import Complexity

BASE_SCORE: Final = 100.0


class ScoreComponents(NamedTuple):
    """Each delta of the scoring table; ``total`` is 100 plus their sum.

    A ``NamedTuple`` rather than a frozen dataclass: one is built per candidate per
    request, and a tuple is built about three times faster.
    """

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
    view: StateView,
    free_mb: float,
) -> ScoreComponents:
    """Score one model for one request.

    Models outside the route get no route bonus (the reference README's rule, not its
    code's accidental +58). The VRAM term applies to every candidate, loaded or not,
    exactly as the table says.
    """
    name = spec.name
    queued = view.queued.get(name, 0)
    running = view.running.get(name, 0)
    if complexity == "heavy":
        cost = 20.0 if spec.cost_class == "high" else 0.0
    elif complexity == "light":
        cost = 15.0 if spec.cost_class == "low" else 0.0
    else:
        cost = 0.0
    required = spec.required_vram_mb
    if free_mb > required:
        vram = min(25.0, (free_mb - required) / 512)
    else:
        vram = -60.0 if free_mb < required else 0.0
    # Positional on purpose: this runs for every candidate of every request.
    return ScoreComponents(
        0.0 if route_index is None or route_index > 6 else 50.0 - 8 * route_index,
        spec.priority,
        25.0 if task_type in spec.purpose else 0.0,
        0.0 if preferred_index is None else 80.0 - 10 * preferred_index,
        20.0 if name in view.loaded else 0.0,
        cost,
        vram,
        -18.0 * queued if queued else 0.0,
        -25.0 * running if running else 0.0,
        -80.0 * running if running and spec.exclusive else 0.0,
    )

"""Sync, async or reject (SPEC §3.5), from scored candidates and the load.

``decide`` is the only place that reads the request mode and ``allowAsync``; everything
it needs arrives already computed, so each of its branches can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple

from ollama_agent_router.routing.candidates import Block
from ollama_agent_router.routing.estimate import Estimate
from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.policy import Candidate, RoutingPolicy
from ollama_agent_router.routing.scoring import ScoreComponents
from ollama_agent_router.routing.state import StateView

DecisionType = Literal["sync", "async", "reject"]
DecisionRule = Literal[
    "explicit_async",
    "preferred_busy",
    "heavy_load",
    "best_available",
    "all_busy",
    "all_blocked",
    "no_candidates",
]

REASON_EXPLICIT_ASYNC: Final = "Request explicitly requested async mode"
REASON_PREFERRED_BUSY: Final = "Preferred model is busy; accepted for async processing"
REASON_HEAVY_LOAD: Final = "Heavy load detected"
REASON_ALL_BUSY: Final = "Selected model is busy; accepted for async processing"
REASON_NO_MODEL: Final = "No model available"

STATUS: Final[Mapping[DecisionType, int]] = {"sync": 200, "async": 202, "reject": 503}


@dataclass(frozen=True, slots=True)
class LoadState:
    """Whether the node counts as heavily loaded, and why."""

    heavy: bool
    reasons: tuple[str, ...]
    total_queued: int
    free_vram_mb: float
    """Snapshot free VRAM, or ``gpu.vramTotalMb`` without a snapshot."""
    has_gpu_snapshot: bool
    utilization_pct: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "heavy": self.heavy,
            "reasons": list(self.reasons),
            "totalQueued": self.total_queued,
            "freeVramMb": self.free_vram_mb,
            "gpuSnapshot": self.has_gpu_snapshot,
            "gpuUtilizationPct": self.utilization_pct,
        }


def assess_load(policy: RoutingPolicy, view: StateView, free_mb: float) -> LoadState:
    """Heavy load: waiting ≥ depth, snapshot free VRAM < threshold, or utilisation > max."""
    reasons: list[str] = []
    total = view.total_queued
    if total >= policy.heavy_load_queue_depth:
        reasons.append(f"{total} waiting >= heavyLoadQueueDepth {policy.heavy_load_queue_depth}")
    # Under ``residency`` little free VRAM is normal (Ollama keeps idle models loaded and
    # evicts them on demand), so only the reference counts it as load.
    if (
        policy.strategy == "reference"
        and view.gpu_free_mb is not None
        and view.gpu_free_mb < policy.heavy_load_gpu_free_mb
    ):
        reasons.append(
            f"{view.gpu_free_mb:.0f} MB free VRAM < heavyLoadGpuFreeMbThreshold "
            f"{policy.heavy_load_gpu_free_mb:.0f}"
        )
    util = view.gpu_utilization_pct
    if util is not None and util > policy.max_gpu_utilization_pct:
        reasons.append(
            f"GPU utilisation {util:g}% > maxGpuUtilizationPct {policy.max_gpu_utilization_pct:g}"
        )
    return LoadState(
        heavy=bool(reasons),
        reasons=tuple(reasons),
        total_queued=total,
        free_vram_mb=free_mb,
        has_gpu_snapshot=view.gpu_free_mb is not None,
        utilization_pct=util,
    )


class ScoredCandidate(NamedTuple):
    """A candidate with its blocks and score: one row of the dry-run table.

    A ``NamedTuple`` for the same reason as ``ScoreComponents``: one per candidate.
    """

    candidate: Candidate
    blocks: tuple[Block, ...]
    components: ScoreComponents
    score: float
    estimate: Estimate | None = None
    """The ``residency`` strategy's expected time to finish (its score is −seconds)."""

    @property
    def name(self) -> str:
        return self.candidate.name

    @property
    def available(self) -> bool:
        return not self.blocks

    @property
    def busy(self) -> bool:
        """Blocked as busy, or (residency) it would have to wait for a slot or for room."""
        if self.estimate is not None:
            estimate = self.estimate
            return estimate.wait_slot_ms > 0 or estimate.fit.placement == "wait"
        return any(block.kind == "busy" for block in self.blocks)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "model": self.candidate.name,
            "source": self.candidate.source,
            "routeIndex": self.candidate.route_index,
            "preferredIndex": self.candidate.preferred_index,
            "available": self.available,
            "blocks": [block.as_dict() for block in self.blocks],
            "score": self.score,
            "components": self.components.as_dict(),
        }
        if self.estimate is not None:
            out["estimate"] = self.estimate.as_dict()
        return out


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a request, and enough to explain it."""

    type: DecisionType
    task_type: str
    model: str | None
    score: float
    reason: str
    rule: DecisionRule
    """Which branch of SPEC §3.5 decided."""
    fallback_models: tuple[str, ...]
    """Other candidates: available ones by score, then blocked ones by score."""
    blocked_fallback_models: tuple[str, ...]
    """The members of ``fallback_models`` that are blocked (they sit at its end)."""
    position: int | None
    """For async: jobs waiting on the model + 1."""
    status_code: int
    blocks: Mapping[str, tuple[Block, ...]]
    """Block reasons of every blocked candidate."""
    heavy_load: bool
    estimate: Estimate | None = None
    """(residency) The chosen model's expected time to finish, in parts."""

    @classmethod
    def decided_elsewhere(cls, model: str, task_type: str, reason: str, score: float) -> Decision:
        """Run ``model`` and nothing else: the decision a gateway in front already made."""
        return cls(
            type="sync",
            task_type=task_type,
            model=model,
            score=score,
            reason=reason,
            rule="best_available",
            fallback_models=(),
            blocked_fallback_models=(),
            position=None,
            status_code=200,
            blocks={},
            heavy_load=False,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "status": self.status_code,
            "taskType": self.task_type,
            "model": self.model,
            "score": self.score,
            "reason": self.reason,
            "rule": self.rule,
            "fallbackModels": list(self.fallback_models),
            "blockedFallbackModels": list(self.blocked_fallback_models),
            "position": self.position,
            "heavyLoad": self.heavy_load,
            "blocked": {name: [str(b) for b in blocks] for name, blocks in self.blocks.items()},
            "estimate": self.estimate.as_dict() if self.estimate is not None else None,
        }


def selected_reason(best: ScoredCandidate, task_type: str) -> str:
    if best.estimate is None:
        return f"Selected {best.name} for {task_type} with score {best.score:.1f}"
    guess = best.estimate
    parts = [
        f"{label} {value / 1000:.1f} s"
        for label, value in (
            ("wait", max(guess.wait_slot_ms, guess.wait_room_ms)),
            ("load", guess.load_ms),
        )
        if value >= 50
    ]
    placement: str = guess.fit.placement
    if guess.fit.evict or guess.fit.wait_for:
        placement += " " + ", ".join((*guess.fit.wait_for, *guess.fit.evict))
    detail = "; ".join([placement, *parts])
    return (
        f"Selected {best.name} for {task_type}: expected to finish in "
        f"{guess.finish_ms / 1000:.1f} s ({detail})"
    )


def _by_score(rows: list[ScoredCandidate]) -> list[ScoredCandidate]:
    return sorted(rows, key=lambda row: -row.score)  # stable: ties keep candidate order


def decide(
    task_type: str,
    scored: Sequence[ScoredCandidate],
    *,
    options: RequestOptions,
    load: LoadState,
    view: StateView,
) -> Decision:
    """Apply the five rules of SPEC §3.5 in order."""
    available = _by_score([row for row in scored if not row.blocks])
    blocked = _by_score([row for row in scored if row.blocks])
    blocks = {row.name: row.blocks for row in blocked}
    best = available[0] if available else None
    heavy = load.heavy

    def make(
        kind: DecisionType, target: ScoredCandidate | None, reason: str, rule: DecisionRule
    ) -> Decision:
        name = target.name if target is not None else None
        score = target.score if target is not None and target.available else 0.0
        return Decision(
            type=kind,
            task_type=task_type,
            model=name,
            score=score,
            reason=reason,
            rule=rule,
            fallback_models=tuple(r.name for r in (*available, *blocked) if r.name != name),
            blocked_fallback_models=tuple(r.name for r in blocked if r.name != name),
            position=view.queued.get(name, 0) + 1 if kind == "async" and name else None,
            status_code=STATUS[kind],
            blocks=blocks,
            heavy_load=heavy,
            estimate=target.estimate if target is not None else None,
        )

    if not scored:
        return make("reject", None, REASON_NO_MODEL, "no_candidates")
    first = scored[0]
    if options.mode == "async":
        return make("async", best or first, REASON_EXPLICIT_ASYNC, "explicit_async")
    may_defer = options.mode != "sync" and options.allow_async
    if may_defer:
        preferred = [row for row in scored if row.candidate.preferred_index is not None]
        # Without preferences: the first candidate, or (residency) the soonest one.
        choice = best if best is not None and best.estimate is not None else first
        pool = preferred if preferred else [choice]
        busy = next((row for row in pool if row.busy), None)
        if busy is not None:
            return make("async", busy, REASON_PREFERRED_BUSY, "preferred_busy")
        if heavy:
            return make("async", best or first, REASON_HEAVY_LOAD, "heavy_load")
    if best is not None:
        return make("sync", best, selected_reason(best, task_type), "best_available")
    if may_defer and any(row.busy for row in scored):
        return make("async", first, REASON_ALL_BUSY, "all_busy")
    details = "; ".join(f"{row.name}: {', '.join(str(b) for b in row.blocks)}" for row in scored)
    return make("reject", None, details or REASON_NO_MODEL, "all_blocked")

"""The ``residency`` strategy: rank candidates by expected time to finish.

For each candidate the residency model says what Ollama would have to do to run it
(nothing, load, evict idle models, wait for busy ones, or never fully on the GPU) and
the estimate turns that into milliseconds. Blocks follow intent: ``gpu_only`` blocks only
what would never run fully on the GPU; a model that is busy or needs busy models to
finish is not blocked, the request waits for it (under the usual deadlines).
"""

from __future__ import annotations

from collections.abc import Sequence

from ollama_agent_router.classification import Classification
from ollama_agent_router.routing.candidates import Block
from ollama_agent_router.routing.decision import ScoredCandidate
from ollama_agent_router.routing.estimate import ModelLoad, estimate
from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.policy import Candidate, RoutingPolicy
from ollama_agent_router.routing.residency import (
    GpuBudget,
    Residency,
    Resident,
    max_loaded_models,
    place,
)
from ollama_agent_router.routing.scoring import ScoreComponents
from ollama_agent_router.routing.session import SessionView
from ollama_agent_router.routing.state import StateView

_NO_COMPONENTS = ScoreComponents()
#: A prompt this long puts time at stake whatever else (``routing.estimate``): tens of
#: seconds of prompt processing on every turn of an agent session.
LONG_PROMPT_TOKENS = 8192


class ModelLoads(dict[str, ModelLoad]):
    """Each model's slots and queue as the estimate needs them, built on first use (a
    decision reads only its candidates and the models their loads would evict)."""

    def __init__(self, policy: RoutingPolicy, view: StateView, residency: Residency) -> None:
        super().__init__()
        self._policy = policy
        self._view = view
        self._slots = residency.slots

    def __missing__(self, name: str) -> ModelLoad:
        spec = self._policy.models[name]
        view = self._view
        load = self[name] = ModelLoad(
            name=name,
            size_gb=spec.size_gb,
            slots=max(
                1, min(spec.max_concurrent, self._slots.get(name, self._policy.num_parallel))
            ),
            running=view.running.get(name, 0),
            queued=view.queued.get(name, 0),
            running_for_ms=_ms(view.running_for_s.get(name)),
        )
        return load

    def get(self, name: str, default: ModelLoad | None = None) -> ModelLoad | None:  # type: ignore[override]
        return self[name] if name in self._policy.models else default


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def view_residency(policy: RoutingPolicy, view: StateView) -> Residency:
    """The view's residency; without one (a dry-run from flags), built from the loaded
    models, the config's GPU and the snapshot's free VRAM."""
    if view.residency is not None:
        return view.residency
    residents = {
        name: Resident(
            name,
            vram_mb=model.size_vram_bytes / 1024**2,
            size_mb=model.size_bytes / 1024**2,
            running=view.running.get(name, 0),
            queued=view.queued.get(name, 0),
            idle_s=0.0 if view.running.get(name, 0) else float("inf"),
        )
        for name, model in view.loaded.items()
    }
    used = sum(r.vram_mb for r in residents.values())
    total = policy.vram_total_mb
    foreign = 0.0
    if view.gpu_free_mb is not None:
        total = max(total, view.gpu_free_mb + used)
        foreign = max(0.0, total - view.gpu_free_mb - used)
    budget = GpuBudget(
        total_mb=total,
        reserve_mb=policy.vram_reserve_mb,
        foreign_mb=foreign,
        max_loaded=max_loaded_models(policy.max_loaded_models, 1),
    )
    return Residency(residents, budget)


def score_by_residency(
    policy: RoutingPolicy,
    classification: Classification,
    options: RequestOptions,
    view: StateView,
    candidates: Sequence[Candidate],
    route_key: str | None,
    session: SessionView | None = None,
    demoted: frozenset[str] | None = None,
) -> list[ScoredCandidate]:
    """One row per candidate: its estimate as the score (higher is sooner), its blocks.

    In a session, each candidate's prompt is what its cache does not hold, and the
    session's own model carries no fit penalty: the turn stays there unless another
    model finishes sooner even re-processing the prompt cold (``routing.session``).
    A model ``demoted`` for tool use is off-purpose (its session's model too); a pinned
    one never is."""
    residency = view_residency(policy, view)
    loads = ModelLoads(policy, view, residency)
    task_type = classification.task_type
    route_length = len(policy.route_lists.get(route_key, ())) if route_key else 0
    gpu_known = residency.budget.total_mb > 0
    preferring = any(c.preferred_index is not None for c in candidates)
    rates, penalties = view.rates, policy.penalties
    output_tokens = rates.expected_output(task_type)
    prompt_tokens = classification.estimated_tokens
    if session is not None:
        session = session.resident(residency.residents)
    cached = session.cached_tokens if session is not None else {}
    stay = session.model if session is not None else None
    # Time is at stake in a session (another model re-processes its prompt) and for a
    # long prompt (every turn of it pays that prompt on the model chosen now).
    at_stake = stay is not None or prompt_tokens >= LONG_PROMPT_TOKENS
    evicts = session.evicts if session is not None else {}
    warm = session.warm if session is not None else {}
    rows: list[ScoredCandidate] = []
    for candidate in candidates:
        spec = policy.models[candidate.name]
        fit = place(spec.name, residency.need_mb(spec.name, spec.size_gb * 1024), residency)
        # The client's preferredModels take the place of the route: in their order, and
        # every other candidate counts as off-purpose.
        index: int | None
        if candidate.source == "pinned" or candidate.name == stay:
            on_purpose, index, length = True, 0, 1
        elif preferring:
            on_purpose = candidate.preferred_index is not None
            index, length = candidate.preferred_index, len(candidates)
        else:
            on_purpose = task_type in spec.purpose
            index, length = candidate.route_index, route_length
        if demoted and candidate.name in demoted and candidate.source != "pinned":
            on_purpose = False
        guess = estimate(
            loads[spec.name],
            fit,
            prompt_tokens=max(0, prompt_tokens - cached.get(spec.name, 0)),
            output_tokens=output_tokens,
            on_purpose=on_purpose,
            route_index=index,
            route_length=length,
            residency=residency,
            others=loads,
            rates=rates,
            penalties=penalties,
            session=at_stake,
            evicted_prompt_tokens=evicts.get(spec.name, 0),
            warm_sessions=warm,
        )
        blocks: tuple[Block, ...] = ()
        if options.require_gpu_only:
            if not gpu_known:
                blocks = (Block("gpu_only", "no GPU known and gpu.vramTotalMb is 0"),)
            elif fit.placement == "never":
                blocks = (Block("gpu_only", fit.reason),)
        rows.append(
            ScoredCandidate(
                candidate,
                blocks,
                _NO_COMPONENTS,
                round(-guess.total_ms / 1000, 3),
                guess,
            )
        )
    return rows

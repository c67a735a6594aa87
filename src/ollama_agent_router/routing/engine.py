"""The entry points: a classification, options and a runtime view in, a decision out.

Pure: no I/O, no clock, no globals. ``evaluate`` returns the full ``DryRun`` (what
``POST /v1/router/route`` and ``oar route`` show); ``route_request`` returns only the
``Decision`` that the chat endpoint acts on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ollama_agent_router.classification import (
    Classification,
    Classifier,
    ClassifierInput,
    estimate_tokens,
    explicit_classification,
    request_text,
)
from ollama_agent_router.routing.candidates import build_candidates, find_blocks, free_vram_mb
from ollama_agent_router.routing.capabilities import RequestNeeds, screen_candidates
from ollama_agent_router.routing.decision import (
    Decision,
    LoadState,
    ScoredCandidate,
    assess_load,
    decide,
)
from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.placement import score_by_residency
from ollama_agent_router.routing.policy import Candidate, RoutingPolicy
from ollama_agent_router.routing.scoring import score_components
from ollama_agent_router.routing.session import SessionView
from ollama_agent_router.routing.state import StateView


@dataclass(frozen=True, slots=True)
class DryRun:
    """Everything behind one routing decision, ready to print or serve as JSON."""

    classification: Classification
    options: RequestOptions
    route_key: str | None
    """The route the candidates came from: the task's own, ``unknown`` or none."""
    load: LoadState
    candidates: tuple[ScoredCandidate, ...]
    """In candidate order (preferred, route, purpose/tag), not score order; candidates
    dropped for a missing capability come last."""
    decision: Decision

    def as_dict(self) -> dict[str, Any]:
        ranking = {name: rank for rank, name in enumerate(self._ranked(), start=1)}
        return {
            "classification": self.classification.as_dict(),
            "options": self.options.as_dict(),
            "route": self.route_key,
            "load": self.load.as_dict(),
            "candidates": [
                {**row.as_dict(), "rank": ranking.get(row.name)} for row in self.candidates
            ],
            "decision": self.decision.as_dict(),
        }

    def _ranked(self) -> list[str]:
        chosen = self.decision.model
        rest = self.decision.fallback_models
        return [chosen, *rest] if chosen is not None else list(rest)


def classify_request(
    classifier: Classifier, request: ClassifierInput, options: RequestOptions
) -> Classification:
    """The client's forced task type when it gave one, else the classifier's answer."""
    if options.task_type is not None:
        tokens = estimate_tokens(request_text(request.messages))
        return explicit_classification(options.task_type, estimated_tokens=tokens)
    return classifier.classify(request)


def evaluate(
    policy: RoutingPolicy,
    classification: Classification,
    options: RequestOptions,
    view: StateView,
    *,
    needs: RequestNeeds | None = None,
    session: SessionView | None = None,
) -> DryRun:
    """Candidates, blocks, scores and the decision, with every intermediate kept.

    With ``needs``, candidates that cannot serve the request (``view.capabilities``) are
    dropped before scoring; the dry-run still lists them, blocked as ``capability``.
    """
    task_type = classification.task_type
    candidates, route_key = build_candidates(policy, task_type, options)
    screen = screen_candidates(policy, candidates, options, needs, view.capabilities)
    candidates = screen.kept
    free_mb = free_vram_mb(policy, view)
    demoted = view.tool_demoted if needs is not None and "tools" in needs.capabilities else None
    if policy.strategy == "residency":
        scored = score_by_residency(
            policy, classification, options, view, candidates, route_key, session, demoted
        )
    else:
        scored = [
            score_by_reference(policy, classification, options, view, candidate, free_mb, demoted)
            for candidate in candidates
        ]
    load = assess_load(policy, view, free_mb)
    decision = screen.settle(decide(task_type, scored, options=options, load=load, view=view))
    rows = (*scored, *screen.rows())
    return DryRun(classification, options, route_key, load, rows, decision)


def score_by_reference(
    policy: RoutingPolicy,
    classification: Classification,
    options: RequestOptions,
    view: StateView,
    candidate: Candidate,
    free_mb: float,
    demoted: frozenset[str] | None = None,
) -> ScoredCandidate:
    """The ``reference`` strategy: the original additive score and blocks, kept exactly.
    A model ``demoted`` for tool use scores as one from outside the task's route: no
    route or purpose bonus (a pinned model is never demoted)."""
    spec = policy.models[candidate.name]
    components = score_components(
        spec,
        task_type=classification.task_type,
        complexity=classification.complexity,
        route_index=candidate.route_index,
        preferred_index=candidate.preferred_index,
        view=view,
        free_mb=free_mb,
    )
    if demoted and candidate.name in demoted and candidate.source != "pinned":
        components = components._replace(route_position=0.0, purpose=0.0)
    blocks = find_blocks(
        spec, view, policy=policy, require_gpu_only=options.require_gpu_only, free_mb=free_mb
    )
    return ScoredCandidate(candidate, blocks, components, components.total)


def route_request(
    policy: RoutingPolicy,
    classification: Classification,
    options: RequestOptions,
    view: StateView,
    *,
    needs: RequestNeeds | None = None,
    session: SessionView | None = None,
) -> Decision:
    """The routing decision for one request."""
    return evaluate(policy, classification, options, view, needs=needs, session=session).decision

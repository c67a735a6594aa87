"""Late binding: a waiting request may move to another candidate that becomes the
sooner choice while it waits (the ``residency`` strategy only).

The scheduler owns the queues and asks, for an idle resident model, whether the first
waiting request that lists it should move; this module answers by running routing
again on the live view: the move happens only when the other model is expected to
finish the request clearly sooner (``REBIND_MARGIN_MS``, or a tenth).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ollama_agent_router.classification import Classification
from ollama_agent_router.jobs.manager import Binding
from ollama_agent_router.jobs.model import Job
from ollama_agent_router.routing import (
    RequestOptions,
    RoutingPolicy,
    StateView,
    default_options,
    evaluate,
)
from ollama_agent_router.routing.fleet import NodeView, split_qualified, with_in_flight
from ollama_agent_router.scheduling import Ticket

REBIND_MARGIN_MS = 250.0
"""A waiting request moves only when the other model is expected this much (or a tenth)
sooner."""

NO_BINDING: Binding = (frozenset(), None)


class LateBinding:
    """Answers the scheduler's "should this ticket move there?" for requests and jobs."""

    def __init__(self, policy: RoutingPolicy, view: Callable[[], StateView]) -> None:
        self._policy = policy
        self._view = view

    def for_request(
        self,
        classification: Classification,
        options: RequestOptions,
        model: str,
        candidates: Iterable[str],
    ) -> Binding:
        """The other unblocked candidates of a decision, and the judge of a move."""
        if not self.estimates():
            return NO_BINDING
        alternatives = frozenset(candidates) - {model}
        if not alternatives:
            return NO_BINDING

        def sooner_there(ticket: Ticket, target: str) -> bool:
            return self.sooner_elsewhere(classification, options, ticket.model, target)

        return alternatives, sooner_there

    def estimates(self) -> bool:
        """Whether moves can be judged: only the residency strategy estimates finishes."""
        return self._policy.strategy == "residency"

    def for_job(self, job: Job) -> Binding:
        """A queued job's binding (the ``JobManager`` asks at every admission): the other
        candidates its decision had, judged with its stored classification."""
        listed = job.meta.get("alternatives")
        stored = job.meta.get("classification")
        if not isinstance(listed, list) or not isinstance(stored, dict):
            return NO_BINDING
        names = [m for m in listed if isinstance(m, str) and m in self._policy.models]
        classification = classification_from_dict(stored, job.task_type)
        return self.for_request(
            classification, default_options(self._policy), job.selected_model, names
        )

    def sooner_elsewhere(
        self, classification: Classification, options: RequestOptions, current: str, target: str
    ) -> bool:
        """Whether ``target`` is now expected to finish the request clearly sooner than
        the model it waits for."""
        dry = evaluate(self._policy, classification, options, self._view())
        rows = {row.name: row for row in dry.candidates}
        here, there = rows.get(current), rows.get(target)
        if here is None or there is None or there.blocks:
            return False
        if here.estimate is None or there.estimate is None:
            return False
        margin = max(REBIND_MARGIN_MS, 0.1 * here.estimate.total_ms)
        return there.estimate.total_ms + margin < here.estimate.total_ms


def classification_from_dict(data: dict[str, Any], task_type: str) -> Classification:
    """A stored classification (``Classification.as_dict``) back as the object."""
    complexity = data.get("complexity")
    confidence = data.get("confidence")
    tokens = data.get("estimatedTokens")
    return Classification(
        task_type=str(data.get("taskType") or task_type),
        complexity=complexity if complexity in ("light", "medium", "heavy") else "medium",
        requires_large_context=data.get("requiresLargeContext") is True,
        requires_tool_use=data.get("requiresToolUse") is True,
        confidence=float(confidence) if isinstance(confidence, int | float) else 1.0,
        mode=str(data.get("mode") or "stored"),
        estimated_tokens=tokens if isinstance(tokens, int) else 0,
    )


class FleetLateBinding(LateBinding):
    """Late binding between nodes (a fleet gateway): a request waiting at the gateway
    for ``model@node`` moves to another node's candidate of its decision when that one
    frees up and is now expected to finish clearly sooner, each judged by its node's own
    estimate over the view it published (with the gateway's calls in flight counted).
    Jobs live on their nodes: they never move here."""

    def __init__(
        self,
        policy: RoutingPolicy,
        nodes: Callable[[], Sequence[NodeView]],
        in_flight: Callable[[], tuple[Mapping[str, int], Mapping[str, int]]],
    ) -> None:
        super().__init__(policy, lambda: StateView())
        self._nodes = nodes
        self._in_flight = in_flight

    def estimates(self) -> bool:
        return True  # each node's own estimate judges (``_finish_on``)

    def for_job(self, job: Job) -> Binding:
        return NO_BINDING

    def sooner_elsewhere(
        self, classification: Classification, options: RequestOptions, current: str, target: str
    ) -> bool:
        nodes = {n.node: n for n in with_in_flight(self._nodes(), *self._in_flight())}
        here = _finish_on(nodes, classification, options, current)
        there = _finish_on(nodes, classification, options, target)
        if here is None or there is None:
            return False
        margin = max(REBIND_MARGIN_MS, 0.1 * here)
        return there + margin < here


def _finish_on(
    nodes: Mapping[str, NodeView],
    classification: Classification,
    options: RequestOptions,
    name: str,
) -> float | None:
    """When ``model@node`` is expected to finish the request, by its node's estimate."""
    model, node_id = split_qualified(name)
    node = nodes.get(node_id or "")
    if node is None or model not in node.policy.models:
        return None
    pinned = replace(options, pinned_model=model, preferred_models=(), forbidden_models=())
    decision = evaluate(node.policy, classification, pinned, node.view).decision
    estimate = decision.estimate
    if decision.model != model or estimate is None:
        return None
    return estimate.finish_ms + estimate.penalty_ms + estimate.displaced_ms

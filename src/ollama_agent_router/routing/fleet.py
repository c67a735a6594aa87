"""Placement across nodes: the same decision as on one node, run for every node over
that node's own policy and state, then the soonest finish wins.

A candidate at the gateway is a (node, model) pair, named ``model@node`` (node ids
never contain ``@``; see ``qualified``). Each node's evaluation is exactly what the node
would decide for itself (``engine.evaluate`` over the ``StateView`` it publishes), so a
request for a model goes where that model is loaded, a long prompt goes to a node whose
model's real context holds it, and a load is priced where it would happen. Pure: plain
data in, a decision out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ollama_agent_router.classification import Classification
from ollama_agent_router.routing.capabilities import RequestNeeds
from ollama_agent_router.routing.decision import Decision
from ollama_agent_router.routing.engine import DryRun, evaluate
from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.policy import RoutingPolicy
from ollama_agent_router.routing.session import SessionView
from ollama_agent_router.routing.state import StateView

SEPARATOR = "@"
TIE_MS = 50.0
"""Finishes this close count as equal; the node weight then decides."""


def qualified(model: str, node: str) -> str:
    """The gateway's name of ``model`` on ``node``."""
    return f"{model}{SEPARATOR}{node}"


def split_qualified(name: str) -> tuple[str, str | None]:
    """``(model, node)`` of a gateway name; ``node`` is ``None`` for a plain name."""
    model, sep, node = name.rpartition(SEPARATOR)
    if not sep or not model or not node or "/" in node or ":" in node:
        return name, None
    return model, node


@dataclass(frozen=True, slots=True)
class NodeView:
    """One node as the gateway knows it: its routing config and its published state."""

    node: str
    policy: RoutingPolicy
    view: StateView
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class FleetEvaluation:
    """Every node's own evaluation and the fleet's decision (names qualified)."""

    decision: Decision
    node: str | None
    """The node the request goes to; ``None`` when it is rejected."""
    nodes: Mapping[str, DryRun]
    skipped: Mapping[str, str]
    """Nodes not evaluated, and why (not serving the pinned model, unavailable)."""

    def as_dict(self) -> dict[str, Any]:
        chosen = self.nodes.get(self.node) if self.node is not None else None
        return {
            "node": self.node,
            "decision": self.decision.as_dict(),
            "classification": chosen.classification.as_dict() if chosen is not None else None,
            "nodes": {node: run.as_dict() for node, run in self.nodes.items()},
            "skipped": dict(self.skipped),
        }


def session_on(node: str, session: SessionView | None) -> SessionView | None:
    """The session as ``node`` sees it: its model and prompt caches there, plain names."""
    if session is None:
        return None

    def here(counts: Mapping[str, int]) -> dict[str, int]:
        out = {}
        for name, tokens in counts.items():
            model, where = split_qualified(name)
            if where == node:
                out[model] = tokens
        return out

    model, where = split_qualified(session.model) if session.model else (None, None)
    return replace(
        session,
        model=model if where == node else None,
        cached_tokens=here(session.cached_tokens),
        evicts=here(session.evicts),
        warm=here(session.warm),
    )


def with_in_flight(
    nodes: Sequence[NodeView], running: Mapping[str, int], queued: Mapping[str, int]
) -> tuple[NodeView, ...]:
    """Each node's view with the gateway's own calls to it counted: a node publishes its
    state once a poll, so calls the gateway sent since would otherwise be invisible and
    every request of a burst would go to the same node. Per model, the larger of what
    the node said and what the gateway has in flight there (``model@node`` counts)."""
    out = []
    for node in nodes:
        view = node.view
        run, wait = dict(view.running), dict(view.queued)
        changed = False
        for model, spec in node.policy.models.items():
            name = qualified(model, node.node)
            ours = running.get(name, 0) + queued.get(name, 0)
            theirs = run.get(model, 0) + wait.get(model, 0)
            if ours <= theirs:
                continue
            busy = min(ours, max(spec.max_concurrent, run.get(model, 0)))
            run[model], wait[model] = busy, ours - busy
            changed = True
        out.append(replace(node, view=replace(view, running=run, queued=wait)) if changed else node)
    return tuple(out)


def place(
    nodes: Sequence[NodeView],
    classification: Classification,
    options: RequestOptions,
    *,
    needs: RequestNeeds | None = None,
    session: SessionView | None = None,
    unavailable: Mapping[str, str] | None = None,
    reference: RoutingPolicy | None = None,
) -> FleetEvaluation:
    """Each node decides for itself; the gateway ranks their choices as one node ranks
    its candidates, the soonest finish winning wherever time is at stake (``_rank``),
    with route positions read in the fleet's union of routes (``reference``): a node
    that lacks a route's first choice does not make its second choice first. A session
    stays on the node that served its last turn while that node can serve it."""
    runs: dict[str, DryRun] = {}
    skipped: dict[str, str] = dict(unavailable or {})
    for node in nodes:
        node_options = _options_on(node, options)
        if node_options is None:
            skipped[node.node] = f"does not serve {options.pinned_model}"
            continue
        mine = session_on(node.node, session)
        if mine is not None and node.view.residency is not None:
            mine = mine.resident(node.view.residency.residents)
        runs[node.node] = evaluate(
            node.policy, classification, node_options, node.view, needs=needs, session=mine
        )
    by_name = {node.node: node for node in nodes}
    viable = [name for name, run in runs.items() if run.decision.type != "reject"]
    stake = any(
        (estimate := runs[name].decision.estimate) is not None and estimate.at_stake
        for name in viable
    )
    ranked = sorted(
        viable, key=lambda name: _rank(runs[name], by_name[name], reference, at_stake=stake)
    )
    sticky = _session_node(session, runs)
    if sticky is not None and sticky in ranked:
        ranked.remove(sticky)
        ranked.insert(0, sticky)
    if not ranked:
        return FleetEvaluation(_rejected(runs, skipped, classification), None, runs, skipped)
    chosen = ranked[0]
    return FleetEvaluation(_merged(chosen, ranked, runs), chosen, runs, skipped)


def _options_on(node: NodeView, options: RequestOptions) -> RequestOptions | None:
    """The request's options at ``node``: a pinned model it lacks rules it out; lists of
    preferred and forbidden models keep only the names it has."""
    models = node.policy.models
    if options.pinned_model is not None and options.pinned_model not in models:
        return None
    return replace(
        options,
        preferred_models=tuple(m for m in options.preferred_models if m in models),
        forbidden_models=tuple(m for m in options.forbidden_models if m in models),
    )


def _rank(
    run: DryRun, node: NodeView, reference: RoutingPolicy | None, *, at_stake: bool
) -> tuple[int, float, float, int, float]:
    """Sync before async (a job waits), then the estimate (in ``TIE_MS`` steps), then
    the heavier node, then the less busy one, then the higher score (the reference
    strategy's order).

    The estimate ranks as on one node (``Estimate.total_ms``: where nothing is at stake,
    route order means quality and time counts little), except that when any node's
    choice has something at stake (a wait, displaced work, a session, a long prompt),
    every node's choice is ranked by its whole finish: between nodes the same model is
    the same quality, and an idle node that must load it is sooner than a busy one that
    has it only if its load is shorter than the wait."""
    decision = run.decision
    total = 0.0
    estimate = decision.estimate
    if estimate is not None:
        if at_stake:
            total = estimate.finish_ms + estimate.penalty_ms + estimate.displaced_ms
        else:
            total = estimate.total_ms
        total += _route_shift(run, node.policy, reference)
    sync = 0 if decision.type == "sync" else 1
    busy = node.view.total_queued + sum(node.view.running.values())
    return (sync, round(total / TIE_MS), -node.weight, busy, -decision.score)


def _route_shift(run: DryRun, policy: RoutingPolicy, reference: RoutingPolicy | None) -> float:
    """The route-position penalty as the fleet's route places the chosen model, less
    what the node's own (maybe shorter) route charged."""
    model, key = run.decision.model, run.route_key
    if reference is None or model is None or key is None:
        return 0.0
    own, fleet = policy.route_lists.get(key, ()), reference.route_lists.get(key, ())
    if model not in own or model not in fleet:
        return 0.0
    return policy.penalties.route_position_ms * (fleet.index(model) - own.index(model))


def _session_node(session: SessionView | None, runs: Mapping[str, DryRun]) -> str | None:
    if session is None or session.model is None:
        return None
    _, node = split_qualified(session.model)
    return node if node in runs else None


def _merged(chosen: str, ranked: Sequence[str], runs: Mapping[str, DryRun]) -> Decision:
    """The chosen node's decision in gateway names; fallbacks: the other nodes' choices
    (a node that fails is likely to fail again), then the chosen node's own."""
    decision = runs[chosen].decision
    assert decision.model is not None
    others = [runs[name].decision for name in ranked[1:]]
    fallback = [
        qualified(d.model, name) for d, name in zip(others, ranked[1:], strict=True) if d.model
    ]
    fallback += [qualified(m, chosen) for m in decision.fallback_models]
    blocked = {qualified(m, chosen) for m in decision.blocked_fallback_models}
    return replace(
        decision,
        model=qualified(decision.model, chosen),
        reason=f"{decision.reason} (node {chosen})",
        fallback_models=tuple(
            [m for m in fallback if m not in blocked] + [m for m in fallback if m in blocked]
        ),
        blocked_fallback_models=tuple(m for m in fallback if m in blocked),
        blocks={qualified(m, chosen): b for m, b in decision.blocks.items()},
    )


def _rejected(
    runs: Mapping[str, DryRun], skipped: Mapping[str, str], classification: Classification
) -> Decision:
    """No node can run it: a 400 when every node refused it for what it needs (context,
    capability), else a 503 naming each node's reason."""
    reasons = [f"{name}: {run.decision.reason}" for name, run in runs.items()]
    reasons += [f"{name}: {why}" for name, why in skipped.items()]
    decisions = [run.decision for run in runs.values()]
    status = 400 if decisions and all(d.status_code == 400 for d in decisions) else 503
    first = decisions[0] if decisions else None
    reason = "; ".join(reasons) or "no node is configured"
    if first is not None and status == 400:  # what it needs (a context, a capability)
        blocks = {
            qualified(model, name): why
            for name, run in runs.items()
            for model, why in run.decision.blocks.items()
        }
        return replace(first, reason=f"No node can run this request: {reason}", blocks=blocks)
    return Decision(
        type="reject",
        task_type=classification.task_type,
        model=None,
        score=0.0,
        reason=f"No node can run this request now: {reason}",
        rule="all_blocked",
        fallback_models=(),
        blocked_fallback_models=(),
        position=None,
        status_code=503,
        blocks={},
        heavy_load=first.heavy_load if first is not None else False,
    )

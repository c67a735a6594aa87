"""The one plan: a request body → its options, its label, its session, its decision.

The gateway plans every face's request with ``plan_request``, the status dry-run
(``POST /v1/router/route``) serves the same plan's evaluation, and ``oar route`` runs it
offline over a view built from its flags; only what they pass in differs (a classifier
that may await a model, the live view or a made-up one, a session lookup or none).
``direct_plan`` is the plan of a request another router already decided (the runtime
plane).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ollama_agent_router.classification import Classification, ClassifierInput
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.jobs.model import Submitter
from ollama_agent_router.pipeline.payload import check_chat_body
from ollama_agent_router.routing import (
    Decision,
    RequestOptions,
    RoutingPolicy,
    StateView,
    evaluate,
    parse_options,
)
from ollama_agent_router.routing.capabilities import ModelCapabilities, RequestKind, request_needs
from ollama_agent_router.routing.engine import DryRun
from ollama_agent_router.routing.fleet import (
    FleetEvaluation,
    NodeView,
    place,
    qualified,
    with_in_flight,
)
from ollama_agent_router.routing.session import (
    SessionView,
    prefix_digests,
    session_classification,
)
from ollama_agent_router.tasks import Priority

Classify = Callable[[ClassifierInput, RequestOptions], Awaitable[Classification]]
"""The request's label (an I/O classifier may await a model)."""
SessionLookup = Callable[[tuple[tuple[str, int], ...]], Awaitable[SessionView]]
"""The request's session as the book has it, given its prompt digests."""


@dataclass(slots=True)
class Plan:
    """A request after parse, classify and decide."""

    body: dict[str, Any]
    options: RequestOptions
    classification: Classification
    decision: Decision
    stream: bool
    submitter: Submitter | None = None
    """Who submits it, and its ``Idempotency-Key``: recorded if it becomes a job."""
    contexts: Mapping[str, ModelCapabilities] = field(default_factory=dict)
    """What routing knew of each model when it decided (the context it really runs
    with, for the ``router`` object)."""
    dropped: tuple[str, ...] = ()
    """Request fields left out for the model that ran it (``Gateway.fit``)."""
    session: SessionView | None = None
    """The session the request belongs to, as routing saw it."""
    digests: tuple[tuple[str, int], ...] = ()
    """Its prompt, message by message (what the session remembers once served)."""
    session_outcome: dict[str, Any] | None = None
    """Whether the turn stayed on its session's model, and why not (``router.session``)."""
    tool_check: dict[str, Any] | None = None
    """What the tool-call check did to the answer served (``router.toolCallCheck``):
    repaired, retried or passed through, and why (``pipeline.tool_calls``)."""
    evaluation: DryRun | FleetEvaluation | None = None
    """Everything behind the decision (every candidate's score or estimate; at a fleet
    gateway, every node's): what the dry-run serves; ``None`` for a plan another router
    decided."""
    node: str | None = None
    """The node it was placed on (a fleet gateway); ``None`` on a node."""

    def context_length(self, model: str) -> int | None:
        known = self.contexts.get(model)
        return known.context_length if known is not None else None


def request_options(
    body: Mapping[str, Any], policy: RoutingPolicy, *, jobs: bool
) -> RequestOptions:
    """The ``router`` options of a body; ``jobs=False`` for faces whose clients cannot
    take a 202 (the request then waits for its slot instead of becoming a job)."""
    options = parse_options(body, policy)
    if jobs:
        return options
    if options.mode == "async":
        raise BadRequestError(
            "router.mode: async jobs are served on /v1/chat/completions only; use sync or auto",
            param="router.mode",
        )
    return replace(options, allow_async=False)


class Placement(Protocol):
    """Where a labelled request runs: over one node's state, or across a fleet's."""

    def decide(
        self,
        body: dict[str, Any],
        options: RequestOptions,
        classification: Classification,
        *,
        kind: RequestKind,
        session: SessionView | None,
    ) -> Plan: ...


@dataclass(frozen=True, slots=True)
class OnNode:
    """This router's own models, over its live view (read when the decision is made)."""

    policy: RoutingPolicy
    view: Callable[[], StateView]

    def decide(
        self,
        body: dict[str, Any],
        options: RequestOptions,
        classification: Classification,
        *,
        kind: RequestKind,
        session: SessionView | None,
    ) -> Plan:
        return decide(
            self.policy, body, options, classification, self.view(), kind=kind, session=session
        )


@dataclass(frozen=True, slots=True)
class AcrossFleet:
    """A fleet gateway's nodes, each deciding over its own published state
    (``routing.fleet.place``); the plan names ``model@node``."""

    nodes: Callable[[], Sequence[NodeView]]
    unavailable: Callable[[], Mapping[str, str]]
    in_flight: Callable[[], tuple[Mapping[str, int], Mapping[str, int]]] | None = None
    """The gateway's own calls per ``model@node``: running (sent), queued (waiting)."""
    reference: Callable[[], RoutingPolicy | None] | None = None
    """The fleet's union of routes, by which route positions compare across nodes."""

    def decide(
        self,
        body: dict[str, Any],
        options: RequestOptions,
        classification: Classification,
        *,
        kind: RequestKind,
        session: SessionView | None,
    ) -> Plan:
        nodes = self.nodes()
        if self.in_flight is not None:
            nodes = with_in_flight(nodes, *self.in_flight())
        placed = place(
            nodes,
            classification,
            options,
            needs=request_needs(body, kind),
            session=session,
            unavailable=self.unavailable(),
            reference=self.reference() if self.reference is not None else None,
        )
        contexts: dict[str, ModelCapabilities] = {}
        for node in nodes:
            if node.node == placed.node:
                contexts = {qualified(m, node.node): c for m, c in node.view.capabilities.items()}
        return Plan(
            body,
            options,
            classification,
            placed.decision,
            body.get("stream") is True,
            contexts=contexts,
            session=session,
            evaluation=placed,
            node=placed.node,
        )


async def plan_request(
    body: dict[str, Any],
    *,
    policy: RoutingPolicy,
    classify: Classify,
    placement: Placement,
    kind: RequestKind = "chat",
    jobs: bool = True,
    session: SessionLookup | None = None,
) -> Plan:
    """Parse, classify, look the session up, decide. The placement reads its state only
    after the awaits, so the decision sees the state as it is when it is made."""
    messages = check_chat_body(body)
    options = request_options(body, policy, jobs=jobs)
    tools = body.get("tools")
    classification = await classify(ClassifierInput(messages=messages, tools=tools), options)
    if session is None or kind != "chat":
        return placement.decide(body, options, classification, kind=kind, session=None)
    digests = prefix_digests(messages, tools)
    known = await session(digests)
    if options.task_type is None:
        classification = session_classification(known, classification)
    plan = placement.decide(body, options, classification, kind=kind, session=known)
    plan.digests = digests
    return plan


def decide(
    policy: RoutingPolicy,
    body: dict[str, Any],
    options: RequestOptions,
    classification: Classification,
    view: StateView,
    *,
    kind: RequestKind = "chat",
    session: SessionView | None = None,
) -> Plan:
    """The decision over ``view``, for a request whose label is known."""
    if session is not None and view.residency is not None:
        session = session.resident(view.residency.residents)
    needs = request_needs(body, kind)
    evaluation = evaluate(policy, classification, options, view, needs=needs, session=session)
    return Plan(
        body,
        options,
        classification,
        evaluation.decision,
        body.get("stream") is True,
        contexts=view.capabilities,
        session=session,
        evaluation=evaluation,
    )


def direct_plan(
    policy: RoutingPolicy,
    body: dict[str, Any],
    model: str,
    *,
    classification: Classification,
    priority: Priority,
    reason: str,
    score: float = 0.0,
    stream: bool = False,
    max_execution_time_ms: int | None = None,
) -> Plan:
    """A plan that runs exactly ``model``: no classification, no routing, no fallback
    (the runtime-agent plane, where the gateway in front already decided)."""
    defaults = policy.defaults
    options = RequestOptions(
        mode="sync",
        allow_async=False,
        task_type=classification.task_type,
        priority=priority,
        max_queue_time_ms=defaults.max_queue_time_ms,
        max_execution_time_ms=max_execution_time_ms or defaults.max_execution_time_ms,
        require_gpu_only=False,
        pinned_model=model,
        has_router_object=True,
    )
    decision = Decision.decided_elsewhere(model, classification.task_type, reason, score)
    return Plan(body, options, classification, decision, stream=stream)

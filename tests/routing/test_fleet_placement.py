"""Placement across nodes (``routing/fleet.py``): every node decides over its own state,
the soonest finish (or, under the reference strategy, the best score) wins, a session
stays on its node; names are ``model@node``."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml
from tests.routing.routing_helpers import EXAMPLES, classified, gex44_policy, options

from ollama_agent_router.config import parse_config
from ollama_agent_router.pipeline.binding import FleetLateBinding
from ollama_agent_router.routing import LoadedModel, RoutingPolicy, StateView
from ollama_agent_router.routing.fleet import (
    NodeView,
    place,
    qualified,
    session_on,
    split_qualified,
    with_in_flight,
)
from ollama_agent_router.routing.session import SessionKey, SessionView

POLICY = gex44_policy()
QWEN = "qwen2.5-coder:7b"
DEEP = "deepseek-coder:6.7b"
OSS = "gpt-oss:20b"
GB = 1024**3
LOADED_QWEN = StateView(loaded={QWEN: LoadedModel(QWEN, 5 * GB, 5 * GB)})
BUSY_QWEN = StateView(queued={QWEN: 3}, running={QWEN: 1})


def node(name: str, view: StateView = StateView(), weight: float = 1.0) -> NodeView:
    return NodeView(name, POLICY, view, weight)


@pytest.mark.parametrize(
    ("name", "model", "node_id"),
    [
        ("qwen2.5-coder:7b@node-a", "qwen2.5-coder:7b", "node-a"),
        ("B-A-M-N/vibethinker:1.5b@gpu.2", "B-A-M-N/vibethinker:1.5b", "gpu.2"),
        ("qwen2.5-coder:7b", "qwen2.5-coder:7b", None),  # a plain name
        ("model@sha256:abc", "model@sha256:abc", None),  # a digest is not a node
        ("@node", "@node", None),
    ],
)
def test_qualified_names_split_back(name: str, model: str, node_id: str | None) -> None:
    assert split_qualified(name) == (model, node_id)
    if node_id is not None:
        assert qualified(model, node_id) == name


PLACEMENTS = [
    # (id, nodes, task, router options, expected node, expected model)
    (
        "the node with the model loaded",
        [node("a"), node("b", LOADED_QWEN)],
        "code_fix",
        {},
        "b",
        QWEN,
    ),
    (
        "the same, the other way round",
        [node("a", LOADED_QWEN), node("b")],
        "code_fix",
        {},
        "a",
        QWEN,
    ),
    (
        "not the node whose queue is long",
        [node("a", BUSY_QWEN), node("b")],
        "code_fix",
        {},
        "b",
        QWEN,
    ),
    ("the heavier node on a tie", [node("a"), node("b", weight=2.0)], "code_fix", {}, "b", QWEN),
    ("first node on a full tie", [node("a"), node("b")], "code_fix", {}, "a", QWEN),
]


@pytest.mark.parametrize(
    ("nodes", "task", "router", "chosen", "model"),
    [pytest.param(*row[1:], id=row[0]) for row in PLACEMENTS],
)
def test_placement(
    nodes: list[NodeView], task: str, router: dict[str, str], chosen: str, model: str
) -> None:
    placed = place(nodes, classified(task), options(POLICY, **router))
    assert placed.node == chosen
    assert placed.decision.model == qualified(model, chosen)
    assert set(placed.nodes) == {n.node for n in nodes}
    # the other nodes' choices come first among the fallbacks: a node that failed once
    # is likely to fail again
    others = [n.node for n in nodes if n.node != chosen]
    assert [split_qualified(m)[1] for m in placed.decision.fallback_models[: len(others)]] == others


def test_a_pinned_model_only_goes_where_it_is_served() -> None:
    small = replace(POLICY, models={k: v for k, v in POLICY.models.items() if k != OSS})
    nodes = [NodeView("small", small, StateView()), node("big")]
    pinned = replace(options(POLICY), pinned_model=OSS)
    placed = place(nodes, classified("planning"), pinned)
    assert placed.node == "big"
    assert placed.skipped == {"small": f"does not serve {OSS}"}


def test_a_session_stays_on_its_node_while_it_can_serve() -> None:
    key = SessionKey("s1", "prompt_cache_key")
    session = SessionView(key, model=qualified(QWEN, "a"), task_type="code_fix", turns=2)
    nodes = [node("a", BUSY_QWEN), node("b", LOADED_QWEN)]  # b would win without it
    placed = place(nodes, classified("code_fix"), options(POLICY), session=session)
    assert placed.node == "a"
    # on its node, the model is the node's own call with the session (its routing
    # prices the session's cached prompt: tests/routing/test_session.py)
    own = placed.nodes["a"].decision.model
    assert own is not None
    assert placed.decision.model == qualified(own, "a")
    alone = place(nodes, classified("code_fix"), options(POLICY))
    assert alone.node == "b"


def test_the_session_as_one_node_sees_it() -> None:
    key = SessionKey("s1", "prompt_cache_key")
    session = SessionView(
        key,
        model=qualified(QWEN, "a"),
        cached_tokens={qualified(QWEN, "a"): 900, qualified(QWEN, "b"): 50},
        warm={qualified(DEEP, "b"): 300},
    )
    on_a, on_b = session_on("a", session), session_on("b", session)
    assert on_a is not None
    assert on_b is not None
    assert (on_a.model, dict(on_a.cached_tokens), dict(on_a.warm)) == (QWEN, {QWEN: 900}, {})
    assert (on_b.model, dict(on_b.cached_tokens), dict(on_b.warm)) == (
        None,
        {QWEN: 50},
        {DEEP: 300},
    )


def test_no_node_at_all_is_a_503_naming_why() -> None:
    placed = place([], classified("code_fix"), options(POLICY), unavailable={"a": "refused"})
    assert placed.node is None
    assert placed.decision.type == "reject"
    assert placed.decision.status_code == 503
    assert "a: refused" in placed.decision.reason


def test_what_no_node_can_hold_is_a_400() -> None:
    nodes = [node("a"), node("b")]
    pinned = replace(options(POLICY), pinned_model="no-such-model")
    placed = place(nodes, classified("code_fix"), pinned)
    assert placed.node is None
    assert placed.decision.status_code == 503  # skipped everywhere: nothing to run it now
    assert set(placed.skipped) == {"a", "b"}


def test_the_evaluation_serves_the_dry_run() -> None:
    placed = place([node("a"), node("b", LOADED_QWEN)], classified("code_fix"), options(POLICY))
    out = placed.as_dict()
    assert out["node"] == "b"
    assert set(out["nodes"]) == {"a", "b"}
    assert out["decision"]["model"] == qualified(QWEN, "b")


def gex44_without(*names: str, strategy: str = "residency") -> RoutingPolicy:
    data = yaml.safe_load((EXAMPLES / "gex44.yaml").read_text(encoding="utf-8"))
    data["router"]["strategy"] = strategy
    data["models"] = [m for m in data["models"] if m["name"] not in names]
    data["routes"] = {
        task: [m for m in route if m not in names]
        for task, route in data["routes"].items()
        if any(m not in names for m in route)
    }
    return RoutingPolicy.from_config(parse_config(data))


def test_a_routes_first_choice_is_not_beaten_by_a_node_that_lacks_it() -> None:
    """On a node without gpt-oss, qwen heads the agentic_reasoning route; across the
    fleet it is still the route's second choice, and pays for it as on one node."""
    big, small = gex44_without(), gex44_without(OSS)
    nodes = [NodeView("small", small, StateView()), NodeView("big", big, StateView())]
    plan = classified("agentic_reasoning")
    blind = place(nodes, plan, options(big))
    assert blind.node == "small"  # each node's own order alone: qwen heads small's route
    placed = place(nodes, plan, options(big), reference=big)
    assert placed.node == "big"
    assert placed.decision.model == qualified(OSS, "big")


def test_the_gateways_calls_in_flight_count_until_the_node_reports_them() -> None:
    nodes = [node("a"), node("b")]
    running = {qualified(QWEN, "a"): 1}
    queued = {qualified(QWEN, "a"): 2}
    seen = with_in_flight(nodes, running, queued)
    assert (seen[0].view.running[QWEN], seen[0].view.queued[QWEN]) == (1, 2)
    assert seen[1] is nodes[1]  # nothing in flight there
    placed = place(seen, classified("code_fix"), options(POLICY))
    assert placed.node == "b"
    # a node that already reports more than the gateway sent keeps its own numbers
    busier = with_in_flight([node("a", BUSY_QWEN)], running, {})
    assert (busier[0].view.running[QWEN], busier[0].view.queued[QWEN]) == (1, 3)


def test_a_waiting_request_moves_to_a_node_that_frees_up_sooner() -> None:
    """Late binding between nodes (``pipeline/binding.FleetLateBinding``): judged by each
    node's own estimate, the gateway's calls in flight counted."""
    residency = gex44_policy("residency")
    busy = StateView(
        loaded={QWEN: LoadedModel(QWEN, 5 * GB, 5 * GB)}, running={QWEN: 1}, queued={QWEN: 2}
    )
    nodes = [NodeView("a", residency, busy), NodeView("b", residency, LOADED_QWEN)]
    binding = FleetLateBinding(residency, lambda: nodes, lambda: ({}, {}))
    fix = classified("code_fix")
    opts = options(residency)
    assert binding.sooner_elsewhere(fix, opts, qualified(QWEN, "a"), qualified(QWEN, "b"))
    assert not binding.sooner_elsewhere(fix, opts, qualified(QWEN, "b"), qualified(QWEN, "a"))
    alternatives, judge = binding.for_request(
        fix, opts, qualified(QWEN, "a"), [qualified(QWEN, "b")]
    )
    assert alternatives == {qualified(QWEN, "b")}
    assert judge is not None

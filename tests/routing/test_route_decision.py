"""SPEC §3.5: every branch of the sync/async/reject decision, and the dry-run form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.routing.routing_helpers import classified, model, policy

from ollama_agent_router.routing import (
    LoadedModel,
    StateView,
    evaluate,
    parse_options,
    route_request,
)
from ollama_agent_router.routing.decision import (
    REASON_ALL_BUSY,
    REASON_EXPLICIT_ASYNC,
    REASON_HEAVY_LOAD,
    REASON_NO_MODEL,
    REASON_PREFERRED_BUSY,
)

# a: 100 + 50 (route 0) + 50 + 25 (purpose) + 25 (headroom) = 250
# b: 100 + 42 (route 1) + 40 + 25 (headroom)                 = 207
POLICY = policy(
    [
        model("a", priority=50, purpose=["chat"]),
        model("b", priority=40),
        model("z", priority=10, sizeGb=64, tags=["big"]),
    ],
    {"chat": ["a", "b"], "big": ["z"]},
    gpu={"vramTotalMb": 16384, "maxGpuUtilizationPct": 90},
    router={"heavyLoadQueueDepth": 3, "heavyLoadGpuFreeMbThreshold": 2048},
)
SPLIT_A = LoadedModel("a", size_bytes=10, size_vram_bytes=5)


def run(view: StateView | None = None, *, plain: bool = False, **router: Any) -> Any:
    body: dict[str, Any] = {} if plain else {"router": router}
    opts = parse_options(body, POLICY)
    return evaluate(POLICY, classified("chat"), opts, view or StateView())


CASES = [
    # (label, router options, view, type, model, rule, reason or None for the sync text, score)
    ("best available", {}, None, "sync", "a", "best_available", None, 250),
    ("explicit async", {"mode": "async"}, None, "async", "a", "explicit_async",
     REASON_EXPLICIT_ASYNC, 250),
    ("explicit async beats allowAsync false", {"mode": "async", "allowAsync": False}, None,
     "async", "a", "explicit_async", REASON_EXPLICIT_ASYNC, 250),
    ("explicit async, all blocked", {"mode": "async", "requireGpuOnly": True},
     StateView(gpu_free_mb=0), "async", "a", "explicit_async", REASON_EXPLICIT_ASYNC, 0),
    ("heavy by queue depth", {}, StateView(queued={"other": 3}), "async", "a", "heavy_load",
     REASON_HEAVY_LOAD, 250),
    ("queue below depth", {}, StateView(queued={"b": 2}), "sync", "a", "best_available",
     None, 250),
    ("heavy by free VRAM", {}, StateView(gpu_free_mb=2047), "async", "a", "heavy_load",
     REASON_HEAVY_LOAD, 250 - 25 + 1023 / 512),
    ("free VRAM at threshold", {}, StateView(gpu_free_mb=2048), "sync", "a",
     "best_available", None, 227),
    ("heavy by utilisation", {}, StateView(gpu_utilization_pct=90.5), "async", "a",
     "heavy_load", REASON_HEAVY_LOAD, 250),
    ("utilisation at max", {}, StateView(gpu_utilization_pct=90), "sync", "a",
     "best_available", None, 250),
    ("heavy but mode sync", {"mode": "sync"}, StateView(queued={"b": 9}), "sync", "a",
     "best_available", None, 250),
    ("heavy but allowAsync false", {"allowAsync": False}, StateView(queued={"b": 9}), "sync",
     "a", "best_available", None, 250),
    ("heavy, all gpu-blocked: first candidate", {"requireGpuOnly": True},
     StateView(gpu_free_mb=0), "async", "a", "heavy_load", REASON_HEAVY_LOAD, 0),
    ("first candidate busy, no preferences", {}, StateView(running={"a": 1}), "async", "a",
     "preferred_busy", REASON_PREFERRED_BUSY, 0),
    ("second candidate busy only", {}, StateView(running={"b": 1}), "sync", "a",
     "best_available", None, 250),
    ("preferred busy", {"preferredModels": ["b"]}, StateView(running={"b": 1}), "async", "b",
     "preferred_busy", REASON_PREFERRED_BUSY, 0),
    ("any busy preferred counts", {"preferredModels": ["a", "b"]}, StateView(running={"b": 1}),
     "async", "b", "preferred_busy", REASON_PREFERRED_BUSY, 0),
    ("preferred idle, route head busy", {"preferredModels": ["b"]}, StateView(running={"a": 1}),
     "sync", "b", "best_available", None, 207 + 80),
    ("preferred busy beats heavy load", {"preferredModels": ["b"]},
     StateView(running={"b": 1}, queued={"a": 5}), "async", "b", "preferred_busy",
     REASON_PREFERRED_BUSY, 0),
    ("preferred busy but mode sync", {"mode": "sync", "preferredModels": ["b"]},
     StateView(running={"b": 1}), "sync", "a", "best_available", None, 250),
    ("all blocked, one busy", {"requireGpuOnly": True},
     StateView(loaded={"a": SPLIT_A}, running={"b": 1}), "async", "a", "all_busy",
     REASON_ALL_BUSY, 0),
    ("all blocked, busy, mode sync", {"mode": "sync", "requireGpuOnly": True},
     StateView(loaded={"a": SPLIT_A}, running={"b": 1}), "reject", None, "all_blocked",
     "a: gpu_only (loaded but split between CPU and GPU); b: busy (1/1 running)", 0),
    ("all blocked, busy, allowAsync false", {"allowAsync": False, "requireGpuOnly": True},
     StateView(loaded={"a": SPLIT_A}, running={"b": 1}), "reject", None, "all_blocked",
     "a: gpu_only (loaded but split between CPU and GPU); b: busy (1/1 running)", 0),
    ("all gpu-blocked, not heavy", {"requireGpuOnly": True}, StateView(gpu_free_mb=1000),
     "async", "a", "heavy_load", REASON_HEAVY_LOAD, 0),
    ("all gpu-blocked, sync", {"requireGpuOnly": True, "mode": "sync"},
     StateView(gpu_free_mb=1000), "reject", None, "all_blocked",
     "a: gpu_only (needs 1024 MB VRAM, 1000 MB free); b: gpu_only (needs 1024 MB VRAM, 1000 MB "
     "free)", 0),
    ("forbidden all", {"forbiddenModels": ["a", "b"]}, None, "reject", None, "no_candidates",
     REASON_NO_MODEL, 0),
    ("forbidden first", {"forbiddenModels": ["a"]}, None, "sync", "b", "best_available", None,
     207),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "router", "view", "kind", "model_name", "rule", "reason", "score"), CASES
)
def test_decision_branches(
    label: str,
    router: dict[str, Any],
    view: StateView | None,
    kind: str,
    model_name: str | None,
    rule: str,
    reason: str | None,
    score: float,
) -> None:
    decision = run(view, **router).decision
    assert (decision.type, decision.model, decision.rule) == (kind, model_name, rule), label
    assert decision.score == pytest.approx(score), label
    expected = reason or f"Selected {model_name} for chat with score {score:.1f}"
    assert decision.reason == expected, label
    assert decision.status_code == {"sync": 200, "async": 202, "reject": 503}[kind]


def test_plain_client_is_never_deferred() -> None:
    busy = StateView(running={"a": 1}, queued={"b": 9})
    assert run(busy, plain=True).decision.type == "sync"
    assert run(busy).decision.type == "async"
    blocked = StateView(running={"a": 1, "b": 1})
    assert run(blocked, plain=True).decision.type == "reject"


def test_async_position_counts_waiting_jobs_on_that_model() -> None:
    decision = run(StateView(queued={"a": 4}), mode="async").decision
    assert (decision.model, decision.position) == ("b", 1)  # a lost 72 points to its queue
    decision = run(StateView(queued={"a": 2, "b": 2}), mode="async").decision
    assert (decision.model, decision.position) == ("a", 3)
    assert run().decision.position is None


def test_fallbacks_list_available_then_blocked_by_score() -> None:
    pol = policy(
        [model(n, priority=p) for n, p in [("w", 1), ("x", 2), ("y", 3), ("v", 4)]],
        {"chat": ["w", "x", "y", "v"]},
        gpu={"vramTotalMb": 16384},
    )
    view = StateView(running={"v": 1, "w": 1})  # both busy (allowWhenBusy false)
    opts = parse_options({"router": {"mode": "sync"}}, pol)
    decision = route_request(pol, classified("chat"), opts, view)
    assert decision.model == "x"  # x: 42 + 2 beats y: 34 + 3
    assert decision.fallback_models == ("y", "w", "v")
    assert decision.blocked_fallback_models == ("w", "v")
    assert set(decision.blocks) == {"v", "w"}


def test_ties_keep_candidate_order() -> None:
    tied = policy(
        [model("p", tags=["t"]), model("q", tags=["t"]), model("r", tags=["t"])],
        {},
        gpu={"vramTotalMb": 16384},
    )
    decision = route_request(
        tied, classified("t"), parse_options({"router": {}}, tied), StateView()
    )
    assert (decision.model, decision.fallback_models) == ("p", ("q", "r"))


def test_purpose_only_and_tag_only_candidates_route() -> None:
    decision = run(None, preferredModels=[]).decision
    assert decision.model == "a"
    opts = parse_options({"router": {}}, POLICY)
    big = route_request(POLICY, classified("big"), opts, StateView())
    assert (big.model, big.type) == ("z", "sync")
    only_tag = policy([model("t", tags=["x"])], {}, gpu={"vramTotalMb": 4096})
    tagged = route_request(only_tag, classified("x"), parse_options({}, only_tag), StateView())
    assert (tagged.model, tagged.score) == ("t", 100 + 6)


def test_task_without_route_uses_unknown_route() -> None:
    pol = policy([model("u"), model("v")], {"unknown": ["v"]}, gpu={"vramTotalMb": 4096})
    dry = evaluate(pol, classified("summarize"), parse_options({}, pol), StateView())
    assert (dry.route_key, dry.decision.model) == ("unknown", "v")


def test_no_candidates_reject() -> None:
    pol = policy([model("u")], {}, gpu={"vramTotalMb": 4096})
    decision = route_request(pol, classified("chat"), parse_options({}, pol), StateView())
    assert (decision.type, decision.status_code, decision.reason) == (
        "reject",
        503,
        "No model available",
    )
    assert decision.fallback_models == ()


def test_pinned_model_is_still_subject_to_busy_rules() -> None:
    opts = parse_options({"model": "b", "router": {}}, POLICY)
    dry = evaluate(POLICY, classified("chat"), opts, StateView(running={"b": 1}))
    assert [r.name for r in dry.candidates] == ["b"]
    assert (dry.decision.type, dry.decision.model) == ("async", "b")
    opts = parse_options({"model": "b"}, POLICY)
    assert route_request(POLICY, classified("chat"), opts, StateView()).model == "b"


def test_dry_run_as_dict_is_json_ready_and_complete() -> None:
    dry = run(StateView(running={"b": 1}, gpu_free_mb=9000, gpu_utilization_pct=40))
    data = json.loads(json.dumps(dry.as_dict()))
    assert set(data) == {"classification", "options", "route", "load", "candidates", "decision"}
    assert data["route"] == "chat"
    assert data["load"]["heavy"] is False
    first, second = data["candidates"]
    assert (first["model"], first["rank"], first["available"]) == ("a", 1, True)
    assert set(first["components"]) == {
        "base",
        "routePosition",
        "priority",
        "purpose",
        "preferred",
        "loaded",
        "complexityCost",
        "vram",
        "queue",
        "running",
        "exclusive",
    }
    assert second["blocks"] == [{"kind": "busy", "detail": "1/1 running"}]
    assert data["decision"]["blocked"] == {"b": ["busy (1/1 running)"]}
    assert data["decision"]["fallbackModels"] == ["b"]
    assert data["decision"]["blockedFallbackModels"] == ["b"]
    assert data["decision"]["reason"].startswith("Selected a for chat with score ")


def test_heavy_load_reasons_are_reported() -> None:
    view = StateView(queued={"a": 3}, gpu_free_mb=100, gpu_utilization_pct=99)
    load = run(view).load
    assert load.heavy
    assert len(load.reasons) == 3
    assert run(StateView(gpu_free_mb=None)).load.has_gpu_snapshot is False

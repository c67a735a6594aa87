"""SPEC §3.4: every row of the scoring table alone, then together."""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import classified, model, options, policy

from ollama_agent_router.routing import LoadedModel, StateView, evaluate
from ollama_agent_router.routing.scoring import ScoreComponents, vram_delta

FULL = LoadedModel("m", size_bytes=1, size_vram_bytes=1)


def score_of(
    fields: dict[str, Any] | None = None,
    *,
    routes: dict[str, list[str]] | None = None,
    task: str = "chat",
    complexity: Any = "medium",
    view: StateView | None = None,
    gpu: dict[str, Any] | None = None,
    **router: Any,
) -> ScoreComponents:
    routes = {"chat": ["m"]} if routes is None else routes
    fillers = sorted({n for names in routes.values() for n in names} - {"m"})
    models = [model("m", **(fields or {})), *(model(name) for name in fillers)]
    pol = policy(models, routes, gpu=gpu or {})
    run = evaluate(pol, classified(task, complexity), options(pol, **router), view or StateView())
    (row,) = [row for row in run.candidates if row.name == "m"]
    assert row.score == row.components.total
    return row.components


ISOLATED = [
    # (label, kwargs for score_of, component name, expected delta)
    ("route position 0", {}, "routePosition", 50),
    ("route position 1", {"routes": {"chat": ["x", "m"]}}, "routePosition", 42),
    ("route position 6", {"routes": {"chat": [*"abcdef", "m"]}}, "routePosition", 2),
    ("route position 7 floors at 0", {"routes": {"chat": [*"abcdefg", "m"]}}, "routePosition", 0),
    ("not in route", {"fields": {"purpose": ["chat"]}, "routes": {}}, "routePosition", 0),
    ("priority", {"fields": {"priority": 37}}, "priority", 37),
    ("negative priority", {"fields": {"priority": -5}}, "priority", -5),
    ("purpose match", {"fields": {"purpose": ["chat"]}}, "purpose", 25),
    ("tag gives no purpose bonus", {"fields": {"tags": ["chat"]}}, "purpose", 0),
    ("preferred first", {"preferredModels": ["m"]}, "preferred", 80),
    ("preferred third", {"preferredModels": ["a", "b", "m"]}, "preferred", 60),
    ("loaded", {"view": StateView(loaded={"m": FULL})}, "loaded", 20),
    (
        "heavy + high",
        {"fields": {"costClass": "high"}, "complexity": "heavy"},
        "complexityCost",
        20,
    ),
    ("light + low", {"fields": {"costClass": "low"}, "complexity": "light"}, "complexityCost", 15),
    ("heavy + low", {"fields": {"costClass": "low"}, "complexity": "heavy"}, "complexityCost", 0),
    (
        "light + high",
        {"fields": {"costClass": "high"}, "complexity": "light"},
        "complexityCost",
        0,
    ),
    ("medium + high", {"fields": {"costClass": "high"}}, "complexityCost", 0),
    ("headroom", {"view": StateView(gpu_free_mb=1024 + 1536)}, "vram", 3),
    ("headroom fraction", {"view": StateView(gpu_free_mb=1024 + 256)}, "vram", 0.5),
    ("headroom capped", {"view": StateView(gpu_free_mb=1_000_000)}, "vram", 25),
    ("no snapshot uses total", {"gpu": {"vramTotalMb": 2048}}, "vram", 2),
    ("exactly required", {"view": StateView(gpu_free_mb=1024)}, "vram", 0),
    ("shortfall", {"view": StateView(gpu_free_mb=1000)}, "vram", -60),
    ("reserve counts", {"gpu": {"vramSafetyReserveMb": 512}}, "vram", -60),
    ("queue depth 2", {"view": StateView(queued={"m": 2})}, "queue", -36),
    ("other model's queue", {"view": StateView(queued={"x": 5})}, "queue", 0),
    ("running 2", {"view": StateView(running={"m": 2})}, "running", -50),
    (
        "exclusive running 2",
        {"fields": {"exclusive": True}, "view": StateView(running={"m": 2})},
        "exclusive",
        -160,
    ),
    ("exclusive idle", {"fields": {"exclusive": True}}, "exclusive", 0),
    ("running, not exclusive", {"view": StateView(running={"m": 1})}, "exclusive", 0),
]


@pytest.mark.parametrize(("label", "kwargs", "component", "delta"), ISOLATED)
def test_each_row_alone(label: str, kwargs: dict[str, Any], component: str, delta: float) -> None:
    components = score_of(**kwargs)
    values = components.as_dict()
    key = component
    assert values[key] == pytest.approx(delta), label
    # The exclusive penalty comes on top of the running one, so running may be set too.
    skip = {"base", key, "routePosition", "running" if component == "exclusive" else ""}
    others = {k: v for k, v in values.items() if k not in skip}
    if component != "routePosition":
        assert all(v == 0 for v in others.values()), (label, others)


def test_base_is_100_with_nothing_else() -> None:
    components = score_of(routes={"chat": [*"abcdefg", "m"]})
    assert components.total == 100


def test_all_rows_together() -> None:
    view = StateView(
        loaded={"m": FULL}, gpu_free_mb=1024 + 512 * 4, queued={"m": 1}, running={"m": 1}
    )
    components = score_of(
        {"priority": 70, "purpose": ["chat"], "costClass": "high", "exclusive": True},
        routes={"chat": ["x", "m"]},
        complexity="heavy",
        view=view,
        preferredModels=["y", "m"],
    )
    expected = 100 + 42 + 70 + 25 + 70 + 20 + 20 + 4 - 18 - 25 - 80
    assert components.total == pytest.approx(expected)


@pytest.mark.parametrize(
    ("free", "required", "delta"),
    [(2048, 1024, 2), (1024, 1024, 0), (1023, 1024, -60), (100_000, 1024, 25), (0, 1, -60)],
)
def test_vram_delta(free: float, required: float, delta: float) -> None:
    assert vram_delta(free, required) == delta


def test_unknown_route_positions_score_when_task_has_no_route() -> None:
    pol = policy([model("a"), model("m")], {"unknown": ["a", "m"]})
    run = evaluate(pol, classified("chat"), options(pol), StateView())
    assert run.route_key == "unknown"
    assert [r.components.route_position for r in run.candidates] == [50, 42]

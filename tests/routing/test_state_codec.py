"""The routing state's wire form (``routing.state_codec``): what a node publishes and a
fleet gateway routes on must come back exactly, and a malformed one must name its field."""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any

import pytest
from tests.routing.routing_helpers import classified, gex44_policy

from ollama_agent_router.routing import default_options
from ollama_agent_router.routing.capabilities import ModelCapabilities, RequestNeeds
from ollama_agent_router.routing.engine import evaluate
from ollama_agent_router.routing.estimate import ModelRates, Rates
from ollama_agent_router.routing.residency import GpuBudget, Residency, Resident
from ollama_agent_router.routing.state import LoadedModel, StateView
from ollama_agent_router.routing.state_codec import VERSION, view_from_dict, view_to_dict

QWEN = "qwen2.5-coder:7b"
GPT = "gpt-oss:20b"
VIBE = "B-A-M-N/vibethinker:1.5b"


def rich_view() -> StateView:
    """Every part set, with the awkward values: an infinite idle time, an outside model,
    a loaded name that differs from its configured key, residents out of name order."""
    residents = {
        GPT: Resident(GPT, 13900.5, 13900.5, running=1, queued=2, idle_s=0.0, order_key="/b"),
        QWEN: Resident(
            QWEN, 6900.25, 7100.0, idle_s=3.7, loading=True, order_key="/a", context=32768
        ),
        "embed:1": Resident("embed:1", 512.0, 512.0, idle_s=math.inf, outside=True),
    }
    residency = Residency(
        residents,
        GpuBudget(20480.0, reserve_mb=1536.0, foreign_mb=123.4, max_loaded=3, overhead_mb=64.0),
        needs={QWEN: 7065.6, GPT: 14233.1, VIBE: 5120.0},
        slots={QWEN: 1, GPT: 1, VIBE: 2},
        leaving=frozenset({GPT}),
        pending=(VIBE,),
    )
    return StateView(
        loaded={
            GPT: LoadedModel(GPT, 14_000_000_000, 14_000_000_000, 8192),
            QWEN: LoadedModel("qwen2.5-coder:7b-instruct", 7_000_000_000, 6_500_000_000),
        },
        gpu_free_mb=1234.5,
        gpu_utilization_pct=87.0,
        queued={GPT: 2, VIBE: 1},
        running={GPT: 1},
        running_for_s={GPT: 12.345678901234},
        residency=residency,
        rates=Rates(
            models={QWEN: ModelRates(2100.0, 1800.5, 42.25, 7100.0)},
            output_tokens={"code_fix": 512.5, "triage": 18.0},
        ),
        capabilities={
            QWEN: ModelCapabilities(
                frozenset({"completion", "tools"}), 32768, frozenset({"vision"}), "ollama"
            ),
            GPT: ModelCapabilities(None, None, frozenset(), "unknown"),
        },
        tool_demoted=frozenset({QWEN, VIBE}),
    )


def through_json(view: StateView) -> StateView:
    return view_from_dict(json.loads(json.dumps(view_to_dict(view), allow_nan=False)))


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(rich_view(), id="rich"),
        pytest.param(StateView(), id="minimal"),
        pytest.param(StateView(residency=Residency()), id="empty-residency"),
        pytest.param(StateView(gpu_free_mb=0.0, queued={QWEN: 0}), id="zeros"),
    ],
)
def test_round_trip_is_exact(view: StateView) -> None:
    assert through_json(view) == view
    assert view_from_dict(view_to_dict(view)) == view


def test_round_trip_keeps_derived_and_ordered_parts() -> None:
    view = rich_view()
    back = through_json(view)
    assert back.residency is not None
    assert view.residency is not None
    assert back.residency.used_mb == view.residency.used_mb
    assert [r.name for r in back.residency.eviction_order] == [
        r.name for r in view.residency.eviction_order
    ]
    assert list(back.residency.residents) == [GPT, QWEN, "embed:1"]
    assert back.residency.residents["embed:1"].idle_s == math.inf
    assert back.loaded[QWEN].name == "qwen2.5-coder:7b-instruct"
    assert isinstance(back.residency.budget.total_mb, float)
    assert back.residency.pending == (VIBE,)


def test_shape() -> None:
    data = view_to_dict(rich_view())
    assert list(data) == [
        "version",
        "loaded",
        "gpuFreeMb",
        "gpuUtilizationPct",
        "queued",
        "running",
        "runningForS",
        "residency",
        "rates",
        "capabilities",
        "toolDemoted",
    ]
    assert data["version"] == VERSION == 1
    assert data["residency"]["residents"]["embed:1"]["idleS"] == "Infinity"
    assert set(data["residency"]) == {
        "residents",
        "budget",
        "needs",
        "slots",
        "leaving",
        "pending",
    }
    assert data["capabilities"][QWEN]["capabilities"] == ["completion", "tools"]
    assert data["toolDemoted"] == sorted([QWEN, VIBE])
    assert view_to_dict(StateView())["residency"] is None


def test_unknown_keys_are_ignored() -> None:
    data = view_to_dict(rich_view())
    data["fromTheFuture"] = {"anything": [1, 2]}
    data["loaded"][GPT]["digest"] = "sha256:abc"
    data["residency"]["budget"]["newKnob"] = 1
    data["rates"]["models"][QWEN]["p95Ms"] = 9.0
    assert view_from_dict(data) == rich_view()


def test_non_finite_numbers_as_strings() -> None:
    data = view_to_dict(StateView(gpu_free_mb=-math.inf, running_for_s={QWEN: math.inf}))
    assert (data["gpuFreeMb"], data["runningForS"]) == ("-Infinity", {QWEN: "Infinity"})
    nan = view_from_dict(view_to_dict(StateView(gpu_utilization_pct=math.nan)))
    assert nan.gpu_utilization_pct is not None
    assert math.isnan(nan.gpu_utilization_pct)


def test_integers_are_accepted_where_numbers_are() -> None:
    data = view_to_dict(StateView(gpu_free_mb=2048.0))
    data["gpuFreeMb"] = 2048
    view = view_from_dict(data)
    assert view.gpu_free_mb == 2048.0
    assert isinstance(view.gpu_free_mb, float)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


_DELETE = object()

MALFORMED: list[tuple[tuple[Any, ...], Any, str]] = [
    (("version",), _DELETE, "view.version: missing"),
    (("version",), 2, "view.version: 2 is not one this router reads (1)"),
    (("version",), "1", "view.version: expected an integer, got string"),
    (("loaded",), [], "view.loaded: expected an object, got array"),
    (("loaded", GPT, "sizeBytes"), "14GB", f'view.loaded["{GPT}"].sizeBytes: expected an integer'),
    (("loaded", GPT, "sizeBytes"), 1.5, f'view.loaded["{GPT}"].sizeBytes: expected an integer'),
    (("loaded", GPT, "contextLength"), True, f'view.loaded["{GPT}"].contextLength: expected'),
    (("loaded", GPT), None, f'view.loaded["{GPT}"]: expected an object, got null'),
    (("gpuFreeMb",), "lots", "view.gpuFreeMb: expected a number, got string"),
    (("gpuFreeMb",), _DELETE, "view.gpuFreeMb: missing"),
    (("gpuUtilizationPct",), False, "view.gpuUtilizationPct: expected a number, got boolean"),
    (("queued", GPT), 2.0, f'view.queued["{GPT}"]: expected an integer, got number'),
    (("running",), None, "view.running: expected an object, got null"),
    (("runningForS", GPT), None, f'view.runningForS["{GPT}"]: expected a number, got null'),
    (("residency",), 3, "view.residency: expected an object, got number"),
    (("residency", "budget"), _DELETE, "view.residency.budget: missing"),
    (("residency", "budget", "maxLoaded"), "3", "view.residency.budget.maxLoaded: expected an"),
    (
        ("residency", "residents", QWEN, "vramMb"),
        "6900",
        f'view.residency.residents["{QWEN}"].vramMb: expected a number, got string',
    ),
    (
        ("residency", "residents", QWEN, "loading"),
        1,
        f'view.residency.residents["{QWEN}"].loading: expected true or false, got number',
    ),
    (("residency", "residents", QWEN, "idleS"), "forever", "].idleS: expected a number"),
    (("residency", "needs", QWEN), [1], f'view.residency.needs["{QWEN}"]: expected a number'),
    (("residency", "leaving"), GPT, "view.residency.leaving: expected an array of strings"),
    (("residency", "pending", 0), 7, "view.residency.pending[0]: expected a string, got number"),
    (("rates",), _DELETE, "view.rates: missing"),
    (("rates", "models", QWEN, "genTps"), None, f'view.rates.models["{QWEN}"].genTps: expected'),
    (("rates", "outputTokens", "triage"), {}, 'view.rates.outputTokens["triage"]: expected a'),
    (("capabilities", QWEN, "capabilities"), "tools", f'view.capabilities["{QWEN}"].capabilities'),
    (("capabilities", QWEN, "source"), None, f'view.capabilities["{QWEN}"].source: expected a'),
    (("capabilities", QWEN, "lacking"), _DELETE, f'view.capabilities["{QWEN}"].lacking: missing'),
    (("toolDemoted",), {QWEN: True}, "view.toolDemoted: expected an array of strings, got object"),
    (("gpuFreeMb",), 10**400, "view.gpuFreeMb: 1000"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), MALFORMED, ids=[".".join(map(str, p)) for p, _, _ in MALFORMED]
)
def test_malformed_names_the_field(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = _set(view_to_dict(rich_view()), path, value)
    with pytest.raises(ValueError, match=re.escape(message)):
        view_from_dict(data)


@pytest.mark.parametrize("data", [None, [], "view", 1])
def test_not_an_object(data: Any) -> None:
    with pytest.raises(ValueError, match=r"^view: expected an object"):
        view_from_dict(data)


@pytest.mark.parametrize("strategy", ["residency", "reference"])
@pytest.mark.parametrize("task", ["code_fix", "triage", "planning", "tool_use"])
def test_the_decoded_view_routes_as_the_node_would(strategy: str, task: str) -> None:
    """What a fleet gateway relies on: the same routing over the decoded view decides
    exactly as the node does over its own."""
    policy = gex44_policy(strategy)
    options = default_options(policy)
    needs = RequestNeeds(frozenset({"completion", "tools"}), 2000)
    view = rich_view()
    here = evaluate(policy, classified(task), options, view, needs=needs)
    there = evaluate(policy, classified(task), options, through_json(view), needs=needs)
    assert there == here

"""A model demoted for tool use (``StateView.tool_demoted``) is off-purpose for requests
with tools, in both strategies; other requests and a pinned model are unaffected."""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import classified, gex44_policy, options

from ollama_agent_router.routing import StateView, parse_options
from ollama_agent_router.routing.capabilities import request_needs
from ollama_agent_router.routing.engine import evaluate
from ollama_agent_router.routing.state import LoadedModel

QWEN = "qwen2.5-coder:7b"
GPT_OSS = "gpt-oss:20b"
TOOL = {"type": "function", "function": {"name": "Write"}}
WITH_TOOLS = {"messages": [{"role": "user", "content": "write it"}], "tools": [TOOL]}
WITHOUT = {"messages": [{"role": "user", "content": "write it"}]}
LOADED = {QWEN: LoadedModel(QWEN, 5_000_000_000, 5_000_000_000)}


def chosen(strategy: str, body: dict[str, Any], demoted: frozenset[str], pin: bool = False) -> Any:
    pol = gex44_policy(strategy)
    view = StateView(loaded=LOADED, gpu_free_mb=19500, tool_demoted=demoted)
    opts = parse_options({"model": QWEN}, pol) if pin else options(pol)
    run = evaluate(pol, classified("tool_use"), opts, view, needs=request_needs(body))
    return run.decision.model, {row.name: row for row in run.candidates}


@pytest.mark.parametrize("strategy", ["residency", "reference"])
def test_a_demoted_model_loses_requests_with_tools(strategy: str) -> None:
    model, _ = chosen(strategy, WITH_TOOLS, frozenset())
    assert model == QWEN  # first in the tool_use route, and loaded
    model, rows = chosen(strategy, WITH_TOOLS, frozenset({QWEN}))
    assert model == GPT_OSS
    if strategy == "residency":
        assert rows[QWEN].estimate.penalty_ms >= 30000  # the off-purpose penalty
    else:
        assert rows[QWEN].components.purpose == 0
        assert rows[QWEN].components.route_position == 0


@pytest.mark.parametrize("strategy", ["residency", "reference"])
def test_requests_without_tools_and_pinned_models_are_unaffected(strategy: str) -> None:
    assert chosen(strategy, WITHOUT, frozenset({QWEN}))[0] == QWEN
    assert chosen(strategy, WITH_TOOLS, frozenset({QWEN}), pin=True)[0] == QWEN

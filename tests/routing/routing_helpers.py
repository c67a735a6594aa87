"""Small builders shared by the routing tests (a module, not fixtures, so tables can use them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ollama_agent_router.classification import Classification
from ollama_agent_router.config import parse_config
from ollama_agent_router.routing import RequestOptions, RoutingPolicy, parse_options
from ollama_agent_router.tasks import Complexity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def gex44_policy(strategy: str = "reference") -> RoutingPolicy:
    """The shipped example; the ``reference`` strategy unless told (the golden cases)."""
    data = yaml.safe_load((EXAMPLES / "gex44.yaml").read_text(encoding="utf-8"))
    data["router"]["strategy"] = strategy
    return RoutingPolicy.from_config(parse_config(data))


def model(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "sizeGb": 1, "priority": 0, **fields}


def policy(
    models: list[dict[str, Any]],
    routes: dict[str, list[str]] | None = None,
    **sections: Any,
) -> RoutingPolicy:
    """A policy whose GPU leaves exactly 0 headroom for a 1 GB model unless told otherwise;
    the ``reference`` strategy unless ``router.strategy`` says otherwise."""
    gpu = {"vramTotalMb": 1024, "vramSafetyReserveMb": 0, **sections.pop("gpu", {})}
    sections["router"] = {"strategy": "reference", **sections.get("router", {})}
    data = {"models": models, "routes": routes or {}, "gpu": gpu, **sections}
    return RoutingPolicy.from_config(parse_config(data))


def classified(task: str, complexity: Complexity = "medium") -> Classification:
    return Classification(
        task_type=task,
        complexity=complexity,
        requires_large_context=False,
        requires_tool_use=False,
        confidence=1.0,
        mode="test",
    )


def options(pol: RoutingPolicy, **router: Any) -> RequestOptions:
    return parse_options({"router": router}, pol)

"""Roles from names, sizes, families and capabilities; routes from roles."""

from __future__ import annotations

import pytest

from ollama_agent_router.setup.facts import InstalledModel
from ollama_agent_router.setup.roles import classify_role
from ollama_agent_router.setup.routes import build_routes, classifier_model
from ollama_agent_router.setup.shapes import ModelChoice
from ollama_agent_router.tasks import CORE_TASK_TYPES

GB = 1_000_000_000
CHAT_TOOLS = frozenset({"completion", "tools"})


def installed(
    name: str,
    size_gb: float,
    params: str = "",
    family: str = "",
    caps: frozenset[str] | None = None,
) -> InstalledModel:
    return InstalledModel(
        name, round(size_gb * GB), family=family, parameter_size=params, capabilities=caps
    )


@pytest.mark.parametrize(
    ("model", "role"),
    [
        # the original rules
        (installed("qwen2.5-coder:7b", 4.7, "7.6B"), "code"),
        (installed("deepseek-coder:6.7b", 3.8, "6.7B"), "code"),
        (installed("codellama:13b", 7.4, "13B"), "code"),
        (installed("my-code-review:8b", 4.9, "8B"), "review"),
        (installed("gpt-oss:20b", 13.0, "20.9B"), "heavy"),
        (installed("llama3.3:70b", 42.0, "70.6B"), "heavy"),
        (installed("mistral-small:24b", 14.0, "23.6B"), "heavy"),  # ≥ 12 GB
        (installed("hermes3:8b", 4.7, "8.0B"), "tool"),
        (installed("llama3.2:3b", 2.0, "3.2B"), "fast"),
        (installed("mistral:7b", 4.1, "7.2B"), "fast"),
        # corrections a user expects
        (installed("nomic-embed-text:latest", 0.27, "137M", "nomic-bert"), "embedding"),
        (installed("all-minilm:latest", 0.05), "embedding"),  # by name, nothing else known
        (installed("bge-m3:567m", 1.2, caps=frozenset({"embedding"})), "embedding"),
        (installed("qwen3:1.7b", 1.4, "1.7B"), "fast"),  # small: not a code model
        (installed("qwen2.5:0.5b", 0.4), "fast"),  # no parameter size: small on disk
        (installed("deepseek-r1:1.5b", 1.1, "1.8B"), "fast"),  # too small to be heavy
        (installed("deepseek-r1:8b", 5.2, "8.2B"), "heavy"),
        (installed("B-A-M-N/vibethinker:1.5b", 3.6, "1.5B"), "fast"),
        # capabilities win over a misleading name
        (installed("embedder-chat:7b", 4.1, "7B", caps=CHAT_TOOLS), "fast"),
    ],
    ids=lambda v: v.name if isinstance(v, InstalledModel) else v,
)
def test_roles(model: InstalledModel, role: str) -> None:
    assert classify_role(model) == role


def choice(
    name: str, size: float, role: str, *, tools: bool | None = True, small: bool = False
) -> ModelChoice:
    caps = None if tools is None else (CHAT_TOOLS if tools else frozenset({"completion"}))
    return ModelChoice(name, size, role, capabilities=caps, small=small)  # type: ignore[arg-type]


FAST = choice("llama3.2:3b", 2.0, "fast", small=True)
CODE = choice("qwen2.5-coder:7b", 4.7, "code")
CODE_NO_TOOLS = choice("deepseek-coder:6.7b", 3.8, "code", tools=False)
HEAVY = choice("gpt-oss:20b", 13.0, "heavy")
EMBED = ModelChoice("nomic-embed-text", 0.3, "embedding", capabilities=frozenset({"embedding"}))


def test_every_core_task_is_routed_and_embedders_never_chat() -> None:
    routes = build_routes((FAST, CODE, CODE_NO_TOOLS, HEAVY, EMBED))
    assert set(CORE_TASK_TYPES) <= set(routes)
    assert all("nomic-embed-text" not in names for names in routes.values())
    assert routes["triage"] == ["llama3.2:3b"]
    assert routes["code_fix"] == ["qwen2.5-coder:7b", "deepseek-coder:6.7b"]  # larger first
    assert routes["simple_chat"][0] == "llama3.2:3b"
    assert routes["agentic_reasoning"][0] == "gpt-oss:20b"
    assert routes["planning"] == ["gpt-oss:20b"]
    assert "second_opinion" not in routes  # no review model: no such route


def test_tool_use_puts_tool_capable_models_first() -> None:
    unknown = choice("mystery-coder:7b", 4.4, "code", tools=None)
    routes = build_routes((CODE_NO_TOOLS, unknown, FAST, HEAVY))
    assert routes["tool_use"] == ["gpt-oss:20b", "llama3.2:3b", "mystery-coder:7b"]


def test_tool_use_without_any_tool_model_still_has_a_route() -> None:
    routes = build_routes((CODE_NO_TOOLS,))
    assert routes["tool_use"] == ["deepseek-coder:6.7b"]  # doctor reports it


def test_a_single_model_serves_every_task() -> None:
    routes = build_routes((FAST,))
    assert all(routes[task] == ["llama3.2:3b"] for task in CORE_TASK_TYPES)


def test_routes_hold_at_most_three_models() -> None:
    coders = tuple(choice(f"coder{i}:7b", 4.0 + i, "code") for i in range(5))
    assert len(build_routes(coders)["code_fix"]) == 3


def test_classifier_model_is_the_smallest_small_chat_model() -> None:
    tiny = choice("qwen2.5:0.5b", 0.4, "fast", small=True)
    instruct = choice("phi3:3.8b-mini-instruct", 2.2, "fast", small=True)
    assert classifier_model((CODE, FAST, tiny)) == "qwen2.5:0.5b"
    assert classifier_model((FAST, tiny, instruct)) == "phi3:3.8b-mini-instruct"
    assert classifier_model((CODE, HEAVY, EMBED)) is None

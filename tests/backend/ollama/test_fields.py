"""Reasoning effort and the reply limit on Ollama's scale (``backend.fields``)."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.backend.ollama.fields import (
    EFFORTS,
    ollama_effort,
    reply_limit,
    requested_effort,
    think_value,
)

# Follows openai/openai.go thinkFromReasoningEffort (Ollama v0.32.11+: minimal → low,
# xhigh/ultra → max, none → think false), clamped to what api/types.go ThinkValue and
# every /v1 since v0.22 accept: low, medium, high, max, or a boolean.
ACCEPTED_THINK = (True, False, "low", "medium", "high", "max")
ACCEPTED_V1_EFFORT = ("none", "low", "medium", "high", "max")


@pytest.mark.parametrize(
    ("effort", "v1", "think"),
    [
        ("none", "none", False),
        ("minimal", "low", "low"),
        ("low", "low", "low"),
        ("medium", "medium", "medium"),
        ("high", "high", "high"),
        ("xhigh", "high", "high"),
        ("ultra", "high", "high"),
        ("max", "max", "max"),
    ],
)
def test_every_effort_becomes_a_value_ollama_accepts(effort: str, v1: str, think: Any) -> None:
    assert ollama_effort(effort) == v1
    assert think_value(effort) == think
    assert v1 in ACCEPTED_V1_EFFORT
    assert think in ACCEPTED_THINK


def test_the_openai_scale_is_covered() -> None:
    assert {"none", "minimal", "low", "medium", "high", "xhigh"} <= set(EFFORTS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),  # native think: booleans stay
        (False, False),
        ("bogus", "bogus"),  # unknown: Ollama judges (its 400 names the value)
        (3, 3),
        (None, None),
    ],
)
def test_other_values_pass_unchanged(value: Any, expected: Any) -> None:
    assert think_value(value) == expected
    assert ollama_effort(value) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, None),
        ({"reasoning_effort": "low"}, "low"),
        ({"reasoning": {"effort": "high"}}, "high"),
        ({"reasoning": {"effort": "high"}, "reasoning_effort": "low"}, "high"),  # as Ollama
        ({"reasoning": {"summary": "auto"}, "reasoning_effort": "low"}, "low"),
        ({"reasoning": {"effort": ""}, "reasoning_effort": "medium"}, "medium"),
        ({"reasoning": "high"}, None),
    ],
)
def test_requested_effort(body: dict[str, Any], expected: Any) -> None:
    assert requested_effort(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, None),
        ({"max_tokens": 100}, 100),
        ({"max_completion_tokens": 50}, 50),
        ({"max_tokens": 100, "max_completion_tokens": 50}, 50),
        ({"max_tokens": 20, "max_completion_tokens": 50}, 20),
        ({"max_tokens": None, "max_completion_tokens": 50}, 50),
        ({"max_tokens": "100", "max_completion_tokens": 50}, 50),
        ({"max_tokens": True}, None),
        ({"max_completion_tokens": 0}, 0),
    ],
)
def test_reply_limit_is_the_smaller(body: dict[str, Any], expected: int | None) -> None:
    assert reply_limit(body) == expected

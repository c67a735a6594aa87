"""The one check of sampling settings and reply limits every face uses: tables."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ollama_agent_router.api.serving import sampling
from ollama_agent_router.errors import BadRequestError


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        (sampling.temperature, 0, 0),
        (sampling.temperature, 0.7, 0.7),
        (sampling.temperature, 1, 1),
        (sampling.temperature, 2, 2),
        (sampling.temperature, 2.0001, None),
        (sampling.temperature, -1, None),
        (sampling.temperature, -0.0001, None),
        (sampling.temperature, 1e308, None),
        (sampling.temperature, math.inf, None),
        (sampling.temperature, math.nan, None),
        (sampling.temperature, True, None),
        (sampling.temperature, "1", None),
        (sampling.top_p, 1, 1),
        (sampling.top_p, 0.01, 0.01),
        (sampling.top_p, 0, None),
        (sampling.top_p, -1, None),
        (sampling.top_p, 1.5, None),
        (sampling.top_p, 1e308, None),
        (sampling.top_p, math.nan, None),
        (sampling.top_p, None, None),
        (sampling.top_k, 0, 0),
        (sampling.top_k, 40, 40),
        (sampling.top_k, 2**70, 2**70),
        (sampling.top_k, -1, None),
        (sampling.top_k, 1.5, None),
        (sampling.top_k, 4.0, None),
        (sampling.top_k, False, None),
        (sampling.output_limit, 1, 1),
        (sampling.output_limit, 128000, 128000),
        (sampling.output_limit, 1_000_000, 1_000_000),
        (sampling.output_limit, 1_000_001, 1_000_000),
        (sampling.output_limit, 2**63, 1_000_000),
        (sampling.output_limit, 10**400, 1_000_000),
        (sampling.output_limit, 0, None),
        (sampling.output_limit, -5, None),
        (sampling.output_limit, 64.0, None),
        (sampling.output_limit, "64", None),
        (sampling.output_limit, True, None),
    ],
)
def test_each_check(check: Any, value: Any, expected: Any) -> None:
    if expected is None:
        with pytest.raises(BadRequestError) as refused:
            check(value, "the_field")
        assert refused.value.param == "the_field"
        assert refused.value.message.startswith("the_field: ")
        assert refused.value.status == 400
    else:
        assert check(value, "the_field") == expected


def test_the_ceiling_can_be_lower() -> None:
    assert sampling.output_limit(9000, ceiling=4096) == 4096


@pytest.mark.parametrize(
    ("body", "kwargs", "expected"),
    [
        ({}, {}, {}),
        ({"max_tokens": None, "temperature": None}, {}, {}),
        ({"max_tokens": 2**63}, {}, {"max_tokens": 1_000_000}),
        (
            {"max_output_tokens": 50, "temperature": 0.1, "top_p": 0.5, "top_k": 3},
            {"limit": "max_output_tokens"},
            {"max_tokens": 50, "temperature": 0.1, "top_p": 0.5, "top_k": 3},
        ),
    ],
)
def test_chat_sampling(body: dict[str, Any], kwargs: dict[str, Any], expected: Any) -> None:
    assert sampling.chat_sampling(body, **kwargs) == expected


@pytest.mark.parametrize(
    ("body", "kwargs", "field"),
    [
        ({}, {"required": True}, "max_tokens"),
        ({"max_output_tokens": 0}, {"limit": "max_output_tokens"}, "max_output_tokens"),
        ({"temperature": -1}, {}, "temperature"),
        ({"top_p": 1e308}, {}, "top_p"),
        ({"top_k": -1}, {}, "top_k"),
    ],
)
def test_chat_sampling_names_the_field(body: dict[str, Any], kwargs: Any, field: str) -> None:
    with pytest.raises(BadRequestError) as refused:
        sampling.chat_sampling(body, **kwargs)
    assert refused.value.param == field

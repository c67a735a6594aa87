"""The dense feature table: each name reads its own signal, in the order the model stores.

The shipped model multiplies the values by weight rows in order, so a row whose name and
value disagree would feed it the wrong feature without any error. The crafted cases
below give every row a hand-checked value, and together they tell every pair of rows
apart (``test_the_cases_tell_every_pair_of_rows_apart``), so swapping two rows fails.
"""

from __future__ import annotations

import io
import json
import math
import random
from dataclasses import replace
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.features import (
    DENSE_NAMES,
    FEATURES,
    dense_features,
)
from ollama_agent_router.classification.lexicon import EDGE_INTENTS, EITHER_OR, INTENTS, either_or
from ollama_agent_router.classification.linear import MODEL_RESOURCE
from ollama_agent_router.classification.signals import Signals, extract

BLANK = Signals(
    estimated_tokens=0,
    last_user="",
    ask="",
    system="",
    previous_user="",
    turns=1,
    last_role="user",
    tool_names=(),
    tool_words=frozenset(),
    generic_tools_only=False,
    tool_calls_in_history=False,
    tool_agent=False,
    edit_agent=False,
    router_system=False,
    repo_wide=False,
    fence=False,
    diff=False,
    trace=0,
    error_lines=0,
    test_failure=False,
    code_ratio=0.0,
    log_lines=0,
    lines=0,
    intents=frozenset(),
    edge_intents=frozenset(),
    scope_wide=False,
)
"""Every signal off; an empty last turn still counts as short (``bias_short``)."""

SHORT = {"bias_short": 1.0}
FAILED = {"failure_any": 1.0}
SEARCH = {"tool_names": ("web_search",), "generic_tools_only": True}


def _set(*names: str) -> frozenset[str]:
    return frozenset(names)


# (what, signals changed from BLANK, features that are not 0.0)
CASES: list[tuple[str, dict[str, Any], dict[str, float]]] = [
    ("nothing", {}, SHORT),
    ("long turn", {"last_user": "x" * 100}, {"len_log": math.log1p(100) / 9}),
    ("very long turn", {"last_user": "x" * 10**6}, {"len_log": 1.5}),
    ("many lines", {"lines": 20}, {**SHORT, "lines_log": math.log1p(20) / 5}),
    ("second turn", {"turns": 2}, {**SHORT, "turns_gt1": 1.0}),
    ("after a tool result", {"last_role": "tool"}, {**SHORT, "last_role_tool": 1.0}),
    ("chat-UI tools", SEARCH, {**SHORT, "has_tools": 1.0, "generic_tools_only": 1.0}),
    (
        "domain tools the ask speaks about",
        {
            "tool_names": ("deploy",),
            "tool_words": _set("deploy", "services"),
            "ask": "deploy the billing service",
        },
        # "deploy" and "service" share a 5-letter stem with a tool word; "billing" not.
        {**SHORT, "has_tools": 1.0, "domain_tools": 1.0, "tool_overlap": 2 / 3},
    ),
    ("tool calls before", {"tool_calls_in_history": True}, {**SHORT, "tool_calls_in_history": 1.0}),
    ("agent system prompt", {"tool_agent": True}, {**SHORT, "tool_agent": 1.0}),
    ("editing agent", {"edit_agent": True}, {**SHORT, "edit_agent": 1.0}),
    ("router system prompt", {"router_system": True}, {**SHORT, "router_system": 1.0}),
    ("any system prompt", {"system": "You are helpful."}, {**SHORT, "has_system": 1.0}),
    ("whole repository", {"repo_wide": True}, {**SHORT, "repo_wide": 1.0}),
    ("20k tokens", {"estimated_tokens": 20_000}, {**SHORT, "large": 1.0}),
    ("12k tokens", {"estimated_tokens": 12_000}, SHORT),
    ("fenced code", {"fence": True}, {**SHORT, "fence": 1.0}),
    ("a diff", {"diff": True}, {**SHORT, "diff": 1.0}),
    ("code lines", {"code_ratio": 0.25}, {**SHORT, "code_ratio": 0.25}),
    ("log lines", {"log_lines": 10}, {**SHORT, "log_lines": 0.5}),
    ("many log lines", {"log_lines": 30}, {**SHORT, "log_lines": 1.5}),
    ("CJK", {"last_user": "你好"}, {**SHORT, "len_log": math.log1p(2) / 9, "cjk": 1.0}),
    (
        "a trace, no ask",
        {"trace": 1},
        {**SHORT, **FAILED, "trace": 0.5, "failure_fix_ask": 1.0},
    ),
    (
        "error lines, asked to fix",
        {"error_lines": 3, "intents": _set("fix"), "edge_intents": _set("fix")},
        {
            **SHORT,
            **FAILED,
            "error_lines": 1.5,
            "intent_fix": 1.0,
            "edge_fix": 1.0,
            "failure_fix_ask": 1.0,
        },
    ),
    (
        "a failing test, asked for a summary",
        {
            "test_failure": True,
            "intents": _set("summarize"),
            "edge_intents": _set("summarize"),
        },
        {
            **SHORT,
            **FAILED,
            "test_failure": 1.0,
            "intent_summarize": 1.0,
            "edge_summarize": 1.0,
            "failure_other_ask": 1.0,
            "other_ask_no_fix": 1.0,
            "failure_without_repair_ask": 1.0,
        },
    ),
    (
        "a trace, asked to review and fix",
        {
            "trace": 4,
            "intents": _set("fix", "review"),
            "edge_intents": _set("fix", "review"),
        },
        {
            **SHORT,
            **FAILED,
            "trace": 1.5,
            "intent_fix": 1.0,
            "intent_review": 1.0,
            "edge_fix": 1.0,
            "edge_review": 1.0,
            "failure_fix_ask": 1.0,
            "fix_with_other_ask": 1.0,
            "failure_without_repair_ask": 1.0,
        },
    ),
    *(
        (f"intent {name}", {"intents": _set(name)}, {**SHORT, f"intent_{name}": 1.0})
        for name in INTENTS
        if name != "greeting"
    ),
    (
        "a short greeting",
        {"intents": _set("greeting")},
        {**SHORT, "intent_greeting": 1.0, "greeting_short": 1.0},
    ),
    (
        "a long greeting",
        {"intents": _set("greeting"), "last_user": "x" * 80},
        {"intent_greeting": 1.0, "len_log": math.log1p(80) / 9},
    ),
    (
        "fresh facts with a search tool",
        {"intents": _set("fresh"), **SEARCH},
        {
            **SHORT,
            "intent_fresh": 1.0,
            "has_tools": 1.0,
            "generic_tools_only": 1.0,
            "fresh_with_search_tool": 1.0,
        },
    ),
    *(
        (
            f"edge {name}",
            {"edge_intents": _set(name)},
            {**SHORT, f"edge_{name}": 1.0, **({} if name == "fix" else {"other_ask_no_fix": 1.0})},
        )
        for name in EDGE_INTENTS
    ),
    ("scope quantifier", {"scope_wide": True}, {**SHORT, "scope_wide": 1.0}),
    (
        "either/or question",
        {"last_user": "Bug or feature?", "ask": "bug or feature?"},
        {**SHORT, "len_log": math.log1p(15) / 9, "either_or": 1.0},
    ),
    (
        "either/or in a long turn",
        {"last_user": "x" * 600, "ask": "bug or feature?"},
        {"len_log": math.log1p(600) / 9},
    ),
    ("yes/no question", {"judge_question": True}, {**SHORT, "judge_question": 1.0}),
    (
        "yes/no question on code",
        {"judge_question": True, "diff": True},
        {**SHORT, "judge_question": 1.0, "diff": 1.0, "judge_code": 1.0},
    ),
    (
        "yes/no question on a trace",
        {"judge_question": True, "fence": True, "trace": 1},
        {
            **SHORT,
            **FAILED,
            "judge_question": 1.0,
            "fence": 1.0,
            "trace": 0.5,
            "failure_fix_ask": 1.0,
        },
    ),
    ("closed choice", {"choice_ask": True}, {**SHORT, "choice_ask": 1.0}),
    (
        "closed choice over fix words",
        {"choice_ask": True, "intents": _set("fix")},
        {**SHORT, "choice_ask": 1.0, "intent_fix": 1.0, "choice_over_failure": 1.0},
    ),
    ("new code", {"create_lead": True}, {**SHORT, "create_lead": 1.0}),
    (
        "new code over fix words",
        {"create_lead": True, "intents": _set("fix")},
        {**SHORT, "create_lead": 1.0, "intent_fix": 1.0, "create_over_failure_words": 1.0},
    ),
    ("repair ask", {"repair_ask": True}, {**SHORT, "repair_ask": 1.0}),
    (
        "repair ask over a failure and a plan",
        {
            "repair_ask": True,
            "choice_ask": True,
            "error_lines": 1,
            "edge_intents": _set("plan"),
        },
        {
            **SHORT,
            **FAILED,
            "repair_ask": 1.0,
            "choice_ask": 1.0,
            "error_lines": 0.5,
            "edge_plan": 1.0,
            "failure_other_ask": 1.0,
            "other_ask_no_fix": 1.0,
        },
    ),
]


def _values(signals: Signals) -> dict[str, float]:
    return {feature.name: feature.value(signals) for feature in FEATURES}


@pytest.mark.parametrize(("what", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_row_reads_its_own_signal(
    what: str, changes: dict[str, Any], expected: dict[str, float]
) -> None:
    assert set(expected) <= set(DENSE_NAMES), what
    values = _values(replace(BLANK, **changes))
    assert values == pytest.approx({name: expected.get(name, 0.0) for name in DENSE_NAMES})


def test_the_cases_tell_every_pair_of_rows_apart() -> None:
    """Swapping any two rows' values would break at least one case above."""
    columns = {name: tuple(case[2].get(name, 0.0) for case in CASES) for name in DENSE_NAMES}
    alike = [(a, b) for a, b in combinations(DENSE_NAMES, 2) if columns[a] == columns[b]]
    assert alike == []


def test_names_are_unique_and_the_vector_follows_the_table() -> None:
    assert len(set(DENSE_NAMES)) == len(DENSE_NAMES) == len(FEATURES)
    signals = replace(BLANK, trace=1, intents=_set("fix"), last_user="x" * 70)
    assert dense_features(signals) == [feature.value(signals) for feature in FEATURES]


def test_shipped_model_stores_the_table_names_in_order() -> None:
    """The weights were trained on this table: same names, same order."""
    package = resources.files("ollama_agent_router.classification")
    data = (package / "data" / MODEL_RESOURCE).read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        stored = tuple(str(name) for name in archive["dense_names"])
        rows = archive["dense"].shape[0]
    assert stored == tuple(feature.name for feature in FEATURES)
    assert rows == len(FEATURES)


def _named(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> Any:
    return dict(
        zip(DENSE_NAMES, dense_features(extract(ClassifierInput(messages, tools))), strict=True)
    )


TRACEBACK = (
    "Why does this crash?\n"
    "Traceback (most recent call last):\n"
    '  File "app.py", line 3, in <module>\n'
    "    main()\n"
    "ZeroDivisionError: division by zero"
)


def test_a_traceback_sets_the_failure_rows() -> None:
    named = _named([{"role": "user", "content": TRACEBACK}])
    assert named["trace"] > 0.0
    assert named["error_lines"] > 0.0
    assert named["failure_any"] == 1.0
    assert named["lines_log"] == pytest.approx(math.log1p(5) / 5)
    assert named["cjk"] == named["test_failure"] == named["has_tools"] == 0.0


def test_a_chinese_summary_ask_with_a_search_tool() -> None:
    tools = [{"type": "function", "function": {"name": "web_search", "description": "Search."}}]
    named = _named(
        [
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "总结一下"},
        ],
        tools,
    )
    assert named["cjk"] == named["intent_summarize"] == named["has_system"] == 1.0
    assert named["has_tools"] == named["generic_tools_only"] == 1.0
    assert named["trace"] == named["failure_any"] == named["domain_tools"] == 0.0


def test_either_or_answers_as_its_full_pattern() -> None:
    """The guarded ``either_or`` is ``EITHER_OR.search`` made fast: the same answer on
    every text of the data and on random strings made of its literals."""
    texts = []
    for path in (Path(__file__).parents[1] / "data").rglob("*.jsonl"):
        for line in path.read_text().splitlines():
            for message in json.loads(line).get("messages", []):
                if isinstance(message.get("content"), str):
                    texts.append(message["content"].lower()[:600])
    rnd = random.Random(7)
    alphabet = "ab /|?？ or 还是x\n-_"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(5000)]
    assert [either_or(t) for t in texts] == [bool(EITHER_OR.search(t)) for t in texts]

"""The ``enhanced`` classifier: hand-written cases per signal and label, held-out accuracy,
bounded work on huge requests, and the shipped model file."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ollama_agent_router.classification import get_classifier
from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.enhanced import EnhancedClassifier, rule_decision
from ollama_agent_router.classification.features import DENSE_NAMES, dense_features
from ollama_agent_router.classification.linear import (
    MODEL_RESOURCE,
    ModelFileError,
    load_model,
    model_from_arrays,
    read_model,
)
from ollama_agent_router.classification.signals import ask_view, extract, scan
from ollama_agent_router.tokens import content_tokens

CORE = (
    "triage",
    "simple_chat",
    "summarize",
    "code_generate",
    "code_review",
    "code_fix",
    "agentic_reasoning",
    "large_context",
    "tool_use",
)


def tool(name: str, description: str) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": {}},
        },
    }


CHAT_UI_TOOLS = [
    tool("web_search", "Search the web."),
    tool("image_gen", "Draw an image from a prompt."),
]
LIGHTS = [tool("switch_lamp", "Turn a lamp on or off in a given room.")]
CRM = [
    tool("find_customer", "Find a customer record by name or email."),
    tool("update_customer", "Change fields of a customer record."),
]


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


def convo(*turns: str, system: str | None = None) -> list[dict[str, Any]]:
    msgs: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    for i, text in enumerate(turns):
        msgs.append({"role": "user" if i % 2 == 0 else "assistant", "content": text})
    return msgs


def classify(
    messages: Sequence[Mapping[str, Any]], tools: Sequence[Mapping[str, Any]] | None = None
) -> str:
    result = EnhancedClassifier().classify(ClassifierInput(messages=messages, tools=tools))
    return result.task_type


# Written for these tests, not taken from the dataset.
CASES: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]] | None, str]] = [
    ("greeting", user("hey, how's it going?"), None, "simple_chat"),
    ("greeting with chat-ui tools", user("Hi there!"), CHAT_UI_TOOLS, "simple_chat"),
    ("trivia", user("What is the tallest mountain in Europe?"), None, "simple_chat"),
    (
        "concept question",
        user("What is Python mostly used for these days?"),
        None,
        "simple_chat",
    ),
    (
        "thanks after a fix",
        convo(
            "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
            "Convert the value with int() before adding.",
            "that did it, thank you!",
        ),
        None,
        "simple_chat",
    ),
    (
        "router system prompt",
        convo(
            "My parcel arrived damaged.",
            system="Route the message to one of: shipping, billing, returns. One word.",
        ),
        None,
        "triage",
    ),
    (
        "sentiment ask",
        user("Positive or negative? 'Customer support solved it in five minutes.'"),
        None,
        "triage",
    ),
    (
        "summarize article",
        user(
            "Give me the key points of this:\n\nThe museum reopened after a two-year "
            "renovation. Visitors can now see the restored ceiling frescoes and a new wing "
            "for modern art. Entry stays free on Sundays, and the café moved to the roof."
        ),
        None,
        "summarize",
    ),
    (
        "shorter follow-up",
        convo(
            "Summarize: the board approved the budget and postponed the hiring plan.",
            "The board approved the budget but delayed hiring.",
            "make it shorter",
        ),
        None,
        "summarize",
    ),
    (
        "generate function",
        user("Write a TypeScript function that deep-merges two objects."),
        None,
        "code_generate",
    ),
    (
        "generate config as code",
        user("I need a CircleCI config that builds and tests a Java Maven project."),
        None,
        "code_generate",
    ),
    (
        "generate in polish",
        user("Napisz zapytanie SQL, które policzy zamówienia per klient."),
        None,
        "code_generate",
    ),
    (
        "review snippet",
        user(
            "Is this thread-safe?\n\nclass Registry:\n    items = []\n"
            "    def add(self, x):\n        self.items.append(x)"
        ),
        None,
        "code_review",
    ),
    (
        "review diff",
        user(
            "diff --git a/app.js b/app.js\n--- a/app.js\n+++ b/app.js\n@@ -3,2 +3,2 @@\n"
            "-const secret = process.env.SECRET;\n+const secret = 'hunter2';\n\n"
            "Any concerns before I merge?"
        ),
        None,
        "code_review",
    ),
    (
        "python trace without ask",
        user(
            'Traceback (most recent call last):\n  File "cli.py", line 9, in <module>\n'
            "    main()\nKeyError: 'HOME'"
        ),
        None,
        "code_fix",
    ),
    (
        "go compiler error",
        user("./server.go:31:2: undefined: handleLogin\nwhy won't it build"),
        None,
        "code_fix",
    ),
    (
        "wrong output",
        user(
            "My average function returns 2 for [1, 2, 4] instead of 2.33:\n"
            "def avg(xs): return sum(xs) // len(xs)"
        ),
        None,
        "code_fix",
    ),
    (
        "architecture decision",
        user(
            "We're deciding between GraphQL and REST for a new public API used by mobile "
            "and partner integrations. Weigh the trade-offs and recommend one."
        ),
        None,
        "agentic_reasoning",
    ),
    (
        "debugging strategy",
        user(
            "Some uploads silently disappear, maybe 1 in 500, no errors logged anywhere. "
            "How would you investigate this systematically?"
        ),
        None,
        "agentic_reasoning",
    ),
    ("domain tool in plain words", user("it's so dark in the kitchen"), LIGHTS, "tool_use"),
    ("domain tool explicit", user("Update Jan Nowak's email to jan@nowak.pl"), CRM, "tool_use"),
    (
        "fresh question with search tool",
        user("What's the weather in Lisbon right now?"),
        CHAT_UI_TOOLS,
        "tool_use",
    ),
    (
        "agent loop system prompt",
        convo(
            "Add a logout button to the navbar.",
            system=(
                "You are an agent working in a repository. You have access to the following "
                "tools: read_file, write_file, execute_command. Use one tool per message."
            ),
        ),
        None,
        "tool_use",
    ),
    (
        "tool result continuation",
        [
            {"role": "user", "content": "List the files in src"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "list_dir", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "main.py\nutils.py"},
        ],
        [tool("list_dir", "List a directory.")],
        "tool_use",
    ),
    (
        "whole repository",
        user("Look through the entire codebase and find unused functions."),
        None,
        "large_context",
    ),
    (
        "whole repository german",
        user("Prüfe die gesamte Codebase auf veraltete API-Aufrufe."),
        None,
        "large_context",
    ),
]


@pytest.mark.parametrize(
    ("messages", "tools", "expected"),
    [pytest.param(m, t, e, id=name) for name, m, t, e in CASES],
)
def test_hand_written_cases(
    messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None, expected: str
) -> None:
    assert classify(messages, tools) == expected


def test_large_request_is_large_context_whatever_it_asks() -> None:
    log = "\n".join(f"2024-01-01T00:00:{i % 60:02d}Z INFO step {i} ok" for i in range(2500))
    assert len(log) > 50_000
    assert classify(user(f"Review this for bugs:\n{log}")) == "large_context"
    result = EnhancedClassifier().classify(ClassifierInput(messages=user(log)))
    assert result.requires_large_context
    assert result.complexity == "heavy"
    assert result.estimated_tokens > 12_000


def test_huge_request_reads_a_bounded_view() -> None:
    body = "x = compute(y)  # filler\n" * 40_000  # ~1M characters
    messages = [
        {"role": "system", "content": "You are helpful. " * 20_000},
        {"role": "user", "content": body + "\nSummarize the above."},
    ]
    signals = extract(ClassifierInput(messages=messages))
    assert len(signals.last_user) < 7_000
    assert len(signals.system) <= 3_000
    assert signals.estimated_tokens > 250_000
    assert classify(messages) == "large_context"


def test_token_estimate_is_the_routers_one_estimate() -> None:
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": [{"type": "text", "text": "Zusammenfassung, bitte:"}]},
        {"role": "user", "content": "请总结这段对话的要点。" * 50},
    ]
    expected = sum(content_tokens(m["content"]) for m in messages)
    assert scan(ClassifierInput(messages=messages)).estimated_tokens == expected
    assert EnhancedClassifier().classify(ClassifierInput(messages=messages)).estimated_tokens == (
        expected
    )


def test_last_user_turn_decides_over_history() -> None:
    history = convo(
        "Write a Flask app with login.",
        "Here it is: ...",
        "What's the capital of Portugal?",
    )
    assert classify(history) == "simple_chat"


@pytest.mark.parametrize(
    ("messages", "tools", "field", "expected"),
    [
        (user("hello"), CHAT_UI_TOOLS, "generic_tools_only", True),
        (user("hello"), LIGHTS, "generic_tools_only", False),
        (user("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b"), None, "diff", True),
        (user("```js\nlet a = 1;\n```"), None, "fence", True),
        (user("error[E0425]: cannot find value `x` in this scope"), None, "error_lines", 1),
        (user("goroutine 7 [running]:\nmain.f()"), None, "trace", 1),
        (convo("go", system=CASES[22][1][0]["content"]), None, "tool_agent", True),
        (convo("x", system="Classify the text as spam or ham."), None, "router_system", True),
        (user("Przejrzyj całe repozytorium"), None, "repo_wide", True),
    ],
)
def test_signals(
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]] | None,
    field: str,
    expected: object,
) -> None:
    signals = extract(ClassifierInput(messages=messages, tools=tools))
    assert getattr(signals, field) == expected
    assert len(dense_features(signals)) == len(DENSE_NAMES)


@pytest.mark.parametrize(("name", "messages", "tools", "expected"), CASES[:6] + CASES[20:])
def test_rule_fallback_on_clear_cases(
    name: str,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]] | None,
    expected: str,
) -> None:
    signals = extract(ClassifierInput(messages=messages, tools=tools))
    assert rule_decision(signals)[0] == expected, name


def test_result_fields_and_registry() -> None:
    classifier = get_classifier("enhanced")
    assert classifier.name == "enhanced"
    result = classifier.classify(ClassifierInput(messages=user("Write a regex for emails")))
    assert result.mode == "enhanced"
    assert 0.0 < result.confidence <= 1.0
    assert result.complexity == "medium"
    assert not result.requires_tool_use
    chat = classifier.classify(ClassifierInput(messages=user("hi")))
    assert chat.complexity == "light"


def test_malformed_messages_never_raise() -> None:
    odd: list[Any] = [None, {"role": "user"}, {"role": "user", "content": 5}, "text"]
    result = EnhancedClassifier().classify(ClassifierInput(messages=odd, tools=[None, 3]))  # type: ignore[list-item]
    assert result.task_type in CORE
    assert EnhancedClassifier().classify(ClassifierInput(messages=[])).task_type in CORE


MODEL_PATH = Path(__file__).resolve().parents[2] / (
    f"src/ollama_agent_router/classification/data/{MODEL_RESOURCE}"
)


def test_shipped_model_loads_once_and_is_small() -> None:
    model = load_model()
    assert load_model() is model
    assert set(model.labels) == set(CORE)
    assert model.weights.shape == (len(model.vocabulary.keys), len(CORE))
    assert model.dense.shape == (len(DENSE_NAMES), len(CORE))
    assert 0.2 < model.temperature < 5.0
    assert MODEL_PATH.stat().st_size < 5_000_000


def test_probabilities_are_calibrated_and_ranked() -> None:
    model = load_model()
    signals = extract(ClassifierInput(messages=user("Write a regex for emails")))
    probabilities = model.probabilities(signals)
    assert abs(sum(probabilities.values()) - 1.0) < 1e-6
    ranked = model.ranked(signals)
    assert ranked[0][0] == model.best(signals)[0] == "code_generate"
    assert ranked == sorted(ranked, key=lambda item: -item[1])
    assert model.best(signals)[1] == pytest.approx(ranked[0][1])


def _arrays() -> dict[str, Any]:
    with np.load(MODEL_PATH, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dense_names": np.array(["other"])}, "other dense features"),
        ({"meta_values": None}, "malformed"),
        ({"keys": np.array([5, 3, 9], dtype=np.uint32)}, "do not fit"),
    ],
)
def test_model_file_errors_are_reported(change: dict[str, Any], message: str) -> None:
    arrays = _arrays()
    for key, value in change.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    with pytest.raises(ModelFileError, match=message):
        model_from_arrays(arrays)


def test_a_model_of_other_features_is_refused() -> None:
    arrays = _arrays()
    meta = dict(zip(arrays["meta_keys"].tolist(), arrays["meta_values"].tolist(), strict=True))
    meta["features"] = "fields/0"
    arrays["meta_values"] = np.array(list(meta.values()))
    with pytest.raises(ModelFileError, match="other text features"):
        model_from_arrays(arrays)
    with pytest.raises(ModelFileError, match="not a numpy archive"):
        read_model(b"not a zip")


def test_without_a_model_the_rules_take_over() -> None:
    rules = EnhancedClassifier(use_model=False)
    assert rules.model is None
    assert rules.classify(ClassifierInput(messages=user("hello!"))).task_type == "simple_chat"


EVAL_V2 = Path(__file__).resolve().parents[1] / "data" / "eval_v2" / "eval_v2.jsonl"


def _fresh_set() -> list[dict[str, Any]]:
    text = EVAL_V2.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_accuracy_on_the_fresh_evaluation_set() -> None:
    """Floors just under what the shipped model measured at the set's second look (0.901
    top-1, every label's recall ≥ 0.816 — triage 40 of 49 —, 87% of requests at ≥ 0.7
    confidence with 0.964 accuracy among them; docs/classification.md). The set is never
    trained on."""
    rows = _fresh_set()
    assert len(rows) >= 330
    classifier = EnhancedClassifier(cache_size=0)
    hits: dict[str, list[bool]] = {label: [] for label in CORE}
    confident: list[bool] = []
    for row in rows:
        result = classifier.classify(
            ClassifierInput(messages=row["messages"], tools=row.get("tools"))
        )
        right = result.task_type == row["label"]
        hits[row["label"]].append(right)
        if result.confidence >= 0.7:
            confident.append(right)
    accuracy = sum(sum(v) for v in hits.values()) / len(rows)
    assert accuracy >= 0.89
    for label, results in hits.items():
        assert results, label
        assert sum(results) / len(results) >= 0.80, label
    assert 0.78 <= len(confident) / len(rows) <= 0.92
    assert sum(confident) / len(confident) >= 0.95


# Error-shaped material under another ask: the ask decides, not the presence of a trace.
# Written for this test, not taken from any dataset.
BOUNDARY_TRACE = (
    "Traceback (most recent call last):\n"
    '  File "/opt/svc/report.py", line 19, in build\n'
    "    rows = fetch(day)\n"
    "KeyError: 'region'"
)
BOUNDARY_CASES: list[tuple[str, list[dict[str, Any]], str]] = [
    (
        "label a ticket that quotes an error",
        user(f"Which team owns this, data or platform? Just the name.\n\n{BOUNDARY_TRACE}"),
        "triage",
    ),
    (
        "summarise a log for a report",
        user(
            "Give me a two-line recap of this for the incident doc, no fix needed:\n"
            + BOUNDARY_TRACE
        ),
        "summarize",
    ),
    (
        "new code with an old error as context",
        user(
            "We had KeyError crashes from missing fields last week. Write a helper that "
            "reads a dict with defaults for region and day, plus pytest tests."
        ),
        "code_generate",
    ),
    ("the failure itself", user(BOUNDARY_TRACE), "code_fix"),
    (
        "a yes/no judgement of given code",
        user(
            "Is this safe to call from two threads at once?\n\n```python\nclass Pool:\n"
            "    def take(self):\n        item = self.items[-1]\n"
            "        del self.items[-1]\n        return item\n```"
        ),
        "code_review",
    ),
    (
        "a closed choice over error text",
        user(
            "Which queue should this go to, billing or infra? One word.\n\n"
            "ERROR 2025-01-04 invoice-worker: stripe.error.RateLimitError: Too many requests"
        ),
        "triage",
    ),
    (
        "a new feature whose reason is an old failure",
        user(
            "Add a retry with backoff around this call so a timeout can't kill the sync "
            "again:\n\ndef pull():\n    return client.get('/items', timeout=5)"
        ),
        "code_generate",
    ),
]


@pytest.mark.parametrize(("name", "messages", "expected"), BOUNDARY_CASES)
def test_ask_decides_over_error_shaped_material(
    name: str, messages: list[dict[str, Any]], expected: str
) -> None:
    assert classify(messages) == expected, name


def test_ask_view_leaves_out_machine_output() -> None:
    ask = ask_view(f"why is this happening?\n{BOUNDARY_TRACE}".lower())
    assert "why is this happening?" in ask
    assert "traceback" not in ask
    assert "keyerror" not in ask

"""The heuristic classifier against SPEC §2 rule by rule, plus explicit types and the registry."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router import classification
from ollama_agent_router.classification import (
    ClassifierInput,
    ClassifierUnavailableError,
    HeuristicClassifier,
    available_modes,
    classify_text,
    content_text,
    estimate_tokens,
    explicit_classification,
    get_classifier,
    last_user_text,
    request_text,
)
from ollama_agent_router.tasks import CORE_TASK_TYPES

FILLER = "the quick brown fox jumps over the lazy dog. "  # no marker of any list


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


def classify(*contents: Any) -> Any:
    return HeuristicClassifier().classify(ClassifierInput([user(c) for c in contents]))


RULES = [
    # (label, text, task type, confidence, complexity)
    ("tokens over 12000", "a" * 48004, "large_context", 0.80, "heavy"),
    ("marker large context", "Use a large context for this", "large_context", 0.80, "heavy"),
    ("marker entire repository", "grep the entire repository", "large_context", 0.80, "heavy"),
    ("tool", "Call the weather tool for Paris", "tool_use", 0.75, "medium"),
    ("function call", "emit a function call", "tool_use", 0.75, "medium"),
    ("json schema", "answer in this json schema", "tool_use", 0.75, "medium"),
    ("api call", "make an api call to stripe", "tool_use", 0.75, "medium"),
    ("webhook", "send a webhook to slack", "tool_use", 0.75, "medium"),
    ("bash", "bash: list files", "tool_use", 0.75, "medium"),
    ("shell command", "which shell command lists files", "tool_use", 0.75, "medium"),
    ("review + code", "Please review this Python code", "code_review", 0.82, "medium"),
    ("audit + code", "audit this javascript", "code_review", 0.82, "medium"),
    ("risks + code", "risks of this typescript?", "code_review", 0.82, "medium"),
    ("find bugs + fence", "find bugs:\n```x = 1```", "code_review", 0.82, "medium"),
    ("fix + code", "Fix the exception in my script", "code_fix", 0.80, "medium"),
    ("bug + code", "a bug in node.js", "code_fix", 0.80, "medium"),
    ("failing test + code", "failing test after refactor", "code_fix", 0.80, "medium"),
    ("patch + diff", "patch for diff --git a/x b/x", "code_fix", 0.80, "medium"),
    ("regression + compile", "regression: does not compile", "code_fix", 0.80, "medium"),
    ("write + code", "Write a Python script to rename files", "code_generate", 0.78, "medium"),
    ("implement + class", "implement class Foo", "code_generate", 0.78, "medium"),
    ("create + function", "create a function", "code_generate", 0.78, "medium"),
    ("generate + pr", "generate a pull request text", "code_generate", 0.78, "medium"),
    ("build + stack trace", "build a stack trace parser", "code_generate", 0.78, "medium"),
    ("summarize", "Summarize this article about bees", "summarize", 0.86, "light"),
    ("summary", "a summary please", "summarize", 0.86, "light"),
    ("tl;dr", "tl;dr?", "summarize", 0.86, "light"),
    ("extract key points", "extract key points from the memo", "summarize", 0.86, "light"),
    ("reasoning + multi-step", "plan a multi-step migration", "agentic_reasoning", 0.72, "heavy"),
    ("reasoning + long", "design " + FILLER * 27, "agentic_reasoning", 0.72, "heavy"),
    ("root cause + long", "root cause? " + FILLER * 27, "agentic_reasoning", 0.72, "heavy"),
    ("classify short", "classify this ticket: login is slow", "triage", 0.70, "light"),
    ("route short", "route this email", "triage", 0.70, "light"),
    ("triage short", "triage: printer on fire", "triage", 0.70, "light"),
    ("default", "hello there", "simple_chat", 0.55, "light"),
]

PRECEDENCE = [
    ("large beats tool", "bash over the entire repository", "large_context"),
    ("tokens beat everything", "review python fix " + "a" * 48000, "large_context"),
    ("tool beats review", "review this python tool", "tool_use"),
    ("review beats fix", "review and fix this python function", "code_review"),
    ("fix beats generate", "write a fix for this python exception", "code_fix"),
    ("generate beats summarize", "write a summary of this python module", "code_generate"),
    ("summarize beats reasoning", "summarize the multi-step plan", "summarize"),
    ("reasoning beats triage", "classify this multi-step plan", "agentic_reasoning"),
    ("review needs code", "review my essay", "simple_chat"),
    ("fix needs code", "fix my bike", "simple_chat"),
    ("generate needs code", "write a poem", "simple_chat"),
    ("short reasoning is chat", "how should I plan my day", "simple_chat"),
    ("long text is not triage", "classify " + FILLER * 4, "simple_chat"),
    ("179 chars is triage", "route " + "x" * 173, "triage"),
    ("180 chars is not triage", "route " + "x" * 174, "simple_chat"),
    ("1200 chars is not long", "plan " + "x" * 1195, "simple_chat"),
    ("1201 chars is long", "plan " + "x" * 1196, "agentic_reasoning"),
    ("substring quirk: debug holds bug", "debug this python", "code_fix"),
    ("substring quirk: explain holds plan", "explain python decorators", "simple_chat"),
    ("substring quirk: router holds route", "what is a router?", "triage"),
    ("class needs its space", "classy python", "simple_chat"),
    ("upper case is lowered", "SUMMARIZE THIS", "summarize"),
]


@pytest.mark.parametrize(("label", "text", "task", "confidence", "complexity"), RULES)
def test_each_rule(label: str, text: str, task: str, confidence: float, complexity: str) -> None:
    result = classify(text)
    assert (result.task_type, result.confidence, result.complexity) == (
        task,
        confidence,
        complexity,
    ), label
    assert result.mode == "heuristic"
    assert result.requires_large_context is (task == "large_context")
    assert result.requires_tool_use is (task == "tool_use")


@pytest.mark.parametrize(("label", "text", "task"), PRECEDENCE)
def test_precedence(label: str, text: str, task: str) -> None:
    assert classify(text).task_type == task, label


COMPLEXITY = [
    ("12000 tokens exactly is not large", "a" * 48000, "simple_chat", "medium"),
    ("over 3000 tokens is medium", "a" * 12001, "simple_chat", "medium"),
    ("3000 tokens is light", "a" * 12000, "simple_chat", "light"),
    ("architecture makes medium", "what does architecture mean", "simple_chat", "medium"),
    ("debug makes medium", "classify: debug", "triage", "medium"),
    ("triage with architecture", "route: architecture", "triage", "medium"),
    ("summarize stays light", "summary", "summarize", "light"),
    ("summarize over 3000 tokens", "summary " + "a" * 12000, "summarize", "medium"),
]


@pytest.mark.parametrize(("label", "text", "task", "complexity"), COMPLEXITY)
def test_complexity(label: str, text: str, task: str, complexity: str) -> None:
    result = classify(text)
    assert (result.task_type, result.complexity) == (task, complexity), label


def test_code_words_alone_make_no_code_task() -> None:
    result = classify("what is python mostly used for")
    assert (result.task_type, result.complexity) == ("simple_chat", "light")


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([], ""),
        ([{"role": "user"}], ""),
        ([user(None)], ""),
        ([user(42)], ""),
        ([user("a"), user("b")], "a\nb"),
        ([user(None), user("hi")], "\nhi"),
        ([user([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}])], "a\nb"),
        ([user([{"type": "image_url", "image_url": {"url": "x"}}, {"text": "c"}])], "c"),
        ([user([{"type": "text", "text": None}, "raw", 5])], "raw"),
        ([user([])], ""),
        (["not a message", user("x")], "\nx"),
    ],
)
def test_request_text(messages: list[Any], expected: str) -> None:
    assert request_text(messages) == expected


def test_list_contents_are_classified_by_their_text() -> None:
    parts = [
        {"type": "text", "text": "Review this"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        {"type": "text", "text": "Python code"},
    ]
    assert classify(parts).task_type == "code_review"


def test_messages_are_joined_by_newlines_not_glued() -> None:
    # "fi" + "x python" must not form the fix marker.
    assert classify("fi", "x python").task_type == "simple_chat"
    assert classify("fix", "python").task_type == "code_fix"


def test_earlier_turns_count_in_heuristic_mode() -> None:
    messages = [
        {"role": "system", "content": "You are a router."},
        {"role": "user", "content": "hi"},
    ]
    assert HeuristicClassifier().classify(ClassifierInput(messages)).task_type == "triage"


@pytest.mark.parametrize(
    "messages", [[], [user("")], [user("   ")], [user("\n\t")], [{"role": "user"}]]
)
def test_empty_and_whitespace_messages(messages: list[Any]) -> None:
    result = HeuristicClassifier().classify(ClassifierInput(messages))
    assert (result.task_type, result.confidence, result.complexity) == (
        "simple_chat",
        0.55,
        "light",
    )


def test_tools_field_is_ignored() -> None:
    tools = [{"type": "function", "function": {"name": "get_weather"}}]
    result = HeuristicClassifier().classify(ClassifierInput([user("hi")], tools=tools))
    assert result.task_type == "simple_chat"


@pytest.mark.parametrize(("text", "tokens"), [("", 0), ("a", 1), ("abcd", 1), ("abcde", 2)])
def test_token_estimate(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens
    assert classify_text(text).estimated_tokens == tokens


def test_token_estimate_counts_joined_text() -> None:
    assert classify("ab", "cd").estimated_tokens == 2  # "ab\ncd" has 5 characters


def test_huge_single_message() -> None:
    result = classify("x" * 1_000_000)
    assert (result.task_type, result.complexity) == ("large_context", "heavy")
    assert result.estimated_tokens == 250_000


def test_many_small_messages_add_up() -> None:
    result = HeuristicClassifier().classify(ClassifierInput([user("hey")] * 12_001))
    assert result.estimated_tokens == 12_001  # 3 chars + newline each, minus the last
    assert result.task_type == "large_context"


def test_content_text_and_last_user_text() -> None:
    assert content_text("as is") == "as is"
    messages = [user("first"), {"role": "assistant", "content": "x"}, user([{"text": "last"}])]
    assert last_user_text(messages) == "last"
    assert last_user_text([{"role": "system", "content": "s"}]) == ""


@pytest.mark.parametrize("task", [*CORE_TASK_TYPES, "planning", "simple_agent"])
def test_explicit_task_type(task: str) -> None:
    result = explicit_classification(task, estimated_tokens=7)
    heavy = task in ("agentic_reasoning", "large_context")
    assert result.complexity == ("heavy" if heavy else "medium")
    assert result.confidence == 1.0
    assert result.mode == "explicit"
    assert result.requires_large_context is (task == "large_context")
    assert result.requires_tool_use is (task == "tool_use")
    assert result.estimated_tokens == 7


def test_registry_builds_heuristic() -> None:
    assert "heuristic" in available_modes()
    classifier = get_classifier("heuristic")
    assert classifier.name == "heuristic"
    assert classifier.classify(ClassifierInput([user("hello")])).task_type == "simple_chat"


def test_registry_rejects_unknown_mode() -> None:
    with pytest.raises(ClassifierUnavailableError, match="'telepathy' is not available"):
        get_classifier("telepathy")


def test_registry_reports_unloadable_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        classification,
        "CLASSIFIER_FACTORIES",
        {"ghost": "ollama_agent_router.classification.no_such_module:Ghost"},
    )
    with pytest.raises(ClassifierUnavailableError, match="cannot load") as info:
        get_classifier("ghost")
    assert info.value.mode == "ghost"

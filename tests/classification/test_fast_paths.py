"""The speed-ups of ``enhanced`` change nothing: guarded regexes, the decision cache."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.enhanced import EnhancedClassifier
from ollama_agent_router.classification.fastre import GuardedPattern, GuardedSet, branch_guard
from ollama_agent_router.classification.lexicon import (
    ASK_SET,
    ASK_SHAPES,
    DIFF,
    ERROR_LINE,
    INTENT_SET,
    INTENTS,
    REPO_WIDE,
    TEST_FAIL,
    TRACE,
)
from ollama_agent_router.classification.signals import ask_view, extract
from ollama_agent_router.classification.text import content_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
import dataset

PATTERNS = {**INTENTS, **ASK_SHAPES, "trace": TRACE, "error": ERROR_LINE, "test": TEST_FAIL,
            "diff": DIFF, "repo": REPO_WIDE}  # fmt: skip


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = ["", "x", "tl;dr please", "foo.py:12:3: error: bad", "FAILED tests/test_a.py"]
    for row in dataset.load("dev"):
        for message in row["messages"]:
            text = content_text(message.get("content"))[:4000]
            out += [text, text.lower()]
    return out


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_guarded_pattern_matches_like_the_full_one(name: str, texts: list[str]) -> None:
    rx = PATTERNS[name]
    guarded = GuardedPattern(rx.pattern, rx.flags)
    for text in texts:
        assert guarded.search(text) == (rx.search(text) is not None), text[:80]
        assert guarded.count(text, 5) == min(len(rx.findall(text)), 5), text[:80]


@pytest.mark.parametrize(
    ("branch", "guard"),
    [
        ("summar", {"summar"}),
        ("tl;?dr", {"tl"}),
        ("key (takeaways|points)", {"takeaways", "points"}),
        ("one[- ](line|sentence)", {"line", "sentence"}),
        (r"\bp[1-4]\b", None),
        (r"tests? (failed|failing)", {"failed", "failing"}),
        (r"(fatal )?error", {"error"}),
    ],
)
def test_branch_guards(branch: str, guard: set[str] | None) -> None:
    assert branch_guard(branch) == (frozenset(guard) if guard else None)


def test_ignorecase_patterns_are_refused() -> None:
    with pytest.raises(ValueError, match="case"):
        GuardedPattern("abc", re.IGNORECASE)


def test_cache_gives_the_same_answer_and_fresh_token_counts() -> None:
    cached, uncached = EnhancedClassifier(), EnhancedClassifier(cache_size=0)
    base = [{"role": "user", "content": "Why does this fail? TypeError: x is undefined"}]
    first = cached.classify(ClassifierInput(messages=base))
    assert first == uncached.classify(ClassifierInput(messages=base))
    longer = [{"role": "assistant", "content": "a" * 20_000}, *base]
    again = cached.classify(ClassifierInput(messages=longer))
    assert again == uncached.classify(ClassifierInput(messages=longer))
    assert again.estimated_tokens > first.estimated_tokens
    huge = [{"role": "assistant", "content": "a" * 60_000}, *base]
    assert cached.classify(ClassifierInput(messages=huge)).task_type == "large_context"


def test_cache_is_bounded() -> None:
    classifier = EnhancedClassifier(cache_size=3)
    for i in range(10):
        classifier.classify(ClassifierInput(messages=[{"role": "user", "content": f"hi {i}"}]))
    assert len(classifier._cache) == 3


def test_one_pass_over_all_intents_matches_each_pattern(texts: list[str]) -> None:
    """``GuardedSet`` finds exactly the patterns whose full regex matches."""
    patterns = {**INTENTS, **ASK_SHAPES}
    extra = [
        "hi, how are you?",
        "p1 or p2?",
        "这段代码有问题吗？",
        "yes/no",
        "写一个函数",
        "只要结果",
    ]
    for text in texts + extra:
        for rx_set, names in ((INTENT_SET, INTENTS), (ASK_SET, patterns)):
            expected = frozenset(n for n in names if patterns[n].search(text))
            assert rx_set.matching(text) == expected, text[:80]


def test_guarded_set_of_unguarded_patterns() -> None:
    rx_set = GuardedSet({"a": GuardedPattern(r"\bx\b"), "b": GuardedPattern("hello|wor")})
    assert rx_set.matching("x world") == {"a", "b"}
    assert rx_set.matching("nothing") == frozenset()


def test_one_line_fast_path_reads_the_same_ask() -> None:
    for text in ["  Fix this please  ", "tl;dr?", "", "   ", "a\tb", "ok\u2028then", "x\ry"]:
        signals = extract(ClassifierInput(messages=[{"role": "user", "content": text}]))
        assert signals.ask == ask_view(text.lower())
        assert signals.lines == text.count("\n") + 1

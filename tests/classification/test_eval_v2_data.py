"""Shape of the independent evaluation set `tests/data/eval_v2/eval_v2.jsonl`.

Reads the JSONL only (never the classifier) and checks that every row looks like a real
chat request with a known label, that each label and language is represented as the set's
README promises, and that the file matches what `build.py` produces."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "data" / "eval_v2"
JSONL = FOLDER / "eval_v2.jsonl"
LABELS = {
    "triage",
    "simple_chat",
    "summarize",
    "code_generate",
    "code_review",
    "code_fix",
    "agentic_reasoning",
    "large_context",
    "tool_use",
}
LANGS = {"en", "pl", "de", "es", "zh", "mixed"}
LARGE_CHARS = 48_000


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    with JSONL.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p.get("text", "") for p in content if p.get("type") == "text")
    return ""


def _request_chars(row: dict[str, Any]) -> int:
    return sum(len(_text(m)) for m in row["messages"])


def test_counts_per_label_and_total(rows: list[dict[str, Any]]) -> None:
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == LABELS
    assert min(counts.values()) >= 37
    assert len(rows) >= 333


def test_language_mix(rows: list[dict[str, Any]]) -> None:
    langs = Counter(r["lang"] for r in rows)
    assert set(langs) == LANGS
    assert 0.6 <= langs["en"] / len(rows) <= 0.8
    for lang in ("pl", "de", "es", "zh"):
        assert 0.05 <= langs[lang] / len(rows) <= 0.1, lang


def test_ids_unique_and_prefixed(rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("eval_v2-") for i in ids)


def test_every_row_is_a_chat_request(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        msgs = row["messages"]
        assert msgs, row["id"]
        assert msgs[-1]["role"] == "user", row["id"]
        assert _text(msgs[-1]).strip(), row["id"]
        assert all(m["role"] in {"system", "user", "assistant", "tool"} for m in msgs), row["id"]
        assert row["note"].strip(), row["id"]
        for tool in row.get("tools", []):
            assert tool["type"] == "function", row["id"]
            assert tool["function"]["parameters"]["type"] == "object", row["id"]


def test_tool_messages_answer_earlier_calls(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        called: set[str] = set()
        for m in row["messages"]:
            called.update(tc["id"] for tc in m.get("tool_calls", []))
            if m["role"] == "tool":
                assert m["tool_call_id"] in called, row["id"]


def test_long_requests_are_large_context_only(rows: list[dict[str, Any]]) -> None:
    long_rows = [r for r in rows if _request_chars(r) > LARGE_CHARS]
    assert 8 <= len(long_rows) <= 15
    assert {r["label"] for r in long_rows} == {"large_context"}
    others = [r for r in rows if r["label"] != "large_context"]
    assert max(_request_chars(r) for r in others) < 30_000


def test_variety_of_shapes(rows: list[dict[str, Any]]) -> None:
    multi_turn = sum(len([m for m in r["messages"] if m["role"] != "system"]) >= 3 for r in rows)
    with_tools = sum("tools" in r for r in rows)
    with_parts = sum(any(isinstance(m.get("content"), list) for m in r["messages"]) for r in rows)
    with_tool_calls = sum(any("tool_calls" in m for m in r["messages"]) for r in rows)
    assert multi_turn >= 25
    assert with_tools >= 40
    assert with_parts >= 8
    assert with_tool_calls >= 2


@pytest.fixture(scope="module")
def build() -> Any:
    """The set's own builder, loaded from its file (the data folder is not a package)."""
    spec = importlib.util.spec_from_file_location("eval_v2_build", FOLDER / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_v2_build"] = module
    spec.loader.exec_module(module)
    return module


def test_file_matches_build_output(build: Any) -> None:
    cases = build.load_cases()
    build.validate(cases)
    assert build.render(cases) == JSONL.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "yo"},
                ]
            },
            "last message",
        ),
        ({"label": "debugging"}, "label"),
        ({"lang": "fr"}, "lang"),
        (
            {
                "messages": [
                    {"role": "tool", "tool_call_id": "c9", "content": "x"},
                    {"role": "user", "content": "ok"},
                ]
            },
            "tool_call_id",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "text", "text": " "}]}]},
            r"content\[0\]",
        ),
        (
            {
                "tools": [
                    {
                        "type": "function",
                        "function": {"name": "f", "parameters": {"type": "string"}},
                    }
                ]
            },
            "parameters",
        ),
    ],
)
def test_validator_names_the_bad_field(build: Any, change: dict[str, Any], field: str) -> None:
    good = {
        "id": "eval_v2-x-001",
        "label": "code_fix",
        "lang": "en",
        "note": "n",
        "messages": [{"role": "user", "content": "it crashes"}],
    }
    build.validate([good])
    with pytest.raises(build.CaseError, match=field):
        build.validate([{**good, **change}])

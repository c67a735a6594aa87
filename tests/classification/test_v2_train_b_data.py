"""Structure checks for the batch-b training requests (no classifier is involved).

The file is training data written by hand from the SPEC §2 definitions; these tests keep
it well-formed, in step with its source modules, and at the agreed size per label.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pytest

from data.v2_train_b import build

JSONL = Path(__file__).resolve().parents[1] / "data" / "v2_train_b" / "v2_train_b.jsonl"
MINIMUM = {
    "tool_use": 70,
    "agentic_reasoning": 70,
    "simple_chat": 50,
    "triage": 50,
    "summarize": 50,
    "large_context": 40,
}
CODE_LABELS = {"code_fix", "code_review", "code_generate"}
LONG_CHARS = 48_000
ORPHAN_RESULT = {"role": "tool", "tool_call_id": "x", "content": "1"}


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines()]


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    return "\n".join(p.get("text", "") for p in content or [])


def test_file_matches_its_source_modules() -> None:
    assert JSONL.read_text(encoding="utf-8") == build.render(build.collect())


def test_every_row_passes_validation() -> None:
    build.validate(_rows())


def test_counts_per_label_reach_the_targets() -> None:
    counts = collections.Counter(r["label"] for r in _rows())
    for label, minimum in MINIMUM.items():
        assert counts[label] >= minimum, label
    assert sum(counts[label] for label in CODE_LABELS) <= 30
    assert sum(counts[label] for label in MINIMUM) >= 330


def test_languages_are_mixed() -> None:
    langs = collections.Counter(r["lang"] for r in _rows())
    total = sum(langs.values())
    assert 0.55 <= langs["en"] / total <= 0.8
    for lang in ("pl", "de", "es", "zh"):
        assert langs[lang] / total >= 0.05, lang
    assert langs["mixed"] >= 3


def test_long_bodies_only_where_large_context_is_the_label() -> None:
    rows = _rows()
    long_rows = [r for r in rows if sum(len(_text(m)) for m in r["messages"]) > LONG_CHARS]
    assert all(r["label"] == "large_context" for r in long_rows)
    assert 8 <= len(long_rows) <= 16


def test_shapes_clients_send_are_all_present() -> None:
    rows = _rows()
    assert any(isinstance(r["messages"][-1]["content"], list) for r in rows)
    assert any("tools" in r for r in rows)
    assert any(m["role"] == "tool" for r in rows for m in r["messages"])
    assert sum(len(r["messages"]) > 2 for r in rows) >= 30


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda c: c.update(label="chat"), "label"),
        (lambda c: c["messages"].append({"role": "assistant", "content": "ok"}), "last message"),
        (lambda c: c.update(lang="fr"), "lang"),
        (lambda c: c["messages"].insert(0, ORPHAN_RESULT), "tool_call_id"),
        (lambda c: c.update(tools=[{"type": "function", "function": {"name": "f"}}]), "tools[0]"),
    ],
)
def test_validation_names_the_bad_field(mutate: Any, field: str) -> None:
    row = _rows()[0]
    mutate(row)
    with pytest.raises(build.CaseError, match=field.replace("[", r"\[").replace("]", r"\]")):
        build.validate([row])


def test_duplicate_ids_are_rejected() -> None:
    row = _rows()[0]
    with pytest.raises(build.CaseError, match="duplicate"):
        build.validate([row, dict(row)])

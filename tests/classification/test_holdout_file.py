"""Structure checks for the hand-written hold-out set (no classifier is involved).

tests/data/classification_holdout.jsonl was evaluation-only for the first ``enhanced``
model and is training data for the second (see tests/data/README_holdout.md).
"""

from __future__ import annotations

import collections
import gzip
import json
import math
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
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
ROLES = {"system", "user", "assistant", "tool"}


def _load() -> list[dict]:
    plain = DATA / "classification_holdout.jsonl"
    if plain.exists():
        raw = plain.read_bytes()
    else:
        raw = gzip.decompress((DATA / "classification_holdout.jsonl.gz").read_bytes())
    rows = []
    for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        assert line.strip(), f"blank line {n}"
        rows.append(json.loads(line))
    return rows


ROWS = _load()


def _text(row: dict) -> str:
    parts = []
    for m in row["messages"]:
        c = m.get("content")
        if isinstance(c, str):
            parts.append(c)
        elif isinstance(c, list):
            parts.extend(p.get("text", "") for p in c)
    return "\n".join(parts)


def test_counts_per_label():
    counts = collections.Counter(r["label"] for r in ROWS)
    assert len(ROWS) >= 270
    assert set(counts) == LABELS
    assert all(counts[label] >= 30 for label in LABELS), counts


def test_ids_unique_and_named_after_label():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    for r in ROWS:
        m = re.fullmatch(r"h-([a-z_]+)-(\d+)", r["id"])
        assert m, r["id"]
        assert m.group(1) == r["label"], r["id"]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_row_shape(row):
    assert set(row) <= {"id", "messages", "tools", "label", "note"}
    assert row["label"] in LABELS
    assert isinstance(row["note"], str)
    assert row["note"].strip()
    msgs = row["messages"]
    assert isinstance(msgs, list)
    assert msgs
    for m in msgs:
        assert m["role"] in ROLES
        c = m.get("content")
        if m["role"] == "assistant" and c is None:
            assert m.get("tool_calls")
        elif isinstance(c, list):
            assert all(p["type"] == "text" for p in c)
            assert all(isinstance(p["text"], str) for p in c)
        else:
            assert isinstance(c, str)
            assert c
    assert msgs[-1]["role"] == "user", "the labelled turn is the last user turn"
    if "tools" in row:
        assert row["tools"], "omit tools rather than sending an empty list"
        for t in row["tools"]:
            assert t["type"] == "function"
            assert t["function"]["name"]
            assert t["function"]["parameters"]["type"] == "object"


def test_size_matches_large_context_definition():
    big = [r for r in ROWS if math.ceil(len(_text(r)) / 4) > 12000]
    assert len(big) >= 10
    wrong = [r["id"] for r in big if r["label"] != "large_context"]
    assert not wrong

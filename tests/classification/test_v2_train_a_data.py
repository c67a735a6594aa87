"""Structure checks for the hand-written training batch in tests/data/v2_train_a/.

No classifier is involved: these checks keep the file in the shape of real chat requests,
keep the label counts the batch was written for, and keep the JSONL in step with the
modules it is built from.
"""

from __future__ import annotations

import collections
import copy
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "data" / "v2_train_a"
JSONL = FOLDER / "v2_train_a.jsonl"
CODE_LABELS = ("code_fix", "code_review", "code_generate")


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("v2_train_a_build", FOLDER / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _builder()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines()]


def _last_text(row: dict[str, Any]) -> str:
    content = row["messages"][-1]["content"]
    if isinstance(content, str):
        return content
    return "\n".join(p["text"] for p in content if p["type"] == "text")


def test_file_matches_the_modules(build: ModuleType) -> None:
    assert JSONL.read_text(encoding="utf-8") == build.render(build.load_cases()), (
        "v2_train_a.jsonl is stale: run python tests/data/v2_train_a/build.py"
    )


def test_every_row_passes_the_validator(build: ModuleType, rows: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for row in rows:
        build.validate(row, seen)
    assert len(seen) == len(rows)


def test_label_counts(rows: list[dict[str, Any]]) -> None:
    counts = collections.Counter(r["label"] for r in rows)
    for label in CODE_LABELS:
        assert counts[label] >= 110, (label, counts[label])
    others = sum(n for label, n in counts.items() if label not in CODE_LABELS)
    assert 0 < others <= 30
    assert sum(counts[label] for label in CODE_LABELS) >= 330


def test_languages_are_spread(rows: list[dict[str, Any]]) -> None:
    langs = collections.Counter(r["lang"] for r in rows)
    total = len(rows)
    assert 0.6 <= langs["en"] / total <= 0.8
    for lang in ("pl", "de", "es", "zh"):
        assert 0.05 <= langs[lang] / total <= 0.09, (lang, langs[lang])
    assert langs["mixed"] >= 10
    for label in CODE_LABELS:
        per_label = {r["lang"] for r in rows if r["label"] == label}
        assert {"en", "pl", "de", "es", "zh", "mixed"} <= per_label, label


def test_shapes_are_varied(rows: list[dict[str, Any]]) -> None:
    assert sum(r["messages"][0]["role"] == "system" for r in rows) >= 60
    assert sum("tools" in r for r in rows) >= 25
    assert sum(len(r["messages"]) > 2 for r in rows) >= 15
    assert any(m["role"] == "tool" for r in rows for m in r["messages"])
    assert any(
        isinstance(m["content"], list) and any(p["type"] == "image_url" for p in m["content"])
        for r in rows
        for m in r["messages"]
    )
    lengths = [len(_last_text(r)) for r in rows]
    assert sum(n > 5000 for n in lengths) >= 3
    # Nothing here is meant to be a large-context request (~12k tokens and more).
    assert max(len(json.dumps(r["messages"], ensure_ascii=False)) for r in rows) < 48_000


def test_cjk_rows_are_written_in_chinese(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["lang"] == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in _last_text(row)), row["id"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r.update(label="bugfix"), "label"),
        (lambda r: r["messages"].append({"role": "assistant", "content": "ok"}), "role"),
        (lambda r: r.update(messages=[]), "messages"),
        (lambda r: r["messages"][-1].update(content=""), "content"),
        (lambda r: r.update(lang="fr"), "lang"),
        (lambda r: r.update(tools=[{"type": "function", "function": {}}]), "tools[0]"),
    ],
)
def test_validator_names_the_bad_field(
    build: ModuleType, rows: list[dict[str, Any]], mutate: Any, field: str
) -> None:
    row = copy.deepcopy(rows[0])
    mutate(row)
    with pytest.raises(build.CaseError, match=field.replace("[", r"\[")):
        build.validate(row, set())


def test_validator_rejects_duplicate_ids(build: ModuleType, rows: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    build.validate(copy.deepcopy(rows[0]), seen)
    with pytest.raises(build.CaseError, match="duplicate"):
        build.validate(copy.deepcopy(rows[0]), seen)

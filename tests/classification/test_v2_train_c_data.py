"""Structure checks for the hand-written training batch in tests/data/v2_train_c/.

No classifier is involved: these checks keep the file in the shape of real chat requests,
keep the weighting the batch was written for (code_generate against code_fix, triage over
error material, mixed-language asks) and keep the JSONL in step with its modules.
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

FOLDER = Path(__file__).resolve().parents[1] / "data" / "v2_train_c"
JSONL = FOLDER / "v2_train_c.jsonl"
OTHER_LABELS = (
    "simple_chat",
    "summarize",
    "code_review",
    "agentic_reasoning",
    "tool_use",
    "large_context",
)
LONG = 48_000  # characters; roughly the ~12k-token large-context line


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("v2_train_c_build", FOLDER / "build.py")
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


def _size(row: dict[str, Any]) -> int:
    return len(json.dumps(row["messages"], ensure_ascii=False))


def test_file_matches_the_modules(build: ModuleType) -> None:
    assert JSONL.read_text(encoding="utf-8") == build.render(build.load_cases()), (
        "v2_train_c.jsonl is stale: run python tests/data/v2_train_c/build.py"
    )


def test_every_row_passes_the_validator(build: ModuleType, rows: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for row in rows:
        build.validate(row, seen)
    assert len(seen) == len(rows) >= 250


def test_label_weighting(rows: list[dict[str, Any]]) -> None:
    counts = collections.Counter(r["label"] for r in rows)
    assert counts["code_generate"] >= 60
    assert counts["code_fix"] >= 40
    assert counts["triage"] >= 40
    for label in OTHER_LABELS:
        assert counts[label] >= 15, (label, counts[label])


def test_languages(rows: list[dict[str, Any]]) -> None:
    langs = collections.Counter(r["lang"] for r in rows)
    assert langs["mixed"] >= 60
    assert 1 - langs["en"] / len(rows) >= 0.35
    for lang in ("pl", "de", "es", "zh"):
        assert langs[lang] >= 12, (lang, langs[lang])
    for label in ("code_generate", "code_fix", "triage"):
        assert {r["lang"] for r in rows if r["label"] == label} == {
            "en",
            "pl",
            "de",
            "es",
            "zh",
            "mixed",
        }, label


def test_generate_asks_often_carry_error_material(rows: list[dict[str, Any]]) -> None:
    markers = ("error", "exception", "todo", "fixme", "panic", "traceback", "failed", "报错")
    generate = [r for r in rows if r["label"] == "code_generate"]
    with_errors = [r for r in generate if any(m in json.dumps(r).lower() for m in markers)]
    assert len(with_errors) >= len(generate) // 2


def test_mixed_rows_mix_scripts_or_languages(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["lang"] != "mixed":
            continue
        text = json.dumps(row["messages"], ensure_ascii=False)
        assert any(ord(ch) > 127 for ch in text), row["id"]


def test_only_large_context_is_long(rows: list[dict[str, Any]]) -> None:
    long_rows = [r for r in rows if _size(r) > LONG]
    assert 3 <= len(long_rows) <= 6
    assert {r["label"] for r in long_rows} == {"large_context"}


def test_shapes_are_varied(rows: list[dict[str, Any]]) -> None:
    assert sum(r["messages"][0]["role"] == "system" for r in rows) >= 40
    assert sum("tools" in r for r in rows) >= 15
    assert sum(len(r["messages"]) > 2 for r in rows) >= 20
    assert any(m["role"] == "tool" for r in rows for m in r["messages"])
    assert any(
        isinstance(m["content"], list) and any(p["type"] == "image_url" for p in m["content"])
        for r in rows
        for m in r["messages"]
    )


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
        (lambda r: r.update(id="v2_train_a_x"), "id"),
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

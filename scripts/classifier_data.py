"""The labelled requests the ``enhanced`` model is trained and evaluated on, by source.

Sources (each a list of ``{"id", "messages", "tools"?, "label", ...}`` rows):

- ``dataset``: ``tests/data/classification.jsonl.gz``, built from the project's fragments;
- ``holdout``: ``tests/data/classification_holdout.jsonl``, written by another person
  from the SPEC §2 definitions (once evaluation-only, now trained on);
- ``v2a``, ``v2b``, ``v2c``: ``tests/data/v2_train_a/``, ``v2_train_b/``, ``v2_train_c/``,
  realistic requests written independently of everything above (and of each other);
- ``eval_v2``: ``tests/data/eval_v2/``, the fresh evaluation set: never trained or tuned on.

A folder source is every ``*.jsonl`` / ``*.jsonl.gz`` file in it, in name order.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(DATA))

import dataset  # noqa: E402

from ollama_agent_router.classification.base import ClassifierInput  # noqa: E402
from ollama_agent_router.classification.text import content_text  # noqa: E402

Row = dict[str, Any]
TRAINING_SOURCES = ("dataset", "holdout", "v2a", "v2b", "v2c")
FOLDERS = {
    "v2a": DATA / "v2_train_a",
    "v2b": DATA / "v2_train_b",
    "v2c": DATA / "v2_train_c",
    "eval_v2": DATA / "eval_v2",
}


def _jsonl(text: str) -> list[Row]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _folder(path: Path) -> list[Row]:
    rows: list[Row] = []
    for file in sorted(path.glob("*.jsonl*")):
        if file.name.endswith(".jsonl"):
            rows += _jsonl(file.read_text(encoding="utf-8"))
        elif file.name.endswith(".jsonl.gz"):
            rows += _jsonl(gzip.decompress(file.read_bytes()).decode("utf-8"))
    return rows


def load(source: str) -> list[Row]:
    """The rows of one source; empty when a folder source has not arrived."""
    if source == "dataset":
        return dataset.load("all")
    if source == "holdout":
        return _jsonl((DATA / "classification_holdout.jsonl").read_text(encoding="utf-8"))
    return _folder(FOLDERS[source]) if FOLDERS[source].is_dir() else []


def request(row: Row) -> ClassifierInput:
    return ClassifierInput(messages=row["messages"], tools=row.get("tools"))


_PL = re.compile(r"[ąćęłńśźż]|\b(czy|nie|jest|się|jak|dla|proszę|żeby|który|która)\b")
_DE = re.compile(r"[äöüß]|\b(und|nicht|ist|das|die|der|bitte|ich|wir|mit|für|warum|eine?)\b")
_ES = re.compile(r"[ñ¿¡]|\b(el|los|las|que|por|para|una|con|está|qué|cómo|necesito)\b")
_EN = re.compile(r"\b(the|and|is|this|to|of|what|how|please|with|for|it|can|you)\b")
_CJK = re.compile(r"[\u3400-\u9fff]")


def language(row: Row) -> str:
    """The row's ``lang``/``language`` field, else a guess from the last user turn's prose."""
    for key in ("lang", "language"):
        value = row.get(key)
        if isinstance(value, str) and value:
            return value.lower()
    text = ""
    for message in row["messages"]:
        if isinstance(message, dict) and message.get("role") == "user":
            text = content_text(message.get("content"))
    prose = " ".join(
        line for line in text[:3000].splitlines()[:20] if not re.search(r"[{};=<>]|^\s", line)
    ).lower()
    if len(_CJK.findall(prose)) >= 2:
        return "zh"
    scores = {
        "pl": 2 * len(_PL.findall(prose)),
        "de": 1.5 * len(_DE.findall(prose)),
        "es": 1.5 * len(_ES.findall(prose)),
        "en": len(_EN.findall(prose)),
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "en"

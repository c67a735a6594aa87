"""Load the labelled classification dataset and its deterministic dev/test split.

The split is stratified by label: within each label, rows are ordered by a hash of
their id and the first 60% are ``dev`` (tuning, training), the rest ``test`` (report
only; nothing is ever trained on it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parent / "classification.jsonl.gz"
DEV_FRACTION = 0.6


def load_all() -> list[dict[str, Any]]:
    with gzip.open(PATH, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _key(row: dict[str, Any]) -> str:
    return hashlib.sha256(row["id"].encode()).hexdigest()


def split(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_label: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row)
    out: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    for label in sorted(by_label):
        group = sorted(by_label[label], key=_key)
        cut = round(len(group) * DEV_FRACTION)
        out["dev"].extend(group[:cut])
        out["test"].extend(group[cut:])
    return out


def load(name: str) -> list[dict[str, Any]]:
    """``dev``, ``test`` or ``all``."""
    rows = load_all()
    return rows if name == "all" else split(rows)[name]

"""Validate the hand-written cases of this folder and write them to one JSONL file.

Run: python tests/data/v2_train_a/build.py  (writes tests/data/v2_train_a/v2_train_a.jsonl)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import case_batch  # noqa: E402
from case_batch import CaseError, render  # noqa: E402

OUT = HERE / "v2_train_a.jsonl"
PREFIX = "v2_train_a_"
MODULES = [
    "fix_a",
    "fix_b",
    "review_a",
    "review_b",
    "generate_a",
    "generate_b",
    "sessions",
    "boundary",
    "contrast",
]
__all__ = ["CaseError", "load_cases", "main", "render", "validate"]


def validate(row: Any, seen: set[str]) -> None:
    case_batch.validate(row, seen, PREFIX)


def load_cases() -> list[dict[str, Any]]:
    return case_batch.load_cases(HERE, MODULES, PREFIX)


def main() -> int:
    return case_batch.main(load_cases, OUT)


if __name__ == "__main__":
    raise SystemExit(main())

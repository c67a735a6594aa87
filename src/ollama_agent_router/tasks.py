"""Task types: the vocabulary shared by classification, routes and purposes."""

from __future__ import annotations

from typing import Final, Literal

TaskType = str
"""A route key. Core task types are listed below; configs may add their own keys."""

CORE_TASK_TYPES: Final[tuple[str, ...]] = (
    "triage",
    "simple_chat",
    "summarize",
    "code_generate",
    "code_review",
    "code_fix",
    "agentic_reasoning",
    "large_context",
    "tool_use",
    "unknown",
)

CLASSIFIED_TASK_TYPES: Final[tuple[str, ...]] = tuple(t for t in CORE_TASK_TYPES if t != "unknown")
"""The labels a classifier may answer (``unknown`` is a route, not a label)."""

Complexity = Literal["light", "medium", "heavy"]
Priority = Literal["low", "normal", "high"]
Mode = Literal["auto", "sync", "async"]

PRIORITY_WEIGHTS: Final[dict[str, int]] = {"low": 10, "normal": 50, "high": 90}

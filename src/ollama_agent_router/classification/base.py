"""What every classifier mode takes and returns.

A classifier is pure: it reads the chat request (messages and, if present, the OpenAI
``tools`` list) and returns a ``Classification``. Modes that need I/O (asking an Ollama
model) wrap a pure one as their fallback and live beside the server, not here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ollama_agent_router.tasks import Complexity

Message = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ClassifierInput:
    """The parts of a chat request a classifier may look at."""

    messages: Sequence[Message]
    tools: Sequence[Mapping[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    task_type: str
    complexity: Complexity
    requires_large_context: bool
    requires_tool_use: bool
    confidence: float
    mode: str
    """Which mode decided: ``explicit``, ``heuristic``, ``enhanced``, ``model``, …"""
    estimated_tokens: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "taskType": self.task_type,
            "complexity": self.complexity,
            "requiresLargeContext": self.requires_large_context,
            "requiresToolUse": self.requires_tool_use,
            "confidence": self.confidence,
            "mode": self.mode,
            "estimatedTokens": self.estimated_tokens,
        }


class Classifier(Protocol):
    """A classification mode. Implementations are registered by name."""

    name: str

    def classify(self, request: ClassifierInput) -> Classification: ...

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


class AsyncClassifier(Protocol):
    """A mode that does I/O (asks Ollama): awaited by the gateway instead of called.

    ``fallback`` is the synchronous mode it falls back to; it also serves callers that
    cannot await.
    """

    name: str
    fallback: Classifier

    async def prepare(self) -> None:
        """Optional warm-up at startup (e.g. embed exemplars); must not raise."""

    async def classify(self, request: ClassifierInput) -> Classification: ...


class AwaitableClassifier:
    """A synchronous mode behind the ``AsyncClassifier`` interface."""

    def __init__(self, classifier: Classifier) -> None:
        self.name = classifier.name
        self.fallback = classifier

    async def prepare(self) -> None:
        return None

    async def classify(self, request: ClassifierInput) -> Classification:
        return self.fallback.classify(request)

"""The ``embedding`` mode: nearest label centroid of embedded exemplars (Ollama ``/api/embed``).

A few hand-written exemplar asks per task type ship here. They are embedded once with
``router.classification.embeddingModel`` (at startup when Ollama answers, else on first
use, retried at most every ``RETRY_S`` seconds) and averaged into one unit centroid per
label. A request's bounded last user turn is embedded and scored by cosine similarity
against every centroid; the best label wins when its score reaches ``threshold`` and
beats the runner-up by ``margin``. Otherwise — and on any error, and for requests over
the large-context limit — ``enhanced`` decides (``mode: enhanced-fallback``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import time
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from ollama_agent_router.backend.ollama.errors import OllamaError
from ollama_agent_router.classification.base import Classification, Classifier, ClassifierInput
from ollama_agent_router.classification.enhanced import EnhancedClassifier, complexity_for
from ollama_agent_router.classification.model_mode import FALLBACK_MODE, NativeClient
from ollama_agent_router.classification.signals import scan

if TYPE_CHECKING:
    from ollama_agent_router.config.models import ClassificationConfig

__all__ = ["EXEMPLARS", "EmbeddingClassifier", "centroids", "cosine_best"]

log = logging.getLogger("ollama_agent_router.classification.embedding")

ASK_CHARS: Final = 2_000
RETRY_S: Final = 30.0
CACHE_SIZE: Final = 2048

EXEMPLARS: Final[Mapping[str, tuple[str, ...]]] = {
    "triage": (
        "Label this support ticket as billing, bug or feature request.",
        "Is this review positive or negative? Answer with one word.",
        "Which team should handle this incident: network, database or frontend?",
        "Set a priority P1-P4 for this customer email.",
    ),
    "simple_chat": (
        "hey, how's it going?",
        "thanks, that fixed it!",
        "What is Python mostly used for?",
        "Who wrote Pride and Prejudice?",
    ),
    "summarize": (
        "Summarise this article in three bullet points.",
        "Give me a TL;DR of the meeting transcript below.",
        "Turn this diff into short release notes.",
        "Shorter please, one paragraph.",
    ),
    "code_generate": (
        "Write a Go function that retries an HTTP request with exponential backoff.",
        "Create a Dockerfile for a FastAPI app with a multi-stage build.",
        "Add a --verbose flag to this CLI and print timings when it is set.",
        "Write unit tests for the parser module using pytest.",
    ),
    "code_review": (
        "Can you review this pull request? Anything wrong with the locking?",
        "Is there a memory leak in this C++ class?",
        "Audit this endpoint for security problems such as SQL injection.",
        "Is this Rust code idiomatic?",
    ),
    "code_fix": (
        "TypeError: cannot read properties of undefined (reading 'map') at render",
        "error[E0502]: cannot borrow `v` as mutable because it is also borrowed",
        "My test fails with AssertionError: expected 3 but got 2, what is wrong?",
        "The build fails in CI with exit status 1 after upgrading the compiler.",
    ),
    "agentic_reasoning": (
        "Plan the migration of our monolith to services, step by step, with risks.",
        "Compare event sourcing and plain CRUD for our order system and recommend one.",
        "Latency doubled since Tuesday; how should we investigate the root cause?",
        "Design the architecture for multi-region failover of the billing service.",
    ),
    "large_context": (
        "Go through the entire repository and list every place that reads the config.",
        "Here is the whole codebase; find all uses of the deprecated API.",
        "Review all the source files of this project for consistency.",
    ),
    "tool_use": (
        "What's the weather in Berlin right now?",
        "Run the command that lists the running docker containers.",
        "Book a meeting with Anna tomorrow at 10.",
        "It's freezing in here.",
    ),
}

Vector = list[float]


def _unit(vector: Sequence[float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def centroids(labels: Sequence[str], vectors: Sequence[Sequence[float]]) -> dict[str, Vector]:
    """One unit-length mean vector per label, from exemplar vectors given in label order."""
    sums: dict[str, Vector] = {}
    for label, vector in zip(labels, vectors, strict=True):
        unit = _unit(vector)
        total = sums.get(label)
        if total is None:
            sums[label] = list(unit)
        else:
            for i, v in enumerate(unit):
                total[i] += v
    return {label: _unit(total) for label, total in sums.items()}


def cosine_best(
    vector: Sequence[float], centres: Mapping[str, Sequence[float]]
) -> tuple[str, float, float]:
    """(best label, its cosine, the runner-up's cosine); centres must be unit length."""
    unit = _unit(vector)
    scores = sorted(
        ((sum(a * b for a, b in zip(unit, c, strict=True)), label) for label, c in centres.items()),
        reverse=True,
    )
    best_score, best = scores[0]
    second = scores[1][0] if len(scores) > 1 else -1.0
    return best, best_score, second


class EmbeddingClassifier:
    """Nearest centroid of embedded exemplars; ``enhanced`` decides when unsure."""

    name = "embedding"

    def __init__(
        self,
        client: NativeClient,
        *,
        model: str,
        timeout_ms: int,
        threshold: float = 0.5,
        margin: float = 0.02,
        exemplars: Mapping[str, Sequence[str]] = EXEMPLARS,
        fallback: Classifier | None = None,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.client = client
        self.model = model
        self.timeout_ms = timeout_ms
        self.threshold = threshold
        self.margin = margin
        self.exemplars = exemplars
        self.fallback: Classifier = fallback or EnhancedClassifier()
        self.centres: dict[str, Vector] | None = None
        self._lock = asyncio.Lock()
        self._failed_at: float | None = None
        self._cache: OrderedDict[int, tuple[str, float] | None] = OrderedDict()
        self._cache_size = cache_size
        self.outcomes: Counter[str] = Counter()

    async def _embed(self, texts: list[str]) -> list[Vector]:
        async with asyncio.timeout(self.timeout_ms / 1000):
            reply = await self.client.post_native(
                "embed", {"model": self.model, "input": texts}, timeout_ms=self.timeout_ms
            )
        vectors: Any = reply.get("embeddings")
        if (
            not isinstance(vectors, list)
            or len(vectors) != len(texts)
            or not all(isinstance(v, list) and v for v in vectors)
        ):
            raise ValueError("embed answer has no usable 'embeddings'")
        return [[float(x) for x in v] for v in vectors]

    async def prepare(self) -> None:
        """Embed the exemplars once; on failure log it and let ``classify`` retry later."""
        async with self._lock:
            if self.centres is not None:
                return
            if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_S:
                return
            labels = [label for label, texts in self.exemplars.items() for _ in texts]
            texts = [text for group in self.exemplars.values() for text in group]
            try:
                self.centres = centroids(labels, await self._embed(texts))
            except (TimeoutError, OllamaError, ValueError, TypeError) as exc:
                self._failed_at = time.monotonic()
                log.warning("cannot embed classifier exemplars with %s: %s", self.model, exc)

    async def classify(self, request: ClassifierInput) -> Classification:
        scanned = scan(request)
        if scanned.large or not scanned.last_user.strip():
            return self._fall_back(request, "large" if scanned.large else "empty")
        if self.centres is None:
            await self.prepare()
        centres = self.centres
        if centres is None:
            return self._fall_back(request, "no-exemplars")
        key = scanned.cache_key()
        if key in self._cache:
            self._cache.move_to_end(key)
            decided = self._cache[key]
            self.outcomes["cached"] += 1
        else:
            try:
                (vector,) = await self._embed([scanned.last_user[:ASK_CHARS]])
            except (TimeoutError, OllamaError, ValueError, TypeError):
                return self._fall_back(request, "error")
            label, score, second = cosine_best(vector, centres)
            sure = score >= self.threshold and score - second >= self.margin
            decided = (label, score) if sure else None
            self._cache[key] = decided
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            self.outcomes["embedded"] += 1
        if decided is None:
            return self._fall_back(request, "below-threshold")
        task_type, score = decided
        return Classification(
            task_type=task_type,
            complexity=complexity_for(task_type, scanned.estimated_tokens),
            requires_large_context=task_type == "large_context",
            requires_tool_use=task_type == "tool_use",
            confidence=round(min(max(score, 0.0), 1.0), 3),
            mode=self.name,
            estimated_tokens=scanned.estimated_tokens,
        )

    def _fall_back(self, request: ClassifierInput, reason: str) -> Classification:
        self.outcomes[reason] += 1
        return dataclasses.replace(self.fallback.classify(request), mode=FALLBACK_MODE)


def from_config(config: ClassificationConfig, client: NativeClient) -> EmbeddingClassifier:
    """The ``embedding`` mode of ``router.classification``."""
    if not config.embedding_model:
        raise ValueError("router.classification.embeddingModel is required")
    return EmbeddingClassifier(
        client, model=config.embedding_model, timeout_ms=config.classifier_timeout_ms
    )

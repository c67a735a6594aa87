"""The ``cascade`` mode: ``enhanced`` decides, a small model is asked only when it is unsure.

``enhanced`` gives calibrated probabilities (among requests it gives 0.7, about 70% are
right), so its top probability says when a second opinion is worth a model call. Below
``router.classification.cascadeThreshold`` the request goes to the small model of the
``model`` mode, with ``enhanced``'s top candidates as hints in the prompt; its answer
decides. Requests decided by the large-context rules are never sent (no small model
should read 12k tokens), and on a timeout, an Ollama error or an unusable answer the
``enhanced`` decision stands.

``Classification.mode`` (the router object's ``classifier`` field) says who decided:

- ``cascade-enhanced``: ``enhanced`` was confident enough (or a large-context rule decided);
- ``cascade-model``: ``enhanced`` was unsure and the small model's answer decided;
- ``cascade-fallback``: the small model was asked but gave no usable answer in time.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TYPE_CHECKING, Final

from ollama_agent_router.classification.base import Classification, ClassifierInput
from ollama_agent_router.classification.enhanced import (
    Assessment,
    EnhancedClassifier,
    complexity_for,
)
from ollama_agent_router.classification.model_mode import ModelClassifier, NativeClient
from ollama_agent_router.classification.signals import scan

if TYPE_CHECKING:
    from ollama_agent_router.config.models import ClassificationConfig

__all__ = [
    "ASKED_MODE",
    "CONFIDENT_MODE",
    "DEFAULT_THRESHOLD",
    "FALLBACK_MODE",
    "CascadeClassifier",
    "needs_second_opinion",
]

CONFIDENT_MODE: Final = "cascade-enhanced"
ASKED_MODE: Final = "cascade-model"
FALLBACK_MODE: Final = "cascade-fallback"
DEFAULT_THRESHOLD: Final = 0.7
"""Sends about a fifth of requests to the small model (docs/classification.md)."""
HINTS: Final = 3


def needs_second_opinion(assessment: Assessment, threshold: float) -> bool:
    """Whether ``enhanced``'s decision is unsure enough to ask the small model."""
    return not assessment.by_rule and assessment.probability < threshold


class CascadeClassifier:
    """``enhanced`` first; the small model of ``asker`` when it is below ``threshold``."""

    name = "cascade"

    def __init__(
        self,
        asker: ModelClassifier,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        enhanced: EnhancedClassifier | None = None,
    ) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"cascade threshold must be between 0 and 1, got {threshold}")
        self.asker = asker
        self.threshold = threshold
        self.enhanced = enhanced or EnhancedClassifier()
        self.fallback = self.enhanced
        self.outcomes: Counter[str] = Counter()
        """confident, large (rules), asked, timeout, error, garbage; ``asker.outcomes`` says
        which of the asked were answered and which cached."""

    async def prepare(self) -> None:
        return None

    async def classify(self, request: ClassifierInput) -> Classification:
        scanned = scan(request)
        assessment = self.enhanced.assess(scanned, top=HINTS)
        decided = assessment.classification
        if not needs_second_opinion(assessment, self.threshold):
            self.outcomes["large" if assessment.by_rule else "confident"] += 1
            return dataclasses.replace(decided, mode=CONFIDENT_MODE)
        answer = await self.asker.answer(scanned, assessment.candidates)
        if isinstance(answer, str):
            self.outcomes[answer] += 1
            return dataclasses.replace(decided, mode=FALLBACK_MODE)
        self.outcomes["asked"] += 1
        task_type, confidence = answer
        return Classification(
            task_type=task_type,
            complexity=complexity_for(task_type, scanned.estimated_tokens),
            requires_large_context=task_type == "large_context",
            requires_tool_use=task_type == "tool_use",
            confidence=round(confidence, 3),
            mode=ASKED_MODE,
            estimated_tokens=scanned.estimated_tokens,
        )


def from_config(config: ClassificationConfig, client: NativeClient) -> CascadeClassifier:
    """The ``cascade`` mode of ``router.classification``."""
    if not config.optional_classifier_model:
        raise ValueError("router.classification.optionalClassifierModel is required")
    enhanced = EnhancedClassifier()
    asker = ModelClassifier(
        client,
        model=config.optional_classifier_model,
        timeout_ms=config.classifier_timeout_ms,
        fallback=enhanced,
    )
    return CascadeClassifier(asker, threshold=config.cascade_threshold, enhanced=enhanced)

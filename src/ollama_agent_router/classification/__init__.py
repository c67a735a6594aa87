"""Task classification: the modes, chosen by name from ``router.classification.mode``.

Modes are looked up in ``CLASSIFIER_FACTORIES`` (name → ``"module:attribute"``) and
imported only when asked for, so a mode with heavy dependencies costs nothing until a
config selects it. Adding a mode is one line in that table.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ollama_agent_router.classification.base import Classification, Classifier, ClassifierInput
from ollama_agent_router.classification.explicit import explicit_classification
from ollama_agent_router.classification.heuristic import HeuristicClassifier, classify_text
from ollama_agent_router.classification.text import (
    content_text,
    estimate_tokens,
    last_user_text,
    request_text,
)

CLASSIFIER_FACTORIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "heuristic": "ollama_agent_router.classification.heuristic:HeuristicClassifier",
        "enhanced": "ollama_agent_router.classification.enhanced:EnhancedClassifier",
    }
)
"""Mode name → zero-argument factory returning a ``Classifier``, as ``module:attribute``."""


class ClassifierUnavailableError(LookupError):
    """The configured classification mode is unknown here or cannot be loaded."""

    def __init__(self, mode: str, detail: str) -> None:
        self.mode = mode
        super().__init__(
            f"classification mode {mode!r} is not available ({detail}); "
            f"available modes: {', '.join(available_modes())}"
        )


def available_modes() -> tuple[str, ...]:
    """The registered mode names, in registration order."""
    return tuple(CLASSIFIER_FACTORIES)


def get_classifier(mode: str) -> Classifier:
    """A new classifier for ``mode``; raises ``ClassifierUnavailableError``, never falls back."""
    target = CLASSIFIER_FACTORIES.get(mode)
    if target is None:
        raise ClassifierUnavailableError(mode, "no such mode is registered")
    module_name, _, attribute = target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ClassifierUnavailableError(mode, f"cannot load {target}: {exc}") from exc
    classifier: Classifier = factory()
    return classifier


__all__ = [
    "CLASSIFIER_FACTORIES",
    "Classification",
    "Classifier",
    "ClassifierInput",
    "ClassifierUnavailableError",
    "HeuristicClassifier",
    "available_modes",
    "classify_text",
    "content_text",
    "estimate_tokens",
    "explicit_classification",
    "get_classifier",
    "last_user_text",
    "request_text",
]

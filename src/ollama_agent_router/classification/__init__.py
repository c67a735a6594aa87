"""Task classification: the modes, chosen by name from ``router.classification.mode``.

Modes are looked up in ``CLASSIFIER_FACTORIES`` (name → ``"module:attribute"``) and
imported only when asked for, so a mode with heavy dependencies costs nothing until a
config selects it. Adding a mode is one line in that table.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from ollama_agent_router.classification.base import (
    AsyncClassifier,
    AwaitableClassifier,
    Classification,
    Classifier,
    ClassifierInput,
)
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

ASYNC_CLASSIFIER_FACTORIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "model": "ollama_agent_router.classification.model_mode:from_config",
        "embedding": "ollama_agent_router.classification.embedding_mode:from_config",
        "cascade": "ollama_agent_router.classification.cascade:from_config",
    }
)
"""Modes that do I/O: name → ``(ClassificationConfig, NativeClient) -> AsyncClassifier``."""


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
    return (*CLASSIFIER_FACTORIES, *ASYNC_CLASSIFIER_FACTORIES)


def _load(mode: str, target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ClassifierUnavailableError(mode, f"cannot load {target}: {exc}") from exc


def get_async_classifier(mode: str, config: Any, client: Any) -> AsyncClassifier:
    """The classifier for ``mode`` as an ``AsyncClassifier``: an I/O mode built from
    ``config`` (``router.classification``) and ``client`` (the Ollama client), or a
    synchronous mode behind ``AwaitableClassifier``."""
    target = ASYNC_CLASSIFIER_FACTORIES.get(mode)
    if target is None:
        return AwaitableClassifier(get_classifier(mode))
    try:
        classifier: AsyncClassifier = _load(mode, target)(config, client)
    except ValueError as exc:
        raise ClassifierUnavailableError(mode, str(exc)) from exc
    return classifier


def get_classifier(mode: str) -> Classifier:
    """A new classifier for ``mode``; raises ``ClassifierUnavailableError``, never falls back."""
    target = CLASSIFIER_FACTORIES.get(mode)
    if target is None:
        detail = (
            "it needs Ollama: use get_async_classifier"
            if mode in ASYNC_CLASSIFIER_FACTORIES
            else "no such mode is registered"
        )
        raise ClassifierUnavailableError(mode, detail)
    classifier: Classifier = _load(mode, target)()
    return classifier


__all__ = [
    "ASYNC_CLASSIFIER_FACTORIES",
    "CLASSIFIER_FACTORIES",
    "AsyncClassifier",
    "AwaitableClassifier",
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
    "get_async_classifier",
    "get_classifier",
    "last_user_text",
    "request_text",
]

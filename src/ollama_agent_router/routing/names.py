"""How Ollama compares model names: ``llama3.2`` and ``llama3.2:latest`` are one model."""

from __future__ import annotations

from typing import Final

_REGISTRY_PREFIXES: Final = ("registry.ollama.ai/library/", "registry.ollama.ai/", "library/")


def canonical_model_name(name: str) -> str:
    """The key two spellings of one model share: ``llama3.2`` == ``llama3.2:latest``.

    Ollama compares names case-insensitively and defaults the tag to ``latest``.
    """
    key = name.strip().lower()
    for prefix in _REGISTRY_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    if ":" not in key.rsplit("/", 1)[-1]:
        key += ":latest"
    return key

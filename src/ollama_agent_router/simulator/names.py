"""Model-name rules shared by every part of the simulator."""

from __future__ import annotations


def full_name(name: str) -> str:
    """Ollama's canonical ``name:tag``; a missing tag means ``latest``."""
    tail = name.rsplit("/", 1)[-1]
    return name if ":" in tail else f"{name}:latest"


def registry_name(name: str) -> str:
    """The name as Ollama prints it in errors: host, namespace and tag filled in
    (``m`` → ``registry.ollama.ai/library/m:latest``)."""
    full = full_name(name)
    parts = full.split("/")
    if len(parts) == 1:
        return f"registry.ollama.ai/library/{full}"
    if len(parts) == 2:
        return f"registry.ollama.ai/{full}"
    return full

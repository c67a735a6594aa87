"""Model-name rules shared by every part of the simulator."""

from __future__ import annotations


def full_name(name: str) -> str:
    """Ollama's canonical ``name:tag``; a missing tag means ``latest``."""
    tail = name.rsplit("/", 1)[-1]
    return name if ":" in tail else f"{name}:latest"

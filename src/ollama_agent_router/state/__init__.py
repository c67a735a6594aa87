"""Runtime state refreshed in the background and read from memory (SPEC §4.4)."""

from ollama_agent_router.state.live import (
    LiveState,
    NoOllamaState,
    OllamaStateSource,
    RuntimeStatus,
)

__all__ = ["LiveState", "NoOllamaState", "OllamaStateSource", "RuntimeStatus"]

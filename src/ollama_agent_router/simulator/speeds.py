"""How fast a simulated model runs: the simulator's own knobs (Ollama has none)."""

from __future__ import annotations

from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.settings import SimulatorSettings


def tokens_per_s(settings: SimulatorSettings, entry: CatalogEntry) -> float:
    """Generation speed: fixed, else ``N / size in GB``, else 250 / GB within 5 to 500."""
    if settings.tokens_per_s is not None:
        return settings.tokens_per_s
    size = max(entry.size_gb, 0.01)
    if settings.tokens_per_s_gb is not None:
        return settings.tokens_per_s_gb / size
    return min(500.0, max(5.0, 250.0 / size))


def prompt_tokens_per_s(settings: SimulatorSettings, entry: CatalogEntry) -> float:
    """Prompt processing speed: ``N / size in GB``, else ten times generation."""
    per_gb = settings.prompt_tokens_per_s_gb
    if per_gb is None:
        return tokens_per_s(settings, entry) * 10
    return per_gb / max(entry.size_gb, 0.01)

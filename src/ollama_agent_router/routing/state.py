"""The live state routing reads: a plain, immutable view taken from memory.

The server builds one ``StateView`` per request from its background-refreshed state
(loaded models from Ollama's ``/api/ps``, the GPU snapshot, the scheduler's counters);
routing never performs I/O to obtain it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ollama_agent_router.routing.capabilities import ModelCapabilities

from ollama_agent_router.routing.estimate import Rates
from ollama_agent_router.routing.residency import Residency


@dataclass(frozen=True, slots=True)
class LoadedModel:
    name: str
    size_bytes: int = 0
    size_vram_bytes: int = 0
    context_length: int | None = None
    """The context Ollama loaded it with (``/api/ps``)."""

    @property
    def fully_on_gpu(self) -> bool:
        """``size_vram < size`` means Ollama split the model between CPU and GPU."""
        return self.size_bytes > 0 and self.size_vram_bytes >= self.size_bytes


@dataclass(frozen=True, slots=True)
class StateView:
    loaded: Mapping[str, LoadedModel] = field(default_factory=dict)
    """Models Ollama has in memory, by name as configured."""
    gpu_free_mb: float | None = None
    """Free VRAM summed over GPUs; ``None`` when there is no GPU snapshot."""
    gpu_utilization_pct: float | None = None
    queued: Mapping[str, int] = field(default_factory=dict)
    """Requests waiting per model."""
    running: Mapping[str, int] = field(default_factory=dict)
    """Executions in flight per model."""
    running_for_s: Mapping[str, float] = field(default_factory=dict)
    """Per busy model: how long its longest-running execution has run."""
    residency: Residency | None = None
    """The merged resident set and GPU budget (the ``residency`` strategy reads it)."""
    rates: Rates = field(default_factory=Rates)
    """Load and token rates the router has measured."""
    capabilities: Mapping[str, ModelCapabilities] = field(default_factory=dict)
    """What each model can do (tools, vision, context), by configured name; absent = unknown."""
    tool_demoted: frozenset[str] = frozenset()
    """Models whose recent tool calls failed their check too often: off-purpose for
    requests with tools (``service.tool_calls.ToolCallHealth``)."""

    @property
    def total_queued(self) -> int:
        return sum(self.queued.values())

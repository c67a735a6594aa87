"""Settings of the simulator: which models exist and how the fake GPU behaves.

Frozen dataclasses so one settings object can be shared by the CLI, the in-process
test server and the benchmarks without anyone mutating it behind the others' backs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ollama_agent_router.simulator.faults import FaultSpec
from ollama_agent_router.simulator.names import full_name

if TYPE_CHECKING:
    from ollama_agent_router.config import RouterConfig

DEFAULT_CONTEXT = 4096
DEFAULT_VRAM_MB = 20480
OLLAMA_VERSION = "0.32.15"
#: The trained context ``/api/show`` reports when a model sets none (llama3.2's).
TRAINED_CONTEXT = 131072
#: Ollama's capability names (``/api/show``).
CAPABILITY_NAMES = ("completion", "tools", "vision", "embedding", "insert", "thinking")


@dataclass(frozen=True, slots=True)
class SimModel:
    """One installed model: its name as Ollama lists it and its size on disk."""

    name: str
    size_gb: float
    default_context: int = DEFAULT_CONTEXT
    family: str = "llama"
    quantization: str = "Q4_K_M"
    embedding: bool = False
    capabilities: tuple[str, ...] | None = None
    """Ollama's list for ``/api/show``; ``None``: ``completion`` and ``tools``, or only
    ``embedding`` for an embedding model."""
    context_length: int | None = None
    """The trained context ``/api/show`` reports; ``None``: ``default_context``, at least
    ``TRAINED_CONTEXT``."""

    @property
    def capability_list(self) -> tuple[str, ...]:
        if self.capabilities is not None:
            return self.capabilities
        return ("embedding",) if self.embedding else ("completion", "tools")

    @property
    def trained_context(self) -> int:
        return self.context_length or max(self.default_context, TRAINED_CONTEXT)


DEFAULT_MODELS: tuple[SimModel, ...] = (
    SimModel("llama3.2:3b", 2.0),
    SimModel("qwen2.5-coder:7b", 4.7, default_context=8192, family="qwen2"),
    SimModel("gpt-oss:20b", 13.0, default_context=8192, family="gptoss", quantization="MXFP4"),
    SimModel("all-minilm:latest", 0.05, default_context=512, family="bert", embedding=True),
)


@dataclass(frozen=True, slots=True)
class SimulatorSettings:
    """Everything that shapes one simulator instance; build variants with ``replace``."""

    models: tuple[SimModel, ...] = DEFAULT_MODELS
    host: str = "127.0.0.1"
    port: int = 11434
    vram_mb: int = DEFAULT_VRAM_MB
    parallel: int = 1
    load_ms_per_gb: float = 300.0
    #: None = derived from model size (smaller models are faster).
    tokens_per_s: float | None = None
    #: Generation speed of a model as this over its size in GB (1200 → 85 tokens/s for
    #: 14 GB); None = the built-in rule (250 / GB, 5 to 500). ``tokens_per_s`` wins.
    tokens_per_s_gb: float | None = None
    #: Prompt processing speed as this over the model's size in GB; None = ten times
    #: the generation speed.
    prompt_tokens_per_s_gb: float | None = None
    #: Ollama's OLLAMA_MAX_LOADED_MODELS: a load beyond it evicts, like a VRAM shortage.
    #: 0 = no limit.
    max_loaded: int = 3
    faults: tuple[FaultSpec, ...] = ()
    seed: int | None = None
    #: No sleeps anywhere: loads, token pacing and delays all take zero time.
    instant: bool = False
    #: Requests waiting (for a load or a slot) beyond this get Ollama's 503.
    max_queue: int = 512
    keep_alive_s: float = 300.0
    version: str = OLLAMA_VERSION
    embedding_dims: int = 384


def models_from_config(config: RouterConfig) -> tuple[SimModel, ...]:
    """The configured models, so the simulator serves exactly what the router expects."""
    return tuple(
        SimModel(
            name=model.name,
            size_gb=model.size_gb,
            default_context=model.default_context or DEFAULT_CONTEXT,
            embedding=model.capabilities == ["embedding"],
            capabilities=None if model.capabilities is None else tuple(model.capabilities),
        )
        for model in config.models
    )


def parse_model_flag(text: str) -> SimModel:
    """Parse ``NAME=SIZE_GB[@CONTEXT][,CAPABILITY...]`` from the command line, e.g.
    ``llava:7b=4.5@8192,completion,vision``; without capabilities: completion and tools."""
    name, sep, rest = text.rpartition("=")
    if not sep or not name:
        raise ValueError(f"expected NAME=SIZE_GB, got {text!r}")
    head, *caps = [part.strip() for part in rest.split(",")]
    unknown = [cap for cap in caps if cap not in CAPABILITY_NAMES]
    if unknown:
        raise ValueError(
            f"unknown capability {unknown[0]!r} in {text!r}; use {', '.join(CAPABILITY_NAMES)}"
        )
    size_text, _, ctx_text = head.partition("@")
    try:
        size = float(size_text)
        context = int(ctx_text) if ctx_text else DEFAULT_CONTEXT
    except ValueError:
        raise ValueError(f"bad size or context in {text!r}") from None
    if size <= 0 or context < 1:
        raise ValueError(f"size and context must be positive in {text!r}")
    capabilities = tuple(dict.fromkeys(caps)) if caps else None
    return SimModel(
        name=name,
        size_gb=size,
        default_context=context,
        embedding=capabilities == ("embedding",),
        capabilities=capabilities,
    )


def unique_models(models: Iterable[SimModel]) -> tuple[SimModel, ...]:
    """Drop later duplicates (``m`` and ``m:latest`` count as one)."""
    seen: set[str] = set()
    kept: list[SimModel] = []
    for model in models:
        key = full_name(model.name)
        if key not in seen:
            seen.add(key)
            kept.append(model)
    return tuple(kept)

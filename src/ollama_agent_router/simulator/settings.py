"""Settings of the simulator: which models exist and how the fake GPU behaves.

Frozen dataclasses so one settings object can be shared by the CLI, the in-process
test server and the benchmarks without anyone mutating it behind the others' backs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ollama_agent_router.simulator.faults import FaultSpec
from ollama_agent_router.simulator.library import known
from ollama_agent_router.simulator.names import full_name

if TYPE_CHECKING:
    from ollama_agent_router.config import RouterConfig
    from ollama_agent_router.routing.memory import KvCacheType

DEFAULT_VRAM_MB = 20480
OLLAMA_VERSION = "0.32.15"
#: Ollama's capability names (``/api/show``).
CAPABILITY_NAMES = ("completion", "tools", "vision", "embedding", "insert", "thinking")


@dataclass(frozen=True, slots=True)
class SimModel:
    """One installed model: its name as Ollama lists it and its size on disk.

    A model Ollama's library has (``library.LIBRARY``) is served with its real file
    size, shape and capabilities; the fields here only fill what the library lacks or
    override it where set.
    """

    name: str
    size_gb: float
    default_context: int | None = None
    """The model's own ``num_ctx`` (a Modelfile ``PARAMETER num_ctx``); ``None``: the
    server's context applies (``OLLAMA_CONTEXT_LENGTH``, else the VRAM default)."""
    family: str | None = None
    quantization: str | None = None
    embedding: bool = False
    capabilities: tuple[str, ...] | None = None
    """Ollama's list for ``/api/show``; ``None``: the library's, else ``completion`` and
    ``tools``, or only ``embedding`` for an embedding model."""
    context_length: int | None = None
    """The trained context ``/api/show`` reports; ``None``: the library's, else at least
    131072."""
    size_bytes: int | None = None
    """The GGUF file size; ``None``: the library's, else ``size_gb`` × 10⁹."""

    @property
    def capability_list(self) -> tuple[str, ...]:
        if self.capabilities is not None:
            return self.capabilities
        if self.embedding:
            return ("embedding",)
        facts = known(self.name)
        return facts.capabilities if facts is not None else ("completion", "tools")


DEFAULT_MODELS: tuple[SimModel, ...] = (
    SimModel("llama3.2:3b", 2.0),
    SimModel("qwen2.5-coder:7b", 4.7),
    SimModel("gpt-oss:20b", 13.8),
    SimModel("all-minilm:latest", 0.05, embedding=True),
)


@dataclass(frozen=True, slots=True)
class SimulatorSettings:
    """Everything that shapes one simulator instance; build variants with ``replace``."""

    models: tuple[SimModel, ...] = DEFAULT_MODELS
    host: str = "127.0.0.1"
    port: int = 11434
    vram_mb: int = DEFAULT_VRAM_MB
    #: Ollama's OLLAMA_NUM_PARALLEL: slots per runner (one for embedding models and the
    #: families ``routing.memory.SINGLE_SLOT_FAMILIES`` names).
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
    #: 0 = Ollama's default, 3 per GPU (the simulated card is one GPU).
    max_loaded: int = 3
    #: Ollama's OLLAMA_CONTEXT_LENGTH: the context of a request that sets none; None =
    #: by total VRAM (4096 below 23 GiB, 32768 below 47 GiB, else 262144).
    context_length: int | None = None
    #: Ollama's OLLAMA_KV_CACHE_TYPE: what a loaded runner's KV cache holds per token.
    kv_cache_type: KvCacheType = "f16"
    #: Ollama's OLLAMA_GPU_OVERHEAD in MiB: taken off the VRAM that picks the default
    #: context.
    gpu_overhead_mb: int = 0
    faults: tuple[FaultSpec, ...] = ()
    seed: int | None = None
    #: No sleeps anywhere: loads, token pacing and delays all take zero time.
    instant: bool = False
    #: Ollama's OLLAMA_MAX_QUEUE: requests waiting for the scheduler (a load, a reload,
    #: an eviction) beyond this get Ollama's 503; requests for a loaded model never do.
    max_queue: int = 512
    #: Ollama's OLLAMA_KEEP_ALIVE: how long a runner stays once idle, unless a request
    #: says otherwise.
    keep_alive_s: float = 300.0
    version: str = OLLAMA_VERSION
    embedding_dims: int = 384

    @classmethod
    def for_config(cls, config: RouterConfig, **changes: Any) -> SimulatorSettings:
        """The Ollama server a router config says it runs against: its models, its card
        (``gpu.vramTotalMb``) and its settings (``ollama.numParallel``,
        ``maxLoadedModels``, ``contextLength``, ``kvCacheType``, ``gpuOverheadMb``)."""
        ollama = config.ollama
        settings: dict[str, Any] = {
            "models": models_from_config(config),
            "vram_mb": config.gpu.vram_total_mb or DEFAULT_VRAM_MB,
            "parallel": ollama.num_parallel,
            "context_length": ollama.context_length,
            "kv_cache_type": ollama.kv_cache_type,
            "gpu_overhead_mb": ollama.gpu_overhead_mb,
        }
        if ollama.max_loaded_models:
            settings["max_loaded"] = ollama.max_loaded_models
        return cls(**{**settings, **changes})


def models_from_config(config: RouterConfig) -> tuple[SimModel, ...]:
    """The configured models, so the simulator serves exactly what the router expects.

    ``defaultContext`` is the router's choice, not the model's: Ollama never sees it, so
    neither does the simulator (a model the library knows keeps its real size too).
    """
    return tuple(
        SimModel(
            name=model.name,
            size_gb=model.size_gb,
            embedding=model.capabilities == ["embedding"],
            capabilities=None if model.capabilities is None else tuple(model.capabilities),
        )
        for model in config.models
    )


def parse_model_flag(text: str) -> SimModel:
    """Parse ``NAME=SIZE_GB[@CONTEXT][,CAPABILITY...]`` from the command line, e.g.
    ``llava:7b=4.5@8192,completion,vision``: ``CONTEXT`` is the model's own ``num_ctx``
    (as a Modelfile sets it); without capabilities: completion and tools."""
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
        context = int(ctx_text) if ctx_text else None
    except ValueError:
        raise ValueError(f"bad size or context in {text!r}") from None
    if size <= 0 or (context is not None and context < 1):
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

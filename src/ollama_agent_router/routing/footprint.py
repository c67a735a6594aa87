"""Each configured model as Ollama will really run it: its context, its slots, its memory.

Pure: the server's settings (``ollama.*``), what Ollama said of the model (``/api/show``
``model_info``, ``/api/tags`` size, ``/api/ps``) and the card come in as plain data.

The context a model runs with is not what the config wishes but what Ollama loads:

- ``ollama.api: native``: the router sends one stable ``num_ctx`` per model on every call
  (``maxContext``, else ``defaultContext``), so it runs with that (capped at its trained
  context). Never a per-request value: any change makes Ollama reload the model
  (``needsReload``).
- ``ollama.api: openai``: Ollama's ``/v1`` cannot set ``num_ctx``, so the model runs with
  the server's ``OLLAMA_CONTEXT_LENGTH`` (``ollama.contextLength``) or else Ollama's
  VRAM-based default (4096 tokens below 23 GiB); unknown when neither the setting nor the
  GPU is known, and then what ``/api/ps`` shows once the model is loaded.

The memory follows ``routing.memory`` at that context and Ollama's slots; once the model
has been seen loaded, ``/api/ps`` ``size`` is the truth and its ratio to the estimate
corrects later estimates of the same model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.routing.memory import (
    GIB,
    MIB,
    KvCacheType,
    MemoryEstimate,
    ModelShape,
    default_context,
    effective_context,
    estimate_memory,
    slots,
)

MemorySource = Literal["ps", "ollama", "config"]
"""``ps``: measured while loaded; ``ollama``: estimated from ``/api/show``; ``config``:
``sizeGb`` alone (``/api/show`` not read yet)."""
#: The largest correction an ``/api/ps`` reading may apply to later estimates.
_CORRECTION_BOUNDS = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class OllamaServer:
    """The Ollama server's settings the router must know (as it was started)."""

    api: Literal["openai", "native"] = "openai"
    context_length: int | None = None
    """``OLLAMA_CONTEXT_LENGTH``; ``None``: Ollama's VRAM-based default."""
    num_parallel: int = 1
    kv_cache_type: KvCacheType = "f16"
    gpu_overhead_mb: float = 0.0

    @classmethod
    def from_config(cls, config: RouterConfig) -> OllamaServer:
        """The settings as the config states them (``ollama.*``)."""
        ollama = config.ollama
        return cls(
            api=ollama.api,
            context_length=ollama.context_length,
            num_parallel=ollama.num_parallel,
            kv_cache_type=ollama.kv_cache_type,
            gpu_overhead_mb=float(ollama.gpu_overhead_mb),
        )

    def default_context(self, total_vram_mb: float) -> int | None:
        """The context a model gets when nobody sets ``num_ctx``; ``None`` when unknown
        (no ``contextLength`` and no GPU known)."""
        if self.context_length is not None:
            return self.context_length
        if total_vram_mb <= 0:
            return None
        return default_context(total_vram_mb * MIB, self.gpu_overhead_mb * MIB)


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """What Ollama told the router about one model; empty until it was read."""

    weights_bytes: int = 0
    """``/api/tags`` ``size``: the GGUF file (0: not read yet)."""
    shape: ModelShape | None = None
    embedding: bool = False
    path: str = ""
    """The model file (``/api/show`` ``modelfile`` ``FROM``): Ollama's eviction order."""


@dataclass(frozen=True, slots=True)
class ModelContexts:
    """One model's context settings from the config."""

    default_context: int | None = None
    max_context: int | None = None
    size_gb: float | None = None
    """``sizeGb``: the weights until ``/api/tags`` has told their real size."""

    @property
    def configured(self) -> int | None:
        """The ``num_ctx`` the native dialect sends: the largest the config allows."""
        return self.max_context or self.default_context


@dataclass(frozen=True, slots=True)
class Footprint:
    """One model as Ollama will run it, and what loading it needs."""

    context: int | None
    """Tokens of context it runs with; ``None``: unknown (nothing blocks on it)."""
    num_ctx: int | None
    """What the router sends as ``options.num_ctx`` (native dialect), else ``None``."""
    parallel: int
    memory: MemoryEstimate
    need_mb: float
    """Ollama's prediction for loading it (corrected by what ``/api/ps`` showed)."""
    source: MemorySource

    def as_dict(self) -> dict[str, Any]:
        return {
            "contextLength": self.context,
            "numCtx": self.num_ctx,
            "parallel": self.parallel,
            "needMb": round(self.need_mb, 1),
            "memory": self.memory.as_dict(),
            "source": self.source,
        }


def num_ctx(server: OllamaServer, contexts: ModelContexts) -> int | None:
    """The one ``num_ctx`` sent for a model on every native call (classifier too)."""
    return contexts.configured if server.api == "native" else None


def model_contexts(config: RouterConfig) -> dict[str, ModelContexts]:
    """Each configured model's context settings, by name."""
    return {
        m.name: ModelContexts(m.default_context, m.max_context, m.size_gb) for m in config.models
    }


def num_ctx_by_model(config: RouterConfig) -> dict[str, int | None]:
    """The ``num_ctx`` every native call to each configured model carries."""
    server = OllamaServer.from_config(config)
    return {name: num_ctx(server, ctx) for name, ctx in model_contexts(config).items()}


def run_context(
    server: OllamaServer,
    contexts: ModelContexts,
    facts: ModelFacts,
    *,
    total_vram_mb: float,
    loaded_context: int | None = None,
) -> int | None:
    """The context the model will run with (see the module doc), capped at its trained
    context; ``None`` when nobody can know."""
    trained = facts.shape.trained_context if facts.shape is not None else None
    sent = num_ctx(server, contexts)
    context = sent or server.default_context(total_vram_mb) or loaded_context
    return effective_context(context, trained) if context else None


def correction(measured_bytes: int, estimate: MemoryEstimate) -> float:
    """``/api/ps`` size over the estimate at the same context (bounded)."""
    if measured_bytes <= 0 or estimate.held <= 0:
        return 1.0
    low, high = _CORRECTION_BOUNDS
    return min(high, max(low, measured_bytes / estimate.held))


def footprint(
    server: OllamaServer,
    contexts: ModelContexts,
    facts: ModelFacts,
    *,
    total_vram_mb: float,
    loaded_context: int | None = None,
    loaded_bytes: int = 0,
    corrected: float = 1.0,
) -> Footprint:
    """What running the model takes: context, slots, memory and the need for loading it.

    ``loaded_bytes`` (``/api/ps`` ``size`` while loaded) replaces the estimate;
    ``corrected`` is the last ratio of such a reading to the estimate.
    """
    context = run_context(
        server, contexts, facts, total_vram_mb=total_vram_mb, loaded_context=loaded_context
    )
    family = facts.shape.family if facts.shape is not None else None
    parallel = slots(server.num_parallel, family=family, embedding=facts.embedding)
    weights = facts.weights_bytes or int((contexts.size_gb or 4.0) * GIB)
    memory = estimate_memory(
        weights,
        facts.shape,
        num_ctx=context or default_context(0),
        parallel=parallel,
        kv_cache_type=server.kv_cache_type,
        completion=not facts.embedding,
    )
    if loaded_bytes > 0:
        need = max(loaded_bytes, memory.predicted * corrected)
        source: MemorySource = "ps"
    else:
        need = memory.predicted * corrected
        source = "ollama" if facts.shape is not None else "config"
    return Footprint(
        context=context,
        num_ctx=num_ctx(server, contexts),
        parallel=parallel,
        memory=memory,
        need_mb=need / MIB,
        source=source,
    )

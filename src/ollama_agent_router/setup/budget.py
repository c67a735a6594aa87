"""What each configured model costs on the card, at the context Ollama really loads it with.

Pure: a config and what detection found in, one ``ModelBudget`` per model out. The
arithmetic is Ollama's and lives in ``routing.memory``; this module only decides which
numbers go in, and says where each came from:

- **weights**: the file size Ollama lists (``/api/tags``, else ``ollama list``), else the
  config's ``sizeGb``;
- **shape** (what sizes the KV cache): ``/api/show`` ``model_info``; without it only the
  file counts;
- **context**: with ``ollama.api: native`` the ``num_ctx`` the router sends (the model's
  ``maxContext``, else ``defaultContext``); with ``openai`` the router cannot send one, so
  the server's: ``OLLAMA_CONTEXT_LENGTH`` (``ollama.contextLength``), else Ollama's default
  by total VRAM; a model loaded now says its own (``/api/ps``). Always capped at the
  trained context;
- **slots**: ``OLLAMA_NUM_PARALLEL``, one for embedding models and some families.

``doctor`` judges the result; ``plan`` uses ``largest_fitting`` to choose contexts that
fit before there is a config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from ollama_agent_router.config.models import ModelConfig, RouterConfig
from ollama_agent_router.routing.memory import (
    FIT_SHARE,
    MIB,
    KvCacheType,
    MemoryEstimate,
    ModelShape,
    default_context,
    effective_context,
    estimate_memory,
    fits_beside,
    run_context,
    slots,
)
from ollama_agent_router.routing.names import canonical_model_name
from ollama_agent_router.setup.facts import Detection, InstalledModel

AGENT_CONTEXT: Final = 32768
"""Coding agents send 20–30k-token prompts: a code model needs this much to take a turn."""
MIN_CONTEXT: Final = 2048
"""The smallest context worth suggesting (Ollama's own floor for multimodal models)."""
GB: Final = 1_000_000_000
"""``sizeGb`` is decimal, as ``ollama list`` prints it."""

Cut = Literal["server", "trained", "unknown"]


@dataclass(frozen=True, slots=True)
class Card:
    """The GPU memory Ollama places models in, as far as it is known."""

    total_mb: int | None
    """All GPUs, MiB; 0: no GPU (Ollama on the CPU); ``None``: not known (Apple Silicon)."""
    reserve_mb: int = 0
    """``gpu.vramSafetyReserveMb``: what the router keeps free."""
    overhead_mb: int = 0
    """``OLLAMA_GPU_OVERHEAD`` over all GPUs: what Ollama leaves aside."""
    source: str = ""

    @property
    def known(self) -> bool:
        """A GPU whose size is known: memory can be checked against it."""
        return bool(self.total_mb)

    @property
    def usable_mb(self) -> int:
        return max(0, (self.total_mb or 0) - self.reserve_mb - self.overhead_mb)

    @property
    def usable(self) -> int:
        """Bytes a model may take: the card less the reserve and Ollama's overhead."""
        return self.usable_mb * MIB

    def default_context(self) -> int | None:
        """Ollama's ``num_ctx`` when nobody sets one; ``None`` when the VRAM is unknown."""
        if self.total_mb is None:
            return None
        return default_context(self.total_mb * MIB, self.overhead_mb * MIB)

    def as_dict(self) -> dict[str, Any]:
        return {
            "totalMb": self.total_mb,
            "reserveMb": self.reserve_mb,
            "overheadMb": self.overhead_mb,
            "usableMb": self.usable_mb if self.known else None,
            "defaultContext": self.default_context(),
            "source": self.source,
        }


_LOCAL_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", ""})


def card_for(config: RouterConfig, detection: Detection) -> Card:
    """The card of this machine when detection found one (and Ollama runs here), else the
    config's."""
    gpu = config.gpu
    found = detection.gpu
    overhead = config.ollama.gpu_overhead_mb
    remote = urlsplit(config.ollama.base_url).hostname not in _LOCAL_HOSTS
    configured = gpu.provider != "none" and gpu.vram_total_mb > 0
    if found.gpus.found and found.total_mb > 0 and not (remote and configured):
        count = len(found.gpus.value)
        return Card(
            found.total_mb,
            gpu.vram_safety_reserve_mb,
            overhead * count,
            f"{found.name}, {found.gpus.detail or 'detected'}",
        )
    if configured:
        return Card(gpu.vram_total_mb, gpu.vram_safety_reserve_mb, overhead, "gpu.vramTotalMb")
    if detection.machine.apple_silicon:
        return Card(None, source="Apple Silicon: Metal's share of unified memory is not known")
    return Card(0, source="no GPU: Ollama runs models on the CPU")


@dataclass(frozen=True, slots=True)
class ModelBudget:
    """One configured model as Ollama will load it."""

    name: str
    configured: int | None
    """``maxContext``, else ``defaultContext``: what the config says the model can take."""
    context: int | None
    """What Ollama loads it with; ``None``: cannot be told (VRAM unknown)."""
    context_source: str
    trained: int | None
    parallel: int
    weights: int
    weights_source: str
    shape: ModelShape | None
    memory: MemoryEstimate | None
    """At ``context`` with ``parallel`` slots; ``None`` when ``context`` is."""
    embedding: bool
    exclusive: bool
    cut: Cut | None
    """Why ``context`` is below ``configured``: the server's setting, the trained length,
    or not known; ``None``: it is not."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "configuredContext": self.configured,
            "context": self.context,
            "contextSource": self.context_source,
            "trainedContext": self.trained,
            "parallel": self.parallel,
            "weightsSource": self.weights_source,
            "shapeSource": "/api/show" if self.shape else None,
            "memory": None if self.memory is None else self.memory.as_dict(),
            "cut": self.cut,
        }


def installed_models(detection: Detection) -> dict[str, InstalledModel]:
    """Canonical name → what Ollama has (empty when it could not be asked)."""
    return {canonical_model_name(m.name): m for m in detection.ollama.models.value}


def server_context(config: RouterConfig, detection: Detection) -> tuple[int | None, str]:
    """The server's ``OLLAMA_CONTEXT_LENGTH``: as this shell sees it, else as the config
    says; ``None`` when neither sets it."""
    env = detection.ollama.context_length
    if env.source == "env" and env.value > 0:
        return env.value, f"OLLAMA_CONTEXT_LENGTH={env.value} here"
    if config.ollama.context_length:
        return config.ollama.context_length, "ollama.contextLength"
    return None, ""


def server_parallel(config: RouterConfig, detection: Detection) -> int:
    env = detection.ollama.num_parallel
    return env.value if env.source == "env" else config.ollama.num_parallel


def is_embedding(model: ModelConfig, installed: InstalledModel | None) -> bool:
    if model.capabilities is not None:
        return "completion" not in model.capabilities and "embedding" in model.capabilities
    caps = installed.capabilities if installed else None
    return caps is not None and "embedding" in caps and "completion" not in caps


def model_budgets(config: RouterConfig, detection: Detection, card: Card) -> list[ModelBudget]:
    """Every configured model, in config order."""
    installed = installed_models(detection)
    loaded = {
        canonical_model_name(m.name): m.context_length
        for m in detection.ollama.loaded.value
        if m.context_length
    }
    server, server_why = server_context(config, detection)
    parallel = server_parallel(config, detection)
    budgets = []
    for model in config.models:
        key = canonical_model_name(model.name)
        found = installed.get(key)
        budgets.append(
            _budget(
                model,
                found,
                loaded.get(key),
                card=card,
                config=config,
                server=(server, server_why),
                parallel=parallel,
            )
        )
    return budgets


def _budget(
    model: ModelConfig,
    found: InstalledModel | None,
    loaded_context: int | None,
    *,
    card: Card,
    config: RouterConfig,
    server: tuple[int | None, str],
    parallel: int,
) -> ModelBudget:
    configured = model.max_context or model.default_context
    trained = found.context_length if found else None
    shape = found.shape if found else None
    if found is not None and found.size_bytes > 0:
        weights = found.size_bytes
        weights_source = "/api/tags" if found.source == "api" else "ollama list"
    else:
        weights, weights_source = round(model.size_gb * GB), "sizeGb"
    native = config.ollama.api == "native" and configured is not None
    context, source = _context(
        configured if native else None, loaded_context, server, card, trained
    )
    embedding = is_embedding(model, found)
    family = shape.family if shape else (found.family if found else None)
    slots_ = slots(parallel, family=family or None, embedding=embedding)
    memory = None
    if context is not None:
        memory = estimate_memory(
            weights,
            shape,
            num_ctx=context,
            parallel=slots_,
            kv_cache_type=config.ollama.kv_cache_type,
            available=card.usable if card.known else None,
            completion=not embedding,
        )
    cut: Cut | None = None
    if configured is not None and context is None:
        cut = "unknown"
    elif configured is not None and context is not None and context < configured:
        cut = "trained" if trained is not None and context == trained else "server"
    return ModelBudget(
        name=model.name,
        configured=configured,
        context=context,
        context_source=source,
        trained=trained,
        parallel=slots_,
        weights=weights,
        weights_source=weights_source,
        shape=shape,
        memory=memory,
        embedding=embedding,
        exclusive=model.exclusive,
        cut=cut,
    )


def _context(
    requested: int | None,
    loaded: int | None,
    server: tuple[int | None, str],
    card: Card,
    trained: int | None,
) -> tuple[int | None, str]:
    """The context Ollama loads a model with, and why."""
    server_value, server_why = server
    if requested is not None:
        why = "num_ctx the router sends (api: native)"
    elif loaded is not None:
        return loaded, "/api/ps: loaded now with it"
    elif server_value is not None:
        why = server_why
    elif card.total_mb is None:
        return None, "Ollama's default by VRAM, which is not known here"
    else:
        why = f"Ollama's default for {card.total_mb} MiB of VRAM"
    context = run_context(
        requested=requested,
        server=server_value,
        total_vram_bytes=(card.total_mb or 0) * MIB,
        gpu_overhead_bytes=card.overhead_mb * MIB,
        trained=trained,
    )
    asked = requested or server_value or card.default_context() or 0
    if trained is not None and context == trained < asked:
        why += f", capped at the trained {trained}"
    return context, why


def estimate_at(
    budget: ModelBudget,
    context: int,
    *,
    kv_cache_type: KvCacheType,
    available: float | None,
) -> MemoryEstimate:
    """``budget``'s model at another context (or with other free memory)."""
    return estimate_memory(
        budget.weights,
        budget.shape,
        num_ctx=context,
        parallel=budget.parallel,
        kv_cache_type=kv_cache_type,
        available=available,
        completion=not budget.embedding,
    )


def largest_fitting(ceiling: int, fits: Callable[[int], bool]) -> int | None:
    """``ceiling`` when it fits, else the largest power of two below it that does (down
    to ``MIN_CONTEXT``); ``None`` when none does."""
    candidate = ceiling
    while candidate >= min(ceiling, MIN_CONTEXT):
        if fits(candidate):
            return candidate
        power = 1 << (candidate.bit_length() - 1)
        candidate = power if power < candidate else candidate // 2
    return None


def largest_context(budget: ModelBudget, card: Card, kv_cache_type: KvCacheType) -> int | None:
    """The largest context (up to the one it loads with) at which ``budget`` fits the card."""
    if budget.context is None or budget.shape is None:
        return None

    def fits(context: int) -> bool:
        memory = estimate_at(budget, context, kv_cache_type=kv_cache_type, available=card.usable)
        return memory.held <= card.usable

    return largest_fitting(budget.context, fits)


def suggest_server_context(
    budgets: list[ModelBudget], card: Card, kv_cache_type: KvCacheType, ceiling: int
) -> int | None:
    """The largest ``OLLAMA_CONTEXT_LENGTH`` up to ``ceiling`` at which every model still
    fits the card alone (each capped at its trained context); ``ceiling`` when the card
    is not known."""

    def fits(context: int) -> bool:
        for budget in budgets:
            if budget.memory is None or not card.known:
                continue
            if budget.memory.weights > card.usable:
                continue  # too big at any context: not this setting's fault
            run = effective_context(context, budget.trained)
            memory = estimate_at(budget, run, kv_cache_type=kv_cache_type, available=card.usable)
            if memory.held > card.usable:
                return False
        return True

    return largest_fitting(ceiling, fits)


def beside(
    newcomer: ModelBudget, resident: ModelBudget, card: Card, kv_cache_type: KvCacheType
) -> tuple[bool, MemoryEstimate, float]:
    """Whether Ollama loads ``newcomer`` while ``resident`` stays: its prediction (batch
    recomputed for the free memory left) must fit 80% of that free memory. Returns the
    answer, the newcomer's estimate and the free memory it was held against."""
    assert resident.memory is not None
    assert newcomer.context is not None
    free = float(card.usable - resident.memory.held)
    memory = estimate_at(newcomer, newcomer.context, kv_cache_type=kv_cache_type, available=free)
    return fits_beside(memory.predicted, free, others_loaded=True), memory, free


def share_mb(free: float) -> int:
    """What the 80% rule leaves a newcomer, in MiB."""
    return int(free * FIT_SHARE / MIB)


def mb(value: float) -> int:
    return round(value / MIB)

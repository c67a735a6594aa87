"""What a model costs in memory and which context it runs with, as Ollama works it out.

Pure arithmetic over plain data. Ollama (v0.30 and later, every GGUF model in a
llama-server runner) predicts a model's memory before it loads it and compares that with
free VRAM; the router has to make the same prediction to know what fits and what Ollama
will evict. Each function names the Ollama function it follows (``server/sched.go``,
``llm/llama_server.go``, ``server/routes.go``); the numbers are worked by hand in
``tests/routing/test_memory.py``.

- **Weights**: the GGUF file size (``/api/tags`` ``size``).
- **KV cache**: ``2 × block_count × head_count_kv × head_dim × context × 2`` bytes (f16),
  where ``context`` = ``num_ctx`` (capped at the trained context) × parallel slots and
  ``head_dim`` = ``embedding_length / head_count`` (``PredictServerVRAM``). The prediction
  always uses f16; a q8_0 / q4_0 cache (``OLLAMA_KV_CACHE_TYPE``) only shrinks what the
  runner then holds.
- **Batch buffer**: 768 MiB above 4096 tokens of context, 2 GiB above 32768, lowered when
  the prediction leaves too little headroom (``automaticGenerationBatch``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

GIB: Final = 1024**3
MIB: Final = 1024**2

KvCacheType = Literal["f16", "q8_0", "q4_0"]
#: What each cache type holds per f16 byte (``OLLAMA_KV_CACHE_TYPE``, flash attention on).
KV_CACHE_FACTOR: Final[Mapping[str, float]] = {"f16": 1.0, "q8_0": 0.5, "q4_0": 0.25}

#: Families Ollama runs with one slot whatever ``OLLAMA_NUM_PARALLEL`` says (``load``).
SINGLE_SLOT_FAMILIES: Final = frozenset(
    {
        "mllama",
        "qwen3vl",
        "qwen3vlmoe",
        "qwen35",
        "qwen35moe",
        "qwen3next",
        "lfm2",
        "lfm2moe",
        "nemotron_h",
        "nemotron_h_moe",
        "nemotron_h_omni",
    }
)

#: ``routes.go`` ``Serve``: the context a model gets when nobody sets one, by total VRAM.
CONTEXT_TIERS: Final = ((47 * GIB, 262144), (23 * GIB, 32768))
SMALL_VRAM_CONTEXT: Final = 4096
#: ``load``: a model must fit in this share of free VRAM when another one is loaded.
FIT_SHARE: Final = 0.8

#: ``generationBatchForContext`` / ``generationBatchSurcharge``: batch size by context,
#: the memory it adds, and the headroom share the prediction must leave for it.
_BATCHES: Final = ((32768, 2048, 2 * GIB, 0.60), (4096, 1024, 768 * MIB, 0.75))


@dataclass(frozen=True, slots=True)
class ModelShape:
    """The dimensions of a model that set its KV cache (``/api/show`` ``model_info``)."""

    family: str
    block_count: int
    head_count: int
    head_count_kv: int
    embedding_length: int
    trained_context: int | None = None

    @classmethod
    def from_model_info(cls, info: object) -> ModelShape | None:
        """``<arch>.block_count`` and friends; ``None`` when Ollama did not say."""
        if not isinstance(info, Mapping):
            return None
        arch = info.get("general.architecture")
        if not isinstance(arch, str) or not arch:
            return None
        blocks = _count(info.get(f"{arch}.block_count"))
        heads = _count(info.get(f"{arch}.attention.head_count"))
        embedding = _count(info.get(f"{arch}.embedding_length"))
        if not blocks or not embedding:
            return None
        # HeadCountKVMin: 1 when the key is missing (BERT-style embedders)
        kv_heads = _count(info.get(f"{arch}.attention.head_count_kv"), fewest=True) or 1
        return cls(
            family=arch,
            block_count=blocks,
            head_count=heads or 1,
            head_count_kv=kv_heads or 1,
            embedding_length=embedding,
            trained_context=_count(info.get(f"{arch}.context_length")) or None,
        )

    @property
    def head_dim(self) -> int:
        """``embedding_length / head_count``, as ``PredictServerVRAM`` takes it."""
        return self.embedding_length // max(self.head_count, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "blockCount": self.block_count,
            "headCount": self.head_count,
            "headCountKv": self.head_count_kv,
            "embeddingLength": self.embedding_length,
            "trainedContext": self.trained_context,
        }


def _count(value: object, *, fewest: bool = False) -> int:
    """A positive integer from JSON; of a per-layer list the largest (``HeadCountMax``),
    or with ``fewest`` the smallest non-zero one (``HeadCountKVMin``)."""
    if isinstance(value, list):
        values = [v for v in (_count(v) for v in value) if v]
        if not values:
            return 0
        return min(values) if fewest else max(values)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(value) if value > 0 else 0


@dataclass(frozen=True, slots=True)
class MemoryEstimate:
    """A model's memory at one context and parallel, in bytes, in parts."""

    weights: int
    kv_cache: int
    batch: int
    num_ctx: int
    parallel: int
    held_kv_cache: int
    """What the runner really holds for its cache (smaller with q8_0 / q4_0)."""

    @property
    def predicted(self) -> int:
        """What Ollama compares with free VRAM before loading (``load``)."""
        return self.weights + self.kv_cache + self.batch

    @property
    def held(self) -> int:
        """What the loaded runner takes."""
        return self.weights + self.held_kv_cache + self.batch

    def as_dict(self) -> dict[str, Any]:
        return {
            "weightsMb": round(self.weights / MIB, 1),
            "kvCacheMb": round(self.held_kv_cache / MIB, 1),
            "batchMb": round(self.batch / MIB, 1),
            "predictedMb": round(self.predicted / MIB, 1),
            "numCtx": self.num_ctx,
            "parallel": self.parallel,
        }


def effective_context(num_ctx: int, trained: int | None) -> int:
    """``effectiveContext``: a context above the trained one is capped at it."""
    return min(num_ctx, trained) if trained else num_ctx


def default_context(total_vram_bytes: float, gpu_overhead_bytes: float = 0) -> int:
    """The context a model loads with when neither ``OLLAMA_CONTEXT_LENGTH`` nor the
    request sets ``num_ctx``: by all GPUs' memory minus ``OLLAMA_GPU_OVERHEAD`` (``Serve``
    in ``routes.go``; 23 / 47 GiB, a little under the documented 24 / 48)."""
    total = max(0.0, total_vram_bytes - gpu_overhead_bytes)
    for floor, context in CONTEXT_TIERS:
        if total >= floor:
            return context
    return SMALL_VRAM_CONTEXT


def slots(num_parallel: int, *, family: str | None, embedding: bool) -> int:
    """Parallel slots Ollama gives a runner (``load``): embedding models and some
    families get one, whatever ``OLLAMA_NUM_PARALLEL`` says."""
    if embedding or (family is not None and family in SINGLE_SLOT_FAMILIES):
        return 1
    return max(1, num_parallel)


def kv_cache_bytes(shape: ModelShape, num_ctx: int, parallel: int) -> int:
    """The f16 KV cache of ``num_ctx`` tokens in each of ``parallel`` slots."""
    context = effective_context(num_ctx, shape.trained_context) * max(1, parallel)
    return 2 * shape.block_count * shape.head_count_kv * shape.head_dim * context * 2


def batch_bytes(context: int, predicted: int, available: float | None = None) -> int:
    """``automaticGenerationBatch`` with ``generationBatchSurcharge``: the batch buffer of
    a runner whose slots hold ``context`` tokens in all, lowered while ``predicted`` (weights
    and cache) leaves too little of ``available`` free memory (unknown: never lowered)."""
    for above, _batch, surcharge, headroom in _BATCHES:
        if context <= above:
            continue
        if available is None or available <= 0 or predicted <= 0:
            return surcharge
        threshold = available * FIT_SHARE
        if predicted <= available * headroom and surcharge <= threshold - predicted:
            return surcharge
        context = min(context, above)  # try the next smaller batch
    return 0


def estimate_memory(
    weights: int,
    shape: ModelShape | None,
    *,
    num_ctx: int,
    parallel: int,
    kv_cache_type: KvCacheType = "f16",
    available: float | None = None,
    completion: bool = True,
) -> MemoryEstimate:
    """Ollama's prediction for one model (``PredictServerVRAM`` plus the batch buffer).

    Without a shape (``/api/show`` not read yet) the cache is unknown and counted as 0:
    the estimate is then the weights alone, as before the router knew better.
    """
    slots_ = max(1, parallel)
    kv = kv_cache_bytes(shape, num_ctx, slots_) if shape is not None else 0
    context = effective_context(num_ctx, shape.trained_context if shape else None) * slots_
    batch = batch_bytes(context, weights + kv, available) if completion else 0
    held = int(kv * KV_CACHE_FACTOR.get(kv_cache_type, 1.0))
    return MemoryEstimate(weights, kv, batch, num_ctx, slots_, held)


def fits_beside(predicted: float, free: float, *, others_loaded: bool) -> bool:
    """``load``'s pre-flight check: alone a model always loads (split if it must); next
    to another runner it must fit in 80% of free VRAM, else Ollama evicts one."""
    return not others_loaded or predicted <= free * FIT_SHARE


def run_context(
    *,
    requested: int | None,
    server: int | None,
    total_vram_bytes: float,
    gpu_overhead_bytes: float = 0,
    trained: int | None,
) -> int:
    """The context a model loads with: the request's ``num_ctx`` (native API only), else
    the server's ``OLLAMA_CONTEXT_LENGTH``, else the VRAM default (``GenerateHandler`` /
    ``ChatHandler`` fill ``opts.NumCtx`` from ``defaultNumCtx``); capped at the trained
    context (``effectiveContext``)."""
    context = requested or server or default_context(total_vram_bytes, gpu_overhead_bytes)
    return effective_context(context, trained)

"""Ollama's memory prediction and default context, with numbers worked by hand.

Each row names the Ollama function it follows (v0.33, ``server/sched.go``,
``llm/llama_server.go``, ``server/routes.go``).
"""

from __future__ import annotations

import pytest

from ollama_agent_router.routing.memory import (
    GIB,
    MIB,
    ModelShape,
    batch_bytes,
    default_context,
    effective_context,
    estimate_memory,
    fits_beside,
    kv_cache_bytes,
    run_context,
    slots,
)

QWEN_CODER_7B = ModelShape.from_model_info(
    {
        "general.architecture": "qwen2",
        "qwen2.block_count": 28,
        "qwen2.attention.head_count": 28,
        "qwen2.attention.head_count_kv": 4,
        "qwen2.embedding_length": 3584,
        "qwen2.context_length": 32768,
    }
)
QWEN_CODER_7B_FILE = 4_683_087_332


def test_shape_from_model_info() -> None:
    assert ModelShape("qwen2", 28, 28, 4, 3584, 32768) == QWEN_CODER_7B
    assert QWEN_CODER_7B.head_dim == 128
    assert ModelShape.from_model_info({"general.architecture": "x"}) is None
    assert ModelShape.from_model_info(None) is None
    # per-layer lists (some architectures): the largest head count (HeadCountMax), the
    # smallest KV head count (HeadCountKVMin)
    listed = ModelShape.from_model_info(
        {
            "general.architecture": "g",
            "g.block_count": 2,
            "g.attention.head_count": [8, 16],
            "g.attention.head_count_kv": [0, 4, 2],
            "g.embedding_length": 1024,
        }
    )
    assert listed is not None
    assert listed.head_count == 16
    assert listed.head_count_kv == 2


def test_worked_example_qwen_coder_7b_at_32768() -> None:
    """PredictServerVRAM + generationBatchSurcharge: 4.36 GiB + 1.75 GiB + 0.75 GiB."""
    assert QWEN_CODER_7B is not None
    kv = kv_cache_bytes(QWEN_CODER_7B, 32768, 1)
    assert kv == 2 * 28 * 4 * 128 * 32768 * 2 == 1_879_048_192
    memory = estimate_memory(QWEN_CODER_7B_FILE, QWEN_CODER_7B, num_ctx=32768, parallel=1)
    assert memory.batch == 768 * MIB
    assert memory.predicted / GIB == pytest.approx(6.9, rel=0.05)
    assert memory.predicted == 4_683_087_332 + 1_879_048_192 + 805_306_368


@pytest.mark.parametrize(
    ("num_ctx", "parallel", "kv_type", "kv_mb", "batch_mb"),
    [
        (4096, 1, "f16", 224.0, 0.0),  # 4096 context: no batch surcharge
        (8192, 1, "f16", 448.0, 768.0),
        (32768, 2, "f16", 3584.0, 2048.0),  # 65536 in all: the large batch
        (65536, 1, "f16", 1792.0, 768.0),  # capped at the trained 32768
        (32768, 1, "q8_0", 896.0, 768.0),  # held cache halves; prediction stays f16
        (32768, 1, "q4_0", 448.0, 768.0),
    ],
)
def test_cache_and_batch_table(
    num_ctx: int, parallel: int, kv_type: str, kv_mb: float, batch_mb: float
) -> None:
    assert QWEN_CODER_7B is not None
    memory = estimate_memory(
        QWEN_CODER_7B_FILE,
        QWEN_CODER_7B,
        num_ctx=num_ctx,
        parallel=parallel,
        kv_cache_type=kv_type,  # type: ignore[arg-type]
    )
    assert memory.held_kv_cache / MIB == kv_mb
    assert memory.batch / MIB == batch_mb
    assert memory.kv_cache >= memory.held_kv_cache


def test_batch_lowered_without_headroom() -> None:
    """automaticGenerationBatch: 2048 needs the prediction ≤ 60% of free, 1024 ≤ 75%."""
    assert batch_bytes(65536, 5 * GIB, available=20 * GIB) == 2 * GIB
    assert batch_bytes(65536, 13 * GIB, available=20 * GIB) == 768 * MIB
    assert batch_bytes(65536, 16 * GIB, available=20 * GIB) == 0
    assert batch_bytes(4096, 1 * GIB, available=None) == 0
    assert batch_bytes(4097, 1 * GIB, available=None) == 768 * MIB


def test_embedding_models_get_no_batch_surcharge() -> None:
    memory = estimate_memory(100 * MIB, None, num_ctx=8192, parallel=1, completion=False)
    assert memory.batch == 0
    assert memory.predicted == 100 * MIB


@pytest.mark.parametrize(
    ("total_gib", "overhead_gib", "context"),
    [
        (0, 0, 4096),  # no GPU
        (20, 0, 4096),  # the gex44 card
        (22.9, 0, 4096),
        (23, 0, 32768),  # the code's 23 GiB, not the docs' 24
        (24, 1.5, 4096),  # OLLAMA_GPU_OVERHEAD counts against it
        (46.9, 0, 32768),
        (47, 0, 262144),
        (80, 0, 262144),
    ],
)
def test_default_context_by_vram(total_gib: float, overhead_gib: float, context: int) -> None:
    """routes.go Serve: the VRAM-based default num_ctx."""
    assert default_context(total_gib * GIB, overhead_gib * GIB) == context


def test_effective_context_capped_at_trained() -> None:
    assert effective_context(262144, 32768) == 32768
    assert effective_context(4096, 32768) == 4096
    assert effective_context(8192, None) == 8192


@pytest.mark.parametrize(
    ("parallel", "family", "embedding", "slots_"),
    [
        (4, "qwen2", False, 4),
        (4, "qwen2", True, 1),  # embedding models: one slot
        (4, "mllama", False, 1),
        (4, "qwen3vl", False, 1),
        (0, "llama", False, 1),
        (2, None, False, 2),
    ],
)
def test_slots(parallel: int, family: str | None, embedding: bool, slots_: int) -> None:
    """sched.go load: forced single slot for embedding models and some families."""
    assert slots(parallel, family=family, embedding=embedding) == slots_


def test_the_80_percent_rule() -> None:
    """sched.go load: next to another runner a model must fit 80% of free VRAM."""
    assert fits_beside(8 * GIB, 10 * GIB, others_loaded=True)
    assert not fits_beside(8.1 * GIB, 10 * GIB, others_loaded=True)
    assert fits_beside(30 * GIB, 10 * GIB, others_loaded=False)  # alone it always loads


@pytest.mark.parametrize(
    ("requested", "server", "total_gib", "trained", "context"),
    [
        (None, None, 20, 32768, 4096),  # gex44 with api: openai: 4096, whatever the config
        (None, 16384, 20, 32768, 16384),  # OLLAMA_CONTEXT_LENGTH set on the server
        (32768, 16384, 20, 32768, 32768),  # native num_ctx wins
        (None, None, 48, 32768, 32768),  # 262144 capped at the trained context
        (None, None, 24, None, 32768),
    ],
)
def test_run_context(
    requested: int | None, server: int | None, total_gib: float, trained: int | None, context: int
) -> None:
    assert (
        run_context(
            requested=requested, server=server, total_vram_bytes=total_gib * GIB, trained=trained
        )
        == context
    )

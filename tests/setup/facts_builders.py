"""Detections built by hand for the pure doctor and plan tables: the gex44 models with the
``/api/show`` ``model_info`` and ``/api/tags`` sizes Ollama reports for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.setup.facts import (
    Detection,
    Fact,
    Gpu,
    GpuFacts,
    InstalledModel,
    LoadedModel,
    Machine,
    OllamaFacts,
    missing,
)


def _shape(arch: str, blocks: int, heads: int, kv: int, embedding: int, trained: int) -> Any:
    return ModelShape.from_model_info(
        {
            "general.architecture": arch,
            f"{arch}.block_count": blocks,
            f"{arch}.attention.head_count": heads,
            f"{arch}.attention.head_count_kv": kv,
            f"{arch}.embedding_length": embedding,
            f"{arch}.context_length": trained,
        }
    )


VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
OSS = "gpt-oss:20b"

#: name → (file bytes, shape, capabilities), as ``/api/tags`` + ``/api/show`` say.
GEX44_MODELS: dict[str, tuple[int, ModelShape, tuple[str, ...]]] = {
    # Qwen2.5-1.5B based: 28 blocks, 12 heads, 2 KV heads, 1536 wide; F16 file.
    VIBE: (3_600_000_000, _shape("qwen2", 28, 12, 2, 1536, 131072), ("completion",)),
    QWEN: (4_683_087_332, _shape("qwen2", 28, 28, 4, 3584, 32768), ("completion", "tools")),
    # No grouped-query attention: 32 KV heads, half a MiB of cache per token. The file is
    # "3.8 GB" in `ollama list` (vibethinker's "3.6 GB"): the bytes are rounded.
    DEEPSEEK: (3_800_000_000, _shape("llama", 32, 32, 32, 4096, 16384), ("completion",)),
    OSS: (
        13_780_154_624,
        _shape("gptoss", 24, 64, 8, 2880, 131072),
        ("completion", "tools", "thinking"),
    ),
}
RTX_4000_SFF_MB = 20475
"""What nvidia-smi reports for the RTX 4000 SFF Ada (the config says 20480)."""


def installed(name: str, *, shape: bool = True) -> InstalledModel:
    size, model_shape, caps = GEX44_MODELS[name]
    return InstalledModel(
        name=name,
        size_bytes=size,
        family=model_shape.family,
        capabilities=frozenset(caps),
        context_length=model_shape.trained_context,
        shape=model_shape if shape else None,
    )


def detection(
    models: Sequence[InstalledModel] = (),
    *,
    gpu_mb: int | None = RTX_4000_SFF_MB,
    loaded: Sequence[LoadedModel] = (),
    env: dict[str, int] | None = None,
    apple: bool = False,
) -> Detection:
    """Ollama reachable with ``models``; one NVIDIA card of ``gpu_mb`` (``None``: none);
    ``env``: OLLAMA_* values as this shell sees them."""
    env = env or {}

    def setting(name: str, default: int) -> Fact[int]:
        if name in env:
            return Fact(env[name], "env", "medium", f"{name}={env[name]}")
        return Fact(default, "default", "low")

    gpus: Fact[tuple[Gpu, ...]] = (
        Fact((Gpu("NVIDIA RTX 4000 SFF Ada Generation", gpu_mb),), "command", "high", "NVML")
        if gpu_mb
        else missing((), "no NVML and no working nvidia-smi")
    )
    return Detection(
        machine=Machine(
            system="Darwin" if apple else "Linux",
            arch="arm64" if apple else "x86_64",
            cpu_cores=Fact(16, "command"),
            ram_mb=Fact(65536, "command"),
        ),
        ollama=OllamaFacts(
            binary=Fact("/usr/local/bin/ollama", "command"),
            version=Fact("0.32.15", "api"),
            base_url=Fact("http://127.0.0.1:11434", "default"),
            reachable=True,
            models=Fact(tuple(models), "api", "high", "/api/tags + /api/show"),
            loaded=Fact(tuple(loaded), "api", "high", "/api/ps"),
            max_loaded_models=setting("OLLAMA_MAX_LOADED_MODELS", 0),
            num_parallel=setting("OLLAMA_NUM_PARALLEL", 1),
            context_length=setting("OLLAMA_CONTEXT_LENGTH", 0),
        ),
        gpu=GpuFacts(gpus, gpu_mb is not None, missing("")),
    )


def gex44_detection(**changes: Any) -> Detection:
    return detection([installed(name) for name in GEX44_MODELS], **changes)

"""What Ollama's library says about the models the examples and tests use.

Ollama's scheduler predicts a model's memory from its GGUF metadata (``/api/show``
``model_info``) and its file size (``/api/tags`` ``size``), so the simulator needs the
real numbers to load, fit and evict as Ollama does. A model not listed here gets a
plausible shape for its size (``derived_shape``): a Q4_K_M file holds about 0.6 bytes per
parameter, and the dimensions are those of a common model of that many parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.simulator.names import full_name

#: The trained context of a model that states none (llama3.x's).
TRAINED_CONTEXT: Final = 131072
#: Bytes per parameter of a Q4_K_M GGUF file (qwen2.5-coder:7b: 4.68 GB for 7.6 B).
_BYTES_PER_PARAM: Final = 0.6


@dataclass(frozen=True, slots=True)
class LibraryModel:
    """A model as ``ollama pull`` installs it: file size, shape and what it can do."""

    size_bytes: int
    shape: ModelShape
    parameter_size: str
    quantization: str
    capabilities: tuple[str, ...]
    key_length: int | None = None
    """``attention.key_length`` where the GGUF has one (shown, not used for memory:
    ``PredictServerVRAM`` takes ``embedding_length / head_count``)."""
    kv_heads_listed: bool = True
    """Whether ``model_info`` carries ``attention.head_count_kv`` (BERT models do not)."""


def _shape(family: str, blocks: int, heads: int, kv: int, embedding: int, ctx: int) -> ModelShape:
    return ModelShape(family, blocks, heads, kv, embedding, ctx)


_CHAT = ("completion", "tools")
_CODE = ("completion", "tools", "insert")
_THINK = ("completion", "tools", "thinking")
_EMBED = ("embedding",)

LIBRARY: Final[dict[str, LibraryModel]] = {
    "qwen2.5-coder:7b": LibraryModel(
        4_683_087_332, _shape("qwen2", 28, 28, 4, 3584, 32768), "7.6B", "Q4_K_M", _CODE
    ),
    "qwen2.5-coder:14b": LibraryModel(
        8_988_124_069, _shape("qwen2", 48, 40, 8, 5120, 32768), "14.8B", "Q4_K_M", _CODE
    ),
    "gpt-oss:20b": LibraryModel(
        13_780_154_624,
        _shape("gptoss", 24, 64, 8, 2880, 131072),
        "20.9B",
        "MXFP4",
        _THINK,
        key_length=64,
    ),
    "deepseek-coder:6.7b": LibraryModel(
        3_827_834_503,
        _shape("llama", 32, 32, 32, 4096, 16384),
        "7B",
        "Q4_0",
        ("completion", "insert"),
    ),
    "llama3.2:3b": LibraryModel(
        2_019_393_189, _shape("llama", 28, 24, 8, 3072, 131072), "3.2B", "Q4_K_M", _CHAT
    ),
    "B-A-M-N/vibethinker:1.5b": LibraryModel(
        3_600_000_000, _shape("qwen2", 28, 12, 2, 1536, 131072), "1.8B", "F16", _CHAT
    ),
    "qwen3:8b": LibraryModel(
        5_225_388_164,
        _shape("qwen3", 36, 32, 8, 4096, 40960),
        "8.2B",
        "Q4_K_M",
        _THINK,
        key_length=128,
    ),
    "all-minilm:latest": LibraryModel(
        45_960_996,
        _shape("bert", 6, 12, 12, 384, 512),
        "23M",
        "F16",
        _EMBED,
        kv_heads_listed=False,
    ),
    "nomic-embed-text:latest": LibraryModel(
        274_302_450,
        _shape("nomic-bert", 12, 12, 12, 768, 2048),
        "137M",
        "F16",
        _EMBED,
        kv_heads_listed=False,
    ),
}
#: Other tags Ollama serves the same files under.
_ALIASES: Final = {
    "llama3.2:latest": "llama3.2:3b",
    "qwen2.5-coder:latest": "qwen2.5-coder:7b",
    "qwen3:latest": "qwen3:8b",
    "all-minilm:l6-v2": "all-minilm:latest",
    "nomic-embed-text:v1.5": "nomic-embed-text:latest",
}

#: (largest parameter count, blocks, heads, KV heads, embedding) of common models.
_SIZES: Final = (
    (1.3e9, 16, 32, 8, 2048),  # llama3.2:1b
    (2.2e9, 28, 12, 2, 1536),  # qwen2.5:1.5b
    (4.5e9, 28, 24, 8, 3072),  # llama3.2:3b
    (10e9, 32, 32, 8, 4096),  # llama3.1:8b
    (20e9, 40, 40, 8, 5120),  # 13-14 B
    (40e9, 64, 40, 8, 5120),  # qwen2.5:32b
    (float("inf"), 80, 64, 8, 8192),  # llama3.3:70b
)


def known(name: str) -> LibraryModel | None:
    """The library's facts for ``name`` (any spelling Ollama accepts)."""
    key = full_name(name)
    return LIBRARY.get(_ALIASES.get(key, key))


def derived_shape(size_bytes: int, *, embedding: bool, trained: int) -> ModelShape:
    """A plausible shape for a model known only by its file size."""
    if embedding:
        return ModelShape("bert", 12, 12, 12, 768, trained)
    params = size_bytes / _BYTES_PER_PARAM
    _, blocks, heads, kv, width = next(row for row in _SIZES if params <= row[0])
    return ModelShape("llama", blocks, heads, kv, width, trained)


def parameter_size(size_bytes: int) -> str:
    """Ollama's ``parameter_size`` for a Q4_K_M file of this size (``7.6B``, ``494M``)."""
    params = size_bytes / _BYTES_PER_PARAM
    return f"{params / 1e9:.1f}B" if params >= 1e9 else f"{params / 1e6:.0f}M"


def model_info(
    shape: ModelShape,
    *,
    parameters: float,
    key_length: int | None = None,
    kv_heads_listed: bool = True,
) -> dict[str, Any]:
    """``/api/show`` ``model_info``: the GGUF keys a scheduler reads memory from."""
    arch = shape.family
    info: dict[str, Any] = {
        "general.architecture": arch,
        "general.parameter_count": int(parameters),
        f"{arch}.block_count": shape.block_count,
        f"{arch}.attention.head_count": shape.head_count,
        f"{arch}.embedding_length": shape.embedding_length,
        f"{arch}.context_length": shape.trained_context,
    }
    if kv_heads_listed:
        info[f"{arch}.attention.head_count_kv"] = shape.head_count_kv
    if key_length is not None:
        info[f"{arch}.attention.key_length"] = key_length
        info[f"{arch}.attention.value_length"] = key_length
    return info

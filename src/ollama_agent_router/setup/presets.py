"""Hardware presets for ``oar configure --preset``: a known machine and its model set.

A preset stands in for GPU detection and, unless models are given, for the model list;
Ollama's address and limits are still detected. ``gex44`` is the machine of
``examples/gex44.yaml``: one RTX 4000 SFF Ada (20 GB) with a triage model, two code
models and one large exclusive reasoning model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.setup.facts import Gpu
from ollama_agent_router.setup.shapes import ModelChoice


@dataclass(frozen=True, slots=True)
class Preset:
    gpus: tuple[Gpu, ...]
    models: tuple[ModelChoice, ...]
    node_id: str


#: What ``/api/show`` ``model_info`` says of the preset's models (family, blocks, heads,
#: KV heads, embedding width, trained context): what sizes their KV cache.
_VIBETHINKER = ModelShape("qwen2", 28, 12, 2, 1536, 131072)
_QWEN_CODER_7B = ModelShape("qwen2", 28, 28, 4, 3584, 32768)
_DEEPSEEK_CODER_67B = ModelShape("llama", 32, 32, 32, 4096, 16384)  # no grouped-query attention
_GPT_OSS_20B = ModelShape("gptoss", 24, 64, 8, 2880, 131072)

PRESETS: Final[dict[str, Preset]] = {
    "gex44": Preset(
        gpus=(Gpu("NVIDIA RTX 4000 SFF Ada Generation", 20480),),
        models=(
            ModelChoice(
                "B-A-M-N/vibethinker:1.5b",
                3.6,
                "fast",
                context_length=_VIBETHINKER.trained_context,
                small=True,
                source="default",
                shape=_VIBETHINKER,
            ),
            ModelChoice(
                "qwen2.5-coder:7b",
                4.7,
                "code",
                context_length=32768,
                source="default",
                size_bytes=4_683_087_332,
                shape=_QWEN_CODER_7B,
            ),
            ModelChoice(
                "deepseek-coder:6.7b",
                3.8,
                "review",
                context_length=16384,
                source="default",
                shape=_DEEPSEEK_CODER_67B,
            ),
            ModelChoice(
                "gpt-oss:20b",
                14.0,
                "heavy",
                context_length=131072,
                source="default",
                size_bytes=13_780_154_624,
                shape=_GPT_OSS_20B,
            ),
        ),
        node_id="gex44-a",
    ),
}

"""Hardware presets for ``oar configure --preset``: a known machine and its model set.

A preset stands in for GPU detection and, unless models are given, for the model list;
Ollama's address and limits are still detected. ``gex44`` is the machine of
``examples/gex44.yaml``: one RTX 4000 SFF Ada (20 GB) with a triage model, two code
models and one large exclusive reasoning model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ollama_agent_router.setup.facts import Gpu
from ollama_agent_router.setup.shapes import ModelChoice


@dataclass(frozen=True, slots=True)
class Preset:
    gpus: tuple[Gpu, ...]
    models: tuple[ModelChoice, ...]
    node_id: str


PRESETS: Final[dict[str, Preset]] = {
    "gex44": Preset(
        gpus=(Gpu("NVIDIA RTX 4000 SFF Ada Generation", 20480),),
        models=(
            ModelChoice("B-A-M-N/vibethinker:1.5b", 3.6, "fast", small=True, source="default"),
            ModelChoice("qwen2.5-coder:7b", 4.7, "code", source="default"),
            ModelChoice("deepseek-coder:6.7b", 3.8, "review", source="default"),
            ModelChoice("gpt-oss:20b", 14.0, "heavy", source="default"),
        ),
        node_id="gex44-a",
    ),
}

"""Generated configs set contexts that fit the card with their KV cache, and recommend
the server's OLLAMA_CONTEXT_LENGTH / OLLAMA_NUM_PARALLEL for an agent workload; a
generated config passes the doctor on the facts it was made from."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml
from tests.setup.facts_builders import GEX44_MODELS, OSS, detection, installed

from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.setup.answers import Answers, apply_answers
from ollama_agent_router.setup.doctor import diagnose, has_errors
from ollama_agent_router.setup.facts import Gpu
from ollama_agent_router.setup.plan import Inputs, plan
from ollama_agent_router.setup.presets import PRESETS
from ollama_agent_router.setup.render import render
from ollama_agent_router.setup.shapes import ModelChoice

PRESET = PRESETS["gex44"]


def inputs(total_mb: int | None = None, **changes: object) -> Inputs:
    gpus = PRESET.gpus if total_mb is None else (Gpu("NVIDIA GPU", total_mb),)
    return replace(Inputs(models=PRESET.models, gpus=gpus), **changes)  # type: ignore[arg-type]


def text_and_config(given: Inputs) -> tuple[str, RouterConfig]:
    """The comments of the rendered file as one line, and the config read back from it."""
    text = render(plan(given), header=["test"])
    notes = " ".join(
        line.strip().removeprefix("# ")
        for line in text.splitlines()
        if line.strip().startswith("#")
    )
    return notes, parse_config(yaml.safe_load(text), env={})


def max_contexts(config: RouterConfig) -> dict[str, int | None]:
    return {m.name: m.max_context for m in config.models}


def test_the_gex44_preset_fits_its_card() -> None:
    text, config = text_and_config(inputs())
    assert max_contexts(config) == {
        "B-A-M-N/vibethinker:1.5b": 8192,
        "qwen2.5-coder:7b": 32768,  # an agent turn fits, and so does the card: 6.9 GiB
        "deepseek-coder:6.7b": 16384,
        "gpt-oss:20b": 65536,
    }
    assert (config.ollama.api, config.ollama.context_length) == ("native", 32768)
    assert config.ollama.num_parallel == 1
    assert "(agents send 20-30k-token prompts): 6.9 GiB with its KV cache" in text
    assert "2 would not fit deepseek-coder:6.7b at 16384 tokens (19.5 GiB)" in text
    assert "`OLLAMA_CONTEXT_LENGTH=32768 OLLAMA_NUM_PARALLEL=1 ollama serve`" in text
    assert config.gpu.require_gpu_only_by_default


def test_a_small_card_gets_smaller_contexts() -> None:
    """8 GB: deepseek-coder's cache is half a MiB a token; 4096 is what fits."""
    text, config = text_and_config(inputs(8188))
    contexts = max_contexts(config)
    assert contexts["deepseek-coder:6.7b"] == 4096
    assert contexts["qwen2.5-coder:7b"] == 32768  # 6.9 GiB of the 7 GiB left
    deepseek = config.model("deepseek-coder:6.7b")
    assert deepseek is not None
    assert deepseek.default_context == 4096
    assert "maxContext 4096, the largest that fits the card" in text
    assert not config.gpu.require_gpu_only_by_default  # gpt-oss cannot fit at all
    assert "GPU-only is off because gpt-oss:20b cannot fit" in text


def test_a_48_gib_card_gets_four_slots() -> None:
    text, config = text_and_config(inputs(49152))
    assert config.ollama.num_parallel == 4
    assert "4 slots per model: every model fits the card with 4 KV caches" in text
    fast = config.model("B-A-M-N/vibethinker:1.5b")
    assert fast is not None
    assert fast.max_concurrent == 2


def test_settings_found_on_the_server_are_kept() -> None:
    text, config = text_and_config(inputs(context_length=16384, num_parallel=2))
    assert (config.ollama.context_length, config.ollama.num_parallel) == (16384, 2)
    assert "found here: OLLAMA_CONTEXT_LENGTH=16384, OLLAMA_NUM_PARALLEL=2" in text
    assert "recommended" not in text
    # two slots each: deepseek-coder's context shrinks to what fits twice over
    assert max_contexts(config)["deepseek-coder:6.7b"] == 8192


def test_answers_can_state_the_servers_settings() -> None:
    answers = Answers.model_validate({"ollama": {"contextLength": 8192, "numParallel": 2}})
    given = apply_answers(inputs(), answers)
    assert (given.context_length, given.num_parallel) == (8192, 2)


def test_without_shapes_nothing_is_guessed() -> None:
    bare = tuple(replace(m, shape=None) for m in PRESET.models)
    text, config = text_and_config(inputs(models=bare))
    assert config.ollama.num_parallel == 1
    assert "so more slots cannot be checked" in text
    assert "so the context is not checked against the card" in text


@pytest.mark.parametrize(
    ("apple", "expected"), [(False, "Ollama's default here would be 4096"), (True, "the Mac's")]
)
def test_cpu_and_mac_recommend_a_context_too(apple: bool, expected: str) -> None:
    text, config = text_and_config(Inputs(models=PRESET.models, apple_silicon=apple))
    assert config.ollama.context_length == (32768 if apple else 16384)
    assert expected in text


def test_a_detected_machine_passes_the_doctor() -> None:
    """What configure writes from detection is what doctor finds true on it."""
    facts = detection([installed(name) for name in GEX44_MODELS], gpu_mb=20475)
    models = tuple(ModelChoice.from_installed(m) for m in facts.ollama.models.value)
    assert next(m for m in models if m.name == OSS).shape is not None
    _, config = text_and_config(Inputs(models=models, gpus=facts.gpu.gpus.value))
    findings = diagnose(config, facts, port="free")
    assert not has_errors(findings), [f.message for f in findings]
    assert {f.code for f in findings} <= {"co-resident", "capability"}

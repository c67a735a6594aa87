"""The plan: detection in, config out. Every generated config validates through the loader."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from ollama_agent_router.config import ConfigError, RouterConfig, parse_config
from ollama_agent_router.setup.answers import Answers, apply_answers, load_answers
from ollama_agent_router.setup.facts import Gpu
from ollama_agent_router.setup.plan import (
    CLASSIFICATION_MODE,
    Inputs,
    PlanError,
    node_id_from,
    plan,
    vram_reserve_mb,
)
from ollama_agent_router.setup.presets import PRESETS
from ollama_agent_router.setup.render import render
from ollama_agent_router.setup.shapes import ModelChoice

CHAT_TOOLS = frozenset({"completion", "tools"})
MODELS = (
    ModelChoice("llama3.2:3b", 2.0, "fast", CHAT_TOOLS, 131072, small=True),
    ModelChoice("qwen2.5-coder:7b", 4.7, "code", CHAT_TOOLS, 32768),
    ModelChoice("deepseek-coder:6.7b", 3.8, "code", frozenset({"completion"}), 16384),
    ModelChoice("gpt-oss:20b", 13.0, "heavy", CHAT_TOOLS, 131072),
    ModelChoice("nomic-embed-text:latest", 0.3, "embedding", frozenset({"embedding"}), 2048),
)
ONE_GPU = (Gpu("NVIDIA RTX 4000 SFF Ada Generation", 20475),)


def config_of(inputs: Inputs) -> RouterConfig:
    """Render the plan and read it back as the loader does: the text is what is tested."""
    return parse_config(yaml.safe_load(render(plan(inputs), header=["test"])), env={})


@pytest.mark.parametrize(
    ("total_mb", "reserve"),
    [
        (4096, 1024),
        (8191, 1024),
        (8192, 1536),
        (20480, 1536),
        (24576, 1536),
        (24577, 2048),
        (81559, 2048),
    ],
)
def test_vram_reserve_by_total(total_mb: int, reserve: int) -> None:
    assert vram_reserve_mb(total_mb) == reserve


@pytest.mark.parametrize(
    ("gpus", "apple", "expected"),
    [
        # machine class → (global concurrency, queued, per user, sync wait, heavy depth)
        (ONE_GPU, False, (3, 100, 20, 250, 3)),
        ((), True, (2, 50, 10, 250, 2)),
        ((), False, (1, 50, 10, 100, 1)),
    ],
    ids=["nvidia", "apple", "cpu"],
)
def test_queue_defaults_by_machine_class(
    gpus: tuple[Gpu, ...], apple: bool, expected: tuple[int, ...]
) -> None:
    config = config_of(Inputs(models=MODELS, gpus=gpus, apple_silicon=apple))
    queue, router = config.queue, config.router
    assert (
        queue.global_max_concurrent,
        queue.global_max_queued,
        queue.per_user_max_queued,
        router.sync_max_queue_time_ms,
        router.heavy_load_queue_depth,
    ) == expected


def test_nvidia_gpu_section() -> None:
    config = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    gpu = config.gpu
    assert (gpu.provider, gpu.vram_total_mb, gpu.vram_safety_reserve_mb) == ("nvidia", 20475, 1536)
    assert gpu.require_gpu_only_by_default
    assert gpu.monitor.enabled
    assert config.router.heavy_load_gpu_free_mb_threshold == 3072


def test_a_model_that_cannot_fit_turns_gpu_only_off() -> None:
    config = config_of(Inputs(models=MODELS, gpus=(Gpu("NVIDIA GeForce RTX 4060", 8188),)))
    assert not config.gpu.require_gpu_only_by_default  # gpt-oss would be blocked forever


def test_cpu_config_stretches_timeouts_and_caps_contexts() -> None:
    gpu = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    cpu = config_of(Inputs(models=MODELS))
    heavy_gpu, heavy_cpu = gpu.model("gpt-oss:20b"), cpu.model("gpt-oss:20b")
    assert heavy_gpu is not None
    assert heavy_cpu is not None
    assert (heavy_gpu.timeout_ms, heavy_cpu.timeout_ms) == (300_000, 600_000)
    assert (heavy_gpu.max_context, heavy_cpu.max_context) == (65536, 16384)
    assert cpu.gpu.provider == "none"
    assert not cpu.gpu.monitor.enabled


def test_contexts_never_exceed_what_the_model_was_trained_for() -> None:
    config = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    deepseek = config.model("deepseek-coder:6.7b")
    assert deepseek is not None
    assert (deepseek.default_context, deepseek.max_context) == (8192, 16384)


def test_ollama_limits_come_from_its_environment() -> None:
    config = config_of(Inputs(models=MODELS, gpus=ONE_GPU, num_parallel=2, max_loaded_models=2))
    assert (config.ollama.num_parallel, config.ollama.max_loaded_models) == (2, 2)
    fast = config.model("llama3.2:3b")
    assert fast is not None
    assert fast.max_concurrent == 2
    default = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    assert (default.ollama.num_parallel, default.ollama.max_loaded_models) == (1, 0)
    # Never more per model than Ollama serves at once.
    assert all(m.max_concurrent == 1 for m in default.models)


def test_models_without_tools_are_not_tool_use_candidates() -> None:
    config = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    deepseek, qwen = config.model("deepseek-coder:6.7b"), config.model("qwen2.5-coder:7b")
    assert deepseek is not None
    assert qwen is not None
    assert "tool_use" not in deepseek.purpose
    assert "tool_use" in qwen.purpose
    assert "deepseek-coder:6.7b" not in config.routes["tool_use"]


def test_classification_and_strategy() -> None:
    config = config_of(Inputs(models=MODELS, gpus=ONE_GPU))
    assert config.router.strategy == "residency"
    assert config.router.classification.mode == CLASSIFICATION_MODE
    assert config.router.classification.optional_classifier_model == "llama3.2:3b"
    no_small = config_of(Inputs(models=MODELS[1:4]))
    assert no_small.router.classification.optional_classifier_model is None
    assert no_small.router.classification.mode == "enhanced"


def test_embedding_models_are_kept_for_embeddings_only() -> None:
    config = config_of(Inputs(models=MODELS))
    embedder = config.model("nomic-embed-text:latest")
    assert embedder is not None
    assert embedder.capabilities == ["embedding"]
    assert embedder.purpose == ["embedding"]
    with pytest.raises(PlanError, match="only embedding models"):
        plan(Inputs(models=MODELS[-1:]))


def test_the_gex44_preset_validates() -> None:
    preset = PRESETS["gex44"]
    config = config_of(Inputs(models=preset.models, gpus=preset.gpus, node_id=preset.node_id))
    assert config.server.node_id == "gex44-a"
    assert config.routes["code_review"][0] == "deepseek-coder:6.7b"
    assert config.routes["triage"] == ["B-A-M-N/vibethinker:1.5b"]


@pytest.mark.parametrize(
    ("hostname", "node_id"),
    [
        ("gpu-box.example.com", "gpu-box"),
        ("My_Mac (2)", "My-Mac-2"),
        ("", "local"),
        ("***", "local"),
    ],
)
def test_node_id_from_hostname(hostname: str, node_id: str) -> None:
    assert node_id_from(hostname) == node_id


def test_the_file_explains_each_section() -> None:
    text = render(plan(Inputs(models=MODELS, gpus=ONE_GPU)), header=["made by a test"])
    lines = text.splitlines()
    assert lines[0] == "# made by a test"
    for section in ("server", "ollama", "gpu", "router", "jobs", "models", "routes", "queue"):
        index = lines.index(f"{section}:")
        assert lines[index - 1].startswith("#"), section
    assert "  # heavy: large or reasoning" in text
    assert "  code_fix: [qwen2.5-coder:7b, deepseek-coder:6.7b]" in text


def test_odd_model_names_survive_the_yaml() -> None:
    odd = replace(MODELS[0], name="hf.co/org/Model-GGUF:Q4_K_M")
    weird = replace(MODELS[1], name="x: y, [z]")
    config = config_of(Inputs(models=(odd, weird)))
    assert config.model_names == ["hf.co/org/Model-GGUF:Q4_K_M", "x: y, [z]"]
    assert config.routes["code_fix"] == ["x: y, [z]"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("models: {mode: manual}\n", "models.items: mode 'manual' needs at least one model"),
        (
            "models: {mode: manual, items: [{name: a, sizeGb: 1}, {name: a, sizeGb: 2}]}\n",
            "models.items[1].name: duplicate model name 'a'",
        ),
        ("models: {mode: guess}\n", "models.mode: Input should be 'detected' or 'manual'"),
        ("modles: {}\n", "modles: unknown key (check the spelling)"),
        ("- just a list\n", "must be a mapping"),
        ("gpu: {vramTotalMb: -5}\n", "gpu.vramTotalMb: Input should be greater than or equal to 0"),
    ],
)
def test_answers_file_problems_name_the_key(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_answers(path)
    assert any(problem in line for line in caught.value.lines()), caught.value.lines()


def test_answers_override_detection_fields() -> None:
    answers = Answers.model_validate(
        {
            "ollama": {"baseUrl": "http://gpu-box:11434/"},
            "server": {"nodeId": "box", "port": 8080},
            "gpu": {"vramTotalMb": 16384, "name": "RTX A4000"},
        }
    )
    config = config_of(apply_answers(Inputs(models=MODELS), answers))
    assert config.ollama.base_url == "http://gpu-box:11434"
    assert (config.server.node_id, config.server.port) == ("box", 8080)
    assert (config.gpu.provider, config.gpu.name, config.gpu.vram_total_mb) == (
        "nvidia",
        "RTX A4000",
        16384,
    )

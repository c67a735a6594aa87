"""``oar configure`` as a real process: fake ``ollama`` / ``nvidia-smi`` / ``sysctl`` on
PATH, the simulator as Ollama's API, one test per kind of machine. Every config written
is loaded back through the real config loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ollama_agent_router.config import RouterConfig, load_config
from ollama_agent_router.setup.local import USUAL_OLLAMA_LOCATIONS
from ollama_agent_router.setup.plan import CLASSIFICATION_MODE
from ollama_agent_router.tasks import CORE_TASK_TYPES
from support.processes import free_port
from support.wizard import (
    MODELS,
    env_for,
    fake_nvidia_smi,
    fake_ollama,
    fake_sysctl,
    oar,
    simulator,
)

pytestmark = pytest.mark.slow

EMBEDDER = "nomic-embed-text:latest"


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def configure(
    tmp_path: Path, env: dict[str, str], *args: str
) -> tuple[RouterConfig, str, dict[str, Any]]:
    """``oar configure -y`` into a file; the config as the loader reads it, the text, the
    raw YAML."""
    out = tmp_path / "router.yaml"
    result = oar("configure", "-y", "-o", str(out), *args, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert f"Wrote {out}" in result.stdout
    text = out.read_text()
    return load_config(out, env={}), text, yaml.safe_load(text)


def assert_routes_sound(config: RouterConfig) -> None:
    """Every core task type is routed; the embedder serves no chat route."""
    for task in CORE_TASK_TYPES:
        assert config.routes.get(task), f"no route for {task}"
    for task, names in config.routes.items():
        assert EMBEDDER not in names, task


def test_linux_one_nvidia_gpu(tmp_path: Path, bin_dir: Path) -> None:
    with simulator() as address:
        fake_ollama(bin_dir, running=True, models=MODELS)
        fake_nvidia_smi(bin_dir, [f"sim:{address}"])
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        config, text, _ = configure(tmp_path, env)
    gpu = config.gpu
    assert (gpu.provider, gpu.name, gpu.vram_total_mb) == ("nvidia", "Simulated GPU", 20480)
    assert gpu.vram_safety_reserve_mb == 1536  # 8-24 GB
    assert gpu.require_gpu_only_by_default  # gpt-oss (13 GB) fits in 20 GB
    assert gpu.monitor.enabled
    assert config.ollama.base_url == f"http://{address}"
    assert config.router.strategy == "residency"
    assert config.router.classification.mode == CLASSIFICATION_MODE
    assert config.router.classification.optional_classifier_model == "llama3.2:3b"
    roles = {m.name: (m.priority, m.cost_class, m.exclusive) for m in config.models}
    assert roles["gpt-oss:20b"] == (95, "high", True)
    assert roles["qwen2.5-coder:7b"] == (70, "medium", False)
    assert roles["llama3.2:3b"] == (50, "low", False)
    embedder = config.model(EMBEDDER)
    assert embedder is not None
    assert embedder.capabilities == ["embedding"]
    assert_routes_sound(config)
    # deepseek-coder has no tools in Ollama: tool_use leads with a model that has them.
    assert config.routes["tool_use"][0] == "qwen2.5-coder:7b"
    assert "deepseek-coder:6.7b" not in config.routes["tool_use"]
    assert config.queue.global_max_concurrent == 3
    assert "# Simulated GPU, 20480 MB of VRAM" in text
    assert "ollama-agent-router config written by `oar configure`" in text


def test_linux_two_nvidia_gpus(tmp_path: Path, bin_dir: Path) -> None:
    card = "NVIDIA GeForce RTX 4090, 24564, 310, 24254, 3"
    with simulator() as address:
        fake_ollama(bin_dir, running=True, models=MODELS)
        fake_nvidia_smi(bin_dir, [card, card])
        env = env_for(
            bin_dir,
            tmp_path,
            ollama_host=address,
            OLLAMA_NUM_PARALLEL="2",
            OLLAMA_MAX_LOADED_MODELS="4",
        )
        config, _, _ = configure(tmp_path, env)
    assert config.gpu.name == "2 x NVIDIA GeForce RTX 4090"
    assert config.gpu.vram_total_mb == 2 * 24564
    assert config.gpu.vram_safety_reserve_mb == 2048  # above 24 GB
    assert (config.ollama.num_parallel, config.ollama.max_loaded_models) == (2, 4)
    small = config.model("llama3.2:3b")
    assert small is not None
    assert small.max_concurrent == 2
    assert_routes_sound(config)


def test_linux_cpu_only(tmp_path: Path, bin_dir: Path) -> None:
    with simulator() as address:
        fake_ollama(bin_dir, running=True, models=MODELS)
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        config, text, _ = configure(tmp_path, env)
    assert config.gpu.provider == "none"
    assert not config.gpu.require_gpu_only_by_default
    assert not config.gpu.monitor.enabled
    assert all(m.max_concurrent == 1 for m in config.models)
    queue, router = config.queue, config.router
    assert (queue.global_max_concurrent, queue.global_max_queued, queue.per_user_max_queued) == (
        1,
        50,
        10,
    )
    assert (router.sync_max_queue_time_ms, router.heavy_load_queue_depth) == (100, 1)
    assert "No NVIDIA GPU found" in text
    assert_routes_sound(config)


def test_macos_apple_silicon(tmp_path: Path, bin_dir: Path) -> None:
    with simulator() as address:
        fake_ollama(bin_dir, running=True, models=MODELS)
        # A stray nvidia-smi must not matter on a Mac.
        fake_nvidia_smi(bin_dir, ["NVIDIA GeForce RTX 4090, 24564, 310, 24254, 3"])
        fake_sysctl(bin_dir, memsize=32 * 2**30, brand="Apple M2 Pro")
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        detected = oar(
            "configure", "--detect", "--json", "--platform", "darwin/arm64", env=env, cwd=tmp_path
        )
        config, text, _ = configure(tmp_path, env, "--platform", "darwin/arm64")
    facts = json.loads(detected.stdout)
    assert facts["machine"]["appleSilicon"] is True
    assert facts["machine"]["ramMb"]["value"] == 32 * 1024
    assert facts["machine"]["chip"]["value"] == "Apple M2 Pro"
    assert facts["gpu"]["gpus"]["value"] == []
    assert config.gpu.provider == "none"
    assert not config.gpu.monitor.enabled
    assert not config.gpu.require_gpu_only_by_default
    assert config.queue.global_max_concurrent == 2
    assert "Apple Silicon" in text
    assert "unified memory (32 GB)" in text
    assert_routes_sound(config)


def test_ollama_absent(tmp_path: Path, bin_dir: Path) -> None:
    usual = [p for paths in USUAL_OLLAMA_LOCATIONS.values() for p in paths]
    if any(Path(p).expanduser().exists() for p in usual):
        pytest.skip("this machine has Ollama installed in a usual location")
    env = env_for(bin_dir, tmp_path, ollama_host=f"127.0.0.1:{free_port()}")
    result = oar("configure", "-y", "-o", str(tmp_path / "r.yaml"), env=env, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: no models to configure: Ollama is not installed here")
    assert "https://ollama.com/download" in lines[0]
    assert not (tmp_path / "r.yaml").exists()


def test_ollama_installed_but_not_running(tmp_path: Path, bin_dir: Path) -> None:
    binary = fake_ollama(bin_dir, running=False)
    port = free_port()
    env = env_for(bin_dir, tmp_path, ollama_host=f"127.0.0.1:{port}")
    detected = json.loads(oar("configure", "--detect", "--json", env=env, cwd=tmp_path).stdout)
    result = oar("configure", "-y", "-o", str(tmp_path / "r.yaml"), env=env, cwd=tmp_path)
    assert detected["ollama"]["binary"]["value"] == str(binary)
    assert detected["ollama"]["version"] == {
        "value": "0.32.15",
        "source": "command",
        "confidence": "high",
        "detail": "ollama --version",
    }
    assert detected["ollama"]["reachable"] is False
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert f"Ollama is installed ({binary}) but nothing answers at http://127.0.0.1:{port}" in line
    assert "start it (`ollama serve`)" in line


def test_no_models(tmp_path: Path, bin_dir: Path) -> None:
    with simulator(models=()) as address:
        fake_ollama(bin_dir, running=True)
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        result = oar("configure", "-y", "-o", str(tmp_path / "r.yaml"), env=env, cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert f"Ollama at http://{address} has no models" in line
    assert "ollama pull" in line


def test_only_embedding_models(tmp_path: Path, bin_dir: Path) -> None:
    with simulator(models=MODELS[-1:]) as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        result = oar("configure", "-y", "-o", str(tmp_path / "r.yaml"), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "no chat model to route to (only embedding models)" in result.stderr


def test_minimal_answers_file(tmp_path: Path, bin_dir: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "models:\n  mode: manual\n  items:\n"
        "    - {name: qwen2.5-coder:7b, role: code, sizeGb: 4.7}\n"
        "    - {name: phi4-mini:3.8b, sizeGb: 2.5}\n"
    )
    env = env_for(bin_dir, tmp_path, ollama_host=f"127.0.0.1:{free_port()}")
    out = tmp_path / "router.yaml"
    result = oar(
        "configure",
        "--non-interactive",
        "--answers",
        str(answers),
        "-o",
        str(out),
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    config = load_config(out, env={})
    assert config.model_names == ["qwen2.5-coder:7b", "phi4-mini:3.8b"]
    phi = config.model("phi4-mini:3.8b")
    assert phi is not None
    assert phi.cost_class == "low"
    assert config.routes["triage"] == ["phi4-mini:3.8b"]
    assert config.routes["code_fix"] == ["qwen2.5-coder:7b"]
    assert_routes_sound(config)


def test_answers_file_errors_name_the_key(tmp_path: Path, bin_dir: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "models:\n  mode: manual\n  items:\n    - {name: m, role: boss, sizeGb: -1}\n"
    )
    env = env_for(bin_dir, tmp_path, ollama_host=f"127.0.0.1:{free_port()}")
    result = oar(
        "configure",
        "--non-interactive",
        "--answers",
        str(answers),
        "--dry-run",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"error: {answers}: models.items[0].sizeGb: Input should be greater than 0" in (
        result.stderr
    )
    assert "models.items[0].role:" in result.stderr


def test_preset_gex44_and_dry_run(tmp_path: Path, bin_dir: Path) -> None:
    with simulator() as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        result = oar("configure", "--preset", "gex44", "--dry-run", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["server"]["nodeId"] == "gex44-a"
    assert data["gpu"]["vramTotalMb"] == 20480
    assert data["gpu"]["vramSafetyReserveMb"] == 1536
    assert [m["name"] for m in data["models"]] == [
        "B-A-M-N/vibethinker:1.5b",
        "qwen2.5-coder:7b",
        "deepseek-coder:6.7b",
        "gpt-oss:20b",
    ]
    assert data["routes"]["code_review"][0] == "deepseek-coder:6.7b"
    # the server's settings for an agent workload, and how to start Ollama with them
    assert (data["ollama"]["contextLength"], data["ollama"]["numParallel"]) == (32768, 1)
    assert "OLLAMA_CONTEXT_LENGTH=32768 OLLAMA_NUM_PARALLEL=1 ollama serve" in result.stdout
    assert [m["maxContext"] for m in data["models"]] == [8192, 32768, 16384, 65536]
    assert not list(tmp_path.glob("*.yaml"))  # a dry run writes nothing


def test_never_overwrites_without_permission(tmp_path: Path, bin_dir: Path) -> None:
    out = tmp_path / "router.yaml"
    out.write_text("keep: me\n")
    with simulator() as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        refused = oar("configure", "-y", "-o", str(out), env=env, cwd=tmp_path)
        assert out.read_text() == "keep: me\n"
        replaced = oar("configure", "-y", "--overwrite", "-o", str(out), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "already exists; not overwriting it (use --overwrite)" in refused.stderr
    assert replaced.returncode == 0, replaced.stderr
    load_config(out, env={})


def test_init_wizard_is_an_alias(tmp_path: Path, bin_dir: Path) -> None:
    with simulator() as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        out = tmp_path / "router.yaml"
        result = oar("init", "--wizard", "-o", str(out), env=env, cwd=tmp_path)
        # No terminal and no -y: the wizard says how to run it unattended.
        assert result.returncode == 1
        assert "add -y to accept what was detected" in result.stderr
        assert not out.exists()


def test_without_a_terminal_it_asks_for_y(tmp_path: Path, bin_dir: Path) -> None:
    env = env_for(bin_dir, tmp_path, ollama_host=f"127.0.0.1:{free_port()}")
    result = oar("configure", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no terminal to ask questions on")


def test_server_settings_found_or_recommended(tmp_path: Path, bin_dir: Path) -> None:
    """OLLAMA_CONTEXT_LENGTH / OLLAMA_NUM_PARALLEL as this shell sees them are kept;
    without them the file recommends them and the command says to start Ollama so."""
    out = tmp_path / "router.yaml"
    with simulator() as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address)
        fake_nvidia_smi(bin_dir, [f"sim:{address}"])
        plain_run = oar("configure", "-y", "-o", str(out), env=env, cwd=tmp_path)
        recommended = load_config(out, env={})
        env.update(OLLAMA_CONTEXT_LENGTH="16384", OLLAMA_NUM_PARALLEL="2")
        found_run = oar("configure", "-y", "--overwrite", "-o", str(out), env=env, cwd=tmp_path)
        found = load_config(out, env={})
    assert plain_run.returncode == found_run.returncode == 0, plain_run.stderr + found_run.stderr
    # 32768 for agent turns; the slots depend on what the simulator says of the models.
    slots = recommended.ollama.num_parallel
    assert recommended.ollama.context_length == 32768
    assert f"start Ollama with OLLAMA_CONTEXT_LENGTH=32768 OLLAMA_NUM_PARALLEL={slots}" in (
        plain_run.stdout
    )
    assert (found.ollama.context_length, found.ollama.num_parallel) == (16384, 2)
    assert "start Ollama with" not in found_run.stdout

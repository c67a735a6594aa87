"""``oar doctor`` as a real process, one test per kind of finding: the simulator is
Ollama, fake ``nvidia-smi`` on PATH is the GPU, and each config is changed just enough
to show one problem."""

from __future__ import annotations

import copy
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ollama_agent_router.simulator.settings import SimModel
from support.processes import free_port
from support.wizard import env_for, fake_nvidia_smi, oar, plain, simulator

pytestmark = pytest.mark.slow

BASE: dict[str, Any] = {
    "server": {"port": 0},
    "gpu": {"provider": "none"},
    "models": [
        {"name": "llama3.2:3b", "sizeGb": 2.0, "purpose": ["triage", "simple_chat"]},
        {"name": "qwen2.5-coder:7b", "sizeGb": 4.7, "purpose": ["code_fix", "tool_use"]},
        {"name": "gpt-oss:20b", "sizeGb": 13.0, "purpose": ["agentic_reasoning"]},
        {"name": "deepseek-coder:6.7b", "sizeGb": 3.8, "purpose": ["code_review"]},
        {"name": "nomic-embed-text:latest", "sizeGb": 0.3, "capabilities": ["embedding"]},
    ],
    "routes": {"simple_chat": ["llama3.2:3b"], "tool_use": ["qwen2.5-coder:7b", "gpt-oss:20b"]},
    # Ollama keeps 3 models loaded with 1 request each: no more at once than that.
    "queue": {"globalMaxConcurrent": 3},
}


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


@pytest.fixture
def sim() -> Iterator[str]:
    with simulator() as address:
        yield address


def doctor(
    tmp_path: Path,
    bin_dir: Path,
    address: str,
    changes: dict[str, Any] | None = None,
    **env_extra: str,
) -> tuple[int, list[dict[str, str]], str]:
    """Run ``oar doctor --json`` and plain on a config made of BASE plus ``changes``."""
    data = copy.deepcopy(BASE)
    data["ollama"] = {"baseUrl": f"http://{address}"}
    for key, value in (changes or {}).items():
        node = data
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    config = tmp_path / "router.yaml"
    config.write_text(yaml.safe_dump(data))
    env = env_for(bin_dir, tmp_path, ollama_host=None, **env_extra)
    as_json = oar("doctor", "--config", str(config), "--json", env=env, cwd=tmp_path)
    shown = oar("doctor", "--config", str(config), env=env, cwd=tmp_path)
    assert as_json.returncode == shown.returncode, shown.stdout + shown.stderr
    assert "Traceback" not in shown.stderr + as_json.stderr
    findings = json.loads(as_json.stdout)["findings"]
    # The simulator's /api/show may or may not carry model shapes: the note that memory is
    # the file size alone is not what these tests are about.
    findings = [f for f in findings if f["code"] != "estimate"]
    return shown.returncode, findings, shown.stdout


def codes(findings: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(f["severity"], f["code"]) for f in findings}


def test_a_sound_config_is_ready(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    code, findings, text = doctor(tmp_path, bin_dir, sim)
    assert code == 0
    assert findings == []
    assert "ready: 0 errors, 0 warnings" in text


def test_ollama_unreachable(tmp_path: Path, bin_dir: Path) -> None:
    dead = f"127.0.0.1:{free_port()}"
    code, findings, text = doctor(tmp_path, bin_dir, dead)
    assert code == 1
    assert codes(findings) == {("error", "ollama-unreachable")}
    assert f"Ollama does not answer at http://{dead}" in text
    assert "not ready: 1 errors" in text


def test_model_missing_names_the_pull(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    models = [*BASE["models"], {"name": "mistral-small:24b", "sizeGb": 14.0}]
    code, findings, text = doctor(tmp_path, bin_dir, sim, {"models": models})
    assert code == 1
    assert ("error", "model-missing") in codes(findings)
    assert "ollama pull mistral-small:24b" in text


def test_installed_model_ignored(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    models = [m for m in BASE["models"] if m["name"] != "deepseek-coder:6.7b"]
    code, findings, _ = doctor(tmp_path, bin_dir, sim, {"models": models})
    assert code == 0  # information, not an error
    [finding] = findings
    assert (finding["severity"], finding["code"]) == ("info", "model-unused")
    assert finding["message"].startswith("deepseek-coder:6.7b is installed but the config ignores")


def test_route_model_without_tools(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    code, findings, _ = doctor(
        tmp_path, bin_dir, sim, {"routes.tool_use": ["deepseek-coder:6.7b", "qwen2.5-coder:7b"]}
    )
    assert code == 0
    assert codes(findings) == {("warning", "capability")}
    code, findings, text = doctor(
        tmp_path, bin_dir, sim, {"routes.tool_use": ["deepseek-coder:6.7b"]}
    )
    assert code == 1
    assert codes(findings) == {("error", "capability")}
    assert "routes.tool_use: no model in it supports tools (deepseek-coder:6.7b)" in text


def test_embedding_model_in_a_chat_route(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    code, findings, text = doctor(
        tmp_path, bin_dir, sim, {"routes.simple_chat": ["nomic-embed-text:latest"]}
    )
    assert code == 1
    assert codes(findings) == {("error", "capability")}
    assert "routes.simple_chat: nomic-embed-text:latest cannot chat" in text


def test_model_too_big_for_the_gpu(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    fake_nvidia_smi(bin_dir, ["NVIDIA GeForce RTX 4060, 8188, 400, 7788, 0"])
    gpu = {"provider": "nvidia", "vramSafetyReserveMb": 1024, "monitor": {"enabled": True}}
    code, findings, text = doctor(tmp_path, bin_dir, sim, {"gpu": gpu})
    assert code == 0
    assert codes(findings) == {("warning", "too-big")}
    # 13.0 GB on disk (/api/tags) = 12398 MiB, plus the 1024 MiB reserve (the KV cache too
    # when the simulator describes the model's shape)
    assert re.search(r"gpt-oss:20b needs 1\d{4} MB with the reserve but the GPU has 8188 MB", text)
    assert "would run split between CPU and GPU" in text
    strict = {**gpu, "requireGpuOnlyByDefault": True}
    code, findings, text = doctor(tmp_path, bin_dir, sim, {"gpu": strict})
    assert code == 1
    assert codes(findings) == {("error", "too-big")}
    assert "it can never be chosen" in text


def test_concurrency_beyond_ollamas_parallel(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    models = copy.deepcopy(BASE["models"])
    models[0]["maxConcurrent"] = 4
    wide = {"models": models, "queue.globalMaxConcurrent": 6}
    code, findings, text = doctor(tmp_path, bin_dir, sim, wide)
    assert code == 0
    assert codes(findings) == {("warning", "parallel")}
    assert "llama3.2:3b: maxConcurrent 4 but Ollama runs 1 request(s) per model" in text
    assert "the router may run 6 requests at once" in text
    assert "Ollama serves at most 3 (1 per model x 3 loaded)" in text
    code, findings, text = doctor(tmp_path, bin_dir, sim, wide, OLLAMA_NUM_PARALLEL="4")
    assert codes(findings) == {("warning", "parallel")}
    assert "ollama.numParallel is 1 but OLLAMA_NUM_PARALLEL=4 here" in text
    assert "maxConcurrent 4 but" not in text


def test_gpu_monitor_without_nvml_or_nvidia_smi(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    gpu = {"provider": "nvidia", "vramTotalMb": 20480, "monitor": {"enabled": True}}
    code, findings, text = doctor(tmp_path, bin_dir, sim, {"gpu": gpu})
    assert code == 1
    assert codes(findings) == {("error", "gpu-monitor")}
    assert "gpu.monitor is on (backend auto) but neither NVML nor nvidia-smi can read" in text
    # With nvidia-smi on PATH the default backend works; one that insists on NVML does not.
    fake_nvidia_smi(bin_dir, ["NVIDIA L4, 23034, 0, 23034, 0"])
    code, findings, _ = doctor(tmp_path, bin_dir, sim, {"gpu": gpu})
    assert (code, findings) == (0, [])
    nvml_only = {**gpu, "monitor": {"enabled": True, "backend": "nvml"}}
    code, findings, text = doctor(tmp_path, bin_dir, sim, {"gpu": nvml_only})
    assert code == 1
    assert codes(findings) == {("error", "gpu-monitor")}
    assert "(backend nvml) but NVML cannot read a GPU here" in text


def test_port_in_use(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, findings, text = doctor(tmp_path, bin_dir, sim, {"server.port": port})
    assert code == 1
    assert codes(findings) == {("error", "port-in-use")}
    assert f"127.0.0.1:{port} is taken by another program" in text


def test_invalid_config_is_named_not_diagnosed(tmp_path: Path, bin_dir: Path, sim: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("models: [{name: m, sizeGb: -1}]\n")
    result = oar(
        "doctor",
        "--config",
        str(config),
        env=env_for(bin_dir, tmp_path, ollama_host=sim),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "models[0].sizeGb: Input should be greater than 0" in result.stderr
    assert "Traceback" not in result.stderr


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RTX_4000 = "NVIDIA RTX 4000 SFF Ada Generation, 20475, 0, 20475, 0"


def example_doctor(
    tmp_path: Path, bin_dir: Path, name: str, edit: Any = None
) -> tuple[int, dict[str, Any], str]:
    """``oar doctor`` on a shipped example, its models served by the simulator, on the
    gex44's card (fake nvidia-smi); ``edit`` changes the data first."""
    data = yaml.safe_load((EXAMPLES / name).read_text())
    if edit is not None:
        edit(data)
    fake_nvidia_smi(bin_dir, [RTX_4000])
    models = [SimModel(m["name"], m["sizeGb"]) for m in data["models"]]
    with simulator(models) as address:
        data.setdefault("ollama", {})["baseUrl"] = f"http://{address}"
        data.setdefault("server", {})["port"] = 0
        config = tmp_path / name
        config.write_text(yaml.safe_dump(data))
        env = env_for(bin_dir, tmp_path, ollama_host=None)
        as_json = oar("doctor", "--config", str(config), "--json", env=env, cwd=tmp_path)
        shown = oar("doctor", "--config", str(config), env=env, cwd=tmp_path)
    assert "Traceback" not in shown.stderr + as_json.stderr
    return shown.returncode, json.loads(as_json.stdout), plain(shown.stdout)


@pytest.mark.parametrize(
    "name", ["gex44.yaml", "gex44-secured.yaml", "gex44-agents.yaml", "minimal.yaml"]
)
def test_the_shipped_examples_pass(tmp_path: Path, bin_dir: Path, name: str) -> None:
    code, report, text = example_doctor(tmp_path, bin_dir, name)
    assert code == 0, text
    assert report["ok"]
    assert "ready: 0 errors" in text
    if name == "gex44-agents.yaml":  # native: each model its own num_ctx
        contexts = {m["name"]: m["context"] for m in report["models"]}
        assert contexts["qwen2.5-coder:7b"] == 32768
        assert contexts["deepseek-coder:6.7b"] == 4096
    elif name.startswith("gex44"):
        # the server's 32768 (or less where the simulator says a model was trained shorter)
        assert max(m["context"] for m in report["models"]) == 32768
        assert all(m["contextSource"].startswith("ollama.contextLength") for m in report["models"])
        assert "Memory as Ollama loads each model: 20475 MiB" in text


def test_the_old_gex44_example_names_the_4096_cut(tmp_path: Path, bin_dir: Path) -> None:
    """As it shipped: api openai, no contextLength, gpt-oss up to 65536."""

    def as_it_was(data: dict[str, Any]) -> None:
        del data["ollama"]["contextLength"]
        data["models"][-1]["maxContext"] = 65536

    code, report, text = example_doctor(tmp_path, bin_dir, "gex44.yaml", as_it_was)
    assert code == 1
    [cut] = [f for f in report["findings"] if f["code"] == "context-cut"]
    assert cut["severity"] == "error"
    assert (
        "Ollama loads every model with its default for 20475 MiB of VRAM: 4096 tokens"
        in (cut["message"])
    )
    assert "qwen2.5-coder:7b (32768)" in cut["message"]
    assert (
        "start Ollama with OLLAMA_CONTEXT_LENGTH=32768 and set ollama.contextLength: 32768"
        in (cut["message"])
    )
    assert {m["context"] for m in report["models"]} == {4096}
    assert "not ready: 1 errors" in text

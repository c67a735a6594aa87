"""Detection in-process: parsers, the platform as a parameter, fakes on PATH, the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.setup.detect import Probe, _installed, detect, parse_ollama_list
from ollama_agent_router.setup.local import parse_ollama_version, port_state
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings
from support.processes import free_port
from support.wizard import MODELS, env_for, fake_nvidia_smi, fake_ollama, fake_sysctl


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("ollama version is 0.32.15\n", "0.32.15"),
        (
            "Warning: could not connect to a running Ollama instance\n"
            "Warning: client version is 0.33.0-rc2\n",
            "0.33.0-rc2",
        ),
        ("something else\n", ""),
        ("", ""),
    ],
)
def test_ollama_version_output(text: str, version: str) -> None:
    assert parse_ollama_version(text) == version


def test_ollama_list_output() -> None:
    text = (
        "NAME                       ID              SIZE      MODIFIED\n"
        "qwen2.5-coder:7b           2b0496514337    4.7 GB    3 weeks ago\n"
        "nomic-embed-text:latest    0a109f422b47    274 MB    2 months ago\n"
        "garbage line\n"
    )
    models = parse_ollama_list(text)
    assert [(m.name, m.size_bytes, m.source) for m in models] == [
        ("qwen2.5-coder:7b", 4_700_000_000, "command"),
        ("nomic-embed-text:latest", 274_000_000, "command"),
    ]
    assert parse_ollama_list("Error: could not connect\n") == ()


def probe(tmp_path: Path, bin_dir: Path, host: str, **changes: object) -> Probe:
    settings: dict[str, object] = {
        "env": env_for(bin_dir, tmp_path, ollama_host=host),
        "ollama_locations": (),
        "meminfo": tmp_path / "meminfo",
        "hostname": "box",
        "timeout_s": 5,
    }
    return Probe(**{**settings, **changes})  # type: ignore[arg-type]


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    (tmp_path / "meminfo").write_text("MemTotal:       32768000 kB\nMemFree: 1 kB\n")
    return folder


async def test_linux_with_the_simulator_and_a_gpu(tmp_path: Path, bin_dir: Path) -> None:
    fake_nvidia_smi(bin_dir, ["NVIDIA L4, 23034, 0, 23034, 0"])
    async with run_simulator(SimulatorSettings(models=MODELS, instant=True)) as sim:
        found = await detect(
            probe(tmp_path, bin_dir, f"127.0.0.1:{sim.port}", system="Linux", arch="x86_64")
        )
    assert found.machine.ram_mb.value == 32000
    assert found.ollama.reachable
    assert found.ollama.version.value == "0.32.15"
    assert not found.ollama.binary.found  # the API alone is enough
    deepseek = next(m for m in found.ollama.models.value if m.name == "deepseek-coder:6.7b")
    assert deepseek.capabilities == frozenset({"completion", "insert"})
    assert deepseek.family == "llama"
    assert deepseek.context_length
    assert found.ollama.loaded.found
    assert found.ollama.loaded.value == ()
    assert [g.total_mb for g in found.gpu.gpus.value] == [23034]
    assert found.gpu.gpus.detail == "nvidia-smi"


async def test_macos_is_a_parameter_not_the_host(tmp_path: Path, bin_dir: Path) -> None:
    fake_sysctl(bin_dir, memsize=16 * 2**30, brand="Apple M1")
    fake_nvidia_smi(bin_dir, ["NVIDIA L4, 23034, 0, 23034, 0"])
    found = await detect(
        probe(tmp_path, bin_dir, f"127.0.0.1:{free_port()}", system="Darwin", arch="arm64")
    )
    assert found.machine.apple_silicon
    assert (found.machine.ram_mb.value, found.machine.chip.value) == (16384, "Apple M1")
    assert not found.gpu.gpus.found
    assert not found.gpu.nvidia_smi.found


async def test_api_down_falls_back_to_the_ollama_command(tmp_path: Path, bin_dir: Path) -> None:
    """An ``ollama`` whose own server answers (another OLLAMA_HOST) while the API probe
    fails still lists its models."""
    fake_ollama(bin_dir, running=True, models=MODELS[:2])
    found = await detect(probe(tmp_path, bin_dir, f"127.0.0.1:{free_port()}"))
    ollama = found.ollama
    assert not ollama.reachable
    assert "nothing answers at" in ollama.problem
    assert ollama.version.source == "command"
    assert ollama.version.value == "0.32.15"
    assert ollama.models.source == "command"
    assert [m.name for m in ollama.models.value] == ["llama3.2:3b", "qwen2.5-coder:7b"]


async def test_environment_limits(tmp_path: Path, bin_dir: Path) -> None:
    env = env_for(
        bin_dir,
        tmp_path,
        ollama_host=f"127.0.0.1:{free_port()}",
        OLLAMA_NUM_PARALLEL="4",
        OLLAMA_MAX_LOADED_MODELS="two",
    )
    found = await detect(Probe(env=env, ollama_locations=(), timeout_s=2))
    assert (found.ollama.num_parallel.value, found.ollama.num_parallel.source) == (4, "env")
    assert found.ollama.max_loaded_models.source == "not_found"
    assert "'two' is not a whole number" in found.ollama.max_loaded_models.detail


async def test_usual_locations_are_searched(tmp_path: Path, bin_dir: Path) -> None:
    elsewhere = tmp_path / "Applications"
    elsewhere.mkdir()
    binary = fake_ollama(elsewhere, running=False)
    found = await detect(
        probe(tmp_path, bin_dir, f"127.0.0.1:{free_port()}", ollama_locations=(str(binary),))
    )
    assert found.ollama.binary.value == str(binary)
    assert found.ollama.binary.confidence == "medium"


def test_port_state() -> None:
    assert port_state("127.0.0.1", free_port()) == "free"


def test_api_show_model_info_gives_the_shape() -> None:
    """``/api/show`` ``model_info`` sizes the KV cache; ``/api/tags`` ``size`` is the file."""
    entry = {"name": "qwen2.5-coder:7b", "size": 4_683_087_332, "details": {"family": "qwen2"}}
    shown = {
        "capabilities": ["completion", "tools"],
        "model_info": {
            "general.architecture": "qwen2",
            "qwen2.block_count": 28,
            "qwen2.attention.head_count": 28,
            "qwen2.attention.head_count_kv": 4,
            "qwen2.embedding_length": 3584,
            "qwen2.context_length": 32768,
        },
    }
    model = _installed(entry, shown)
    assert model.size_bytes == 4_683_087_332
    assert model.context_length == 32768
    assert model.shape == ModelShape("qwen2", 28, 28, 4, 3584, 32768)
    assert model.as_dict()["shape"]["headCountKv"] == 4
    assert _installed(entry, {}).shape is None  # an old Ollama, or /api/show failed


async def test_the_servers_context_length_as_this_shell_sees_it(
    tmp_path: Path, bin_dir: Path
) -> None:
    env = env_for(
        bin_dir, tmp_path, ollama_host=f"127.0.0.1:{free_port()}", OLLAMA_CONTEXT_LENGTH="32768"
    )
    found = await detect(Probe(env=env, ollama_locations=(), timeout_s=2))
    assert (found.ollama.context_length.value, found.ollama.context_length.source) == (
        32768,
        "env",
    )
    unset = await detect(probe(tmp_path, bin_dir, f"127.0.0.1:{free_port()}"))
    assert (unset.ollama.context_length.value, unset.ollama.context_length.source) == (
        0,
        "default",
    )

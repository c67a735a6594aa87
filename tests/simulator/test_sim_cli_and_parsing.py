"""``oar simulate`` as a real subprocess, and the small parsers behind its flags."""

from __future__ import annotations

import math
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from ollama_agent_router.cli.app import app
from ollama_agent_router.simulator import (
    FaultKind,
    SimulatorSettings,
    parse_fault,
    parse_model_flag,
)
from ollama_agent_router.simulator.durations import DurationError, parse_keep_alive


@pytest.mark.slow
def test_oar_simulate_serves_until_terminated() -> None:
    command = [
        sys.executable, "-m", "ollama_agent_router", "simulate",
        "--port", "0", "--instant", "--seed", "1", "--model", "tiny:1b=0.5",
    ]  # fmt: skip
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as proc:
        _check_serving(proc)


def _check_serving(proc: subprocess.Popen[str]) -> None:
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 20
        url = None
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
            found = re.search(r"running on (http://\S+)", line)
            url = found.group(1) if found else None
        assert url is not None, "the simulator never said where it listens"
        tags = httpx.get(f"{url}/api/tags", timeout=5).json()
        assert [m["name"] for m in tags["models"]] == ["tiny:1b"]
    finally:
        proc.terminate()
        # uvicorn shuts down cleanly, then re-raises SIGTERM so the exit status tells why.
        assert proc.wait(timeout=10) in (0, -signal.SIGTERM)


@pytest.mark.parametrize(
    ("text", "kind", "field", "value"),
    [
        ("500", FaultKind.ERROR, "status", 500),
        ("error=503", FaultKind.ERROR, "status", 503),
        ("delay=200", FaultKind.DELAY, "delay_ms", 200),
        ("cut=3", FaultKind.CUT, "after_chunks", 3),
        ("refuse,times=2", FaultKind.REFUSE, "times", 2),
        ("hang,model=qwen2.5-coder:7b", FaultKind.HANG, "model", "qwen2.5-coder:7b"),
        ("500,path=/api/tags", FaultKind.ERROR, "paths", ("/api/tags",)),
    ],
)
def test_parse_fault(text: str, kind: FaultKind, field: str, value: object) -> None:
    spec = parse_fault(text)
    assert spec.kind is kind
    assert getattr(spec, field) == value


@pytest.mark.parametrize("text", ["", "explode", "refuse=1", "delay=x", "500,times=0", "200"])
def test_parse_fault_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_fault(text)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, 300.0),
        ("5m", 300.0),
        ("1h30m", 5400.0),
        ("150ms", 0.15),
        ("0", 0.0),
        (0, 0.0),
        (42, 42.0),
        (-1, math.inf),
        ("-1m", math.inf),
    ],
)
def test_parse_keep_alive(value: object, seconds: float) -> None:
    assert parse_keep_alive(value, 300.0) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["-1", "5", "m", "5x", True, [1]])
def test_parse_keep_alive_rejects(value: object) -> None:
    with pytest.raises(DurationError):
        parse_keep_alive(value, 300.0)


def test_parse_model_flag() -> None:
    model = parse_model_flag("ns/name:7b=4.7@8192")
    assert (model.name, model.size_gb, model.default_context) == ("ns/name:7b", 4.7, 8192)
    with pytest.raises(ValueError, match="NAME=SIZE_GB"):
        parse_model_flag("nosize")


@pytest.mark.parametrize(
    ("args", "config", "expected"),
    [
        ([], None, (None, "f16", 0, 1, 3)),
        (
            ["--context-length", "8192", "--kv-cache-type", "q8_0", "--gpu-overhead-mb", "512"],
            None,
            (8192, "q8_0", 512, 1, 3),
        ),
        # an explicit config's ollama section is the server's environment
        (
            [],
            "ollama: {contextLength: 16384, kvCacheType: q4_0, numParallel: 2}\n",
            (16384, "q4_0", 0, 2, 3),
        ),
        (
            ["--parallel", "4", "--max-loaded", "0"],
            "ollama: {numParallel: 2}\n",
            (None, "f16", 0, 4, 0),
        ),
    ],
)
def test_simulate_flags_are_ollamas_environment(
    args: list[str],
    config: str | None,
    expected: tuple[object, ...],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """``--context-length`` (OLLAMA_CONTEXT_LENGTH), ``--kv-cache-type``
    (OLLAMA_KV_CACHE_TYPE), ``--gpu-overhead-mb`` (OLLAMA_GPU_OVERHEAD), ``--parallel``,
    ``--max-loaded``; flags win over the config."""
    seen: list[SimulatorSettings] = []
    monkeypatch.setattr("ollama_agent_router.simulator.server.serve", seen.append)
    if config is not None:
        path = tmp_path / "c.yaml"
        path.write_text(config + "models: [{name: qwen2.5-coder:7b, sizeGb: 4.7}]\n")
        args = [*args, "--config", str(path)]
    result = CliRunner().invoke(app, ["simulate", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    (settings,) = seen
    assert (
        settings.context_length,
        settings.kv_cache_type,
        settings.gpu_overhead_mb,
        settings.parallel,
        settings.max_loaded,
    ) == expected
